"""Usage beacons in Chromium, by the clicks and keys an agent uses: copies, 有用 / 不好用, quiz answers
(content/assets/kb/usage.js); each kind's switch; and a hanging log never delays the copy feedback."""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import ROOT, copy_project, quiz_key, run_mkdocs_build, run_search, serve_directory, single_choice

pytestmark = pytest.mark.browser

RANDOM_ID = re.compile(r"[a-z]{16}")


def _beacons(page, path="/_usage-log?"):
    """The beacons the page sends, as {field: value} (values as sent), in order."""
    sent = []
    page.on("request", lambda request: sent.append(request) if path in request.url else None)
    return sent


def _fields(sent):
    return [{name: values[0] for name, values in parse_qs(urlsplit(r.url).query, keep_blank_values=True).items()}
            for r in sent]


def _settle(page, sent, count, tries=50):
    for _ in range(tries):
        if len(sent) >= count:
            break
        page.wait_for_timeout(50)
    page.wait_for_timeout(200)  # and nothing more
    return _fields(sent)


def test_copies_report_card_line_and_where_they_came_from(page):
    sent = _beacons(page)
    page.goto("phrasebooks/opening/")
    card = page.locator('[data-card="opening-with-id"]')
    card.locator("[data-copy]").first.click()
    card.get_by_role("button", name="复制全部").click()
    card.get_by_role("button", name=re.compile("已复制全部")).wait_for()  # the agent sees it, then moves on
    page.goto("phrasebooks/special-calls/")
    step = page.locator('[data-card="silent-call"] [data-step]').nth(1).locator("[data-copy]")
    step.click()
    page.wait_for_function("button => button.textContent === '已复制'", arg=step.element_handle())
    # Selected by hand and copied with Ctrl+C: the second line of the card.
    line = page.locator('[data-card="silent-call"] [data-line]').nth(1)
    line.select_text()
    page.keyboard.press("Control+c")
    # A search result copied with Ctrl+Enter.
    run_search(page, "客户没声音")
    page.keyboard.press("Control+Enter")
    page.wait_for_function("() => /已复制/.test(document.querySelector('.kb-search-status').textContent)")
    # The 速查卡: a printed line selected and copied by hand.
    page.goto("cheatsheet/")
    printed = page.locator('[data-cheat-card="silent-call"] [data-line-no]').nth(1)
    number = printed.get_attribute("data-line-no")
    printed.select_text()
    page.keyboard.press("Control+c")
    fields = _settle(page, sent, 6)
    assert [(f["k"], f["card"], f["line"], f["src"]) for f in fields] == [
        ("copy", "opening-with-id", "1", "card"),
        ("copy", "opening-with-id", "0", "all"),
        ("copy", "silent-call", "2", "card"),
        ("copy", "silent-call", "2", "select"),
        ("copy", "silent-call", "0", "search"),
        ("copy", "silent-call", number, "cheatsheet"),
    ]
    assert all(r.method == "GET" and "cookie" not in {h.lower() for h in r.all_headers()} for r in sent)


def test_a_vote_with_a_reason_is_kept_changeable_and_sent_each_time(page):
    sent = _beacons(page)
    page.goto("phrasebooks/opening/")
    card = page.locator('[data-card="opening-with-id"]')
    useful, useless = card.get_by_role("button", name="有用", exact=True), card.get_by_role("button", name="不好用")
    reasons = card.get_by_role("group", name="哪里不好用")
    assert not reasons.is_visible() and useful.get_attribute("aria-pressed") == "false"
    useless.click()
    assert useless.get_attribute("aria-pressed") == "true"
    assert [b.inner_text() for b in reasons.get_by_role("button").all()] == ["客户不接受", "说法过时", "不适用这个场景", "太长", "其他"]
    reasons.get_by_role("button", name="太长").click()
    assert reasons.get_by_role("button", name="太长").get_attribute("aria-pressed") == "true"
    assert "不好用（太长）" in card.locator("[data-vote-status]").inner_text()
    # One vote per card per browser: it is there on the next visit, and changing it sends a new beacon.
    page.reload()
    card = page.locator('[data-card="opening-with-id"]')
    assert card.get_by_role("button", name="太长").get_attribute("aria-pressed") == "true"
    card.get_by_role("button", name="有用", exact=True).click()
    assert not card.get_by_role("group", name="哪里不好用").is_visible()
    card.get_by_role("button", name="有用", exact=True).click()  # pressed again: withdrawn
    fields = _settle(page, sent, 4)
    assert [(f["card"], f["vote"], f["why"], f["seq"]) for f in fields] == [
        ("opening-with-id", "down", "", "0"), ("opening-with-id", "down", "long", "1"),
        ("opening-with-id", "up", "", "2"), ("opening-with-id", "none", "", "3")]
    # One random id ties the changes of this one vote together; it is letters only and names no one.
    assert len({f["vid"] for f in fields}) == 1 and RANDOM_ID.fullmatch(fields[0]["vid"])
    page.goto("phrasebooks/special-calls/")
    page.locator('[data-card="silent-call"]').get_by_role("button", name="有用", exact=True).click()
    other = _settle(page, sent, 5)[-1]
    assert other["card"] == "silent-call" and other["vid"] != fields[0]["vid"]


@pytest.mark.parametrize("stored", ['"x"', "[1,2]", '{"opening-with-id": {"vote": "<b>", "why": 5, "vid": "1", "seq": -3}}',
                                    '{"opening-with-id": {"vote": "down", "why": "evil", "vid": "abcdefghijklmnop", "seq": 1e9}}'])
def test_stored_votes_are_untrusted(page, stored):
    sent = _beacons(page)
    page.goto("phrasebooks/opening/")
    page.evaluate("value => localStorage.setItem('kb.votes', value)", stored)
    page.reload()
    card = page.locator('[data-card="opening-with-id"]')
    assert card.get_by_role("button", name="有用", exact=True).is_visible()
    assert card.locator('[data-vote-reason][aria-pressed="true"]').count() == 0
    card.get_by_role("button", name="有用", exact=True).click()
    fields = _settle(page, sent, 1)
    assert fields[-1]["vote"] == "up" and RANDOM_ID.fullmatch(fields[-1]["vid"]) and int(fields[-1]["seq"]) < 1000


def test_quiz_answers_report_item_options_and_result_and_exams_carry_an_attempt_id(page):
    sent = _beacons(page)
    page.goto("quizzes/ch01-basics/")
    key = quiz_key(page)
    questions = page.locator("[data-question]")
    q, qid, right, entry = single_choice(page)
    wrong = next(o.get_attribute("data-option") for o in q.locator("[data-option]").all()
                 if o.get_attribute("data-option") not in entry["answer"])
    q.locator(f'[data-option="{wrong}"] input').check()
    q.locator(f'[data-option="{right}"] input').check()  # changing one's mind in practice is not a second answer
    practice = _settle(page, sent, 1)
    assert [(f["item"], f["pick"], f["ok"], f["mode"], f["att"]) for f in practice] == [(qid, wrong, "0", "practice", "")]

    def sit_exam():
        for i in range(questions.count()):
            q = questions.nth(i)
            answer = key[q.get_attribute("data-question")]["answer"]
            for option in answer:
                q.locator(f'[data-option="{option}"] input').check()
        page.get_by_role("button", name="交卷").click()
        page.wait_for_selector("[data-score]:not(:empty)")

    page.get_by_role("button", name="考试模式").click()
    sit_exam()
    page.get_by_role("button", name="重新作答").click()
    sit_exam()
    fields = _settle(page, sent, 1 + 2 * questions.count())[1:]
    assert len(fields) == 2 * questions.count()
    assert {f["mode"] for f in fields} == {"exam"} and {f["ok"] for f in fields} == {"1"}
    attempts = [f["att"] for f in fields]
    first, second = set(attempts[:questions.count()]), set(attempts[questions.count():])
    assert len(first) == len(second) == 1 and first != second and all(RANDOM_ID.fullmatch(a) for a in attempts)
    multiple = next((f for f in fields if "." in f["pick"]), None)
    assert multiple is None or re.fullmatch(r"[a-z](\.[a-z])+", multiple["pick"])


def test_copy_feedback_shows_at_once_while_the_log_never_answers(browser_context, base_url):
    """Beacons never delay the UI: the log endpoint hangs (the route never answers), the feedback does not."""
    page = browser_context.new_page()
    held = []
    page.route("**/_usage-log*", lambda route: held.append(route))  # never fulfilled
    # A beacon gives up after 10 s (usage.js, GIVE_UP_MS) and the next waiting one goes out in its
    # place: on a loaded machine this test can outlast that. So what is counted is the beacons out
    # at once (held, and neither given up nor answered), which the limit is about, not those held.
    ended = []
    for event in ("requestfailed", "requestfinished"):
        page.on(event, lambda request: ended.append(request) if "/_usage-log" in request.url else None)

    def out_at_once(count):
        """The beacons out at once, once `count` are (or 10 s have passed), and a moment for any more."""
        for _ in range(200):
            if len([r for r in held if r.request not in ended]) >= count:
                break
            page.wait_for_timeout(50)
        page.wait_for_timeout(300)
        return [r for r in held if r.request not in ended]

    page.goto(base_url + "/phrasebooks/opening/")
    button = page.locator('[data-card="opening-with-id"] [data-copy]').first
    # Eight copies first: more beacons than a browser opens connections to one host. Only two
    # go out at once; the rest wait, so a hanging log cannot hold the connections pages need.
    for _ in range(8):
        button.click()
    assert len(out_at_once(2)) == 2
    page.evaluate("""() => {
      const button = document.querySelector('[data-card="opening-with-id"] [data-copy]');
      window.kbFeedbackMs = [];
      window.kbClickedAt = null;
      button.addEventListener('click', () => { window.kbClickedAt = performance.now(); }, true);
      new MutationObserver(() => {
        if (button.textContent === '已复制' && window.kbClickedAt !== null) {
          window.kbFeedbackMs.push(performance.now() - window.kbClickedAt);
          window.kbClickedAt = null;
        }
      }).observe(button, { childList: true, characterData: true, subtree: true });
    }""")
    for _ in range(5):
        expect(button).to_have_text("复制", timeout=10000)  # the label returns after 1.5 s
        button.click()
    page.wait_for_function("() => window.kbFeedbackMs.length === 5")
    timings = page.evaluate("window.kbFeedbackMs")
    print(f"\ncopy feedback while the log hangs: {', '.join(f'{t:.1f}' for t in timings)} ms")
    assert sorted(timings)[2] <= 50 and max(timings) <= 150, timings
    hanging = out_at_once(2)
    assert len(hanging) == 2
    # Once the log answers, the waiting beacons go out, two at a time.
    sent_before = len(held)
    hanging[0].fulfill(status=204)
    for _ in range(200):
        if len(held) > sent_before:
            break
        page.wait_for_timeout(50)
    assert len(held) > sent_before and hanging[0].request in ended
    assert len(out_at_once(2)) == 2
    page.close()


@pytest.fixture(scope="module")
def switched_off(tmp_path_factory):
    """The site built with every beacon switch off (search_log, copy_log, vote_log, quiz_log)."""
    work = tmp_path_factory.mktemp("beacons-off")
    project = copy_project(work / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for key in ("search_log", "copy_log", "vote_log", "quiz_log"):
        assert f"    {key}: true\n" in text
        text = text.replace(f"    {key}: true\n", f"    {key}: false\n")
    config.write_text(text, encoding="utf-8")
    result = run_mkdocs_build(work / "site", config, project)
    assert result.returncode == 0, result.stdout + result.stderr
    server, url = serve_directory(work / "site")
    yield url
    server.shutdown()


def test_nothing_is_sent_when_the_switches_are_off(chromium, switched_off):
    context = chromium.new_context(base_url=switched_off)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=switched_off)
    page = context.new_page()
    sent = _beacons(page, "_log?")
    page.goto("/phrasebooks/opening/")
    assert page.locator('meta[name="kb-beacons"]').get_attribute("content") == ""
    card = page.locator('[data-card="opening-with-id"]')
    card.locator("[data-copy]").first.click()
    card.get_by_role("button", name="复制全部").click()
    assert card.locator("[data-copy]").first.inner_text() == "已复制"
    # No vote is asked for when nobody receives it.
    assert not card.get_by_role("button", name="不好用").is_visible()
    run_search(page, "客户没声音")
    page.keyboard.press("Control+Enter")
    page.goto("/quizzes/ch01-basics/")
    key = quiz_key(page)
    questions = page.locator("[data-question]")
    for i in range(questions.count()):
        q = questions.nth(i)
        for option in key[q.get_attribute("data-question")]["answer"]:
            q.locator(f'[data-option="{option}"] input').check()
    page.get_by_role("button", name="考试模式").click()
    for i in range(questions.count()):
        q = questions.nth(i)
        for option in key[q.get_attribute("data-question")]["answer"]:
            q.locator(f'[data-option="{option}"] input').check()
    page.get_by_role("button", name="交卷").click()
    page.wait_for_timeout(2600)  # past the search's 2 s settle
    assert sent == []
    context.close()


def test_the_sender_masks_typed_text_and_sends_other_fields_only_in_their_shape(page):
    """Whatever a caller passes: typed text masked by the engine's one function, the rest in shape or empty."""
    sent = _beacons(page)
    page.goto("phrasebooks/opening/")
    page.evaluate("""() => window.kbBeacon.send("_usage-log", {
      q: "客户电话幺三八-洞洞拐勾-幺二三四，身份证11010519491231002X", card: "13800001111", line: 13800001111,
      vid: "a13800001111", item: "<b>x</b>", src: "card", pick: "a.c", seq: 12.5, phone: "13800001111"})""")
    fields = _settle(page, sent, 1)
    assert fields == [{"q": "客户电话#,身份证#", "card": "", "line": "0", "vid": "", "item": "", "src": "card",
                       "pick": "a.c", "seq": "0"}]
    assert "phone" not in sent[0].url


def test_a_copy_pressed_as_the_page_opens_is_copied_and_reported(page):
    """The agent clicks before the page has finished loading: no wait for the load event or any ready flag."""
    sent = _beacons(page)
    for _ in range(3):
        page.goto("phrasebooks/opening/", wait_until="commit")
        button = page.locator('[data-card="opening-with-id"] [data-copy]').first
        button.click()
        page.wait_for_function("button => button.textContent === '已复制'", arg=button.element_handle())
    copies = [f for f in _settle(page, sent, 3) if f.get("k") == "copy"]
    assert [(f["card"], f["line"]) for f in copies] == [("opening-with-id", "1")] * 3
