"""Quizzes by keyboard: the arrow keys only move the choice; Space or Enter answers (content/assets/kb/quiz.js).

In a radio group the arrow keys move the checked state and fire click and change, so a
practice quiz that judged on change answered, announced and logged every option the agent
passed on the way. These tests press the keys a keyboard or screen-reader user presses.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import quiz_key

pytestmark = pytest.mark.browser

BANK = "quizzes/ch01-basics/"  # its first two questions are single-choice and scenario (radios)


def _beacons(page):
    sent = []
    page.on("request", lambda request: sent.append(request.url) if "/_usage-log?" in request.url else None)
    return sent


def _quiz_fields(sent):
    fields = [{k: v[0] for k, v in parse_qs(urlsplit(url).query, keep_blank_values=True).items()} for url in sent]
    return [(f["item"], f["pick"], f["ok"], f["mode"]) for f in fields if f.get("k") == "quiz"]


def _focused_radio(page):
    """The value of the focused option and the id of its question, or None when the focus is elsewhere."""
    return page.evaluate("""() => {
      const el = document.activeElement;
      return el && el.type === 'radio' ? [el.closest('[data-question]').dataset.question, el.value] : null;
    }""")


def _checked(question):
    return question.locator("input:checked").evaluate_all("els => els.map(e => e.value)")


def _announced(page):
    return page.locator(".kb-announce").text_content() or ""


def _verdict(question):
    box = question.locator("[data-feedback]")
    return box.inner_text() if box.is_visible() else ""


def _tab_into_first_question(page):
    page.goto(BANK)
    page.locator("[data-quiz][data-ready]").wait_for()
    page.get_by_role("button", name="练习模式").click()
    page.keyboard.press("Tab")  # 考试模式
    page.keyboard.press("Tab")  # the first question's options


def test_arrow_keys_move_the_choice_without_answering_and_space_or_enter_answers(page):
    sent = _beacons(page)
    _tab_into_first_question(page)
    key = quiz_key(page)
    first = page.locator("[data-question]").first
    qid = first.get_attribute("data-question")
    assert _focused_radio(page) and _focused_radio(page)[0] == qid

    passed = []
    for _ in range(2):
        page.keyboard.press("ArrowDown")
        page.wait_for_timeout(300)
        passed.append(_focused_radio(page)[1])
        # The arrow moved the choice, and nothing is judged, shown or read out.
        assert _checked(first) == [passed[-1]]
        assert _verdict(first) == ""
        assert first.evaluate("q => q.className") == "kb-question"
        assert "回答" not in _announced(page) and "正确答案" not in _announced(page)
    assert _quiz_fields(sent) == []

    # Space on the chosen option is the answer: judged, shown, read out and logged, once.
    page.keyboard.press("Space")
    chosen = passed[-1]
    ok = chosen in key[qid]["answer"]
    assert _checked(first) == [chosen]
    assert _verdict(first).startswith("回答正确" if ok else "回答错误")
    assert _announced(page).startswith("第 1 题：回答")
    page.wait_for_timeout(300)
    assert _quiz_fields(sent) == [(qid, chosen, "1" if ok else "0", "practice")]

    # Moving on with an arrow takes the old feedback away (it was about the other option) and judges nothing.
    page.keyboard.press("ArrowDown")
    moved = _focused_radio(page)[1]
    assert _checked(first) == [moved] and _verdict(first) == ""
    # Enter answers too; the log keeps the first answer only, as with the mouse.
    page.keyboard.press("Enter")
    ok = moved in key[qid]["answer"]
    assert _verdict(first).startswith("回答正确" if ok else "回答错误")
    page.wait_for_timeout(300)
    assert len(_quiz_fields(sent)) == 1

    # The next question, by arrows only: its choice is kept over a reload, still unjudged.
    second = page.locator("[data-question]").nth(1)
    for _ in range(3):  # past the feedback's 查看相关内容 link
        page.keyboard.press("Tab")
        if _focused_radio(page):
            break
    assert _focused_radio(page)[0] == second.get_attribute("data-question")
    page.keyboard.press("ArrowDown")
    kept = _checked(second)
    page.reload()
    page.locator("[data-quiz][data-ready]").wait_for()
    assert _checked(second) == kept and _verdict(second) == ""
    assert _checked(first) == [moved] and _verdict(first) != ""

    # Space on the focused option of a question with nothing chosen yet chooses it and answers.
    third = page.locator("[data-question]").nth(3)  # single-choice; the third is multiple
    assert third.get_attribute("data-type") != "multiple"
    third.locator("input").first.focus()
    page.keyboard.press("Space")
    assert len(_checked(third)) == 1 and _verdict(third).startswith("回答")

    # The way to answer by keyboard is told, on the page and to a screen reader entering the question.
    assert "空格键" in page.locator("[data-mode-hint]").inner_text()
    assert "空格键" in first.evaluate("""q => (q.getAttribute('aria-describedby') || '').split(' ')
        .map(id => document.getElementById(id)).filter(Boolean).map(e => e.textContent).join(' ')""")


def test_a_mouse_click_still_answers_at_once(page):
    sent = _beacons(page)
    page.goto(BANK)
    page.locator("[data-quiz][data-ready]").wait_for()
    key = quiz_key(page)
    first = page.locator("[data-question]").first
    qid = first.get_attribute("data-question")
    option = first.locator("[data-option]").nth(2)
    option.click()
    value = option.get_attribute("data-option")
    assert _verdict(first).startswith("回答正确" if value in key[qid]["answer"] else "回答错误")
    page.wait_for_timeout(300)
    assert [f[:2] for f in _quiz_fields(sent)] == [(qid, value)]


def test_in_an_exam_the_arrow_keys_choose_the_answer_that_counts_at_submission(page):
    sent = _beacons(page)
    page.goto(BANK)
    page.locator("[data-quiz][data-ready]").wait_for()
    page.get_by_role("button", name="考试模式").click()
    assert "方向键" in page.locator("[data-mode-hint]").inner_text()
    page.keyboard.press("Tab")  # from 考试模式 to the first question
    first = page.locator("[data-question]").first
    page.keyboard.press("ArrowDown")
    chosen = _checked(first)
    page.keyboard.press("Space")
    page.keyboard.press("Enter")
    # Nothing is judged before 交卷, whichever key.
    assert chosen and _checked(first) == chosen and _verdict(first) == "" and "回答" not in _announced(page)
    page.wait_for_timeout(300)
    assert _quiz_fields(sent) == []
    key = quiz_key(page)
    for question in page.locator("[data-question]").all()[1:]:
        question.locator(f'input[value="{key[question.get_attribute("data-question")]["answer"][0]}"]').check()
    page.get_by_role("button", name="交卷").click()
    page.wait_for_timeout(300)
    qid = first.get_attribute("data-question")
    assert [f[1] for f in _quiz_fields(sent) if f[0] == qid] == chosen
