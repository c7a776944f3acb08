"""The 禁语 normalisation drops every White_Space and Default_Ignorable_Code_Point character.

The cases in tests/fixtures/normalisation_cases.json are shared with the
browser test of rules.js (tests/browser/test_checker_safety.py).
"""
from __future__ import annotations

import json

import pytest

from conftest import ROOT
from kb import rules as kb_rules

RULE_LIST = kb_rules.load_rules(ROOT / "content" / "rules" / "forbidden.yml", ROOT)
CASES = json.loads((ROOT / "tests" / "fixtures" / "normalisation_cases.json").read_text(encoding="utf-8"))["cases"]


def dropped_code_points() -> list[int]:
    ranges = json.loads((ROOT / "hooks" / "kb" / "dropped_chars.json").read_text(encoding="utf-8"))["ranges"]
    return [point for first, last in ranges for point in range(int(first, 16), int(last, 16) + 1)]


@pytest.mark.parametrize("case", CASES, ids=[case["why"] for case in CASES])
def test_shared_case_normalises_and_is_flagged(case):
    assert kb_rules.normalise(case["text"])[0] == case["normal"]
    flagged = [match["rule"] for match in kb_rules.find_matches(case["text"], RULE_LIST["rules"])]
    assert flagged == (["dont-know"] if "不知道" in case["normal"] else [])


def test_every_dropped_character_inside_a_phrase_still_fails_the_gate():
    points = dropped_code_points()
    assert len(points) > 4000 and 0x00AD in points and 0xE0041 in points and 0x3164 in points
    texts = [{"file": "content/phrasebooks/x.yml", "line": 3, "where": "卡片“x”的话术", "text": f"我不{chr(p)}知道"}
             for p in points]
    errors, _ = kb_rules.gate(texts, RULE_LIST["rules"])
    assert len(errors) == len(points)
    assert str(errors[0]).startswith("content/phrasebooks/x.yml:3: 卡片“x”的话术含服务禁语“不\t知道”")


def test_match_positions_cover_the_invisible_characters():
    (match,) = kb_rules.find_matches("您好，我不\u00ad知\u200e道。", RULE_LIST["rules"])
    assert (match["start"], match["end"], match["found"]) == (4, 9, "不\u00ad知\u200e道")
