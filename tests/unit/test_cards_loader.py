"""Phrasebook loading: the real content loads, and every mistake gives its exact message."""
from __future__ import annotations

import datetime
import textwrap

import pytest
import yaml

from conftest import ROOT
from kb import cards as kb_cards
from kb import greeting as kb_greeting
from kb.loader import DataError

GOOD_CARD = """\
title: 测试话术本
order: 1
intro: 测试用。
cards:
  - id: sample-card
    title: 示例
    situation: 测试场景
    stage: 开场
    tags: [测试]
    lines:
      - 您好，[公司名称]客服[工号]，请问有什么可以帮您？
    why: 因为测试。
    source: 测试
    owner: 培训组
    reviewed: 2026-11-20
"""


def load_text(tmp_path, text, name="book.yml", encoding="utf-8"):
    folder = tmp_path / "phrasebooks"
    folder.mkdir(exist_ok=True)
    data = text if isinstance(text, bytes) else textwrap.dedent(text).encode(encoding)
    (folder / name).write_bytes(data)
    return kb_cards.load_phrasebooks(folder, tmp_path)


def error_of(tmp_path, text, **kwargs) -> str:
    with pytest.raises(DataError) as error:
        load_text(tmp_path, text, **kwargs)
    return "\n".join(error.value.lines())


def test_real_phrasebooks_load():
    books = kb_cards.load_phrasebooks(ROOT / "content" / "phrasebooks", ROOT)
    cards = [card for book in books for card in book["cards"]]
    assert len(books) == 16
    assert len(cards) >= 50
    assert [book["order"] for book in books] == sorted(book["order"] for book in books)
    silent = next(card for card in cards if card["id"] == "silent-call")
    assert silent["type"] == "procedure"
    assert [step["wait"] for step in silent["steps"]] == [5, 5, 5, None]
    # A card without its own `reviewed:` takes the phrasebook's default.
    raw = yaml.safe_load((ROOT / "content" / "phrasebooks" / "special-calls.yml").read_text(encoding="utf-8"))
    inheriting = [card["id"] for card in raw["cards"] if "reviewed" not in card]
    assert inheriting
    by_id = {card["id"]: card for card in cards}
    assert {by_id[card_id]["reviewed"] for card_id in inheriting} == {raw["defaults"]["reviewed"]}


def test_placeholders_split_into_agent_call_and_blank_pieces():
    assert kb_cards.segments("您好，[公司名称]，[客户称呼]关于[具体事项]") == [
        {"text": "您好，"},
        {"placeholder": "公司名称", "agent": True, "call": False},
        {"text": "，"},
        {"placeholder": "客户称呼", "agent": True, "call": True},
        {"text": "关于"},
        {"placeholder": "具体事项", "agent": False, "call": False},
    ]


def test_browser_keeps_the_same_agent_and_per_call_placeholders():
    """common.js decides which values die with the call and which the 我的信息 bar asks for;
    it must name the same ones as the build."""
    import json
    import re
    script = (ROOT / "content" / "assets" / "kb" / "common.js").read_text(encoding="utf-8")
    for variable, expected in (("CALL_FIELDS", kb_cards.CALL_PLACEHOLDERS), ("AGENT_FIELDS", kb_cards.AGENT_PLACEHOLDERS)):
        listed = re.search(rf"var {variable} = (\[[^\]]*\]);", script)
        assert listed and tuple(json.loads(listed.group(1))) == expected, variable


def test_good_card_loads(tmp_path):
    (book,) = load_text(tmp_path, GOOD_CARD)
    assert book["cards"][0]["stage_label"] == "开场"
    assert book["cards"][0]["line"] == 5


@pytest.mark.parametrize("change, message", [
    (("    stage: 开场\n", "    stage: 开头\n"),
     "phrasebooks/book.yml:8: 卡片“sample-card”的字段“stage”：取值应为 开场、了解需求、核实解决、安抚致歉、拒绝升级、结束 之一，实际为“开头”"),
    (("    why: 因为测试。\n", "    why: 因为测试。\n    sauce: 测试\n"),
     "phrasebooks/book.yml:13: 卡片“sample-card”有未知字段“sauce”；可用的字段：id、type、title、situation、lines、steps、variants、why、avoid、stage、tags、aliases、descriptions、source、owner、reviewed、print、quiz"),
    (("    why: 因为测试。\n", "    why: 因为测试。\n    quiz: 2\n"),
     "phrasebooks/book.yml:13: 卡片“sample-card”的字段“quiz”：应为 1 到 1 之间的句子序号（只有话术卡片能写），实际为“2”"),
    (("    situation: 测试场景\n", ""),
     "phrasebooks/book.yml:5: 卡片“sample-card”的字段“situation”：缺少必填字段"),
    (("    tags: [测试]\n", "    tags: 测试\n"),
     "phrasebooks/book.yml:9: 卡片“sample-card”的字段“tags”：应为列表，实际为文本“测试”"),
    (("    tags: [测试]\n", "    tags: [测试, 5]\n"),
     "phrasebooks/book.yml:9: 卡片“sample-card”的字段“tags”：第 2 项应为文本，实际为整数“5”"),
    (("    tags: [测试]\n", "    tags: [测试, '']\n"),
     "phrasebooks/book.yml:9: 卡片“sample-card”的字段“tags”：第 2 项不能为空"),
    (("    reviewed: 2026-11-20\n", "    reviewed: 上周\n"),
     "phrasebooks/book.yml:15: 卡片“sample-card”的字段“reviewed”：应为日期（YYYY-MM-DD），实际为文本“上周”"),
    (("  - id: sample-card\n", "  - id: Sample Card\n"),
     "phrasebooks/book.yml:5: 卡片“Sample Card”的字段“id”：“Sample Card”不是合法的 id：只能用小写英文字母、数字和连字符，如 silent-call"),
    (("    why: 因为测试。\n", "    why: '  '\n"),
     "phrasebooks/book.yml:12: 卡片“sample-card”的字段“why”：不能为空"),
    (("    lines:\n      - 您好，[公司名称]客服[工号]，请问有什么可以帮您？\n", ""),
     "phrasebooks/book.yml:5: 卡片“sample-card”的字段“lines”：话术卡片至少要有一句话术"),
    (("    lines:\n      - 您好，[公司名称]客服[工号]，请问有什么可以帮您？\n",
      "    type: procedure\n    steps:\n      - action: 只有一步\n"),
     "phrasebooks/book.yml:11: 卡片“sample-card”的字段“steps”：流程卡片至少要有 2 个步骤"),
    (("    lines:\n      - 您好，[公司名称]客服[工号]，请问有什么可以帮您？\n",
      "    type: procedure\n    steps:\n      - action: 第一步\n      - act: 第二步\n"),
     "phrasebooks/book.yml:13: 卡片“sample-card”的 steps 第 2 项有未知字段“act”，是不是“action”？可用的字段：action、say、wait"),
    (("order: 1\n", "order: 第一\n"),
     "phrasebooks/book.yml:2: 话术本的字段“order”：应为整数，实际为文本“第一”"),
    (("    title: 示例\n", "    title: 示例\n    title: 又一个\n"),
     "phrasebooks/book.yml:7: 字段“title”重复出现"),
])
def test_card_errors_name_file_line_and_field(tmp_path, change, message):
    old, new = change
    assert old in GOOD_CARD
    assert error_of(tmp_path, GOOD_CARD.replace(old, new)) == message


def test_yaml_syntax_error_keeps_line_and_column(tmp_path):
    broken = GOOD_CARD.replace("    title: 示例\n", "    title: [示例\n")
    assert error_of(tmp_path, broken).startswith("phrasebooks/book.yml:7: YAML 语法错误（第 ")


def test_tab_indentation(tmp_path):
    assert error_of(tmp_path, GOOD_CARD.replace("    why:", "\twhy:")) == (
        "phrasebooks/book.yml:12: 用了 Tab 缩进；YAML 只能用空格缩进")


def test_empty_file(tmp_path):
    assert error_of(tmp_path, "  \n") == "phrasebooks/book.yml: 文件为空；请删除该文件或按 CONTRIBUTING.md 填写内容"


def test_not_utf8(tmp_path):
    assert error_of(tmp_path, GOOD_CARD.encode("gbk")) == (
        "phrasebooks/book.yml:1: 不是 UTF-8 编码（第 8 个字节）；请另存为 UTF-8")


def test_byte_order_mark(tmp_path):
    assert error_of(tmp_path, b"\xef\xbb\xbf" + GOOD_CARD.encode()) == (
        "phrasebooks/book.yml:1: 文件以 BOM（字节顺序标记）开头；请在编辑器中另存为“UTF-8（无 BOM）”")


def test_same_id_in_two_files(tmp_path):
    load_text(tmp_path, GOOD_CARD, name="a.yml")
    assert error_of(tmp_path, GOOD_CARD, name="b.yml") == (
        "phrasebooks/b.yml:5: 卡片 id“sample-card”重复：已在 phrasebooks/a.yml:5 使用过")


def test_greeting_needs_its_cards():
    with pytest.raises(DataError) as error:
        kb_greeting.greeting_data({}, 2026, 2027)
    assert str(error.value) == (
        "hooks/kb/greeting.py: 找不到开头语卡片“holiday-labour-day”：节日和时段开头语需要它，请在话术本中保留这张卡片")


def test_holiday_calendar_uses_lunar_dates():
    days = kb_greeting.holiday_dates(2027)
    assert days[datetime.date(2027, 2, 6)] == "春节"
    assert days[datetime.date(2027, 9, 15)] == "中秋节"
    assert datetime.date(2027, 3, 10) not in days
    assert kb_greeting.holiday_dates(2026)[datetime.date(2026, 9, 25)] == "中秋节"


def test_review_status_lists_stale_and_soon_to_be_stale_cards():
    books = kb_cards.load_phrasebooks(ROOT / "content" / "phrasebooks", ROOT)
    cards = [card for book in books for card in book["cards"]]
    total = len(cards)
    # Cards are reviewed on a few days; the real dates, so a re-review does not break the test.
    oldest, newest = min(c["reviewed"] for c in cards), max(c["reviewed"] for c in cards)
    assert (newest - oldest).days < 30
    fresh = kb_cards.review_status(books, newest, 365)
    assert (fresh["stale"], fresh["soon"], fresh["total"]) == ([], [], total)
    # The oldest are exactly 365 days old a year on, and stale the day after.
    year = datetime.timedelta(days=365)
    later = kb_cards.review_status(books, oldest + year, 365)
    assert later["stale"] == [] and len(later["soon"]) == total
    stale = kb_cards.review_status(books, oldest + year + datetime.timedelta(days=1), 365)
    assert len(stale["stale"]) == sum(c["reviewed"] == oldest for c in cards) > 0
    assert stale["stale"][0]["age_days"] == 366


def test_script_lines_know_their_yaml_line(tmp_path):
    text = GOOD_CARD.replace(
        "      - 您好，[公司名称]客服[工号]，请问有什么可以帮您？\n",
        "      - 第一句。\n      - 第二句。\n    variants:\n      - label: 在线聊天\n        lines:\n          - 第三句。\n")
    (book,) = load_text(tmp_path, text)
    assert kb_cards.located_script_lines(book["cards"][0]) == [("第一句。", 11), ("第二句。", 12), ("第三句。", 16)]
    steps = GOOD_CARD.replace("    lines:\n      - 您好，[公司名称]客服[工号]，请问有什么可以帮您？\n",
                              "    type: procedure\n    steps:\n      - action: 一\n        say: 第一步。\n      - action: 二\n")
    (tmp_path / "second").mkdir()
    (book,) = load_text(tmp_path / "second", steps)
    assert kb_cards.located_script_lines(book["cards"][0]) == [("第一步。", 13)]


def test_reviewed_may_be_one_day_ahead_of_the_clock_and_no_more(tmp_path, monkeypatch):
    from kb import schema
    monkeypatch.setattr(schema, "today", lambda: datetime.date(2026, 11, 19))
    (book,) = load_text(tmp_path, GOOD_CARD)  # reviewed 2026-11-20: tomorrow, time zones allow it
    assert book["cards"][0]["reviewed"] == datetime.date(2026, 11, 20)
    monkeypatch.setattr(schema, "today", lambda: datetime.date(2026, 11, 18))
    (tmp_path / "later").mkdir()
    assert error_of(tmp_path / "later", GOOD_CARD) == (
        "phrasebooks/book.yml:15: 卡片“sample-card”的字段“reviewed”：“2026-11-20”晚于今天；请写实际审核的日期")
