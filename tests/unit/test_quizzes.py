"""Question banks: validation messages, coverage, and the generated questions."""
from __future__ import annotations

import copy
import textwrap

import pytest

from conftest import ROOT
from kb import cards as kb_cards
from kb import card_quizzes as kb_card_quizzes
from kb import generated_quizzes as kb_generated
from kb import quizzes as kb_quizzes
from kb import rules as kb_rules
from kb.loader import DataError

DOCS = ROOT / "content"
BOOKS = kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT)
CARD_IDS = {card["id"] for book in BOOKS for card in book["cards"]}
RULE_LIST = kb_rules.load_rules(DOCS / "rules" / "forbidden.yml", ROOT)
BANKS = kb_quizzes.load_banks(DOCS / "quizzes", DOCS, CARD_IDS, ROOT)


def test_at_least_60_authored_questions_of_every_type():
    questions = [q for bank in BANKS for q in bank["questions"]]
    assert len(questions) >= 60
    assert {q["type"] for q in questions} == {"single", "multiple", "truefalse", "scenario"}
    assert all(len(q["options"]) >= 2 for q in questions)


def test_every_chapter_is_covered():
    linked_pages = {q["link"].partition("#")[0] for bank in BANKS for q in bank["questions"]}
    for chapter in sorted((DOCS / "handbook").glob("[01]*.md")):
        assert f"handbook/{chapter.name}" in linked_pages, chapter.name
    titles = [bank["title"] for bank in BANKS]
    for number in range(1, 13):
        assert any(title.startswith(f"第{number}章") for title in titles)


def test_seed_scenario_questions_are_there():
    ids = {q["id"] for bank in BANKS for q in bank["questions"]}
    assert {"scenario-defective-product", "scenario-return-shipping", "scenario-missing-pages"} <= ids


GOOD_BANK = """\
title: 测试题库
order: 1
intro: 测试
questions:
  - id: q-one
    type: single
    prompt: 问题？
    options:
      - {key: a, text: 甲, feedback: 对。}
      - {key: b, text: 乙, feedback: 错。}
    answer: a
    explanation: 解释。
    link: card:silent-call
"""


def _error(tmp_path, text, name="bank.yml"):
    folder = tmp_path / "quizzes"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    with pytest.raises(DataError) as error:
        kb_quizzes.load_banks(folder, DOCS, CARD_IDS, tmp_path)
    return "\n".join(error.value.lines())


@pytest.mark.parametrize("change, message", [
    (("    answer: a\n", "    answer: c\n"),
     "quizzes/bank.yml:11: 题目“q-one”的字段“answer”：选项“c”不存在，可选的有 a、b"),
    (("    answer: a\n", "    answer: [a, b]\n"),
     "quizzes/bank.yml:11: 题目“q-one”的字段“answer”：单选题必须恰好有一个正确选项，实际有 2 个"),
    (("      - {key: b, text: 乙, feedback: 错。}\n", ""),
     "quizzes/bank.yml:8: 题目“q-one”的字段“options”：至少要有 2 个选项"),
    (("      - {key: b, text: 乙, feedback: 错。}\n", "      - {key: a, text: 乙, feedback: 错。}\n"),
     "quizzes/bank.yml:8: 题目“q-one”的字段“options”：选项“a”重复"),
    (("    type: single\n", "    type: scenario\n"),
     "quizzes/bank.yml:5: 题目“q-one”的字段“customer”：情景题要写出客户说的话"),
    (("    type: single\n", "    type: essay\n"),
     "quizzes/bank.yml:6: 题目“q-one”的字段“type”：取值应为 single、multiple、truefalse、scenario 之一，实际为“essay”"),
    (("      - {key: b, text: 乙, feedback: 错。}\n", "      - {key: b, text: 乙}\n"),
     "quizzes/bank.yml:10: 题目“q-one”的 options 第 2 项的字段“feedback”：缺少必填字段"),
    (("    link: card:silent-call\n", "    link: card:no-such-card\n"),
     "quizzes/bank.yml:13: 题目“q-one”的字段“link”：找不到卡片“no-such-card”"),
    (("    link: card:silent-call\n", "    link: handbook/99-nothing.md\n"),
     "quizzes/bank.yml:13: 题目“q-one”的字段“link”：找不到页面“handbook/99-nothing.md”"),
    (("    link: card:silent-call\n", "    link: handbook/01-basics.md#不存在的小节\n"),
     "quizzes/bank.yml:13: 题目“q-one”的字段“link”：页面“handbook/01-basics.md”中没有小节“#不存在的小节”"),
])
def test_bank_errors(tmp_path, change, message):
    old, new = change
    assert old in GOOD_BANK
    assert _error(tmp_path, GOOD_BANK.replace(old, new)) == message


def test_same_question_id_in_two_banks(tmp_path):
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "a.yml").write_text(GOOD_BANK, encoding="utf-8")
    assert _error(tmp_path, GOOD_BANK, name="b.yml") == (
        "quizzes/b.yml:5: 题目 id“q-one”重复：已在 quizzes/a.yml:5 使用过")


def test_heading_anchors_match_mkdocs():
    anchors = kb_quizzes.heading_anchors(DOCS / "handbook" / "07-complaints.md")
    assert {"倾听投诉内容", "委婉否认法", "第7章-投诉处理技巧"} <= anchors


def _check_generated(questions):
    for q in questions:
        keys = [option["key"] for option in q["options"]]
        assert len(keys) >= 2 and len(set(o["text"] for o in q["options"])) == len(keys), q["id"]
        assert len(q["answer"]) == 1 and q["answer"][0] in keys


def _right(q):
    return next(o["text"] for o in q["options"] if o["key"] in q["answer"])


def test_questions_generated_from_rules():
    questions = kb_generated.rule_questions(RULE_LIST)
    _check_generated(questions)
    by_id = {q["id"]: q for q in questions}
    find = by_id["gen-find-dont-know"]
    rule = next(r for r in RULE_LIST["rules"] if r["id"] == "dont-know")
    # The rule's longest bad example, whole: it has the most other words to offer.
    longest = max((example["bad"] for example in rule["examples"]), key=len)
    assert find["prompt"] == f"找出这句话中的禁语：“{longest}”"
    assert _right(find) == "不知道"
    proper = by_id["gen-proper-dont-know"]
    assert _right(proper) == min((example["good"] for example in rule["examples"]), key=len)
    assert proper["prompt"].startswith(f"选出规范说法（{rule['category']}）。")


def test_questions_generated_from_cards_follow_edits():
    questions = {q["id"]: q for q in kb_card_quizzes.card_questions(BOOKS)}
    _check_generated(questions.values())
    # A situation item asks for the card's `quiz` line; a trainer's edit changes the next build's key.
    item = next(q for q in questions.values() if q["id"].startswith("gen-line-"))
    card_id = item["id"][len("gen-line-"):]
    card = next(c for b in BOOKS for c in b["cards"] if c["id"] == card_id)
    assert _right(item) == card["lines"][card["quiz"] - 1]["text"]
    edited = copy.deepcopy(BOOKS)
    changed = next(c for b in edited for c in b["cards"] if c["id"] == card_id)
    changed["lines"][card["quiz"] - 1]["text"] = "您好，这句是培训师刚改过的话术。"
    regenerated = {q["id"]: q for q in kb_card_quizzes.card_questions(edited)}
    assert _right(regenerated[item["id"]]) == "您好，这句是培训师刚改过的话术。"


def test_generated_card_questions_are_capped_and_mostly_not_recall():
    """Issue 20: "step n of this procedure" only tests recall; at most a quarter of the items ask it."""
    questions = kb_card_quizzes.card_questions(BOOKS)
    steps = [q for q in questions if q["id"].startswith("gen-step-")]
    assert 0 < len(steps) <= kb_card_quizzes.RECALL_SHARE * kb_card_quizzes.GENERATED_CARD_QUESTIONS
    assert len(steps) <= kb_card_quizzes.RECALL_SHARE * len(questions) + 1
    small = kb_card_quizzes.card_questions(BOOKS, limit=12)
    assert len(small) == 12
    assert sum(q["id"].startswith("gen-step-") for q in small) <= 3
    assert kb_card_quizzes.card_questions(BOOKS, limit=12) == small  # stable across builds


def test_correct_answers_are_located_for_the_gate():
    answers = kb_quizzes.correct_texts(BANKS)
    missing = next(a for a in answers if a["where"] == "题目“scenario-missing-pages”的正确答案")
    source = (DOCS / "quizzes" / "scenarios.yml").read_text(encoding="utf-8").splitlines()
    assert missing["text"] in source[missing["line"] - 1]
