"""Deep nesting is refused at its line before libyaml composes it.

libyaml's composer recurses on the C stack: about 30,000 nested [ killed the build with a
segfault and no message. Each case runs in a subprocess, so a crash shows as a return code
instead of taking pytest down with it.
"""
from __future__ import annotations

import subprocess
import sys
import time

from conftest import ROOT, copy_project, run_mkdocs_build

DEEP_BOOK = "title: 深\norder: 99\ncards: " + "[" * 40000 + "]" * 40000 + "\n"
DEEP_DASHES = "title: 深\norder: 99\ncards:\n  " + "- " * 40000 + "x\n"
DEEP_PAGE = "---\ntitle: 案例\nx: " + "[" * 40000 + "]" * 40000 + "\n---\n# 案例\n\n正文。\n"
BOOK_MESSAGE = "content/phrasebooks/deep.yml:3: 嵌套超过 20 层；话术本、题库和禁语表都用不到这么深的结构"
PAGE_MESSAGE = ("content/handbook/12-cases.md:3: 页面头部（front matter）嵌套超过 20 层；"
                "页面头部只写 title、description 这样的简单字段")


def _run(code: str, tmp_path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", f"import sys; sys.path.insert(0, {str(ROOT / 'hooks')!r})\n{code}"],
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)


def _load(text: str, tmp_path) -> subprocess.CompletedProcess:
    folder = tmp_path / "content" / "phrasebooks"
    folder.mkdir(parents=True)
    (folder / "deep.yml").write_text(text, encoding="utf-8")
    return _run("from pathlib import Path\nfrom kb.yaml_source import load_yaml, DataError\n"
                "try:\n    load_yaml(Path('content/phrasebooks/deep.yml'), Path('.'))\n"
                "except DataError as error:\n    print(error)\n", tmp_path)


def test_forty_thousand_brackets_in_a_phrasebook_are_a_message(tmp_path):
    result = _load(DEEP_BOOK, tmp_path)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, BOOK_MESSAGE, "")


def test_forty_thousand_nested_list_items_are_a_message(tmp_path):
    result = _load(DEEP_DASHES, tmp_path)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, BOOK_MESSAGE.replace(":3:", ":4:"), "")


def test_deep_front_matter_is_a_message(tmp_path):
    (tmp_path / "page.md").write_text(DEEP_PAGE, encoding="utf-8")
    result = _run("from pathlib import Path\nfrom kb.yaml_source import check_front_matter, DataError\n"
                  "try:\n    check_front_matter(Path('page.md').read_text(encoding='utf-8'), "
                  "'content/handbook/12-cases.md')\nexcept DataError as error:\n    print(error)\n", tmp_path)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, PAGE_MESSAGE, "")


def test_front_matter_as_mkdocs_reads_it_passes(tmp_path):
    """Only the block MkDocs takes for front matter is read: deep brackets in the body are text."""
    from kb.yaml_source import check_front_matter
    check_front_matter("---\ntitle: 案例\n---\n" + "[" * 40000 + "\n", "page.md")
    check_front_matter("# 案例\n\n---\nx: " + "[" * 40000 + "\n---\n", "page.md")
    check_front_matter("---\ntitle: 案例\nhide: [toc]\n---\n# 案例\n", "page.md")


def test_real_files_are_not_walked_twice():
    """The event walk costs a pass in Python; only a file that might be deep pays for it."""
    from kb import yaml_source
    worst = max(yaml_source._possible_depth(path.read_text(encoding="utf-8"))
                for path in (ROOT / "content").rglob("*.yml"))
    assert worst < yaml_source.WALK_ABOVE / 4
    assert yaml_source._possible_depth(DEEP_BOOK) > yaml_source.WALK_ABOVE


def test_deep_front_matter_fails_the_build_and_keeps_the_old_site(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "content" / "handbook" / "12-cases.md").write_text(DEEP_PAGE, encoding="utf-8")
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("旧的站点\n", encoding="utf-8")
    (site / "kb").mkdir()
    (site / "kb" / "old.json").write_text("{}\n", encoding="utf-8")
    started = time.perf_counter()
    result = run_mkdocs_build(site, project / "mkdocs.yml", project)
    log = result.stdout + result.stderr
    assert result.returncode == 1, log
    assert PAGE_MESSAGE in log
    assert "Traceback" not in log
    assert sorted(p.relative_to(site).as_posix() for p in site.rglob("*")) == ["index.html", "kb", "kb/old.json"]
    assert (site / "index.html").read_text(encoding="utf-8") == "旧的站点\n"
    assert time.perf_counter() - started < 120


def test_a_deep_old_version_in_history_is_skipped(tmp_path):
    """kb.changes reads phrasebooks of recent commits: a deep one once committed crashed every later build."""
    result = _run("from kb import changes\n"
                  f"print(changes.items_of('phrasebooks/book.yml', {DEEP_DASHES!r}))\n", tmp_path)
    assert (result.returncode, result.stdout.strip(), result.stderr) == (0, "None", "")
