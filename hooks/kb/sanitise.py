"""What may reach a page: the HTML allow-list, and the check of a page against it.

`clean_page`: nh3 (ammonia, on html5ever) cleans the page's HTML with our
allow-list, and the result is what gets published; anything it removes or
changes is a problem. The allow-list is what our Markdown extensions produce
(admonition, attr_list, md_in_html, def_list, tables, details, superfences,
toc permalinks), plus, on generated pages, what our macros produce.
Outside resources are kb.outside's job, scripts in built pages kb.theme_scripts'.
"""
from __future__ import annotations

import dataclasses
import html.parser
import re
import typing

import nh3

from kb.outside import ALL_TAGS, LOADED_SCHEMES, TAG_NAME, URL_SCHEMES, ascii_lower, outside_url

# --- the allow-list ------------------------------------------------------------

MARKDOWN_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del", "details",
    "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img",
    "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var",
    # The home page's greeting widget (macros/cards.html) has a copy button.
    "button",
}
MARKDOWN_ATTRIBUTES = {
    # md_in_html leaves markdown="0" on blocks it did not parse.
    "*": {"id", "class", "title", "lang", "dir", "hidden", "role", "markdown"},
    "a": {"href", "name"},
    "img": {"src", "alt", "width", "height"},
    # mkdocs.yml sets tables.use_align_attribute: no style attribute anywhere,
    # so the Content-Security-Policy can refuse inline styles.
    "th": {"align", "colspan", "rowspan"},
    "td": {"align", "colspan", "rowspan"},
    "col": {"span"},
    "colgroup": {"span"},
    "details": {"open"},
    "ol": {"start", "type", "reversed"},
    "li": {"value"},
    "time": {"datetime"},
    "button": {"type"},
}
# Forced values: nh3 sets them, so a missing or different value shows up as a change.
MARKDOWN_FORCED = {"button": {"type": "button"}}

# Generated pages (cards, rules, quizzes) also hold the macros' forms and the
# quiz key, which is JSON data and never runs.
MACRO_TAGS = MARKDOWN_TAGS | {"article", "section", "form", "fieldset", "legend", "label", "input", "textarea",
                              "script"}
MACRO_ATTRIBUTES = {
    **MARKDOWN_ATTRIBUTES,
    "input": {"type", "name", "value", "placeholder", "autocomplete", "checked"},
    "textarea": {"rows", "placeholder"},
    "label": {"for"},
    "script": {"type"},
}
MACRO_FORCED = {**MARKDOWN_FORCED, "script": {"type": "application/json"}}

@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing the allow-list refused: a tag, or an attribute of a tag."""
    tag: str
    attribute: str | None = None
    value: str | None = None
    expected: str | None = None

    def describe(self) -> str:
        if self.attribute is None:
            return f"标签 <{self.tag}>"
        if self.expected is not None:
            return f"<{self.tag}> 的属性 {self.attribute} 应为 \"{self.expected}\""
        value = self.value if self.value is not None else ""
        if len(value) > 60:
            value = value[:60] + "…"
        return f"<{self.tag}> 的属性 {self.attribute}=\"{value}\""

    def snippets(self) -> list[list[str]]:
        """Text for finding this problem in its source file, in tiers: the first tier found wins.

        First the problem as written: the attribute with its value (raw HTML or
        attr_list), a Markdown link's target, attr_list's #id, a bare attribute's
        name. Then its value alone, then any such attribute or tag.
        """
        if self.attribute is None:
            return [[f"<{self.tag}"]]
        value = (self.value or "").strip()[:40]
        if not value:
            return [[self.attribute], [f"<{self.tag}"]]
        written = [f'{self.attribute}="{value}', f"{self.attribute}='{value}", f"{self.attribute}={value}"]
        if self.attribute in ("href", "src"):
            written += [f"]({value}", f"<{value}"]
        if self.attribute == "id":
            written.append(f"#{value}")
        return [written, [value], [f"{self.attribute}=", f"<{self.tag}"]]


UNKNOWN = Problem("（无法辨认的标记）")


class Cleaned(typing.NamedTuple):
    html: str                # what is published
    problems: list[Problem]  # what the allow-list refused
    parsed: str              # the page as html5ever read it, every tag and attribute kept


def clean_page(fragment: str, generated: bool = False) -> Cleaned:
    """What is published of one page's HTML, what the allow-list refused, and what the author wrote.

    One parser decides: nh3 (html5ever, a browser's parser) reads the page twice,
    once with our allow-list and once keeping every tag and attribute. The page is
    published as the allow-listed pass wrote it, never as the author wrote it; any
    difference between the two passes is a problem. Both sides are html5ever's own
    serialisation, so comparing their elements cannot be fooled by markup that
    another parser reads differently (a comment ended by --!> is one).
    """
    return compared(allow_listed(fragment, generated), as_parsed(fragment, generated), generated)


def allow_listed(fragment: str, generated: bool = False) -> str:
    tags = MACRO_TAGS if generated else MARKDOWN_TAGS
    attributes = MACRO_ATTRIBUTES if generated else MARKDOWN_ATTRIBUTES
    return nh3.clean(
        fragment,
        tags=tags,
        clean_content_tags={"script", "style"} - tags,
        attributes={**attributes, "*": attributes["*"] | SITE_DATA_ATTRIBUTES | (MACRO_DATA if generated else MARKDOWN_DATA)},
        set_tag_attribute_values=MACRO_FORCED if generated else MARKDOWN_FORCED,
        generic_attribute_prefixes={"aria-"},
        url_schemes=URL_SCHEMES,
        # Also on generated pages: the built-page scan leaves the published content out (hooks/safety.py).
        attribute_filter=_stays_on_site if runs_python(fragment) else None,
        strip_comments=True,
        link_rel=None,
    )


def runs_python(fragment: str) -> bool:
    """Whether allow_listed() calls _stays_on_site (src and srcset only; html5ever lowercases names)."""
    return "src" in fragment.lower()


def as_parsed(fragment: str, generated: bool = False) -> str:
    """The page as html5ever reads it, every tag (a superset is harmless) and attribute kept.
    No Python runs during this pass, so other threads run meanwhile (hooks/safety.py)."""
    return nh3.clean(
        fragment,
        tags=(MACRO_TAGS if generated else MARKDOWN_TAGS) | ALL_TAGS | {name.lower() for name in set(TAG_NAME.findall(fragment))},
        clean_content_tags=set(),
        generic_attribute_prefixes={""},
        url_schemes=URL_SCHEMES | LOADED_SCHEMES,
        strip_comments=True,
        link_rel=None,
    )


def compared(cleaned: str, kept: str, generated: bool = False) -> Cleaned:
    """What the allow-listed pass `cleaned` dropped or changed of the fully kept pass `kept`."""
    if cleaned == kept:
        return Cleaned(cleaned, [], kept)
    forced = MACRO_FORCED if generated else MARKDOWN_FORCED
    before, after = _elements(kept), _elements(cleaned)
    problems = _differences(before, after, forced)
    # The same elements with the same attributes, written in another order, is the same page.
    if problems == [UNKNOWN] and before == after:
        problems = []
    return Cleaned(cleaned, problems, kept)


def _stays_on_site(tag: str, name: str, value: str) -> str | None:
    # A handbook image from another host fails here, at its source line, not after the build.
    if name in ("src", "srcset") and outside_url(value.strip().split()[0] if value.strip() else "", (tag, name)):
        return None
    return value


def _differences(before: list, after: list, forced: dict) -> list[Problem]:
    """What the allow-listed pass dropped or changed, element by element (both lists from html5ever output)."""
    problems, j = [], 0
    for tag, attrs in before:
        # The HTML5 parser may add elements (a tbody); skip those, never ours.
        k = next((k for k in range(j, len(after)) if after[k][0] == tag), None)
        if k is None:
            problems.append(Problem(tag))
            continue
        j = k + 1
        kept = after[k][1]
        for name, value in attrs.items():
            if name in forced.get(tag, {}):
                continue
            if name not in kept or _normal_value(kept[name]) != _normal_value(value):
                problems.append(Problem(tag, name, value))
        for name, value in forced.get(tag, {}).items():
            if attrs.get(name) != value:
                problems.append(Problem(tag, name, attrs.get(name), expected=value))
    # Text alone differs only in the content of a dropped element, and that element is named above;
    # should nothing be named, the page still does not pass as it was written.
    return problems or [UNKNOWN]


# Data attributes are allow-listed, not prefix-matched: the theme's bundle acts on some
# (data-clipboard-text puts its value on the clipboard when clicked). Handbook pages may
# carry the site's own, so that the reserved-name check below names them, and what
# Material's search understands; generated pages what macros/*.html writes
# (tests/unit/test_sanitise.py checks the macros against this list).
MARKDOWN_DATA = {"data-search-exclude"}
MACRO_DATA = {"data-card", "data-stage", "data-procedure", "data-step", "data-cheat-card", "data-search-exclude"}


# --- names the site's own code looks up ------------------------------------------

# Material finds its parts by ids starting "__" (#__config holds its settings,
# and content/assets/kb/common.js reads the first #__config too) and by
# data-md-* attributes; our scripts by the data attributes below (queried in
# content/assets/kb/*.js; tests/unit/test_sanitise.py checks the list against
# the scripts). A handbook page that uses one can stand in for the real element:
# <div id="__config">{"base": "/"}</div> before the theme's would redirect search.
RESERVED_ID_PREFIXES = ("__", "md-", "kb-")
# Classes too: cards.js takes any .kb-card for a card, and Material's bundle loads mermaid from unpkg.com for a pre.mermaid.
RESERVED_CLASSES = {"mermaid"}
RESERVED_DATA_PREFIXES = ("data-md-", "data-kb-")
SITE_DATA_ATTRIBUTES = {
    "data-best", "data-card", "data-category", "data-check", "data-checker", "data-checker-copy", "data-checker-input", "data-checker-issues",
    "data-checker-output", "data-checker-summary", "data-copy", "data-copy-all", "data-download", "data-feedback", "data-greeting",
    "data-greeting-line", "data-greeting-why", "data-issue", "data-kind", "data-label", "data-line",
    "data-message", "data-mode", "data-mode-button", "data-my-info", "data-my-info-state", "data-mode-hint", "data-mode-text", "data-keys-hint", "data-option", "data-option-text",
    "data-new-call", "data-options", "data-ph", "data-ph-form", "data-ph-input", "data-ph-status", "data-print", "data-question", "data-quiz",
    "data-quiz-key", "data-rank", "data-ready", "data-result", "data-retake", "data-review-wrong", "data-rule",
    "data-rule-filter", "data-score", "data-severity", "data-submit", "data-swap", "data-truncated", "data-type",
}
# The usage beacons' (content/assets/kb/usage.js): the card votes, the 速查卡's line numbers, and the
# cards a copy is reported for (data-card, listed above, and data-cheat-card: a handbook page's could pass for a card).
SITE_DATA_ATTRIBUTES |= {"data-vote", "data-vote-value", "data-vote-reason", "data-vote-reasons", "data-vote-status",
                         "data-line-no", "data-cheat-card"}


def reserved_names(fragment: str) -> list[Problem]:
    """Every id, name, class or data attribute in `fragment` that the theme or our scripts look up."""
    problems = []
    for tag, attrs in _elements(fragment):
        for name, value in attrs.items():
            if name in ("id", "name") and (value or "").strip().lower().startswith(RESERVED_ID_PREFIXES):
                problems.append(Problem(tag, name, _normal_value(value)))
            elif name == "class":
                problems += [Problem(tag, name, token) for token in ascii_lower(value or "").split()
                             if token in RESERVED_CLASSES or token.startswith(RESERVED_ID_PREFIXES)]
            elif name in SITE_DATA_ATTRIBUTES or name.startswith(RESERVED_DATA_PREFIXES):
                problems.append(Problem(tag, name, _normal_value(value)))
    return problems


# --- helpers -----------------------------------------------------------------------

def _normal_value(value: str | None) -> str:
    # <details open> parses as None, nh3 writes open="".
    return "" if value is None else value


class _ElementCollector(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, {name: value for name, value in attrs}))

    handle_startendtag = handle_starttag


def _elements(fragment: str) -> list[tuple[str, dict]]:
    collector = _ElementCollector()
    collector.feed(fragment)
    collector.close()
    return collector.elements
