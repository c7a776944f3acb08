"""make search-report: the nginx search log as a trainers' report, checked against a golden file.

Run with UPDATE_GOLDEN=1 to rewrite tests/fixtures/search_log/report.md on purpose.
"""
import os

import pytest
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
    assert "<img" not in report and "&lt;img src=x onerror=\"alert\\(\\#\\)\"&gt;" in report
    # Short runs of numerals are words, not numbers.
    assert "一听二表态" in report


def test_a_forged_number_field_is_counted_as_zero_not_a_traceback():
    """Issue 18: a beacon whose number field had 5,000 digits stopped the report with a traceback."""
    lines = ["t\tnone\t" + "9" * 5000 + "\t" + "9" * 5000 + "\t1\t-\t%E6%8A%95%E8%AF%89",
             "t\tnone\t²\t³\t1\t-\t%E6%8A%95%E8%AF%89"]
    beacons, skipped = search_report.parse(lines)
    assert skipped == 0 and [(b.rank, b.count) for b in beacons] == [(0, 0), (0, 0)]
    assert "投诉" in search_report.render(search_report.summarise(beacons), skipped, "x.log")


def test_markup_in_a_query_or_target_stays_text_in_the_rendered_report():
    from urllib.parse import quote_plus
    import markdown
    hostile = ["投诉\n# 标题", "[点我](javascript:alert(1))", "![图](http://example.com/x.png)", "a|b`c"]
    lines = [f"t\topen\t2\t3\t1\t{quote_plus('x/#a](javascript:alert(1))')}\t{quote_plus(q)}" for q in hostile]
    beacons, skipped = search_report.parse(lines)
    rendered = markdown.markdown(search_report.render(search_report.summarise(beacons), skipped, "x.log"),
                                 extensions=["tables"])
    assert "<a " not in rendered and "<img" not in rendered
    assert rendered.count("<h1>") == 1  # the report's own title only
    assert "<td>[点我](javascript:alert(#))</td>" in rendered and "<td>a|b`c</td>" in rendered


@pytest.mark.parametrize("query", [
    "一三八 一二三四 五六七八", "幺三八-洞洞拐勾-幺二三四", "壹叁捌壹贰叁肆", "①③⑧①②③④", "电话¹³⁸", "〇○幺二", "１３８１２３４",
])
def test_numbers_in_any_dress_are_masked(query):
    from urllib.parse import quote_plus
    beacons, _ = search_report.parse(["t\tnone\t0\t0\t1\t-\t" + quote_plus("客户" + query)])
    report = search_report.render(search_report.summarise(beacons), 0, "x.log")
    assert beacons[0].query.startswith("客户") and "#" in beacons[0].query
    assert not any(ch in report for ch in "三八幺洞拐勾壹叁捌①③⑧¹³⁸〇○１８")


@pytest.mark.parametrize("words", ["一听二表态", "两三天", "漏洞 拐弯 勾选", "一一解答"])
def test_words_made_of_numerals_are_not_numbers(words):
    assert search_report.mask_numbers(words) == words


@pytest.mark.parametrize("query, target, place", [
    ("报工号", "phrasebooks/opening/#opening-with-id", "卡片 opening-with-id 的 aliases"),
    # A sentence describes the call: a card's descriptions, not one more name under 也叫.
    ("客户一接通就问我是几号", "phrasebooks/opening/#opening-with-id", "卡片 opening-with-id 的 descriptions"),
    ("踢皮球", "rules/#not-my-job", "禁语规则 not-my-job 的 aliases"),
    ("客户说话我老插嘴", "handbook/03-listening/#避免打断客户", "content/search/sections.yml 里这一节的别称"),
    ("检查器", "rules/checker/", "同义词（content/search/synonyms.yml）"),
    # The build takes no name with a space or a punctuation mark in it.
    ("VIP 客户", "phrasebooks/opening/#opening-with-id", "卡片 opening-with-id 的 aliases，写成“VIP客户”"),
    ("退款/退货", "rules/#not-my-job", "禁语规则 not-my-job 的 aliases，写成“退款退货”"),
    # The build takes no one-character alias of a rule.
    ("推", "rules/#not-my-job", "只有一个字：禁语规则的别称至少要两个字"),
    # The build takes no name longer than 16 characters, and reads pinyin itself.
    ("客户一直在电话里骂人而且说要投诉到监管部门怎么办", "phrasebooks/escalation/#threat-media-regulator", "太长：缩短到 16 个字以内再加"),
    ("kehuhenshengqi", "phrasebooks/empathy/#calm-agitated-customer", "拼音由搜索自己读；英文词加进 content/search/glossary.yml"),
])
def test_a_suggestion_says_where_to_add_the_query(query, target, place):
    assert search_report.where_to_add(query, target) == place


def test_the_report_s_longest_name_is_the_build_s():
    from kb import names
    assert search_report.MAX_NAME_CHARS == names.MAX_NAME_CHARS


def test_the_report_cuts_names_where_the_index_does():
    from kb import search_index
    assert search_report.NAME_SEPARATORS.pattern == search_index.SEPARATORS.pattern


def test_a_target_the_site_does_not_have_suggests_nothing(tmp_path):
    page = tmp_path / "site" / "phrasebooks" / "x"
    page.mkdir(parents=True)
    (page / "index.html").write_text('<h2 id="real-card">卡片</h2>', encoding="utf-8")
    log = tmp_path / "kb-search.log"
    log.write_text("t\tcopy\t3\t5\t1\tphrasebooks/x/%23real-card\t%E9%80%80%E8%B4%A7\n"
                   "t\tcopy\t3\t5\t1\tphrasebooks/x/%23forged\t%E9%92%93%E9%B1%BC\n"
                   "t\tcopy\t3\t5\t1\tphrasebooks/nowhere/%23x\t%E9%92%93%E9%B1%BC\n", encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "search_report.py"), str(log),
                             "--site", str(tmp_path / "site")], capture_output=True, text=True, check=True)
    suggestions = result.stdout.split("## 建议的别称")[1]
    assert "real\\-card" in suggestions and "forged" not in suggestions and "nowhere" not in suggestions
    assert "| 卡片 real\\-card 的 aliases |" in suggestions


def test_a_target_the_file_system_refuses_is_no_page_not_a_traceback(tmp_path):
    """A forged 300-character path segment made Path.is_file() raise ENAMETOOLONG and stopped both reports."""
    (tmp_path / "site").mkdir()
    log = tmp_path / "kb-search.log"
    log.write_text("t\topen\t2\t5\t1\t" + "a" * 300 + "/\t%E9%80%80%E6%AC%BE\n"
                   "t\topen\t2\t5\t1\t" + "a/" * 40 + "\t%E9%80%80%E6%AC%BE\n", encoding="utf-8")
    assert search_report.page_text(tmp_path / "site", "a" * 300) is None
    for script in ("search_report.py", "report.py"):
        args = [str(log), "--site", str(tmp_path / "site")]
        if script == "report.py":
            args += ["--output", str(tmp_path / "report.html")]
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / script), *args], capture_output=True, text=True)
        assert result.returncode == 0 and "Traceback" not in result.stderr, (script, result.stderr[-2000:])
