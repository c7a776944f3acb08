"""Many data files loaded on two cores: the later half in a forked child while this process loads the first.

At 10,000 cards the phrasebooks are about 5 MB of YAML, and reading and checking them
took about 2.5 s of the build's one busy core while the second sat idle: the hooks'
on_config comes before anything else is running.

The child sends back only what it loaded without any error. A file it could not load
cleanly, or every file if the child itself failed, is loaded again here, in the caller's
order: every message is the one this process gives, in the same place.
"""
from __future__ import annotations

import os
from pathlib import Path

from typing import Callable

from kb import background

# Below this many bytes of YAML in all, forking costs more than it saves (the real handbook: 84 KB).
MIN_BYTES = 1_000_000


class ReadAhead:
    """`clean(path)` for the later half of `paths` on another core; it raises for a file with any problem."""

    def __init__(self, paths: list[Path], clean: Callable):
        self._later, self._values, self._ahead = None, None, set()
        if sum(_size(path) for path in paths) >= MIN_BYTES:
            ahead = list(paths[len(paths) // 2:])
            self._ahead = set(ahead)
            self._later = background.Later(_each, ahead, clean)

    def load(self, path: Path, here: Callable):
        """The child's value for `path`, or `here()`: the load in this process, with its messages."""
        if path in self._ahead:
            if self._values is None:
                # A child that failed leaves every file to here(), each with its own message.
                self._values = background.value_or(self._later, dict)
            if path in self._values:
                return self._values.pop(path)
        return here()

    def close(self) -> None:
        """Stop the child if its values were never asked for (the caller stopped early)."""
        if self._later is not None and self._values is None:
            self._later.cancel()


def _each(paths: list[Path], clean: Callable) -> dict:
    values = {}
    for path in paths:
        try:
            values[path] = clean(path)
        except Exception:  # noqa: BLE001 (loaded again by the parent, which reports it)
            continue
    return values


def _size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
