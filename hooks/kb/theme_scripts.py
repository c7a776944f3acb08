"""Scripts in built pages: the theme's inline scripts (moved to files, so the Content-Security-Policy
can say script-src 'self'), and anything else that could run, found by nh3 (html5ever) as a browser would.
"""
from __future__ import annotations

import html.parser
import re

import nh3

from kb.outside import ALL_TAGS, LOADED_SCHEMES, TAG_NAME, URL_SCHEMES

# A start tag, quotes respected (a ">" inside an attribute value does not end it).
_START_TAG = re.compile(r"""<script(?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*/?>""",
                        re.IGNORECASE)

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
    names = ALL_TAGS | {name.lower() for name in TAG_NAME.findall(text)}
    nh3.clean(text, tags=names, clean_content_tags=set(), attributes={}, generic_attribute_prefixes={"on"},
              attribute_filter=lambda tag, name, value: handlers.append((tag, name, value)) or value,
              url_schemes=URL_SCHEMES | LOADED_SCHEMES, strip_comments=True, link_rel=None)
    found, cursor, lowered = [], 0, text.lower()
    for tag, name, value in handlers:
        if not _EVENT_ATTRIBUTE.match(name):
            continue
        position = lowered.find(name, cursor)
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
        position = lowered.find("<script", cursor)
        cursor = position + 1 if position >= 0 else cursor
        if "src" not in attrs and attrs.get("type", "").strip().lower() != "application/json":
            found.append((_line_at(text, position), "内联 <script>"))
    return sorted(found)


_SERIALISED_SCRIPT = re.compile(r'<script((?: [^\s="]+="[^"]*")*)>')
_SERIALISED_ATTRIBUTE = re.compile(r' ([^\s="]+)="([^"]*)"')


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1 if position >= 0 else 0


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
