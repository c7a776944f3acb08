"""Phrasebooks loaded ahead on a second core (kb.read_ahead): the same books and the same messages, in the same order."""
from __future__ import annotations

import os

import pytest

from kb import cards as kb_cards
from kb import read_ahead
from kb.loader import DataError
from kb.yaml_source import load_yaml

_original_load = kb_cards.load_phrasebook

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


def _loaded(reader, paths, root):
    """Each file's value, and the files loaded in this process."""
    here = []
    values = [reader.load(path, lambda: here.append(path) or load_yaml(path, root)) for path in paths]
    reader.close()
    return values, here


def test_the_later_half_comes_from_the_child_with_every_line_and_type(tmp_path, monkeypatch):
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    paths = sorted(_folder(tmp_path, extra=ODD_VALUES).glob("*.yml"))
    values, here = _loaded(read_ahead.ReadAhead(paths, lambda path: load_yaml(path, tmp_path)), paths, tmp_path)
    assert here == paths[:3]
    assert [_shape(value) for value in values] == [_shape(load_yaml(path, tmp_path)) for path in paths]


def test_small_sets_of_files_are_loaded_here(tmp_path):
    paths = sorted(_folder(tmp_path).glob("*.yml"))
    reader = read_ahead.ReadAhead(paths, lambda path: load_yaml(path, tmp_path))
    assert reader._later is None
    assert _loaded(reader, paths, tmp_path)[1] == paths


def test_books_from_the_child_are_the_books_loaded_here(tmp_path, monkeypatch):
    folder = _folder(tmp_path)
    expected = kb_cards.load_phrasebooks(folder, tmp_path)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    loaded_here = []
    # The child inherits the patch, but what it appends stays in the child: the list holds the loads made here.
    monkeypatch.setattr(kb_cards, "load_phrasebook", lambda *args: loaded_here.append(args[0]) or _original_load(*args))
    assert kb_cards.load_phrasebooks(folder, tmp_path) == expected
    assert [path.name for path in loaded_here] == ["book-0.yml", "book-1.yml", "book-2.yml"]


def _errors(folder, root) -> list[str]:
    errors: list[DataError] = []
    books = kb_cards.load_phrasebooks(folder, root, errors)
    return [str(error) for error in errors], books


BROKEN = {1: "title: [未闭合\n", 3: BOOK.format(n=3) + "colour: 红\n", 4: "title: x\n\tcards: []\n",
          5: "cards:\n  - &a {id: x}\n  - *a\n"}


def test_files_the_child_cannot_read_give_the_same_messages_in_the_same_order(tmp_path, monkeypatch):
    folder = _folder(tmp_path, BROKEN)
    expected = _errors(folder, tmp_path)
    assert len(expected[0]) == 4 and len(expected[1]) == 3
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    assert _errors(folder, tmp_path) == expected


def _dies(paths, clean):
    os._exit(3)


def test_a_child_that_dies_leaves_every_file_to_this_process(tmp_path, monkeypatch):
    folder = _folder(tmp_path, BROKEN)
    expected = _errors(folder, tmp_path)
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    monkeypatch.setattr(read_ahead, "_each", _dies)
    assert _errors(folder, tmp_path) == expected


def test_a_load_that_stops_early_leaves_no_child(tmp_path, monkeypatch):
    monkeypatch.setattr(read_ahead, "MIN_BYTES", 0)
    reader = read_ahead.ReadAhead(sorted(_folder(tmp_path).glob("*.yml")), lambda path: load_yaml(path, tmp_path))
    process = reader._later._process
    reader.close()
    assert not process.is_alive()


@pytest.mark.parametrize("size", [0, 10**9])
def test_a_missing_file_is_still_the_loaders_message(tmp_path, monkeypatch, size):
    monkeypatch.setattr(read_ahead, "MIN_BYTES", size)
    paths = sorted(_folder(tmp_path).glob("*.yml")) + [tmp_path / "phrasebooks" / "gone.yml"]
    reader = read_ahead.ReadAhead(paths, lambda path: load_yaml(path, tmp_path))
    with pytest.raises(FileNotFoundError):
        reader.load(paths[-1], lambda: load_yaml(paths[-1], tmp_path))
    reader.close()
