"""The search index as the browser reads it: postings built here, at build time, in one binary file.

The browser does no indexing. It fetches `assets/kb/search.<hash>.bin` (the name
changes with the content, so nginx lets browsers keep it for a year), and reads
it through typed-array views on the downloaded bytes: nothing is parsed but a
small JSON header, and an entry's text is decoded only when it is shown or
re-scored. content/assets/kb/search-engine.js reads this format; `unpack`
below reads it back in Python for tests and tools.

Layout (little-endian), every section 4-byte aligned:
    "KBS5"  u32 header length  header JSON (UTF-8, padded with spaces)  sections…
The header names each section's [offset, byte length]. Where an entry's or a term's data starts is
not stored: each section below stores sizes (small numbers, which gzip packs five times better than
the u32 positions KBS3 had) and the reader adds them up once on opening.
    docs        UTF-8 JSON arrays, one per entry, back to back (fields as in header "fields"),
                the whole section raw-deflated (zlib, no header): it is 70 % of the bytes, and
                every byte the browser reads or keeps (download, IndexedDB) delays the first query
                at 10,000 cards more than inflating it once does
    doc_sizes   varint × entries      the byte length of each entry's JSON in the inflated docs
    doc_kinds   u8 × entries          index into header "kinds"
    field_lengths u8 × entries, per measured field (title, alias, situation, body: header "field_b"),
                field after field: its length in characters as round(8 · log2(1 + length)) (BM25F
                normalises each field by its own length; header "field_average" is each field's
                average over the entries that have it)
    terms       UTF-8 of every term, sorted by code point (= by UTF-8 bytes), back to back
    term_sizes  u8 × terms            the UTF-8 byte length of each term (a term is at most 8 characters)
    term_flags  u8 × terms            1: jieba cut it as a word somewhere in the text
    post_counts varint × terms        how many postings each term has (its entries in `ids`, weights in `weights`)
    id_sizes    varint × terms        the byte length of each term's postings in `ids`
    ids         varint deltas of entry numbers, ascending per term
    weights     u8 per posting: a code for the term's count in each field, header "tf_codes"[code] =
                [title, alias, situation, body, related] (commonest first; a few hundred combinations, few
                values: gzip likes them)
"""
from __future__ import annotations

import hashlib
import json
import math
import re
import struct
import zlib
from array import array
from collections import Counter

MAGIC = b"KBS5"
# Field weights: what an entry is (title, names, situation) counts above what it says (body); the
# words near its meaning (hooks/kb/search_related.py) count as a body word, and not in its length.
FIELD_WEIGHT = {"title": 3.0, "alias": 3.0, "situation": 2.0, "body": 1.0, "related": 1.0}
# BM25F: a term's count in a field is normalised by that field's length against the field's average,
# each field by its own b, before the fields are weighted and summed (the engine's header). related has
# no length: it is a list of words, not text.
FIELD_B = {"title": 0.5, "alias": 0.5, "situation": 0.5, "body": 0.5}
MEASURED_FIELDS = tuple(FIELD_B)
# Short fields are indexed by bigrams and words; titles by single characters too: a one-character 禁语 (啥) is a whole title item.
SHORT_FIELDS = ("title", "alias", "situation")
CHAR_FIELDS = ("title",)
K1 = 1.2
# A field's length is stored in a byte, on a log scale: 2^(q/8) − 1 characters, 9 % steps.
LENGTH_STEPS = 8
_MAX_WORD = 8
_SPLIT = re.compile(r"[\s\u200b，。、；：！？,.;:!?“”\"'（）()【】\[\]·…\-—/|]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


def pieces(text: str, normalise) -> list[str]:
    """A field's text cut at spaces and punctuation, each piece normalised: no gram spans two aliases."""
    from kb import segment
    kept = segment.memo("pieces")  # the build cuts the cards twice (hooks/search.py)
    if (text, normalise) not in kept:
        kept[text, normalise] = tuple(p for p in (normalise(part) for part in _SPLIT.split(text)) if p)
    return list(kept[text, normalise])


class Analyser:
    """Terms of an entry. Short fields: character bigrams, single characters and the jieba words of
    three or more characters (search mode, so a long word also gives its parts). The body: its
    jieba words of two or more characters only, which keeps the postings of 10,000 cards small and stops a bigram that straddles two
    words of a long script from matching."""

    def __init__(self):
        from kb import segment
        self._cut_all = segment.search_words
        self._cut = segment.words
        # An entry's terms are kept: the build packs the cards twice (hooks/search.py).
        self._entries = segment.memo("entry terms")
        self._memo: dict[tuple[str, bool], list[str]] = {}

    def _terms(self, piece: str, short: bool) -> list[str]:
        found = self._memo.get((piece, short))
        if found is None:
            cut = self._cut_all if short else self._cut
            words = [w for w in cut(piece) if len(w) >= 2 and len(w) <= _MAX_WORD]
            if short:
                chars = list(piece)
                found = [a + b for a, b in zip(chars, chars[1:])] + [w for w in words if len(w) > 2]
            else:
                found = words or ([piece] if len(piece) <= _MAX_WORD else [])
            self._memo[(piece, short)] = found
        return found

    def words(self, piece: str) -> set[str]:
        """The two-character words jieba cuts from a piece (a query's bigram that is a word counts fully)."""
        return {w for w in self._terms(piece, False) if len(w) == 2}

    def terms(self, fields: dict[str, list[str]]) -> tuple[dict[str, tuple[int, ...]], set[str], tuple[int, ...]]:
        """Each term's count in each field (FIELD_WEIGHT's order), the entry's two-character words,
        and the length in characters of each measured field (MEASURED_FIELDS)."""
        key = tuple((field, tuple(texts)) for field, texts in fields.items())
        if key not in self._entries:
            self._entries[key] = self._counted(fields)
        return self._entries[key]

    def _counted(self, fields: dict[str, list[str]]) -> tuple[dict[str, tuple[int, ...]], set[str], tuple[int, ...]]:
        counts: dict[str, list[int]] = {}
        words: set[str] = set()
        lengths = dict.fromkeys(MEASURED_FIELDS, 0)
        for field, texts in fields.items():
            slot = _FIELD_SLOT[field]
            short = field in SHORT_FIELDS
            for piece in texts:
                terms = self._terms(piece, short)
                if field in CHAR_FIELDS:
                    terms = terms + list(dict.fromkeys(piece))
                for term in terms:
                    counts.setdefault(term, [0] * len(FIELD_WEIGHT))[slot] += 1
                if field not in lengths:
                    words.add(piece)  # a vocabulary word of the vectors, whole
                    continue
                words |= self.words(piece)
                lengths[field] += len(piece)
        return {term: tuple(c) for term, c in counts.items()}, words, tuple(lengths.values())


_FIELD_SLOT = {field: slot for slot, field in enumerate(FIELD_WEIGHT)}


def postings(entry_fields: list[dict[str, list[str]]]) -> tuple[dict[str, list[tuple[int, tuple[int, ...]]]], set[str], list[tuple[int, ...]]]:
    """term → [(entry, its count in each field)], the terms that are words, each entry's field lengths."""
    analyser = Analyser()
    table: dict[str, list[tuple[int, tuple[int, ...]]]] = {}
    words: set[str] = set()
    lengths = []
    for entry, fields in enumerate(entry_fields):
        counts, two, measured = analyser.terms(fields)
        words |= two
        lengths.append(measured)
        for term, count in counts.items():
            table.setdefault(term, []).append((entry, count))
            if len(term) > 2:
                words.add(term)
    return table, words, lengths


def quantised_length(length: int) -> int:
    """A field's length as its byte: round(LENGTH_STEPS · log2(1 + length)), at most 255."""
    return min(255, round(LENGTH_STEPS * math.log2(1 + length)))


def length_of(byte: int) -> float:
    """The length a stored byte stands for (the engine reads it the same way)."""
    return 2 ** (byte / LENGTH_STEPS) - 1


def tf_codes(table: dict[str, list[tuple[int, tuple[int, ...]]]]) -> dict[tuple[int, ...], int]:
    """Per-field counts → a byte. The commonest 256 combinations have a code each, commonest first (small,
    few values: gzip likes them); a rarer one takes the code of the nearest by weighted count, field by field."""
    seen = Counter(count for found in table.values() for _, count in found)
    ranked = [count for count, _ in sorted(seen.items(), key=lambda pair: (-pair[1], pair[0]))]
    codes = {count: code for code, count in enumerate(ranked[:256])}
    weights = list(FIELD_WEIGHT.values())
    for count in ranked[256:]:
        nearest = min(ranked[:256], key=lambda kept: (sum(w * abs(a - b) for w, a, b in zip(weights, count, kept)), codes[kept]))
        codes[count] = codes[nearest]
    return codes


def pack(header: dict, docs: list[list], kinds: list[str], entry_fields: list[dict[str, list[str]]]) -> bytes:
    table, words, lengths = postings(entry_fields)
    terms = sorted(table)
    codes = tf_codes(table)
    code_table = _code_table(codes)
    sections: dict[str, bytes] = {}

    blob, sizes = bytearray(), bytearray()
    for row in map(_stored, docs):
        data = json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()
        blob += data
        _varint(len(data), sizes)
    sections["docs"], sections["doc_sizes"] = _deflated(bytes(blob)), bytes(sizes)
    sections["doc_kinds"] = bytes(kinds.index(row[0]) for row in docs)
    # Field by field: the lengths of one field are alike, which gzip likes better than entry by entry.
    stored = [[quantised_length(measured[slot]) for measured in lengths] for slot in range(len(MEASURED_FIELDS))]
    sections["field_lengths"] = bytes(byte for column in stored for byte in column)

    blob, term_sizes, flags = bytearray(), bytearray(), bytearray()
    post_counts, id_sizes, ids, weights = bytearray(), bytearray(), bytearray(), bytearray()
    for term in terms:
        data = term.encode()
        blob += data
        term_sizes.append(len(data))  # at most 8 characters of 4 bytes: a byte holds it
        flags.append(1 if term in words else 0)
        previous, start = 0, len(ids)
        for entry, count in table[term]:
            _varint(entry - previous, ids)
            previous = entry
            weights.append(codes[count])
        _varint(len(table[term]), post_counts)
        _varint(len(ids) - start, id_sizes)
    sections.update(terms=bytes(blob), term_sizes=bytes(term_sizes), term_flags=bytes(flags),
                    post_counts=bytes(post_counts), id_sizes=bytes(id_sizes), ids=bytes(ids),
                    weights=bytes(weights))

    # A field's average over the entries that have it (an entry without it has no term there to normalise).
    averages = []
    for column in stored:
        present = [length_of(byte) for byte in column if byte]
        averages.append(sum(present) / len(present) if present else 1.0)
    header = dict(header, kinds=kinds, entries=len(docs), term_count=len(terms), k1=K1,
                  fields_indexed=list(FIELD_WEIGHT), field_weights=list(FIELD_WEIGHT.values()),
                  field_b=[FIELD_B.get(field, 0) for field in FIELD_WEIGHT], field_average=averages,
                  length_steps=LENGTH_STEPS, tf_codes=code_table)
    # Offsets are relative to the end of the header, so the header can name them before its length is known.
    layout, position = {}, 0
    for name, data in sections.items():
        layout[name] = [position, len(data)]
        position += len(data) + (-len(data)) % 4
    header["sections"] = layout
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    head += b" " * ((-len(head)) % 4)
    out = bytearray(MAGIC + struct.pack("<I", len(head)) + head)
    for data in sections.values():
        out += data + b"\0" * ((-len(data)) % 4)
    return bytes(out)


def _code_table(codes: dict[tuple[int, ...], int]) -> list[list[int]]:
    """The header's list of per-field counts, by code: each code's own combination (not one mapped onto it)."""
    table: dict[int, tuple[int, ...]] = {}
    for count, code in codes.items():
        table.setdefault(code, count)
    return [list(table[code]) for code in range(len(table))]


def _deflated(data: bytes) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    return packer.compress(data) + packer.flush()


def _stored(row: list) -> list:
    """A card's body starts with its situation and main script, which have fields of their own:
    stored once, the body keeps only the rest, and a trailing 1 says so (`restored` undoes it)."""
    if row[0] == "card" and len(row) >= 8:
        prefix = " ".join([row[6], *row[7]])
        if row[4].startswith(prefix):
            return [*row[:4], row[4][len(prefix):].lstrip(), *row[5:8], 1]
    return row


def restored(row: list) -> list:
    if len(row) == 9 and row[8] == 1:
        return [*row[:4], " ".join(part for part in [row[6], *row[7], row[4]] if part), *row[5:8]]
    return row


def file_name(packed: bytes) -> str:
    """The content-hashed name: a new build with other content is a new URL, so caching it for a year is safe."""
    return f"assets/kb/search.{hashlib.sha256(packed).hexdigest()[:12]}.bin"


def with_header(packed: bytes, **changes) -> bytes:
    """The same index with header values changed (tests flip the search-log flag this way)."""
    (length,) = struct.unpack_from("<I", packed, 4)
    header = dict(json.loads(packed[8:8 + length]), **changes)
    head = json.dumps(header, ensure_ascii=False, separators=(",", ":")).encode()
    head += b" " * ((-len(head)) % 4)
    return MAGIC + struct.pack("<I", len(head)) + head + packed[8 + length:]


def site_index(site_dir, with_postings: bool = False) -> dict:
    """The index a built site ships, read back (the one search.*.bin under assets/kb/)."""
    from pathlib import Path
    (path,) = Path(site_dir).glob("assets/kb/search.*.bin")
    return unpack(path.read_bytes(), with_postings)


def unpack(packed: bytes, with_postings: bool = False) -> dict:
    """The header, with "docs" (rows as the build wrote them), "field_lengths" (per entry, the stored byte of
    each measured field) and, on request, "postings" (term → [(entry, its count in each field)])."""
    if packed[:4] != MAGIC:
        raise ValueError("not a search index")
    (length,) = struct.unpack_from("<I", packed, 4)
    header = json.loads(packed[8:8 + length])
    base = 8 + length

    def section(name: str, code: str | None = None):
        start, size = header["sections"][name]
        data = packed[base + start: base + start + size]
        return array(code, data) if code else data

    blob, offsets = zlib.decompress(section("docs"), -15), _starts(_varints(section("doc_sizes")))
    header["docs"] = [restored(json.loads(blob[a:b])) for a, b in zip(offsets, offsets[1:])]
    columns, count = section("field_lengths"), header["entries"]
    header["field_lengths"] = [tuple(columns[slot * count + entry] for slot in range(len(columns) // max(count, 1)))
                               for entry in range(count)]
    if with_postings:
        terms, term_offsets = section("terms"), _starts(section("term_sizes"))
        post_starts, id_starts = _starts(_varints(section("post_counts"))), _starts(_varints(section("id_sizes")))
        ids, weights = section("ids"), section("weights")
        table = {}
        for t in range(header["term_count"]):
            term = terms[term_offsets[t]:term_offsets[t + 1]].decode()
            entry, shift, value, found, pos = 0, 0, 0, [], id_starts[t]
            for k in range(post_starts[t], post_starts[t + 1]):
                while True:
                    byte = ids[pos]
                    pos += 1
                    value |= (byte & 0x7F) << shift
                    shift += 7
                    if byte < 0x80:
                        break
                entry += value
                found.append((entry, tuple(header["tf_codes"][weights[k]])))
                value = shift = 0
            table[term] = found
        header["postings"] = table
    return header


def _varints(data: bytes) -> list[int]:
    values, value, shift = [], 0, 0
    for byte in data:
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            values.append(value)
            value = shift = 0
    return values


def _starts(sizes) -> list[int]:
    """Sizes back to back → where each starts, and the end."""
    starts = [0]
    for size in sizes:
        starts.append(starts[-1] + size)
    return starts
