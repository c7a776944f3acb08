"""Search through the real header box: quality on agent queries, pinyin, keys, copying and the beacon."""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from playwright.sync_api import expect
from pypinyin import Style, lazy_pinyin

import search_quality
from conftest import run_search
from kb import search_index

pytestmark = pytest.mark.browser

BOX = "input.md-search__input"


def _index(site) -> list[dict]:
    data = search_index.site_index(site)
    return [dict(zip(data["fields"], row)) for row in data["docs"]]


def _by_kind(page, site, path) -> dict:
    page.goto("/")
    return search_quality.measure_kinds(page, search_quality.load_kinds(path), {e["url"] for e in _index(site)})


def test_agent_queries_find_the_right_script(page, site, capsys):
    page.goto("/")
    result = search_quality.measure(page, site)
    # Reported on the terminal even when the test passes (pytest captures file descriptor 1 otherwise).
    with capsys.disabled():
        print(f"\n搜索质量:{result['total']} 条查询,top-1 {result['top1']:.1%},top-3 {result['top3']:.1%}")
        for miss in result["misses"]:
            print(f"  top-1 未命中:{miss['query']} → {miss['target']}")
    assert result["total"] >= 80
    assert result["top3"] >= 0.98
    assert result["top1"] >= 0.85


def test_queries_by_kind_tuning_set(page, site, capsys):
    result = _by_kind(page, site, search_quality.KINDS)
    with capsys.disabled():
        print("\n搜索质量（按类别，调优集）:\n" + search_quality.kinds_table(result))
    assert len(result["kinds"]) >= 10
    total = sum(s["total"] for s in result["kinds"].values())
    assert sum(s["top3"] for s in result["kinds"].values()) / total >= 0.97
    assert sum(s["top1"] for s in result["kinds"].values()) / total >= 0.88
    # Regression floors per kind, below the target (95% / 85% in every kind on unseen queries),
    # which README reports against the held-out set.
    for kind, stats in result["kinds"].items():
        assert stats["top3"] / stats["total"] >= 0.85, kind
        assert stats["top1"] / stats["total"] >= 0.7, kind


def test_queries_by_kind_held_out(page, site, capsys):
    """Reported, never tuned against; the floor only catches a collapse."""
    result = _by_kind(page, site, search_quality.HELD_OUT)
    with capsys.disabled():
        print("\n搜索质量（按类别，留出集，不列未命中）:\n" + search_quality.kinds_table(result, show_misses=False))
    total = sum(s["total"] for s in result["kinds"].values())
    assert total >= 60
    assert sum(s["top3"] for s in result["kinds"].values()) / total >= 0.8


@pytest.mark.parametrize("queries, label", [
    # Frozen before issue #21's ranking work.
    (search_quality.HELD_OUT_2026_12, "2026-12-01 留出集"),
    # Written by someone who never saw the engine; 77.5% in the top 3 when it was frozen, in Node.
    (search_quality.HELD_OUT_2026_12_B, "2026-12-01 留出集 b"),
    # The same, by another helper; 69.2% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_C, "2026-12-01 留出集 c"),
    # The same (set d); 84.2% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_D, "2026-12-02 留出集 d"),
    # The same (set f), frozen before the fourth session of 2026-12-02; 82.5% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_F, "2026-12-02 留出集 f"),
    # The same (set g), frozen before the sixth session of 2026-12-02; 88.3% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_G, "2026-12-02 留出集 g"),
    # The same (set h), frozen before the session of 2026-12-03; 92.5% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_H, "2026-12-03 留出集 h"),
    # The same (set j), written after that session's changes; 92.5% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_J, "2026-12-03 留出集 j"),
    # The same (set l), frozen before the second session of 2026-12-03; 96.7% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_L, "2026-12-03 留出集 l"),
    # The same (set n), written after that session's changes; 96.7% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_N, "2026-12-03 留出集 n"),
    # The same (set o), frozen before the third session of 2026-12-03; 92.5% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_O, "2026-12-03 留出集 o"),
    # The same (set q), written after that session's changes; 95.8% in the top 3 at its first run, in Node.
    (search_quality.HELD_OUT_2026_12_Q, "2026-12-03 留出集 q"),
])
def test_queries_by_kind_held_out_2026_12(page, site, capsys, queries, label):
    """Sets reported without misses and never tuned against."""
    result = _by_kind(page, site, queries)
    with capsys.disabled():
        print(f"\n搜索质量（按类别，{label}，不列未命中）:\n" + search_quality.kinds_table(result, show_misses=False))
    assert len(result["kinds"]) == 10
    assert all(stats["total"] == 12 for stats in result["kinds"].values())
    total = sum(s["total"] for s in result["kinds"].values())
    # A floor that only catches a collapse; README reports the figures against the targets.
    assert sum(s["top3"] for s in result["kinds"].values()) / total >= 0.7


@pytest.mark.parametrize("queries, label, top3, top1", [
    # Issue #21's second round was tuned against it.
    (search_quality.DEV_2026_12, "2026-12-01 开发集", 0.85, 0.74),
    # The second development set, written by a newcomer (2026-12-02).
    (search_quality.DEV_2026_12_E, "2026-12-02 开发集 e", 0.83, 0.72),
    # The third (i, 2026-12-03): the weak kinds only, 30 handbook concepts, initials and long sentences,
    # 15 synonyms and customer words; 92.5% / 85.8% in Node after this session's tuning.
    (search_quality.DEV_2026_12_I, "2026-12-03 开发集 i", 0.89, 0.81),
    # The fourth (k, 2026-12-03, written at the end of that session): 40 each of 禁语 questions, colloquial
    # phrasings and synonyms; 89.2% / 80.8% in Node when it was added.
    (search_quality.DEV_2026_12_K, "2026-12-03 开发集 k", 0.87, 0.78),
    # The fifth (m, 2026-12-03, second session): 30 each of handbook, long, synonym, 禁语 and colloquial queries;
    # 78.7% / 89.3% when it was added, 82.0% / 92.7% in Node after that session's tuning.
    (search_quality.DEV_2026_12_M, "2026-12-03 开发集 m", 0.89, 0.78),
    # The sixth (p, 2026-12-03, third session): 40 colloquial, 40 handbook, 30 long, 20 synonym, 20 customer;
    # 74.7% / 86.7% when it was added, 81.3% / 92.0% in Node after that session's changes.
    (search_quality.DEV_2026_12_P, "2026-12-03 开发集 p", 0.89, 0.78),
])
def test_queries_by_kind_dev_2026_12(page, site, capsys, queries, label, top3, top1):
    """Development sets are tuned against: their misses are listed."""
    result = _by_kind(page, site, queries)
    with capsys.disabled():
        print(f"\n搜索质量（按类别，{label}）:\n" + search_quality.kinds_table(result))
    assert len(result["kinds"]) == {search_quality.DEV_2026_12_I: 5, search_quality.DEV_2026_12_K: 3,
                                    search_quality.DEV_2026_12_M: 5, search_quality.DEV_2026_12_P: 5}.get(queries, 10)
    total = sum(s["total"] for s in result["kinds"].values())
    assert total == (150 if queries in (search_quality.DEV_2026_12_M, search_quality.DEV_2026_12_P) else 120)
    # Where the tuning left it (README), less a margin: a regression fails, the target is not asserted.
    assert sum(s["top3"] for s in result["kinds"].values()) / total >= top3
    assert sum(s["top1"] for s in result["kinds"].values()) / total >= top1


def test_pinyin_initials_of_every_card_title_find_the_card(page, site):
    page.goto("/")
    cards = [e for e in _index(site) if e["kind"] == "card"]
    assert len(cards) >= 50
    failures = []
    for card in cards:
        han = "".join(re.findall(r"[\u3400-\u9fff]", card["title"]))
        initials = "".join(lazy_pinyin(han, style=Style.FIRST_LETTER))
        links = run_search(page, initials)
        hrefs = [unquote(links.nth(i).get_attribute("href")) for i in range(min(links.count(), 3))]
        if not any(href.endswith("#" + card["url"].partition("#")[2]) for href in hrefs):
            failures.append(f"{initials} → {card['title']}")
    assert failures == []


@pytest.mark.parametrize("query, target", [
    ("sjzj", "#escalate-supervisor"), ("shengji", "#escalate-supervisor"), ("sheng ji", "#escalate-supervisor"),
    ("tuihuo", "#complaint-return-shipping"), ("开场拍", "#outbound-opener"), ("客户要refund", "#complaint-return-shipping"),
])
def test_pinyin_typos_and_english_reach_the_card(page, query, target):
    page.goto("/")
    hrefs = [unquote(a.get_attribute("href")) for a in run_search(page, query).all()[:3]]
    assert any(href.endswith(target) for href in hrefs), hrefs


# The word the agent typed beats a word merely related to it: 退运费 is one case of a refund, not
# another word for it, so 退款 (typed, spelt or mistyped) lands on the refund card first.
@pytest.mark.parametrize("query", ["退款", "tuikuan", "退钱"])
def test_a_word_finds_its_own_card_before_a_related_one(page, query):
    page.goto("/")
    first = unquote(run_search(page, query).first.get_attribute("href"))
    assert first.endswith("#refund-request"), first


def test_result_opens_exactly_the_card(page):
    page.goto("/")
    links = run_search(page, "客户没声音")
    first = links.first
    assert unquote(first.get_attribute("href")).endswith("/phrasebooks/special-calls/#silent-call")
    assert first.get_attribute("data-kind") == "card"
    first.click()
    page.wait_for_url("**/phrasebooks/special-calls/#silent-call")
    # Instant navigation moves the address at the click, before the page is fetched and swapped in.
    expect(page.locator("#silent-call")).to_be_visible()


def test_enter_opens_the_first_result(page):
    page.goto("/")
    run_search(page, "不归我管")
    page.locator(BOX).press("Enter")
    page.wait_for_url("**/rules/#not-my-job")


# Topics the handbook never touches (量子纠缠 found 转移法 once its aliases said 不纠缠小问题).
# zxcvbn: a run of letters nothing spells (qqxxzz reads as the initials of 亲切 信息 尊重).
@pytest.mark.parametrize("query", ["量子力学", "zxcvbn"])
def test_no_result_says_so_and_is_not_a_dead_end(page, query):
    page.goto("/")
    sent = _beacons(page)
    links = run_search(page, query)
    meta = page.locator(".md-search-result__meta")
    assert meta.inner_text().startswith("没有找到符合条件的结果")
    # The nearest cards, a hint to try other words, and the quick links.
    assert page.locator(".md-search-result[data-kb-nearest]").count() == 1
    assert links.count() >= 3
    assert {links.nth(i).get_attribute("data-kind") for i in range(links.count())} == {"card"}
    assert "换个说法" in meta.inner_text()
    assert [a.inner_text() for a in meta.locator("a").all()] == ["速查卡", "话术卡片", "服务禁语", "用语检查器"]
    # The nearest cards are to choose from: Ctrl+Enter copies one once it is chosen with ↓.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-search-status').textContent)")
    # The search-gap log still hears of a query with no result.
    page.wait_for_timeout(300)
    queries = [parse_qs(urlsplit(request.url).query) for request in sent]
    assert queries and all(params["n"] == ["0"] and params["action"] == ["copy"] for params in queries), queries


def test_slash_focuses_the_search_box(page):
    page.goto("/")
    page.locator("article").click()
    page.keyboard.press("/")
    assert page.evaluate(f"document.activeElement.matches('{BOX}')")


def _selected(page) -> int:
    return page.evaluate("Array.from(document.querySelectorAll('.md-search-result__item'))"
                         ".findIndex(li => li.classList.contains('kb-search-selected'))")


def test_arrows_move_a_visible_selection_and_enter_opens_it(page):
    page.goto("/")
    links = run_search(page, "投诉")
    count = links.count()
    assert count >= 4
    hrefs = [links.nth(i).get_attribute("href") for i in range(count)]
    page.keyboard.press("ArrowDown")
    assert _selected(page) == 0
    assert links.count() == count  # the first ↓ no longer clears the list
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    assert _selected(page) == 1
    assert page.locator(".md-search-result__item.kb-search-selected").is_visible()
    assert page.evaluate(f"document.activeElement.matches('{BOX}')")
    assert [links.nth(i).get_attribute("href") for i in range(links.count())] == hrefs
    page.keyboard.press("Enter")
    fragment = unquote(hrefs[1]).rsplit("#", 1)[-1]
    page.wait_for_url(lambda url: unquote(url).endswith("#" + fragment))


def _set_placeholders(page, value: str):
    page.evaluate("v => localStorage.setItem('kb.placeholders', v)", value)


SILENT_CALL = ["您好，{}客服中心，欢迎您的来电。请问有什么可以帮您？", "您好！请问有什么可以帮您？",
               "非常抱歉，我这边听不到您的声音，请您稍后再打来，再见！"]


def test_ctrl_enter_copies_the_selected_cards_whole_script_filled_and_stays(page):
    page.goto("/")
    _set_placeholders(page, json.dumps({"公司名称": "星河电器", "坐席姓名": "小林"}))
    url = page.url
    links = run_search(page, "客户没声音")
    count = links.count()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-search-status').textContent)")
    # Every line of the card, in order, one per line: not the first sentence of three.
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(SILENT_CALL).format("星河电器")
    assert page.url == url
    assert links.count() == count
    status = page.locator(".kb-search-status").inner_text()
    assert "无声电话" in status and "全部 3 句" in status


def test_ctrl_enter_survives_a_placeholder_store_of_the_wrong_type(page):
    page.goto("/")
    _set_placeholders(page, "42")
    run_search(page, "客户没声音")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-search-status').textContent)")
    assert page.evaluate("navigator.clipboard.readText()") == "\n".join(SILENT_CALL).format("[公司名称]")


def test_every_card_result_has_a_copy_button_that_copies_from_the_list(page):
    page.goto("/")
    links = run_search(page, "听不清")
    items = page.locator(".md-search-result__item")
    kinds = [links.nth(i).get_attribute("data-kind") for i in range(links.count())]
    buttons = [items.nth(i).locator(".kb-search-copy").count() for i in range(items.count())]
    assert buttons == [1 if kind == "card" else 0 for kind in kinds]
    assert items.first.locator(".kb-search-copy").inner_text() == "复制"
    items.first.locator(".kb-search-copy").click()
    page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-search-status').textContent)")
    assert page.evaluate("navigator.clipboard.readText()") == (
        "非常抱歉，我这边听不清楚，请您大声一点，好吗？\n非常抱歉，我这边还是听不清楚，请您稍后再打过来，好吗？")
    assert "全部 2 句" in page.locator(".kb-search-status").inner_text()
    assert links.count() == len(kinds)


def test_the_shortcuts_are_shown_in_chinese(page):
    page.goto("/")
    run_search(page, "投诉")
    hint = page.locator(".kb-search-hint").inner_text()
    assert "Ctrl+Enter 复制话术" in hint and "Enter 打开" in hint


def test_a_5000_character_paste_answers_promptly(page):
    page.goto("/")
    run_search(page, "投诉")
    box = page.locator(BOX)
    box.fill("客户说他的快递一直没有到要投诉" * 400)
    box.press("End")
    page.wait_for_function("() => /查询太长/.test(document.querySelector('.md-search-result__meta').textContent)")
    assert page.evaluate("window.kbSearch.lastMs") < 500
    assert page.locator("a.md-search-result__link").count() > 0


def _beacons(page):
    sent = []
    page.on("request", lambda request: sent.append(request) if "/_search-log?" in request.url else None)
    return sent


def test_idle_search_sends_a_masked_beacon_without_cookies(page, browser_context, base_url):
    browser_context.add_cookies([{"name": "session", "value": "secret", "url": base_url}])
    sent = _beacons(page)
    page.goto("/")
    run_search(page, "订单13812345678没到")
    page.wait_for_timeout(2600)
    assert len(sent) == 1
    params = parse_qs(urlsplit(sent[0].url).query)
    assert params["q"] == ["订单#没到"] and params["action"] == ["none"] and params["rank"] == ["0"]
    assert "138" not in sent[0].url
    assert "cookie" not in {name.lower() for name in sent[0].all_headers()}
    assert sent[0].method == "GET"


def test_opening_a_result_sends_its_rank_before_leaving(page):
    sent = _beacons(page)
    page.goto("/")
    run_search(page, "投诉")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    page.wait_for_timeout(300)
    params = [parse_qs(urlsplit(r.url).query) for r in sent]
    assert [(p["action"], p["rank"], p["q"]) for p in params] == [(["open"], ["2"], ["投诉"])]


def test_search_log_false_sends_nothing(page):
    # The flag reaches the browser in the index's header; flip it there as a build with the flag would.
    def turn_off(route):
        route.fulfill(body=search_index.with_header(route.fetch().body(), log=False),
                      content_type="application/octet-stream")
    page.route("**/assets/kb/search.*.bin", turn_off)
    sent = _beacons(page)
    page.goto("/")
    run_search(page, "客户没声音")
    page.keyboard.press("Control+Enter")
    page.wait_for_timeout(2600)
    assert sent == []


def test_dictated_numbers_are_masked_before_sending(page):
    page.goto("/")
    masked = page.evaluate("q => window.kbSearch.masked(q)", "订单幺三八一二三四五六七八催一下")
    assert masked == "订单#催一下"
    # Short runs of numerals are words (一听二表态), not numbers.
    assert page.evaluate("q => window.kbSearch.masked(q)", "一听二表态") == "一听二表态"


def test_the_index_is_downloaded_once_and_kept_for_the_next_pages(browser_context):
    """Opened from the built file without indexing, then kept (IndexedDB): the next page does not fetch it again."""
    fetched = []
    browser_context.on("request", lambda request: fetched.append(request.url)
                       if re.search(r"/assets/kb/search\.[0-9a-f]{12}\.bin$", request.url) else None)
    page = browser_context.new_page()
    page.goto("/")
    page.wait_for_function("() => window.kbSearch && window.kbSearch.readyAt !== null")
    page.wait_for_function("() => localStorage.getItem('kb-search') !== null")
    assert len(fetched) == 1
    page.goto("/handbook/03-listening/")
    links = run_search(page, "投诉")
    assert links.count() > 0
    assert len(fetched) == 1, fetched


def test_search_boot_names_the_content_hashed_index(site):
    (index,) = site.glob("assets/kb/search.*.bin")
    script = (site / "assets/kb/search-boot.js").read_text(encoding="utf-8")
    assert f'"assets/kb/{index.name}"' in script
    assert search_index.file_name(index.read_bytes()) == f"assets/kb/{index.name}"
    assert not list(site.glob("assets/kb/search.json"))
