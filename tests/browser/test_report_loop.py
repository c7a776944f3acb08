"""The whole loop through real nginx: an agent searches, copies, votes, answers a quiz and sits
exams; nginx writes its two beacon logs; `make report` turns them into the trainers' report
with every section filled."""
from __future__ import annotations

import shlex
import subprocess
import sys

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, quiz_key, run_search
from nginx_deploy import deployed, read_log  # noqa: F401  (the deployment README's 内网部署 describes)

pytestmark = pytest.mark.browser


def _new_lines(tmp_path_factory, tmp_path, name: str, before: dict, expected: int) -> tuple[str, list[str]]:
    """The lines added to nginx's log since `before`, copied to a file of their own for make report."""
    _, lines = read_log(tmp_path_factory, name, lambda lines: len(lines) >= before[name] + expected)
    added = lines[before[name]:]
    copy = tmp_path / name
    copy.write_text("".join(line + "\n" for line in added), encoding="utf-8")
    return str(copy), added


def _answer(q, keys):
    for key in keys:
        q.locator(f'[data-option="{key}"] input').check()


def _sit_exams(page, suspect_id):
    """Four sittings: two strong (all right but the suspect) and two weak (all wrong but the suspect)."""
    key = quiz_key(page)
    questions = page.locator("[data-question]")
    page.get_by_role("button", name="考试模式").click()
    for strong in (True, True, False, False):
        for i in range(questions.count()):
            q = questions.nth(i)
            qid = q.get_attribute("data-question")
            right = (qid != suspect_id) if strong else (qid == suspect_id)
            wrong = [o.get_attribute("data-option") for o in q.locator("[data-option]").all()
                     if o.get_attribute("data-option") not in key[qid]["answer"]][:1]
            _answer(q, key[qid]["answer"] if right else wrong)
        page.get_by_role("button", name="交卷").click()
        page.wait_for_selector("[data-score]:not(:empty)")
        page.get_by_role("button", name="重新作答").click()
    return questions.count()


def test_copy_vote_quiz_and_exam_reach_the_logs_and_make_report_fills_every_section(
        chromium, deployed, tmp_path_factory, tmp_path):  # noqa: F811
    url, published = deployed
    # Other tests share this nginx and its logs: only the lines this test adds count.
    before = {name: len(read_log(tmp_path_factory, name)[1]) for name in ("kb-usage.log", "kb-search.log")}
    context = chromium.new_context(base_url=url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    page = context.new_page()

    # Search: one with no result, one left unopened, one opened at rank 2 (an alias to suggest).
    page.goto("/kb/")
    run_search(page, "zxcvbn")  # nothing spells it (qqxx… reads as initials)
    page.wait_for_timeout(2300)
    run_search(page, "投诉")
    page.wait_for_timeout(2300)
    run_search(page, "客户没声音怎么办")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")

    # Copy a line and the whole card; vote on two cards, one 不好用 with a reason.
    page.goto("/kb/phrasebooks/opening/")
    card = page.locator('[data-card="opening-with-id"]')
    card.locator("[data-copy]").first.click()
    card.get_by_role("button", name="复制全部").click()
    card.get_by_role("button", name="不好用").click()
    card.get_by_role("button", name="说法过时").click()
    page.locator('[data-card="opening-standard"]').get_by_role("button", name="有用", exact=True).click()

    # A quiz: one practice answer, then four exam sittings.
    page.goto("/kb/quizzes/ch01-basics/")
    questions = page.locator("[data-question]")
    suspect = next(questions.nth(i) for i in range(questions.count()) if questions.nth(i).get_attribute("data-type") == "single")
    suspect_id = suspect.get_attribute("data-question")
    _answer(suspect, quiz_key(page)[suspect_id]["answer"])
    count = _sit_exams(page, suspect_id)
    context.close()

    usage_log, usage_lines = _new_lines(tmp_path_factory, tmp_path, "kb-usage.log", before, 2 + 3 + 1 + 4 * count)
    search_log, search_lines = _new_lines(tmp_path_factory, tmp_path, "kb-search.log", before, 3)
    assert len(usage_lines) == 2 + 3 + 1 + 4 * count, "\n".join(usage_lines)
    # Its own format: the time and the parameters, no address, cookie or user agent.
    assert all(len(line.split("\t")) == 14 and "127.0.0.1" not in line and "Chromium" not in line for line in usage_lines)

    # make report, exactly as the Makefile runs it (the rest of the command: the STAMP may want a venv).
    output = tmp_path / "report.html"
    dry = subprocess.run(["make", "-n", "report", f"LOG={usage_log} {search_log}", f"OUT={output}",
                          f"SITE={published}", "TODAY=2027-12-31"], cwd=ROOT, capture_output=True, text=True, check=True)
    command = shlex.split(next(line for line in dry.stdout.splitlines() if "scripts/report.py" in line))
    result = subprocess.run([sys.executable, *command[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    soup = BeautifulSoup(output.read_text(encoding="utf-8"), "html.parser")

    def section(anchor):
        heading = soup.find("h2", id=anchor)
        parts = []
        for sibling in heading.find_next_siblings():
            if sibling.name == "h2":
                break
            parts.append(sibling)
        return parts

    for anchor in ("search", "cards", "votes", "quiz", "stale"):
        parts = section(anchor)
        empty = [p.get_text() for p in parts if "empty" in (p.get("class") or [])]
        # Only the stale section's “30 天内将过期” may be empty: every card here was reviewed the same day.
        assert empty == ([] if anchor != "stale" else ["没有。"]), (anchor, empty)
        assert any(p.name == "table" or p.find("svg") or p.name == "ul" for p in parts), anchor

    text = soup.get_text()
    assert "zxcvbn（1 次）" in text and "投诉（1 次）" in text
    votes = soup.find("h2", id="votes").find_next("table")
    row = next(tr for tr in votes.find_all("tr") if "报工号的开头语" in tr.get_text())
    assert [td.get_text() for td in row.find_all("td")][1:] == ["0", "1", "0", "1", "0", "0", "0"]
    suspects = soup.find("h3", string="可能答案有误的题目").find_next("table")
    assert suspect_id in suspects.get_text()
    # Links go only to the deployed site's own pages.
    for a in soup.select("a[href]"):
        assert a["href"].startswith("#") or a["href"].startswith(f"{url}/kb/"), a["href"]
