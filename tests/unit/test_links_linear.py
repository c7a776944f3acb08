"""What trainers write is parsed in linear time: 100 KB lines of every kind do not stall `make check`.

A heading with 3,000 spaces before its last character once took 61 s (the cost grew with the
cube of the line). A pattern that backtracks over a long line would take hours on these, so the
timeout below separates linear from not by orders of magnitude; make bench reports real timings.
"""
from __future__ import annotations

import subprocess
import sys
import time

import pytest

from kb import front_matter
from conftest import ROOT, copy_project
from kb import links

N = 100_000
LINES = {
    "heading": "# a" + " " * N + "b",
    "heading-hashes": "# a" + " #" * (N // 2) + "b",
    "explicit-id": "## 标题 {" + " " * N,
    "explicit-ids": "{#" * (N // 2),
    "html-id": "<div" + " id" * (N // 3),
    "html-open": "<" + " " * N,
    "link-spaces": "[a](" + " " * N + "x",
    "link-titles": "[a](" + ' "' * (N // 2),
    "brackets": "[a" * (N // 2),
    "image-text": "# " + "![" * (N // 2),
    "code-spans": "`a" * (N // 2),
    "reference": "[" + "a" * N + "]:",
    # Each "[" starts a link whose target or title once ran to the end of the line (45 s for this one).
    "link-targets": "[a](" * (N // 4),
    "link-angle-targets": "[a](<" * (N // 5),
    "image-targets": "![a](" * (N // 5),
    "link-titles-open": '[a](x "' * (N // 7),
    # Read by the prose gate (kb.prose) as the page shows them.
    "comments": "“<!--" * (N // 5),
    "ascii-quotes": '"客' * (N // 2),
    "entities-and-tags": "“&#24402;<span" * (N // 14),
}


@pytest.mark.parametrize("kind", LINES)
def test_a_100_kb_line_is_read_in_linear_time(kind):
    started = time.perf_counter()
    links.anchors(LINES[kind])
    links.check_markdown(LINES[kind], "handbook/x.md", "x", {})
    assert time.perf_counter() - started < 2


def test_a_100_kb_front_matter_line_is_read_in_linear_time():
    started = time.perf_counter()
    found = front_matter.lines_of_keys("---\n" + "a" + " " * N + "b\ntitle  : 标题\n---\n")
    assert time.perf_counter() - started < 2
    assert found == {"title": 3}


def test_make_check_on_a_page_of_long_lines_finishes(tmp_path):
    project = copy_project(tmp_path / "project")
    page = project / "content/handbook/03-listening.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n" + "\n\n".join(LINES.values()) + "\n", encoding="utf-8")
    started = time.perf_counter()
    result = subprocess.run([sys.executable, str(project / "scripts" / "check.py")], cwd=project,
                            capture_output=True, text=True, timeout=60)
    elapsed = time.perf_counter() - started
    assert "Traceback" not in result.stderr, result.stderr
    assert elapsed < 20, f"make check took {elapsed:.1f} s on 100 KB lines"


def test_headings_keep_their_anchors():
    page = ("# 标题 ##\n## C#\n## 带 `#` 的 {#own-id}\n### [链接](a.md) 和 *强调* {: .cls }\n"
            "<div id=\"x\" name='y'>\n```\n# 代码里\n```\n## 重复\n## 重复\n")
    assert links.anchors(page) == {"标题", "c", "own-id", "链接-和-强调", "x", "y", "重复", "重复_1"}
