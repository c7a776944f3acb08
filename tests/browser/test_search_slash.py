"""The / key at the moment an agent presses it: as the page opens, before the theme's scripts have run.

An agent on a call opens a page, presses / and types straight away. Material's own / handler
exists only once its bundle has run, and its box is hidden until then: a / pressed earlier was
lost, the word after it went nowhere, and an Enter followed whatever link had the focus. On a
narrow screen, a word typed at once after / came out reversed (投诉 as 诉投). These tests press
the keys with Playwright's keyboard, with no wait for any flag of the search's, and check what the
agent sees: the box holds exactly the word (no / in it, no doubled or lost letter), the right
card is the first result, and 没有找到 is never shown.
"""
from __future__ import annotations

import pytest

from conftest import wait_for_request
from test_search_first_second import ANSWERED, NONE, RECORD_META

pytestmark = pytest.mark.browser

PAGES = ["/", "/phrasebooks/complaints/", "/rules/", "/handbook/03-listening/"]
WIDTHS = [1280, 390]
# 无声电话 by its pinyin initials: keys a person presses one by one (an input method commits
# Chinese only into a text field, so before the box has the focus an agent's keys are letters).
# Its s is also one of Material's keys that open the search: a lost / made the query "dh".
INITIALS = "wsdh"
SILENT_CALL = "#silent-call"
BUNDLE = "**/assets/javascripts/bundle.*.min.js"


def _context(chromium, base_url, width, errors):
    """A fresh browser (no index kept from an earlier page) whose pages' script errors go to `errors`."""
    context = chromium.new_context(base_url=base_url, locale="zh-CN", viewport={"width": width, "height": 800})
    context.on("page", lambda page: page.on("pageerror", lambda error: errors.append(str(error))))
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    context.add_init_script(RECORD_META)
    context.route("**/_search-log*", lambda route: route.fulfill(status=204))
    return context


def _open_before_the_theme(context, path):
    """A page whose theme bundle is held back (a slow link): our <head> script has run, the page
    shows its text, the theme's keys and search box are not there yet. Returns the page and the held route."""
    held = []
    page = context.new_page()
    # Only this page's first load is held: a result it opens loads at full speed.
    page.route(BUNDLE, lambda route: route.continue_() if held else held.append(route))
    page.goto(path, wait_until="commit")
    page.wait_for_function("() => !!window.kbSearchBytes", polling=10)
    return page, held


def _seen(page, word):
    """What went wrong for the agent, if anything, once the box answers `word`."""
    try:
        page.wait_for_function(ANSWERED, timeout=15000)
    except Exception:
        box = page.evaluate("document.querySelector('input.md-search__input').value")
        return f"never answered; the box held {box!r}; meta said {page.evaluate('window.__kbMeta')}"
    # Long enough for anything else on the page to redraw the list.
    page.wait_for_timeout(1000)
    box = page.locator("input.md-search__input").input_value()
    first = page.locator("a.md-search-result__link").first.get_attribute("href")
    said = page.evaluate("window.__kbMeta")
    if box != word or not first.endswith(SILENT_CALL) or NONE in said:
        return f"the box held {box!r}, first result {first}, meta said {said}"
    return None


def _on_every_page(chromium, base_url, width, open_and_type, word):
    """What went wrong on each page kind, when `open_and_type(context, path)` has typed `word` there."""
    failures: list[str] = []
    context = _context(chromium, base_url, width, failures)
    try:
        for path in PAGES:
            page = open_and_type(context, path)
            problem = _seen(page, word)
            if problem:
                failures.append(f"{path}: {problem}")
            page.close()
    finally:
        context.close()
    return failures


@pytest.mark.parametrize("width", WIDTHS)
def test_slash_and_a_word_typed_before_the_theme_has_run_find_it(chromium, base_url, width):
    def type_then_release(context, path):
        page, held = _open_before_the_theme(context, path)
        page.keyboard.press("/")
        page.keyboard.type(INITIALS)
        wait_for_request(page, held)
        held[0].continue_()
        return page

    assert _on_every_page(chromium, base_url, width, type_then_release, INITIALS) == []


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("moment", ["domcontentloaded", "load"])
def test_slash_and_a_chinese_word_typed_at_once_find_it(chromium, base_url, width, moment):
    """Chinese arrives as inserted text (an input method's commit), straight after the /."""
    def type_at_once(context, path):
        page = context.new_page()
        page.goto(path, wait_until=moment)
        page.keyboard.press("/")
        page.keyboard.type("无声电话")
        return page

    assert _on_every_page(chromium, base_url, width, type_at_once, "无声电话") == []


@pytest.mark.parametrize("keys, landed", [("Enter", "url"), ("Control+Enter", "clipboard")])
def test_enter_pressed_before_the_theme_has_run_acts_on_the_word(chromium, base_url, keys, landed):
    """/, the word and Enter all typed before the theme's scripts arrive: Enter opens (Ctrl+Enter
    copies) the word's first result, not whatever link had the focus."""
    errors: list[str] = []
    context = _context(chromium, base_url, 390, errors)
    try:
        page, held = _open_before_the_theme(context, "/handbook/03-listening/")
        page.keyboard.press("/")
        page.keyboard.type(INITIALS)
        page.keyboard.press(keys)
        wait_for_request(page, held)
        held[0].continue_()
        if landed == "url":
            page.wait_for_url(f"**/phrasebooks/special-calls/{SILENT_CALL}", timeout=15000)
        else:
            page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-search-status')"
                                   "?.textContent ?? '')", timeout=15000)
            assert page.evaluate("navigator.clipboard.readText()").startswith("您好，")
            assert page.locator("input.md-search__input").input_value() == INITIALS
    finally:
        context.close()
    assert errors == []


def test_backspace_and_escape_typed_before_the_theme_has_run_count_as_keys(chromium, base_url):
    errors: list[str] = []
    context = _context(chromium, base_url, 1280, errors)
    try:
        page, held = _open_before_the_theme(context, "/rules/")
        # A slip corrected at once.
        page.keyboard.press("/")
        page.keyboard.type("wsx")
        page.keyboard.press("Backspace")
        page.keyboard.type("dh")
        wait_for_request(page, held)
        held[0].continue_()
        assert _seen(page, INITIALS) is None
        page.close()
        # Escape: the agent changed their mind; nothing is put into the box later.
        page, held = _open_before_the_theme(context, "/rules/")
        page.keyboard.press("/")
        page.keyboard.type("ws")
        page.keyboard.press("Escape")
        wait_for_request(page, held)
        held[0].continue_()
        page.wait_for_load_state("load")
        page.wait_for_timeout(500)
        assert page.locator("input.md-search__input").input_value() == ""
    finally:
        context.close()
    assert errors == []


@pytest.mark.parametrize("moment", ["before the theme", "load"])
def test_a_slash_typed_in_the_pages_own_fields_stays_text(chromium, base_url, moment):
    """Where the agent is typing (the 客户称呼 field, the checker), / s f are text, not the search."""
    errors: list[str] = []
    context = _context(chromium, base_url, 390, errors)
    try:
        for path, field in [("/phrasebooks/", '[data-ph-input="客户称呼"]'), ("/rules/checker/", "[data-checker-input]")]:
            if moment == "load":
                page = context.new_page()
                page.goto(path)
                held = []
            else:
                page, held = _open_before_the_theme(context, path)
                page.locator(field).first.wait_for()
            page.locator(field).first.click()
            page.keyboard.type("王/sf")
            if held:
                wait_for_request(page, held)
                held[0].continue_()
                page.wait_for_load_state("load")
            page.keyboard.type("/s")
            assert page.locator(field).first.input_value() == "王/sf/s", path
            assert not page.locator("#__search").is_checked(), path
            page.close()
    finally:
        context.close()
    assert errors == []
