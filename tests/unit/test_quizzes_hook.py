"""hooks/quizzes.py generates the questions on a second core: the same banks as here, and the same error when it fails."""
from __future__ import annotations

import os

import pytest

import quizzes as quizzes_hook
from conftest import ROOT
from kb import background
from kb import content as kb_content
from kb import quizzes as kb_quizzes
from kb import segment as kb_segment


@pytest.fixture(scope="module")
def data():
    loaded = kb_content.load_all(ROOT / "content", ROOT)
    assert not loaded["errors"]
    kb_segment.reset_with_user_dict(ROOT / "content" / kb_content.USER_DICT)
    return loaded


def test_the_childs_banks_are_those_generated_here_after_the_authored_ones_themselves(data):
    banks = quizzes_hook._all_banks(background.Later(quizzes_hook._generated_banks, data), data)
    assert banks == kb_quizzes.all_banks(data)
    assert len(banks) == len(data["banks"]) + 2
    assert all(mine is loaded for mine, loaded in zip(banks, data["banks"]))


def _dies(data):
    os._exit(3)


def test_a_child_that_dies_leaves_the_questions_to_this_process(data):
    assert quizzes_hook._all_banks(background.Later(_dies, data), data) == kb_quizzes.all_banks(data)


def test_an_error_in_generating_is_raised_as_it_always_was(data, monkeypatch):
    def broken(loaded):
        raise ValueError("生成题目出错")
    monkeypatch.setattr(kb_quizzes, "all_banks", broken)
    later = background.Later(quizzes_hook._generated_banks, data)
    with pytest.raises(ValueError, match="^生成题目出错$"):
        quizzes_hook._all_banks(later, data)
