"""The 服务禁语 list: every example behaves, matching handles Chinese, the gate names everything."""
from __future__ import annotations

import textwrap

import pytest

from conftest import ROOT
from kb import rules as kb_rules
from kb import search as kb_search
from kb.loader import DataError

RULE_LIST = kb_rules.load_rules(ROOT / "content" / "rules" / "forbidden.yml", ROOT)
RULES = RULE_LIST["rules"]
EXAMPLES = [(rule["id"], example) for rule in RULES for example in rule["examples"]]


def matched_rules(text):
    return [match["rule"] for match in kb_rules.find_matches(text, RULES)]


def test_rule_list_covers_the_sources():
    forbidden = {phrase for rule in RULES for phrase in rule["forbidden"]}
    for phrase in ["不知道", "不归我管", "你听我说", "这是规定", "我也没办法", "这是正常现象",
                   "无法接受您的投诉", "请您自行处理", "是的，但是", "酱紫"]:
        assert phrase in forbidden
    categories = {rule["category"] for rule in RULES}
    assert {"推诿搪塞", "不懂装懂", "教训客户", "不耐烦", "与客户争辩", "态度生硬", "方言与网络用语", "口头禅", "委婉否认"} <= categories


def test_rule_categories_mean_what_they_say():
    by_id = {rule["id"]: rule for rule in RULES}
    # Saying "I don't know" is brushing the customer off, the opposite of pretending to know.
    assert by_id["dont-know"]["category"] == "推诿搪塞"
    assert by_id["not-clear"]["category"] == "推诿搪塞"
    assert by_id["guessing"]["category"] == "不懂装懂"


def test_but_rule_has_no_loophole():
    # "但是否能办理" is still a 但是 sentence; no allow-list term may exempt it.
    assert "dont-know" not in matched_rules("但是否能办理")
    assert "but" in matched_rules("您说得对，但是否能办理还需要核实。")
    assert "but" in matched_rules("对，可是我们办不了。")
    # Only the "是的，但是" pattern is the 禁语; an ordinary 但是 or 可是 is left alone.
    assert "but" not in matched_rules("很抱歉，但是需要本人办理。")
    assert "but" not in matched_rules("这可是新品。")


@pytest.mark.parametrize("rule_id, example", EXAMPLES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(EXAMPLES)])
def test_bad_example_is_flagged_and_good_example_passes(rule_id, example):
    assert rule_id in matched_rules(example["bad"])
    assert matched_rules(example["good"]) == []


def test_normalisation_of_width_and_spaces():
    assert kb_rules.normalise("ＯＫ　不 知\t道")[0] == "ok不知道"
    assert matched_rules("我　不　知　道") == ["dont-know"]
    rules = [{"id": "ok", "forbidden": ["OK吧"], "allow": []}]
    (match,) = kb_rules.find_matches("那就 ＯＫ 吧。", rules)
    assert (match["start"], match["end"], match["found"]) == (3, 7, "ＯＫ 吧")


@pytest.mark.parametrize("text", [
    "不知道您现在方便接电话吗？",       # 不知道您: a polite question, not ignorance
    "非常抱歉，我这边听不清楚。",       # 听不清楚: the line is bad, not the agent
    "我来帮您想想办法。",               # 想办法 contains 办法, not 没办法
    "我看看还有没有办法。",             # 有没有办法 asks whether there is a way
    "您慢慢说吧，我在听。",             # 慢慢说吧 invites, 说吧 alone brushes off
])
def test_longer_allowed_term_wins(text):
    assert matched_rules(text) == []


# An outside tester's correct sentences that the checker flagged (and its fix then wrecked), with
# the kind of wording each stands for; the 禁语 itself, unnegated or on its own, is still caught.
@pytest.mark.parametrize("text, flagged", [
    ("如有不清楚的地方，欢迎您随时来电咨询。", []),        # the customer's open questions
    ("有什么不清楚的地方您再问我。", []),
    ("具体情况我不清楚。", ["not-clear"]),
    ("请您放心，这种情况以后不可能再发生了。", []),        # about the future, not contradicting
    ("您说扣了两次费？这不可能。", ["argue"]),
    ("这不是您错了，是我们系统的问题。", []),
    ("您错了。", ["argue"]),
    ("这不是正常现象，我马上为您登记维修。", []),          # negated: the opposite meaning
    ("这不属于正常现象。", []),
    ("我帮您看看有没有质量问题。", []),
    ("这是正常现象。", ["normal-phenomenon"]),
    ("是正常现象。", ["normal-phenomenon"]),
    ("请问您着急什么时候用？", []),                        # 急 + 什么时候
    ("你着急什么？", ["brush-off-feelings"]),
    ("您的房子需要重新改造吗？", []),                      # 改造 / 制造 / 能造: a plain question
    ("这个零件能造吗？", []),
    ("这个活动你造吗？", ["internet-slang"]),
    ("您造吗？", ["internet-slang"]),
    ("这不是您的责任。", []),
    ("这是您的责任。", ["blame-customer"]),
    ("办法不是没有，不是没办法。", []),
    ("这个我也没办法。", ["no-way"]),
])
def test_a_negated_or_longer_word_is_not_the_forbidden_one(text, flagged):
    assert matched_rules(text) == flagged


def test_a_checked_result_is_not_a_denial():
    """经检测 / 检测结果 before 没有质量问题 in the same sentence reports a check (outside read, M5)."""
    assert matched_rules("经检测，这件商品没有质量问题。我们可以为您换一个颜色。") == []
    assert matched_rules("检测结果是正常现象，不影响使用。") == []
    # The next sentence is not covered, and nothing before the opener is either.
    assert matched_rules("经检测，没有发现问题。这是正常现象。") == ["normal-phenomenon"]
    assert matched_rules("这是正常现象，经检测也一样。") == ["normal-phenomenon"]
    # The opener exempts only its own rule.
    assert matched_rules("经检测，这个不归我管。") == ["not-my-job"]


def test_matches_are_in_order_without_overlap():
    matches = kb_rules.find_matches("我也没办法，这是规定，你找别人去", RULES)
    assert [(m["found"], m["rule"]) for m in matches] == [
        ("我也没办法", "no-way"), ("这是规定", "its-the-rule"), ("你找别人", "go-elsewhere")]


def test_gate_names_file_card_word_rule_and_replacement():
    texts = [{"file": "content/phrasebooks/x.yml", "line": 12, "where": "卡片“x-card”的话术", "text": "这个我不知道。"},
             {"file": "content/phrasebooks/x.yml", "line": 20, "where": "卡片“y-card”的话术", "text": "您咋了？"}]
    errors, notes = kb_rules.gate(texts, RULES)
    assert list(map(str, errors)) == [
        "content/phrasebooks/x.yml:12: 卡片“x-card”的话术含服务禁语“不知道”（规则“dont-know”："
        "一句“不知道”就把客户晾在原地，是搪塞；遇到不熟悉的业务，应婉言解释，核实或询问相关人员后再作解答。“不知道您是否方便”这样的礼貌问句不受影响。）"
        "；建议改为：这个问题我需要帮您核实一下，请您稍等片刻好吗？"]
    assert len(notes) == 1 and "“咋”" in notes[0]


def test_replacements_and_good_examples_are_clean():
    errors, _ = kb_rules.gate(kb_rules.rule_texts(RULE_LIST), RULES)
    assert errors == []


def test_a_rules_aliases_are_searched_and_never_gated(tmp_path):
    """aliases name the kind of wording (踢皮球); one may hold the 禁语 itself, which the gate never reads."""
    listing = kb_rules.load_rules(_write(tmp_path, GOOD_LIST.replace(
        "    reason: 推诿。\n", "    reason: 推诿。\n    aliases: [踢皮球, 说不归我管]\n")), tmp_path)
    (rule,) = listing["rules"]
    assert rule["aliases"] == ["踢皮球", "说不归我管"]
    assert kb_rules.gate(kb_rules.rule_texts(listing), listing["rules"]) == ([], [])
    assert "aliases" not in kb_rules.browser_rules(listing)[0]
    assert kb_search.rule_entry(rule)[3] == "推诿搪塞 踢皮球 说不归我管"


def _write(tmp_path, text):
    path = tmp_path / "forbidden.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


GOOD_LIST = """\
title: 禁语
intro: 测试
categories: [推诿搪塞]
rules:
  - id: not-mine
    category: 推诿搪塞
    severity: error
    forbidden: [不归我管]
    replacements: [我帮您转给负责的同事。]
    reason: 推诿。
    examples:
      - bad: 不归我管。
        good: 我帮您转给负责的同事。
    source: 测试
"""


@pytest.mark.parametrize("change, message", [
    (("    severity: error\n", "    severity: fatal\n"),
     "forbidden.yml:7: 规则“not-mine”的字段“severity”：取值应为 error、warning 之一，实际为“fatal”"),
    (("    category: 推诿搪塞\n", "    category: 其他\n"),
     "forbidden.yml:6: 规则“not-mine”的字段“category”：取值应为 推诿搪塞 之一，实际为“其他”"),
    (("    reason: 推诿。\n", "    reason: 推诿。\n    swaps: {不归我管了: 负责}\n"),
     "forbidden.yml:11: 规则“not-mine”的字段“swaps”：“不归我管了”应是 forbidden 中的词，且对应一个文本替换"),
    (("      - bad: 不归我管。\n", "      - bda: 不归我管。\n"),
     "forbidden.yml:12: 规则“not-mine”的 examples 第 1 项有未知字段“bda”，是不是“bad”？可用的字段：bad、good"),
    (("    examples:\n      - bad: 不归我管。\n        good: 我帮您转给负责的同事。\n", "    examples: []\n"),
     "forbidden.yml:11: 规则“not-mine”的字段“examples”：至少要有一组正反例句"),
    # An empty list where the field means at least one: these passed without a word.
    (("    forbidden: [不归我管]\n", "    forbidden: []\n"), "forbidden.yml:8: 规则“not-mine”的字段“forbidden”：至少要有一个禁语"),
    (("    replacements: [我帮您转给负责的同事。]\n", "    replacements: []\n"),
     "forbidden.yml:9: 规则“not-mine”的字段“replacements”：至少要有一句规范用语"),
    (("categories: [推诿搪塞]\n", "categories: []\n"), "forbidden.yml:3: 禁语表的字段“categories”：至少要有一个类别"),
    (("    reason: 推诿。\n", "    reason: 推诿。\n    aliases: [踢皮球, 说 推脱]\n"),
     "forbidden.yml:11: 规则“not-mine”的字段“aliases”：第 2 项“说 推脱”中间有空格：搜索会在这里把它切成几段；"
     "写成“说推脱”，或分成几项"),
    (("    reason: 推诿。\n", "    reason: 推诿。\n    aliases: [踢皮球, 推]\n"),
     "forbidden.yml:11: 规则“not-mine”的字段“aliases”：第 2 项“推”要至少 2 个字：单个字会跟着每句话走"),
    # Punctuation goes when the search box normalises a name: 推。 is the one-character name 推.
    (("    reason: 推诿。\n", "    reason: 推诿。\n    aliases: [踢皮球, 推。]\n"),
     "forbidden.yml:11: 规则“not-mine”的字段“aliases”：第 2 项“推。”要至少 2 个字：单个字会跟着每句话走"),
    # Problems come in the order of the list.
    (("    reason: 推诿。\n", "    reason: 推诿。\n    aliases: [推, 说 推脱]\n"),
     "forbidden.yml:11: 规则“not-mine”的字段“aliases”：第 1 项“推”要至少 2 个字：单个字会跟着每句话走"),
    (("categories: [推诿搪塞]\n", "categories: [推诿搪塞, 推诿 搪塞]\n"),
     "forbidden.yml:3: 禁语表的字段“categories”：第 2 项“推诿 搪塞”中间有空格：搜索会在这里把它切成几段；写成“推诿搪塞”，或分成几项"),
    (("    reason: 推诿。\n", "    reason: 推诿。\n    aliases: [把客户的问题推给其他部门而且不告诉客户找谁]\n"),
     "forbidden.yml:11: 规则“not-mine”的字段“aliases”：第 1 项“把客户的问题推给其他部门而且不告…”有 21 个字，最多 16 个；"
     "写坐席在搜索框里会打的几个字，不写整句"),
    (("    reason: 推诿。\n", "    reason: 推诿。\n    alias: [踢皮球]\n"),
     "forbidden.yml:11: 规则“not-mine”有未知字段“alias”，是不是“aliases”？可用的字段：id、category、severity、forbidden、"
     "allow、allow_after、replacements、swaps、reason、aliases、examples、source"),
])
def test_rule_file_errors(tmp_path, change, message):
    old, new = change
    assert old in GOOD_LIST
    with pytest.raises(DataError) as error:
        kb_rules.load_rules(_write(tmp_path, GOOD_LIST.replace(old, new)), tmp_path)
    assert error.value.lines() == [message]
