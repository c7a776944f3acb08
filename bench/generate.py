"""Synthetic phrasebooks for benchmarks: a copy of the project with N extra cards.

Sentences are recombined from the real scripts, so the text looks like the
real thing to jieba and to the search engine; any sentence the 服务禁语 gate
would reject is drawn again.
"""
from __future__ import annotations

import random
import shutil
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "tests"))

from conftest import copy_project  # noqa: E402
from kb import cards as kb_cards  # noqa: E402
from kb import rules as kb_rules  # noqa: E402

CARDS_PER_FILE = 100


def _fragments():
    books = kb_cards.load_phrasebooks(ROOT / "content" / "phrasebooks", ROOT)
    cards = [card for book in books for card in book["cards"]]
    clauses = sorted({part for card in cards for line in kb_cards.script_lines(card)
                      for part in line.replace("？", "，").replace("。", "，").split("，") if len(part) >= 4})
    return cards, clauses


def generate(target: Path, count: int, seed: int = 2026) -> Path:
    """Write a project copy with `count` synthetic cards into `target`."""
    rng = random.Random(seed)
    if target.exists():
        shutil.rmtree(target)
    copy_project(target)
    rules = kb_rules.load_rules(ROOT / "content" / "rules" / "forbidden.yml", ROOT)["rules"]
    cards, clauses = _fragments()
    tags = sorted({tag for card in cards for tag in card["tags"]})
    # Three search names a card, drawn from the real cards' aliases and descriptions together, so each
    # comes in the share the real cards have (the same draw as before descriptions had a field of their own).
    descriptions = {text for card in cards for text in card["descriptions"]}
    names = sorted({alias for card in cards for alias in card["aliases"]} | descriptions)

    def sentence():
        while True:
            text = "，".join(rng.sample(clauses, rng.randint(2, 3))) + "。"
            if not kb_rules.find_matches(text, rules):
                return text

    folder = target / "content" / "phrasebooks"
    for start in range(0, count, CARDS_PER_FILE):
        number = start // CARDS_PER_FILE
        book = {"title": f"合成话术本 {number:03d}", "order": 100 + number, "intro": "基准测试用的合成卡片。",
                "defaults": {"owner": "基准测试", "reviewed": "2026-11-01", "source": "合成"}, "cards": []}
        for index in range(start, min(start + CARDS_PER_FILE, count)):
            template = rng.choice(cards)
            situation, card_tags, drawn = sentence(), rng.sample(tags, 2), rng.sample(names, 3)  # the order of old
            book["cards"].append({
                "id": f"syn-{index:05d}", "title": f"{template['title']}({index})",
                "situation": situation, "stage": template["stage"],
                "tags": card_tags, "aliases": [name for name in drawn if name not in descriptions],
                "descriptions": [name for name in drawn if name in descriptions],
                "lines": [sentence() for _ in range(rng.randint(1, 3))], "why": sentence(),
            })
        text = yaml.safe_dump(book, allow_unicode=True, sort_keys=False)
        (folder / f"synthetic-{number:03d}.yml").write_text(text.replace("'2026-11-01'", "2026-11-01"), encoding="utf-8")
    return target


if __name__ == "__main__":
    print(generate(Path(sys.argv[1]), int(sys.argv[2])))
