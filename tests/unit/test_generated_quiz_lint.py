"""Generated quiz items measure: a lint over the banks generated from the real rules and cards.

Each check names the items that break it, so a content change that makes an
item guessable shows up as that item's id.
"""
from __future__ import annotations

from collections import Counter

import jieba
import pytest

from conftest import ROOT
from kb import card_quizzes as kb_card_quizzes
from kb import cards as kb_cards
from kb import generated_quizzes as kb_generated
from kb import rules as kb_rules

DOCS = ROOT / "content"
BOOKS = kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT)
RULE_LIST = kb_rules.load_rules(DOCS / "rules" / "forbidden.yml", ROOT)
RULES = RULE_LIST["rules"]
SEVERITY = {rule["id"]: rule["severity"] for rule in RULES}
CARDS = {card["id"]: card for book in BOOKS for card in book["cards"]}
BANKS = {"generated-rules": kb_generated.rule_questions(RULE_LIST),
         "generated-cards": kb_card_quizzes.card_questions(BOOKS)}
ALL = [q for questions in BANKS.values() for q in questions]
MAX_LONGEST_SHARE = 0.35


def _right(q) -> str:
    return next(o["text"] for o in q["options"] if o["key"] in q["answer"])


def _wrong(q) -> list[str]:
    return [o["text"] for o in q["options"] if o["key"] not in q["answer"]]


def _errors(text):
    return [m for m in kb_rules.find_matches(text, RULES) if SEVERITY[m["rule"]] == "error"]


def _quoted(prompt: str) -> str:
    return prompt[prompt.index("“") + 1:prompt.rindex("”")]


def test_banks_are_not_empty_and_every_item_is_well_formed():
    assert len(BANKS["generated-rules"]) >= 20 and len(BANKS["generated-cards"]) >= 30
    for q in ALL:
        texts = [o["text"] for o in q["options"]]
        assert q["type"] == "single" and len(texts) >= 3, q["id"]
        assert len(set(texts)) == len(texts), q["id"]
        assert len(q["answer"]) == 1 and q["answer"][0] in [o["key"] for o in q["options"]], q["id"]


def test_stems_and_ids_are_unique():
    for field in ("id", "prompt"):
        repeated = [value for value, n in Counter(q[field] for q in ALL).items() if n > 1]
        assert repeated == [], field


def test_find_items_offer_only_words_of_the_quoted_sentence():
    finds = [q for q in BANKS["generated-rules"] if q["id"].startswith("gen-find-")]
    assert len(finds) >= 8
    for q in finds:
        sentence = _quoted(q["prompt"])
        outside = [text for text in (o["text"] for o in q["options"]) if text not in sentence]
        assert outside == [], q["id"]
        # The key is the 禁语 of this item's rule; no distractor holds one.
        rule = q["id"][len("gen-find-"):]
        assert [m["rule"] for m in kb_rules.find_matches(_right(q), RULES)] == [rule], q["id"]
        assert [w for w in _wrong(q) if kb_rules.find_matches(w, RULES)] == [], q["id"]
        # No option nested in another: that would be a guess between twins.
        texts = [o["text"] for o in q["options"]]
        assert not [(a, b) for a in texts for b in texts if a != b and a in b], q["id"]


def _boundaries(sentence: str) -> set[int]:
    """Where jieba's words of `sentence` start and end."""
    ends, offset = {0}, 0
    for word in jieba.lcut(sentence):
        offset += len(word)
        ends.add(offset)
    return ends


_PRONOUNS = {"您", "你", "我", "他", "她", "这", "这个", "别人", "这边", "我这边"}


def _fragment(sentence: str, option: str) -> bool:
    """`option` cuts a word of `sentence`, or starts or ends on a function word or the frame that
    quotes the customer (您说上门, 优惠券要先, 充电的, 一周还)."""
    start = sentence.index(option)
    words = jieba.lcut(option)
    return (start not in _boundaries(sentence) or start + len(option) not in _boundaries(sentence)
            or kb_generated.crosses_a_word(sentence, start, start + len(option))
            or words[0] in _PRONOUNS | {"说", "问"} or words[-1] in _PRONOUNS | set("的要先还能被把在都也就"))


def test_find_distractors_are_whole_words_or_phrases():
    """问明天能, 到验证码, 您说没收 are no words: beside them the 禁语 was the only phrase that read."""
    for sentence, fragment in [("您问明天能不能送到？应该是吧。", "问明天能"), ("您说没收到验证码？你搞错了吧。", "到验证码"),
                               ("您说没收到验证码？你搞错了吧。", "您说没收"), ("你懂不懂，优惠券要先领取才能用。", "优惠券要先"),
                               ("手机充电的时候发热？这是正常现象。", "充电的"), ("包裹还没到？您别着急。", "包裹还")]:
        assert _fragment(sentence, fragment), fragment
    assert _fragment("快递被别人签收了，这个问题请您自行处理。", "快递被别人")
    assert _fragment("退款进度我这边查不到，你找别人去问吧。", "进度我这边")
    assert not _fragment("您说没收到验证码？你搞错了吧。", "验证码")
    assert not _fragment("快递被别人签收了，这个问题请您自行处理。", "快递被别人签收")
    assert [w for _, _, w in kb_generated.content_words("您说没收到验证码？你搞错了吧。")] == ["验证码", "搞错"]
    finds = [q for q in BANKS["generated-rules"] if q["id"].startswith("gen-find-")]
    assert [(q["id"], word) for q in finds for word in _wrong(q) if _fragment(_quoted(q["prompt"]), word)] == []


def test_proper_items_have_exactly_one_clean_option():
    propers = [q for q in BANKS["generated-rules"] if q["id"].startswith("gen-proper-")]
    assert len(propers) >= 8
    for q in propers:
        assert _errors(_right(q)) == [], q["id"]
        assert [w for w in _wrong(q) if not _errors(w)] == [], q["id"]
        # The stem never names the 禁语 of its rule.
        rule = next(r for r in RULES if r["id"] == q["id"][len("gen-proper-"):])
        assert not [p for p in rule["forbidden"] if p in q["prompt"]], q["id"]


BAD_EXAMPLES = {example["bad"]: rule["id"] for rule in RULES for example in rule["examples"]}
GOOD_EXAMPLES = {example["good"]: rule["id"] for rule in RULES for example in rule["examples"]}


def test_rule_items_use_whole_sentences_a_trainer_wrote():
    """No 禁语 spliced into a script (「这个不归我管？这个我帮您核实一下…」): a find item quotes one of
    its rule's bad examples, and a proper item offers its rule's good example among whole bad examples."""
    for q in BANKS["generated-rules"]:
        rule = q["id"].split("-", 2)[2]
        if q["id"].startswith("gen-find-"):
            assert BAD_EXAMPLES.get(_quoted(q["prompt"])) == rule, q["id"]
        else:
            assert GOOD_EXAMPLES.get(_right(q)) == rule, q["id"]
            assert [text for text in _wrong(q) if text not in BAD_EXAMPLES] == [], q["id"]


def test_rule_items_do_not_give_each_other_away():
    """A key is offered in one item only, and a find sentence is quoted once: seeing either elsewhere
    would tell a verdict. A bad example may be a wrong option in a few items; it is wrong in each."""
    keys = Counter(_right(q) for q in BANKS["generated-rules"] if q["id"].startswith("gen-proper-"))
    quoted = Counter(_quoted(q["prompt"]) for q in BANKS["generated-rules"] if q["id"].startswith("gen-find-"))
    offered = Counter(text for q in BANKS["generated-rules"] if q["id"].startswith("gen-proper-") for text in _wrong(q))
    assert [text for text, n in keys.items() if n > 1 or text in offered or text in quoted] == []
    assert [text for text, n in quoted.items() if n > 1] == []
    assert [text for text, n in offered.items() if n > kb_generated.MAX_BAD_USES] == []


def test_card_items_are_keyed_to_the_right_line():
    for q in BANKS["generated-cards"]:
        if q["id"].startswith("gen-step-"):
            card_id, _, n = q["id"][len("gen-step-"):].rpartition("-")
            step = CARDS[card_id]["steps"][int(n) - 1]
            assert _right(q) == step["say"], q["id"]
            assert step["say"] not in _wrong(q), q["id"]
        else:
            card = CARDS[q["id"][len("gen-line-"):]]
            assert _right(q) == kb_cards.main_script(card)[card["quiz"] - 1], q["id"]
            assert card["situation"] in q["prompt"], q["id"]
            # A distractor that this card also says would be a second right answer.
            assert not set(_wrong(q)) & set(kb_cards.script_lines(card)), q["id"]


def test_no_stem_gives_the_answer_away():
    """Step items name their card's title: neither it nor a situation may repeat the key's words."""
    guessable = [q["id"] for q in ALL if not q["id"].startswith("gen-find-")
                 and kb_generated.gives_away(q["prompt"], _right(q), _wrong(q))]
    assert guessable == []


@pytest.mark.parametrize("bank", sorted(BANKS))
def test_the_right_option_is_seldom_the_uniquely_longest(bank):
    def uniquely_longest(q):
        lengths = sorted((len(o["text"]) for o in q["options"]), reverse=True)
        return len(_right(q)) == lengths[0] and lengths[0] > lengths[1]
    longest = [q["id"] for q in BANKS[bank] if uniquely_longest(q)]
    assert len(longest) <= MAX_LONGEST_SHARE * len(BANKS[bank]), longest


@pytest.mark.parametrize("bank", sorted(BANKS))
def test_answer_positions_are_spread(bank):
    positions = Counter(q["answer"][0] for q in BANKS[bank])
    assert len(positions) >= 3, positions
    assert max(positions.values()) <= 0.4 * len(BANKS[bank]), positions


def test_gives_away_spots_a_stem_that_repeats_the_answer():
    # The lint's own detector, so a broken detector cannot pass the lint above.
    assert kb_generated.gives_away("“感谢咨询”的标准话术", "感谢您的咨询，我来介绍。", ["您好。"], size=2)
    assert not kb_generated.gives_away("场景：客户刚提出咨询。", "感谢您的咨询。", ["关于咨询的事。"], size=2)


def test_situation_items_have_exactly_one_right_option():
    """A wrong option that another card says for the same situation would be a second right answer."""
    by_situation: dict[str, set[str]] = {}
    for card in CARDS.values():
        by_situation.setdefault(card["situation"], set()).update(kb_cards.script_lines(card))
    for q in BANKS["generated-cards"]:
        if q["id"].startswith("gen-line-"):
            card = CARDS[q["id"][len("gen-line-"):]]
            assert not set(_wrong(q)) & by_situation[card["situation"]], q["id"]
    # Two cards with one situation would make such items ambiguous whichever line is asked.
    situations = Counter(card["situation"] for card in CARDS.values())
    assert [s for s, n in situations.items() if n > 1] == []


SITUATION_ITEMS = [(q, CARDS[q["id"][len("gen-line-"):]]) for q in BANKS["generated-cards"] if q["id"].startswith("gen-line-")]


def test_the_courtesy_and_moment_detectors_can_fail():
    assert kb_card_quizzes.is_courtesy("我们很抱歉给您带来了不便。")
    assert kb_card_quizzes.is_courtesy("[客户称呼]，谢谢您的来电。")
    assert kb_card_quizzes.is_courtesy("我理解您现在的心情。")
    assert kb_card_quizzes.is_courtesy("感谢您的来电，祝您生活愉快，再见。")
    assert not kb_card_quizzes.is_courtesy("感谢您的咨询，我先了解一下您的需求。")
    assert not kb_card_quizzes.is_courtesy("我是[坐席姓名]，今天的回访我都记下了。")
    assert kb_card_quizzes.moment("回访快结束时") == kb_card_quizzes.moment("回访结束时，让客户记住你的名字")
    assert kb_card_quizzes.overlaps("[客户称呼]，您好。", ["[客户称呼]，您好，我是[坐席姓名]。"])
    # Two ways to address a customer at the opening: one card's line is defensible for the other.
    cards = list(CARDS.values())
    assert kb_card_quizzes.related(CARDS["address-stranger"], CARDS["address-online"], cards)
    assert not kb_card_quizzes.related(CARDS["address-stranger"], CARDS["opening-standard"], cards)


def test_every_situation_key_is_the_cards_own_quiz_line():
    """A key that only apologises or thanks, or that another card of the stage also says, fits
    more than one situation: the item would have two right answers (issue 20, outside read).
    Procedures may quote a script card's line as one of their steps; other script cards may not."""
    for q, card in SITUATION_ITEMS:
        key = _right(q)
        assert not kb_card_quizzes.is_courtesy(key), q["id"]
        others = [line for other in CARDS.values() if other is not card and other["stage"] == card["stage"]
                  and other["type"] == "script" for line in kb_cards.script_lines(other)]
        # Another card saying the key, alone or in a longer line, makes it that card's answer too.
        assert not [other for other in others if key.rstrip("。！？") in other], q["id"]


def test_no_situation_distractor_fits_the_situation_as_well():
    """No distractor is an apology, thanks or soothing line (they fit every complaint), a line of a
    card for the same moment (回访结束时), or a line the key's card says in part."""
    cards = list(CARDS.values())
    for q, card in SITUATION_ITEMS:
        same_moment = [line for other in cards if other is not card and kb_card_quizzes.related(card, other, cards)
                       for line in kb_cards.script_lines(other)]
        for wrong in _wrong(q):
            assert not kb_card_quizzes.is_courtesy(wrong), (q["id"], wrong)
            assert wrong not in same_moment, (q["id"], wrong)
            assert not kb_card_quizzes.overlaps(wrong, kb_cards.script_lines(card)), (q["id"], wrong)


def test_every_quiz_line_makes_an_item():
    """A `quiz:` that the generator has to skip (its words are in the stem) would be a silent gap."""
    asked = {card["id"] for _, card in SITUATION_ITEMS}
    assert [card_id for card_id, card in CARDS.items() if card.get("quiz") and card_id not in asked] == []
    assert len(SITUATION_ITEMS) >= 25
