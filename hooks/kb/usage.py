"""Usage beacons: the kinds, their switches in mkdocs.yml and the vote reasons, in one place.

The browser (content/assets/kb/usage.js) sends, and scripts/report.py reads,
what is named here: the reasons' keys travel in the beacon, their labels are
shown on the card (macros/cards.html, through the Jinja global `vote_reasons`)
and in the trainers' report.
"""
from __future__ import annotations

# extra.kb.<switch> in mkdocs.yml turns one kind of beacon on or off (all on by default).
# search_log is the search-gap beacon's, read by hooks/search.py; it stays where it was.
SWITCHES = {"copy": "copy_log", "vote": "vote_log", "quiz": "quiz_log"}

# 不好用 offers these and nothing else: no free text, so nothing personal can be written there.
REASONS = {
    "rejected": "客户不接受",
    "outdated": "说法过时",
    "unfit": "不适用这个场景",
    "long": "太长",
    "other": "其他",
}

# Where a copy came from (the beacon's src): the labels the report shows.
COPY_SOURCES = {
    "card": "卡片页“复制”",
    "all": "卡片页“复制全部”",
    "search": "搜索结果",
    "cheatsheet": "速查卡",
    "select": "卡片页选中文字复制",
    "home": "首页开头语",
}


class SwitchError(ValueError):
    """A switch in mkdocs.yml that is not true or false; the message names it."""


def switches(kb_extra: dict | None) -> dict[str, bool]:
    """{kind: on} from mkdocs.yml's extra.kb; each switch must be true or false."""
    kb_extra = kb_extra or {}
    result = {}
    for kind, key in SWITCHES.items():
        value = kb_extra.get(key, True)
        if not isinstance(value, bool):
            raise SwitchError(f"mkdocs.yml 的 extra.kb.{key} 应为 true 或 false，实际为“{value}”")
        result[kind] = value
    return result
