"""scripts/report.py (`make report`): the beacon logs as the trainers' HTML report, and no log line can break or hijack it."""
from __future__ import annotations

import datetime
import gzip
import random
import re
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import report  # noqa: E402

T = "2026-12-01T10:00:00+08:00"
VID, VID2 = "abcdefghijklmnop", "ponmlkjihgfedcba"


def usage(kind, card="-", line="-", src="-", vote="-", why="-", vid="-", seq="-", item="-", pick="-", ok="-", mode="-",
          att="-"):
    """One line as deploy/nginx-kb.conf's kb_usage format writes it."""
    return "\t".join([T, kind, card, line, src, vote, why, vid, seq, item, pick, ok, mode, att]) + "\n"


def search(action, rank, n, target, query, first="1"):
    return "\t".join([T, action, rank, n, first, target, query]) + "\n"


@pytest.fixture(scope="module")
def catalogue():
    return report.catalogue(ROOT)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A built site's shape: the pages (and anchors) report.py may link to."""
    site = tmp_path_factory.mktemp("site")
    (site / "phrasebooks" / "opening").mkdir(parents=True)
    (site / "phrasebooks" / "opening" / "index.html").write_text('<h2 id="opening-with-id">x</h2>', encoding="utf-8")
    (site / "phrasebooks" / "special-calls").mkdir(parents=True)
    (site / "phrasebooks" / "special-calls" / "index.html").write_text('<h2 id="silent-call">x</h2>', encoding="utf-8")
    (site / "quizzes" / "ch01-basics").mkdir(parents=True)
    (site / "quizzes" / "ch01-basics" / "index.html").write_text("quiz", encoding="utf-8")
    (site / "sitemap.xml").write_text("<urlset><url><loc>http://intranet/kb/</loc></url></urlset>", encoding="utf-8")
    return site


def tally_of(lines):
    tally = report.Tally()
    for line in lines:
        tally.add(line)
    return tally


def html_of(tally, catalogue, site=None, today=datetime.date(2026, 12, 1)):
    data = report.build_report(tally, catalogue, report.Links(site), today, 365, ["test.log"], [])
    return data, report.render(data)


def test_a_changed_vote_replaces_the_one_before_whatever_order_the_logs_are_read_in(catalogue):
    lines = [usage("vote", card="opening-with-id", vote="down", why="long", vid=VID, seq="1"),
             usage("vote", card="opening-with-id", vote="up", vid=VID, seq="0"),
             usage("vote", card="opening-with-id", vote="down", why="outdated", vid=VID2, seq="0"),
             usage("vote", card="opening-with-id", vote="none", vid=VID2, seq="1"),
             usage("vote", card="opening-standard", vote="up", vid=VID, seq="0")]
    for order in (lines, lines[::-1]):
        counts = report.vote_counts(tally_of(order))
        assert counts["opening-with-id"]["up"] == 0 and counts["opening-with-id"]["down"] == 1
        assert counts["opening-with-id"]["reasons"] == {"long": 1}
        assert counts["opening-standard"]["up"] == 1


def test_copies_count_by_card_source_and_line_and_search_opens_by_card(catalogue, site):
    tally = tally_of([usage("copy", card="opening-with-id", line="1", src="card"),
                      usage("copy", card="opening-with-id", line="1", src="card"),
                      usage("copy", card="opening-with-id", line="0", src="all"),
                      usage("copy", card="silent-call", line="2", src="cheatsheet"),
                      search("open", "2", "5", "phrasebooks%2Fspecial-calls%2F%23silent-call", "%E9%9D%99%E9%9F%B3")])
    data, page = html_of(tally, catalogue, site)
    used = {card["id"]: card for card in data["used"]}
    assert used["opening-with-id"]["copies"] == 3 and used["opening-with-id"]["sources"]["all"] == 1
    assert used["opening-with-id"]["top_line"] == 1
    assert used["silent-call"]["opened"] == 1 and used["silent-call"]["sources"]["cheatsheet"] == 1
    assert "opening-with-id" not in {card["id"] for card in data["unused"]}
    assert len(data["unused"]) == sum(len(book["cards"]) for book in catalogue["books"]) - 2
    # Links only to what the site has: two cards' anchors, none to the pages this site lacks.
    soup = BeautifulSoup(page, "html.parser")
    hrefs = {a["href"] for a in soup.select("a[href]") if not a["href"].startswith("#")}
    assert hrefs == {"http://intranet/kb/phrasebooks/opening/#opening-with-id",
                     "http://intranet/kb/phrasebooks/special-calls/#silent-call"}


def test_items_by_difficulty_with_pick_rates_and_a_key_the_strong_candidates_miss(catalogue):
    """Four sittings of ch01: the two strongest miss basics-principles, the two weakest get it right."""
    bank = next(bank for bank in catalogue["banks"] if bank["slug"] == "ch01-basics")
    suspect = next(q for q in bank["questions"] if q["id"] == "basics-principles")
    wrong = next(o["key"] for o in suspect["options"] if o["key"] not in suspect["answer"])
    lines = []
    for n, (strong, attempt) in enumerate([(True, "a" * 16), (True, "b" * 16), (False, "c" * 16), (False, "d" * 16)]):
        for q in bank["questions"]:
            right = (q is not suspect) if strong else (q is suspect)
            pick = ".".join(sorted(q["answer"])) if right else next(o["key"] for o in q["options"] if o["key"] not in q["answer"])
            if q is suspect and not right:
                pick = wrong
            lines.append(usage("quiz", item=q["id"], pick=pick, ok="1" if right else "0", mode="exam", att=attempt))
    lines.append(usage("quiz", item=suspect["id"], pick=wrong, ok="0", mode="practice"))
    data, page = html_of(tally_of(lines), catalogue)
    rows = {row["id"]: row for row in data["questions"]}
    row = rows["basics-principles"]
    assert row["n"] == 5 and row["p"] == pytest.approx(2 / 5)
    assert row["d"] == pytest.approx(-1.0) and row["upper_p"] == 0 and row["lower_p"] == 1
    assert row["suspect"]["key"] == wrong
    assert next(o for o in row["options"] if o["key"] == wrong)["rate"] == pytest.approx(3 / 5)
    assert [r["id"] for r in data["suspects"]] == ["basics-principles"]
    assert data["questions"] == sorted(data["questions"], key=lambda r: (r["p"], -r["n"], r["id"]))
    assert "可能答案有误的题目" in page and suspect["prompt"] in page


def test_stale_cards_are_the_build_s_own_list(catalogue):
    data, page = html_of(report.Tally(), catalogue, today=datetime.date(2030, 1, 1))
    assert len(data["stale"]["stale"]) == data["stale"]["total"] > 0
    assert "过期卡片" in page


def test_the_search_gaps_section_is_search_report_s_summary(catalogue, site):
    opened = search("open", "2", "5", "phrasebooks%2Fopening%2F%23opening-with-id", "%E5%B7%A5%E5%8F%B7")
    forged = search("open", "2", "5", "phrasebooks%2Fopening%2F%23no-such-card", "%E4%BC%AA%E9%80%A0")
    tally = tally_of([search("none", "0", "0", "-", "%E6%B2%A1%E6%9C%89"), search("none", "0", "0", "-", "%E6%B2%A1%E6%9C%89"),
                      opened, forged])
    data, page = html_of(tally, catalogue, site)
    assert data["search"]["zero"] == [("没有", 2)]
    assert "没有（2 次）" in page
    # Only a target the built site has is suggested; without the site nothing can be checked, so nothing is.
    assert [row[:2] for row in data["search"]["suggestions"]] == [("工号", "phrasebooks/opening/#opening-with-id")]
    assert data["search"]["suggestions"][0][5] == "卡片 opening-with-id 的 aliases"
    assert "<td>卡片 opening-with-id 的 aliases</td>" in page
    assert html_of(tally, catalogue)[0]["search"]["suggestions"] == []


# --- hostile input ----------------------------------------------------------------

HOSTILE = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))", "\n# 标题",
           "![](http://evil.example/x.png)", "\u202e\u200b", "%3Cscript%3E", "a" * 5000, "9" * 5000, "-", ""]


def random_line(rng: random.Random) -> str:
    kind = rng.choice(["copy", "vote", "quiz", "open", "none", "copy", rng.choice(HOSTILE)])
    width = rng.choice([report.USAGE_FIELDS, 7, rng.randint(0, 30)])
    fields = [T, kind] + [rng.choice(HOSTILE + ["opening-with-id", "basics-principles", "1", "0", VID, "exam",
                                                  "card", "down", "long", "a.b", "9" * 4000, "１２３"])
                          for _ in range(max(0, width - 2))]
    line = "\t".join(fields[:width])
    if rng.random() < 0.1:
        line = "".join(chr(rng.randint(0, 0x10FFFF)) for _ in range(rng.randint(1, 200))).replace("\ud800", "")
    return line


def test_fuzz_random_huge_and_malformed_lines_and_a_bad_gzip_give_a_report(catalogue, tmp_path, site, capsys):
    rng = random.Random(18)
    plain = tmp_path / "kb-usage.log"
    with plain.open("w", encoding="utf-8", errors="surrogatepass") as out:
        for _ in range(3000):
            out.write(random_line(rng) + "\n")
        out.write("x" * (report.MAX_LINE_BYTES * 50) + "\n")  # one huge line, skipped without reading it whole
        out.write(usage("copy", card="opening-with-id", line="1", src="card"))
    (tmp_path / "kb-usage.log.1").write_bytes(bytes(rng.randrange(256) for _ in range(20000)))
    (tmp_path / "kb-usage.log.2.gz").write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    truncated = gzip.compress(usage("copy", card="opening-with-id", line="2", src="card").encode() * 50)
    (tmp_path / "kb-usage.log.3.gz").write_bytes(truncated[: len(truncated) // 2])
    (tmp_path / "kb-search.log").write_text("".join(search("none", "9" * 5000, "1", random_line(rng), q) for q in HOSTILE),
                                            encoding="utf-8")
    output = tmp_path / "report.html"
    code = report.main([str(tmp_path / "kb-*"), str(tmp_path / "missing-*.log"), "-o", str(output),
                        "--site", str(site)])
    assert code == 0
    notes = capsys.readouterr().err
    assert "没有找到日志文件" in notes and "kb-usage.log.2.gz" in notes
    page = output.read_text(encoding="utf-8")
    soup = BeautifulSoup(page, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "object", "embed", "link"])
    assert not [tag for tag in soup.find_all(True) if any(name.startswith("on") for name in tag.attrs)]
    for a in soup.select("a[href]"):
        assert a["href"].startswith("#") or a["href"].startswith("http://intranet/kb/"), a
    # Hostile queries are there as text, escaped: the markup never became markup.
    assert "<script>alert" not in page and "&lt;script&gt;alert(#)&lt;/script&gt;" in page
    copied = next(card for card in report.build_report(
        report.Tally(), catalogue, report.Links(None), datetime.date.today(), 365, [], [])["unused"])
    assert copied  # the catalogue is intact after the run
    assert re.search(r"其中 \d+ 行格式不对", page)


def test_counters_and_ids_must_have_their_exact_shape():
    bad = [usage("copy", card="opening-with-id", line="9" * 5000, src="card"),
           usage("copy", card="Opening", line="1", src="card"),
           usage("copy", card="opening-with-id", line="1", src="evil"),
           usage("copy", card="opening-with-id", line="１", src="card"),
           usage("vote", card="opening-with-id", vote="up", why="long", vid=VID, seq="0"),
           usage("vote", card="opening-with-id", vote="down", why="free text", vid=VID, seq="0"),
           usage("vote", card="opening-with-id", vote="down", why="long", vid="short", seq="0"),
           usage("quiz", item="basics-principles", pick="<b>", ok="1", mode="exam", att=VID),
           usage("quiz", item="basics-principles", pick="a", ok="2", mode="exam", att=VID),
           usage("quiz", item="basics-principles", pick="a", ok="1", mode="test", att=VID)]
    tally = tally_of(bad)
    assert tally.skipped == len(bad) and not tally.copies and not tally.votes and not tally.answers


def test_gzip_rotated_logs_and_globs_are_read(tmp_path):
    (tmp_path / "kb-usage.log").write_text(usage("copy", card="opening-with-id", line="1", src="card"), encoding="utf-8")
    with gzip.open(tmp_path / "kb-usage.log.1.gz", "wt", encoding="utf-8") as out:
        out.write(usage("copy", card="opening-with-id", line="2", src="search") * 3)
    files, notes = report.expand([str(tmp_path / "kb-usage.log*"), str(tmp_path / "kb-usage.log")])
    assert len(files) == 2 and notes == []
    tally = tally_of(line for path in files for line in report.read_lines(path, notes))
    assert tally.copies["opening-with-id"] == 4 and notes == []


def test_long_lines_are_skipped_whole_across_blocks(tmp_path, monkeypatch):
    monkeypatch.setattr(report, "BLOCK_BYTES", 64)
    monkeypatch.setattr(report, "MAX_LINE_BYTES", 100)
    good = usage("copy", card="opening-with-id", line="1", src="card")
    assert len(good) < 100
    log = tmp_path / "kb-usage.log"
    log.write_text(good + "x" * 1000 + "\n" + good + "y" * 500 + "\n" + good.rstrip("\n"), encoding="utf-8")
    notes = []
    lines = list(report.read_lines(log, notes))
    assert lines == [good.rstrip("\n"), "", good.rstrip("\n"), "", good.rstrip("\n")] and notes == []


def test_a_bad_date_and_content_with_errors_are_told_in_chinese(tmp_path, capsys):
    assert report.main([str(tmp_path / "none.log"), "--today", "2026-13-01"]) == 2
    assert capsys.readouterr().err == "--today 应为 YYYY-MM-DD，实际为“2026-13-01”\n"
    from conftest import copy_project
    project = copy_project(tmp_path / "project")
    opening = project / "content" / "phrasebooks" / "opening.yml"
    opening.write_text(opening.read_text(encoding="utf-8").replace("order: 1\n", "order: 1\nowner: 多余的字段\n", 1),
                       encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        report.catalogue(project)
    assert str(stop.value) == "内容有 1 处错误，先运行 make check 修好再生成报告"
