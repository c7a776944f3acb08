"""The search index as the browser reads it: postings built here, at build time, in one binary file.

The browser does no indexing. It fetches `assets/kb/search.<hash>.bin` (the name
changes with the content, so nginx lets browsers keep it for a year), and reads
it through typed-array views on the downloaded bytes: nothing is parsed but a
small JSON header, and an entry's text is decoded only when it is shown or
re-scored. content/assets/kb/search-engine.js reads this format; `unpack`
below reads it back in Python for tests and tools.

Layout (little-endian), every section 4-byte aligned:
    "KBS6"  u32 header length  header JSON (UTF-8, padded with spaces)  sections…
The header names each section's [offset, byte length]. Where an entry's or a term's data starts is
not stored: each section below stores sizes (small numbers, which gzip packs five times better than
the u32 positions KBS3 had) and the reader adds them up once on opening.
    docs        each entry's fields (header "fields", then `_stored`'s 1) as JSON values, by column: every
                entry's kind, then every url, … ("doc_slots" columns; missing last fields empty); like next
                to like, deflate packs it 28 % smaller than entry by entry did (KBS4). Each value ends with
                a newline, which JSON never writes raw: the reader finds the values by it (KBS5 stored
                their sizes, 92,000 varints at 10,000 cards that gzip could not pack, 99 KB; the newlines
                cost 3 KB inside the deflated text). Raw-deflated: it is 70 % of the bytes, and at
                10,000 cards every byte downloaded costs more than inflating
    doc_kinds   u8 × entries          index into header "kinds"
    doc_lengths u16 × entries         weighted length (BM25's length normalisation; capped)
    terms       UTF-8 of every term, sorted by code point (= by UTF-8 bytes), back to back
    term_sizes  u8 × terms            the UTF-8 byte length of each term (a term is at most 8 characters)
    term_flags  u8 × terms            1: jieba cut it as a word somewhere in the text
    post_counts varint × terms        how many postings each term has (its entries in `ids`, weights in `weights`)
    id_sizes    varint × terms        the byte length of each term's postings in `ids`
    ids         varint deltas of entry numbers, ascending per term
    weights     u8 per posting: the field-weighted term frequency in half units (few values: gzip likes them)
"""
from __future__ import annotations

import hashlib
import itertools
import json
import re
import struct
import zlib
from array import array

from kb import search_postings, segment

MAGIC = b"KBS6"
# Columns of the docs section: kind, url, title, alias, body, group, situation, script, and _stored's 1.
DOC_SLOTS = 9
# Field weights: what an entry is (title, names, situation) counts above what it says (body); the
# words near its meaning (hooks/kb/search_related.py) count as a body word, and not in its length.
FIELD_WEIGHT = {"title": 3.0, "alias": 3.0, "situation": 2.0, "body": 1.0, "related": 1.0}
UNMEASURED_FIELDS = ("related",)
# Short fields are indexed by bigrams and words; titles by single characters too: a one-character 禁语 (啥) is a whole title item.
SHORT_FIELDS = ("title", "alias", "situation")
CHAR_FIELDS = ("title",)
K1, B = 1.2, 0.5
_MAX_WORD = 8
# Where a field is cut into pieces, so no gram spans two aliases; a name may not hold one (kb.names.names_problem).
SEPARATORS = re.compile(r"[\s\u200b，。、；：！？,.;:!?“”\"'（）()【】\[\]·…\-—/|]+")
_HAN = re.compile(r"[\u3400-\u9fff]")


def pieces(text: str, normalise) -> list[str]:
    """A field's text cut at spaces and punctuation, each piece normalised: no gram spans two aliases."""
    kept = segment.memo("pieces")  # the build cuts the cards twice (hooks/search.py)
    if (text, normalise) not in kept:
        kept[text, normalise] = tuple(p for p in (normalise(part) for part in SEPARATORS.split(text)) if p)
    return list(kept[text, normalise])


class Analyser:
    """Terms of an entry. Short fields: character bigrams, single characters and the jieba words of
    three or more characters (search mode, so a long word also gives its parts). The body: its
    jieba words of two or more characters only, which keeps the postings of 10,000 cards small and stops a bigram that straddles two
    words of a long script from matching."""

    def __init__(self):
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

    def terms(self, fields: dict[str, list[str]]) -> tuple[dict[str, float], set[str], float]:
        """Weighted term frequencies of one entry, its two-character words, and its weighted length."""
        key = tuple((field, tuple(texts)) for field, texts in fields.items())
        if key not in self._entries:
            self._entries[key] = self._counted(fields)
        return self._entries[key]

    def _counted(self, fields: dict[str, list[str]]) -> tuple[dict[str, float], set[str], float]:
        tf: dict[str, float] = {}
        words: set[str] = set()
        length = 0.0
        for field, texts in fields.items():
            weight = FIELD_WEIGHT[field]
            short = field in SHORT_FIELDS
            for piece in texts:
                terms = self._terms(piece, short)
                if field in CHAR_FIELDS:
                    terms = terms + list(dict.fromkeys(piece))
                for term in terms:
                    tf[term] = tf.get(term, 0.0) + weight
                if field in UNMEASURED_FIELDS:
                    words.add(piece)  # a vocabulary word of the vectors, whole
                    continue
                words |= self.words(piece)
                length += weight * len(piece)
        return tf, words, length


def pack(header: dict, docs: list[list], kinds: list[str], entry_fields: list[dict[str, list[str]]]) -> bytes:
    analyser = Analyser()
    term_sections, lengths = search_postings.term_sections([analyser.terms(fields) for fields in entry_fields])
    sections: dict[str, bytes] = {}

    rows = [_stored(row) for row in docs]
    assert all(len(row) <= DOC_SLOTS for row in rows), "an index entry has more fields than DOC_SLOTS"
    # One encoder for the 90,000 values of 10,000 cards: json.dumps makes a new one for each call.
    encode = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    values = [encode(row[slot]).encode() if slot < len(row) else b"" for slot in range(DOC_SLOTS) for row in rows]
    assert not any(b"\n" in value for value in values), "JSON wrote a raw newline"
    sections["docs"] = _deflated(b"\n".join(values) + b"\n")
    sections["doc_kinds"] = bytes(kinds.index(row[0]) for row in docs)
    sections["doc_lengths"] = array("H", lengths).tobytes()

    sections.update(term_sections)
    header = dict(header, kinds=kinds, entries=len(docs), doc_slots=DOC_SLOTS, term_count=len(term_sections["term_sizes"]),
                  k1=K1, b=B, average_length=sum(lengths) / max(len(lengths), 1))
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
    """The header, with "docs" (rows as the build wrote them) and, on request, "postings" (term → [(entry, weight)]).
    A file that is not a whole index raises ValueError, whatever part of it is broken."""
    try:
        return _unpacked(packed, with_postings)
    except (struct.error, zlib.error, KeyError, TypeError, IndexError, UnicodeDecodeError) as error:
        raise ValueError(f"not a whole search index ({type(error).__name__}: {error})") from error


def _unpacked(packed: bytes, with_postings: bool) -> dict:
    if packed[:4] != MAGIC:
        raise ValueError("not a search index")
    (length,) = struct.unpack_from("<I", packed, 4)
    header = json.loads(packed[8:8 + length])
    base = 8 + length

    def section(name: str, code: str | None = None):
        start, size = header["sections"][name]
        data = packed[base + start: base + start + size]
        return array(code, data) if code else data

    values = zlib.decompress(section("docs"), -15).split(b"\n")
    count, slots = header["entries"], header["doc_slots"]
    if len(values) != count * slots + 1 or values[-1]:
        raise ValueError("the docs section does not hold doc_slots values for each entry")

    def row(entry: int) -> list:
        return [json.loads(value) for value in
                itertools.takewhile(bool, (values[slot * count + entry] for slot in range(slots)))]
    header["docs"] = [restored(row(entry)) for entry in range(count)]
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
                found.append((entry, weights[k]))
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
