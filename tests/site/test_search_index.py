"""The index behind the search box: one entry per card, rule and handbook section."""
from __future__ import annotations

import json

from conftest import ROOT
from kb import cards as kb_cards
from kb import rules as kb_rules
from kb import search_index

DOCS = ROOT / "content"


def _index(site):
    data = search_index.site_index(site)
    return [dict(zip(data["fields"], row)) for row in data["docs"]], data


def test_every_card_rule_and_section_is_an_entry(site, soup_of):
    entries, _ = _index(site)
    urls = {entry["url"] for entry in entries}
    for book in kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT):
        for card in book["cards"]:
            assert f"phrasebooks/{book['slug']}/#{card['id']}" in urls
    for rule in kb_rules.load_rules(DOCS / "rules" / "forbidden.yml", ROOT)["rules"]:
        assert f"rules/#{rule['id']}" in urls
    for chapter in sorted((DOCS / "handbook").glob("*.md")):
        page = f"handbook/{chapter.stem}/" if chapter.stem != "index" else "handbook/"
        for heading in soup_of(page + "index.html").select("article h2[id]"):
            assert f"{page}#{heading['id']}" in urls, heading["id"]


def test_card_entries_carry_aliases_and_quiz_text_stays_out(site):
    entries, data = _index(site)
    silent = next(e for e in entries if e["url"].endswith("#silent-call"))
    assert {"没声音", "不说话", "静音"} <= set(silent["alias"].split())
    assert any("领导" in group and "升级" in group for group in data["synonyms"])
    assert not any(e["url"].startswith("quizzes/") and e["kind"] != "page" for e in entries)


def test_handbook_sections_carry_their_aliases_as_what_they_are_for(site):
    """content/search/sections.yml: a section's aliases are its situation field, below a card's aliases."""
    import yaml
    entries, _ = _index(site)
    by_url = {entry["url"]: entry for entry in entries}
    groups = yaml.safe_load((DOCS / "search" / "sections.yml").read_text(encoding="utf-8"))["sections"]
    assert len(groups) >= 90
    for link, *aliases in groups:
        page, _, heading = link.partition("#")
        entry = by_url[f"{page.removesuffix('.md')}/#{heading}"]
        assert entry["kind"] == "section" and entry["situation"].split() == aliases and entry["alias"] == ""


def test_material_index_is_emptied_so_it_is_not_loaded_twice(site):
    material = json.loads((site / "search/search_index.json").read_text(encoding="utf-8"))
    assert material["docs"] == []


def test_user_dictionary_keeps_domain_terms_whole():
    import jieba
    jieba.load_userdict(str(DOCS / "search" / "userdict.txt"))
    for term in ["无声电话", "工号", "回访", "投诉", "升级", "退运费"]:
        assert term in jieba.lcut(f"关于{term}的话术"), term


def test_card_results_are_labelled_with_their_phrasebook(site):
    entries, _ = _index(site)
    escalate = next(e for e in entries if e["url"].endswith("#escalate-supervisor"))
    assert (escalate["kind"], escalate["group"]) == ("card", "升级转接")


def test_pinyin_keys_cover_every_card_title_and_only_the_syllables_they_use(site):
    entries, data = _index(site)
    terms = {row[0]: row[1] for row in data["pinyin"]["terms"]}
    assert terms["升级"] == "sheng ji" and terms["开场白"] == "kai chang bai"
    from kb.search import normalise
    for card in (e for e in entries if e["kind"] == "card"):
        assert normalise(card["title"]) in terms, card["title"]
    used = {syl for keys in terms.values() for syl in keys.split()}
    assert set(data["pinyin"]["chars"]) <= used
    # A typo character is there because it sounds like a term's syllable, not as a dictionary entry.
    assert "白" in data["pinyin"]["chars"]["bai"]
    assert len("".join(data["pinyin"]["chars"].values())) < 8000


def test_glossary_beacon_flag_and_whole_scripts_reach_the_browser(site):
    entries, data = _index(site)
    assert ["refund", "退款", "退货"] in data["glossary"]
    assert data["log"] is True
    assert data["agent_placeholders"] == ["公司名称", "工号", "坐席姓名", "客户称呼"]
    silent = next(e for e in entries if e["url"].endswith("#silent-call"))
    assert silent["situation"] == "接通后客户一直没有声音"
    # Every line the card says, in order (Ctrl+Enter copies them all); a procedure's are its steps' lines.
    assert silent["script"] == ["您好，[公司名称]客服中心，欢迎您的来电。请问有什么可以帮您？", "您好！请问有什么可以帮您？",
                                "非常抱歉，我这边听不到您的声音，请您稍后再打来，再见！"]


def test_a_cards_descriptions_are_searched_but_not_shown_as_other_names(site, soup_of):
    """descriptions (how agents describe the call) go into the index's alias field; 也叫 lists aliases only."""
    entries, _ = _index(site)
    by_url = {entry["url"]: entry for entry in entries}
    described = 0
    for book in kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT):
        soup = soup_of(f"phrasebooks/{book['slug']}/index.html")
        for card in book["cards"]:
            shown = soup.select_one(f'[data-card="{card["id"]}"] .kb-card__aliases')
            indexed = by_url[f"phrasebooks/{book['slug']}/#{card['id']}"]["alias"].split(" ")
            for text in card["descriptions"]:
                described += 1
                assert text in indexed, card["id"]
                assert shown is None or text not in shown.get_text().removeprefix("也叫：").split("、"), card["id"]
            if card["aliases"]:
                assert shown.get_text() == "也叫：" + "、".join(card["aliases"]), card["id"]
    assert described > 100


def test_a_rules_aliases_are_searched_not_shown_nor_sent_to_the_checker(site, soup_of):
    """A rule's aliases (what people call that kind of wording) join its category in the alias field."""
    entries, _ = _index(site)
    by_url = {entry["url"]: entry for entry in entries}
    rules = kb_rules.load_rules(DOCS / "rules" / "forbidden.yml", ROOT)["rules"]
    checker = json.loads((site / "assets" / "kb" / "rules.json").read_text(encoding="utf-8"))
    assert {rule["id"] for rule in checker} == {rule["id"] for rule in rules}
    assert all("aliases" not in rule for rule in checker)
    named = 0
    for rule in rules:
        assert by_url[f"rules/#{rule['id']}"]["alias"] == " ".join([rule["category"], *rule["aliases"]])
        row = soup_of("rules/index.html").select_one(f'[id="{rule["id"]}"]').find_parent("tr")
        shown = " ".join([rule["category"], *rule["forbidden"], *rule["replacements"], rule["reason"],
                          *(example[side] for example in rule["examples"] for side in ("bad", "good"))])
        for alias in rule["aliases"]:
            named += 1
            # An alias is on the page only where the rule's own words say it (踢皮球 in a reason).
            assert alias not in row.get_text() or alias in shown, (rule["id"], alias)
    assert named > 50
