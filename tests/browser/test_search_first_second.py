"""An agent types the moment a page opens: the box waits for the index, then answers, with no further key.

Every other search test waits for the index before typing. An agent on a call does not:
they open a page, press / and type within the first second. These tests type at 0, 100,
300 and 1,000 ms after the load event and watch what the result meta line said all along.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import wait_for_request

pytestmark = pytest.mark.browser

PAGES = ["/", "/phrasebooks/complaints/", "/handbook/03-listening/"]
DELAYS_MS = [0, 100, 300, 1000]
NONE = "没有找到符合条件的结果"

# Every text the meta line shows, recorded from before the page's own scripts run.
RECORD_META = """
window.__kbMeta = [];
new MutationObserver(function () {
  var meta = document.querySelector('.md-search-result__meta');
  var text = meta ? meta.textContent : null;
  if (text !== null && window.__kbMeta[window.__kbMeta.length - 1] !== text) window.__kbMeta.push(text);
}).observe(document, { subtree: true, childList: true, characterData: true });
"""

UNAVAILABLE = "() => document.querySelector('.md-search-result__meta').textContent.includes('搜索暂时无法加载')"

# How each page asked for the index: past the HTTP cache ("reload") or not. Playwright's routes bypass that
# cache, where deploy/nginx-kb.conf keeps the index for a year, so the tests read the request's own option.
RECORD_INDEX_FETCHES = """
sessionStorage.setItem('kb-fetches', sessionStorage.getItem('kb-fetches') || '[]');
const fetchAsBuilt = window.fetch;
window.fetch = function (url, init) {
  if (/search\\.[0-9a-f]+\\.bin$/.test(String(url))) {
    const seen = JSON.parse(sessionStorage.getItem('kb-fetches'));
    seen.push((init && init.cache) || 'default');
    sessionStorage.setItem('kb-fetches', JSON.stringify(seen));
  }
  return fetchAsBuilt.apply(this, arguments);
};
"""

ANSWERED = """() => {
  const r = document.querySelector('.md-search-result');
  const box = document.querySelector('input.md-search__input');
  return r && box.value && r.getAttribute('data-kb-query') === box.value
    && document.querySelectorAll('a.md-search-result__link').length > 0;
}"""


def _open_and_type(page, path: str, query: str) -> None:
    """Open a page and type at once, as an agent on a call does: no wait for any flag of ours."""
    page.goto(path, wait_until="load")
    page.keyboard.press("/")
    page.keyboard.type(query)


@pytest.mark.parametrize("path", PAGES)
def test_typing_straight_after_opening_a_page_gets_results(chromium, base_url, path):
    context = chromium.new_context(base_url=base_url, locale="zh-CN")
    context.add_init_script(RECORD_META)
    beacons: list[dict] = []
    context.route("**/_search-log*", lambda route: (
        beacons.append(parse_qs(urlsplit(route.request.url).query)), route.fulfill(status=204)))
    failures = []
    try:
        for delay in DELAYS_MS:
            page = context.new_page()
            page.goto(path, wait_until="load")
            page.wait_for_timeout(delay)
            page.keyboard.press("/")
            # Chinese arrives as inserted text (an IME's commit): no key after it.
            page.keyboard.type("投诉")
            try:
                page.wait_for_function(ANSWERED, timeout=15000)
            except Exception:
                failures.append(f"{path} +{delay} ms: never answered; meta said {page.evaluate('window.__kbMeta')}")
                page.close()
                continue
            # Long enough for anything else on the page (Material's own worker) to redraw the list.
            page.wait_for_timeout(2500)
            said = page.evaluate("window.__kbMeta")
            count = page.locator("a.md-search-result__link").count()
            if NONE in said or count == 0:
                failures.append(f"{path} +{delay} ms: {count} results; meta said {said}")
            page.close()
    finally:
        context.close()
    assert failures == []
    # The settled beacons report what the agent saw: results, never a false zero.
    assert beacons and all(b.get("n") != ["0"] for b in beacons), beacons


def test_box_says_it_is_getting_ready_until_the_index_arrives(chromium, base_url):
    context = chromium.new_context(base_url=base_url, locale="zh-CN")
    context.add_init_script(RECORD_META)
    held = []
    # Hold the index back, as a slow intranet link would.
    context.route("**/assets/kb/search.*.bin", lambda route: held.append(route))
    page = context.new_page()
    try:
        _open_and_type(page, "/", "投诉")
        meta = page.locator(".md-search-result__meta")
        page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                               ".textContent.includes('正在准备搜索')", timeout=5000)
        page.wait_for_function("() => window.__kbMeta.length > 0")
        assert held, "the index was never requested"
        held[0].continue_()
        page.wait_for_function(ANSWERED, timeout=15000)
        assert "符合条件的结果" in meta.text_content()
        assert NONE not in page.evaluate("window.__kbMeta")
    finally:
        context.close()


def _failed_downloads(site) -> dict[str, dict]:
    """A server that is down, the shipped index cut short (it fails to open), and one that opens
    but whose entries cannot be read (it fails on the first query), as route.fulfill arguments."""
    from kb import search_index
    (path,) = site.glob("assets/kb/search.*.bin")
    good = path.read_bytes()
    slots = search_index.unpack(good)["doc_slots"]
    served = {"cut short": good[:len(good) // 2], "broken inside": search_index.with_header(good, doc_slots=slots + 1)}
    failed = {damage: {"status": 200, "body": body, "headers": {"Content-Type": "application/octet-stream"}}
              for damage, body in served.items()}
    return dict(failed, unavailable={"status": 503, "body": ""})


def _failing_index_context(chromium, base_url, failure):
    """A browser context whose index requests fail as `failure` until server["good"]; every request's url
    is in requests, and each page records how it asked (RECORD_INDEX_FETCHES)."""
    context = chromium.new_context(base_url=base_url, locale="zh-CN")
    requests, server = [], {"good": False}

    def serve(route):
        requests.append(route.request.url)
        if server["good"]:
            route.continue_()
        else:
            route.fulfill(**failure)

    context.route("**/assets/kb/search.*.bin", serve)
    context.add_init_script(RECORD_INDEX_FETCHES)
    return context, requests, server


@pytest.mark.parametrize("damage", ["unavailable", "cut short", "broken inside"])
def test_an_index_that_fails_says_so_and_the_next_key_downloads_it_again(chromium, base_url, site, damage):
    """A deploy in progress, a proxy that cuts the download, a store whose copy changed: the box says
    so, never stays at 正在准备, and the next key reads a fresh copy, not the same broken bytes."""
    context, attempts, server = _failing_index_context(chromium, base_url, _failed_downloads(site)[damage])
    page = context.new_page()
    try:
        _open_and_type(page, "/", "投诉")
        page.wait_for_function(UNAVAILABLE, timeout=10000)
        # A screen reader hears it too, once the typing settles, as it would have heard the count.
        page.wait_for_function("() => /搜索暂时无法加载/.test(document.querySelector('.kb-announce')?.textContent ?? '')")
        failed = len(attempts)
        server["good"] = True
        # Any key retries, one that does not change the box too (the message asks for one).
        page.keyboard.press("ArrowLeft")
        page.wait_for_function(ANSWERED, timeout=15000)
        assert len(attempts) > failed
        fetches = page.evaluate("JSON.parse(sessionStorage.getItem('kb-fetches'))")
        # Bytes that were refused are asked for again past the HTTP cache; a server that was down is not.
        assert fetches[0] == "default" and set(fetches[1:]) == {"default" if damage == "unavailable" else "reload"}, fetches
    finally:
        context.close()


def test_broken_bytes_are_not_kept_for_the_next_page(chromium, base_url, site):
    """The download that failed to open is not what the next page reads from the browser's store."""
    context, requests, server = _failing_index_context(chromium, base_url, _failed_downloads(site)["broken inside"])
    page = context.new_page()
    try:
        page.goto("/", wait_until="load")
        # The store has the bytes before anyone searches (search-boot.js keeps each download).
        page.wait_for_function("() => localStorage.getItem('kb-search') !== null")
        page.keyboard.press("/")
        page.keyboard.type("投诉")
        page.wait_for_function(UNAVAILABLE, timeout=10000)
        server["good"] = True
        _open_and_type(page, "/handbook/03-listening/", "投诉")
        page.wait_for_function(ANSWERED, timeout=15000)
        # The next page asked past the HTTP cache too; once a download is kept, pages after it use the store.
        fetches = page.evaluate("JSON.parse(sessionStorage.getItem('kb-fetches'))")
        assert fetches[0] == "default" and fetches[-1] == "reload", fetches
        page.wait_for_function("() => localStorage.getItem('kb-search-refused') === null")
        asked = len(requests)
        _open_and_type(page, "/", "退款")
        page.wait_for_function(ANSWERED, timeout=15000)
        assert len(requests) == asked, requests
    finally:
        context.close()


def test_an_error_of_the_page_keeps_the_index_and_the_key_pressed_after_it(chromium, base_url):
    """Only the engine failing to read the index drops it: a page script that throws while the results are
    drawn leaves the index kept, and Enter pressed after that waits for this query's results."""
    context = chromium.new_context(base_url=base_url, locale="zh-CN")
    requests = []
    context.on("request", lambda request: requests.append(request.url) if "/assets/kb/search." in request.url
               and request.url.endswith(".bin") else None)
    page = context.new_page()
    try:
        page.goto("/", wait_until="load")
        page.wait_for_function("() => localStorage.getItem('kb-search') !== null")
        page.keyboard.press("/")
        page.keyboard.type("投诉")
        page.wait_for_function(ANSWERED, timeout=15000)
        page.evaluate("() => { window.__badge = window.kbUpdatedBadge; window.kbUpdatedBadge = () => { throw new Error('page'); }; }")
        page.keyboard.type("处理")
        page.wait_for_function(UNAVAILABLE, timeout=10000)
        assert page.evaluate("localStorage.getItem('kb-search')") is not None
        page.evaluate("() => { window.kbUpdatedBadge = window.__badge; }")
        # Back to the query whose results were shown before, and Enter at once: it opens this query's
        # first result once it is drawn, not a list that is no longer there.
        page.keyboard.press("Backspace")
        page.keyboard.press("Backspace")
        page.keyboard.press("Enter")
        page.wait_for_url(lambda url: "#" in url or url.rstrip("/") != base_url.rstrip("/"), timeout=15000)
        assert len(requests) == 1, requests
    finally:
        context.close()


def _silent_call_script() -> str:
    from conftest import ROOT
    from kb import cards as kb_cards
    card = next(card for book in kb_cards.load_phrasebooks(ROOT / "content" / "phrasebooks", ROOT)
                for card in book["cards"] if card["id"] == "silent-call")
    return "\n".join(kb_cards.main_script(card))


def test_ctrl_enter_pressed_before_the_index_arrives_copies_once_it_does(chromium, base_url):
    """An agent types and presses Ctrl+Enter at once: the key is not lost, and the copy is of this query's card."""
    context = chromium.new_context(base_url=base_url, locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=base_url)
    held = []
    context.route("**/assets/kb/search.*.bin", lambda route: held.append(route))
    page = context.new_page()
    try:
        page.goto("/", wait_until="load")
        page.evaluate("navigator.clipboard.writeText('')")
        page.keyboard.press("/")
        page.keyboard.type("客户没声音")
        page.keyboard.press("Control+Enter")
        page.wait_for_function("() => document.querySelector('.md-search-result__meta')"
                               ".textContent.includes('正在准备搜索')")
        assert page.evaluate("navigator.clipboard.readText()") == ""
        wait_for_request(page, held)
        held[0].continue_()
        page.wait_for_function("() => /已复制|复制失败/.test(document.querySelector('.kb-search-status')"
                               " ? document.querySelector('.kb-search-status').textContent : '')", timeout=15000)
        assert "已复制“无声电话”" in page.locator(".kb-search-status").inner_text()
        assert page.evaluate("navigator.clipboard.readText()") == _silent_call_script()
    finally:
        context.close()


@pytest.mark.parametrize("path", ["/", "/handbook/03-listening/"])
def test_enter_pressed_straight_after_typing_opens_this_querys_first_result(chromium, base_url, path):
    """No wait anywhere: open the page, type, press Enter, as an agent does."""
    context = chromium.new_context(base_url=base_url, locale="zh-CN")
    page = context.new_page()
    try:
        _open_and_type(page, path, "客户没声音")
        page.keyboard.press("Enter")
        page.wait_for_url("**/phrasebooks/special-calls/#silent-call", timeout=15000)
    finally:
        context.close()


@pytest.mark.parametrize("path", PAGES)
def test_typing_into_the_box_before_the_page_has_loaded_gets_results(chromium, base_url, path):
    """The box is on screen once the theme's bundle has run, while the site's later scripts are still on
    their way (a slow link): an agent clicks it then. (Before the bundle, Material keeps the box hidden.)"""
    context = chromium.new_context(base_url=base_url, locale="zh-CN")
    context.add_init_script(RECORD_META)
    held = []
    # The first script after the bundle; the parser waits there, so the page stays loading.
    context.route("**/assets/kb/updates.js", lambda route: held.append(route))
    try:
        page = context.new_page()
        # No wait for load or for any flag of ours: only for the box to be visible.
        page.goto(path, wait_until="commit")
        page.locator("input.md-search__input").click()
        page.keyboard.type("投诉")
        wait_for_request(page, held)
        assert page.evaluate("document.readyState") == "loading"
        held[0].continue_()
        page.wait_for_function(ANSWERED, timeout=15000)
        page.wait_for_timeout(2500)
        assert NONE not in page.evaluate("window.__kbMeta")
        assert page.locator("a.md-search-result__link").count() > 0
    finally:
        context.close()
