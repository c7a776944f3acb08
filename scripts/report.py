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
import html
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
BLOCK_BYTES = 1 << 20
CACHE_LINES = 200_000
USAGE_FIELDS = 14  # deploy/nginx-kb.conf's kb_usage: time, k, card, line, src, vote, why, vid, seq, item, pick, ok, mode, att
_RANDOM_ID = re.compile(r"[a-z]{16}")
# Each kind's line after the time, field by field in kb_usage's order (k card line src vote why vid seq
# item pick ok mode att): the fields a kind uses have their exact shape, the others anything but a tab.
_ANY, _SLUG = r"[^\t]*", r"[a-z0-9][a-z0-9-]{0,79}"
_USAGE_LINES = {
    "copy": re.compile(rf"copy\t({_SLUG})\t([0-9]{{1,3}})\t({'|'.join(kb_usage.COPY_SOURCES)})(?:\t{_ANY}){{9}}"),
    "vote": re.compile(rf"vote\t({_SLUG})\t{_ANY}\t{_ANY}\t(up|down|none)\t(-|{'|'.join(kb_usage.REASONS)}|)"
                       rf"\t([a-z]{{16}})\t([0-9]{{1,3}})(?:\t{_ANY}){{5}}"),
    "quiz": re.compile(rf"quiz(?:\t{_ANY}){{7}}\t({_SLUG})\t([a-z]{{1,8}}(?:\.[a-z]{{1,8}}){{0,9}})\t([01])"
                       rf"\t(practice|exam)\t({_ANY})"),
}
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
    """Each line of a log (gzipped or not) as text, a block at a time.

    A line longer than MAX_LINE_BYTES is skipped whole, yielded as "" (so it is counted), and
    never held in memory: a forged line of a gigabyte costs a block at a time. A broken gzip
    ends its file with a note.
    """
    count, carry, skipping = 0, b"", False
    try:
        with path.open("rb") as probe:
            gzipped = probe.read(2) == b"\x1f\x8b"
        with (gzip.open(path, "rb") if gzipped else path.open("rb")) as stream:
            while block := stream.read(BLOCK_BYTES):
                end = block.rfind(b"\n")
                if end == -1:
                    carry += block
                else:
                    whole, carry = carry + block[:end], block[end + 1:]
                    lines = whole.decode("utf-8", "replace").split("\n")
                    if skipping:  # the end of a long line that began in an earlier block
                        lines[0], skipping = "", False
                    for line in lines:
                        count += 1
                        yield line if len(line) <= MAX_LINE_BYTES else ""
                if len(carry) > MAX_LINE_BYTES:
                    carry, skipping = b"", True
            if carry or skipping:
                count += 1
                yield "" if skipping else carry.decode("utf-8", "replace")[:MAX_LINE_BYTES + 1]
    except (OSError, EOFError, zlib.error) as error:
        reason = getattr(error, "strerror", None) or "文件损坏或不完整"
        notes.append(f"日志 {path} 读到第 {count} 行时出错（{reason}），其余部分已跳过")


def parse_usage(rest: str):
    """A usage line's (kind, fields) from its text after the time, or None when any field is not what usage.js sends."""
    match = _USAGE_LINES.get(rest[:4])
    match = match and match.fullmatch(rest)
    if not match:
        return None
    kind = rest[:4]
    if kind == "copy":
        card, line, src = match.groups()
        return "copy", (card, int(line), src)
    if kind == "vote":
        card, vote, why, vid, seq = match.groups()
        why = "" if why == "-" else why
        return ("vote", (card, vid, int(seq), vote, why)) if not why or vote == "down" else None
    item, pick, ok, mode, att = match.groups()
    attempt = att if mode == "exam" and _RANDOM_ID.fullmatch(att) else ""
    return "quiz", (item, tuple(sorted(set(pick.split(".")))), ok == "1", attempt)


_SEARCH, _BAD, _UNSEEN = "search", None, object()


class Tally:
    """What the logs say, counted as they are read.

    The time field is not used, so each line is looked up without it: the same copy of the
    same card, the same query, is parsed once (the first CACHE_LINES different lines are kept).
    Search lines are kept as counts per distinct line, parsed by search_report.py at the end.
    """

    def __init__(self):
        self.search_lines: Counter = Counter()
        self.lines = self.skipped = 0
        self.copies: Counter = Counter()
        self.copy_sources: Counter = Counter()
        self.copy_lines: Counter = Counter()
        self.votes: dict = {}
        self.answers: dict = defaultdict(lambda: {"n": 0, "right": 0, "picks": Counter()})
        self.sittings: dict = defaultdict(dict)
        self._order = 0
        self._parsed: dict = {}

    def add(self, line: str) -> None:
        self.add_lines((line,))

    def add_lines(self, lines) -> None:
        parsed_lines, search_lines = self._parsed, self.search_lines
        count = skipped = 0
        for line in lines:
            count += 1
            rest = line.partition("\t")[2].rstrip("\r\n")
            parsed = parsed_lines.get(rest, _UNSEEN)
            if parsed is _UNSEEN:
                parsed = _parse(rest)
                if len(parsed_lines) < CACHE_LINES:
                    parsed_lines[rest] = parsed
            if parsed is _SEARCH:
                search_lines[rest] += 1
            elif parsed is _BAD:
                skipped += 1
            else:
                self._count(*parsed)
        self.lines += count
        self.skipped += skipped

    def _count(self, kind, fields) -> None:
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
            picks = answer["picks"]
            for key in keys:  # not Counter.update: its type checks cost seconds over a million lines
                picks[key] += 1
            if attempt:
                self.sittings[attempt].setdefault(item, (right, keys))  # a repeated line counts once

    def search_beacons(self) -> tuple[list, int]:
        """The search lines as search_report.py's beacons (each distinct line parsed once), and how many were skipped."""
        beacons, skipped = [], 0
        for rest, times in self.search_lines.items():
            parsed, bad = search_report.parse(["-\t" + rest])
            beacons += parsed * times
            skipped += bad * times
        return beacons, skipped


def _parse(rest: str):
    """A line without its time: _SEARCH, a usage line's (kind, fields), or _BAD."""
    parts = rest.split("\t")
    if len(parts) == 6 and parts[0] in search_report.ACTIONS:
        return _SEARCH
    if len(parts) == USAGE_FIELDS - 1:
        return parse_usage(rest) or _BAD
    return _BAD


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
            self._pages[page] = search_report.page_text(self.site, page)
        text = self._pages[page]
        if text is None or (anchor and f'id="{html.escape(anchor)}"' not in text):
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
    # The most copied line of each card, in one pass: scanning every (card, line) pair for every card
    # was quadratic in what anyone can forge.
    top_lines: dict[str, tuple[int, int]] = {}
    for (card_id, line), n in tally.copy_lines.items():
        if (n, line) > top_lines.get(card_id, (0, 0)):
            top_lines[card_id] = (n, line)
    rows = []
    for book in books:
        for card in book["cards"]:
            card_id = card["id"]
            rows.append({"id": card_id, "title": card["title"], "book": book["title"],
                         "href": links.url(f"phrasebooks/{book['slug']}/", card_id),
                         "copies": tally.copies[card_id], "opened": opened[card_id],
                         "sources": {src: tally.copy_sources[card_id, src] for src in kb_usage.COPY_SOURCES},
                         "top_line": top_lines.get(card_id, (0, 0))[1],
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
    beacons, search_skipped = tally.search_beacons()
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
                   # A suggestion needs a target the built site has: without the site, none can be checked.
                   "suggestions": [(q, t, links.url(*_page_anchor(t)), r, n, search_report.where_to_add(q, t))
                                   for q, t, r, n in searches["suggestions"]]
                   if links.site is not None else []},
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
        tally.add_lines(read_lines(path, notes))
    report = build_report(tally, catalogue(root), Links(site), today, stale_days(root), [str(p) for p in files], notes)
    Path(args.output).write_text(render(report), encoding="utf-8")
    for note in notes:
        print(f"提示：{note}", file=sys.stderr)
    print(f"已写出 {args.output}：读了 {len(files)} 个日志、{tally.lines} 行，跳过 {report['skipped']} 行")
    return 0


if __name__ == "__main__":
    sys.exit(main())
