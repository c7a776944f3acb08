"""The do/don't table and checker page in the built site; the gate on the real build."""
from __future__ import annotations

import json

from conftest import ROOT
from kb import rules as kb_rules

RULE_LIST = kb_rules.load_rules(ROOT / "content" / "rules" / "forbidden.yml", ROOT)


def test_table_has_one_row_per_rule_with_filter_per_category(soup_of):
    soup = soup_of("rules/index.html")
    rows = soup.select("table.kb-rules tr[data-rule]")
    assert [row.find("h3")["id"] for row in rows] == [rule["id"] for rule in RULE_LIST["rules"]]
    buttons = [b["data-category"] for b in soup.select("[data-rule-filter] [data-category]")]
    assert buttons == [""] + RULE_LIST["categories"]
    row = soup.find(id="dont-know").find_parent("tr")
    assert "不知道" in row.select_one(".kb-rules__dont").get_text()
    assert "核实" in row.select_one(".kb-rules__do").get_text()


def test_rules_json_is_what_the_checker_reads(site):
    data = json.loads((site / "assets/kb/rules.json").read_text(encoding="utf-8"))
    assert data == json.loads(json.dumps(kb_rules.browser_rules(RULE_LIST), ensure_ascii=False))


def test_checker_page_has_a_textarea(soup_of):
    assert soup_of("rules/checker/index.html").select_one("[data-checker] textarea[data-checker-input]")


def test_gate_fails_on_a_card_with_a_forbidden_word():
    from kb import content
    card = {"id": "bad-card", "file": "content/phrasebooks/x.yml", "line": 7,
            "lines": [{"text": "这是规定，我也没办法。"}], "steps": [], "variants": []}
    errors, _ = kb_rules.gate(content.gate_texts([{"cards": [card]}], RULE_LIST, []), RULE_LIST["rules"])
    messages = [str(error) for error in errors]
    assert len(messages) == 2
    assert messages[0].startswith("content/phrasebooks/x.yml:7: 卡片“bad-card”的话术含服务禁语“这是规定”（规则“its-the-rule”：")
    assert "含服务禁语“我也没办法”（规则“no-way”：" in messages[1]
    assert messages[1].endswith("；建议改为：我来帮您想想办法，看看还有没有其他解决方式。")
