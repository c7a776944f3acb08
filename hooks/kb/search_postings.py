"""The term sections of the search index (hooks/kb/search_index.py's layout), built with numpy.

At 10,000 cards the index has about 820,000 postings. Building a table of them and encoding
their varints one Python call at a time took about 3 s of the packing child, and that child is
the end of the build: the pages' templates are done before it is. Here the terms of every entry
are gathered with list operations, and sorting, delta-coding and varint-coding run on arrays.
The bytes are the ones the per-posting loop wrote (tests/unit/test_search_postings.py).
"""
from __future__ import annotations

# Terms longer than two characters are words (jieba cut them): the browser treats a query's
# match on them as a whole word.
WORD_MIN_CHARS = 3


def term_sections(entry_terms: list[tuple[dict[str, float], set[str], float]]) -> tuple[dict[str, bytes], list[int]]:
    """The sections terms, term_sizes, term_flags, post_counts, id_sizes, ids and weights, and each
    entry's length, from each entry's (weighted term frequencies, two-character words, length)."""
    import numpy

    lengths, words, flat, frequencies, counts = [], set(), [], [], []
    for tf, two, length in entry_terms:
        words |= two
        lengths.append(min(65535, round(length)))
        flat.extend(tf)
        frequencies.extend(tf.values())
        counts.append(len(tf))
    terms = sorted(set(flat))
    number = {term: n for n, term in enumerate(terms)}
    term_ids = numpy.fromiter(map(number.__getitem__, flat), dtype=numpy.int64, count=len(flat))
    # Half units, rounded half to even as Python's round() does, at most a byte.
    weights = numpy.minimum(255, numpy.rint(numpy.asarray(frequencies, dtype=numpy.float64) * 2)).astype(numpy.uint8)
    entries = numpy.repeat(numpy.arange(len(counts), dtype=numpy.int64), counts)
    # A stable sort by term keeps each term's entries ascending, the order they were counted in.
    order = numpy.argsort(term_ids, kind="stable")
    term_ids, entries, weights = term_ids[order], entries[order], weights[order]
    previous = numpy.zeros_like(entries)
    previous[1:] = entries[:-1]
    previous[numpy.flatnonzero(numpy.diff(term_ids)) + 1] = 0  # each term's first entry is stored whole
    ids, id_bytes = varints(entries - previous)
    post_counts = numpy.bincount(term_ids, minlength=len(terms))
    id_sizes = numpy.bincount(term_ids, weights=id_bytes, minlength=len(terms)).astype(numpy.int64)
    encoded = [term.encode() for term in terms]
    flags = bytes(1 if term in words or len(term) >= WORD_MIN_CHARS else 0 for term in terms)
    return {"terms": b"".join(encoded),
            "term_sizes": bytes(map(len, encoded)),  # at most 8 characters of 4 bytes: a byte holds it
            "term_flags": flags,
            "post_counts": varints(post_counts)[0], "id_sizes": varints(id_sizes)[0],
            "ids": ids, "weights": weights.tobytes()}, lengths


def varints(values) -> tuple[bytes, object]:
    """LEB128 of each non-negative value, back to back, and each one's byte count (a numpy array)."""
    import numpy

    values = numpy.asarray(values, dtype=numpy.int64)
    sizes = numpy.ones(len(values), dtype=numpy.int64)
    for shift in range(7, 63, 7):
        sizes += values >= (1 << shift)
    out = numpy.zeros(int(sizes.sum()), dtype=numpy.uint8)
    starts = numpy.cumsum(sizes) - sizes
    for k in range(int(sizes.max()) if len(values) else 0):
        has = sizes > k
        more = (sizes > k + 1).astype(numpy.int64) << 7
        out[starts[has] + k] = (((values[has] >> (7 * k)) & 0x7F) | more[has]).astype(numpy.uint8)
    return out.tobytes(), sizes
