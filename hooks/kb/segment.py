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
import os
import re
from pathlib import Path

import jieba

from kb.errors import DataError, reported_as_build_error, show

# jieba's own commonest word (了) counts 883,634: a word above that outweighs every other
# and tunes nothing. And past 4,300 digits jieba's int() fails with a traceback.
MAX_FREQUENCY = 1_000_000
_FREQUENCY = re.compile(r"\S+ ([0-9]+)(?: [a-zA-Z]+)?")


def check_frequencies(text: str, name: str) -> None:
    """A DataError at the first line of the user dictionary whose frequency is over MAX_FREQUENCY.

    The line format itself is content.py's _check_user_dict; this is the bound it lacks.
    """
    for number, line in enumerate(text.split("\n"), start=1):
        entry = _FREQUENCY.fullmatch(line.strip())
        # The length first: int() of 4,300 digits and more raises.
        if entry and (len(entry.group(1)) > len(str(MAX_FREQUENCY)) or int(entry.group(1)) > MAX_FREQUENCY):
            raise DataError(name, number, f"词频“{show(entry.group(1), 20)}”太大；最大为 {MAX_FREQUENCY}"
                                          "（jieba 自带词典里最常用的词也不到这个数），一般写 50 左右")


def reset_with_user_dict(path: Path) -> None:
    # Checked here too: whichever caller forgot, jieba never sees a frequency it cannot read.
    with reported_as_build_error():
        check_frequencies(path.read_text(encoding="utf-8"), os.path.relpath(path))
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
