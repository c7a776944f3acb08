"""Filling placeholders, copying and the greeting, in headless Chromium."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from conftest import wait_for_request

pytestmark = pytest.mark.browser


def test_fill_placeholders_then_copy_reads_back_from_clipboard(page):
    page.goto("phrasebooks/opening/")
    card = page.locator('[data-card="opening-with-id"]')
    line = card.locator("[data-line]").first
    assert line.inner_text() == "您好，[公司名称]客服[工号]，很高兴为您服务，请问有什么可以帮您？"

    page.locator('[data-ph-input="公司名称"]').fill("星河电信")
    assert line.inner_text() == "您好，星河电信客服[工号]，很高兴为您服务，请问有什么可以帮您？"
    # Unfilled stays visibly marked.
    assert "kb-ph--filled" not in (card.locator('[data-ph="工号"]').get_attribute("class") or "")
    assert "kb-ph--filled" in card.locator('[data-ph="公司名称"]').get_attribute("class")

    page.locator('[data-ph-input="工号"]').fill("1024")
    card.locator("[data-copy]").first.click()
    assert page.evaluate("navigator.clipboard.readText()") == "您好，星河电信客服1024，很高兴为您服务，请问有什么可以帮您？"
    assert card.locator("[data-copy]").first.inner_text() == "已复制"

    # Kept in localStorage: another page shows the same values without typing again.
    page.goto("phrasebooks/escalation/")
    promise = page.locator('[data-card="promise-no-repeat"] [data-line]').nth(2)
    assert promise.inner_text() == "我是星河电信的[坐席姓名]，工号1024。"
    assert page.locator('[data-ph-input="工号"]').input_value() == "1024"


def test_procedure_step_line_copies_as_plain_text(page):
    page.goto("phrasebooks/special-calls/#silent-call")
    second = page.locator('[data-card="silent-call"] [data-step]').nth(1)
    second.locator("[data-copy]").click()
    assert page.evaluate("navigator.clipboard.readText()") == "您好！请问有什么可以帮您？"


@pytest.mark.parametrize("moment, expected_start, card", [
    ("2027-03-10T09:00:00+08:00", "早上好！", "opening-morning"),
    ("2027-03-10T15:00:00+08:00", "您好，", "opening-standard"),
    ("2027-02-06T09:00:00+08:00", "新年好！", "holiday-new-year"),
    ("2027-09-15T15:00:00+08:00", "中秋节快乐！", "holiday-mid-autumn"),
    ("2027-01-01T10:00:00+08:00", "新年好！", "holiday-new-year"),
    ("2027-05-01T16:00:00+08:00", "劳动节快乐！", "holiday-labour-day"),
    ("2027-10-02T08:00:00+08:00", "国庆节快乐！", "holiday-national-day"),
])
def test_home_page_greeting_follows_clock_and_calendar(page, moment, expected_start, card):
    page.clock.set_fixed_time(moment)
    page.goto("/")
    widget = page.locator(f'[data-greeting="{card}"]')
    widget.wait_for()
    text = widget.locator("[data-line]").inner_text()
    assert text.startswith(expected_start)
    for other in ("新年好", "中秋节快乐", "劳动节快乐", "国庆节快乐", "早上好"):
        if not expected_start.startswith(other):
            assert other not in text
    widget.locator("[data-copy]").click()
    assert page.evaluate("navigator.clipboard.readText()") == text


@pytest.mark.parametrize("stored", [
    "42", '"星河电信"', "null", '["星河电信"]', "{not json",
    '{"公司名称": 7, "工号": ["1024"], "坐席姓名": null, "客户称呼": {"x": 1}}',
])
def test_odd_placeholder_store_falls_back_to_brackets_and_still_saves(page, stored):
    page.add_init_script(f"if (!sessionStorage.getItem('seeded')) {{ sessionStorage.setItem('seeded', '1');"
                         f" localStorage.setItem('kb.placeholders', {stored!r}); }}")
    page.goto("phrasebooks/opening/")
    line = page.locator('[data-card="opening-with-id"] [data-line]').first
    assert line.inner_text() == "您好，[公司名称]客服[工号]，很高兴为您服务，请问有什么可以帮您？"
    assert page.locator('[data-ph-input="公司名称"]').input_value() == ""
    page.locator('[data-ph-input="公司名称"]').fill("星河电信")
    assert line.inner_text() == "您好，星河电信客服[工号]，很高兴为您服务，请问有什么可以帮您？"
    page.reload()
    assert page.locator('[data-card="opening-with-id"] [data-line]').first.inner_text().startswith("您好，星河电信客服")


def test_enter_in_a_placeholder_field_keeps_the_page(page):
    page.goto("phrasebooks/opening/")
    page.evaluate("window.kbMarker = 1")
    field = page.locator('[data-ph-input="公司名称"]')
    field.fill("星河电信")
    field.press("Enter")
    assert page.evaluate("window.kbMarker") == 1 and "?" not in page.url
    assert page.locator("form[onsubmit], [onclick]").count() == 0



def test_greeting_left_open_follows_the_clock(page):
    """Review s24: opened at 11:58, the page still offered 早上好 at 12:03, on screen and when copied."""
    page.clock.install(time="2026-12-31T11:58:00+08:00")
    page.goto("/")
    line, why = page.locator("[data-greeting-line]"), page.locator("[data-greeting-why]")
    expect(line).to_have_text(re.compile("^早上好！"))
    # Five minutes on, the page left open: the line changes by itself.
    page.clock.fast_forward("05:00")
    expect(line).to_have_text(re.compile("^您好，"))
    assert why.inner_text() == "（12:00 后）"
    # Past midnight before any timer has run: copying says what fits now, and shows it.
    page.clock.set_system_time("2027-01-01T00:03:00+08:00")
    page.locator("[data-greeting] [data-copy]").click()
    assert page.evaluate("navigator.clipboard.readText()").startswith("新年好！")
    assert line.inner_text().startswith("新年好！") and why.inner_text() == "（今天是元旦）"


def test_greeting_copied_as_the_page_opens_waits_for_todays_line(page):
    """Review 2: on 元旦, with greeting.json still on its way, 复制 pressed at once copied 您好 (the build's fallback)."""
    page.clock.install(time="2027-01-01T09:00:00+08:00")
    held: list = []
    page.route("**/greeting.json", lambda route: held.append(route))
    page.goto("/", wait_until="domcontentloaded")
    wait_for_request(page, held)
    page.locator("[data-greeting] [data-copy]").click()
    page.wait_for_timeout(300)
    held[0].continue_()
    expect(page.locator("[data-greeting] [data-copy]")).to_have_text("已复制", timeout=5000)
    assert page.evaluate("navigator.clipboard.readText()").startswith("新年好！")
    assert page.locator("[data-greeting-line]").inner_text().startswith("新年好！")
