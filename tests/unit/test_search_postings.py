"""hooks/kb/search_postings.py: the index's term sections, built on arrays, are the bytes a plain loop writes."""
import random

from kb import search_index, search_postings


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def _by_loop(entry_terms):
    """The format as search_index.py's docstring describes it, one posting at a time."""
    table, words, lengths = {}, set(), []
    for entry, (tf, two, length) in enumerate(entry_terms):
        words |= two
        lengths.append(min(65535, round(length)))
        for term, frequency in tf.items():
            table.setdefault(term, []).append((entry, min(255, round(frequency * 2))))
            if len(term) > 2:
                words.add(term)
    blob, sizes, flags, counts, id_sizes, ids, weights = (bytearray() for _ in range(7))
    for term in sorted(table):
        blob += term.encode()
        sizes.append(len(term.encode()))
        flags.append(1 if term in words else 0)
        previous, start = 0, len(ids)
        for entry, weight in table[term]:
            _varint(entry - previous, ids)
            previous = entry
            weights.append(weight)
        _varint(len(table[term]), counts)
        _varint(len(ids) - start, id_sizes)
    return {"terms": bytes(blob), "term_sizes": bytes(sizes), "term_flags": bytes(flags), "post_counts": bytes(counts),
            "id_sizes": bytes(id_sizes), "ids": bytes(ids), "weights": bytes(weights)}, lengths


def test_varints_are_leb128_at_every_byte_boundary():
    values = [0, 1, 127, 128, 255, 16383, 16384, 2_097_151, 2_097_152, 2 ** 35 + 5]
    expected = bytearray()
    for value in values:
        _varint(value, expected)
    encoded, sizes = search_postings.varints(values)
    assert encoded == bytes(expected)
    assert list(sizes) == [1, 1, 1, 2, 2, 2, 3, 3, 4, 6]
    assert search_postings.varints([])[0] == b""


def test_term_sections_are_the_bytes_of_the_plain_loop():
    rng = random.Random(21)
    vocabulary = ["客户", "投诉", "退款流程", "a", "解释", "情绪", "稍等片刻", "啥", "VIP", "回访客户"]
    # Enough entries that some terms' gaps need two and three varint bytes; halves that round both ways.
    entry_terms = []
    for _ in range(20_000):
        tf = {term: rng.choice([0.25, 0.75, 1.0, 1.25, 3.0, 7.5, 200.0]) for term in rng.sample(vocabulary, rng.randint(0, 2))}
        entry_terms.append((tf, {word for word in tf if len(word) == 2 and rng.random() < 0.5}, rng.uniform(0, 70000)))
    entry_terms[17_000] = ({"孤": 1.0}, set(), 3.0)  # a term whose only entry is stored whole, past 16,383
    assert search_postings.term_sections(entry_terms) == _by_loop(entry_terms)


def test_no_entries_give_empty_sections():
    sections, lengths = search_postings.term_sections([])
    assert lengths == [] and set(sections.values()) == {b""}


def test_a_packed_index_reads_back_with_every_posting():
    docs = [["card", "a/#x", "开场白", "问候 你好", "您好，很高兴为您服务", "开场", "接听", ["您好"]],
            ["rule", "rules/#r", "服务禁语：不知道", "推诿", "开场以后我帮您查一下", "推诿"]]
    fields = [{"title": [title], "alias": [], "situation": [], "body": [body], "related": []}
              for _, _, title, _, body, *_ in docs]
    index = search_index.unpack(search_index.pack({}, docs, ["card", "rule"], fields), with_postings=True)
    assert [row[:5] for row in index["docs"]] == [row[:5] for row in docs]
    # The title weighs 3 (6 half units), the body 1.
    assert index["postings"]["开场"] == [(0, 6), (1, 2)]
    assert index["postings"]["服务"] == [(1, 6)]
