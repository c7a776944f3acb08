"""Authored question banks measure something: the key is not given away by its length or its
position, true/false keys are balanced, no stem is repeated, and nothing talks about the sources.

Generated questions (hooks/kb/quizzes.py) are checked with their generators, not here.
"""
from __future__ import annotations

import collections
import re

from conftest import ROOT
from kb import cards as kb_cards
from kb import quizzes as kb_quizzes

DOCS = ROOT / "content"
CARD_IDS = {card["id"] for book in kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT) for card in book["cards"]}
BANKS = kb_quizzes.load_banks(DOCS / "quizzes", DOCS, CARD_IDS, ROOT)
QUESTIONS = [q for bank in BANKS for q in bank["questions"]]
ONE_ANSWER = [q for q in QUESTIONS if q["type"] in ("single", "scenario")]
TRUE_FALSE = [q for q in QUESTIONS if q["type"] == "truefalse"]

MAX_LONGEST_SHARE = 0.35
MAX_POSITION_SHARE = 0.40
TRUE_SHARE = (0.40, 0.60)
SOURCE_TALK = re.compile(r"源资料|原手册|原课件|原话|种子|手册给出|手册引用|资料给出")
JOKES = ["挂机", "唱歌", "午餐", "没有帮助", "无所谓", "随便"]


def key_is_uniquely_longest(question: dict) -> bool:
    (answer,) = question["answer"]
    lengths = {o["key"]: len(o["text"]) for o in question["options"]}
    return all(lengths[answer] > length for key, length in lengths.items() if key != answer)


def key_position(question: dict) -> int:
    return [o["key"] for o in question["options"]].index(question["answer"][0])


def test_lint_measures_what_it_claims():
    giveaway = {"answer": ["b"], "options": [{"key": "a", "text": "短"}, {"key": "b", "text": "长长的正确答案"}]}
    assert key_is_uniquely_longest(giveaway) and key_position(giveaway) == 1
    tie = {"answer": ["a"], "options": [{"key": "a", "text": "一样长"}, {"key": "b", "text": "也一样"}]}
    assert not key_is_uniquely_longest(tie)


def test_the_key_is_not_the_longest_option_too_often():
    longest = [q["id"] for q in ONE_ANSWER if key_is_uniquely_longest(q)]
    share = len(longest) / len(ONE_ANSWER)
    assert share <= MAX_LONGEST_SHARE, f"{len(longest)}/{len(ONE_ANSWER)}: {longest}"


def test_the_key_position_is_spread():
    positions = collections.Counter(key_position(q) for q in ONE_ANSWER + TRUE_FALSE if q["type"] != "truefalse")
    total = sum(positions.values())
    assert max(positions.values()) / total <= MAX_POSITION_SHARE, positions


def test_true_false_keys_are_balanced():
    true = sum(1 for q in TRUE_FALSE if q["answer"] == ["t"])
    low, high = TRUE_SHARE
    assert low <= true / len(TRUE_FALSE) <= high, f"{true}/{len(TRUE_FALSE)} true"


def test_multiple_choice_has_more_than_one_wrong_option_or_a_real_one():
    for q in QUESTIONS:
        if q["type"] == "multiple":
            wrong = [o for o in q["options"] if o["key"] not in q["answer"]]
            assert len(wrong) >= 2, q["id"]


def test_no_duplicate_stems():
    stems = collections.Counter((q.get("customer") or "") + q["prompt"] for q in QUESTIONS)
    assert [stem for stem, count in stems.items() if count > 1] == []


def test_no_stem_option_or_feedback_talks_about_the_sources():
    for q in QUESTIONS:
        texts = [q["prompt"], q["explanation"], q.get("customer") or ""]
        texts += [o["text"] for o in q["options"]] + [o["feedback"] for o in q["options"]]
        assert not [t for t in texts if SOURCE_TALK.search(t)], q["id"]
    for bank in BANKS:
        assert not SOURCE_TALK.search(bank["intro"]), bank["title"]


def test_no_joke_distractors():
    for q in QUESTIONS:
        wrong = [o["text"] for o in q["options"] if o["key"] not in q["answer"]]
        assert not [t for t in wrong for joke in JOKES if joke in t], q["id"]


MULTIPLE = [q for q in QUESTIONS if q["type"] == "multiple"]
MAX_SAME_SHAPE_SHARE = 0.50


def shape(question: dict) -> tuple[int, int]:
    """(correct options, options) of a multiple-answer item."""
    return len(question["answer"]), len(question["options"])


def test_multiple_answer_items_vary_how_many_options_are_right():
    """An agent who learns that "three of five" is always right can answer without knowing."""
    assert shape({"answer": ["a", "c"], "options": [{}] * 5}) == (2, 5)
    shapes = collections.Counter(shape(q) for q in MULTIPLE)
    common, count = shapes.most_common(1)[0]
    assert count / len(MULTIPLE) <= MAX_SAME_SHAPE_SHARE, shapes
    assert len({right for right, _ in shapes}) >= 3, shapes


def test_every_key_position_is_used():
    """Each position (a, b, c, d...) that at least 4 one-answer items offer holds the key at least twice."""
    offered = collections.Counter(i for q in ONE_ANSWER for i in range(len(q["options"])))
    keyed = collections.Counter(key_position(q) for q in ONE_ANSWER)
    assert [position for position, n in offered.items() if n >= 4 and keyed[position] < 2] == [], (offered, keyed)
