"""YAML syntax errors in the trainers' language: libyaml's wording translated, and a misindented
line said in plain words (第 12 行多缩进了 2 格，应与上一行的 title 对齐).
"""
from __future__ import annotations

import re

import yaml

from kb.errors import DataError

ALIASES = "用了 YAML 锚点或别名（&、*）；手册数据不使用它们，请把内容直接写出来，以 & 或 * 开头的文字请加引号"


# libyaml's wording, in the trainers' language; anything not listed is shown as it is.
_PROBLEMS = {
    "mapping values are not allowed": "这里不能出现“: ”；含冒号加空格的文字请加引号",
    "did not find expected node content": "这里缺少内容（列表或映射没有写完）",
    "but found another document": "文件里只能有一个 YAML 文档（多了一行“---”）",
    "could not determine a constructor for the tag": "用了 YAML 标签（以 ! 开头的标记）；手册数据不需要它，请删掉",
    "did not find expected key": "缩进没有对齐，或多了一个字段名",
    "did not find expected ',' or ']'": "方括号列表没有闭合，缺少“,”或“]”",
    "did not find expected ',' or '}'": "花括号映射没有闭合，缺少“,”或“}”",
    "found unexpected end of stream": "文件在引号或括号闭合之前就结束了",
    "could not find expected ':'": "缺少冒号“:”",
    "did not find expected '-' indicator": "列表项的缩进没有对齐",
    "found character that cannot start any token": "有不能出现在开头的字符（如 @ 或 `）；请给这段文字加引号",
    "found undefined alias": ALIASES,
    "found unknown escape character": "双引号里的反斜杠转义写错了；不需要转义时请改用单引号，或去掉反斜杠",
    "did not find expected hexdecimal number": "双引号里的反斜杠转义写错了；不需要转义时请改用单引号，或去掉反斜杠",
    "expected <document start>, but found '<block mapping start>'": "缩进没有对齐",
}
_CONTEXTS = {
    "while parsing a flow sequence": "方括号列表",
    "while parsing a flow mapping": "花括号映射",
    "while parsing a block mapping": "映射",
    "while parsing a block collection": "列表",
    "while scanning a quoted scalar": "带引号的文字",
    "while scanning a simple key": "字段名",
    "while scanning a plain scalar": "文字",
    "expected a single document in the stream": "第一个文档",
}


_DASH = re.compile(r"-[ ]++")
_KEY = re.compile(r"([^\s:#'\"][^:]*+):(?:[ ]|$)")


# What libyaml says when a line is indented more or less than its neighbours.
_MISALIGNED = ("mapping values are not allowed", "did not find expected '-' indicator", "did not find expected key",
               "could not find expected ':'")


def _indentation(text: str, number: int) -> str | None:
    """Plain words for the commonest YAML mistake, a line indented more or less than the line above it.

    Only when the line above holds a value (key: text, or a list item), so this line must line up with it.
    """
    lines = text.split("\n")
    if not 1 < number <= len(lines) or not lines[number - 1].strip():
        return None
    current = len(lines[number - 1]) - len(lines[number - 1].lstrip(" "))
    above = next((n for n in range(number - 1, 0, -1)
                  if lines[n - 1].strip() and not lines[n - 1].lstrip().startswith("#")), None)
    if above is None:
        return None
    previous = lines[above - 1]
    indent = len(previous) - len(previous.lstrip(" "))
    body = previous[indent:]
    dash = _DASH.match(body)
    rest = body[dash.end():] if dash else body
    key = _KEY.match(rest)
    value = rest[key.end():].strip() if key else ""
    if key and value and not value.startswith(("[", "{", "|", ">")):
        column, what = indent + (dash.end() if dash else 0), f" {key.group(1).strip()} "
    elif dash and lines[number - 1].lstrip().startswith("-"):
        column, what = indent, "列表项“-”"
    elif dash and current >= indent:
        # A field right after a list's last item, indented like the item: it belongs to the key that owns the list.
        owner = next((n for n in range(above - 1, 0, -1) if _key_column(lines[n - 1]) is not None
                      and _key_column(lines[n - 1])[0] < current), None)
        if owner is None:
            return None
        above = owner
        column, key_name = _key_column(lines[owner - 1])
        what = f" {key_name} "
    else:
        return None
    if current == column:
        return None
    more = current > column
    where = "上一行" if above == number - 1 else f"第 {above} 行"
    return f"第 {number} 行{'多' if more else '少'}缩进了 {abs(current - column)} 格，应与{where}的{what}对齐"


def _key_column(line: str) -> tuple[int, str] | None:
    """(column, name) of the key a line starts, after any list dash; None for other lines."""
    indent = len(line) - len(line.lstrip(" "))
    body = line[indent:]
    if not body or body.startswith("#"):
        return None
    dash = _DASH.match(body)
    key = _KEY.match(body[dash.end():] if dash else body)
    return (indent + (dash.end() if dash else 0), key.group(1).strip()) if key else None


def syntax_error(error: yaml.MarkedYAMLError, name: str, text: str = "") -> DataError:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    plain = _indentation(text, line) if line and (error.problem or "").startswith(_MISALIGNED) else None
    if plain:
        return DataError(name, line, f"YAML 语法错误：{plain}", syntax=True)
    problem = error.problem or ""
    problem = next((chinese for english, chinese in _PROBLEMS.items() if problem.startswith(english)), problem)
    detail = f"第 {mark.column + 1} 列：{problem}" if mark else problem
    start = error.context_mark
    if error.context and start is not None and mark is not None and start.line != mark.line:
        # libyaml reports where it noticed the problem; the cause is often where the construct began.
        what = _CONTEXTS.get(error.context, "这段内容")
        detail += f"；{what}始于第 {start.line + 1} 行"
    return DataError(name, line, f"YAML 语法错误（{detail}）", syntax=True)
