"""deploy/nginx-kb.conf's Content-Security-Policy, through real nginx: an inline script slipped into a
built page does not run, while every feature still works and untouched pages report no violation."""
from __future__ import annotations

import json
import os

import pytest

from conftest import quiz_key, run_search
from nginx_deploy import deployed  # noqa: F401  (fixture)

pytestmark = pytest.mark.browser

# Registered through the DevTools protocol, so the policy does not apply to it.
WATCH_VIOLATIONS = """
window.__csp = [];
document.addEventListener("securitypolicyviolation",
  e => window.__csp.push(e.effectiveDirective + " " + (e.blockedURI || "")), true);
"""
INJECTED = ("<script>document.title='pwned'</script>"
            "<img src=\"../../assets/images/favicon.png\" onerror=\"document.title='pwned2'\" "
            "onload=\"document.title='pwned3'\">")


@pytest.fixture
def csp_page(chromium, deployed):
    url, _ = deployed
    context = chromium.new_context(base_url=url, locale="zh-CN", timezone_id="Asia/Shanghai")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    context.add_init_script(WATCH_VIOLATIONS)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text else None)
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_violations = console
    yield page
    context.close()
    assert errors == []


def _violations(page):
    return page.evaluate("window.__csp") + page.console_violations


def test_an_inline_script_added_after_the_build_is_blocked(csp_page, deployed):
    _, published = deployed
    original = published / "trainers" / "stale" / "index.html"
    injected = original.with_name("injected.html")
    text = original.read_text(encoding="utf-8")
    body = text.index("<body")
    body = text.index(">", body) + 1
    injected.write_text(text[:body] + INJECTED + text[body:], encoding="utf-8")
    os.chmod(injected, 0o644)
    try:
        csp_page.goto("/kb/trainers/stale/injected.html", wait_until="networkidle")
        assert "pwned" not in csp_page.title()
        blocked = csp_page.evaluate("window.__csp")
        assert any(v.startswith("script-src-elem inline") for v in blocked), blocked
        assert any(v.startswith("script-src-attr inline") for v in blocked), blocked
        # The page's own scripts still ran: Material's search box is wired up.
        assert csp_page.locator("input.md-search__input").is_visible()
    finally:
        injected.unlink()


def test_untouched_pages_report_no_violation(csp_page, deployed):
    _, published = deployed
    for html in sorted(published.rglob("index.html")):
        path = "/kb/" + str(html.parent.relative_to(published)).replace(".", "").strip("/")
        csp_page.goto(path.rstrip("/") + "/", wait_until="networkidle")
        assert _violations(csp_page) == [], path
    csp_page.goto("/kb/no-such-page/", wait_until="networkidle")
    assert _violations(csp_page) == []


def test_search_copy_quiz_and_checker_work_under_the_policy(csp_page):
    page = csp_page
    page.goto("/kb/", wait_until="networkidle")
    links = run_search(page, "客户没声音")
    links.first.click()
    page.wait_for_url("**/kb/phrasebooks/special-calls/#silent-call")
    page.locator('[data-card="silent-call"] [data-copy]').first.click()
    assert page.evaluate("navigator.clipboard.readText()") == "您好，[公司名称]客服中心，欢迎您的来电。请问有什么可以帮您？"
    assert _violations(page) == []

    page.goto("/kb/quizzes/ch01-basics/")
    page.locator("[data-quiz][data-ready]").wait_for()
    key = quiz_key(page)
    page.locator('[data-mode-button="exam"]').click()
    for qid, entry in key.items():
        for answer in entry["answer"]:
            page.locator(f'[data-question="{qid}"] input[value="{answer}"]').check()
    page.locator("[data-submit]").click()
    assert page.locator("[data-score]").inner_text() == f"{len(key)}/{len(key)}"
    assert _violations(page) == []

    page.goto("/kb/rules/checker/")
    page.locator("[data-checker][data-ready]").wait_for()
    page.locator("[data-checker-input]").fill("这个我不\u00ad知道。")
    assert page.locator("[data-checker-output] mark").all_inner_texts() == ["不\u00ad知道"]
    assert _violations(page) == []
