"""Read YAML data files, keep each value's line number, validate against Config schemas.

Every problem becomes a DataError whose message names the file, the line, the
field, and what was expected. Loading collects them instead of stopping at the
first, so a trainer sees every mistake of a change in one run; hooks raise the
whole sorted list as one PluginError, never a traceback.

Messages are Chinese with full-width punctuation, and quote values as “…”;
only the `path:line: ` prefix is ASCII, because editors and CI parse it.
"""
from __future__ import annotations

import contextlib
import datetime
import difflib
import re
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.exceptions import PluginError

# Deeper than any of our schemas needs (a card's steps are 4 levels deep);
# a cap keeps a hostile file from exhausting the stack.
MAX_DEPTH = 20
# A `reviewed:` date may be this far ahead of the build machine's clock
# (time zones), and no further: a future date would keep a card fresh forever.
FUTURE_TOLERANCE = datetime.timedelta(days=1)


class DataError(Exception):
    """A mistake in a data file, located by file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str, syntax: bool = False):
        self.path, self.line, self.message = str(path), line, message
        # A file that could not be parsed at all: reported first, and what only follows from it is not listed.
        self.syntax = syntax
        self.follows_from: str | None = None
        super().__init__(f"{self.location}: {message}")

    @property
    def location(self) -> str:
        return f"{self.path}:{self.line}" if self.line else self.path


class DataErrors(DataError):
    """Several mistakes at once; str() is the report trainers read, with its count."""

    def __init__(self, errors: list[DataError]):
        self.errors = sort_errors(errors)
        first = self.errors[0]
        Exception.__init__(self, report(self.errors))
        self.path, self.line, self.message = first.path, first.line, first.message

    def lines(self) -> list[str]:
        return [str(error) for error in self.errors]


def sort_errors(errors: list[DataError]) -> list[DataError]:
    """Files that could not be parsed first, then by file and line; one report line per distinct message."""
    unique = {str(error): error for error in errors}
    return sorted(unique.values(), key=lambda error: (not getattr(error, "syntax", False), error.path, error.line or 0))


def primary(errors: list[DataError]) -> list[DataError]:
    """The errors to act on: not those that only follow from a file that failed to parse."""
    return [error for error in errors if not getattr(error, "follows_from", None)]


def report(errors: list[DataError]) -> str:
    """What a trainer reads: the real problems, and only a count of what follows from a file that failed to load."""
    errors = sort_errors(errors)
    shown = primary(errors)
    following = len(errors) - len(shown)
    lines = [str(error) for error in shown]
    if following:
        sources = "、".join(sorted({error.follows_from for error in errors if getattr(error, "follows_from", None)}))
        lines.append(f"另有 {following} 处因此无法检查（它们引用了 {sources} 里的内容；改好上面的错误后再检查一次）")
    return "\n".join([*lines, f"共 {len(shown)} 处错误"])


class _Outcome:
    failed = False


@contextlib.contextmanager
def collecting(errors: list[DataError]):
    """Record a DataError (or several) raised inside and carry on with the next record or file.

    `with collecting(errors) as outcome:` tells afterwards whether it failed.
    """
    outcome = _Outcome()
    try:
        yield outcome
    except DataError as error:
        errors.extend(getattr(error, "errors", [error]))
        outcome.failed = True


def raise_collected(errors: list[DataError]) -> None:
    if errors:
        raise DataErrors(errors)


@contextlib.contextmanager
def reported_as_build_error():
    """Inside a hook: DataErrors stop the build as one PluginError, a message with no traceback."""
    try:
        yield
    except DataError as error:
        raise PluginError(str(error)) from None


def show(value: Any, limit: int = 40) -> str:
    """A value as messages quote it: short, on one line."""
    text = str(value).replace("\n", "↵")
    return text if len(text) <= limit else text[:limit] + "…"


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


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        line = key_node.start_mark.line + 1
        if not isinstance(key_node, yaml.ScalarNode):
            raise DataError(loader.name, line, "字段名不能是列表或映射；字段名应为一个词，如 title")
        if key_node.tag == "tag:yaml.org,2002:merge":
            raise DataError(loader.name, line, "用了 YAML 合并键“<<”；手册数据不使用它，请把字段直接写出来")
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise DataError(loader.name, line, f"字段“{show(key)}”重复出现")
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = line
    return mapping


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    items = LineList(loader.construct_object(child, deep=True) for child in node.value)
    items.item_lines = [child.start_mark.line + 1 for child in node.value]
    return items


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


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


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
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
# Where an anchor (&name) or alias (*name) may start; most files have none, so
# only those that do are parsed a second time, event by event, to be sure.
_MAYBE_ANCHOR = re.compile(r"(?:^|[\s\[\]{},:-])[&*][^\s\[\]{},]", re.M)
_ALIASES = "用了 YAML 锚点或别名（&、*）；手册数据不使用它们，请把内容直接写出来，以 & 或 * 开头的文字请加引号"


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


def check_control_characters(text: str, name: str) -> None:
    """A control character (NUL included) anywhere in a text file is a DataError at its line and column."""
    control = _CONTROL.search(text)
    if control:
        line = text.count("\n", 0, control.start()) + 1
        column = control.start() - (text.rfind("\n", 0, control.start()) + 1) + 1
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
    loader = _LineLoader(text)
    loader.name = name
    try:
        node = loader.get_single_node()
        if node is None:
            raise DataError(name, None, "文件为空；请删除该文件或按 CONTRIBUTING.md 填写内容")
        _check_shape(node, name)
        return loader.construct_document(node)
    except yaml.MarkedYAMLError as error:
        raise _syntax_error(error, name, text) from None
    except yaml.YAMLError as error:
        raise DataError(name, None, f"YAML 语法错误：{show(error, 200)}") from None
    finally:
        loader.dispose()


def _refuse_anchors(text: str, name: str) -> None:
    try:
        for event in yaml.parse(text, Loader=_LineLoader):
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
                raise DataError(name, event.start_mark.line + 1, _ALIASES)
    except yaml.MarkedYAMLError:
        return  # the real parse reports it, with its line


def _check_shape(root_node, name: str) -> None:
    """No node twice (an alias), nothing deeper than MAX_DEPTH; iterative, so depth cannot overflow."""
    seen: set[int] = set()
    stack = [(root_node, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise DataError(name, node.start_mark.line + 1,
                            f"嵌套超过 {MAX_DEPTH} 层；话术本、题库和禁语表都用不到这么深的结构")
        if isinstance(node, yaml.ScalarNode):
            # An escape ("\0", "\x07", "\u0000") puts a control character in the value that the raw-text check never sees.
            control = _CONTROL.search(node.value)
            if control:
                raise DataError(name, node.start_mark.line + 1,
                                f"文字里有不可见的控制字符 U+{ord(control.group()):04X}（多半写成了转义，如 \\0、\\x07）；请删除它")
            continue
        if id(node) in seen:
            raise DataError(name, node.start_mark.line + 1, _ALIASES)
        seen.add(id(node))
        children = node.value if isinstance(node, yaml.SequenceNode) else [n for pair in node.value for n in pair]
        stack.extend((child, depth + 1) for child in children)


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
    "found undefined alias": _ALIASES,
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


def _syntax_error(error: yaml.MarkedYAMLError, name: str, text: str = "") -> DataError:
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


# --- schema validation -------------------------------------------------------

_TYPE_NAMES = {str: "文本", int: "整数", bool: "true/false", list: "列表", dict: "映射（键值对）",
               datetime.date: "日期（YYYY-MM-DD）", float: "数字", type(None): "空值"}


def type_name(value: Any) -> str:
    if isinstance(value, type):
        return _TYPE_NAMES.get(value, value.__name__)
    # bool before int, and LineList/LineDict/BadDate by what they are.
    for kind in (bool, int, float, str, list, dict, datetime.date, type(None)):
        if isinstance(value, kind):
            return _TYPE_NAMES[kind]
    return type(value).__name__


class Schema(base.Config):
    """A Config schema; `nested` maps list fields to the schema of their items."""

    nested: dict = {}


def validate(node: Any, schema: type[Schema], where: str, path: str, errors: list | None = None) -> dict:
    """Validate one mapping against a schema; returns a plain dict of validated values.

    Every field is checked. All problems are raised together as DataErrors, or,
    given `errors`, added to it and the fields that failed come back as None.
    `where` names the record for messages (for example "卡片“silent-call”").
    """
    if not isinstance(node, dict):
        raise DataError(path, getattr(node, "line", None),
                        f"{where}应为映射（键值对），实际为{type_name(node)}“{show(node)}”")
    line_of = node.line_of if isinstance(node, LineDict) else (lambda key: None)
    known = [key for key, _ in schema._schema]
    raising, errors = errors is None, ([] if errors is None else errors)
    guessed = set()
    for key in node:
        if key not in known:
            guess = difflib.get_close_matches(str(key), [k for k in known if k not in node], n=1)
            guessed.update(guess)
            hint = f"，是不是“{guess[0]}”？" if guess else "；"
            errors.append(DataError(path, line_of(key), f"{where}有未知字段“{show(key)}”{hint}可用的字段：{'、'.join(known)}"))
    # Each declared option validates its own value, as Config.validate() does;
    # our options have no pre- or post-validation step, and skipping the
    # Config object per record matters at 10,000 cards.
    result = {}
    for key, option in schema._schema:
        if key in guessed:
            result[key] = None  # "missing" would only repeat the misspelling just reported
            continue
        try:
            result[key] = option.validate(node[key] if key in node else option.default)
        except base.ValidationError as error:
            problem = DataError(path, line_of(key), f"{where}的字段“{key}”：{_describe(schema, key, node, error)}")
            problem.missing_field = key if key not in node else None
            errors.append(problem)
            result[key] = None
            continue
        if option.warnings:
            warning = option.warnings[0]
            option.reset_warnings()
            errors.append(DataError(path, line_of(key), f"{where}的字段“{key}”：{warning}"))
    for key, item_schema in schema.nested.items():
        items = result.get(key) or []
        validated = []
        for index, item in enumerate(items):
            with collecting(errors):
                validated.append(validate(item, item_schema, f"{where}的 {key}[{index + 1}] ", path))
        result[key] = validated
    if raising:
        raise_collected(errors)
    return result


def _describe(schema: type[Schema], key: str, node: dict, error: Exception) -> str:
    """Say in Chinese what was expected and what was found."""
    option = dict(schema._schema)[key]
    if key not in node:
        return "缺少必填字段"
    value = node[key]
    inner = option.option if isinstance(option, c.Optional) else option
    if isinstance(inner, c.Choice):
        return f"取值应为 {'、'.join(map(str, inner.choices))} 之一，实际为“{show(value)}”"
    if isinstance(inner, c.Type):
        expected = inner._type if isinstance(inner._type, type) else inner._type[0]
        if isinstance(value, expected) and not isinstance(value, BadDate):
            return str(error)
        return f"应为{type_name(expected)}，实际为{type_name(value)}“{show(value)}”"
    return str(error)


class NonEmptyText(c.Type):
    """Text that must not be blank."""

    def __init__(self, **kwargs):
        super().__init__(str, **kwargs)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not value.strip():
            raise base.ValidationError("不能为空")
        return str(value).strip()


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
            raise base.ValidationError(f"应为列表，实际为{type_name(value)}“{show(value)}”")
        items = []
        for index, element in enumerate(value, 1):
            try:
                items.append(self.item.validate(element))
            except base.ValidationError as error:
                raise base.ValidationError(f"第 {index} 项：{_describe_item(self.item, element, error)}") from None
        return items


def _describe_item(option, value, error) -> str:
    if isinstance(option, c.Type) and not isinstance(value, option._type):
        return f"应为{type_name(option._type)}，实际为{type_name(value)}“{show(value)}”"
    return str(error)


def today() -> datetime.date:
    """The build's today; a function so tests can pin it."""
    return datetime.date.today()


class Date(c.BaseConfigOption):
    """A calendar date (YYYY-MM-DD) that exists and is not in the future."""

    def run_validation(self, value):
        if isinstance(value, BadDate):
            raise base.ValidationError(f"“{value}”{value.reason}")
        if not isinstance(value, datetime.date):
            raise base.ValidationError(f"应为日期（YYYY-MM-DD），实际为{type_name(value)}“{show(value)}”")
        if value > today() + FUTURE_TOLERANCE:
            raise base.ValidationError(f"“{value}”晚于今天；请写实际审核的日期")
        return value


class Slug(c.Type):
    """A stable id: lowercase ASCII words joined by hyphens, usable as an anchor."""

    def __init__(self, **kwargs):
        super().__init__(str, **kwargs)

    def run_validation(self, value):
        value = super().run_validation(value)
        if not is_slug(value):
            raise base.ValidationError(f"“{show(value)}”不是合法的 id：只能用小写英文字母、数字和连字符，如 silent-call")
        return str(value)


_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


def is_slug(text: str) -> bool:
    return bool(_SLUG.fullmatch(text))


def check_unique_ids(records, kind: str) -> list[DataError]:
    """Ids are unique across all files; each repeat names the first place."""
    seen: dict[str, tuple[str, int]] = {}
    errors = []
    for record in records:
        first = seen.setdefault(record["id"], (record["file"], record["line"]))
        if first != (record["file"], record["line"]):
            errors.append(DataError(record["file"], record["line"],
                                    f"{kind} id“{record['id']}”重复：已在 {first[0]}:{first[1]} 使用过"))
    return errors


def load_file(path: Path, schema: type[Schema], label: str, root: Path | None = None,
              errors: list[DataError] | None = None):
    """Parse and validate one data file's top level: (raw data with line numbers, validated top level, display name).

    Unreadable files raise. Given `errors`, problems with top-level fields go
    there and the file's records are still checked one by one (by the caller),
    so one run shows them all; without it, they are raised together.
    """
    data = load_yaml(path, root)
    name = display_path(path, root)
    return data, validate(data, schema, label, name, errors), name


def record_label(node: Any, index: int, noun: str) -> str:
    """How messages name one record: by its id, or by its position when it has none."""
    if isinstance(node, dict) and isinstance(node.get("id"), (str, int)):
        return f"{noun}“{show(node['id'])}”"
    return f"第 {index + 1} 个{noun}"


def each_record(data: dict, key: str, schema: type[Schema], noun: str, name: str, errors: list[DataError]):
    """Validate every record of a list field; yields (raw node, validated record, label) for the valid ones.

    The caller checks each record further inside `collecting(errors)`: an
    exception raised in a for loop's body leaves the loop, not this generator.
    """
    records = data.get(key)
    for index, node in enumerate(records if isinstance(records, list) else []):
        where = record_label(node, index, noun)
        try:
            record = validate(node, schema, where, name)
        except DataError as error:
            errors.extend(getattr(error, "errors", [error]))
            continue
        yield node, record, where
