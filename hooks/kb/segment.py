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
import re
from pathlib import Path

import jieba

from kb.errors import DataError, show

# jieba's user dictionary: one word per line, then an optional frequency and an optional part of speech.
# jieba itself takes almost any line (a space inside the "word", a frequency of "abc") without a word.
_USER_DICT_LINE = re.compile(r"\S+(?: ([0-9]+))?(?: [a-zA-Z]+)?")
# jieba's own commonest word (了) counts 883,634: a word above that outweighs every other
# and tunes nothing. And past 4,300 digits jieba's int() fails with a traceback.
MAX_FREQUENCY = 1_000_000


def check_user_dict(text: str, name: str) -> None:
    """A DataError at the first line of the user dictionary that jieba would misread or choke on.

    The one check of userdict.txt: content.load_all runs it, and reset_with_user_dict is only
    called on a dictionary that passed (content.for_build stops at any data error first).
    """
    for number, line in enumerate(text.split("\n"), start=1):
        entry = line.strip()
        if not entry:
            continue
        match = _USER_DICT_LINE.fullmatch(entry)
        if not match:
            raise DataError(name, number, f"这一行“{entry[:40]}”不是词典条目；每行写一个词，后面可选写词频（整数）和词性（字母），"
                                          "用一个空格隔开，如“无声电话 50 n”")
        frequency = match.group(1)
        # The length first: int() of 4,300 digits and more raises.
        if frequency and (len(frequency) > len(str(MAX_FREQUENCY)) or int(frequency) > MAX_FREQUENCY):
            raise DataError(name, number, f"词频“{show(frequency, 20)}”太大；最大为 {MAX_FREQUENCY}"
                                          "（jieba 自带词典里最常用的词也不到这个数），一般写 50 左右")


def reset_with_user_dict(path: Path) -> None:
    """jieba's own dictionary plus `path`, which check_user_dict has passed."""
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


def frequency(word: str) -> int:
    """How often jieba's dictionary (with the user dictionary) counts `word` as a word; 0 for none."""
    jieba.dt.check_initialized()
    return jieba.dt.FREQ.get(word) or 0
