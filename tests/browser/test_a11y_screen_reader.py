"""The agent's whole task as a screen-reader user does it.

Only what a screen reader exposes is used: role locators and Playwright's ARIA snapshot,
never a CSS selector. What the agent "hears" is the text of a live region (role=status).
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SILENT_CALL = ["您好，星河电器客服中心，欢迎您的来电。请问有什么可以帮您？", "您好！请问有什么可以帮您？",
               "非常抱歉，我这边听不到您的声音，请您稍后再打来，再见！"]


def _heard(page, text: str):
    """The live region that says `text`, once it says it."""
    region = page.get_by_role("status").filter(has_text=text)
    region.first.wait_for(timeout=5000)
    return region.first.inner_text()


def test_search_copy_and_confirmation_through_the_screen_readers_view(page):
    page.goto("phrasebooks/")
    main = page.get_by_role("main")
    reading = main.aria_snapshot()
    assert '- heading "话术卡片' in reading and "[level=1]" in reading
    assert '- textbox "公司名称"' in reading and '- textbox "客户称呼"' in reading

    # The agent's own values, typed once into the form the page reads out.
    page.get_by_role("textbox", name="公司名称").fill("星河电器")
    assert "公司名称" in _heard(page, "已保存")

    # The search box is a combobox; the results are a listbox it controls.
    box = page.get_by_role("combobox", name="搜索")
    box.focus()
    box.press_sequentially("客户没声音")
    box.press("End")
    # Once typing pauses, the number of results is read out.
    count = _heard(page, "个符合条件的结果")
    results = page.get_by_role("listbox", name="搜索结果")
    listing = results.aria_snapshot()
    options = results.get_by_role("option")
    assert options.count() >= 1 and f"{options.count()} 个符合条件的结果" in count
    assert '- option "无声电话，话术卡片' in listing
    assert "[expanded]" in box.aria_snapshot()

    # ↓ selects the first result; the box points at it, so the screen reader reads its name
    # while the caret stays in the box.
    box.press("ArrowDown")
    selected = results.get_by_role("option", selected=True)
    assert selected.count() == 1
    assert selected.get_attribute("aria-label").startswith("无声电话")
    assert box.get_attribute("aria-activedescendant") == selected.get_attribute("id")
    assert box.evaluate("el => el === document.activeElement")

    # Ctrl+Enter copies the selected card's whole script, filled; the agent hears it.
    box.press("Control+Enter")
    confirmation = _heard(page, "已复制")
    assert "无声电话" in confirmation and "全部 3 句" in confirmation
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(SILENT_CALL)

    # Enter opens the card; the card is read by its title, with its script already filled.
    box.press("Enter")
    card = page.get_by_role("article", name="无声电话")
    card.wait_for()
    reading = card.aria_snapshot()
    assert '- heading "无声电话' in reading
    assert "星河电器客服中心" in reading
    assert '- button "复制全部"' in reading

    # 复制全部 from the keyboard, and the confirmation is heard.
    page.evaluate("navigator.clipboard.writeText('')")
    card.get_by_role("button", name="复制全部").press("Enter")
    assert "已复制全部 3 句话术" in _heard(page, "已复制全部")
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(SILENT_CALL)


def search_and_select_first(page, query: str):
    """Type into the search combobox from the keyboard and select the first result; returns the box.

    The box is reached by its role, not clicked: at 200% zoom it sits behind the search icon.
    """
    box = page.get_by_role("combobox", name="搜索")
    box.focus()
    box.press_sequentially(query)
    box.press("End")
    page.get_by_role("listbox", name="搜索结果").get_by_role("option").first.wait_for()
    box.press("ArrowDown")
    return box


def test_escape_closes_the_results_for_the_screen_reader_too(page):
    page.goto("/")
    box = search_and_select_first(page, "投诉")
    box.press("Escape")
    # Material closes the search; the box no longer claims an open list or a selection.
    assert page.get_by_role("listbox", name="搜索结果").count() == 0
    assert box.get_attribute("aria-expanded") == "false"
    assert box.get_attribute("aria-activedescendant") is None


def test_quiz_feedback_and_the_exam_score_are_heard(page):
    page.goto("quizzes/ch01-basics/")
    page.get_by_role("button", name="练习模式").click()
    questions = page.get_by_role("group")
    total = questions.count()
    # The first single-choice question: answering it gives feedback straight away in practice.
    number = next(i for i in range(total) if questions.nth(i).get_by_role("radio").count()) + 1
    questions.nth(number - 1).get_by_role("radio").first.check()
    assert _heard(page, f"第 {number} 题").startswith(f"第 {number} 题：回答")

    page.get_by_role("button", name="考试模式").click()
    for index in range(total):
        question = questions.nth(index)
        question.get_by_role("radio").or_(question.get_by_role("checkbox")).first.check()
    page.get_by_role("button", name="交卷").click()
    assert f"/{total}：" in _heard(page, "得分 ")
