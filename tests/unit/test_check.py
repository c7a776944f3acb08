"""`make check` (scripts/check.py): the build's data checks without rendering, and its CI output formats."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

import bad_inputs
from conftest import ROOT
from kb import annotate, links
from kb.loader import DataError

CHECK = ROOT / "scripts" / "check.py"


def run_check(project, **env):
    environment = {key: value for key, value in os.environ.items() if key not in ("GITHUB_ACTIONS", "GITLAB_CI")}
    environment.update(env, PYTHONUTF8="1")
    return subprocess.run([sys.executable, str(CHECK), str(project)], capture_output=True, text=True,
                          env=environment, timeout=120)


@pytest.fixture
def bad_project(tmp_path):
    """Two mistakes in two files, as in issue 12: a misspelt key and a wrong answer."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    bad_inputs.apply(bad_inputs.Case("two", [
        bad_inputs.book("zz-titel", ("title: 测试话术本", "titel: 测试话术本")),
        bad_inputs.bank("zz-answer", ("    answer: a", "    answer: e"))]), project)
    return project


EXPECTED = [
    "content/phrasebooks/zz-titel.yml:1: 话术本有未知字段“titel”，是不是“title”？可用的字段：title、order、intro、defaults、cards",
    "content/quizzes/zz-answer.yml:11: 题目“zz-answer”的字段“answer”：选项“e”不存在，可选的有 a、b",
]


def test_clean_content_passes_quietly():
    result = run_check(ROOT)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("检查通过：")
    assert "Traceback" not in result.stderr
    # jieba's English start-up lines are not for trainers.
    assert "prefix dict" not in result.stdout + result.stderr and "Loading model" not in result.stdout + result.stderr


def test_every_error_at_once_sorted_with_a_count(bad_project):
    result = run_check(bad_project)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [*EXPECTED, "共 2 处错误"]
    assert not (bad_project / annotate.GITLAB_REPORT).exists()


def test_github_annotations(bad_project):
    result = run_check(bad_project, GITHUB_ACTIONS="true")
    assert result.returncode == 1
    assert result.stdout.splitlines()[-2:] == [
        "::error file=content/phrasebooks/zz-titel.yml,line=1::话术本有未知字段“titel”，是不是“title”？"
        "可用的字段：title、order、intro、defaults、cards",
        "::error file=content/quizzes/zz-answer.yml,line=11::题目“zz-answer”的字段“answer”：选项“e”不存在，可选的有 a、b",
    ]


def test_github_escaping():
    error = DataError("content/a,b:c.yml", None, "100% 不对\r\n第二行")
    assert annotate.github_lines([error]) == ["::error file=content/a%2Cb%3Ac.yml::100%25 不对%0D%0A第二行"]


def test_gitlab_code_quality_report(bad_project):
    result = run_check(bad_project, GITLAB_CI="true")
    assert result.returncode == 1
    report = json.loads((bad_project / annotate.GITLAB_REPORT).read_text(encoding="utf-8"))
    assert [{key: item[key] for key in ("description", "check_name", "severity", "location")} for item in report] == [
        {"description": EXPECTED[0].split(": ", 1)[1], "check_name": "kb-data", "severity": "major",
         "location": {"path": "content/phrasebooks/zz-titel.yml", "lines": {"begin": 1}}},
        {"description": EXPECTED[1].split(": ", 1)[1], "check_name": "kb-data", "severity": "major",
         "location": {"path": "content/quizzes/zz-answer.yml", "lines": {"begin": 11}}},
    ]
    fingerprints = [item["fingerprint"] for item in report]
    assert len(set(fingerprints)) == 2 and all(len(f) == 40 for f in fingerprints)
    # Stable across runs, so GitLab can tell new problems from old ones.
    run_check(bad_project, GITLAB_CI="true")
    again = json.loads((bad_project / annotate.GITLAB_REPORT).read_text(encoding="utf-8"))
    assert [item["fingerprint"] for item in again] == fingerprints


def test_gitlab_report_is_empty_when_clean(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    assert run_check(project, GITLAB_CI="true").returncode == 0
    assert json.loads((project / annotate.GITLAB_REPORT).read_text(encoding="utf-8")) == []


def test_a_file_without_a_line_is_annotated_at_line_1_for_gitlab():
    (item,) = annotate.gitlab_report([DataError("content/phrasebooks/x.yml", None, "文件为空")])
    assert item["location"] == {"path": "content/phrasebooks/x.yml", "lines": {"begin": 1}}


def _indent_line(project, book: str, key: str, change: int) -> tuple[int, str]:
    """Indent the first `key:` line after a card's `key: value` line by `change` spaces: (its line, the key above)."""
    path = project / "content" / "phrasebooks" / book
    lines = path.read_text(encoding="utf-8").split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith(f"    {key}:") and i > 5
                 and ": " in lines[i - 1] and not lines[i - 1].rstrip().endswith(":"))
    above = lines[index - 1].strip().removeprefix("- ").split(":")[0]
    lines[index] = (" " * change + lines[index]) if change > 0 else lines[index][-change:]
    path.write_text("\n".join(lines), encoding="utf-8")
    return index + 1, above


def test_one_indentation_mistake_is_one_error_first_in_plain_words(tmp_path):
    """Issue 19: one misindented line gave 11 errors, the real one third and in jargon."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    line, above = _indent_line(project, "complaints.yml", "title", 2)
    result = run_check(project)
    assert result.returncode == 1
    lines = result.stderr.strip().split("\n")
    assert lines[0] == f"content/phrasebooks/complaints.yml:{line}: YAML 语法错误：第 {line} 行多缩进了 2 格，应与上一行的 {above} 对齐"
    # Links to the file's cards elsewhere are counted, not listed: the trainer never touched those files.
    assert lines[1].startswith("另有 ") and "因此无法检查" in lines[1] and "content/phrasebooks/complaints.yml" in lines[1]
    assert lines[2:] == ["共 1 处错误"]


def test_a_line_indented_too_little_says_so(tmp_path):
    project = tmp_path / "project"
    shutil.copytree(ROOT / "content", project / "content")
    line, above = _indent_line(project, "opening.yml", "situation", -1)
    result = run_check(project)
    assert result.stderr.split("\n")[0] == (
        f"content/phrasebooks/opening.yml:{line}: YAML 语法错误：第 {line} 行少缩进了 1 格，应与上一行的 {above} 对齐")


def test_what_an_error_says_is_missing_is_a_field_not_only_words():
    """The count of errors that follow from an unreadable file reads this field, never the message text."""
    from kb import links
    missing = links.problem("phrasebooks/complaints.md", "index.md", {"index.md": set()}, "链接")
    assert missing == "链接“phrasebooks/complaints.md”：找不到页面“phrasebooks/complaints.md”"
    assert missing.missing == "phrasebooks/complaints.md"
    no_section = links.problem("index.md#x", "index.md", {"index.md": {"y"}}, "链接")
    assert no_section.missing is None


def test_a_footnote_is_named_as_a_footnote_not_a_missing_file():
    # Without the footnotes extension, Markdown reads "[^1]: 注释。" as a link to the file "注释。".
    text = "# 标题\n\n正文里的说法[^1]。\n\n[^1]: 注释。\n\n[参考]: ../index.md\n"
    errors = links.check_markdown(text, "handbook/x.md", "content/handbook/x.md", {"index.md": None})
    assert [(error.line, str(error.message)) for error in errors] == [
        (5, "脚注“[^1]”：手册不支持脚注写法，请把注释写进正文（如放在括号里）")]
