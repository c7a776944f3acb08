"""已更新 in a real browser: two builds served one after the other at the same origin, as a
new release replaces the old one on the intranet server.

Between the builds one card's line, one rule's reason and one handbook section's text
change; the phrasebook's review date changes too, which is not a change of words.
"""
from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from urllib.parse import unquote

import pytest

from conftest import copy_project, run_mkdocs_build, run_search, wait_for_request
from test_a11y_axe import serious_violations

pytestmark = pytest.mark.browser

EDITS = {
    # The fourth card of 结束语: below the fold of a 700-pixel window.
    "content/phrasebooks/closing.yml": [("您的问题我已经详细记录了。", "您的问题我已经详细记下了。"),
                                         ("  reviewed: 2026-11-23", "  reviewed: 2026-11-24")],
    "content/rules/forbidden.yml": [("推诿会让客户觉得被踢皮球", "推诿会让客户觉得自己被踢皮球")],
    "content/handbook/03-listening.md": [("电话里看不到表情", "电话里看不见表情")],
}
CARD, RULE, SECTION = "closing-follow-up", "not-my-job", "倾听中的非语言信号"
VIEWPORT = {"width": 1280, "height": 700}


def _build(project):
    result = run_mkdocs_build(project / "out", project / "mkdocs.yml", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return project / "out"


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    first = copy_project(tmp_path_factory.mktemp("release1") / "project")
    second = copy_project(tmp_path_factory.mktemp("release2") / "project")
    for name, edits in EDITS.items():
        path = second / name
        text = path.read_text(encoding="utf-8")
        for old, new in edits:
            assert text.count(old) == 1, old
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return _build(first), _build(second)


class _Handler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def end_headers(self):
        # As deploy/nginx-kb.conf serves pages and data: revalidated every time.
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()


@pytest.fixture(scope="module")
def server():
    """One origin whose files are whichever release `serve(site)` last put there."""
    current = {}

    class Handler(_Handler):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, directory=str(current["site"]), **kwargs)

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield functools.partial(current.__setitem__, "site"), f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture
def agent(chromium, server):
    serve, url = server
    context = chromium.new_context(base_url=url, locale="zh-CN", timezone_id="Asia/Shanghai", viewport=VIEWPORT)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    yield serve, page
    context.close()
    assert not errors, f"JavaScript errors on page: {errors}"


def _seen(page) -> dict:
    return json.loads(page.evaluate("localStorage.getItem('kb.seen')") or "null")


def _settled(page, path):
    """Open a page and wait until updates.js has compared its items (it writes the store each time)."""
    page.goto(path)
    page.wait_for_function("() => window.localStorage.getItem('kb.seen') !== null")
    page.wait_for_load_state("networkidle")


def _marked(page) -> list[str]:
    """The headings that carry a mark, by their id (a card's heading id is the card's)."""
    return page.eval_on_selector_all("[data-kb-updated]", "els => els.map(e => e.closest('h2, h3').id)")


def test_a_changed_card_rule_and_section_are_marked_until_viewed(agent, builds):
    serve, page = agent
    first, second = builds
    serve(first)
    _settled(page, "phrasebooks/closing/")
    assert _marked(page) == []
    items = _seen(page)["items"]
    # The first visit ever records the whole site, pages not yet opened included.
    assert f"card:{CARD}" in items and f"rule:{RULE}" in items and f"section:handbook/03-listening/#{SECTION}" in items

    serve(second)
    _settled(page, "phrasebooks/closing/")
    page.wait_for_selector("[data-kb-updated]")
    assert _marked(page) == [CARD]
    mark = page.locator(f"#{CARD} [data-kb-updated]")
    assert re.fullmatch(r"已更新 · \d{1,2}月\d{1,2}日", mark.inner_text())
    # It is text in the card's heading, so the card's accessible name says it too.
    assert page.get_by_role("article", name=re.compile("已更新 · ")).count() == 1
    assert page.locator(f"#{CARD}").evaluate("el => el.getBoundingClientRect().top > innerHeight")
    assert serious_violations(page) == []

    # Not yet on screen: still marked on the next visit.
    _settled(page, "phrasebooks/closing/")
    page.wait_for_selector("[data-kb-updated]")
    assert _marked(page) == [CARD]

    # Opening the card (its link, as from search) puts it on screen; after a second it counts as viewed.
    page.goto(f"phrasebooks/closing/#{CARD}")
    page.wait_for_selector(f"#{CARD}[data-kb-viewed]", state="attached", timeout=5000)
    page.reload()
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    assert _marked(page) == []

    # The rule and the section were never on screen since they changed: marked on their pages, alone.
    _settled(page, "rules/")
    page.wait_for_selector("[data-kb-updated]")
    assert _marked(page) == [RULE]
    _settled(page, "handbook/03-listening/")
    page.wait_for_selector("[data-kb-updated]")
    assert _marked(page) == [SECTION]
    assert page.get_by_role("heading", name=re.compile(f"^{SECTION} 已更新 · ")).count() == 1


def _new_release(agent, builds):
    """The agent has used the first release (its store is filled); the second one is now served."""
    serve, page = agent
    first, second = builds
    serve(first)
    _settled(page, "about/")
    serve(second)
    return page


def test_search_results_say_which_items_changed_since_the_agent_last_viewed_them(agent, builds):
    page = _new_release(agent, builds)
    _settled(page, "about/")
    # The changed card among the 结束语 cards, and the changed section: marked in the results, by text
    # the agent sees and in the option's name a screen reader reads; an unchanged card is not.
    run_search(page, "结束语")
    changed = page.locator(f'a.md-search-result__link[href$="#{CARD}"]')
    assert re.search(r"已更新 · \d{1,2}月\d{1,2}日", changed.inner_text())
    assert re.search(r"，已更新 · \d{1,2}月\d{1,2}日$", changed.get_attribute("aria-label"))
    unchanged = page.locator('a.md-search-result__link[data-kind="card"]').filter(has_not=page.locator("[data-kb-updated]"))
    assert unchanged.count() >= 2 and "已更新" not in (unchanged.first.get_attribute("aria-label") or "")
    assert serious_violations(page) == []
    run_search(page, SECTION)
    section = page.locator('a.md-search-result__link[data-kind="section"]').first
    assert unquote(section.get_attribute("href")).endswith(f"#{SECTION}") and "已更新" in section.inner_text()

    # The 速查卡 says it after the card's name, and of that card alone.
    _settled(page, "cheatsheet/")
    page.wait_for_selector("[data-kb-updated]")
    marked = page.eval_on_selector_all("[data-cheat-card]:has([data-kb-updated])",
                                       "els => els.map(e => e.getAttribute('data-cheat-card'))")
    assert marked == [CARD]
    assert re.search(r"需要后续跟进时的结束语已更新 · \d{1,2}月\d{1,2}日",
                     page.locator(f'[data-cheat-card="{CARD}"]').inner_text())

    # Once viewed, the card's result is plain again.
    page.goto(f"phrasebooks/closing/#{CARD}")
    page.wait_for_selector(f"#{CARD}[data-kb-viewed]", state="attached", timeout=5000)
    _settled(page, "about/")
    run_search(page, "结束语")
    assert "已更新" not in page.locator(f'a.md-search-result__link[href$="#{CARD}"]').inner_text()
    _settled(page, "cheatsheet/")
    assert page.locator("[data-cheat-card] [data-kb-updated]").count() == 0


def test_results_typed_for_as_the_page_opens_get_their_mark_when_the_versions_come(agent, builds):
    page = _new_release(agent, builds)
    held = []
    page.route("**/assets/kb/versions.json", lambda route: held.append(route))
    # Typed at once, with no wait for anything: the results answer before the versions are compared.
    page.goto("about/")
    run_search(page, "结束语")
    changed = page.locator(f'a.md-search-result__link[href$="#{CARD}"]')
    assert "已更新" not in changed.inner_text()
    page.keyboard.press("ArrowDown")
    selected = page.locator('a.md-search-result__link[aria-selected="true"]')
    chosen = selected.get_attribute("href")
    wait_for_request(page, held)
    held[0].continue_()
    # No further key: the mark comes in place, and the option the agent is on stays selected.
    changed.locator("[data-kb-updated]").wait_for()
    assert re.search(r"，已更新 · \d{1,2}月\d{1,2}日$", changed.get_attribute("aria-label"))
    assert selected.count() == 1 and selected.get_attribute("href") == chosen
    assert page.locator("a.md-search-result__link [data-kb-updated]").count() == 1
    assert serious_violations(page) == []


@pytest.mark.parametrize("stored", [
    "not json", '"a string"', "[1, 2]", "null", "42", '{"items": 5}', '{"items": []}',
    '{"items": {"card:closing-follow-up": 5, "card:closing-check": {"x": 1}}}',
    '{"items": {"__proto__": "x", "constructor": "y", "hasOwnProperty": "z"}}',
    '{"items": {"card:closing-follow-up": "' + "x" * 100000 + '"}}',
    "x" * 4500000,
])
def test_an_unreadable_store_is_a_first_visit_and_breaks_nothing(agent, builds, stored):
    serve, page = agent
    serve(builds[1])
    page.goto("about/")
    page.evaluate("value => localStorage.setItem('kb.seen', value)", stored)
    page.goto("phrasebooks/closing/")
    page.wait_for_function("key => { try { return JSON.parse(localStorage.getItem('kb.seen')).items[key].length === 12 }"
                           " catch (e) { return false } }", arg=f"card:{CARD}")
    page.wait_for_load_state("networkidle")
    assert _marked(page) == []
    items = _seen(page)["items"]
    assert all(isinstance(value, str) and len(value) == 12 for value in items.values())
    assert f"card:{CARD}" in items
