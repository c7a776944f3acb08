"""Read YAML data files, keep each value's line number, validate against Config schemas.

Every problem becomes a DataError whose message names the file, the line, the
field, and what was expected; hooks re-raise it as PluginError so trainers see
a message, never a traceback.
"""
from __future__ import annotations

import contextlib
import datetime
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError


class DataError(Exception):
    """A mistake in a data file, located by file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str):
        self.path, self.line = str(path), line
        location = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{location}: {message}")


@contextlib.contextmanager
def reported_as_build_error():
    """Inside a hook: a DataError stops the build as a PluginError, a message with no traceback."""
    try:
        yield
    except DataError as error:
        raise PluginError(str(error)) from None


class LineDict(dict):
    """A mapping that remembers the line of each key and of itself (1-based)."""

    line: int = 0
    key_lines: dict

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML has it: the same nodes and marks, several times faster.
class _LineLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise DataError(loader.name, key_node.start_mark.line + 1, f"字段 '{key}' 重复出现")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


class LineList(list):
    """A list that remembers the line of each item (1-based)."""

    item_lines: list


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


def item_line(items, index: int, fallback: int | None) -> int | None:
    """The line of items[index] when the list came from YAML, else `fallback`."""
    lines = getattr(items, "item_lines", None)
    return lines[index] if lines and index < len(lines) else fallback


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def display_path(path: Path, root: Path | None) -> str:
    try:
        return str(path.relative_to(root)) if root else str(path)
    except ValueError:
        return str(path)


def load_yaml(path: Path, root: Path | None = None) -> Any:
    """Parse one YAML file strictly; bad bytes, BOMs, tabs and syntax errors are DataErrors."""
    name = display_path(path, root)
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DataError(name, 1, "文件以 BOM(字节顺序标记)开头;请在编辑器中另存为“UTF-8(无 BOM)”")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(name, line, f"不是 UTF-8 编码(第 {error.start} 字节);请另存为 UTF-8") from None
    if not text.strip():
        raise DataError(name, None, "文件为空;请删除该文件或按 CONTRIBUTING.md 填写内容")
    tab = re.search(r"^[ ]*\t", text, re.M)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        raise DataError(name, line, "用了 Tab 缩进;YAML 只能用空格缩进")
    loader = _LineLoader(text)
    loader.name = name
    try:
        return loader.get_single_data()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark else None
        column = f"第 {mark.column + 1} 列," if mark else ""
        context = f";{error.context}" if error.context else ""
        start = error.context_mark
        if start is not None and mark is not None and start.line != mark.line:
            # libyaml reports where it noticed the problem; the cause is often where the construct began.
            context += f",始于第 {start.line + 1} 行"
        raise DataError(name, line, f"YAML 语法错误({column}{error.problem}{context})") from None
    finally:
        loader.dispose()


# --- schema validation -------------------------------------------------------

_TYPE_NAMES = {str: "文本", int: "整数", bool: "true/false", list: "列表", dict: "映射(键: 值)",
               datetime.date: "日期(YYYY-MM-DD)", float: "数字", type(None): "空值"}


def _type_name(value: Any) -> str:
    if isinstance(value, type):
        return _TYPE_NAMES.get(value, value.__name__)
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Schema(base.Config):
    """A Config schema; `nested` maps list fields to the schema of their items."""

    nested: dict = {}


def validate(node: Any, schema: type[Schema], where: str, path: str) -> dict:
    """Validate one mapping against a schema; returns a plain dict of validated values.

    `where` names the record for messages (for example "卡片 'silent-call'").
    """
    if not isinstance(node, dict):
        raise DataError(path, getattr(node, "line", None), f"{where}应为映射(键: 值),实际为{_type_name(node)}")
    line_of = node.line_of if isinstance(node, LineDict) else (lambda key: None)
    known = [key for key, _ in schema._schema]
    for key in node:
        if key not in known:
            raise DataError(path, line_of(key), f"{where}有未知字段 '{key}';可用的字段:{'、'.join(known)}")
    # Each declared option validates its own value, as Config.validate() does;
    # our options have no pre- or post-validation step, and skipping the
    # Config object per record matters at 10,000 cards.
    result = {}
    for key, option in schema._schema:
        try:
            result[key] = option.validate(node[key] if key in node else option.default)
        except base.ValidationError as error:
            raise DataError(path, line_of(key), f"{where}的字段 '{key}':{_describe(schema, key, node, error)}") from None
        if option.warnings:
            warning = option.warnings[0]
            option.reset_warnings()
            raise DataError(path, line_of(key), f"{where}的字段 '{key}':{warning}")
    for key, item_schema in schema.nested.items():
        items = node.get(key) or []
        result[key] = [
            validate(item, item_schema, f"{where}的 {key}[{index + 1}] ", path)
            for index, item in enumerate(items)
        ]
    return result


def _describe(schema: type[Schema], key: str, node: dict, error: Exception) -> str:
    """Say in Chinese what was expected and what was found."""
    option = dict(schema._schema)[key]
    if key not in node:
        return "缺少必填字段"
    value = node[key]
    inner = option.option if isinstance(option, c.Optional) else option
    if isinstance(inner, c.Choice):
        return f"取值应为 {'、'.join(map(str, inner.choices))} 之一,实际为 '{value}'"
    if isinstance(inner, c.Type):
        expected = inner._type if isinstance(inner._type, type) else inner._type[0]
        if isinstance(value, expected):
            return str(error)
        return f"应为{_type_name(expected)},实际为{_type_name(value)} '{value}'"
    return str(error)


class NonEmptyText(c.Type):
    """Text that must not be blank."""

    def __init__(self, **kwargs):
        super().__init__(str, **kwargs)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not value.strip():
            raise base.ValidationError("不能为空")
        return value.strip()


class ListOf(c.BaseConfigOption):
    """A list whose every item is checked by `item` (an option such as NonEmptyText).

    MkDocs' ListOfItems builds a throwaway config per list; at 10,000 cards
    with several lists each, that was most of the validation time.
    """

    def __init__(self, item: c.BaseConfigOption, default=None):
        super().__init__()
        self.item = item
        self.default = default

    def run_validation(self, value):
        if value is None and self.default is not None:
            return list(self.default)
        if not isinstance(value, list):
            raise base.ValidationError(f"应为列表,实际为{_type_name(value)} '{value}'")
        items = []
        for index, element in enumerate(value, 1):
            try:
                items.append(self.item.validate(element))
            except base.ValidationError as error:
                raise base.ValidationError(f"第 {index} 项:{_describe_item(self.item, element, error)}") from None
        return items


def _describe_item(option, value, error) -> str:
    if isinstance(option, c.Type) and not isinstance(value, option._type):
        return f"应为{_type_name(option._type)},实际为{_type_name(value)} '{value}'"
    return str(error)


class Date(c.Type):
    def __init__(self, **kwargs):
        super().__init__(datetime.date, **kwargs)


class Slug(c.Type):
    """A stable id: lowercase ASCII words joined by hyphens, usable as an anchor."""

    def __init__(self, **kwargs):
        super().__init__(str, **kwargs)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
            raise base.ValidationError(f"'{value}' 不是合法的 id:只能用小写英文字母、数字和连字符,如 silent-call")
        return value


def check_unique_ids(records, kind: str):
    """Ids are unique across all files; the message names both places."""
    seen: dict[str, tuple[str, int]] = {}
    for record in records:
        first = seen.setdefault(record["id"], (record["file"], record["line"]))
        if first != (record["file"], record["line"]):
            raise DataError(record["file"], record["line"],
                            f"{kind} id '{record['id']}' 重复:已在 {first[0]}:{first[1]} 使用过")


def load_file(path: Path, schema: type[Schema], label: str, root: Path | None = None):
    """Parse and validate one data file: (raw data with line numbers, validated top level, display name)."""
    data = load_yaml(path, root)
    name = display_path(path, root)
    return data, validate(data, schema, label, name), name


def record_label(node: Any, index: int, noun: str) -> str:
    """How messages name one record: by its id, or by its position when it has none."""
    return f"{noun} '{node.get('id', index + 1)}' " if isinstance(node, dict) else f"第 {index + 1} 个{noun}"


def each_record(data: dict, key: str, schema: type[Schema], noun: str, name: str):
    """Validate every record of a list field; yields (raw node, validated record, label)."""
    for index, node in enumerate(data[key]):
        where = record_label(node, index, noun)
        yield node, validate(node, schema, where, name), where
