"""已更新 and 最近更新 in the built site: versions.json covers every item, the page lists git history,
and a build without git (a tarball) or with hostile commit subjects still gives a safe page."""
from __future__ import annotations

import datetime
import json
import os
import re
import subprocess

import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_mkdocs_build

ITEM = re.compile(r"^[0-9a-f]{12}$")
DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _versions(site):
    return json.loads((site / "assets/kb/versions.json").read_text(encoding="utf-8"))["items"]


def _article(site, path="updates/index.html"):
    soup = BeautifulSoup((site / path).read_text(encoding="utf-8"), "html.parser")
    return soup, soup.select_one("article.md-content__inner")


def test_every_card_rule_and_handbook_section_has_a_version(site):
    items = _versions(site)
    cards = [card["id"] for path in sorted((ROOT / "content/phrasebooks").glob("*.yml"))
             for card in yaml.safe_load(path.read_text(encoding="utf-8"))["cards"]]
    rules = [rule["id"] for rule in yaml.safe_load((ROOT / "content/rules/forbidden.yml").read_text(encoding="utf-8"))["rules"]]
    assert {f"card:{card}" for card in cards} <= set(items)
    assert {f"rule:{rule}" for rule in rules} <= set(items)
    for chapter in sorted((ROOT / "content/handbook").glob("*.md")):
        soup = BeautifulSoup((site / "handbook" / (chapter.stem if chapter.stem != "index" else "")
                              / "index.html").read_text(encoding="utf-8"), "html.parser")
        page = "handbook/" + ("" if chapter.stem == "index" else chapter.stem + "/")
        headings = [h["id"] for h in soup.select("article.md-content__inner h2[id], article.md-content__inner h3[id]")]
        assert {f"section:{page}#{anchor}" for anchor in headings} <= set(items), chapter.name
    assert len(items) == len(cards) + len(rules) + sum(key.startswith("section:") for key in items)
    assert all(ITEM.match(value[0]) and DAY.match(value[1]) for value in items.values())


def test_the_updates_page_is_in_the_nav_and_linked_from_the_home_page(site):
    soup, article = _article(site)
    assert article.h1.get_text(strip=True).startswith("最近更新")
    assert [link.get_text(strip=True) for link in soup.select("nav.md-nav--primary a.md-nav__link[href='./']")
            if link.get_text(strip=True) == "最近更新"], "最近更新 is not in the nav"
    home, home_article = _article(site, "index.html")
    assert home_article.select_one("a[href='updates/']").get_text() == "最近更新"
    # What the page says depends on this checkout (a CI clone is shallow); a fresh repository
    # with a known commit is built below. Here: it says one of its three things.
    text = article.get_text()
    assert article.select("h2") or "没有内容改动" in text or "历史记录不可用" in text


def _check_listing(site, article):
    """Dates newest first; each commit says what changed, with links that lead somewhere, and its subject."""
    days = [h2.get_text(strip=True).rstrip("¶") for h2 in article.select("h2")]
    assert days and days == sorted(days, reverse=True)
    for item in article.select("h2 + ul > li"):
        assert item.get_text().startswith("改动：") and "说明：" in item.get_text()
    # Every link leads to a built page, and a card's or rule's to its heading there.
    anchored = 0
    for link in article.select("li a"):
        path, _, anchor = link["href"].partition("#")
        target = (site / "updates" / path / "index.html").resolve()
        assert target.is_file(), link["href"]
        if anchor:
            anchored += 1
            assert BeautifulSoup(target.read_text(encoding="utf-8"), "html.parser").find(id=anchor), link["href"]
    assert anchored, "no card or rule is named on the page"


def _git(folder, *args):
    env = dict(os.environ, GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t",
               GIT_COMMITTER_EMAIL="t@example.com", GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def _build(project):
    result = run_mkdocs_build(project / "out", project / "mkdocs.yml", cwd=project)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not [line for line in log.splitlines() if re.match(r"\s*WARNING", line)], log
    return project / "out"


def test_a_build_without_git_succeeds_and_says_history_is_unavailable(tmp_path):
    project = copy_project(tmp_path / "tarball")
    # As unpacked from a tarball: no .git here, and no repository above it either.
    assert not (project / ".git").exists()
    found = subprocess.run(["git", "rev-parse", "--git-dir"], cwd=project, capture_output=True)
    assert found.returncode != 0
    site = _build(project)
    _, article = _article(site)
    text = article.get_text()
    assert "历史记录不可用：读不到 content/ 所在的 git 仓库（例如从压缩包构建，没有 .git）。" in text
    assert not article.select("h2")
    today = datetime.date.today().isoformat()
    assert {value[1] for value in _versions(site).values()} == {today}


def test_commit_subjects_are_text_on_the_updates_page(tmp_path):
    project = copy_project(tmp_path / "repo")
    book = project / "content/phrasebooks/closing.yml"
    book.write_text(book.read_text(encoding="utf-8").replace("title: 结束语\n", "title: 结束语 & <b>收尾</b>\n", 1),
                    encoding="utf-8")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    hostile = ('<script>alert(1)</script><img src=x onerror=alert(2)> [点我](javascript:alert(3)) '
               '{: onclick="alert(4)" } **粗体** # 标题')
    _git(project, "commit", "-q", "-m", hostile)
    site = _build(project)
    _, article = _article(site)
    item = article.select_one("h2 + ul > li")
    assert item.get_text().split("说明：", 1)[1].strip() == hostile
    assert not article.select("script, img, strong, [onclick], a[href^='javascript']")
    # The one commit added every card and rule: each is named and linked on its page.
    assert article.select_one("h2").get_text(strip=True).rstrip("¶") == datetime.date.today().isoformat()
    _check_listing(site, article)
    assert "新增“无声电话”" in item.get_text()
    # A title from YAML is text, escaped once: not markup, and not "&amp;amp;".
    assert "话术本 结束语 & <b>收尾</b>（" in item.get_text()


def test_a_build_on_a_machine_without_git_succeeds_and_says_so(tmp_path, monkeypatch):
    project = copy_project(tmp_path / "repo")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "起步")
    # mkdocs runs from the venv's python by its full path; git is nowhere on PATH.
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    site = _build(project)
    _, article = _article(site)
    assert "历史记录不可用：构建机器上没有 git 命令。" in article.get_text()
