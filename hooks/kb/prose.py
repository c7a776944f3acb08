"""The sample lines of a handbook page: what an agent may copy from prose, for the 服务禁语 gate.

Handbook pages quote what to say in “…”, 「…」 or "…", set it off as a blockquote, or
show it in a code block; they quote what not to say the same way. Such text counts as a
sample line unless its line says it is a bad example (错误, 不要说, 避免, ✗ …), it sits in a
table column whose header does (| 错误说法 | 问题所在 |), or, for a code block, the line
that introduces the block does.

Each line is read as the page shows it, not as it is written: comments and tags gone,
entities decoded, code spans as their text. Otherwise 不&#24402;我管 or 不<span></span>归我管
would pass the gate and show 不归我管, and a marker inside a comment would excuse a line
that shows none.
"""
from __future__ import annotations

import html
import re

from kb import links

# Words that mark a quote as a bad example, on its line or in its table column's header.
BAD_EXAMPLE_MARKERS = ("错误", "不要说", "别说", "不能说", "不说", "忌", "禁语", "禁用", "避免", "不宜", "✗", "❌", "×")
_QUOTE = re.compile(r"“([^“”]++)”|「([^「」]++)」|\"([^\"]++)\"")
_CHINESE = re.compile(r"[\u3400-\u9fff]")
_TABLE_SEPARATOR = re.compile(r"^\s*+\|?(?:\s*+:?-++:?\s*+\|)++\s*+:?-*+:?\s*+$")
_HIDDEN = re.compile(r"<!--.*?(?:-->|$)|<[^<>]*+>?")
_CODE_SPAN = re.compile(r"(`++)([^`]++)\1")
_BLOCKQUOTE = re.compile(r"^\s{0,3}(?:>\s?)++")


def sample_lines(text: str, file: str) -> list[dict]:
    """{file, line, where, text} for each sample line outside bad examples, as kb.rules.gate takes them."""
    found, header, bad_columns, fence, intro = [], None, set(), None, ""
    lines = [(number, _shown(line), line) for number, line in enumerate(text.splitlines(), 1)]
    for index, (number, line, written) in enumerate(lines):
        opening = links.FENCE.match(written)
        if fence or opening:
            if opening and (fence is None or opening.group(1) == fence):
                fence = None if fence else opening.group(1)
            elif written.strip() and not _marked(intro):
                found.append({"file": file, "line": number, "where": "手册页面的代码块", "text": written.strip()})
            continue
        intro = line if line.strip() else intro
        if "|" in line and index + 1 < len(lines) and _TABLE_SEPARATOR.match(lines[index + 1][1]):
            header = _cells(line)
            bad_columns = {i for i, cell in enumerate(header) if _marked(cell)}
            continue
        if header is not None and "|" in line:
            if _TABLE_SEPARATOR.match(line):
                continue
            quotes = [quote for i, cell in enumerate(_cells(line)) if i not in bad_columns and not _marked(cell)
                      for quote in _quotes(cell)]
        else:
            header, bad_columns = None, set()
            quoted = _BLOCKQUOTE.match(line)
            quotes = [] if _marked(line) else _quotes(line) or ([line[quoted.end():].strip()] if quoted else [])
        found += [{"file": file, "line": number, "where": "手册页面的示范话术", "text": quote} for quote in quotes if quote]
    return found


def _shown(line: str) -> str:
    """The line's text as the page shows it: no comments or tags, entities decoded; a code span quoted, as
    what it shows is copied as it is."""
    if "`" in line:
        line = _CODE_SPAN.sub(r"“\2”", line)
    return html.unescape(_HIDDEN.sub("", line)) if ("<" in line or "&" in line) else line


def _cells(row: str) -> list[str]:
    return row.strip().strip("|").split("|")


def _marked(text: str) -> bool:
    return any(marker in text for marker in BAD_EXAMPLE_MARKERS)


def _quotes(text: str) -> list[str]:
    # ASCII quotes hold a sample only around Chinese text ("OK" or an attribute's value is none).
    return [first or second or third for first, second, third in _QUOTE.findall(text)
            if first or second or _CHINESE.search(third)]
