"""`make search-report LOG=FILE`: the search-gap log written by nginx, as a report for trainers.

Each line is one settled search, as deploy/nginx-kb.conf's kb_search format writes it:
time, action (open | copy | none), rank, result count, first, target, query
(the query as the browser sent it: URL-encoded, digit runs already masked to #).

A search that went idle (action none, after 2 s without typing) and was then opened
sends a second line with first=0; it is counted as one search.
"""
from __future__ import annotations

import argparse
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus

ACTIONS = {"open", "copy", "none"}
TOP = 20
# As search.js masks them: digit runs, and dictated numbers (four or more Chinese numerals).
DIGITS = re.compile(r"\d+|[〇零一二三四五六七八九幺两]{4,}")


@dataclass
class Beacon:
    action: str
    rank: int
    count: int
    first: bool
    target: str
    query: str


def masked(query: str) -> str:
    """As search-engine.js masks a query before sending it (tests/fixtures/search_parity.json)."""
    return DIGITS.sub("#", unicodedata.normalize("NFKC", query))[:64]


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


def parse(lines) -> tuple[list[Beacon], int]:
    """The beacons in the log, and how many lines were not beacons (skipped, counted)."""
    beacons, skipped = [], 0
    for line in lines:
        parts = line.rstrip("\n").split("\t")
        if len(parts) != 7 or parts[1] not in ACTIONS:
            skipped += 1
            continue
        _time, action, rank, count, first, target, query = parts
        # The browser masks digits; mask again so a hand-made request cannot put a number in the report.
        query = masked(unquote_plus(query)).strip()
        query = " ".join(query.split())[:64]
        if not query:
            skipped += 1
            continue
        beacons.append(Beacon(action, _number(rank), _number(count), first != "0",
                              unquote_plus(target) if target != "-" else "", query))
    return beacons, skipped


def summarise(beacons: list[Beacon]) -> dict:
    searches = Counter(b.query for b in beacons if b.first)
    used = Counter(b.query for b in beacons if b.action != "none")
    results = {}
    for b in beacons:
        results[b.query] = b.count  # the latest count: the index may have grown since
    opened: dict[str, Counter] = defaultdict(Counter)
    for b in beacons:
        if b.action != "none" and b.target:
            opened[b.query][(b.target, b.rank)] += 1
    suggestions = []
    for query, targets in opened.items():
        (target, rank), times = targets.most_common(1)[0]
        if rank != 1:  # search did not put what the agent wanted first
            suggestions.append((query, target, rank, times))
    suggestions.sort(key=lambda row: (-row[3], row[0]))
    return {
        "searches": sum(searches.values()),
        "top": searches.most_common(TOP),
        "used": used,
        "zero": sorted(((q, n) for q, n in searches.items() if results.get(q) == 0), key=lambda r: (-r[1], r[0])),
        "unopened": sorted(((q, n) for q, n in searches.items() if results.get(q, 0) > 0 and not used[q]),
                           key=lambda r: (-r[1], r[0])),
        "suggestions": suggestions,
    }


def _cell(text: str) -> str:
    # The query is whatever anyone on the intranet sent: keep it from breaking the table or
    # becoming markup when the report is rendered (<img onerror=…> stays text).
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("|", "｜").replace("`", "'"))


def render(summary: dict, skipped: int, source: str) -> str:
    out = [f"# 搜索日志报告", "", f"来源：`{_cell(source)}`。共 {summary['searches']} 次搜索"
           f"（数字已隐去为 #）。" + (f"另有 {skipped} 行不是搜索记录，已跳过。" if skipped else ""), ""]
    out += ["## 搜索最多的查询", ""]
    if summary["top"]:
        out += ["| 查询 | 次数 | 打开或复制 |", "|---|---|---|"]
        out += [f"| {_cell(q)} | {n} | {summary['used'][q]} |" for q, n in summary["top"]]
    else:
        out.append("（没有记录）")
    out += ["", "## 没有结果的查询", "", "坐席搜了却一条结果都没有：考虑写新卡片，或把这个说法加进别称、同义词。", ""]
    out += [f"- {_cell(q)}（{n} 次）" for q, n in summary["zero"]] or ["（没有）"]
    out += ["", "## 有结果但没有打开的查询", "", "结果可能不对：看看坐席想找的是哪张卡片。", ""]
    out += [f"- {_cell(q)}（{n} 次）" for q, n in summary["unopened"]] or ["（没有）"]
    out += ["", "## 建议的别称", "",
            "坐席最后打开或复制的结果不在第 1 位：把查询加进那张卡片的 `aliases`，下次它会排在最前。", ""]
    if summary["suggestions"]:
        out += ["| 查询 | 最后打开的条目 | 当时排第几 | 次数 |", "|---|---|---|---|"]
        out += [f"| {_cell(q)} | `{_cell(t)}` | {r} | {n} |" for q, t, r, n in summary["suggestions"]]
    else:
        out.append("（没有）")
    return "\n".join(out) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="把 nginx 的搜索日志整理成给培训师的中文报告")
    parser.add_argument("log", help="nginx 的搜索日志文件（deploy/nginx-kb.conf 中的 kb-search.log）")
    args = parser.parse_args(argv)
    path = Path(args.log)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        print(f"读不到搜索日志 {path}：{error.strerror}", file=sys.stderr)
        return 1
    beacons, skipped = parse(lines)
    sys.stdout.write(render(summarise(beacons), skipped, str(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
