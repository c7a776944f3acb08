"""jieba's dictionary for one build: the user dictionary as the file says now, not as it said at start.

jieba keeps one global dictionary, and load_userdict only ever adds to it. Under
`mkdocs serve` a word removed from content/search/userdict.txt stayed in force
until the server restarted. Each build therefore starts from jieba's own
dictionary (read back from jieba's cache, well under a second) and loads the
user dictionary again. Material's search plugin uses the same global tokenizer.

The search index cuts the same text more than once (hooks/search.py cuts the
cards while the pages are converted, then the whole index with the pages'
sections): the cuts below are kept until the dictionary changes.
"""
from __future__ import annotations

import functools
import logging
from pathlib import Path

import jieba


def reset_with_user_dict(path: Path) -> None:
    # Its "Building prefix dict…" lines are English noise in trainers' logs.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.dt
    with tokenizer.lock:
        tokenizer.initialized = False
        tokenizer.user_word_tag_tab = {}
    tokenizer.initialize()
    jieba.load_userdict(str(path))
    for cut in (words, search_words, tokens):
        cut.cache_clear()
    for kept in _memos.values():
        kept.clear()


_memos: dict[str, dict] = {}


def memo(name: str) -> dict:
    """A memo for one build's search index (each entry's terms, from these cuts; pieces, readings),
    emptied with the cuts: nothing outlives the build that made it."""
    return _memos.setdefault(name, {})


@functools.lru_cache(maxsize=None)
def words(text: str) -> tuple[str, ...]:
    """jieba's words of `text` (exact mode, no HMM: a build gives the same words every time)."""
    return tuple(jieba.cut(text, HMM=False))


@functools.lru_cache(maxsize=None)
def search_words(text: str) -> tuple[str, ...]:
    """jieba's search-mode words of `text`: a long word also gives its parts."""
    return tuple(jieba.cut_for_search(text, HMM=False))


@functools.lru_cache(maxsize=None)
def tokens(text: str) -> tuple[tuple[str, int, int], ...]:
    """(word, start, end) of words(text)."""
    return tuple(jieba.tokenize(text, HMM=False))
