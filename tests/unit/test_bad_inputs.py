"""The bad-input corpus through kb.content.load_all: each case gives exactly its messages, and no others.

The same loading runs in the build and in `make check`; tests/site/test_bad_input.py
proves the build reports these same lines.
"""
from __future__ import annotations

import re
import shutil

import pytest

import bad_inputs
from conftest import ROOT
from kb import content

# Half-width punctuation touching a Chinese character, outside quoted values.
HALF_WIDTH = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff][:;,()!?]|[:;,()!?][\u3400-\u4dbf\u4e00-\u9fff]")
QUOTED = re.compile(r"“[^“”]*”")
LOCATION = re.compile(r"^[^:]+(?::(?:@[RB]\+)?\d+)?: ")

_results: dict[str, list[str]] = {}


@pytest.fixture(scope="module")
def clean_project(tmp_path_factory):
    project = tmp_path_factory.mktemp("clean")
    shutil.copytree(ROOT / "content", project / "content")
    bad_inputs.prepare(project)
    assert content.load_all(project / "content", project)["errors"] == []
    return project


def messages_of(case, clean_project, tmp_path) -> list[str]:
    project = tmp_path / "project"
    shutil.copytree(clean_project / "content", project / "content", symlinks=True)
    rules_at = bad_inputs.rules_line(project)
    blocks = bad_inputs.apply(case, project)
    errors = content.load_all(project / "content", project)["errors"]
    return bad_inputs.relative_lines(sorted(map(str, errors), key=_order), rules_at, blocks)


def _order(message):
    path, _, rest = message.partition(":")
    line = re.match(r"(\d+):", rest)
    return path, int(line.group(1)) if line else 0, message


def test_corpus_is_large_and_ids_are_unique():
    ids = [case.id for case in bad_inputs.CASES]
    assert len(ids) == len(set(ids))
    assert len(ids) >= 80


@pytest.mark.parametrize("case", bad_inputs.CASES, ids=lambda case: case.id)
def test_bad_input_gives_exactly_its_messages(case, clean_project, tmp_path):
    found = messages_of(case, clean_project, tmp_path)
    _results[case.id] = found
    if bad_inputs.UPDATE:
        bad_inputs.write_golden({**bad_inputs.load_golden(), **_results})
        return
    expected = bad_inputs.load_golden().get(case.id)
    assert expected is not None, f"no expected messages for {case.id}; run with KB_UPDATE_GOLDEN=1 and read the diff"
    assert found == expected
    assert found, "a bad input must produce at least one message"


def test_expected_messages_use_full_width_punctuation():
    offenders = []
    for case_id, lines in bad_inputs.load_golden().items():
        for line in lines:
            text = QUOTED.sub("“”", LOCATION.sub("", line))
            if HALF_WIDTH.search(text):
                offenders.append(f"{case_id}: {line}")
    assert offenders == []


def test_the_punctuation_check_can_fail():
    line = "content/x.yml:3: 卡片 'x' 的字段 'y':应为文本"
    assert HALF_WIDTH.search(QUOTED.sub("“”", LOCATION.sub("", line)))
    assert not HALF_WIDTH.search(QUOTED.sub("“”", LOCATION.sub("", "content/x.yml:3: 字段“a: b”：应为文本")))


@pytest.mark.parametrize("case_id", ["alias-bomb", "nested-10000-lists"])
def test_hostile_yaml_fails_fast(case_id, tmp_path):
    import time
    from kb import loader
    case = next(case for case in bad_inputs.CASES if case.id == case_id)
    (_, rel, text), = case.ops
    path = tmp_path / "hostile.yml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(loader.DataError):
        loader.load_yaml(path)
    # Unguarded, the bomb ran 111 s and took 6 GB, and deep lists hit RecursionError;
    # guarded, both stop in well under a second on an idle machine.
    assert time.perf_counter() - started < 10
