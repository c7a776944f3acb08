"""The checker's one-click fixes by keyboard, and the rules table's filter with search landings (outside read s9, s10, s26)."""
from __future__ import annotations

import pytest

from conftest import ROOT
from kb import rules as kb_rules
from unit.test_content_consistency import apply_fix  # the simulation the golden fixes are checked with

pytestmark = pytest.mark.browser

RULES = kb_rules.load_rules(ROOT / "content" / "rules" / "forbidden.yml", ROOT)["rules"]


def _checker(page):
    page.goto("rules/checker/")
    page.locator("[data-checker][data-ready]").wait_for()
    box = page.get_by_role("textbox", name="回复草稿")
    box.click()
    return box


def _focused(page) -> str:
    return page.evaluate("() => { const e = document.activeElement; return e.tagName + ' ' + e.textContent.trim(); }")


def test_enter_on_a_fix_moves_to_the_next_fix_then_back_to_the_draft(page):
    box = _checker(page)
    page.keyboard.insert_text("我不清楚，你自己看着办。这个我不知道。")
    summary = page.locator("[data-checker-summary]")
    assert summary.inner_text() == "发现 3 处需要修改。"
    page.keyboard.press("Tab")  # 复制检查后的文字
    page.keyboard.press("Tab")
    assert _focused(page) == "BUTTON 替换为：这个问题我帮您核实一下，确认后马上答复您。"
    page.keyboard.press("Enter")
    # Focus is on the suggestion that now stands in the same place: the next one, not <body>.
    assert _focused(page) == "BUTTON 替换为：我先帮您核实，再告诉您怎么处理。"
    assert summary.inner_text() == "已把“不清楚”改为规范用语。发现 2 处需要修改。"
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    # None left: back in the draft, and the summary (a live region) says so.
    assert page.evaluate("document.activeElement.id") == "kb-checker-input"
    assert summary.inner_text() == "已把“不知道”改为规范用语。没有发现服务禁语。"
    assert box.input_value() == ("这个问题我帮您核实一下，确认后马上答复您，我先帮您核实，再告诉您怎么处理。"
                                 "这个问题我需要帮您核实一下，请您稍等片刻好吗？")


def test_the_last_fix_in_the_list_moves_to_the_one_before(page):
    _checker(page)
    page.keyboard.insert_text("木有问题，就酱紫办。")
    page.locator('[data-issue] button').nth(1).click()
    assert _focused(page) == "BUTTON 替换为：没有"


@pytest.mark.parametrize("draft", [
    "好的，请说吧，我在听。",                   # a question replacement in the middle: it ends there
    "我也不知道，你找别人去问吧。",             # a question replacement opening the sentence
    "请您放心，这个不归我管，我们会处理。",     # a statement in the middle: it ends there too
    "这个不归我管，但是我帮你问问",             # a statement opening the sentence leads on
    "活动已经结束了，这个我也没办法。",         # the last clause: the replacement ends the sentence
])
def test_a_whole_sentence_fix_is_not_spliced_into_the_agents_sentence(page, draft):
    """The browser's fix is what tests/unit/test_content_consistency.py's apply_fix simulates."""
    box = _checker(page)
    page.keyboard.insert_text(draft)
    first = kb_rules.find_matches(draft, RULES)[0]
    page.locator("[data-checker-issues] button").first.click()
    option = next(rule for rule in RULES if rule["id"] == first["rule"])["replacements"][0]
    assert box.input_value() == apply_fix(draft, first, option)
    assert "？，" not in box.input_value() and "好吗，" not in box.input_value()


def test_split_fix_says_the_rest_starts_a_new_sentence(page):
    box = _checker(page)
    page.keyboard.insert_text("好的，请说吧，我在听。")
    page.locator("[data-checker-issues] button").first.press("Enter")
    assert box.input_value() == "好的，您好，请问有什么可以帮您？我在听。"
    assert page.locator("[data-checker-summary]").inner_text() == "已把“说吧”改为规范用语，后面的话另起一句。没有发现服务禁语。"


@pytest.mark.parametrize("draft", [
    "如有不清楚的地方，欢迎您随时来电咨询。",
    "请您放心，这种情况以后不可能再发生了，我们已经整改。",
    "这不是正常现象，我马上为您登记维修。",
    "请问您着急什么时候用？我帮您加急。",
    "您的房子需要重新改造吗？我帮您预约师傅。",
])
def test_correct_wording_is_not_flagged(page, draft):
    _checker(page)
    page.keyboard.insert_text(draft)
    assert page.locator("[data-checker-summary]").inner_text() == "没有发现服务禁语。"
    assert page.locator("[data-checker-issues] button").count() == 0


def _search_enter(page, query):
    page.keyboard.press("/")
    box = page.locator("input.md-search__input")
    box.press_sequentially(query)
    box.press("End")  # an IME ends with a keyup; Playwright's CJK input has none
    page.wait_for_function("() => { const r = document.querySelector('.md-search-result');"
                           " return r && r.getAttribute('data-kb-query') === document.querySelector('input.md-search__input').value }")
    page.keyboard.press("Enter")


def _row_shown(page, rule_id):
    return page.evaluate("""id => { const h = document.getElementById(id), r = h.getBoundingClientRect();
      return !h.closest('tr').hidden && r.height > 0 && r.top >= 0 && r.bottom <= innerHeight }""", rule_id)


def test_filter_buttons_say_which_is_on(page):
    page.goto("rules/")
    filters = page.get_by_role("group", name="按类别筛选")
    assert filters.get_by_role("button", name="全部").get_attribute("aria-pressed") == "true"
    filters.get_by_role("button", name="态度生硬").click()
    assert filters.get_by_role("button", name="态度生硬").get_attribute("aria-pressed") == "true"
    assert filters.get_by_role("button", name="全部").get_attribute("aria-pressed") == "false"
    assert page.locator('[data-rule-filter] [aria-pressed="true"]').count() == 1


def _record_announcements(page):
    """Keep every text the page's live region (role status) is given from now on. What was said is read
    from this record: a later message replaces the region's text, so a look at the region after the
    fact can come too late under load (the search's result count did, until opening a result
    cancelled it; test_search_actions checks that)."""
    page.evaluate("""() => { const region = document.querySelector('[role=status].kb-announce'); window.kbSaid = [];
      new MutationObserver(() => window.kbSaid.push(region.textContent))
        .observe(region, { childList: true, characterData: true, subtree: true }); }""")


def test_a_search_result_hidden_by_the_filter_is_shown_and_said(page):
    page.goto("rules/")
    page.get_by_role("button", name="态度生硬").click()
    assert not _row_shown(page, "no-way")
    _record_announcements(page)
    _search_enter(page, "没办法")
    page.wait_for_url("**/rules/#no-way")
    page.wait_for_function("() => !document.getElementById('no-way').closest('tr').hidden")
    assert _row_shown(page, "no-way")
    assert page.get_by_role("button", name="全部").get_attribute("aria-pressed") == "true"
    rule = next(rule for rule in RULES if rule["id"] == "no-way")
    said = f"“{rule['category']}”类的规则“{'、'.join(rule['forbidden'])}”不在“态度生硬”筛选里，已切换为“全部”。"
    page.wait_for_function("said => window.kbSaid.includes(said)", arg=said)
    # Filtering it away and landing on it again (the same result) shows it again.
    page.get_by_role("button", name="态度生硬").click()
    _search_enter(page, "没办法")
    page.wait_for_function("() => !document.getElementById('no-way').closest('tr').hidden")
    assert _row_shown(page, "no-way")


def test_a_typed_address_with_a_hidden_rule_shows_it(page):
    page.goto("rules/")
    page.get_by_role("button", name="口头禅").click()
    page.goto("rules/#dont-know")  # same document: a hash change
    page.wait_for_function("() => !document.getElementById('dont-know').closest('tr').hidden")
    assert _row_shown(page, "dont-know")
