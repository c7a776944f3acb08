"""`make search-report LOG=FILE`: the search-gap log written by nginx, as a report for trainers.

Each line is one settled search, as deploy/nginx-kb.conf's kb_search format writes it:
time, action (open | copy | none), rank, result count, first, target, query
(the query as the browser sent it: URL-encoded, digit runs already masked to #).

A search that went idle (action none, after 2 s without typing) and was then opened
sends a second line with first=0; it is counted as one search.
"""
from __future__ import annotations

import argparse
import html
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote_plus

ACTIONS = {"open", "copy", "none"}
# What a real target looks like (an index URL: page path, then #anchor); anything else is dropped.
# Segments and the whole are capped: a forged 300-character segment made Path.is_file() raise (ENAMETOOLONG).
_TARGET = re.compile(r"(?:[a-z0-9][a-z0-9_-]{0,79}/){0,8}(?:#[^\s#<>\"'`()\[\]]{1,80})?")
TOP = 20
# Numbers are personal data (phone, order and ID numbers), however they are typed: digits in any
# script (NFKC turns ①, ², ３ into 3; \d takes any other decimal digit, ١٣٨ too), Chinese numerals,
# financial numerals simplified and traditional (壹…玖, 貳 參 陸), the dictation words agents use on
# the phone (幺 洞 拐 勾, 〇 and ○ for zero), with spaces, dashes, dots, commas, brackets and the like
# (一三八，零零一，三八零，零零 is a phone number read in groups) or a spoken 杠 between, and an
# ID card's final X. A run with any digit is masked; a run of numerals only when it has four or more
# (一听二表态 stays). search-engine.js masked() is the same rule (tests/fixtures/search_parity.json).
NUMERALS = "\\d〇○零一二三四五六七八九幺两兩洞拐勾壹贰貳叁參肆伍陆陸柒捌玖"
SEPARATORS = "-‐‑–—_.·/杠,、+~*():;。"  # after NFKC: ，（）：；～＋＊ are , ( ) : ; ~ + *
_NUMBER_RUN = re.compile(f"[{NUMERALS}](?:[\\s{re.escape(SEPARATORS)}]*+[{NUMERALS}])*+(?:[Xx](?![A-Za-z]))?")
MAX_NUMBER_FIELD = 6
# A query longer than this describes the call in a sentence: it goes into a card's descriptions, not its
# aliases (the length past which hooks/kb/search_pinyin.py's DESCRIPTION_LENGTH treats a section's alias
# as a description too).
ALIAS_LENGTH = 6
# The longest name the build accepts (hooks/kb/names.py MAX_NAME_CHARS).
MAX_NAME_CHARS = 16
# Where the index cuts a name in two, so the build takes no name holding one (hooks/kb/search_index.py SEPARATORS).
NAME_SEPARATORS = re.compile(r"[\s\u200b，。、；：！？,.;:!?“”\"'（）()【】\[\]·…\-—/|]+")


@dataclass
class Beacon:
    action: str
    rank: int
    count: int
    first: bool
    target: str
    query: str


def mask_numbers(text: str) -> str:
    """`text` with every run that could be a number replaced by #."""
    text = unicodedata.normalize("NFKC", text)

    def masked(match: re.Match) -> str:
        run = match.group(0)
        numerals = sum(1 for ch in run if not ch.isspace() and ch not in SEPARATORS and ch not in "Xx")
        return "#" if any(ch.isdecimal() for ch in run) or numerals >= 4 else run
    return _NUMBER_RUN.sub(masked, text)


def _number(text: str) -> int:
    # A forged line may carry 5,000 digits (int() refuses more than 4,300) or a superscript ² (isdigit() says yes).
    return int(text) if text.isascii() and text.isdigit() and len(text) <= MAX_NUMBER_FIELD else 0


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
        query = mask_numbers(unquote_plus(query)).strip()
        query = " ".join(query.split())[:64]
        if not query:
            skipped += 1
            continue
        target = unquote_plus(target) if target != "-" else ""
        beacons.append(Beacon(action, _number(rank), _number(count), first != "0",
                              target if _TARGET.fullmatch(target) else "", query))
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


def where_to_add(query: str, target: str) -> str:
    """Where a trainer adds a query so that search puts `target` first: a card's aliases (a name) or
    descriptions (a sentence), a rule's aliases, a section's line in content/search/sections.yml."""
    page, _, anchor = target.partition("#")
    if query.isascii():
        return "拼音由搜索自己读；英文词加进 content/search/glossary.yml"
    if len(query.replace(" ", "")) > MAX_NAME_CHARS:
        return f"太长：缩短到 {MAX_NAME_CHARS} 个字以内再加"
    # The build takes no name with a space or a punctuation mark in it (the index would cut it into two names).
    joined = f"，写成“{NAME_SEPARATORS.sub('', query)}”" if NAME_SEPARATORS.search(query) else ""
    if page.startswith("phrasebooks/") and anchor:
        field = "descriptions" if len(query.replace(" ", "")) > ALIAS_LENGTH else "aliases"
        return f"卡片 {anchor} 的 {field}{joined}"
    if page == "rules/" and anchor:
        if len(NAME_SEPARATORS.sub("", query)) < 2:
            return "只有一个字：禁语规则的别称至少要两个字"
        return f"禁语规则 {anchor} 的 aliases{joined}"
    if page.startswith("handbook/") and anchor:
        return f"content/search/sections.yml 里这一节的别称{joined}"
    return "同义词（content/search/synonyms.yml）"


_MARKDOWN_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~>])")


def _cell(text: str) -> str:
    """Text anyone on the intranet sent, as Markdown that renders as that text and nothing else.

    One line (a newline would start a heading or a list), HTML escaped (<img onerror=…> stays
    text), and every Markdown punctuation backslash-escaped: [链接](javascript:…) and ![](http://…)
    stay characters, and a | cannot break the table.
    """
    one_line = " ".join(text.split())
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", html.escape(one_line, quote=False))


def render(summary: dict, skipped: int, source: str) -> str:
    out = [f"# 搜索日志报告", "", f"来源：{_cell(source)}。共 {summary['searches']} 次搜索"
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
            "坐席最后打开或复制的结果不在第 1 位：把查询加到“加到哪里”写的地方（卡片的名字加进 `aliases`，"
            "一句话的描述加进 `descriptions`），下次它会排在最前。", ""]
    if summary["suggestions"]:
        out += ["| 查询 | 最后打开的条目 | 当时排第几 | 次数 | 加到哪里 |", "|---|---|---|---|---|"]
        out += [f"| {_cell(q)} | {_cell(t)} | {r} | {n} | {_cell(where_to_add(q, t))} |" for q, t, r, n in summary["suggestions"]]
    else:
        out.append("（没有）")
    return "\n".join(out) + "\n"


def _real_targets(beacons: list[Beacon], site: Path) -> set[str]:
    """The beacons' targets that the built site has (page and anchor), each page read once."""
    real = set()
    for target in {beacon.target for beacon in beacons if beacon.target}:
        page, _, anchor = target.partition("#")
        text = page_text(site, page)
        if text is not None and (not anchor or f'id="{html.escape(anchor)}"' in text):
            real.add(target)
    return real


def page_text(site: Path, page: str) -> str | None:
    """The built page at `page` (a path from a log line), or None when the site has no such page.

    A path the file system refuses (too long, a NUL) is no page either, never a traceback.
    """
    built = site / page / "index.html"
    try:
        return built.read_text(encoding="utf-8", errors="replace") if built.is_file() else None
    except (OSError, ValueError):
        return None


def with_real_targets(beacons: list[Beacon], site: Path) -> list[Beacon]:
    """The beacons, each target kept only when the site has that page and anchor: a forged target suggests nothing."""
    real = _real_targets(beacons, site)
    return [beacon if not beacon.target or beacon.target in real
            else Beacon(beacon.action, beacon.rank, beacon.count, beacon.first, "", beacon.query) for beacon in beacons]


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="把 nginx 的搜索日志整理成给培训师的中文报告")
    parser.add_argument("log", help="nginx 的搜索日志文件（deploy/nginx-kb.conf 中的 kb-search.log）")
    parser.add_argument("--site", help="构建好的站点目录：只有站里真有的页面和小节才会出现在“建议的别称”里")
    args = parser.parse_args(argv)
    path = Path(args.log)
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError as error:
        print(f"读不到搜索日志 {path}：{error.strerror}", file=sys.stderr)
        return 1
    beacons, skipped = parse(lines)
    if args.site:
        beacons = with_real_targets(beacons, Path(args.site))
    sys.stdout.write(render(summarise(beacons), skipped, str(path)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
