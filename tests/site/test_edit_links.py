"""Edit from the page: with repo_url and edit_uri, every page has Material's edit button and every
card and rule an 编辑 link to its YAML line; without them (the default), nothing is shown."""
from __future__ import annotations

import re

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, copy_project, run_mkdocs_build

REPO = "https://git.example.com/kb/handbook"
EDIT_URI = "edit/main/content/"
PHRASEBOOKS = ROOT / "content" / "phrasebooks"


@pytest.fixture(scope="module")
def site_with_repo(tmp_path_factory):
    project = copy_project(tmp_path_factory.mktemp("repo-project"))
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("docs_dir: content\n", f"docs_dir: content\nrepo_url: {REPO}\nedit_uri: {EDIT_URI}\n"),
                      encoding="utf-8")
    site = tmp_path_factory.mktemp("repo-site")
    result = run_mkdocs_build(site, config, cwd=project)
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert not [line for line in log.splitlines() if re.match(r"\s*WARNING", line)], log
    return site


def _soup(site, rel):
    return BeautifulSoup((site / rel).read_text(encoding="utf-8"), "html.parser")


def _line(path, number):
    return (ROOT / path).read_text(encoding="utf-8").splitlines()[number - 1]


def test_without_a_repository_nothing_is_shown(soup_of):
    for rel in ["index.html", "handbook/01-basics/index.html", "phrasebooks/opening/index.html", "rules/index.html"]:
        soup = soup_of(rel)
        assert soup.select(".kb-edit, a.md-content__button, .md-source") == [], rel
        assert "编辑" not in soup.select_one("article").get_text(), rel


def test_every_card_links_to_its_yaml_line(site_with_repo):
    total = 0
    for path in sorted(PHRASEBOOKS.glob("*.yml")):
        soup = _soup(site_with_repo, f"phrasebooks/{path.stem}/index.html")
        for card in yaml.safe_load(path.read_text(encoding="utf-8"))["cards"]:
            link = soup.select_one(f'[data-card="{card["id"]}"] .kb-edit a')
            assert link is not None and link.get_text() == "编辑", card["id"]
            prefix = f"{REPO}/blob/main/content/phrasebooks/{path.stem}.yml#L"
            assert link["href"].startswith(prefix), link["href"]
            line = int(link["href"][len(prefix):])
            # The line the link opens is where the card starts.
            assert re.match(rf"\s*-\s*id:\s*{re.escape(card['id'])}\s*$", _line(f"content/phrasebooks/{path.stem}.yml", line))
            total += 1
    assert total >= 50


def test_every_rule_links_to_its_yaml_line(site_with_repo):
    rules = yaml.safe_load((ROOT / "content/rules/forbidden.yml").read_text(encoding="utf-8"))["rules"]
    soup = _soup(site_with_repo, "rules/index.html")
    for rule in rules:
        link = soup.select_one(f'tr[data-rule="{rule["id"]}"] a.kb-edit')
        prefix = f"{REPO}/blob/main/content/rules/forbidden.yml#L"
        assert link is not None and link["href"].startswith(prefix), rule["id"]
        assert re.match(rf"\s*-\s*id:\s*{re.escape(rule['id'])}\s*$", _line("content/rules/forbidden.yml", int(link["href"][len(prefix):])))


@pytest.mark.parametrize("rel, source", [
    ("index.html", "index.md"),
    ("handbook/01-basics/index.html", "handbook/01-basics.md"),
    ("phrasebooks/opening/index.html", "phrasebooks/opening.yml"),
    ("rules/index.html", "rules/forbidden.yml"),
    ("quizzes/ch01-basics/index.html", "quizzes/ch01-basics.yml"),
])
def test_every_page_has_an_edit_button_to_its_source(site_with_repo, rel, source):
    button = _soup(site_with_repo, rel).select_one("a.md-content__button")
    assert button is not None and button["href"] == f"{REPO}/{EDIT_URI}{source}"
    assert (ROOT / "content" / source).is_file()


@pytest.mark.parametrize("rel", ["cheatsheet/index.html", "phrasebooks/tags/index.html", "quizzes/generated-rules/index.html"])
def test_pages_made_from_many_files_have_no_edit_button(site_with_repo, rel):
    assert _soup(site_with_repo, rel).select_one("a.md-content__button") is None
