"""Printing: Chromium's own PDF, A4, print media; pages counted in the PDF.

Page budgets: the 速查卡 on at most 2 sheets, also with 8 more cards than today
(new cards are coming); the 特殊来电 phrasebook (3 cards) on 1; the 禁语 table on at most 3.
"""
from __future__ import annotations

import json
import re

import pytest

from conftest import ROOT
from kb import cards as kb_cards

pytestmark = pytest.mark.browser

BOOKS = kb_cards.load_phrasebooks(ROOT / "content" / "phrasebooks", ROOT)
HEADROOM_CARDS = 8
CHROME = ["form", "input", "button", "textarea", ".md-header", ".md-tabs", ".md-sidebar", ".md-footer", ".md-search",
          ".headerlink", ".kb-copy", ".kb-ph-form", ".kb-card__meta", ".kb-card__aliases", ".kb-card__link", ".kb-filter",
          ".md-content__button"]


def _pages(page) -> int:
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    return len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))


def _open_for_print(page, path):
    page.goto(path)
    page.emulate_media(media="print")


def test_cheatsheet_prints_every_card_filled_on_two_pages(page):
    page.add_init_script("localStorage.setItem('kb.placeholders', " + json.dumps(json.dumps(
        {"公司名称": "星河电信", "工号": "1024", "坐席姓名": "小汤", "客户称呼": "王先生"}, ensure_ascii=False)) + ")")
    _open_for_print(page, "cheatsheet/")
    printed = page.locator(".kb-cheat").inner_text()
    ids = [card["id"] for book in BOOKS for card in book["cards"]]
    assert page.locator("[data-cheat-card]").evaluate_all("els => els.map(e => e.dataset.cheatCard)") == ids
    for book in BOOKS:
        assert book["title"] in printed
    # The agent's own placeholders are filled, as on the card pages; per-call blanks stay marked.
    assert "星河电信" in printed and "[公司名称]" not in printed and "[工号]" not in printed
    assert _pages(page) <= 2
    # Headroom: eight more cards than today still fit.
    page.evaluate("""n => { const cards = [...document.querySelectorAll('[data-cheat-card]')];
        cards.slice(-n).forEach(c => c.parentNode.appendChild(c.cloneNode(true))); }""", HEADROOM_CARDS)
    assert page.locator("[data-cheat-card]").count() == len(ids) + HEADROOM_CARDS
    assert _pages(page) <= 2


def test_cheatsheet_is_in_the_nav_under_phrase_cards(page):
    page.goto("phrasebooks/")
    link = page.locator("nav.md-nav--primary a.md-nav__link", has_text="速查卡")
    assert link.first.get_attribute("href").endswith("cheatsheet/")


def test_special_calls_phrasebook_prints_on_one_page(page):
    _open_for_print(page, "phrasebooks/special-calls/")
    assert page.locator("[data-card]").count() == 3
    assert _pages(page) == 1


def test_rules_table_prints_on_at_most_three_pages(page):
    _open_for_print(page, "rules/")
    assert _pages(page) <= 3


@pytest.mark.parametrize("path", ["", "phrasebooks/opening/", "rules/", "rules/checker/", "quizzes/ch01-basics/",
                                  "handbook/07-complaints/", "cheatsheet/"])
def test_print_shows_no_controls_or_chrome(page, path):
    _open_for_print(page, path)
    for selector in CHROME:
        shown = page.locator(selector).evaluate_all("els => els.filter(e => e.checkVisibility()).length")
        assert shown == 0, f"{path}: {selector}"
    text = page.locator("body").inner_text()
    assert "¶" not in text and "http" not in text
    # Cards stay whole across a page break.
    for card in page.locator("[data-card]").all()[:3]:
        assert card.evaluate("e => getComputedStyle(e).breakInside") == "avoid"


def test_screen_view_still_has_the_controls(page):
    page.goto("cheatsheet/")
    assert page.locator("[data-ph-input]").first.is_visible()
    assert page.locator("[data-print]").is_visible()
