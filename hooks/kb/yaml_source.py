"""Read YAML data files strictly and keep each value's line number.

Bad bytes, BOMs, tabs, control characters (escaped ones too), anchors and aliases, deep
nesting and syntax errors are DataErrors; a misindented line is said in plain words.
"""
from __future__ import annotations

import datetime
import math
import re
from pathlib import Path
from typing import Any

import yaml

from kb.errors import DataError, show
from kb.yaml_messages import ALIASES, syntax_error

# Deeper than any of our schemas needs (a card's steps are 4 levels deep);
# a cap keeps a hostile file from exhausting the stack.
MAX_DEPTH = 20
DEEP = f"嵌套超过 {MAX_DEPTH} 层；话术本、题库和禁语表都用不到这么深的结构"
# libyaml composes nested nodes by recursion on the C stack: about 30,000 levels kill the
# build with a segfault, before _build could count them. A text whose cheap depth bound
# (_possible_depth) passes this is first walked event by event, which keeps no stack.
# Our real files bound at ~500, bench/generate.py's 10,000-card project's at ~2,700.
WALK_ABOVE = 5000


class LineDict(dict):
    """A mapping that remembers the line of each key and of itself (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that remembers the line of each item (1-based)."""

    item_lines: list


class BadDate(str):
    """A scalar that looks like a timestamp but is no calendar date; Date says why."""

    reason: str = ""


# libyaml's parser when PyYAML has it: the same nodes and marks, several times faster.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


_MAPPING = yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG
_SEQUENCE = yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG
_STRING = "tag:yaml.org,2002:str"


def _build(loader: _LineLoader, node: yaml.Node, depth: int, seen: set[int]) -> Any:
    """The value of `node`, lines kept, in one walk that also refuses aliases, deep nesting and escaped controls.

    PyYAML's own construct_object is the slow part of reading 10,000 cards; plain
    mappings, lists and strings (nearly every node) are built here directly, and
    only other scalars and unusual tags go through it.
    """
    if depth > MAX_DEPTH:
        raise DataError(loader.name, node.start_mark.line + 1, DEEP)
    if isinstance(node, yaml.ScalarNode):
        # An escape ("\0", "\x07", "\u0000") puts a control character in the value that the raw-text check never sees.
        control = CONTROL.search(node.value)
        if control:
            raise DataError(loader.name, node.start_mark.line + 1,
                            f"文字里有不可见的控制字符 U+{ord(control.group()):04X}（多半写成了转义，如 \\0、\\x07）；请删除它")
        return node.value if node.tag == _STRING else loader.construct_object(node, deep=True)
    if id(node) in seen:
        raise DataError(loader.name, node.start_mark.line + 1, ALIASES)
    seen.add(id(node))
    if node.tag == _SEQUENCE:
        items = LineList(_build(loader, child, depth + 1, seen) for child in node.value)
        items.item_lines = [child.start_mark.line + 1 for child in node.value]
        return items
    if node.tag != _MAPPING:
        # !!set, !!omap and the like: checked like the rest, then left to PyYAML (and the schema refuses them).
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        for child in children:
            _build(loader, child, depth + 1, seen)
        return loader.construct_object(node, deep=True)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise DataError(loader.name, line, "字段名不能是列表或映射；字段名应为一个词，如 title")
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise DataError(loader.name, line, "用了 YAML 合并键“<<”；手册数据不使用它，请把字段直接写出来")
        key = _build(loader, key_node, depth, seen)  # a key is part of its mapping's level
        if key in mapping:
            raise DataError(loader.name, line, f"字段“{show(key)}”重复出现")
        try:
            mapping[key] = _build(loader, value_node, depth + 1, seen)
        except LongNumber as error:
            if error.field is not None:
                raise
            raise LongNumber(error.path, error.line, f"字段“{show(key)}”的{error.message}", key) from None
        mapping.key_lines[key] = line
    return mapping


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode):
    """A date, or a BadDate saying why not; never a datetime and never a ValueError."""
    match = _DATE.fullmatch(node.value)
    if not match:
        bad = BadDate(node.value)
        bad.reason = "只写日期（YYYY-MM-DD），不写时间"
        return bad
    try:
        return datetime.date(*map(int, match.groups()))
    except ValueError:
        bad = BadDate(node.value)
        bad.reason = "不是存在的日期"
        return bad


_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)

# Our numbers (order, quiz, print, wait) have a few digits. Python refuses to read an int of
# over 4,300 digits (a ValueError out of PyYAML), and a long one is no use anyway.
MAX_NUMBER_LENGTH = 20


class LongNumber(DataError):
    """An integer too long to read; `field` is the key it is the value of, once the mapping adds it."""

    def __init__(self, path, line, message, field=None):
        super().__init__(path, line, message)
        self.field = field


def _construct_int(loader: _LineLoader, node: yaml.ScalarNode):
    if len(node.value) > MAX_NUMBER_LENGTH:
        raise LongNumber(loader.name, node.start_mark.line + 1,
                         f"数字“{show(node.value, 20)}”太长（{len(node.value)} 位）；这里的数字只有几位，如 quiz: 2；"
                         "如果本来是文字，请加上引号")
    return loader.construct_yaml_int(node)


_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)


def item_line(items, index: int, fallback: int | None) -> int | None:
    """The line of items[index] when the list came from YAML, else `fallback`."""
    lines = getattr(items, "item_lines", None)
    return lines[index] if lines and index < len(lines) else fallback


def display_path(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


# Control characters YAML refuses (and a NUL that would end a C string early); tab, LF and CR are fine.
# Also the marks that change the order text is shown in (U+202E shows 管我归不 as 不归我管): the 禁语 gate
# reads the order written, the agent sees and pastes the order shown.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufffe\uffff]")
# Where an anchor (&name) or alias (*name) may start; most files have none, so
# only those that do are parsed a second time, event by event, to be sure.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:-])[&*][^\s\[\]{},]", re.M)


def read_text(path: Path, name: str) -> str:
    """A text file's content: UTF-8 without BOM or control characters, else a DataError."""
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(name, 1, "文件以 BOM（字节顺序标记）开头；请在编辑器中另存为“UTF-8（无 BOM）”")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(name, line, f"不是 UTF-8 编码（第 {error.start + 1} 个字节）；请另存为 UTF-8") from None
    check_control_characters(text, name)
    return text


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def check_control_characters(text: str, name: str) -> None:
    """A control character (NUL included) anywhere in a text file is a DataError at its line and column."""
    control = CONTROL.search(text)
    if control:
        line, column = line_and_column(text, control.start())
        raise DataError(name, line, f"第 {column} 列有不可见的控制字符 U+{ord(control.group()):04X}；请删除它")


def load_yaml(path: Path, root: Path | None = None) -> Any:
    """Parse one YAML file strictly; bad bytes, BOMs, tabs, aliases, deep nesting and syntax errors are DataErrors."""
    name = display_path(path, root)
    text = read_text(path, name)
    if not text.strip():
        raise DataError(name, None, "文件为空；请删除该文件或按 CONTRIBUTING.md 填写内容")
    tab = re.search(r"^[ ]*\t", text, re.M)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        raise DataError(name, line, "用了 Tab 缩进；YAML 只能用空格缩进")
    if _MAYBE_ANCHOR.search(text):
        _refuse_anchors(text, name)
    refuse_deep(text, name)
    loader = _LineLoader(text)
    loader.name = name
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError(name, None, "文件为空；请删除该文件或按 CONTRIBUTING.md 填写内容")
        return _build(loader, node, 1, set())
    except yaml.MarkedYAMLError as error:
        raise syntax_error(error, name, text) from None
    except yaml.YAMLError as error:
        raise DataError(name, None, f"YAML 语法错误：{show(error, 200)}") from None
    finally:
        loader.dispose()


def _refuse_anchors(text: str, name: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_LineLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DataError(name, event.start_mark.line + 1, ALIASES)
    except yaml.MarkedYAMLError:
        return  # the real parse reports it, with its line


def _possible_depth(text: str) -> int:
    """An upper bound on the nesting depth of `text`, from counts at C speed.

    A flow level needs a [ or { (a [ can open two: [a: [b: ...]] nests a mapping in each list);
    a block level either starts a line indented deeper than its parent (a chain of k such lines
    needs k*(k-1)/2 spaces) or follows a - or ? indicator (- - a, - a: b, and a list at its key's
    indentation), which can also open two.
    """
    return (2 * text.count("[") + text.count("{") + 2 * (text.count("-") + text.count("?"))
            + math.isqrt(2 * len(text)) + 2)


def refuse_deep(text: str, name: str, first_line: int = 1, message: str = DEEP) -> None:
    """A DataError at the line where `text` nests deeper than MAX_DEPTH, found before anything composes it.

    `first_line` is the line of the page on which `text` starts (front matter starts on line 2).
    """
    if _possible_depth(text) <= WALK_ABOVE:
        return
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_LineLoader):
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise DataError(name, event.start_mark.line + first_line, message)
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.MarkedYAMLError as error:
        # Met before MAX_DEPTH levels, so composing stops there too. Front matter is MkDocs' to read.
        if first_line == 1:
            raise syntax_error(error, name, text) from None


def check_front_matter(text: str, name: str) -> None:
    """Refuse a page whose front matter nests deeper than MAX_DEPTH, as a DataError at its line.

    MkDocs' own reader (mkdocs.utils.meta.get_data, the same block found the same way) would
    crash the build on it, after the site folder is emptied; so this runs in the content scan.
    """
    from mkdocs.utils import meta
    block = meta.YAML_RE.match(text)
    if block:
        refuse_deep(block.group(1), name, 2, f"页面头部（front matter）嵌套超过 {MAX_DEPTH} 层；"
                                             "页面头部只写 title、description 这样的简单字段")
