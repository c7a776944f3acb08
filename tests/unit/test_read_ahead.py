"""Phrasebooks read ahead on a second core (kb.read_ahead): the same values and the same messages, in the same order."""
from __future__ import annotations

import os

import pytest

from kb import cards as kb_cards
from kb import read_ahead
from kb.loader import DataError
from kb.yaml_source import load_yaml

BOOK = """\
title: 测试话术本 {n}
order: {n}
intro: 测试用。
defaults: {{source: 测试, owner: 培训组, reviewed: 2026-11-20}}
cards:
  - {{id: card-{n}, title: 示例 {n}, stage: 开场, situation: 测试场景, why: 因为测试。, tags: [测试],
      lines: ["您好，[公司名称]客服[工号]，请问有什么可以帮您？"]}}
"""
# Not a phrasebook field, but every kind of value YAML gives: a mapping, a list, a number, a bad date, null.
ODD_VALUES = "nested: {a: [1, 2026-02-30, ~, 1.5, yes]}\n"


def _folder(tmp_path, broken: dict[int, str] | None = None, extra: str = ""):
    folder = tmp_path / "phrasebooks"
    folder.mkdir()
    for n in range(6):
        text = (broken or {}).get(n) or BOOK.format(n=n) + extra
        (folder / f"book-{n}.yml").write_text(text, encoding="utf-8")
    return folder


def _shape(value):
    """A value with every line number and type it carries, for a comparison that sees them."""
    if isinstance(value, dict):
        return (type(value).__name__, getattr(value, "line", None), getattr(value, "key_lines", None),
                [(key, _shape(item)) for key, item in value.items()])
    if isinstance(value, list):
        return (type(value).__name__, getattr(value, "item_lines", None), [_shape(item) for item in value])
    return (type(value).__name__, getattr(value, "reason", None), value)


def test_the_later_half_comes_from_the_child_with_every_line_and_type(tmp_path, monkeypatch):
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    paths = sorted(_folder(tmp_path, extra=ODD_VALUES).glob("*.yml"))
    reader = read_ahead.ReadAhead(paths, tmp_path)
    # Forked already: from here on, a file read in this process is an error for the later half.
    here = []
    monkeypatch.setattr(read_ahead, "load_yaml", lambda path, root: here.append(path) or load_yaml(path, root))
    values = [reader.load(path) for path in paths]
    reader.close()
    assert here == paths[:3]
    assert [_shape(value) for value in values] == [_shape(load_yaml(path, tmp_path)) for path in paths]


def test_small_sets_of_files_are_read_here(tmp_path, monkeypatch):
    paths = sorted(_folder(tmp_path).glob("*.yml"))
    reader = read_ahead.ReadAhead(paths, tmp_path)
    assert reader._later is None
    here = []
    monkeypatch.setattr(read_ahead, "load_yaml", lambda path, root: here.append(path) or load_yaml(path, root))
    [reader.load(path) for path in paths]
    assert here == paths


def _errors(folder, root) -> list[str]:
    errors: list[DataError] = []
    books = kb_cards.load_phrasebooks(folder, root, errors)
    return [str(error) for error in errors], books


BROKEN = {1: "title: [未闭合\n", 4: "title: x\n\tcards: []\n", 5: "cards:\n  - &a {id: x}\n  - *a\n"}


def test_files_the_child_cannot_read_give_the_same_messages_in_the_same_order(tmp_path, monkeypatch):
    folder = _folder(tmp_path, BROKEN)
    expected = _errors(folder, tmp_path)
    assert len(expected[0]) == 3 and len(expected[1]) == 3
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    assert _errors(folder, tmp_path) == expected


def _dies(paths, root):
    os._exit(3)


def test_a_child_that_dies_leaves_every_file_to_this_process(tmp_path, monkeypatch):
    folder = _folder(tmp_path, BROKEN)
    expected = _errors(folder, tmp_path)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    monkeypatch.setattr(read_ahead, "_read_each", _dies)
    assert _errors(folder, tmp_path) == expected


def test_a_load_that_stops_early_leaves_no_child(tmp_path, monkeypatch):
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    reader = read_ahead.ReadAhead(sorted(_folder(tmp_path).glob("*.yml")), tmp_path)
    process = reader._later._process
    reader.close()
    assert not process.is_alive()


@pytest.mark.parametrize("size", [0, 10**9])
def test_a_missing_file_is_still_the_loaders_message(tmp_path, monkeypatch, size):
    monkeypatch.setattr(read_ahead, "MIN_BYTES", size)
    paths = sorted(_folder(tmp_path).glob("*.yml")) + [tmp_path / "phrasebooks" / "gone.yml"]
    reader = read_ahead.ReadAhead(paths, tmp_path)
    with pytest.raises(FileNotFoundError):
        reader.load(paths[-1])
    reader.close()
