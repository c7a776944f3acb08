"""Trainers' and attackers' mistakes, through a real strict build (scripts/build.py, as `make build`):
every expected message, at its file and line, in Chinese; a non-zero exit; no traceback;
and the previous site/ untouched.

The corpus is tests/bad_inputs.py. Errors are collected, so cases that touch
different files share one build: seven builds prove all of them.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time

import pytest

import bad_inputs
from conftest import copy_project, free_port

REPORT = re.compile(r"数据有错误，构建中止：\n(.*?)\n共 (\d+) 处错误", re.S)
GROUPS = bad_inputs.groups(bad_inputs.CASES)


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """A project copy with the corpus's test rule and a good site/ from `make build`."""
    project = copy_project(tmp_path_factory.mktemp("base") / "project")
    bad_inputs.prepare(project)
    result = _make_build(project)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    # jieba's English start-up lines are silenced in the hooks.
    assert "prefix dict" not in log and "Loading model" not in log
    return project


def _make_build(project):
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    return subprocess.run([sys.executable, "scripts/build.py"], cwd=project, env=env,
                          capture_output=True, text=True, timeout=300)


def _site_state(project):
    """Every file of site/ with its size and modification time: any rewrite changes it."""
    site = project / "site"
    return sorted((str(path.relative_to(site)), path.stat().st_size, path.stat().st_mtime_ns)
                  for path in site.rglob("*") if path.is_file())


def _reported(log: str) -> list[str]:
    match = REPORT.search(log)
    assert match, log[-3000:]
    lines = match.group(1).splitlines()
    assert int(match.group(2)) == len(lines)
    return lines


@pytest.mark.parametrize("group", GROUPS, ids=lambda group: f"{group[0].id}+{len(group) - 1}")
def test_bad_inputs_fail_the_build_cleanly(group, built_project, tmp_path):
    project = tmp_path / "project"
    shutil.copytree(built_project, project, symlinks=True)
    rules_at = bad_inputs.rules_line(project)
    blocks = [block for case in group for block in bad_inputs.apply(case, project)]
    before = _site_state(project)
    result = _make_build(project)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in log
    golden = bad_inputs.load_golden()
    expected = sorted(line for case in group for line in golden[case.id])
    assert sorted(bad_inputs.relative_lines(_reported(log), rules_at, blocks)) == expected
    assert _site_state(project) == before
    assert not list(project.glob(".site-build-*"))


def test_heading_anchors_match_the_built_pages(built_project):
    """kb.links computes anchors without rendering; they must be the ids MkDocs gives the headings."""
    from bs4 import BeautifulSoup
    from kb import links

    for page in sorted((built_project / "content" / "handbook").glob("*.md")):
        html = (built_project / "site" / "handbook" / (page.stem if page.stem != "index" else "") / "index.html")
        soup = BeautifulSoup(html.read_text(encoding="utf-8"), "html.parser")
        built = {tag["id"] for tag in soup.select("article :is(h1, h2, h3, h4, h5, h6)[id]")}
        assert built <= links.anchors(page.read_text(encoding="utf-8")), page.name


def test_the_corpus_needs_few_builds():
    # Cases that rewrite the one file of their kind (the rule list, the user dictionary) each need a build.
    assert len(GROUPS) <= 7
    assert sum(len(group) for group in GROUPS) == len(bad_inputs.CASES)


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _line_of(path, needle):
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


@pytest.fixture
def project(tmp_path):
    return copy_project(tmp_path / "project")


def test_broken_handbook_link_and_image_are_reported_in_chinese_with_their_lines(project):
    chapter = project / "content/handbook/03-listening.md"
    _edit(chapter, "](07-complaints.md#倾听投诉内容)", "](07-complaint.md#倾听投诉内容)")
    link_line = _line_of(chapter, "](07-complaint.md#倾听投诉内容)")
    other = project / "content/handbook/05-nonverbal.md"
    _edit(other, "## 手势的使用\n", "## 手势的使用\n\n![递接物品](images/hands.png)\n")
    image_line = _line_of(other, "images/hands.png")
    result = _make_build(project)
    log = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in log
    assert _reported(log) == [
        f"content/handbook/03-listening.md:{link_line}: 链接“07-complaint.md#倾听投诉内容”：找不到页面“handbook/07-complaint.md”",
        f"content/handbook/05-nonverbal.md:{image_line}: 图片“images/hands.png”：找不到文件“handbook/images/hands.png”",
    ]
    # Ours comes first: MkDocs' English warning, if it appears at all, comes after.
    english = log.find("contains a link")
    assert english == -1 or english > log.find("链接“07-complaint.md")


def test_serve_reports_the_same_list_as_build(project):
    bad_inputs.apply(bad_inputs.Case("two-files", [
        bad_inputs.book("zz-titel", ("title: 测试话术本", "titel: 测试话术本")),
        bad_inputs.bank("zz-answer", ("    answer: a", "    answer: e"))]), project)
    result = _make_build(project)
    built = _reported(result.stdout + result.stderr)
    assert built == [
        "content/phrasebooks/zz-titel.yml:1: 话术本有未知字段“titel”，是不是“title”？"
        "可用的字段：title、order、intro、defaults、cards",
        "content/quizzes/zz-answer.yml:11: 题目“zz-answer”的字段“answer”：选项“e”不存在，可选的有 a、b",
    ]
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUTF8="1")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr",
                               f"127.0.0.1:{free_port()}"], cwd=project, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        log, deadline = "", time.monotonic() + 60
        while "处错误" not in log and time.monotonic() < deadline and server.poll() is None:
            log += server.stdout.readline()
    finally:
        server.kill()
        server.wait(timeout=10)
    assert _reported(log) == built
    assert "Traceback" not in log


def test_stale_after_days_must_be_a_positive_number(project):
    _edit(project / "mkdocs.yml", "stale_after_days: 365", "stale_after_days: 一年")
    result = _make_build(project)
    log = result.stdout + result.stderr
    assert result.returncode != 0
    assert "mkdocs.yml 的 extra.kb.stale_after_days 应为正整数（天数），实际为“一年”" in log
