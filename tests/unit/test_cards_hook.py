"""hooks/cards.py renders half the card pages on a second core: the same pages in the same order, the same error."""
from __future__ import annotations

import os

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import Files

import cards as cards_hook
from conftest import ROOT
from kb import background


@pytest.fixture(scope="module")
def config():
    loaded = load_config(str(ROOT / "mkdocs.yml"))
    yield loaded.plugins.on_config(loaded)
    # on_config forked children for a build that never comes (hooks/safety.py's page scan waits for
    # pages): a build ends them at on_post_build or on_build_error, this fixture here.
    background.cancel_all()


def _pages(config) -> list[tuple[str, str]]:
    return [(file.src_uri, file.content_string) for file in cards_hook.on_files(Files([]), config)]


def test_pages_rendered_ahead_are_the_pages_rendered_here_in_the_same_order(config, monkeypatch):
    expected = _pages(config)
    assert len(expected) == 4 + 16
    monkeypatch.setattr(cards_hook, "RENDER_AHEAD_CARDS", 0)
    rendered_here = []
    book_pages = cards_hook._book_pages
    # The child inherits the patch, but what it appends stays in the child: the list holds the pages rendered here.
    monkeypatch.setattr(cards_hook, "_book_pages",
                        lambda m, books: rendered_here.extend(book["slug"] for book in books) or book_pages(m, books))
    assert _pages(config) == expected
    assert rendered_here == [path[len("phrasebooks/"):-3] for path, _ in expected[4:12]]


def _dies(*args):
    os._exit(3)


def test_a_child_that_dies_leaves_the_pages_to_this_process(config, monkeypatch):
    expected = _pages(config)
    monkeypatch.setattr(cards_hook, "RENDER_AHEAD_CARDS", 0)
    later = background.Later
    monkeypatch.setattr(background, "Later", lambda function, *args: later(_dies, *args))
    assert _pages(config) == expected


def test_an_error_in_rendering_is_raised_as_it_always_was(config, monkeypatch):
    def broken(books):
        raise ValueError("速查卡出错")
    monkeypatch.setattr(cards_hook, "_cheatsheet", broken)
    for cards in (10**9, 0):
        monkeypatch.setattr(cards_hook, "RENDER_AHEAD_CARDS", cards)
        with pytest.raises(ValueError, match="^速查卡出错$"):
            _pages(config)
