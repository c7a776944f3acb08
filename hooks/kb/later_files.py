"""Generated pages whose Markdown is still being written by a background child (kb.background).

MkDocs reads a page's Markdown only when it converts that page. A hook can hand over
such pages in on_files before their text exists: the build goes on with the navigation
and the pages before them, and waits for the text, if at all, when it first reads one.
"""
from __future__ import annotations

from typing import Callable

from mkdocs.structure.files import File


def later_pages(config, paths: list[str], values: Callable[[], dict]) -> list[File]:
    """A generated page for each of `paths`, whose Markdown is `values()[path]`; `values` is
    called once, at the first read of any of them (any error it raises is raised there)."""
    pending = _Pending(values)
    files = []
    for path in paths:
        file = _LaterFile.generated(config, path, content="")
        file._source = (pending, path)
        files.append(file)
    return files


class _Pending:
    def __init__(self, values: Callable[[], dict]):
        self._values, self._got = values, None

    def take(self, path: str) -> str:
        if self._got is None:
            self._got = self._values()
        return self._got.pop(path)


class _LaterFile(File):
    """File.generated whose `_content` (all that File's reading goes through) is taken on first use."""
    _source: tuple[_Pending, str] | None = None
    _value: str | bytes | None = None

    @property
    def _content(self):
        if self._source is not None:
            pending, path = self._source
            self._value = pending.take(path)
            self._source = None
        return self._value

    @_content.setter
    def _content(self, value):
        self._source, self._value = None, value
