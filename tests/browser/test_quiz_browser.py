"""Answering and scoring quizzes in Chromium."""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import expect

from conftest import quiz_key

pytestmark = pytest.mark.browser

BANK = "quizzes/ch01-basics/"


def _open(page, path=BANK):
    page.goto(path)
    page.locator("[data-quiz][data-ready]").wait_for()
    return quiz_key(page)


def _option_texts(page, qid, keys):
    return [page.locator(f'[data-question="{qid}"] [data-option="{k}"] [data-option-text]').inner_text() for k in keys]


def _answer(page, qid, keys):
    for key in keys:
        page.locator(f'[data-question="{qid}"] input[value="{key}"]').check()


def _wrong_keys(page, qid, key):
    values = page.locator(f'[data-question="{qid}"] input').evaluate_all("els => els.map(e => e.value)")
    return [next(v for v in values if v not in key[qid]["answer"])]


def test_practice_mode_gives_feedback_straight_away(page):
    key = _open(page)
    question = page.locator('[data-question="basics-sentence-length"]')
    _answer(page, "basics-sentence-length", ["a"])
    feedback = question.locator("[data-feedback]")
    assert feedback.is_visible()
    assert "回答错误" in feedback.inner_text() and "15 个字" in feedback.inner_text()
    assert "is-wrong" in question.get_attribute("class")
    _answer(page, "basics-sentence-length", key["basics-sentence-length"]["answer"])
    assert "回答正确" in feedback.inner_text()
    assert feedback.locator("a").get_attribute("href") == "../../handbook/01-basics/#清晰原则"


def test_exam_mode_scores_once_then_reviews_wrong_answers_and_retakes(page):
    key = _open(page)
    page.locator('[data-mode-button="exam"]').click()
    qids = list(key)
    wrong = qids[1]
    for qid in qids[:-1]:
        _answer(page, qid, _wrong_keys(page, qid, key) if qid == wrong else key[qid]["answer"])
    # No feedback before submitting in exam mode.
    assert page.locator("[data-feedback]:visible").count() == 0
    page.locator("[data-submit]").click()
    assert page.locator("[data-message]").inner_text() == "还有 1 题没有作答。"
    assert not page.locator("[data-score]").is_visible()

    _answer(page, qids[-1], key[qids[-1]]["answer"])
    page.locator("[data-submit]").click()
    total = len(qids)
    assert page.locator("[data-score]").inner_text() == f"{total - 1}/{total}"
    page.locator("[data-review-wrong]").click()
    visible = page.locator("[data-question]:visible")
    assert [q.get_attribute("data-question") for q in visible.all()] == [wrong]

    stored = page.evaluate("JSON.parse(localStorage.getItem('kb.quiz.ch01-basics'))")
    assert stored["best"] == {"score": total - 1, "total": total}

    page.locator("[data-retake]").click()
    assert page.locator("[data-question]:visible").count() == total
    assert page.locator("[data-question] input:checked").count() == 0
    assert not page.locator("[data-score]").is_visible()
    page.reload()
    page.locator("[data-quiz][data-ready]").wait_for()
    assert page.locator("[data-best]").inner_text() == f"最好成绩：{total - 1}/{total}"


def test_progress_survives_a_reload(page):
    key = _open(page)
    _answer(page, "basics-principles", key["basics-principles"]["answer"])
    page.reload()
    page.locator("[data-quiz][data-ready]").wait_for()
    checked = page.locator('[data-question="basics-principles"] input:checked').evaluate_all("els => els.map(e => e.value)")
    assert sorted(checked) == sorted(key["basics-principles"]["answer"])


def test_options_are_shuffled(page):
    orders = set()
    for _ in range(4):
        _open(page)
        orders.add(tuple(page.locator("[data-option]").evaluate_all("els => els.map(e => e.dataset.option)")))
    assert len(orders) > 1


def test_results_download_as_csv(page):
    key = _open(page, "quizzes/scenarios/")
    page.locator('[data-mode-button="exam"]').click()
    for qid, entry in key.items():
        _answer(page, qid, entry["answer"])
    page.locator("[data-submit]").click()
    with page.expect_download() as info:
        page.locator("[data-download]").click()
    download = info.value
    assert download.suggested_filename == "成绩-scenarios.csv"
    rows = open(download.path(), encoding="utf-8-sig").read().splitlines()
    assert rows[0] == '"题库","题号","题目","你的答案","正确答案","结果","坐席","工号","时间"'
    assert len(rows) == 1 + len(key)
    assert all('"正确"' in row for row in rows[1:])
    assert "很抱歉给您带来了困扰" in "".join(rows)


def test_exam_mode_reveals_nothing_until_submitted(page):
    key = _open(page)
    page.locator('[data-mode-button="exam"]').click()
    quiz = page.locator("[data-quiz]")
    qids = list(key)
    multiple = [qid for qid in qids if page.locator(f'[data-question="{qid}"]').get_attribute("data-type") == "multiple"]
    # The 核对本题 button of a multiple-choice question is not offered in an exam.
    assert multiple and page.locator("[data-check]:visible").count() == 0
    assert page.locator("[data-download]").is_hidden()
    wrong = qids[0]
    for qid in qids:
        _answer(page, qid, _wrong_keys(page, qid, key) if qid == wrong else key[qid]["answer"])
    before = quiz.inner_text()
    # Nothing marks right or wrong, and no feedback or correct answer is on screen.
    assert page.locator(".is-correct, .is-wrong, .is-answer").count() == 0
    assert page.locator("[data-feedback]:visible").count() == 0
    for word in ("回答正确", "回答错误", "正确答案"):
        assert word not in before
    assert page.locator("[data-score]").is_hidden()
    for qid in qids:
        for text in [key[qid]["explanation"], *key[qid]["feedback"].values()]:
            assert text not in before, (qid, text)
    # The key itself is not readable in the page source.
    source = page.content()
    assert key[wrong]["explanation"] not in source and '"answer"' not in source

    page.locator("[data-submit]").click()
    total = len(qids)
    assert page.locator("[data-score]").inner_text() == f"{total - 1}/{total}"
    wrong_box = page.locator(f'[data-question="{wrong}"]')
    assert "is-wrong" in wrong_box.get_attribute("class")
    correct_text = _option_texts(page, wrong, key[wrong]["answer"])
    assert "回答错误。正确答案：" + "；".join(correct_text) in wrong_box.locator("[data-feedback]").inner_text()
    assert page.locator("[data-feedback]:visible").count() == total
    assert page.locator("[data-download]").is_visible()


def test_switching_from_practice_to_exam_starts_afresh(page):
    key = _open(page)
    qid = list(key)[0]
    _answer(page, qid, key[qid]["answer"])
    assert page.locator(f'[data-question="{qid}"] [data-feedback]').is_visible()
    page.locator('[data-mode-button="exam"]').click()
    assert page.locator("[data-question] input:checked").count() == 0
    assert page.locator("[data-feedback]:visible").count() == 0


@pytest.mark.parametrize("stored", [
    "42", '"exam"', "null", "[1, 2]", "true", "{not json",
    '{"mode": 5, "progress": "x", "best": "full"}',
    '{"mode": "exam", "progress": {"basics-principles": 7, "basics-sentence-length": [1, null]}, "best": {"score": "9", "total": []}}',
    '{"progress": [], "best": null, "last": 3}',
])
def test_odd_values_in_storage_do_not_stop_the_quiz(browser_context, stored):
    page = browser_context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.add_init_script(f"localStorage.setItem('kb.quiz.ch01-basics', {json.dumps(stored)});"
                         f"localStorage.setItem('kb.placeholders', {json.dumps(stored)});")
    key = _open(page)
    assert page.locator("[data-best]").inner_text() == ""
    # Used by clicks, the quiz works from its defaults.
    qid = "basics-sentence-length"
    page.locator('[data-mode-button="practice"]').click()
    _answer(page, qid, key[qid]["answer"])
    assert "回答正确" in page.locator(f'[data-question="{qid}"] [data-feedback]').inner_text()
    page.locator('[data-mode-button="exam"]').click()
    for q, entry in key.items():
        _answer(page, q, entry["answer"])
    page.locator("[data-submit]").click()
    assert page.locator("[data-score]").inner_text() == f"{len(key)}/{len(key)}"
    stored_now = page.evaluate("JSON.parse(localStorage.getItem('kb.quiz.ch01-basics'))")
    assert stored_now["best"] == {"score": len(key), "total": len(key)}
    with page.expect_download() as info:
        page.locator("[data-download]").click()
    assert info.value.suggested_filename == "成绩-ch01-basics.csv"
    assert errors == []


def test_a_submitted_exam_stays_submitted_over_a_reload_until_the_agent_starts_again(page):
    sent = []
    page.on("request", lambda request: sent.append(request.url) if "/_usage-log?" in request.url else None)
    key = _open(page)
    page.get_by_role("button", name="考试模式").click()
    qids = list(key)
    wrong = qids[0]
    for qid in qids:
        _answer(page, qid, _wrong_keys(page, qid, key) if qid == wrong else key[qid]["answer"])
    page.get_by_role("button", name="交卷").click()
    total = len(qids)
    assert page.locator("[data-score]").inner_text() == f"{total - 1}/{total}"
    page.wait_for_timeout(300)
    sitting = len(sent)
    assert sitting == total

    page.reload()
    page.locator("[data-quiz][data-ready]").wait_for()
    # Still the submitted exam: the score, every question's feedback, the answers chosen and locked.
    assert page.locator("[data-quiz]").get_attribute("data-mode") == "exam"
    assert page.locator("[data-score]").is_visible()
    assert page.locator("[data-score]").inner_text() == f"{total - 1}/{total}"
    assert page.locator("[data-feedback]:visible").count() == total
    assert "is-wrong" in page.locator(f'[data-question="{wrong}"]').get_attribute("class")
    assert page.locator("[data-question] input:checked").count() == sum(
        len(_wrong_keys(page, q, key)) if q == wrong else len(key[q]["answer"]) for q in qids)
    assert page.locator("[data-question] input:enabled").count() == 0
    assert page.locator("[data-best]").inner_text() == f"最好成绩：{total - 1}/{total}"
    assert page.get_by_role("button", name="只看错题").is_visible()
    # 交卷 again is no second sitting, with or without a reload.
    page.get_by_role("button", name="交卷").click()
    assert "重新作答" in page.locator("[data-message]").inner_text()
    page.wait_for_timeout(300)
    assert len(sent) == sitting
    stored = page.evaluate("JSON.parse(localStorage.getItem('kb.quiz.ch01-basics'))")
    assert stored["best"] == {"score": total - 1, "total": total}

    # Only 重新作答 starts a new sitting, and a reload then keeps it new.
    page.get_by_role("button", name="重新作答").click()
    assert page.locator("[data-question] input:checked").count() == 0
    page.reload()
    page.locator("[data-quiz][data-ready]").wait_for()
    assert page.locator("[data-question] input:enabled").count() > 0
    assert page.locator("[data-score]").is_hidden() and page.locator("[data-feedback]:visible").count() == 0


def test_an_exam_handed_in_in_another_tab_is_handed_in_here_too(browser_context):
    here, there = browser_context.new_page(), browser_context.new_page()
    key = _open(here)
    here.get_by_role("button", name="考试模式").click()
    _open(there)
    assert there.locator("[data-quiz]").get_attribute("data-mode") == "exam"
    for qid, entry in key.items():
        _answer(there, qid, entry["answer"])
    there.get_by_role("button", name="交卷").click()
    total = len(key)
    here.locator("[data-score]").wait_for()
    assert here.locator("[data-score]").inner_text() == f"{total}/{total}"
    assert here.locator("[data-question] input:enabled").count() == 0
    here.get_by_role("button", name="交卷").click()
    assert "重新作答" in here.locator("[data-message]").inner_text()


def test_a_practice_answer_in_a_tab_opened_earlier_does_not_undo_a_handed_in_exam(browser_context):
    here, there = browser_context.new_page(), browser_context.new_page()
    key = _open(here)
    _open(there)  # stays in practice mode
    here.bring_to_front()
    here.get_by_role("button", name="考试模式").click()
    qids = list(key)
    for qid in qids:
        _answer(here, qid, _wrong_keys(here, qid, key) if qid == qids[0] else key[qid]["answer"])
    here.get_by_role("button", name="交卷").click()
    total = len(qids)
    best = f"最好成绩：{total - 1}/{total}"
    assert here.locator("[data-best]").inner_text() == best
    # The tab opened earlier shows the exam just handed in, not its old practice screen...
    there.bring_to_front()
    expect(there.locator("[data-best]")).to_have_text(best)
    assert there.locator("[data-quiz]").get_attribute("data-mode") == "exam"
    # ...so a click on an option there (locked: a real click, past Playwright's enabled check)
    # answers nothing and writes nothing over it.
    there.locator(f'[data-question="{qids[1]}"] [data-option]').first.click(force=True)
    here.bring_to_front()
    here.reload()
    here.locator("[data-quiz][data-ready]").wait_for()
    assert here.locator("[data-quiz]").get_attribute("data-mode") == "exam"
    assert here.locator("[data-score]").inner_text() == f"{total - 1}/{total}"
    assert here.locator("[data-question] input:enabled").count() == 0
    assert here.locator("[data-best]").inner_text() == best


def test_a_retake_in_a_tab_showing_an_older_sitting_keeps_the_best_score(browser_context):
    here, there = browser_context.new_page(), browser_context.new_page()
    key = _open(here)
    here.get_by_role("button", name="考试模式").click()
    for qid in key:
        _answer(here, qid, _wrong_keys(here, qid, key))
    here.get_by_role("button", name="交卷").click()
    total = len(key)
    assert here.locator("[data-score]").inner_text() == f"0/{total}"
    _open(there)
    assert there.locator("[data-score]").inner_text() == f"0/{total}"
    there.get_by_role("button", name="重新作答").click()
    for qid, entry in key.items():
        _answer(there, qid, entry["answer"])
    there.get_by_role("button", name="交卷").click()
    best = f"最好成绩：{total}/{total}"
    assert there.locator("[data-best]").inner_text() == best
    # Back in the first tab, which showed the 0/6 sitting: 重新作答 there must not bring 0/6 back.
    here.bring_to_front()
    here.get_by_role("button", name="重新作答").click()
    assert here.locator("[data-best]").inner_text() == best
    stored = here.evaluate("JSON.parse(localStorage.getItem('kb.quiz.ch01-basics'))")
    assert stored["best"] == {"score": total, "total": total}
    expect(there.locator("[data-best]")).to_have_text(best)
    expect(there.locator("[data-score]")).to_be_hidden()
