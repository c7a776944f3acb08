"""Questions generated from the phrase cards: which line is the standard one for a situation
(the card's `quiz` line), and which line is step n of a procedure. Seeded by the data, so a
build is repeatable; tests/unit/test_generated_quiz_lint.py checks the items on the real content.
"""
from __future__ import annotations

import collections
import re

from kb import cards as kb_cards
from kb.generated_quizzes import balanced, make_item, pick, spread, gives_away

GENERATED_CARD_QUESTIONS = 60
# "Step n of this procedure" only asks to recall; at most this share of the card items does.
RECALL_SHARE = 0.25
SITUATION_OPTIONS = 4
STEP_OPTIONS = 4

# A clause that only apologises, thanks, wishes well or soothes fits almost any moment of a
# complaint or a closing: as a distractor it is a second right answer, as a key it is no test.
_COURTESY = re.compile(r"^(?:(?:我们|我)?(?:也)?(?:非常|很|真|十分|实在)?(?:抱歉|对不起|不好意思|感谢|谢谢|理解|明白您|能理解)"
                       r"|给您(?:添|带来)|让您久等|祝您|再见|您好|如果我是您|我也可能|我也会|遇到这样的情况|确实会让人)")
# Cards of one stage with one of these tags answer the same question (how to address the
# customer) for neighbouring situations: one card's line is defensible for the other's stem.
TOPIC_TAGS = {"称谓"}
_CLAUSES = re.compile(r"[，。！？；：、]+")
_FORM_ONLY = re.compile(r"^(?:\[[^\[\]]+\])+$")


def is_courtesy(line: str) -> bool:
    """True when every clause of `line` is an apology, thanks, wish or soothing formula."""
    clauses = [part for part in _CLAUSES.split(line) if part and not _FORM_ONLY.match(part)]
    return bool(clauses) and all(_COURTESY.match(part) for part in clauses)


def moment(situation: str) -> str:
    """The moment a situation names (its first clause, 快 / 即将 dropped): 回访快结束时 and
    回访结束时，… are one moment, and a line said then fits both cards' stems."""
    return re.sub(r"快|即将", "", re.split(r"[，；]", situation)[0])


def _bare(text: str) -> str:
    return text.rstrip("。！？")


def overlaps(line: str, lines: list[str]) -> bool:
    """`line` is one of `lines`, or a part of one, or holds one: it says what they say."""
    bare = _bare(line)
    return any(bare in _bare(other) or _bare(other) in bare for other in lines)


def quiz_line(card: dict) -> str | None:
    """The line a situation item asks for: the card's `quiz`, numbered from 1."""
    number = card.get("quiz")
    return kb_cards.main_script(card)[number - 1] if number else None


def _clauses_of(card: dict) -> frozenset[str]:
    return frozenset(part for line in kb_cards.script_lines(card) for part in _CLAUSES.split(line) if len(part) >= 4)


class Clauses:
    """Each card's clauses and how many cards say each one, worked out once per list of cards
    (asking every card again for every pair took seconds at 10,000 cards)."""

    def __init__(self, cards: list[dict]):
        self._of = {id(card): _clauses_of(card) for card in cards}
        self.count = collections.Counter(part for parts in self._of.values() for part in parts)

    def of(self, card: dict) -> frozenset[str]:
        return self._of[id(card)] if id(card) in self._of else _clauses_of(card)


def related(card: dict, other: dict, cards: list[dict], clauses: Clauses | None = None) -> bool:
    """Two cards for one moment: the same situation or moment, one stage and topic (TOPIC_TAGS), or a clause that only they say
    (抱歉，这确实是我们的问题 in a variant ties it to the card that admits a fault). A clause
    that many cards say (请问有什么可以帮您) is a formula and ties nothing."""
    if other["situation"] == card["situation"] or moment(other["situation"]) == moment(card["situation"]):
        return True
    if other["stage"] == card["stage"] and set(card["tags"]) & set(other["tags"]) & TOPIC_TAGS:
        return True
    clauses = clauses or Clauses(cards)
    return any(clauses.count[part] <= 2 for part in clauses.of(card) & clauses.of(other))


def situation_distractors(card: dict, cards: list[dict], clauses: Clauses | None = None) -> list[str]:
    """Other cards' quiz lines of the same stage that are wrong for this card's situation:
    not a courtesy line, not from a card for the same moment, not a line this card says in
    part or in full."""
    own = kb_cards.script_lines(card)
    clauses = clauses or Clauses(cards)
    pool = [quiz_line(other) for other in cards if other is not card and other["stage"] == card["stage"]
            and quiz_line(other) and not related(card, other, cards, clauses)]
    return list(dict.fromkeys(line for line in pool if not is_courtesy(line) and not overlaps(line, own)))


def card_questions(books: list[dict], limit: int = GENERATED_CARD_QUESTIONS) -> list[dict]:
    """Which line is the standard one for a situation, or for a step of a procedure.

    Situation questions (apply: which line fits) come from the cards that name a `quiz`
    line, in a stable ranking; step questions (recall: which line is step n) are at most
    RECALL_SHARE of the items. Up to `limit` in all, and a rebuild gives the same quiz.
    """
    cards = [card for book in books for card in book["cards"]]
    steps = _step_questions(cards)
    scripts = {card["id"]: card for card in cards if quiz_line(card)}
    clauses = Clauses(cards)
    situation, stems = [], set()
    for card_id in pick("lines", list(scripts), len(scripts)):
        if len(situation) >= limit:
            break
        card = scripts[card_id]
        line = quiz_line(card)
        prompt = f"场景：{card['situation']}。标准话术是哪一句？"
        others = balanced(card_id, line, situation_distractors(card, cards, clauses), SITUATION_OPTIONS - 1)
        if prompt in stems or len(others) < 2 or gives_away(prompt, line, others):
            continue
        stems.add(prompt)
        options = [(line, "对。这是这个场景的标准话术。")]
        options += [(other, "这句话术用于别的场景。") for other in others]
        situation.append(make_item(f"gen-line-{card_id}", "single", prompt, options, card["why"],
                                    f"card:{card_id}"))
    # Recall items at most RECALL_SHARE of the whole, chosen by a stable ranking; situation items fill the rest.
    allowed = min(int(limit * RECALL_SHARE), len(situation) * RECALL_SHARE // (1 - RECALL_SHARE))
    kept = set(pick("steps", [q["id"] for q in steps], int(allowed)))
    questions = [q for q in steps if q["id"] in kept]
    situation = situation[:limit - len(questions)]
    order = {card["id"]: index for index, card in enumerate(cards)}
    return spread(questions + sorted(situation, key=lambda q: order[q["id"][len("gen-line-"):]]))


def _step_questions(cards: list[dict]) -> list[dict]:
    questions, stems = [], set()
    for card in cards:
        says = [(n, step["say"]) for n, step in enumerate(card["steps"], 1) if step["say"]]
        if card["type"] != "procedure" or len(set(text for _, text in says)) < 3:
            continue
        for n, say in says:
            prompt = f"“{card['title']}”流程的第 {n} 步，标准话术是哪一句？"
            # Another step with the same words would be a second right answer.
            pool = list(dict.fromkeys(other for m, other in says if m != n and other != say))
            others = balanced(f"{card['id']}-{n}", say, pool, STEP_OPTIONS - 1)
            if prompt in stems or len(others) < 2 or gives_away(prompt, say, others):
                continue
            step_of = {other: m for m, other in reversed(says)}
            options = [(say, f"对。这是第 {n} 步：{card['steps'][n - 1]['action']}。")]
            options += [(other, f"这是第 {step_of[other]} 步的话术，不是第 {n} 步。") for other in others]
            stems.add(prompt)
            questions.append(make_item(f"gen-step-{card['id']}-{n}", "single", prompt, options, card["why"],
                                        f"card:{card['id']}"))
    return questions
