"""Outside resources: every attribute or style in built HTML and CSS that makes the browser
fetch something must stay on the site (the intranet has no route out).

Built pages are read by kb.page_scan (html5ever, as a browser reads them); this module says which
URLs leave the site, in attributes and in CSS.
"""
from __future__ import annotations

import html.parser
import re

URL_SCHEMES = {"http", "https", "mailto", "tel"}
# Schemes a browser fetches from or runs. nh3 drops URLs of any scheme it is
# not told about before anyone sees them; those load nothing.
LOADED_SCHEMES = {"javascript", "vbscript", "data", "blob", "file", "ftp", "ws", "wss", "filesystem", "http", "https"}
TAG_NAME = re.compile(r"<([a-zA-Z][^\s/>]*)")


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


def ascii_lower(text: str) -> str:
    """`text` with A-Z lowered, and every position in it the same position in `text`.

    HTML names are case-insensitive in ASCII only. str.lower() is the fast way there, but
    it turns İ (U+0130, as in a Turkish name) into two characters, shifting every later
    position (the theme's scripts were then not found and the build failed), and the
    Kelvin sign into k; a text with either is lowered letter by letter.
    """
    lowered = text.lower()
    if len(lowered) == len(text) and "\u212a" not in text:
        return lowered
    return text.translate(_ASCII_LOWER)


_ASCII_LOWER = {code: code + 32 for code in range(ord("A"), ord("Z") + 1)}


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


def style_loads(text: str) -> list[tuple[int, str, str]]:
    """(line, what, why) for each outside URL in the <style> elements of an HTML page."""
    scanner = _LoadScanner()
    scanner.feed(text)
    scanner.close()
    return scanner.found


def attribute_loads(tag: str, name: str, value: str, own: str):
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


# --- helpers -----------------------------------------------------------------------

def _scheme(url: str) -> str | None:
    # Browsers drop tabs, newlines and leading controls before parsing a URL.
    match = _SCHEME.match(_CONTROL.sub("", url))
    return match.group(1).lower() if match else None


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
