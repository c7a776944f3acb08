"""What in a built page could run, and what would load from outside, found in one html5ever pass.

nh3 (html5ever, a browser's parser) reads the page once, keeping every tag, and
hands over, in document order, every event attribute (on*=), every attribute
that can load something, and each <script>'s src and type. A marker attribute
that nh3 adds to every <script> after its own attributes closes each script's
list, so a script with no attributes at all is seen too.
"""
from __future__ import annotations

import re
import typing

import nh3

from kb.outside import (ALL_TAGS, LOADED_SCHEMES, TAG_NAME, URL_SCHEMES, WATCHED_ATTRIBUTES, ascii_lower,
                        attribute_loads, style_loads)

_SCRIPT_END = "data-kb-script-end"
_EVENT_ATTRIBUTE = re.compile(r"on[a-z]")
# Where ascii_lower(text) has "<script" or "<style", found without lowering the whole page.
_SCRIPT_OPEN = re.compile(r"<script", re.IGNORECASE | re.ASCII)
_STYLE_OPEN = re.compile(r"<style", re.IGNORECASE | re.ASCII)


class Findings(typing.NamedTuple):
    runnable: list[tuple[int, str]]       # (line, what): inline scripts and event attributes
    loads: list[tuple[int, str, str]]     # (line, what, why): URLs that leave the site


def scan(text: str, own: str = "") -> Findings:
    """Everything in `text` that could run or load from outside; URLs under `own` are the site itself.

    Only <script type="application/json"> (data) and <script src> (files, held to
    'self' by the Content-Security-Policy) do not count as runnable.
    """
    seen: list[tuple[str, str, str]] = []
    # Each name lowered once, not each of a page's thousands of tags.
    nh3.clean(text, tags=ALL_TAGS | {name.lower() for name in set(TAG_NAME.findall(text))}, clean_content_tags=set(),
              attributes={"*": WATCHED_ATTRIBUTES, "script": {"src", "type"}}, generic_attribute_prefixes={"on"},
              set_tag_attribute_values={"script": {_SCRIPT_END: ""}},
              attribute_filter=lambda tag, name, value: seen.append((tag.lower(), name, value)) or value,
              url_schemes=URL_SCHEMES | LOADED_SCHEMES, strip_comments=True, link_rel=None)
    lowered = None  # only a page with an event attribute needs it
    runnable, loads = [], []
    handler_at = script_at = load_at = 0
    script: dict[str, str] = {}
    for tag, name, value in seen:
        if name == _SCRIPT_END:
            found = _SCRIPT_OPEN.search(text, script_at)
            position = found.start() if found else -1
            script_at = position + 1 if position >= 0 else script_at
            if "src" not in script and script.get("type", "").strip().lower() != "application/json":
                runnable.append((_line_at(text, position), "内联 <script>"))
            script = {}
            continue
        if tag == "script" and name in ("src", "type"):
            script[name] = value
        if _EVENT_ATTRIBUTE.match(name):
            lowered = ascii_lower(text) if lowered is None else lowered
            position = lowered.find(name, handler_at)
            handler_at = position + 1 if position >= 0 else handler_at
            shown = value[:60] + "…" if len(value) > 60 else value
            runnable.append((_line_at(text, position), f"<{tag}> 的事件属性 {name}=\"{shown}\""))
            continue
        for what, why in attribute_loads(tag, name, value, own):
            # Attributes come in document order: look for each value after the last one found.
            quoted = [p for p in (text.find(f'"{value}"', load_at), text.find(f"'{value}'", load_at)) if p >= 0]
            position = min(quoted) if quoted else text.find(value, load_at)
            load_at = position + 1 if position >= 0 else load_at
            loads.append((_line_at(text, position), what, why))
    if _STYLE_OPEN.search(text):
        loads += style_loads(text)
    return Findings(sorted(runnable), sorted(loads))


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, position) + 1 if position >= 0 else 0
