"""Many YAML files parsed on two cores: the later half in a forked child while this process reads the first.

At 10,000 cards the phrasebooks are about 5 MB of YAML, and parsing them (libyaml, then
kb.yaml_source's walk) took about 1.5 s of the build's one busy core while the second
sat idle: the hooks' on_config comes before anything else is running.

The child sends back only the values of the files it read without any error. A file it
could not read, or every file if the child itself failed, is read again here, in the
caller's order: every message is the one load_yaml gives in this process.
"""
from __future__ import annotations

import os
from pathlib import Path

from kb import background
from kb.yaml_source import load_yaml

# Below this many bytes of YAML in all, forking costs more than it saves (the real handbook: 84 KB).
MIN_BYTES = 1_000_000


class ReadAhead:
    """load_yaml(path, root) for each of `paths`, the later half of them read ahead on another core."""

    def __init__(self, paths: list[Path], root: Path | None):
        self._root, self._later, self._values, self._ahead = root, None, None, set()
        if sum(_size(path) for path in paths) >= MIN_BYTES:
            ahead = list(paths[len(paths) // 2:])
            self._ahead = set(ahead)
            self._later = background.Later(_read_each, ahead, root)

    def load(self, path: Path):
        if path in self._ahead:
            if self._values is None:
                self._values = self._child_values()
            if path in self._values:
                return self._values.pop(path)
        return load_yaml(path, self._root)

    def close(self) -> None:
        """Stop the child if its values were never asked for (the caller stopped early)."""
        if self._later is not None and self._values is None:
            self._later.cancel()

    def _child_values(self) -> dict:
        try:
            return self._later.result()
        except Exception:  # noqa: BLE001 (the child failed: each file is read here instead, with its own message)
            return {}


def _read_each(paths: list[Path], root: Path | None) -> dict:
    values = {}
    for path in paths:
        try:
            values[path] = load_yaml(path, root)
        except Exception:  # noqa: BLE001 (read again by the parent, which reports it)
            continue
    return values


def _size(path: Path) -> int:
    try:
        return os.path.getsize(path)
    except OSError:
        return 0
