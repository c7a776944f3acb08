"""The theme's inline scripts in built pages, moved to files so the Content-Security-Policy can say
script-src 'self'. Anything else that could run is found by kb.page_scan (html5ever, as a browser reads it).
"""
from __future__ import annotations

import html.parser
import re


# A start tag, quotes respected (a ">" inside an attribute value does not end it).
_START_TAG = re.compile(r"""<script(?:\s+[^\s/>"'=]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s>]+))?)*\s*/?>""",
                        re.IGNORECASE)
# Found case-insensitively in ASCII only, as HTML names are: the same places kb.outside.ascii_lower's
# text would show, without lowering a whole page (every built page passes through here).
_SCRIPT_OPEN = re.compile(r"<script", re.IGNORECASE | re.ASCII)
_SCRIPT_CLOSE = re.compile(r"</script", re.IGNORECASE | re.ASCII)

def inline_scripts(text: str) -> list[tuple[int, int, str]]:
    """(start, end, code) of each inline classic script: start/end span the whole element.

    A script ends at the first "</script" (HTML's rule). One this misses stays
    inline, where the Content-Security-Policy blocks it: it fails safe.
    """
    result, position = [], 0
    while opening := _SCRIPT_OPEN.search(text, position):
        start = opening.start()
        tag = _START_TAG.match(text, start)
        closing = _SCRIPT_CLOSE.search(text, tag.end()) if tag else None
        if closing is None:
            break
        close = closing.start()
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


class _ScriptFinder(html.parser.HTMLParser):
    """Fed one <script> start tag: does it run inline code (no src, a JavaScript type)?

    It only decides which of the theme's own scripts move to files; whatever it gets
    wrong stays inline, where kb.page_scan (html5ever) finds it and fails the build.
    """
    RUNNABLE = {"", "text/javascript", "application/javascript", "module"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.runnable = False

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        self.runnable = "src" not in values and (values.get("type") or "").strip().lower() in self.RUNNABLE
