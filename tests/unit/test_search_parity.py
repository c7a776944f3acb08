"""The Python side of tests/fixtures/search_parity.json (tests/engine/parity.test.js is the JavaScript side)."""
from __future__ import annotations

import json
import re
import sys

import pytest

from conftest import ROOT
from kb.cards import PLACEHOLDER
from kb.search import normalise

sys.path.insert(0, str(ROOT / "scripts"))
import search_report  # noqa: E402

CASES = json.loads((ROOT / "tests" / "fixtures" / "search_parity.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES["normalise"], ids=lambda case: case["text"])
def test_search_normalisation_matches_the_fixture(case):
    assert normalise(case["text"]) == case["normal"]


@pytest.mark.parametrize("case", CASES["placeholders"], ids=lambda case: repr(case["text"]))
def test_placeholders_are_found_as_the_fixture_says(case):
    assert PLACEHOLDER.findall(case["text"]) == case["names"]


@pytest.mark.parametrize("case", CASES["masked"] + CASES["personal"], ids=lambda case: case["text"])
def test_number_masking_matches_the_fixture(case):
    assert search_report.mask_numbers(case["text"]) == case["masked"]


def test_no_personal_number_survives_in_the_fixture():
    """The expected results themselves: at least 50 forms, and not one digit or numeral run left in any."""
    assert len(CASES["personal"]) >= 50
    for case in CASES["personal"]:
        assert not any(ch.isdecimal() for ch in case["masked"]), case
        assert not re.search(f"[{search_report.NUMERALS}]{{4}}", case["masked"]), case
        assert "#" in case["masked"], case
