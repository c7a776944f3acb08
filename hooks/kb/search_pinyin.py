"""Pinyin and typo data of the search index, computed at build time so the browser gets only what
this corpus needs: the syllables of its key terms (titles, title words, aliases, tags, forbidden
words, synonyms, glossary words) and, for homophone typos, the common characters that read like a
syllable those terms use. No pinyin dictionary and no pypinyin in the browser.
"""
from __future__ import annotations

import functools

from kb import segment as kb_segment
from kb.search_text import CUT, DIGIT, HAN, normalise

# A character jieba's dictionary counts this often as a word on its own (时, 别, 我, 子; about 350 of the
# typo table's characters on the current content) is read as a word, not as half of a typo: 说话时别插嘴
# is 时 + 别, not 识别 mistyped. 重负 for 重复 stays a typo, as 负 (4,410) is no common word alone.
STANDALONE_FREQUENCY = 10_000
# A section's alias longer than this is a description of the idea (客户说半天说不清), typed in words and
# never spelled whole in pinyin: only its words are key terms (cards keep theirs in a field of their own,
# `descriptions`). At 10,000 cards the descriptions as whole terms cost the index 13 KB gzipped, and took
# it past 1.5 MB (README, 命中率 第十三次).
DESCRIPTION_LENGTH = 6
# No key term is longer: a name past this is no run anyone types in pinyin.
LONGEST_KEY = 24


def syllables(term: str, overrides: dict[str, list[str]], memo: dict | None = None) -> list[str]:
    """One lowercase syllable per character (non-Chinese characters stand for themselves).

    pypinyin segments the term into its phrases (that is what settles polyphones) and
    reads each phrase; `memo` keeps each phrase's reading, so 10,000 titles built from
    the same few thousand phrases cost a few thousand readings, not 70,000.
    """
    from pypinyin import Style, lazy_pinyin
    # The segmenter lazy_pinyin itself uses (not public API; pypinyin is pinned exactly).
    from pypinyin.core import _default_pinyin

    def read(chunk: str) -> list[str]:
        return [syl.lower() for syl in lazy_pinyin(chunk, style=Style.NORMAL, errors=lambda rest: list(rest))]

    memo = {} if memo is None else memo
    result = []
    for phrase in _default_pinyin.seg(term):
        if phrase not in memo:
            keys = read(phrase)
            memo[phrase] = keys if len(keys) == len(phrase) else [read(ch)[0] if read(ch) else ch for ch in phrase]
        result.extend(memo[phrase])
    return _with_overrides(term, result, overrides)


def _with_overrides(term: str, result: list[str], overrides: dict[str, list[str]]) -> list[str]:
    for word, reading in overrides.items():
        start = term.find(word)
        while start != -1 and len(reading) == len(word):
            result[start:start + len(word)] = reading
            start = term.find(word, start + 1)
    return result


def key_terms(entries: list[list], extra_words: list[str], overrides: dict[str, list[str]],
              descriptions: frozenset = frozenset()) -> dict[str, list[str]]:
    """Words an agent might type in pinyin or mistype, with their syllables: titles, aliases (a section's are its
    situation), tags, phrasebook names, each with its words (方言与网络用语: 网络, 用语), and synonyms, glossary.

    Each piece is read once (pypinyin's phrases settle polyphones); a word jieba finds inside a
    title takes its syllables from the title's reading, so it agrees with the title.
    """
    # added: (text, cut, longest) already read; 10,000 cards repeat their aliases and tags. The same text
    # may come again as a title, with a longer limit: it is read again then.
    found, added = {}, set()
    memo, norms = kb_segment.memo("pinyin readings"), kb_segment.memo("normalised")  # read twice (hooks/search.py)

    def add(text: str, segment: bool, longest: int = LONGEST_KEY):
        if (text, segment, longest) in added or added.add((text, segment, longest)):
            return
        for piece in dict.fromkeys([text, *CUT.split(text)]):  # ordered: the same build gives the same JSON
            piece = norms[piece] if piece in norms else norms.setdefault(piece, normalise(piece))
            # A number in a name (合成话术本 003) is not a word anyone types in pinyin.
            if (len(piece) < 2 or len(piece) > LONGEST_KEY or not HAN.search(piece) or piece in found
                    or DIGIT.search(piece)):
                continue
            keys = syllables(piece, overrides, memo)
            if len(piece) <= longest:
                found[piece] = keys
            if segment:
                for word, start, end in kb_segment.tokens(piece):
                    if end - start >= 2 and word not in found and HAN.search(word):
                        found[word] = keys[start:end]

    for kind, _url, title, alias, *rest in entries:
        add(title.split(":", 1)[-1], segment=True)
        for word in [*alias.split(" "), *(rest[2].split(" ") if kind == "section" and rest[2:] else [])]:
            add(word, segment=True, longest=_longest_key(kind, word, descriptions))
        if kind == "card" and rest[1:]:
            add(rest[1], segment=True)
    for word in extra_words:
        add(word, segment=False)
    return found


def _longest_key(kind: str, alias: str, descriptions: frozenset) -> int:
    """How long an alias may be and still be a key term whole: a card's description (its descriptions
    field) never is, only its words; a section's alias past DESCRIPTION_LENGTH is a description too
    (sections.yml mixes both); a card's alias (很高兴为您服务: hgxwnfw) and a rule's category
    (方言与网络用语: fyywlyy) are names."""
    if kind == "section":
        return DESCRIPTION_LENGTH
    return 0 if alias in descriptions else LONGEST_KEY


def _common_characters():
    """GB2312 level-1 characters (the 3,755 most common): the only typo characters worth a key."""
    for high in range(0xB0, 0xD8):
        for low in range(0xA1, 0xFF):
            try:
                yield bytes([high, low]).decode("gb2312")
            except UnicodeDecodeError:
                continue


def pinyin_data(terms: dict[str, list[str]]) -> dict:
    """The terms with their syllables, which common characters read as each syllable they use, and which
    of those are common words on their own (STANDALONE_FREQUENCY)."""
    from pypinyin import Style, pinyin
    used = {syl for keys in terms.values() for syl in keys}
    chars: dict[str, set[str]] = {}
    corpus_chars = {ch for term in terms for ch in term if HAN.match(ch)}
    readings = kb_segment.memo("character readings")  # the build packs twice (hooks/search.py)
    for ch in sorted(corpus_chars.union(_common_characters())):
        if ch not in readings:
            readings[ch] = _typed_readings(ch, pinyin(ch, style=Style.NORMAL, heteronym=True)[0])
        for reading in readings[ch]:
            if reading in used:
                chars.setdefault(reading, set()).add(ch)
    typed = {ch for group in chars.values() for ch in group}
    return {"terms": [[term, " ".join(keys), *_word_lengths(term)] for term, keys in terms.items()],
            "chars": {syl: "".join(sorted(group)) for syl, group in sorted(chars.items())},
            "alone": "".join(sorted(ch for ch in typed if kb_segment.frequency(ch) >= STANDALONE_FREQUENCY))}


def _typed_readings(ch: str, heteronyms: list[str]) -> list[str]:
    """The readings of a character an input method offers it for: its first, most common one (the one
    lazy_pinyin gives it alone: 哦 o, 这 zhe, even where the phrase dictionary only has 这 zhei), and the
    others some word of pypinyin's phrase dictionary reads it with (会: hui, kuai), not a dictionary's
    archaic ones (机 wei, 号 xiao), which read 手机号 as a typo of 微笑."""
    in_words = _readings_in_words().get(ch, set())
    return heteronyms[:1] + [reading for reading in heteronyms[1:] if reading in in_words]


@functools.lru_cache(maxsize=1)
def _readings_in_words() -> dict[str, set[str]]:
    """Each character's readings in pypinyin's phrase dictionary, tones dropped as Style.NORMAL drops them
    (ü as v): about 0.2 s, once per process (the dictionary is the pinned package's)."""
    from pypinyin.phrases_dict import phrases_dict
    plain = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ", "aaaaeeeeiiiioooouuuuvvvvvnnnm")
    found: dict[str, set[str]] = {}
    for phrase, syllables in phrases_dict.items():
        if len(phrase) != len(syllables):
            continue
        for ch, options in zip(phrase, syllables):
            found.setdefault(ch, set()).add(options[0].translate(plain))
    return found


def _word_lengths(term: str) -> list[str]:
    """How jieba cuts a term into words ("2 2" for 回访客户), when it does: initials then match
    word by word in any order (khhf). Nothing for a one-word term."""
    lengths = [len(word) for word in kb_segment.words(term)]
    return [" ".join(map(str, lengths))] if len(lengths) > 1 and sum(lengths) == len(term) else []
