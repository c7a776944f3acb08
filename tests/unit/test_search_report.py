"""make search-report: the nginx search log as a trainers' report, checked against a golden file.

Run with UPDATE_GOLDEN=1 to rewrite tests/fixtures/search_log/report.md on purpose.
"""
import os
import subprocess
import sys

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import search_report  # noqa: E402

FIXTURES = ROOT / "tests" / "fixtures" / "search_log"


def test_report_matches_the_golden_file():
    log = FIXTURES / "kb-search.log"
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "search_report.py"),
                             str(log.relative_to(ROOT))], cwd=ROOT, capture_output=True, text=True, check=True)
    golden = FIXTURES / "report.md"
    if os.environ.get("UPDATE_GOLDEN"):
        golden.write_text(result.stdout, encoding="utf-8")
    assert result.stdout == golden.read_text(encoding="utf-8")


def test_an_idle_search_then_opened_counts_once_and_digits_never_reach_the_report():
    lines = ["t\tnone\t0\t5\t1\t-\t%E8%AE%A2%E5%8D%95+13812345678",
             "t\tcopy\t2\t5\t0\tphrasebooks/x/%23order-status\t%E8%AE%A2%E5%8D%95+13812345678"]
    beacons, skipped = search_report.parse(lines)
    summary = search_report.summarise(beacons)
    assert skipped == 0
    assert summary["searches"] == 1
    assert summary["top"] == [("订单 #", 1)]
    assert summary["unopened"] == []
    assert summary["suggestions"] == [("订单 #", "phrasebooks/x/#order-status", 2, 1)]
    assert "138" not in search_report.render(summary, 0, "log")


def test_a_missing_log_is_a_message_not_a_traceback(tmp_path, capsys):
    assert search_report.main([str(tmp_path / "none.log")]) == 1
    assert capsys.readouterr().err.startswith(f"读不到搜索日志 {tmp_path / 'none.log'}：")


def test_dictated_numbers_are_masked_and_markup_stays_text():
    from urllib.parse import quote_plus
    lines = ["t\tnone\t0\t0\t1\t-\t" + quote_plus("订单幺三八一二三四五六七八"),
             "t\tnone\t0\t0\t1\t-\t" + quote_plus('<img src=x onerror="alert(1)">'),
             "t\tnone\t0\t3\t1\t-\t" + quote_plus("一听二表态")]
    beacons, skipped = search_report.parse(lines)
    assert skipped == 0
    assert [beacon.query for beacon in beacons][0] == "订单#"
    report = search_report.render(search_report.summarise(beacons), skipped, "x.log")
    assert "幺三八" not in report
    assert "<img" not in report and "&lt;img src=x onerror=\"alert(#)\"&gt;" in report
    # Short runs of numerals are words, not numbers.
    assert "一听二表态" in report
