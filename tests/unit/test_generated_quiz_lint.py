"""Generated quiz items measure: a lint over the banks generated from the real rules and cards.

Each check names the items that break it, so a content change that makes an
item guessable shows up as that item's id.
"""
from __future__ import annotations

from collections import Counter

import pytest

from conftest import ROOT
from kb import cards as kb_cards
from kb import generated_quizzes as kb_generated
from kb import rules as kb_rules

DOCS = ROOT / "content"
BOOKS = kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT)
RULE_LIST = kb_rules.load_rules(DOCS / "rules" / "forbidden.yml", ROOT)
RULES = RULE_LIST["rules"]
SEVERITY = {rule["id"]: rule["severity"] for rule in RULES}
CARDS = {card["id"]: card for book in BOOKS for card in book["cards"]}
BANKS = {"generated-rules": kb_generated.rule_questions(RULE_LIST), "generated-cards": kb_generated.card_questions(BOOKS)}
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


def test_proper_items_have_exactly_one_clean_option():
    propers = [q for q in BANKS["generated-rules"] if q["id"].startswith("gen-proper-")]
    assert len(propers) >= 8
    for q in propers:
        assert _errors(_right(q)) == [], q["id"]
        assert [w for w in _wrong(q) if not _errors(w)] == [], q["id"]
        # The stem never names the 禁语 of its rule.
        rule = next(r for r in RULES if r["id"] == q["id"][len("gen-proper-"):])
        assert not [p for p in rule["forbidden"] if p in q["prompt"]], q["id"]


def test_rule_items_do_not_give_each_other_away():
    """A sentence is quoted or offered in one item only: seeing it elsewhere would tell its verdict."""
    seen: dict[str, str] = {}
    clashes = []
    for q in BANKS["generated-rules"]:
        sentences = [o["text"] for o in q["options"]] if q["id"].startswith("gen-proper-") else [_quoted(q["prompt"])]
        for text in sentences:
            if text in seen and seen[text] != q["id"]:
                clashes.append((seen[text], q["id"], text))
            seen.setdefault(text, q["id"])
    assert clashes == []


def test_card_items_are_keyed_to_the_right_line():
    for q in BANKS["generated-cards"]:
        if q["id"].startswith("gen-step-"):
            card_id, _, n = q["id"][len("gen-step-"):].rpartition("-")
            step = CARDS[card_id]["steps"][int(n) - 1]
            assert _right(q) == step["say"], q["id"]
            assert step["say"] not in _wrong(q), q["id"]
        else:
            card = CARDS[q["id"][len("gen-line-"):]]
            assert _right(q) == card["lines"][0]["text"], q["id"]
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
