"""Validate one record against a schema of MkDocs config options, with Chinese messages.

Every field is checked, a misspelt key fails with a guess at the right one, and each
problem names the file, line and field.
"""
from __future__ import annotations

import datetime
import difflib
import functools
import re
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from kb.errors import DataError, collecting, raise_collected, show
from kb.yaml_source import BadDate, LineDict, item_line

# A `reviewed:` date may be this far ahead of the build machine's clock
# (time zones), and no further: a future date would keep a card fresh forever.
FUTURE_TOLERANCE = datetime.timedelta(days=1)


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


@functools.cache
def options(schema: type[Schema]) -> list[tuple[str, c.BaseConfigOption]]:
    """The schema's fields in the order they are declared (base classes first), read from the class itself.

    Cached: a schema is a class fixed at import, and at 10,000 cards this ran 20,000 times.
    """
    found: dict[str, c.BaseConfigOption] = {}
    for klass in reversed(schema.__mro__):
        found.update({key: value for key, value in vars(klass).items() if isinstance(value, c.BaseConfigOption)})
    return list(found.items())


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
    known = [key for key, _ in options(schema)]
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
    for key, option in options(schema):
        if key in guessed:
            result[key] = None  # "missing" would only repeat the misspelling just reported
            continue
        try:
            result[key] = option.validate(node[key] if key in node else option.default)
        except base.ValidationError as error:
            # A bad list item is reported at its own line.
            line = item_line(node.get(key), error.index, line_of(key)) if isinstance(error, ItemError) else line_of(key)
            problem = DataError(path, line, f"{where}的字段“{key}”：{_describe(schema, key, node, error)}")
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
    option = dict(options(schema))[key]
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
            # MkDocs' options take an empty value (a "-" alone, or ~) for "not set" and return it,
            # or their default; an item is never optional.
            if element is None:
                raise ItemError(f"第 {index} 项是空的；请写上内容，或删掉这一项", index - 1)
            try:
                items.append(self.item.validate(element))
            except base.ValidationError as error:
                raise ItemError(f"第 {index} 项：{_describe_item(self.item, element, error)}", index - 1) from None
        return items


class ItemError(base.ValidationError):
    """A list item that failed; `index` (from 0) lets the message give the item's own line."""

    def __init__(self, message: str, index: int):
        super().__init__(message)
        self.index = index


class Integer(c.Type):
    """A whole number. YAML's true and false are Python's 1 and 0, and no count or line number."""

    def __init__(self, **kwargs):
        super().__init__(int, **kwargs)

    def run_validation(self, value):
        if isinstance(value, bool):
            raise base.ValidationError(f"应为整数，实际为 true/false 值“{str(value).lower()}”")
        return super().run_validation(value)


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
