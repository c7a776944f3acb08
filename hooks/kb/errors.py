"""DataError: one mistake in a data file, located by file and line, in Chinese; and how they are collected and reported.

Loading collects them instead of stopping at the first, so a trainer sees every mistake of
a change in one run; hooks raise the whole sorted list as one PluginError, never a traceback.
Messages are Chinese with full-width punctuation, and quote values as “…”; only the
`path:line: ` prefix is ASCII, because editors and CI parse it.
"""
from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError


class DataError(Exception):
    """A mistake in a data file, located by file and line."""

    def __init__(self, path: str | Path, line: int | None, message: str, syntax: bool = False,
                 missing: str | None = None):
        self.path, self.line, self.message = str(path), line, message
        # A file that could not be parsed at all: reported first, and what only follows from it is not listed.
        self.syntax = syntax
        # What the error says is not there ("card:<id>", or a page's path under content/): when
        # that file failed to parse, this error only follows from it.
        self.missing = missing
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
