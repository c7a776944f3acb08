"""Pinyin keys are computed at build time: polyphones in domain words read as agents say them."""
from conftest import ROOT
from kb import search as kb_search
from kb import search_pinyin

OVERRIDES = kb_search.load_pinyin_overrides(ROOT / "content" / "search" / "pinyin.yml", ROOT)


def test_domain_polyphones_read_as_agents_say_them():
    cases = {"重复来电": "chong fu lai dian", "重要客户": "zhong yao ke hu", "银行卡": "yin hang ka",
             "不行": "bu xing", "还款": "huan kuan", "还是": "hai shi", "长时间等待": "chang shi jian deng dai",
             "班长": "ban zhang", "语调": "yu diao", "调整": "tiao zheng", "查询": "cha xun",
             "退还运费": "tui huan yun fei", "升级转接": "sheng ji zhuan jie"}
    for word, reading in cases.items():
        assert " ".join(search_pinyin.syllables(word, OVERRIDES)) == reading, word


def test_one_syllable_per_character_even_with_latin_and_digits():
    assert search_pinyin.syllables("VIP客户30秒", OVERRIDES) == ["v", "i", "p", "ke", "hu", "3", "0", "miao"]


def test_browser_gets_terms_and_only_the_characters_their_syllables_need():
    data = search_pinyin.pinyin_data({"开场白": ["kai", "chang", "bai"], "方言": ["fang", "yan"]})
    assert data["terms"] == [["开场白", "kai chang bai"], ["方言", "fang yan"]]
    assert set(data["chars"]) == {"kai", "chang", "bai", "fang", "yan"}
    assert "拍" not in "".join(data["chars"].values())  # pai is not a corpus syllable
    assert "颜" in data["chars"]["yan"] and "百" in data["chars"]["bai"]


def test_a_character_types_only_with_the_readings_words_give_it():
    # An input method offers 机 for ji, never for wei (a reading only dictionaries keep): 手机号 is no typo
    # of 微笑. A second reading that words use stays: 会 in 会计 (kuai), 行 in 银行 (hang).
    chars = search_pinyin.pinyin_data({"微笑": ["wei", "xiao"], "会计": ["kuai", "ji"], "银行": ["yin", "hang"]})["chars"]
    assert "机" not in chars["wei"] and "号" not in chars["xiao"]
    assert "机" in chars["ji"] and "会" in chars["kuai"] and "行" in chars["hang"]
    # The most common reading stays even when no phrase uses it: 哦 o (the dictionary's phrases read it e).
    assert "哦" in search_pinyin.pinyin_data({"哦": ["o"]})["chars"]["o"]

def test_characters_that_are_common_words_alone_are_marked_for_the_typo_rule():
    # 时 and 别 are each a word jieba counts over 10,000 times: 时别 is read as two words before 识别 mistyped.
    alone = search_pinyin.pinyin_data({"识别": ["shi", "bie"]})["alone"]
    assert {"时", "是", "别"} <= set(alone)
    assert not {"识", "鳖", "逝"} & set(alone)


def test_glossary_words_are_lowercase_english_with_chinese():
    glossary = kb_search.load_glossary(ROOT / "content" / "search" / "glossary.yml", ROOT)
    assert ["refund", "退款", "退货"] in glossary
    assert all(group[0] == group[0].lower() and len(group) >= 2 for group in glossary)


def test_words_inside_a_title_take_the_titles_reading():
    entries = [["card", "x/#a", "重新拨打银行电话", "", "", "书"]]
    terms = search_pinyin.key_terms(entries, ["重复"], OVERRIDES)
    assert terms["重新拨打银行电话"] == ["chong", "xin", "bo", "da", "yin", "hang", "dian", "hua"]
    assert terms["银行"] == ["yin", "hang"] and terms["重复"] == ["chong", "fu"]


def test_the_words_of_aliases_and_of_a_sections_aliases_are_key_terms_too():
    """Initials of some words of an alias (wlyy: 网络用语 of the category 方言与网络用语) need its words as terms."""
    entries = [["card", "x/#a", "开头语", "国庆节快乐", "正文", "节日", "国庆节接起来电", "国庆节快乐！"],
               ["section", "h/#b", "避免打断客户", "", "正文", "第3章 倾听技巧", "别打岔 让客户把话说完"]]
    terms = search_pinyin.key_terms(entries, [], OVERRIDES)
    assert terms["国庆节快乐"] == ["guo", "qing", "jie", "kuai", "le"]
    assert terms["快乐"] == ["kuai", "le"]
    assert terms["别打岔"] == ["bie", "da", "cha"] and terms["客户"] == ["ke", "hu"]
    assert "倾听技巧" not in terms  # a section's chapter is a label, not a name
    # A section's alias past DESCRIPTION_LENGTH characters describes the idea: its words are key terms, it is none.
    assert "让客户把话说完" not in terms and terms["说完"] == ["shuo", "wan"]
    # A card's alias of any length is a name (hgxwnfw); a card's description gives only its words.
    cards = search_pinyin.key_terms([["card", "x/#c", "倾听", "很高兴为您服务 客户一直说个不停", "正文", "倾听"]],
                                    [], OVERRIDES, frozenset({"客户一直说个不停"}))
    assert cards["很高兴为您服务"][:3] == ["hen", "gao", "xing"]
    assert "客户一直说个不停" not in cards and cards["一直"] == ["yi", "zhi"]


def test_a_malformed_pinyin_override_is_a_message_at_its_line(tmp_path):
    from kb import search as kb_search
    from kb.loader import DataError
    path = tmp_path / "pinyin.yml"
    path.write_text("overrides:\n  - [重复, chong fu]\n  - [银行, yinhang]\n", encoding="utf-8")
    errors: list[DataError] = []
    overrides = kb_search.load_pinyin_overrides(path, tmp_path, errors)
    assert overrides == {"重复": ["chong", "fu"]}
    assert [str(error) for error in errors] == [
        "pinyin.yml:3: 拼音读音更正的字段“overrides”：第 2 组应写成 [词, 拼音]，每个字一个不带声调的音节，用空格隔开，如 [重复, chong fu]"]


def test_a_description_alias_is_no_known_term():
    """Known terms earn the terms bonus; a description (客户一直说个不停) earns the name bonus only."""
    docs = [["card", "x/#a", "倾听时的回应", "插话 鼓励客户说下去 客户一直说个不停", "正文", "倾听", "倾听", "好的。"]]
    known = kb_search.entries_index(docs, [], descriptions=frozenset({"客户一直说个不停"}))["known_terms"]
    assert "插话" in known and "鼓励客户说下去" in known and "客户一直说个不停" not in known


def test_a_long_alias_seen_first_does_not_take_the_pinyin_of_a_title_or_category_with_the_same_words():
    """The limit is part of what was read: the same text met again as a title is read again in full."""
    entries = [["section", "h/#a", "倾听的步骤和方法", "", "正文", "第3章 倾听技巧", "让客户把话说完"],
               ["card", "x/#b", "让客户把话说完", "", "正文", "倾听"],
               ["rule", "rules/#dialect", "服务禁语：咋", "方言与网络用语", "正文", "方言与网络用语"]]
    terms = search_pinyin.key_terms(entries, [], OVERRIDES)
    assert terms["让客户把话说完"][:3] == ["rang", "ke", "hu"]
    # A rule's alias is its category, a name: kept whole (fyywlyy), however long.
    assert terms["方言与网络用语"] == ["fang", "yan", "yu", "wang", "luo", "yong", "yu"]
