"""What may reach a page: the HTML allow-list, the scan for outside resources, inline scripts.

- `html_problems`: nh3 (ammonia) cleans the page's HTML with our allow-list;
  anything it removes or changes is a problem. The allow-list is what our
  Markdown extensions produce (admonition, attr_list, md_in_html, def_list,
  tables, details, superfences, toc permalinks), plus, on generated pages,
  what our macros produce.
- `external_loads`: every attribute or style in built HTML and CSS that makes
  the browser fetch something must stay on the site.
- `inline_scripts`: the theme's inline scripts, so they can be moved to files
  and the Content-Security-Policy can say script-src 'self'.
"""
from __future__ import annotations

import dataclasses
import html.parser
import re
import typing

import nh3

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

URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Schemes a browser fetches from or runs. nh3 drops URLs of any scheme it is
# not told about before anyone sees them; those load nothing.
LOADED_SCHEMES = {"javascript", "vbscript", "data", "blob", "file", "ftp", "ws", "wss", "filesystem", "http", "https"}
_TAG_NAME = re.compile(r"<([a-zA-Z][^\s/>]*)")


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
    tags = MACRO_TAGS if generated else MARKDOWN_TAGS
    forced = MACRO_FORCED if generated else MARKDOWN_FORCED
    attributes = MACRO_ATTRIBUTES if generated else MARKDOWN_ATTRIBUTES
    cleaned = nh3.clean(
        fragment,
        tags=tags,
        clean_content_tags={"script", "style"} - tags,
        attributes={**attributes, "*": attributes["*"] | SITE_DATA_ATTRIBUTES | (MACRO_DATA if generated else MARKDOWN_DATA)},
        set_tag_attribute_values=forced,
        generic_attribute_prefixes={"aria-"},
        url_schemes=URL_SCHEMES,
        attribute_filter=None if generated else _stays_on_site,
        strip_comments=True,
        link_rel=None,
    )
    kept = nh3.clean(
        fragment,
        # Every tag name in the fragment (a superset is harmless), and every attribute.
        tags=tags | ALL_TAGS | {name.lower() for name in _TAG_NAME.findall(fragment)},
        clean_content_tags=set(),
        generic_attribute_prefixes={""},
        url_schemes=URL_SCHEMES | LOADED_SCHEMES,
        strip_comments=True,
        link_rel=None,
    )
    if cleaned == kept:
        return Cleaned(cleaned, [], kept)
    before, after = _elements(kept), _elements(cleaned)
    problems = _differences(before, after, forced)
    # The same elements with the same attributes, written in another order, is the same page.
    if problems == [UNKNOWN] and before == after:
        problems = []
    return Cleaned(cleaned, problems, kept)


def html_problems(fragment: str, generated: bool = False) -> list[Problem]:
    """Everything in `fragment` that the allow-list removes or changes, in document order."""
    return clean_page(fragment, generated).problems


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
RESERVED_DATA_PREFIXES = ("data-md-", "data-kb-")
SITE_DATA_ATTRIBUTES = {
    "data-best", "data-category", "data-check", "data-checker", "data-checker-copy", "data-checker-input", "data-checker-issues",
    "data-checker-output", "data-checker-summary", "data-copy", "data-copy-all", "data-download", "data-feedback", "data-greeting",
    "data-greeting-line", "data-greeting-why", "data-issue", "data-kind", "data-label", "data-line",
    "data-message", "data-mode", "data-mode-button", "data-mode-hint", "data-option", "data-option-text",
    "data-new-call", "data-options", "data-ph", "data-ph-form", "data-ph-input", "data-ph-status", "data-print", "data-question", "data-quiz",
    "data-quiz-key", "data-rank", "data-ready", "data-result", "data-retake", "data-review-wrong", "data-rule",
    "data-rule-filter", "data-score", "data-severity", "data-submit", "data-swap", "data-truncated", "data-type",
}


def reserved_names(fragment: str) -> list[Problem]:
    """Every id, name or data attribute in `fragment` that the theme or our scripts look up."""
    problems = []
    for tag, attrs in _elements(fragment):
        for name, value in attrs.items():
            if name in ("id", "name") and (value or "").strip().lower().startswith(RESERVED_ID_PREFIXES):
                problems.append(Problem(tag, name, _normal_value(value)))
            elif name in SITE_DATA_ATTRIBUTES or name.startswith(RESERVED_DATA_PREFIXES):
                problems.append(Problem(tag, name, _normal_value(value)))
    return problems


def line_of(source: str, needles: list[str], start: int = 0) -> tuple[int, int]:
    """(line, offset) of the first needle found in `source` at or after `start`; (0, start) if none."""
    lowered = source.lower()
    for needle in needles:
        position = lowered.find(needle.lower(), start)
        if position != -1:
            return source.count("\n", 0, position) + 1, position
    return 0, start


def locate(source: str, problem: Problem, start: int = 0) -> tuple[int, int]:
    """(line, offset) of the earliest text of `problem` at or after `start`.

    The earliest of its specific snippets wins (not the first one in the list), so
    a javascript: link written as Markdown on line 3 is not reported on line 5,
    where an <a href="javascript:…"> with the same value happens to be.
    Falls back to its fallback snippets, then to the whole file; (0, start) if none.
    """
    lowered = source.lower()
    for needles in problem.snippets():
        found = [p for p in (lowered.find(n.lower(), start) for n in needles if n) if p != -1]
        if found:
            position = min(found)
            return source.count("\n", 0, position) + 1, position
    return (locate(source, problem) if start else (0, start))


# --- outside resources ---------------------------------------------------------

# Attributes whose URL the browser fetches (or navigates to without a click).
LOADING_ATTRIBUTES = {"src", "srcset", "poster", "data", "action", "formaction", "background", "xlink:href",
                      "ping", "manifest", "codebase", "archive", "longdesc", "lowsrc", "dynsrc", "icon",
                      "imagesrcset"}
# href loads on <link>, <base>, and <image>/<use>/<feImage> in SVG; on <a> only javascript: matters.
HREF_LOADS = {"link", "base", "image", "use", "feimage", "script"}
WATCHED_ATTRIBUTES = LOADING_ATTRIBUTES | {"href", "xlink:href", "style", "content"}
ALL_TAGS = {
    "a", "abbr", "address", "area", "article", "aside", "audio", "b", "base", "bdi", "bdo", "blockquote", "body",
    "br", "button", "canvas", "caption", "cite", "code", "col", "colgroup", "data", "datalist", "dd", "del",
    "details", "dfn", "dialog", "div", "dl", "dt", "em", "embed", "fieldset", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "i", "iframe", "img",
    "input", "ins", "kbd", "label", "legend", "li", "link", "main", "map", "mark", "menu", "meta", "meter", "nav",
    "noscript", "object", "ol", "optgroup", "option", "output", "p", "param", "picture", "pre", "progress", "q",
    "rp", "rt", "ruby", "s", "samp", "search", "section", "select", "slot", "small", "source", "span", "strong",
    "sub", "summary", "sup", "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "time",
    "title", "tr", "track", "u", "ul", "var", "video", "wbr", "frame", "frameset", "applet", "bgsound", "marquee",
    "image", "isindex", "layer", "ilayer", "xmp", "listing", "plaintext", "font", "center", "portal", "fencedframe",
    "svg", "use", "feImage", "feimage", "filter", "pattern", "mask", "clipPath", "foreignObject", "g", "defs",
    "symbol", "path", "rect", "circle", "text", "tspan", "textPath", "animate", "set", "script", "style", "math",
}
# data: URLs fetch nothing; images and CSS may use them (Material's icons do).
DATA_ALLOWED = {("img", "src"), ("img", "srcset"), ("source", "srcset"), ("css", "url")}

_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.\-]*):")
_CSS_URL = re.compile(r"""url\(\s*(?:"([^"]*)"|'([^']*)'|([^)\s]*))\s*\)""", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"""@import\s+(?:"([^"]*)"|'([^']*)')""", re.IGNORECASE)
_CSS_IMAGE_SET = re.compile(r"""image-set\(([^)]*)\)""", re.IGNORECASE)
_CSS_STRING = re.compile(r""""([^"]*)"|'([^']*)'""")
_SRCSET_SPLIT = re.compile(r",\s+|,(?=\S)")
_REFRESH = re.compile(r"^\s*\d*\.?\d*\s*[;,]?\s*url\s*=\s*['\"]?([^'\"]+)", re.IGNORECASE)
_CONTROL = re.compile(r"[\x00-\x20]")
# A start tag, quotes respected (a ">" inside an attribute value does not end it).
_START_TAG = re.compile(r"""<script(?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*/?>""",
                        re.IGNORECASE)


def outside_url(url: str, context: tuple[str, str]) -> str | None:
    """Why `url` leaves the site, or None when it stays (relative, or an allowed data: URL)."""
    if _CONTROL.sub("", url).startswith(("//", "\\\\", "/\\", "\\/")):
        return "指向另一台主机"
    scheme = _scheme(url)
    if scheme is None:
        return None
    if scheme == "javascript":
        return "是 javascript: 地址"
    if scheme == "data":
        return None if context in DATA_ALLOWED else "是 data: 地址（只允许用于图片和 CSS）"
    return f"带有协议（{scheme}:），指向站外"


def external_loads_in_css(css: str) -> list[tuple[int, str, str]]:
    """(line, url, why) for each url(), @import or image-set() in `css` that leaves the site."""
    found = []
    for pattern in (_CSS_URL, _CSS_IMPORT):
        for match in pattern.finditer(css):
            url = next(group for group in match.groups() if group is not None)
            why = outside_url(url, ("css", "url"))
            if why:
                found.append((css.count("\n", 0, match.start()) + 1, url, why))
    for match in _CSS_IMAGE_SET.finditer(css):
        for string in _CSS_STRING.finditer(match.group(1)):
            url = string.group(1) if string.group(1) is not None else string.group(2)
            why = outside_url(url, ("css", "url"))
            if why:
                found.append((css.count("\n", 0, match.start()) + 1, url, why))
    return sorted(found)


def external_loads_in_html(text: str, own: str = "") -> list[tuple[int, str, str]]:
    """(line, what, why) for each attribute, style or refresh in an HTML page that leaves the site.

    URLs under `own` (the site_url, as in the canonical link) are the site itself.
    nh3 parses the page like a browser and reports every watched attribute;
    pages with a <style> element get the (slower) full scan of its text too.
    """
    seen: list[tuple[str, str, str]] = []
    nh3.clean(text, tags=ALL_TAGS, clean_content_tags=set(), attributes={"*": WATCHED_ATTRIBUTES},
              attribute_filter=lambda tag, name, value: seen.append((tag.lower(), name, value)) or value,
              url_schemes=URL_SCHEMES | LOADED_SCHEMES, strip_comments=True, link_rel=None)
    found, cursor = [], 0
    for tag, name, value in seen:
        for what, why in _attribute_loads(tag, name, value, own):
            # Attributes come in document order: look for each value after the last one found.
            quoted = [p for p in (text.find(f'"{value}"', cursor), text.find(f"'{value}'", cursor)) if p >= 0]
            position = min(quoted) if quoted else text.find(value, cursor)
            cursor = position + 1 if position >= 0 else cursor
            found.append((text.count("\n", 0, position) + 1 if position >= 0 else 0, what, why))
    if "<style" in text.lower():
        scanner = _LoadScanner()
        scanner.feed(text)
        scanner.close()
        found += [item for item in scanner.found if item[1].startswith("<style>")]
    return sorted(found)


def _attribute_loads(tag: str, name: str, value: str, own: str):
    """(what, why) for each outside URL in one attribute."""
    urls = []
    if name in LOADING_ATTRIBUTES:
        urls = [part.strip().split()[0] for part in _SRCSET_SPLIT.split(value) if part.strip()] \
            if name.endswith("srcset") else [value]
    elif name in ("href", "xlink:href"):
        if tag in HREF_LOADS or _scheme(value) == "javascript":
            urls = [value]
    elif name == "style":
        for _, url, why in external_loads_in_css(value):
            yield f"<{tag}> 的 style 中的 {url}", why
    elif name == "content" and tag == "meta":
        match = _REFRESH.match(value)
        urls = [match.group(1).strip()] if match else []
    for url in urls:
        why = None if own and url.startswith(own) else outside_url(url, (tag, name))
        if why:
            yield f"<{tag}> 的属性 {name}=\"{url}\"", why


# --- inline scripts --------------------------------------------------------------

def inline_scripts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of each inline classic script: start/end span the whole element.

    A script ends at the first "</script" (HTML's rule). One this misses stays
    inline, where the Content-Security-Policy blocks it: it fails safe.
    """
    lowered, result, position = text.lower(), [], 0
    while (start := lowered.find("<script", position)) != -1:
        tag = _START_TAG.match(text, start)
        close = lowered.find("</script", tag.end()) if tag else -1
        if close == -1:
            break
        end = text.find(">", close) + 1 or len(text)
        finder = _ScriptFinder()
        finder.feed(tag.group(0))
        if finder.runnable:
            result.append((start, end, text[tag.end():close]))
        position = end
    return result


# The theme's own inline scripts: each <script> in its templates becomes a pattern
# where a Jinja expression may only be a string without quotes, backslashes or
# angle brackets (all it ever is: a URL or a path). Anything else that is inline
# -- in page content, nav or titles -- matches no pattern and stays where it is.
_TEMPLATE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)
_JINJA_EXPRESSION = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_JINJA_VALUE = r"[^\"'<>\\\n]*"
_EVENT_ATTRIBUTE = re.compile(r"on[a-z]")


def theme_script_patterns(templates: list[str]) -> list[re.Pattern]:
    """One pattern per inline <script> in the theme's templates (their text, Jinja and all).

    A script with a Jinja statement ({% %}) or a comment inside is left out: its shape
    cannot be pinned down, and one left out only stays inline and fails the build.
    """
    patterns = []
    for template in templates:
        for match in _TEMPLATE_SCRIPT.finditer(template):
            code = match.group(1)
            if "{%" in code or "{#" in code:
                continue
            parts = _JINJA_EXPRESSION.split(code)
            patterns.append(re.compile(_JINJA_VALUE.join(re.escape(part) for part in parts), re.DOTALL))
    return patterns


def is_theme_script(code: str, patterns: list[re.Pattern]) -> bool:
    return any(pattern.fullmatch(code) for pattern in patterns)


def runnable_markup(text: str) -> list[tuple[int, str]]:
    """(line, what) for every inline script that could run and every event attribute (on*=).

    html5ever (nh3) finds them, as a browser would. Only <script type="application/json">
    (data) and <script src> (files, held to 'self' by the Content-Security-Policy) are left out.
    """
    handlers: list[tuple[str, str, str]] = []
    names = ALL_TAGS | {name.lower() for name in _TAG_NAME.findall(text)}
    nh3.clean(text, tags=names, clean_content_tags=set(), attributes={}, generic_attribute_prefixes={"on"},
              attribute_filter=lambda tag, name, value: handlers.append((tag, name, value)) or value,
              url_schemes=URL_SCHEMES | LOADED_SCHEMES, strip_comments=True, link_rel=None)
    found, cursor = [], 0
    for tag, name, value in handlers:
        if not _EVENT_ATTRIBUTE.match(name):
            continue
        position = text.lower().find(name, cursor)
        cursor = position + 1 if position >= 0 else cursor
        shown = value[:60] + "…" if len(value) > 60 else value
        found.append((_line_at(text, position), f"<{tag}> 的事件属性 {name}=\"{shown}\""))
    # Only script elements stay elements; everything else becomes escaped text, so the
    # start tags below are html5ever's own serialisation, attributes quoted with ".
    scripts = nh3.clean(text, tags={"script"}, clean_content_tags=set(), attributes={"script": {"src", "type"}},
                        url_schemes=URL_SCHEMES | LOADED_SCHEMES, strip_comments=True, link_rel=None)
    cursor = 0
    for match in _SERIALISED_SCRIPT.finditer(scripts):
        attrs = dict(_SERIALISED_ATTRIBUTE.findall(match.group(1)))
        position = text.lower().find("<script", cursor)
        cursor = position + 1 if position >= 0 else cursor
        if "src" not in attrs and attrs.get("type", "").strip().lower() != "application/json":
            found.append((_line_at(text, position), "内联 <script>"))
    return sorted(found)


_SERIALISED_SCRIPT = re.compile(r'<script((?: [^\s="]+="[^"]*")*)>')
_SERIALISED_ATTRIBUTE = re.compile(r' ([^\s="]+)="([^"]*)"')


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1 if position >= 0 else 0


# --- helpers -----------------------------------------------------------------------

def _scheme(url: str) -> str | None:
    # Browsers drop tabs, newlines and leading controls before parsing a URL.
    match = _SCHEME.match(_CONTROL.sub("", url))
    return match.group(1).lower() if match else None


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


class _LoadScanner(html.parser.HTMLParser):
    """The text of <style> elements, scanned as CSS."""
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[int, str, str]] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            line = self.getpos()[0]
            for css_line, url, why in external_loads_in_css(data):
                self.found.append((line + css_line - 1, f"<style> 中的 {url}", why))


class _ScriptFinder(html.parser.HTMLParser):
    """Fed one <script> start tag: does it run inline code (no src, a JavaScript type)?

    It only decides which of the theme's own scripts move to files; whatever it gets
    wrong stays inline, where runnable_markup (html5ever) finds it and fails the build.
    """
    RUNNABLE = {"", "text/javascript", "application/javascript", "module"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runnable = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.runnable = "src" not in values and (values.get("type") or "").strip().lower() in self.RUNNABLE
