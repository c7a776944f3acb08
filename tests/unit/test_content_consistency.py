"""The site agrees with itself: every card follows the site's own rules, and the text agents read
teaches without talking about where it came from.

Guidance checked here, as the handbook states it (清晰原则):
- 短句: every clause of a script (the words between two punctuation marks, said in one breath)
  has at most 15 characters; a placeholder such as [公司名称] counts as 4 characters.
- no 服务禁语 of any level in a script line (the build gate stops error-level ones; warnings too here);
- a title that counts its steps (业务咨询五步) has that many steps;
- placeholders are written [...] only, never XX, xx or X先生;
- one term per concept: 主管 for the agent's supervisor, 挂断 for ending a call, 先生 / 女士 for customers.
"""
from __future__ import annotations

import re

import pytest
import yaml

from conftest import ROOT
from kb import cards as kb_cards
from kb import quizzes as kb_quizzes
from kb import rules as kb_rules

DOCS = ROOT / "content"
BOOKS = kb_cards.load_phrasebooks(DOCS / "phrasebooks", ROOT)
CARDS = [card for book in BOOKS for card in book["cards"]]
CARD_IDS = {card["id"] for card in CARDS}
RULE_LIST = kb_rules.load_rules(DOCS / "rules" / "forbidden.yml", ROOT)
RULES = RULE_LIST["rules"]
BANKS = kb_quizzes.load_banks(DOCS / "quizzes", DOCS, CARD_IDS, ROOT)
QUESTIONS = [q for bank in BANKS for q in bank["questions"]]
PAGES = sorted(DOCS.rglob("*.md"))
DATA_FILES = sorted([*DOCS.glob("phrasebooks/*.yml"), *DOCS.glob("quizzes/*.yml"), DOCS / "rules" / "forbidden.yml"])

MAX_CLAUSE = 15
PLACEHOLDER = re.compile(r"\[[^\[\]]+\]")
CLAUSE_BREAK = re.compile(r"[，。！？；：、…（）“”,.!?;:()]+")
CJK = r"\u4e00-\u9fff"
HALF_WIDTH_BETWEEN_CJK = re.compile(rf"[{CJK}][,;:()!?]|[,;:()!?][{CJK}]")
NUMERALS = {"二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
SOURCE_TALK = re.compile(r"源资料|原手册|原课件|种子|手册给出|原话|原句")
FIVE_SOURCES = ("《客服中心客户沟通技巧手册》", "《B2C客服部礼仪培训》", "《客服中心沟通技巧与情绪管理》",
                "《电信客服人员服务礼仪与话术》", "《客户服务相关知识》")
UNSOURCED_MARK = "常见说法，出处未注明"
NEW_SITUATIONS = ["own-mistake-apology", "identity-check", "callback-result", "compensation-request",
                  "order-status", "delivery-delay", "refund-request", "email-reply"]


def clauses(text: str) -> list[str]:
    text = PLACEHOLDER.sub("□□□□", text)
    return [part.strip() for part in CLAUSE_BREAK.split(text) if part.strip()]


def card_texts(card: dict) -> list[str]:
    """Everything on a card an agent reads, except search aliases and the provenance line."""
    texts = [card["title"], card["situation"], card["why"], card.get("avoid") or ""]
    texts += [line["text"] for line in card["lines"]]
    for step in card["steps"]:
        texts += [step["action"], step.get("say") or ""]
    for variant in card["variants"]:
        texts += [variant["label"], *[line["text"] for line in variant["lines"]]]
    return [text for text in texts if text]


def scripts():
    for card in CARDS:
        for text, line in kb_cards.located_script_lines(card):
            yield card, text, line


def test_clause_length_check_can_fail():
    assert clauses("您好，[公司名称]客服中心。") == ["您好", "□□□□客服中心"]
    assert max(map(len, clauses("请问您平时每月的流量使用大概在什么范围呢？"))) > MAX_CLAUSE


def test_every_script_clause_is_short():
    long = [f"{card['file']}:{line} {card['id']}: {part}（{len(part)} 字）"
            for card, text, line in scripts() for part in clauses(text) if len(part) > MAX_CLAUSE]
    assert long == []


def test_no_forbidden_words_of_any_level_in_scripts():
    found = [(card["id"], text, [m["found"] for m in kb_rules.find_matches(text, RULES)])
             for card, text, _ in scripts() if kb_rules.find_matches(text, RULES)]
    assert found == []


def test_step_counts_in_titles_match_the_steps():
    counted = 0
    for card in CARDS:
        for numeral in re.findall(r"([二两三四五六七八九十])步", card["title"]):
            counted += 1
            assert len(card["steps"]) == NUMERALS[numeral], card["id"]
    assert counted >= 1  # 业务咨询五步


@pytest.mark.parametrize("pattern", [r"XX", r"(?<![a-z])xx", r"X ?先生", r"X ?女士", r"小\*", r"「|」"])
def test_one_placeholder_and_quote_style_in_cards(pattern):
    bad = [(card["id"], text) for card in CARDS for text in card_texts(card) if re.search(pattern, text, re.I)]
    assert bad == []


def said_or_done(card: dict) -> list[str]:
    """What the agent says or does; `why` and `avoid` may name a word in order to rule it out."""
    texts = [card["title"], card["situation"], *kb_cards.script_lines(card)]
    return texts + [step["action"] for step in card["steps"]] + [v["label"] for v in card["variants"]]


@pytest.mark.parametrize("word", ["上司", "上级", "领导", "班长", "挂机", "小姐", "太太", "请恕", "多谢", "只怕"])
def test_one_term_per_concept_in_cards(word):
    assert [card["id"] for card in CARDS if any(word in text for text in said_or_done(card))] == []


def test_no_absolute_or_price_promises_in_scripts():
    for pattern in ["决不会", "绝不会", "直到您满意为止", "一样的价格", "保证.*不会", "一定到"]:
        assert [text for _, text, _ in scripts() if re.search(pattern, text)] == [], pattern


def test_qin_only_in_online_chat():
    for card, text, _ in scripts():
        if re.search(r"亲[，,]|亲$", text):
            assert card["id"] == "address-online", card["id"]
    online = next(card for card in CARDS if card["id"] == "address-online")
    phone = [v for v in online["variants"] if v["label"] == "电话"]
    assert phone and all("亲" not in line["text"] for line in phone[0]["lines"])


def test_outbound_openers_name_the_company():
    for card_id in ["outbound-opener", "callback-result", "revisit-opening"]:
        card = next(card for card in CARDS if card["id"] == card_id)
        first = kb_cards.script_lines(card)[0]
        assert "[公司名称]" in first, card_id
    opener = next(card for card in CARDS if card["id"] == "outbound-opener")
    assert all("[公司名称]" in v["lines"][0]["text"] for v in opener["variants"])


@pytest.mark.parametrize("card_id", NEW_SITUATIONS)
def test_situations_agents_ask_about_have_cards(card_id):
    card = next((card for card in CARDS if card["id"] == card_id), None)
    assert card is not None
    assert len(card["aliases"]) >= 4
    assert kb_cards.script_lines(card)


def test_every_source_is_a_named_document_or_the_house_rule():
    sources = [(card["id"], card["source"]) for card in CARDS] + [(rule["id"], rule["source"]) for rule in RULES]
    for item, source in sources:
        titles = re.findall(r"《[^》]+》", source)
        assert titles or "本中心规范" in source, item
        assert all(title in FIVE_SOURCES for title in titles), (item, titles)
        assert "常见服务禁语" not in source, item


def _user_text_of_data(path):
    """Every string in a data file except ids, keys, sources and owners."""
    skip = {"id", "source", "owner", "link", "key", "answer", "stage", "type", "severity"}

    def walk(node, key=None):
        if isinstance(node, dict):
            for k, value in node.items():
                if k not in skip:
                    yield from walk(value, k)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value, key)
        elif isinstance(node, str):
            yield node
    return list(walk(yaml.safe_load(path.read_text(encoding="utf-8"))))


def _page_text(path):
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"<!--.*?-->", "", text, flags=re.S)
    return re.sub(r"\]\([^)]*\)", "]", text)  # link targets are file names, not prose


@pytest.mark.parametrize("path", PAGES + DATA_FILES, ids=lambda p: str(p.relative_to(DOCS)))
def test_agents_are_taught_not_told_about_sources(path):
    texts = [_page_text(path)] if path.suffix == ".md" else _user_text_of_data(path)
    if path.name == "about.md":
        return  # the one page that names the sources
    assert [t for t in texts if SOURCE_TALK.search(t)] == []


@pytest.mark.parametrize("path", PAGES + DATA_FILES, ids=lambda p: str(p.relative_to(DOCS)))
def test_full_width_punctuation_between_chinese(path):
    texts = [_page_text(path)] if path.suffix == ".md" else _user_text_of_data(path)
    bad = [match.group() for text in texts for match in HALF_WIDTH_BETWEEN_CJK.finditer(text)]
    assert bad == []


@pytest.mark.parametrize("path", PAGES + DATA_FILES, ids=lambda p: str(p.relative_to(DOCS)))
def test_unsourced_figures_are_marked_and_only_in_the_handbook(path):
    texts = [_page_text(path)] if path.suffix == ".md" else _user_text_of_data(path)
    for text in texts:
        for line in text.splitlines():
            if re.search(r"\d+ ?%|\d+ ?个百分点", line):
                assert path.suffix == ".md" and UNSOURCED_MARK in line, line


def test_quizzes_do_not_ask_for_unsourced_figures():
    for question in QUESTIONS:
        texts = [question["prompt"], *[o["text"] for o in question["options"]]]
        assert not any(re.search(r"\d+ ?%|百分点", text) for text in texts), question["id"]


def test_handbook_has_no_empty_sections():
    for path in sorted((DOCS / "handbook").glob("*.md")):
        body = re.split(r"^## ", path.read_text(encoding="utf-8"), flags=re.M)[1:]
        for section in body:
            heading, _, text = section.partition("\n")
            assert len(re.sub(r"\s", "", text)) >= 60, f"{path.name}: {heading}"
            assert "没有" not in text.split("。")[0] or "具体内容" not in text, f"{path.name}: {heading}"


def test_prose_sample_lines_skip_bad_examples_on_the_line_and_in_marked_table_columns():
    from kb import prose
    page = ("# 页\n\n可以说：“好的，我帮您查。”\n\n不要说：“查不了。”\n\n"
            "| 错误说法 | 好的说法 |\n|---|---|\n| “这不归我管” | “我帮您转给同事” |\n\n"
            "```\n“代码里的引文”\n```\n结尾「另一种引号」。\n")
    found = [(item["line"], item["text"]) for item in prose.sample_lines(page, "x.md")]
    assert found == [(3, "好的，我帮您查。"), (9, "我帮您转给同事"), (14, "另一种引号")]
