"""axe-core (WCAG 2.0/2.1, A and AA) on every built page and in every state an agent reaches.

axe-core's own script ships inside the pinned axe-playwright-python wheel: nothing is fetched.
"""
from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import quiz_key, run_search

pytestmark = pytest.mark.browser

WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
OPTIONS = {"runOnly": {"type": "tag", "values": WCAG}, "resultTypes": ["violations"]}
BLOCKING = {"serious", "critical"}
_AXE = Axe()


def serious_violations(page) -> list[str]:
    """One line per serious or critical violation: rule, impact, node count and the first node.

    Checked once the page has stopped moving, as the agent reads it: halfway through a fade
    (the back-to-top button appearing) any text has too little contrast.
    """
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')", timeout=5000)
    found = _AXE.run(page, options=OPTIONS).response["violations"]
    return [f"{v['id']} ({v['impact']}) ×{len(v['nodes'])}: {v['nodes'][0]['target']} {v['nodes'][0]['html'][:160]}"
            for v in found if v["impact"] in BLOCKING]


def _pages(site) -> list[str]:
    return sorted(str(path.relative_to(site)) for path in site.rglob("*.html"))


def test_axe_finds_nothing_serious_on_any_built_page(page, site):
    pages = _pages(site)
    assert len(pages) >= 40
    report = {}
    for rel in pages:
        page.goto("/" + rel)
        page.wait_for_load_state("load")
        found = serious_violations(page)
        if found:
            report[rel] = found
    assert not report, json.dumps(report, ensure_ascii=False, indent=1)


def test_axe_check_can_fail(page):
    """The check sees a violation when there is one: a grey-on-white link without underline."""
    page.goto("/")
    page.evaluate("""() => {
      const p = document.querySelector('article p');
      p.insertAdjacentHTML('beforeend', ' <a href="#x">链接</a>');
      const a = p.lastElementChild;
      a.style.textDecoration = 'none';
      a.style.color = '#aaaaaa';
    }""")
    assert any(line.startswith("color-contrast") for line in serious_violations(page))


# --- states an agent reaches -----------------------------------------------------


def _search_results(page):
    page.goto("/")
    run_search(page, "投诉")
    page.keyboard.press("ArrowDown")


def _search_no_result(page):
    page.goto("/")
    # 火星基地 was meant here, but a typo reading (火星记得) found a card: this state had results.
    run_search(page, "量子力学")
    assert page.locator(".md-search-result__meta").inner_text().startswith("没有找到符合条件的结果")
    page.keyboard.press("ArrowDown")


def _search_copied(page):
    page.goto("/")
    run_search(page, "客户没声音")
    page.keyboard.press("Control+Enter")
    page.get_by_role("status").filter(has_text="已复制").first.wait_for()


def _open_quiz(page, path="quizzes/ch01-basics/"):
    page.goto(path)
    page.locator("[data-quiz][data-ready]").wait_for()
    return quiz_key(page)


def _answer(page, qid, keys):
    for key in keys:
        page.locator(f'[data-question="{qid}"] input[value="{key}"]').check()


def _quiz_practice_answered(page):
    key = _open_quiz(page)
    qids = list(key)
    # One right, one wrong: both kinds of feedback are on the page.
    _answer(page, qids[0], key[qids[0]]["answer"])
    values = page.locator(f'[data-question="{qids[1]}"] input').evaluate_all("els => els.map(e => e.value)")
    _answer(page, qids[1], [next(v for v in values if v not in key[qids[1]]["answer"])])
    page.locator("[data-feedback]:visible").first.wait_for()


def _exam_before_submit(page):
    key = _open_quiz(page)
    page.get_by_role("button", name="考试模式").click()
    qids = list(key)
    for qid in qids[:-1]:
        _answer(page, qid, key[qid]["answer"])
    # 交卷 with one question left: the 还有 1 题没有作答 message is on the page.
    page.get_by_role("button", name="交卷").click()


def _exam_after_submit(page):
    key = _open_quiz(page)
    page.get_by_role("button", name="考试模式").click()
    qids = list(key)
    for qid in qids:
        _answer(page, qid, key[qid]["answer"] if qid != qids[0] else [])
    values = page.locator(f'[data-question="{qids[0]}"] input').evaluate_all("els => els.map(e => e.value)")
    _answer(page, qids[0], [next(v for v in values if v not in key[qids[0]]["answer"])])
    page.get_by_role("button", name="交卷").click()
    page.get_by_role("button", name="只看错题").click()


def _exam_submitted_reloaded(page):
    _exam_after_submit(page)
    page.reload()
    page.locator("[data-quiz][data-ready]").wait_for()


def _checker_marks(page):
    page.goto("rules/checker/")
    page.locator("[data-checker][data-ready]").wait_for()
    page.get_by_role("textbox", name="回复草稿").fill("这个不归我管，你找别人去问吧。这是规定，我也没办法。")
    page.locator("[data-checker-output] mark").first.wait_for()


def _checker_after_a_fix(page):
    _checker_marks(page)
    page.locator("[data-checker-issues] button").first.press("Enter")
    page.locator("[data-checker-summary]").filter(has_text="已把").wait_for()


def _rules_landed_through_a_filter(page):
    page.goto("rules/")
    page.get_by_role("button", name="态度生硬").click()
    page.goto("rules/#no-way")
    page.get_by_role("status").filter(has_text="已切换为“全部”").wait_for()


def _placeholders_filled(page):
    page.goto("phrasebooks/complaints/")
    page.get_by_role("textbox", name="公司名称").fill("星河电器")
    page.get_by_role("textbox", name="我的称呼").fill("小林")
    page.get_by_role("textbox", name="客户称呼").fill("王先生")
    page.get_by_role("status").filter(has_text="已保存").first.wait_for()


def _cheatsheet(page):
    page.goto("cheatsheet/")
    page.get_by_role("textbox", name="我的称呼").fill("小林")


STATES = {  # ids in English: pytest escapes others in its report
    "search-results": _search_results,
    "search-no-result": _search_no_result,
    "search-copied": _search_copied,
    "quiz-practice-answered": _quiz_practice_answered,
    "exam-before-submit": _exam_before_submit,
    "exam-after-submit": _exam_after_submit,
    "exam-submitted-reloaded": _exam_submitted_reloaded,
    "checker-marks": _checker_marks,
    "checker-after-a-fix": _checker_after_a_fix,
    "rules-landed-through-a-filter": _rules_landed_through_a_filter,
    "placeholders-filled": _placeholders_filled,
    "cheatsheet": _cheatsheet,
}


@pytest.mark.parametrize("state", list(STATES))
def test_axe_finds_nothing_serious_in_the_states_agents_reach(page, state):
    STATES[state](page)
    found = serious_violations(page)
    assert not found, "\n".join(found)
