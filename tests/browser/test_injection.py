"""HTML, scripts and Markdown links in any text field render as text; nothing injected runs."""
from __future__ import annotations

import datetime

import pytest
import yaml

from conftest import copy_project, run_mkdocs_build, run_search, serve_directory

pytestmark = pytest.mark.browser

SCRIPT = "<script>window.__pwned='script'</script>"
IMG = '<img src=x onerror="window.__pwned=\'img\'">'
LINK = "[点我](javascript:window.__pwned='link')"
# Aliases and tags are at most 16 characters with no space, "/" or other separator (kb.names), so no tag with an
# attribute gets in at all: bare tags that would become markup, and a script that would set window.P.
SHORT_SCRIPT, SHORT_TAG = "<script>P=1", "<b>粗体<b>"
# Inside <title> only a closing </title> lets markup out.
TITLE_BREAK = "</title><script>window.__pwned='title'</script>"

BOOK = {
    "title": f"注入测试 {TITLE_BREAK}", "order": 99, "intro": f"{IMG} {LINK}",
    "cards": [{
        "id": "hostile-card", "title": f"恶意标题 {SCRIPT} {LINK}", "situation": IMG, "stage": "开场",
        "tags": [SHORT_SCRIPT, SHORT_TAG], "aliases": [SHORT_SCRIPT, SHORT_TAG],
        "lines": [f'您好 {IMG} [公司名称] <a href="javascript:window.__pwned=2">链接</a>'],
        "variants": [{"label": SCRIPT, "lines": [IMG]}],
        "why": SCRIPT, "avoid": LINK, "source": IMG, "owner": SCRIPT, "reviewed": datetime.date(2026, 11, 20),
    }],
}

BANK = {
    "title": f"注入题库 {TITLE_BREAK}", "order": 99, "intro": LINK,
    "questions": [{
        "id": "hostile-question", "type": "scenario", "customer": SCRIPT, "prompt": IMG,
        "options": [{"key": "a", "text": SCRIPT, "feedback": IMG}, {"key": "b", "text": LINK, "feedback": SCRIPT}],
        "answer": "a", "explanation": IMG, "link": "card:hostile-card",
    }],
}


def _write(path, data):
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("hostile") / "project")
    _write(project / "content/phrasebooks/hostile.yml", BOOK)
    _write(project / "content/quizzes/hostile.yml", BANK)
    site = project / "site-out"
    result = run_mkdocs_build(site, project / "mkdocs.yml", cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve_directory(site)
    yield url
    server.shutdown()


def test_nothing_injected_runs_and_the_text_shows(chromium, hostile_site):
    context = chromium.new_context(base_url=hostile_site)
    page = context.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    for path in ["/phrasebooks/hostile/", "/phrasebooks/", "/phrasebooks/tags/", "/quizzes/hostile/", "/quizzes/",
                 "/trainers/stale/", "/"]:
        page.goto(path, wait_until="networkidle")
        assert page.evaluate("[window.__pwned, window.P]") == [None, None], path
        assert page.locator("article script:not([data-quiz-key]), article img[src=x], article svg[onload]").count() == 0, path
        assert page.locator('article a[href^="javascript:"]').count() == 0, path

    page.goto("/phrasebooks/hostile/")
    assert page.title() == f"注入测试 {TITLE_BREAK} - 客服沟通手册"
    assert page.locator("nav.md-nav").get_by_text(f"注入测试 {TITLE_BREAK}").count() > 0
    page.goto("/quizzes/hostile/")
    assert page.title() == f"注入题库 {TITLE_BREAK} - 客服沟通手册"
    # The footer link a screen reader announces: the title once, as text (not &lt;…&gt; read aloud).
    page.goto("/phrasebooks/hostile/")
    page.locator("a.md-footer__link--prev").click()
    page.wait_for_load_state()
    assert page.locator("a.md-footer__link--next").get_attribute("aria-label") == f"下一页：注入测试 {TITLE_BREAK}"
    page.goto("/phrasebooks/hostile/")
    card = page.locator('[data-card="hostile-card"]')
    assert SCRIPT in card.locator("h2").inner_text()
    assert LINK in card.locator("h2").inner_text()
    assert IMG in card.locator(".kb-card__situation").inner_text()
    assert SHORT_SCRIPT in card.inner_text() and SHORT_TAG in card.inner_text()
    assert card.locator("b").count() == 0
    card.locator("[data-copy]").first.click()  # copying hostile text is harmless too

    page.goto("/quizzes/hostile/")
    page.locator('[data-question="hostile-question"] input[value="a"]').check()
    feedback = page.locator('[data-question="hostile-question"] [data-feedback]')
    assert IMG in feedback.inner_text()

    page.goto("/")
    run_search(page, "恶意标题")
    assert SCRIPT in page.locator(".md-search-result__link h1").first.inner_text()

    assert page.evaluate("[window.__pwned, window.P]") == [None, None]
    assert dialogs == []
    context.close()
