"""The search names of cards, sections and rules (aliases, descriptions, tags): what the build accepts.

Names are what agents type, and the index treats each as one whole term (hooks/kb/search.py puts them in
the alias field, cut at kb.search_index.SEPARATORS), so a name must be short, few and in one piece.
"""
from __future__ import annotations

from kb.search_index import SEPARATORS
from kb.search_text import normalise

# Aliases and tags are what agents type; dozens per card would only bloat every agent's
# search index (5,000 aliases on one card doubled it) and drown the other cards' matches.
MAX_NAMES = 30
# A name is the few characters an agent types (a description of the call, at most 14); a sentence there would
# win every long query's phrase bonus and is not what the field is for.
MAX_NAME_CHARS = 16


def names_problem(names: list[str], min_chars: int = 1) -> str | None:
    """What is wrong with a list of search names (a card's aliases, descriptions or tags, a section's or a
    rule's aliases, the rules' categories), or None; `min_chars`: the fewest characters a name keeps once
    normalised as the search box normalises it (a rule's alias: 2, as 推。 is the name 推)."""
    if len(names) > MAX_NAMES:
        return f"最多写 {MAX_NAMES} 个，实际有 {len(names)} 个；只留坐席真会搜的说法"
    for number, name in enumerate(names, 1):
        if len(name) > MAX_NAME_CHARS:
            return (f"第 {number} 项“{name[:MAX_NAME_CHARS]}…”有 {len(name)} 个字，最多 {MAX_NAME_CHARS} 个；"
                    "写坐席在搜索框里会打的几个字，不写整句")
        if len(normalise(name)) < min_chars:
            why = "单个字会跟着每句话走" if min_chars > 1 else "去掉标点和空白后没有可搜的字"
            return f"第 {number} 项“{name}”要至少 {min_chars} 个字：{why}"
        cut = SEPARATORS.search(name)
        if cut:
            # The index cuts a field into pieces at spaces and punctuation, and a card's names at spaces: "VIP 客户"
            # would become the names VIP and 客户, and 客户 alone would then earn the card the name bonus of every
            # query that says 客户; "抢 话" in a section's aliases is no longer the word 抢话.
            char = cut.group()[0]
            what = "空格" if char.isspace() else "不可见字符 U+200B" if char == "\u200b" else f"“{char}”"
            return (f"第 {number} 项“{name}”中间有{what}：搜索会在这里把它切成几段；"
                    f"写成“{SEPARATORS.sub('', name)}”，或分成几项")
    return None
