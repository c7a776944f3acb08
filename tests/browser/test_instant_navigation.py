"""Instant navigation (mkdocs.yml, navigation.instant): a click on a link of the site swaps the page in.

The scripts, the header's search box and its open index stay; each page shown is set up again
(window.kbPage, content/assets/kb/common.js) and listeners on document and window are bound once.
Every test arrives by clicking as an agent does (the navigation, a search result, the footer's next
link, the back button) and then uses the page: set-up that did not run on the swapped page fails
them, and so does a listener bound once per page (a key then acts twice).
"""
from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import run_search, single_choice
from test_a11y_axe import serious_violations

pytestmark = pytest.mark.browser

# Counts the pages swapped in, and marks the document: a page load would lose the mark.
WATCH = """() => {
  window.__kbSameDocument = true;
  window.__kbPages = 0;
  document.addEventListener('kb:page', () => { window.__kbPages += 1; });
  window.__kbWrites = [];
  const write = navigator.clipboard.writeText.bind(navigator.clipboard);
  navigator.clipboard.writeText = (text) => { window.__kbWrites.push(text); return write(text); };
}"""
FOCUSED = "() => { const el = document.activeElement; return [el.tagName, el.id, el.textContent.replace('¶', '').trim()] }"


def _open(page, path: str) -> None:
    page.goto(path)
    page.wait_for_function("() => window.kbSearch && window.kbSearch.readyAt !== null", timeout=15000)
    page.evaluate(WATCH)


def _click(page, link, count: int) -> str:
    """Click a link of the site and wait until its page has been swapped in (the count-th); its path."""
    path = urlsplit(link.evaluate("a => a.href")).path
    link.click()
    _swapped(page, count, path)
    return path


def _swapped(page, count: int, path: str) -> None:
    """Until the count-th page has been swapped in, at `path`, in the same document."""
    page.wait_for_function("n => window.__kbPages === n", arg=count, timeout=10000)
    assert page.evaluate("window.__kbSameDocument") is True, "the page was loaded, not swapped in"
    assert urlsplit(page.url).path == path


def _beacons(page, path: str) -> list:
    sent = []
    page.on("request", lambda request: sent.append(request) if path in request.url else None)
    return sent


def _fields(sent) -> list[dict]:
    return [{name: values[0] for name, values in parse_qs(urlsplit(r.url).query, keep_blank_values=True).items()}
            for r in sent]


def _nav(page, name: str, href: str = ""):
    links = page.locator(f'.md-sidebar--primary a.md-nav__link[href$="{href}"]' if href else ".md-sidebar--primary a.md-nav__link")
    return links.filter(has_text=name).first


def test_a_page_clicked_to_answers_a_search_at_once_without_reading_the_index_again(page):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    _open(page, "/")
    assert page.evaluate("performance.getEntriesByName('kb:index-read').length") == 1
    requests.clear()
    _nav(page, "第3章 倾听技巧", "handbook/03-listening/").click()
    _swapped(page, 1, "/handbook/03-listening/")
    # Nothing of the search is fetched or read again: no index, no script, no second read of the store.
    assert not [url for url in requests if re.search(r"/assets/kb/(search\.|search-boot|common)", url)], requests
    assert page.evaluate("performance.getEntriesByName('kb:index-read').length") == 1
    assert page.title().startswith("第3章 倾听技巧")
    # The focus is on the new page's heading, which a screen reader reads out as it would a page load.
    assert page.evaluate(FOCUSED) == ["H1", page.locator("article h1").get_attribute("id"), "第3章 倾听技巧"]
    # The box answers at once: no 正在准备 in between.
    page.keyboard.press("/")
    page.keyboard.type("投诉")
    page.locator("input.md-search__input").press("End")
    page.wait_for_function("() => document.querySelector('.md-search-result').getAttribute('data-kb-query') === '投诉'")
    assert page.locator("a.md-search-result__link").count() > 0


def test_ctrl_enter_copies_once_and_reports_once_after_pages_swapped_in(page):
    searches, usage = _beacons(page, "/_search-log?"), _beacons(page, "/_usage-log?")
    _open(page, "/")
    run_search(page, "退款")
    page.keyboard.press("Enter")  # opens the first result
    _swapped(page, 1, "/phrasebooks/orders/")
    # The focus is on the card the result named; the box is closed and empty, as after a page load.
    heading = page.evaluate(FOCUSED)
    assert heading[0] == "H2" and page.url.endswith("#" + heading[1]), heading
    assert page.locator("input.md-search__input").input_value() == ""
    _click(page, page.locator(".md-footer__link--next"), 2)
    _click(page, _nav(page, "首页", "/"), 3)
    searches.clear()
    run_search(page, "客户没声音")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-search-status').textContent)")
    page.wait_for_timeout(300)
    assert len(page.evaluate("window.__kbWrites")) == 1
    assert [f["action"] for f in _fields(searches)] == ["copy"]
    assert [(f["k"], f["src"]) for f in _fields(usage)] == [("copy", "search")]


def test_a_card_fills_in_and_copies_once_on_a_page_reached_by_a_search_result(page):
    usage = _beacons(page, "/_usage-log?")
    _open(page, "phrasebooks/")
    page.locator('[data-ph-input="坐席姓名"]').fill("小汤")
    page.locator('[data-ph-input="工号"]').fill("A7")
    page.locator('[data-ph-input="公司名称"]').fill("甲公司")
    page.locator('[data-ph-input="客户称呼"]').fill("王先生")
    links = run_search(page, "报工号的开头语")
    links.first.click()
    _swapped(page, 1, "/phrasebooks/opening/")
    # The bar above the header is swapped with the page: it shows the agent's details again.
    assert page.locator("[data-my-info-state]").inner_text() == "甲公司 · 工号 A7 · 小汤"
    card = page.locator('[data-card="opening-with-id"]')
    assert card.locator('[data-ph="工号"]').first.inner_text() == "A7"
    card.get_by_role("button", name="复制全部").click()
    card.get_by_role("button", name=re.compile("已复制全部")).wait_for()
    page.wait_for_timeout(300)
    writes = page.evaluate("window.__kbWrites")
    assert len(writes) == 1 and "A7" in writes[0]
    assert [(f["k"], f["card"], f["src"]) for f in _fields(usage)] == [("copy", "opening-with-id", "all")]


def test_the_customer_name_follows_and_alt_n_clears_it_once_after_pages_swapped_in(page):
    _open(page, "phrasebooks/")
    page.locator('[data-ph-input="客户称呼"]').fill("王先生")
    page.locator("article a", has_text="来电结束语").click()
    _swapped(page, 1, "/phrasebooks/closing/")
    names = page.locator('[data-card="closing-thanks"] [data-ph="客户称呼"]')
    assert names.first.inner_text() == "王先生"
    _click(page, page.locator(".md-footer__link--next"), 2)
    page.go_back()
    _swapped(page, 3, "/phrasebooks/closing/")
    page.evaluate("""() => {
      window.__kbChanges = 0;
      document.addEventListener('kb:placeholders-changed', () => { window.__kbChanges += 1; });
    }""")
    page.keyboard.press("Alt+n")
    page.wait_for_timeout(300)
    assert page.evaluate("window.__kbChanges") == 1
    assert names.first.inner_text() == "[客户称呼]"
    assert page.get_by_role("status").filter(has_text="新来电：客户称呼已清空").count() == 1


def test_a_quiz_reached_by_a_click_works_and_the_back_button_brings_it_back_as_left(page):
    quizzes = _beacons(page, "/_usage-log?")
    _open(page, "quizzes/")
    page.locator("article a", has_text="第1章 客户沟通基础").click()
    _swapped(page, 1, "/quizzes/ch01-basics/")
    page.wait_for_selector("[data-quiz][data-ready]")
    q, qid, right, _ = single_choice(page)
    q.locator(f'[data-option="{right}"] input').check()
    assert q.locator("[data-feedback]").inner_text().startswith("回答正确")
    page.wait_for_timeout(300)
    assert [(f["item"], f["ok"]) for f in _fields(quizzes)] == [(qid, "1")]
    _click(page, page.locator(".md-footer__link--next"), 2)
    page.go_back()
    _swapped(page, 3, "/quizzes/ch01-basics/")
    q = page.locator(f'[data-question="{qid}"]')
    assert q.locator(f'[data-option="{right}"] input').is_checked()
    assert q.locator("[data-feedback]").inner_text().startswith("回答正确")
    # Another tab's 重新作答 is taken up by the quiz shown, once (the one left earlier listens no more).
    page.evaluate("""() => {
      localStorage.setItem('kb.quiz.ch01-basics', JSON.stringify({mode: 'practice', progress: {}, judged: []}));
      window.dispatchEvent(new StorageEvent('storage', {key: 'kb.quiz.ch01-basics', storageArea: localStorage}));
    }""")
    assert not q.locator(f'[data-option="{right}"] input').is_checked()


def test_the_rule_filter_and_the_checker_work_on_pages_reached_by_clicks(page):
    _open(page, "/")
    _click(page, _nav(page, "服务禁语", "rules/"), 1)
    rows = page.locator("tr[data-rule]")
    total = rows.count()
    page.locator("[data-rule-filter] [data-category]").nth(1).click()
    assert 0 < page.locator("tr[data-rule]:visible").count() < total
    page.locator(".md-footer__link--next").click()
    _swapped(page, 2, "/rules/checker/")
    page.wait_for_selector("[data-checker][data-ready]")
    box = page.locator("[data-checker-input]")
    box.fill("这个我不知道。")
    assert page.locator('[data-issue="dont-know"]').count() == 1
    # A link to a part of the page shown (the heading's ¶) is the browser's: the page is not fetched
    # and swapped in again, which would lose the draft.
    page.locator("article h1 .headerlink").click()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__kbPages") == 2
    assert box.input_value() == "这个我不知道。"
    page.locator('[data-issue="dont-know"] [data-swap]').first.click()
    assert "不知道" not in box.input_value()
    assert page.locator("[data-checker-summary]").inner_text().startswith("已把“不知道”")


def test_a_link_to_a_part_of_the_page_and_back_keep_the_page_and_its_draft(page):
    # The page opened first: Material had not seen its address, and fetched and swapped it in again.
    _open(page, "rules/checker/")
    page.wait_for_selector("[data-checker][data-ready]")
    box = page.locator("[data-checker-input]")
    box.fill("这个我不知道。")
    page.locator("article h1 .headerlink").click()
    page.wait_for_timeout(500)
    page.go_back()
    page.wait_for_timeout(500)
    assert page.evaluate("window.__kbPages") == 0
    assert box.input_value() == "这个我不知道。"
    assert page.locator('[data-issue="dont-know"]').count() == 1


def test_the_drawer_opens_from_the_keyboard_once_on_a_page_swapped_in(chromium, base_url):
    context = chromium.new_context(base_url=base_url, locale="zh-CN", viewport={"width": 640, "height": 400},
                                   device_scale_factor=2)
    try:
        page = context.new_page()
        page.emulate_media(reduced_motion="reduce")
        _open(page, "rules/")
        page.locator(".md-footer__link--next").click()
        _swapped(page, 1, "/rules/checker/")
        page.go_back()
        _swapped(page, 2, "/rules/")
        # Material closes the drawer 125 ms after the address changes; a person takes longer than that.
        page.wait_for_timeout(300)
        menu = page.get_by_role("button", name="导航菜单")
        menu.focus()
        page.evaluate("""() => {
          window.__kbToggles = 0;
          document.getElementById('__drawer').addEventListener('change', () => { window.__kbToggles += 1; });
        }""")
        page.keyboard.press("Enter")
        # A key handled once per page shown would toggle it once per page: open, closed, open…
        assert page.evaluate("window.__kbToggles") == 1
        assert menu.get_attribute("aria-expanded") == "true"
        assert page.evaluate("document.getElementById('__drawer').checked") is True
        # Escape closes the open panel the focus went into, then the drawer, and the focus is back on the menu.
        page.keyboard.press("Escape")
        page.keyboard.press("Escape")
        assert menu.get_attribute("aria-expanded") == "false"
        assert menu.evaluate("el => el === document.activeElement")
        # The panels are those of the page shown: its section's arrow is a button with a name.
        assert page.get_by_role("button", name="打开“话术卡片”", include_hidden=True).count() == 1
    finally:
        context.close()


def test_axe_finds_nothing_serious_on_pages_swapped_in(page):
    _open(page, "/")
    _click(page, _nav(page, "练习题", "quizzes/"), 1)
    page.locator("article a", has_text="第1章 客户沟通基础").click()
    _swapped(page, 2, "/quizzes/ch01-basics/")
    page.wait_for_selector("[data-quiz][data-ready]")
    assert serious_violations(page) == []
    run_search(page, "退款")
    page.keyboard.press("Enter")
    _swapped(page, 3, "/phrasebooks/orders/")
    assert serious_violations(page) == []


# --- an agent mid-call: what a swap must not lose or do twice ----------------------------------

def test_back_to_the_checker_brings_its_draft_back_within_the_call(page):
    # A page load put the draft back on Back (the browser restores a form's fields); a page swapped in
    # is fresh from the server, and the draft was lost.
    _open(page, "rules/checker/")
    page.wait_for_selector("[data-checker][data-ready]")
    box = page.locator("[data-checker-input]")
    box.fill("王先生，这个我不知道。")
    _click(page, page.locator(".md-footer__link--prev"), 1)
    page.go_back()
    _swapped(page, 2, "/rules/checker/")
    assert box.input_value() == "王先生，这个我不知道。"
    assert page.locator('[data-issue="dont-know"]').count() == 1
    assert page.evaluate(FOCUSED)[0] == "H1"
    # A link to the checker opens it empty, as a page load did.
    _click(page, page.locator(".md-footer__link--prev"), 3)
    _click(page, page.locator(".md-footer__link--next"), 4)
    assert box.input_value() == ""
    # After 新来电 the draft is the last customer's: Back does not bring it back.
    box.fill("李女士，这个我不知道。")
    _click(page, page.locator(".md-footer__link--prev"), 5)
    page.keyboard.press("Alt+n")
    page.go_back()
    _swapped(page, 6, "/rules/checker/")
    assert box.input_value() == ""
    assert page.locator("[data-issue]").count() == 0


def test_keys_typed_into_the_search_while_the_next_page_is_on_its_way_stay_and_answer(page):
    # The agent clicks a link and, before the page is there, presses / and types: the swap must not
    # take the focus, empty the box or (Material closes the search after a swap) close the search.
    held = []
    page.route("**/handbook/03-listening/", lambda route: held.append(route))
    _open(page, "/")
    page.evaluate("""() => {
      window.__kbSaid = [];
      const region = document.querySelector('.kb-announce');
      new MutationObserver(() => window.__kbSaid.push(region.textContent)).observe(region, { childList: true });
    }""")
    _nav(page, "第3章 倾听技巧", "handbook/03-listening/").click()
    for _ in range(100):
        if held:
            break
        page.wait_for_timeout(50)
    page.keyboard.press("/")
    page.keyboard.type("退款")
    box = page.locator("input.md-search__input")
    box.press("End")
    held[0].continue_()
    _swapped(page, 1, "/handbook/03-listening/")
    page.wait_for_timeout(400)  # past Material's closing of the search, 125 ms after the swap
    assert box.evaluate("el => el === document.activeElement")
    assert box.input_value() == "退款"
    assert page.evaluate("document.getElementById('__search').checked") is True
    page.wait_for_function("() => document.querySelector('.md-search-result').getAttribute('data-kb-query') === '退款'")
    assert page.locator("a.md-search-result__link").count() > 0
    # The screen reader hears which page opened, since the focus stayed in the box.
    assert "已打开“第3章 倾听技巧”。" in page.evaluate("window.__kbSaid")


def test_my_info_reached_from_the_bar_of_a_page_swapped_in_saves_and_fills_the_bar(page):
    _open(page, "handbook/03-listening/")
    page.locator("[data-my-info]").get_by_role("link", name="我的信息").click()
    _swapped(page, 1, "/phrasebooks/")
    assert page.evaluate(FOCUSED)[1] == "我的信息"
    name = page.locator('[data-ph-input="坐席姓名"]')
    name.click()
    page.keyboard.type("小汤")
    page.locator('[data-ph-input="工号"]').click()
    page.keyboard.type("A7")
    page.locator('[data-ph-input="公司名称"]').click()
    page.keyboard.type("甲公司")
    assert page.locator("[data-my-info-state]").inner_text() == "甲公司 · 工号 A7 · 小汤"
    expect(page.locator("[data-ph-status]")).to_have_text("已保存：公司名称。")
    # A field clicked into is selected, so typing replaces what it held.
    name.click()
    page.keyboard.type("小李")
    assert page.locator("[data-my-info-state]").inner_text() == "甲公司 · 工号 A7 · 小李"


def test_the_greeting_on_the_home_page_shown_again_is_todays_and_follows_the_clock(page):
    reads = []
    page.on("request", lambda request: reads.append(request.url) if request.url.endswith("/greeting.json") else None)
    page.clock.install(time="2026-12-31T11:58:30+08:00")
    _open(page, "/")
    line, why = page.locator("[data-greeting-line]"), page.locator("[data-greeting-why]")
    expect(line).to_have_text(re.compile("^早上好！"))
    _click(page, _nav(page, "话术卡片", "phrasebooks/"), 1)
    _click(page, _nav(page, "首页", "/"), 2)
    # At once from what was read, not the build's everyday 您好 until the minute's timer.
    assert line.inner_text().startswith("早上好！") and why.inner_text() == "（12:00 前）"
    page.clock.fast_forward("02:00")
    expect(line).to_have_text(re.compile("^您好，"))
    assert why.inner_text() == "（12:00 后）"
    assert len(reads) == 1


def test_the_cheatsheet_reached_by_a_click_prints_once_filled_on_two_pages(page):
    _open(page, "phrasebooks/")
    page.locator('[data-ph-input="公司名称"]').fill("星河电信")
    _click(page, _nav(page, "速查卡（打印）", "cheatsheet/"), 1)
    assert "星河电信" in page.locator(".kb-cheat").inner_text()
    page.evaluate("() => { window.__kbPrints = 0; window.print = () => { window.__kbPrints += 1; }; }")
    page.get_by_role("button", name="打印速查卡").click()
    assert page.evaluate("window.__kbPrints") == 1
    page.emulate_media(media="print")
    printed = page.locator(".kb-cheat").inner_text()
    assert "星河电信" in printed and "[公司名称]" not in printed
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf)) <= 2


def test_a_vote_on_a_page_swapped_in_is_shown_and_sent_once(page):
    usage = _beacons(page, "/_usage-log?")
    _open(page, "phrasebooks/")
    page.locator("article a", has_text="来电结束语").click()
    _swapped(page, 1, "/phrasebooks/closing/")
    card = page.locator('[data-card="closing-thanks"]')
    useful = card.get_by_role("button", name="有用", exact=True)
    useful.click()
    assert useful.get_attribute("aria-pressed") == "true"
    page.wait_for_timeout(300)
    assert [(f["k"], f["card"], f["vote"], f["seq"]) for f in _fields(usage)] == [("vote", "closing-thanks", "up", "0")]


def test_a_rule_list_that_failed_is_read_again_by_the_checker_shown_next_and_then_once_only(page):
    # A deploy in progress: the checker says so. Shown again by a link once the file is back, it
    # checks; after that the list is read once for the visit, not once per checker shown.
    server = {"up": False, "answered": 0}

    def rules(route):
        if not server["up"]:
            route.fulfill(status=503, body="")
            return
        server["answered"] += 1
        route.continue_()
    page.route("**/assets/kb/rules.json", rules)
    _open(page, "rules/checker/")
    box, summary = page.locator("[data-checker-input]"), page.locator("[data-checker-summary]")
    box.click()
    page.keyboard.type("这个我不知道")
    expect(summary).to_have_text("禁语表暂时无法加载：再输入一个字会重试，或刷新页面。")
    server["up"] = True
    _click(page, page.locator(".md-footer__link--prev"), 1)
    _click(page, page.locator(".md-footer__link--next"), 2)
    box.click()
    page.keyboard.type("这个我不知道。")
    expect(summary).to_have_text("发现 1 处需要修改。")
    for count in (3, 5):
        _click(page, page.locator(".md-footer__link--prev"), count)
        _click(page, page.locator(".md-footer__link--next"), count + 1)
        page.wait_for_selector("[data-checker][data-ready]")
    box.click()
    page.keyboard.type("这个我不知道。")
    expect(summary).to_have_text("发现 1 处需要修改。")
    assert server["answered"] == 1


def test_the_skip_link_of_a_page_swapped_in_leads_into_that_page(page):
    # Material's skip link points at the page's first heading; after a swap it must point at the
    # new page's, or a keyboard user who comes back to the top is sent nowhere.
    _open(page, "/")
    skip = page.locator("a.md-skip")
    target_of = "a => decodeURIComponent(new URL(a.href).hash.slice(1))"
    home_target = skip.evaluate(target_of)
    _click(page, _nav(page, "服务禁语", "rules/"), 1)
    target = skip.evaluate(target_of)
    assert target != home_target
    assert page.locator(f'article [id="{target}"]').count() == 1
    skip.focus()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate("() => !!document.activeElement.closest('article')")
    assert page.evaluate("window.__kbSameDocument") is True


def test_a_copy_clicked_as_soon_as_the_card_of_a_page_swapped_in_is_shown_is_filled_in(page):
    # No wait for the page's set-up: the agent clicks the button the moment the card is on screen.
    _open(page, "phrasebooks/")
    page.locator('[data-ph-input="工号"]').fill("A7")
    links = run_search(page, "报工号的开头语")
    links.first.click()
    page.locator('[data-card="opening-with-id"]').get_by_role("button", name="复制全部").click()
    page.wait_for_function("() => window.__kbWrites.length > 0")
    writes = page.evaluate("window.__kbWrites")
    assert len(writes) == 1 and "A7" in writes[0] and "[工号]" not in writes[0]
    assert page.evaluate("window.__kbSameDocument") is True
