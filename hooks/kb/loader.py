"""Loading data files: read (kb.yaml_source), validate (kb.schema), report (kb.errors).

The feature loaders (cards, rules, quizzes, search tables) import what they need from here.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from kb.errors import (DataError, DataErrors, collecting, primary, raise_collected, report,  # noqa: F401
                       reported_as_build_error, show, sort_errors)
from kb.schema import (FUTURE_TOLERANCE, Date, ListOf, NonEmptyText, Schema, Slug, is_slug, today,  # noqa: F401
                       type_name, validate)
from kb.yaml_source import (MAX_DEPTH, BadDate, LineDict, LineList, check_control_characters,  # noqa: F401
                            display_path, item_line, load_yaml, read_text)


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
