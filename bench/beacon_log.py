"""Synthetic beacon logs for `make bench`: N lines as nginx writes them, for `make report`.

The mix stands for a busy contact centre: a quarter search-gap lines (the
queries of tests/fixtures/search_queries.tsv, some with a phone number in
them), a third copies, a tenth votes (some changed later), the rest quiz
answers, half of them in exam sittings of six questions. Real card and
question ids, so every section of the report has work to do. The usage lines
are split into a current log and a gzipped rotated one.
"""
from __future__ import annotations

import gzip
import random
import string
import sys
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import report  # noqa: E402
from kb import usage as kb_usage  # noqa: E402

TIME = "2026-12-01T10:00:00+08:00"


def _usage(kind, **fields) -> str:
    names = ["card", "line", "src", "vote", "why", "vid", "seq", "item", "pick", "ok", "mode", "att"]
    return "\t".join([TIME, kind] + [str(fields.get(name, "-")) for name in names]) + "\n"


def write_logs(folder: Path, total: int, seed: int = 18) -> list[Path]:
    """Three logs (search, usage, rotated usage .gz) holding `total` lines between them."""
    rng = random.Random(seed)
    catalogue = report.catalogue(ROOT)
    cards = [(book["slug"], card["id"]) for book in catalogue["books"] for card in book["cards"]]
    questions = [q for bank in catalogue["banks"] for q in bank["questions"]]
    queries = [line.split("\t")[0] for line in (ROOT / "tests/fixtures/search_queries.tsv").read_text(encoding="utf-8")
               .splitlines() if line and not line.startswith("#")]
    letters = lambda: "".join(rng.choice(string.ascii_lowercase) for _ in range(16))  # noqa: E731
    folder.mkdir(parents=True, exist_ok=True)
    search, usage = [], []
    while len(search) + len(usage) < total:
        roll = rng.random()
        if roll < 0.25:
            book, card = rng.choice(cards)
            query = rng.choice(queries) + (rng.choice(["", "", "#"]))
            action = rng.choice(["open", "open", "copy", "none"])
            rank = rng.randint(1, 5) if action != "none" else 0
            target = quote(f"phrasebooks/{book}/#{card}", safe="") if action != "none" else ""
            search.append("\t".join([TIME, action, str(rank), str(rng.randint(0, 40)), "1", target, quote(query)]) + "\n")
        elif roll < 0.60:
            _, card = rng.choice(cards)
            src = rng.choice(list(kb_usage.COPY_SOURCES))
            usage.append(_usage("copy", card=card, line=0 if src in ("all", "search") else rng.randint(1, 4), src=src))
        elif roll < 0.70:
            _, card = rng.choice(cards)
            vid = letters()
            for seq in range(rng.choice([1, 1, 2])):
                vote = rng.choice(["up", "up", "down"])
                why = rng.choice(list(kb_usage.REASONS)) if vote == "down" else ""
                usage.append(_usage("vote", card=card, vote=vote, why=why, vid=vid, seq=seq))
        else:
            exam = rng.random() < 0.5
            attempt = letters() if exam else ""
            for q in rng.sample(questions, 6 if exam else 1):
                right = rng.random() < 0.7
                keys = q["answer"] if right else [rng.choice([o["key"] for o in q["options"]])]
                usage.append(_usage("quiz", item=q["id"], pick=".".join(sorted(keys)), ok=int(right),
                                    mode="exam" if exam else "practice", att=attempt))
    half = len(usage) // 2
    paths = [folder / "kb-search.log", folder / "kb-usage.log", folder / "kb-usage.log.1.gz"]
    paths[0].write_text("".join(search), encoding="utf-8")
    paths[1].write_text("".join(usage[half:]), encoding="utf-8")
    with gzip.open(paths[2], "wt", encoding="utf-8", compresslevel=6) as rotated:
        rotated.write("".join(usage[:half]))
    return paths
