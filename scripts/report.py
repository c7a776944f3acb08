"""`make report LOG=…`: the beacon logs as one offline HTML report for trainers.

Reads any number of logs, plain or gzipped (rotated), named or as globs, each
line either a search-gap beacon (deploy/nginx-kb.conf's kb_search format, read
by search_report.py) or a usage beacon (kb_usage: copies, card votes, quiz
answers; content/assets/kb/usage.js sends them). Writes one HTML file with
inline SVG charts (macros/report.html, autoescaped): search gaps, cards by
copies and the cards nobody used, votes and their reasons, quiz items by
difficulty with each option's pick rate and discrimination, stale cards.

Anyone on the intranet can write to these logs, so every line is untrusted:
a line longer than MAX_LINE_BYTES is skipped unread, every field must have its
exact shape (ids are slugs, counters at most three digits, votes and reasons
from fixed lists) or the line is skipped and counted, ids that the content
does not have are counted and never shown, and links go only to pages the
built site has. No line, however made, stops the report.
"""
from __future__ import annotations

import argparse
import datetime
import glob
import gzip
import logging
import re
import sys
import zlib
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))
sys.path.insert(0, str(ROOT / "scripts"))

import search_report  # noqa: E402
from kb import cards as kb_cards  # noqa: E402
from kb import usage as kb_usage  # noqa: E402

MAX_LINE_BYTES = 4096
USAGE_FIELDS = 14  # deploy/nginx-kb.conf's kb_usage: time, k, card, line, src, vote, why, vid, seq, item, pick, ok, mode, att
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]{0,79}")
_RANDOM_ID = re.compile(r"[a-z]{16}")
_KEYS = re.compile(r"[a-z]{1,8}(?:\.[a-z]{1,8}){0,9}")
_COUNTER = re.compile(r"[0-9]{1,3}")
VOTES = {"up", "down", "none"}
MODES = {"practice", "exam"}
# Item discrimination needs this many exam sittings with the item; the upper and lower groups
# are the top and bottom 27% of them by the rest of the sitting's score (Kelley).
MIN_ATTEMPTS = 4
GROUP_SHARE = 0.27
TOP_CHART = 30
DEFAULT_STALE_AFTER_DAYS = 365


# --- reading ---------------------------------------------------------------------

def expand(patterns: list[str]) -> tuple[list[Path], list[str]]:
    """The files the arguments name (globs expanded, each file once), and a note per argument that names none."""
    files, notes = [], []
    for pattern in patterns:
        found = sorted(glob.glob(pattern)) if glob.has_magic(pattern) else [pattern]
        found = [Path(name) for name in found if Path(name).is_file()]
        if not found:
            notes.append(f"没有找到日志文件：{pattern}")
        files += [path for path in found if path not in files]
    return files, notes


def read_lines(path: Path, notes: list[str]):
    """Each line of a log (gzipped or not) as text; over-long lines are skipped whole, a broken gzip ends the file."""
    count = 0
    try:
        with path.open("rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as stream:
            while True:
                raw = stream.readline(MAX_LINE_BYTES + 1)
                if not raw:
                    break
                count += 1
                if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
                    while raw and not raw.endswith(b"\n"):  # the rest of the long line, a block at a time
                        raw = stream.readline(MAX_LINE_BYTES + 1)
                    yield ""
                    continue
                yield raw.decode("utf-8", "replace")
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or "文件损坏或不完整"
        notes.append(f"日志 {path} 读到第 {count} 行时出错（{reason}），其余部分已跳过")


def _counter(text: str) -> int | None:
    return int(text) if _COUNTER.fullmatch(text) else None


def parse_usage(parts: list[str]):
    """A usage line's (kind, fields), or None when any field is not what usage.js sends."""
    _time, kind, card, line, src, vote, why, vid, seq, item, pick, ok, mode, att = parts
    if kind == "copy":
        number = _counter(line)
        if _SLUG.fullmatch(card) and number is not None and src in kb_usage.COPY_SOURCES:
            return "copy", (card, number, src)
    elif kind == "vote":
        number = _counter(seq)
        why = "" if why == "-" else why
        if (_SLUG.fullmatch(card) and vote in VOTES and _RANDOM_ID.fullmatch(vid) and number is not None
                and (why == "" or (vote == "down" and why in kb_usage.REASONS))):
            return "vote", (card, vid, number, vote, why)
    elif kind == "quiz":
        if _SLUG.fullmatch(item) and _KEYS.fullmatch(pick) and ok in ("0", "1") and mode in MODES:
            attempt = att if mode == "exam" and _RANDOM_ID.fullmatch(att) else ""
            keys = tuple(sorted(set(pick.split("."))))
            return "quiz", (item, keys, ok == "1", attempt)
    return None


class Tally:
    """What the logs say, counted as they are read (a million lines never sit in memory)."""

    def __init__(self):
        self.search_lines: list[str] = []
        self.lines = self.skipped = 0
        self.copies: Counter = Counter()
        self.copy_sources: Counter = Counter()
        self.copy_lines: Counter = Counter()
        self.votes: dict = {}
        self.answers: dict = defaultdict(lambda: {"n": 0, "right": 0, "picks": Counter()})
        self.sittings: dict = defaultdict(dict)
        self._order = 0

    def add(self, line: str) -> None:
        self.lines += 1
        parts = line.rstrip("\r\n").split("\t")
        if len(parts) == 7 and parts[1] in search_report.ACTIONS:
            self.search_lines.append(line)
            return
        parsed = parse_usage(parts) if len(parts) == USAGE_FIELDS else None
        if parsed is None:
            self.skipped += 1
            return
        kind, fields = parsed
        if kind == "copy":
            card, number, src = fields
            self.copies[card] += 1
            self.copy_sources[card, src] += 1
            if number:
                self.copy_lines[card, number] += 1
        elif kind == "vote":
            # A changed vote replaces the one before it: the highest seq of (card, vote id), then the later line.
            card, vid, seq, vote, why = fields
            self._order += 1
            known = self.votes.get((card, vid))
            if known is None or (seq, self._order) > known[:2]:
                self.votes[card, vid] = (seq, self._order, vote, why)
        else:
            item, keys, right, attempt = fields
            answer = self.answers[item]
            answer["n"] += 1
            answer["right"] += right
            answer["picks"].update(keys)
            if attempt:
                self.sittings[attempt].setdefault(item, (right, keys))  # a repeated line counts once


# --- the site's cards and questions -----------------------------------------------

def catalogue(root: Path) -> dict:
    """The content's cards and question banks, loaded and checked as the build does."""
    import jieba
    jieba.setLogLevel(logging.WARNING)
    from kb import content, quizzes
    data = content.load_all(root / "content", root)
    if data["errors"]:
        raise SystemExit(f"内容有 {len(data['errors'])} 处错误，先运行 make check 修好再生成报告")
    return {"books": data["books"], "banks": quizzes.all_banks(data)}


class Links:
    """URLs of pages (and anchors) that the built site has; nothing else gets a link."""

    def __init__(self, site: Path | None):
        self.site = site
        self.base = _site_url(site) if site else None
        self._pages: dict[str, str | None] = {}

    def url(self, page: str, anchor: str = "") -> str | None:
        if self.site is None:
            return None
        if page not in self._pages:
            built = self.site / page / "index.html"
            self._pages[page] = built.read_text(encoding="utf-8", errors="replace") if built.is_file() else None
        text = self._pages[page]
        if text is None or (anchor and f'id="{anchor}"' not in text):
            return None
        return (self.base or (self.site.resolve().as_uri() + "/")) + quote(page) + ("" if self.base else "index.html") \
            + (f"#{quote(anchor)}" if anchor else "")


def _site_url(site: Path) -> str | None:
    """The site's public address (its sitemap's first entry) when it is an http(s) address."""
    sitemap = site / "sitemap.xml"
    if not sitemap.is_file():
        return None
    match = re.search(r"<loc>(https?://[^<>\"\s]{1,200}/)</loc>", sitemap.read_text(encoding="utf-8", errors="replace"))
    return match.group(1) if match else None


# --- the report -------------------------------------------------------------------

def card_rows(tally: Tally, books: list[dict], opened: Counter, links: Links) -> list[dict]:
    votes = vote_counts(tally)
    rows = []
    for book in books:
        for card in book["cards"]:
            card_id = card["id"]
            rows.append({"id": card_id, "title": card["title"], "book": book["title"],
                         "href": links.url(f"phrasebooks/{book['slug']}/", card_id),
                         "copies": tally.copies[card_id], "opened": opened[card_id],
                         "sources": {src: tally.copy_sources[card_id, src] for src in kb_usage.COPY_SOURCES},
                         "top_line": max(((n, line) for (cid, line), n in tally.copy_lines.items() if cid == card_id),
                                         default=(0, 0))[1],
                         **votes.get(card_id, {"up": 0, "down": 0, "reasons": Counter()})})
    return rows


def vote_counts(tally: Tally) -> dict:
    counts: dict = defaultdict(lambda: {"up": 0, "down": 0, "reasons": Counter()})
    for (card, _vid), (_seq, _order, vote, why) in tally.votes.items():
        if vote == "none":
            continue
        counts[card][vote] += 1
        if why:
            counts[card]["reasons"][why] += 1
    return counts


def search_opens(beacons) -> Counter:
    """Cards opened from a search result, by card id."""
    opened = Counter()
    for beacon in beacons:
        page, _, anchor = beacon.target.partition("#")
        if beacon.action == "open" and page.startswith("phrasebooks/") and anchor:
            opened[anchor] += 1
    return opened


def item_rows(tally: Tally, banks: list[dict], links: Links) -> list[dict]:
    """Each answered question: difficulty, each option's pick rate, discrimination from exam sittings."""
    rest = _rest_scores(tally.sittings)
    rows = []
    for bank in banks:
        href = links.url(f"quizzes/{bank['slug']}/")
        for q in bank["questions"]:
            answer = tally.answers.get(q["id"])
            if not answer or not answer["n"]:
                continue
            n = answer["n"]
            upper, lower = _groups(rest.get(q["id"], []))
            options = [{"key": o["key"], "text": o["text"], "right": o["key"] in q["answer"],
                        "rate": answer["picks"][o["key"]] / n,
                        "upper": sum(o["key"] in keys for _, _, keys in upper) / len(upper) if upper else None}
                       for o in q["options"]]
            row = {"id": q["id"], "bank": bank["title"], "href": href, "prompt": q["prompt"], "n": n,
                   "p": answer["right"] / n, "options": options, "sittings": len(rest.get(q["id"], [])),
                   "d": None, "upper_p": None, "lower_p": None, "suspect": None}
            if upper:
                row["upper_p"] = sum(right for _, right, _ in upper) / len(upper)
                row["lower_p"] = sum(right for _, right, _ in lower) / len(lower)
                row["d"] = row["upper_p"] - row["lower_p"]
                favourite = max((o for o in options if not o["right"]), key=lambda o: o["upper"], default=None)
                if row["d"] < 0 or (row["upper_p"] < 0.5 and favourite and favourite["upper"] > row["upper_p"]):
                    row["suspect"] = favourite
            rows.append(row)
    rows.sort(key=lambda row: (row["p"], -row["n"], row["id"]))
    return rows


def _rest_scores(sittings: dict) -> dict:
    """item -> [(rest score, right, keys chosen)] over the exam sittings that answered it.

    The rest score is how many of the sitting's other items were right, so an item does not
    rank the sittings by itself.
    """
    by_item: dict = defaultdict(list)
    for attempt in sorted(sittings):
        items = sittings[attempt]
        total = sum(right for right, _ in items.values())
        for item, (right, keys) in items.items():
            by_item[item].append((total - right, right, keys))
    return by_item


def _groups(scored: list) -> tuple[list, list]:
    if len(scored) < MIN_ATTEMPTS:
        return [], []
    ranked = sorted(scored, key=lambda row: row[0])
    size = max(1, round(len(ranked) * GROUP_SHARE))
    return ranked[-size:], ranked[:size]


def stale_days(root: Path) -> int:
    """extra.kb.stale_after_days from mkdocs.yml, as the build reads it (365 when unset or not a positive number)."""
    from mkdocs.utils.yaml import yaml_load
    try:
        with (root / "mkdocs.yml").open(encoding="utf-8") as stream:
            days = ((yaml_load(stream) or {}).get("extra") or {}).get("kb", {}).get("stale_after_days")
    except (OSError, ValueError, AttributeError):
        days = None
    return days if isinstance(days, int) and not isinstance(days, bool) and days > 0 else DEFAULT_STALE_AFTER_DAYS


def stale_rows(books: list[dict], today: datetime.date, days: int, links: Links) -> dict:
    """The 过期卡片 page's lists (kb.cards.review_status), with links into the built site."""
    review = kb_cards.review_status(books, today, days)
    def row(card):
        return {"title": card["title"], "owner": card["owner"], "reviewed": card["reviewed"].isoformat(),
                "age": card["age_days"], "file": f"{card['file']}:{card['line']}",
                "href": links.url(f"phrasebooks/{card['book']}/", card["id"])}
    return {"days": days, "total": review["total"], "stale": [row(c) for c in review["stale"]],
            "soon": [row(c) for c in review["soon"]]}


def build_report(tally: Tally, catalogue_data: dict, links: Links, today: datetime.date, days: int,
                 sources: list[str], notes: list[str]) -> dict:
    beacons, search_skipped = search_report.parse(tally.search_lines)
    if links.site is not None:
        beacons = search_report.with_real_targets(beacons, links.site)
    searches = search_report.summarise(beacons)
    books, banks = catalogue_data["books"], catalogue_data["banks"]
    cards = card_rows(tally, books, search_opens(beacons), links)
    known_cards = {card["id"] for card in cards}
    known_items = {q["id"] for bank in banks for q in bank["questions"]}
    unknown = (sum(n for card, n in tally.copies.items() if card not in known_cards)
               + sum(1 for card, _ in tally.votes if card not in known_cards)
               + sum(a["n"] for item, a in tally.answers.items() if item not in known_items))
    used = sorted((c for c in cards if c["copies"] or c["opened"]), key=lambda c: (-c["copies"], -c["opened"], c["id"]))
    voted = sorted((c for c in cards if c["up"] or c["down"]), key=lambda c: (-c["down"], -c["up"], c["id"]))
    items = item_rows(tally, banks, links)
    return {
        "sources": sources, "notes": notes, "today": today.isoformat(), "lines": tally.lines,
        "skipped": tally.skipped + search_skipped, "unknown": unknown, "site": links.site is not None,
        "search": {**searches, "used": dict(searches["used"]),
                   "suggestions": [(q, t, links.url(*_page_anchor(t)), r, n) for q, t, r, n in searches["suggestions"]]},
        "used": used, "unused": [c for c in cards if not c["copies"] and not c["opened"] and not c["up"] and not c["down"]],
        "max_copies": max((c["copies"] + c["opened"] for c in used), default=0), "top_chart": TOP_CHART,
        "copy_chart": [{"label": c["title"], "parts": [{"value": c["copies"], "kind": "copy"},
                                                       {"value": c["opened"], "kind": "open"}]} for c in used[:TOP_CHART]],
        "vote_chart": [{"label": c["title"], "parts": [{"value": c["up"], "kind": "up"}, {"value": c["down"], "kind": "down"}]}
                       for c in voted[:TOP_CHART]],
        "voted": voted, "max_votes": max((c["up"] + c["down"] for c in voted), default=0),
        "sources_labels": kb_usage.COPY_SOURCES, "reasons": kb_usage.REASONS,
        "questions": items, "suspects": [row for row in items if row["suspect"]], "min_attempts": MIN_ATTEMPTS,
        "sittings": len(tally.sittings),
        "stale": stale_rows(books, today, days, links),
    }


def _page_anchor(target: str) -> tuple[str, str]:
    page, _, anchor = target.partition("#")
    return page, anchor


def render(report: dict) -> str:
    from kb.render import environment
    return environment().get_template("report.html").render(report=report)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="把坐席站点的信标日志（搜索日志和使用日志）整理成给培训师的离线 HTML 报告")
    parser.add_argument("logs", nargs="+", help="日志文件或通配符（可以多个；.gz 轮转日志也行），如 '/var/log/nginx/kb-*.log*'")
    parser.add_argument("-o", "--output", default="report.html", help="报告写到哪里（默认 report.html）")
    parser.add_argument("--site", help="构建好的站点目录：只链接到站里真有的页面（默认 site/，没有就不加链接）")
    parser.add_argument("--root", default=str(ROOT), help="项目目录：从它的 content/ 读卡片和题目（默认本项目）")
    parser.add_argument("--today", help="按哪一天算过期卡片（YYYY-MM-DD，默认今天）")
    args = parser.parse_args(argv)
    try:
        today = datetime.date.fromisoformat(args.today) if args.today else datetime.date.today()
    except ValueError:
        print(f"--today 应为 YYYY-MM-DD，实际为“{args.today}”", file=sys.stderr)
        return 2
    root = Path(args.root)
    site = Path(args.site) if args.site else (ROOT / "site" if (ROOT / "site" / "index.html").is_file() else None)
    files, notes = expand(args.logs)
    tally = Tally()
    for path in files:
        for line in read_lines(path, notes):
            tally.add(line)
    report = build_report(tally, catalogue(root), Links(site), today, stale_days(root), [str(p) for p in files], notes)
    Path(args.output).write_text(render(report), encoding="utf-8")
    for note in notes:
        print(f"提示：{note}", file=sys.stderr)
    print(f"已写出 {args.output}：读了 {len(files)} 个日志、{tally.lines} 行，跳过 {report['skipped']} 行")
    return 0


if __name__ == "__main__":
    sys.exit(main())
