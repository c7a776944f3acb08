"""An agent acts as a page opens, on a slow link: the page's text and fields are on screen while the
site's later scripts are still on their way. What the agent did then must count once they arrive.
Found by an outside tester; each test failed before its fix."""
from __future__ import annotations

import pytest

from conftest import wait_for_request

pytestmark = pytest.mark.browser


def _held_page(chromium, base_url, script):
    """A 390 px page whose `script` is held back (only on its first load); returns (context, page, held, errors)."""
    context = chromium.new_context(base_url=base_url, locale="zh-CN", viewport={"width": 390, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    errors: list[str] = []
    held: list = []
    page = context.new_page()
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.route(script, lambda route: route.continue_() if held else held.append(route))
    return context, page, held, errors


@pytest.mark.parametrize("then", ["stays in the field", "tabs away"])
def test_a_customer_name_typed_before_the_cards_script_runs_is_copied(chromium, base_url, then):
    context, page, held, errors = _held_page(chromium, base_url, "**/assets/kb/cards.js")
    try:
        page.goto("phrasebooks/addressing/", wait_until="commit")
        field = page.locator('[data-ph-input="客户称呼"]')
        field.click()
        page.keyboard.type("王先生")
        if then == "tabs away":
            page.keyboard.press("Tab")
        wait_for_request(page, held)
        assert page.evaluate("document.readyState") == "loading"
        held[0].continue_()
        page.wait_for_load_state("load")
        card = page.locator(".kb-card", has=page.locator('[data-ph="客户称呼"]')).first
        card.locator("[data-copy-all]").click()
        page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-announce')?.textContent ?? '')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "王先生" in copied and "[客户称呼]" not in copied, copied
        assert field.input_value() == "王先生"
        # And on the next page: it was saved, not only shown.
        page.goto("phrasebooks/escalation/")
        assert "王先生" in page.locator('[data-ph="客户称呼"]').first.inner_text()
    finally:
        context.close()
    assert errors == []


def test_alt_n_pressed_before_the_pages_scripts_run_starts_a_new_call(chromium, base_url):
    """The last call's customer is on the agent's screen; the next call rings as they open a page."""
    context, page, held, errors = _held_page(chromium, base_url, "**/assets/kb/common.js")
    try:
        held.append("not this page")  # the first page loads at full speed
        page.goto("phrasebooks/addressing/")
        page.locator('[data-ph-input="客户称呼"]').fill("王先生")
        held.clear()
        page.goto("phrasebooks/escalation/", wait_until="commit")
        # Our first script has run, the page's others are not there yet.
        page.wait_for_function("() => !!window.kbSearchBytes", polling=10)
        page.keyboard.press("Alt+N")
        wait_for_request(page, held)
        held[0].continue_()
        page.wait_for_load_state("load")
        line = page.locator("[data-line]", has=page.locator('[data-ph="客户称呼"]')).first
        assert "王先生" not in line.inner_text() and "[客户称呼]" in line.inner_text()
        assert page.get_by_role("status").filter(has_text="新来电：客户称呼已清空").count() == 1
    finally:
        context.close()
    assert errors == []


def test_copy_pressed_before_the_cards_script_runs_copies_nothing_wrong(chromium, base_url):
    """The agent clicks 复制 the moment the card is on screen. Until cards.js runs, nothing can fill the
    card's blanks or copy it: the button must say so (unavailable, and greyed if it lasts), and the
    clipboard keeps what the agent copied before, never a half-filled line. Once the script is there,
    the same click copies the filled line."""
    context, page, held, errors = _held_page(chromium, base_url, "**/assets/kb/cards.js")
    try:
        held.append("not this page")  # the first page loads at full speed: the agent's details, and a copy
        page.goto("phrasebooks/opening/")
        page.locator('[data-ph-input="公司名称"]').fill("星河电器")
        earlier = page.locator("[data-line]", has=page.locator('[data-ph="公司名称"]')).first
        earlier.locator("xpath=..").get_by_role("button", name="复制").click()
        page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-announce')?.textContent ?? '')")
        before = page.evaluate("navigator.clipboard.readText()")
        assert "星河电器" in before
        held.clear()
        page.goto("phrasebooks/escalation/", wait_until="commit")
        line = page.locator("[data-line]", has=page.locator('[data-ph="公司名称"]')).first
        button = line.locator("xpath=..").get_by_role("button", name="复制")
        button.wait_for(state="attached")
        wait_for_request(page, held)
        assert page.evaluate("document.readyState") == "loading"
        box = button.bounding_box()
        page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
        assert button.is_disabled()
        # Greyed once the wait is long enough to notice (not a flash on every fast page load).
        button.evaluate("b => new Promise(done => setTimeout(done, 600))")
        assert float(button.evaluate("b => getComputedStyle(b).opacity")) < 1
        assert page.evaluate("navigator.clipboard.readText()") == before
        held[0].continue_()
        page.wait_for_load_state("load")
        assert button.is_enabled()
        page.evaluate("document.querySelector('.kb-announce').textContent = ''")
        button.click()
        page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-announce')?.textContent ?? '')")
        copied = page.evaluate("navigator.clipboard.readText()")
        assert "星河电器" in copied and "[公司名称]" not in copied and copied == line.inner_text().strip(), copied
    finally:
        context.close()
    assert errors == []
