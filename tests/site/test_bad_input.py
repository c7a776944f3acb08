"""Trainers' mistakes, through a real `mkdocs build --strict` of a copy of the project:
a clear message naming file, line and field, a non-zero exit, no traceback,
and `make build` leaves the previous site in place."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import copy_project, run_mkdocs_build


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def _build(project):
    result = run_mkdocs_build(project / "site-out", project / "mkdocs.yml", cwd=project)
    return result.returncode, result.stdout + result.stderr


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize("file, old, new, message", [
    ("content/phrasebooks/special-calls.yml", "    stage: 开场\n", "    stage: 开头\n",
     "content/phrasebooks/special-calls.yml:12: 卡片 'silent-call' 的字段 'stage':取值应为 开场"),
    ("content/phrasebooks/opening.yml", "title: 开场与问候", "title: [开场与问候",
     "content/phrasebooks/opening.yml:2: YAML 语法错误(第 6 列,did not find expected ',' or ']';while parsing a flow sequence,始于第 1 行)"),
    ("content/quizzes/scenarios.yml", "    answer: a\n", "    answer: e\n",
     "content/quizzes/scenarios.yml:14: 题目 'scenario-defective-product' 的字段 'answer':选项 'e' 不存在"),
    ("content/quizzes/ch03-listening.yml", "    link: card:listen-confirm", "    link: card:listen-confirmed",
     "题目 'listening-confirm' 的字段 'link':找不到卡片 'listen-confirmed'"),
    ("content/rules/forbidden.yml", "    severity: error\n", "    severty: error\n",
     "content/rules/forbidden.yml:7: 规则 'not-my-job' 有未知字段 'severty'"),
    ("content/handbook/03-listening.md", "](07-complaints.md#倾听投诉内容)", "](07-complaint.md#倾听投诉内容)",
     "Doc file 'handbook/03-listening.md' contains a link '07-complaint.md#倾听投诉内容', but the target"),
    ("content/handbook/05-nonverbal.md", "## 手势的使用\n", "## 手势的使用\n\n![递接物品](images/hands.png)\n",
     "Doc file 'handbook/05-nonverbal.md' contains a link 'images/hands.png', but the target"),
    ("content/phrasebooks/opening.yml", "      - 您好，请问有什么可以帮您？\n", "      - 您好，这是规定，请问有什么可以帮您？\n",
     "content/phrasebooks/opening.yml:16: 卡片 'opening-standard' 的话术含服务禁语 '这是规定'"),
])
def test_mistake_fails_the_build_with_a_message(project, file, old, new, message):
    _edit(project / file, old, new)
    code, log = _build(project)
    assert code != 0
    assert message in log
    assert "Traceback" not in log
    assert not (project / "site-out" / "index.html").exists() or "Aborted" in log


def test_empty_and_non_utf8_files_fail_cleanly(project):
    (project / "content/quizzes/empty.yml").write_text("", encoding="utf-8")
    code, log = _build(project)
    assert code != 0 and "content/quizzes/empty.yml: 文件为空" in log and "Traceback" not in log
    (project / "content/quizzes/empty.yml").write_bytes("title: 题库\n".encode("gbk"))
    code, log = _build(project)
    assert code != 0 and "content/quizzes/empty.yml:1: 不是 UTF-8 编码" in log


def test_make_build_keeps_the_previous_site_on_failure(project):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    build = [sys.executable, "scripts/build.py"]
    first = subprocess.run(build, cwd=project, env=env, capture_output=True, text=True)
    assert first.returncode == 0, first.stderr
    marker = (project / "site/index.html").read_bytes()
    _edit(project / "content/phrasebooks/opening.yml", "    stage: 开场\n", "    stage: 开头\n")
    second = subprocess.run(build, cwd=project, env=env, capture_output=True, text=True)
    assert second.returncode != 0
    assert "构建失败:site/ 保持不变" in second.stderr
    assert (project / "site/index.html").read_bytes() == marker
    assert not list(project.glob(".site-build-*"))  # no half-built folder left behind


def test_stale_after_days_must_be_a_positive_number(project):
    _edit(project / "mkdocs.yml", "stale_after_days: 365", "stale_after_days: 一年")
    code, log = _build(project)
    assert code != 0
    assert "mkdocs.yml 的 extra.kb.stale_after_days 应为正整数（天数），实际为“一年”" in log
