"""Phrase cards in the built HTML: one per YAML entry, every script line present, linkable."""
from __future__ import annotations

import yaml

from conftest import ROOT

PHRASEBOOKS = ROOT / "content" / "phrasebooks"


def _yaml_books():
    # Read the YAML independently of hooks/kb, so a loader bug cannot hide a lost card.
    return {path.stem: yaml.safe_load(path.read_text(encoding="utf-8")) for path in sorted(PHRASEBOOKS.glob("*.yml"))}


def _lines(card):
    lines = list(card.get("lines", []))
    lines += [step["say"] for step in card.get("steps", []) if step.get("say")]
    lines += [line for variant in card.get("variants", []) for line in variant["lines"]]
    return lines


def test_one_rendered_card_per_yaml_entry(soup_of):
    books = _yaml_books()
    total = 0
    for slug, book in books.items():
        soup = soup_of(f"phrasebooks/{slug}/index.html")
        rendered = [el["data-card"] for el in soup.select("[data-card]")]
        assert rendered == [card["id"] for card in book["cards"]], slug
        total += len(rendered)
    assert total == sum(len(book["cards"]) for book in books.values()) >= 50


def test_every_script_line_appears_in_the_html(soup_of):
    for slug, book in _yaml_books().items():
        soup = soup_of(f"phrasebooks/{slug}/index.html")
        for card in book["cards"]:
            root = soup.select_one(f'[data-card="{card["id"]}"]')
            rendered = [el.get_text() for el in root.select("[data-line]")]
            assert rendered == _lines(card), card["id"]
            assert len(root.select("[data-copy]")) == len(rendered)


def test_card_id_is_its_anchor_and_procedures_are_numbered_steps(soup_of):
    soup = soup_of("phrasebooks/special-calls/index.html")
    card = soup.select_one('[data-card="silent-call"]')
    assert card.find("h2")["id"] == "silent-call"
    steps = card.select("ol[data-procedure] > li[data-step]")
    assert len(steps) == 4
    assert "再见" in steps[2].get_text()
    assert [w.get_text() for w in card.select(".kb-step__wait")] == ["稍停 5 秒"] * 3


def test_placeholders_are_marked(soup_of):
    soup = soup_of("phrasebooks/opening/index.html")
    marks = soup.select('[data-card="opening-with-id"] [data-ph]')
    assert [(m["data-ph"], m.get_text()) for m in marks] == [("公司名称", "[公司名称]"), ("工号", "[工号]")]
    assert all("kb-ph--agent" in m["class"] for m in marks)


def test_browse_by_stage_and_tag(soup_of):
    books = _yaml_books()
    index = soup_of("phrasebooks/index.html")
    stage_headings = [h.get_text(strip=True).rstrip("¶") for h in index.select("article h3")]
    assert stage_headings == ["开场", "了解需求", "核实 / 解决", "安抚 / 致歉", "拒绝 / 升级", "结束"]
    links = {a["href"] for a in index.select("article li a")}
    for slug, book in books.items():
        for card in book["cards"]:
            assert f"{slug}/#{card['id']}" in links
    tags = soup_of("phrasebooks/tags/index.html")
    assert tags.find(id="无声电话") is not None
    assert tags.select_one('a[href="../special-calls/#silent-call"]') is not None


def test_text_fields_render_as_text(tmp_path):
    from kb.render import environment, macros
    card = {
        "id": "x", "type": "script", "title": "<b>标题</b>", "situation": "<script>alert(1)</script>",
        "lines": [{"text": "t", "segments": [{"text": "<img src=x onerror=alert(1)>"}]}], "steps": [],
        "variants": [], "why": "w", "avoid": None, "stage": "开场", "stage_label": "开场", "tags": ["<i>"], "aliases": [],
        "source": "s", "owner": "o", "reviewed": "2026-01-01",
    }
    html = macros(environment(), "cards.html").card(card)
    assert "<script>" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_stale_card_page_for_trainers(soup_of):
    import datetime
    from kb import cards as kb_cards
    books = kb_cards.load_phrasebooks(PHRASEBOOKS, ROOT)
    review = kb_cards.review_status(books, datetime.date.today(), 365)
    text = soup_of("trainers/stale/index.html").select_one("article").get_text()
    assert f"共 {review['total']} 张卡片，过期 {len(review['stale'])} 张。" in text


def test_the_cheatsheet_prints_every_cards_chosen_lines(soup_of):
    """Issue 19: some cards printed only their first line, one a heading with nothing under it."""
    from conftest import ROOT
    from kb import cards as kb_cards
    sheet = soup_of("cheatsheet/index.html")
    books = kb_cards.load_phrasebooks(ROOT / "content" / "phrasebooks", ROOT)
    for card in (card for book in books for card in book["cards"]):
        entry = sheet.select_one(f'[data-cheat-card="{card["id"]}"]')
        printed = [line.get_text() for line in entry.select("[data-line]")]
        lines = kb_cards.main_script(card) or [step["action"] for step in card["steps"]]
        assert printed == [lines[i] for i in kb_cards.printed_lines(card)], card["id"]
        assert printed, card["id"]
        if card.get("print") is None and card["type"] == "script" and sum(map(len, lines)) <= kb_cards.SHORT_SCRIPT:
            assert len(printed) == len(lines), card["id"]
