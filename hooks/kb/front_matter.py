"""Front matter of handbook pages: only the keys in META_KEYS, with text where text is expected.

Material reads many more keys and prints some as raw HTML (subtitle and status in
every page's nav, icon as a file path), so every other key fails the build instead
of reaching a template. Keys outside the allow-list are dropped from page.meta, so
the page renders without them and the build reports the key, not its consequences.
"""
from __future__ import annotations

import re

TEXT_META = ("title", "description")
HIDE_VALUES = ("navigation", "toc", "footer", "path", "tags", "feedback")
SEARCH_KEYS = {"exclude": bool, "boost": (int, float)}
META_KEYS = (*TEXT_META, "hide", "search")
_META_LINE = re.compile(r"^([^\s:#][^:]*+):")


def problems(page, name: str, source: str) -> list[str]:
    """One message per front-matter key outside META_KEYS or with the wrong kind of value.

    Keys outside the allow-list are also dropped from page.meta, so the page
    renders without them and the build reports the key, not its consequences.
    """
    lines = lines_of_keys(source)
    allowed = "、".join(META_KEYS)
    messages = []

    def report(key, text):
        messages.append(f"{name}:{lines.get(key, 1)}: 页面头部（front matter）{text}")

    for key in list(page.meta):
        value = page.meta[key]
        if key not in META_KEYS:
            report(key, f"有不支持的字段“{key}”；可用的字段：{allowed}")
            del page.meta[key]
        elif key in TEXT_META and not isinstance(value, str):
            report(key, f"的字段“{key}”应为一行文字，实际为{_kind(value)}")
            del page.meta[key]
        elif key == "hide" and not (isinstance(value, list) and all(v in HIDE_VALUES for v in value)):
            report(key, f"的字段“hide”应为列表，只能包含：{'、'.join(HIDE_VALUES)}")
            del page.meta[key]
        elif key == "search" and not (isinstance(value, dict) and all(
                # true is an int to Python, and no boost.
                k in SEARCH_KEYS and isinstance(v, SEARCH_KEYS[k]) and (k == "exclude" or not isinstance(v, bool))
                for k, v in value.items())):
            report(key, "的字段“search”只能写 exclude: true 或 boost: 数字")
            del page.meta[key]
    return messages


def lines_of_keys(source: str) -> dict:
    """Line of each top-level key in the front matter: the block between the first two ---,
    or MkDocs' other style, "Key: value" lines at the top up to the first blank line."""
    lines = source.split("\n")
    found = {}
    fenced = bool(lines) and lines[0].rstrip() == "---"
    for number, line in enumerate(lines[1:] if fenced else lines, start=2 if fenced else 1):
        if line.rstrip() in ("---", "...") or (not fenced and not line.strip()):
            break
        match = _META_LINE.match(line)
        if match:
            # MkDocs lower-cases the keys of the unfenced style.
            key = match.group(1).strip().strip("\"'")
            found.setdefault(key if fenced else key.lower(), number)
    return found


def _kind(value) -> str:
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "字典"
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return "是/否值"
    if isinstance(value, (int, float)):
        return "数字"
    return "日期或其他非文字的值"
