"""The sample lines of a handbook page: what an agent may copy from prose, for the 服务禁语 gate.

Handbook pages quote what to say in “…” or 「…」, and they quote what not to say the same
way. A quote counts as a sample line unless its line says it is a bad example (错误,
不要说, 避免, ✗ …) or it sits in a table column whose header does (| 错误说法 | 问题所在 |).
"""
from __future__ import annotations

import re

from kb import links

# Words that mark a quote as a bad example, on its line or in its table column's header.
BAD_EXAMPLE_MARKERS = ("错误", "不要说", "别说", "不能说", "不说", "忌", "禁语", "禁用", "避免", "不宜", "✗", "❌", "×")
_QUOTE = re.compile(r"“([^“”]++)”|「([^「」]++)」")
_TABLE_SEPARATOR = re.compile(r"^\s*+\|?(?:\s*+:?-++:?\s*+\|)++\s*+:?-*+:?\s*+$")


def sample_lines(text: str, file: str) -> list[dict]:
    """{file, line, where, text} for each quoted sample line outside bad examples, as kb.rules.gate takes them."""
    found, header, bad_columns = [], None, set()
    lines = list(links.prose_lines(text))
    for index, (number, line) in enumerate(lines):
        if "|" in line and index + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[index + 1][1]):
            header = _cells(line)
            bad_columns = {i for i, cell in enumerate(header) if _marked(cell)}
            continue
        if header is not None and "|" in line:
            if _TABLE_SEPARATOR.match(line):
                continue
            cells = _cells(line)
            quotes = [quote for i, cell in enumerate(cells) if i not in bad_columns and not _marked(cell)
                      for quote in _quotes(cell)]
        else:
            header, bad_columns = None, set()
            quotes = [] if _marked(line) else _quotes(line)
        found += [{"file": file, "line": number, "where": "手册页面的示范话术", "text": quote} for quote in quotes]
    return found


def _cells(row: str) -> list[str]:
    return row.strip().strip("|").split("|")


def _marked(text: str) -> bool:
    return any(marker in text for marker in BAD_EXAMPLE_MARKERS)


def _quotes(text: str) -> list[str]:
    return [first or second for first, second in _QUOTE.findall(text)]
