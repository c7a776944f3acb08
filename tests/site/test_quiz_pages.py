"""Quiz pages in the built site, and no answer in the search index."""
from __future__ import annotations

import json

from conftest import ROOT
from kb import cards as kb_cards
from kb import quizzes as kb_quizzes
from kb import search_index

DOCS = ROOT / "content"
BOOKS = kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT)
BANKS = kb_quizzes.load_banks(DOCS / "quizzes", DOCS, {c["id"] for b in BOOKS for c in b["cards"]}, ROOT)


def test_each_bank_page_renders_every_question_with_inputs(soup_of):
    for bank in BANKS:
        soup = soup_of(f"quizzes/{bank['slug']}/index.html")
        rendered = soup.select("[data-question]")
        assert [q["data-question"] for q in rendered] == [q["id"] for q in bank["questions"]]
        for element, question in zip(rendered, bank["questions"]):
            kind = "checkbox" if question["type"] == "multiple" else "radio"
            inputs = element.select(f"input[type={kind}]")
            assert [i["value"] for i in inputs] == [o["key"] for o in question["options"]]


def test_generated_banks_are_built(soup_of):
    assert len(soup_of("quizzes/generated-rules/index.html").select("[data-question]")) >= 20
    cards_bank = soup_of("quizzes/generated-cards/index.html")
    # Situation items, and a few step items (recall-only items are capped at a quarter).
    assert any(q["data-question"].startswith("gen-line-") for q in cards_bank.select("[data-question]"))
    assert any(q["data-question"].startswith("gen-step-") for q in cards_bank.select("[data-question]"))


def test_quiz_answers_do_not_leak_into_search(site):
    # The index the header search box reads, and Material's own.
    ours = search_index.site_index(site)
    material = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = "".join("".join(part if isinstance(part, str) else "".join(part) for part in row[2:]) for row in ours["docs"])
    text += "".join(doc["title"] + doc["text"] for doc in material["docs"]).replace("\u200b", "")
    # Quiz text that also appears in the handbook, cards or rules is not a leak.
    elsewhere = "".join(path.read_text(encoding="utf-8") for path in DOCS.rglob("*")
                        if path.suffix in {".md", ".yml"} and "quizzes" not in path.parts)
    checked, leaked = 0, []
    for bank in BANKS:
        for q in bank["questions"]:
            for value in [q["prompt"], q["explanation"], *(o["feedback"] for o in q["options"])]:
                if value not in elsewhere:
                    checked += 1
                    if value in text:
                        leaked.append((q["id"], value))
    assert checked > 200
    assert leaked == []
    assert any(row[1] == "quizzes/ch01-basics/" for row in ours["docs"])  # the page itself is findable
