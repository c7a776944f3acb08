"""rules.js normalises like hooks/kb/rules.py (shared cases), and the checker survives a huge paste."""
from __future__ import annotations

import json
import time

import pytest

from conftest import ROOT
from kb import rules as kb_rules

pytestmark = pytest.mark.browser

RULES = kb_rules.browser_rules(kb_rules.load_rules(ROOT / "content" / "rules" / "forbidden.yml", ROOT))
CASES = json.loads((ROOT / "tests" / "fixtures" / "normalisation_cases.json").read_text(encoding="utf-8"))["cases"]
RANGES = json.loads((ROOT / "hooks" / "kb" / "dropped_chars.json").read_text(encoding="utf-8"))["ranges"]


def _checker(page):
    page.goto("rules/checker/")
    page.locator("[data-checker][data-ready]").wait_for()
    return page.locator("[data-checker-input]")


def test_the_dropped_set_is_chromiums_white_space_and_default_ignorable(page):
    _checker(page)
    found = page.evaluate("""() => { const re = window.kbRules.dropped, out = []; let start = -1;
        for (let c = 0; c <= 0x110000; c++) {
          const hit = c < 0x110000 && (c < 0xd800 || c > 0xdfff) && re.test(String.fromCodePoint(c));
          if (hit && start < 0) start = c;
          if (!hit && start >= 0) { out.push([start, c - 1]); start = -1; }
        }
        return out.map(r => r.map(c => c.toString(16).toUpperCase().padStart(4, "0"))); }""")
    assert found == RANGES, "hooks/kb/dropped_chars.json should now read:\n" + json.dumps(found)


def test_shared_cases_agree_with_python(page):
    _checker(page)
    js = page.evaluate("([cases, rules]) => cases.map(c => [window.kbRules.normalise(c.text).text,"
                       " window.kbRules.findMatches(c.text, rules).map(m => [m.rule, m.start, m.end, m.found])])",
                       [CASES, RULES])
    python = [[kb_rules.normalise(c["text"])[0],
               [[m["rule"], m["start"], m["end"], m["found"]] for m in kb_rules.find_matches(c["text"], RULES)]]
              for c in CASES]
    assert js == python
    assert [normal for normal, _ in js] == [c["normal"] for c in CASES]


def test_every_dropped_character_inside_a_phrase_is_flagged(page):
    _checker(page)
    missed = page.evaluate("""([ranges, rules]) => { const missed = [];
        for (const [first, last] of ranges)
          for (let c = parseInt(first, 16); c <= parseInt(last, 16); c++) {
            const found = window.kbRules.findMatches("我不" + String.fromCodePoint(c) + "知道", rules);
            if (found.length !== 1 || found[0].rule !== "dont-know") missed.push(c.toString(16));
          }
        return missed; }""", [RANGES, RULES])
    assert missed == []


@pytest.mark.parametrize("invisible", ["\u00ad", "\u202e", "\ufe0f", "\u034f", "\u180e", "\U000e0041", "\u3164", "\u2062"])
def test_the_checker_page_flags_a_phrase_split_by_an_invisible_character(page, invisible):
    box = _checker(page)
    box.fill(f"这个我不{invisible}知道。")
    assert page.locator("[data-checker-output] mark").all_inner_texts() == [f"不{invisible}知道"]
    assert page.locator("[data-checker-summary]").inner_text() == "发现 1 处需要修改。"


def test_a_200000_character_paste_is_checked_in_part_and_the_page_responds(page):
    box = _checker(page)
    text = ("这个我不知道。" + "您好，请问有什么可以帮您？" * 15400)[:200000]
    assert len(text) == 200000
    started = time.monotonic()
    box.fill(text)
    summary = page.locator("[data-checker-summary]")
    assert summary.inner_text() == ("发现 1 处需要修改。文本过长（共 200000 个字符），只检查了前 20000 个字符，请分段检查。")
    # Generous: it took about 13 s before the cap; this only proves the tab is not frozen.
    assert time.monotonic() - started < 5
    page.locator('[data-issue="dont-know"] [data-swap]').first.click()
    assert box.input_value().startswith("这个问题我需要帮您核实一下")
    assert page.locator("[data-checker]").get_attribute("data-truncated") is not None
    box.fill("好的。")
    assert summary.inner_text() == "没有发现服务禁语。"
    assert page.locator("[data-checker]").get_attribute("data-truncated") is None
