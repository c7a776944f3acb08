"""The handbook builds strictly, every chapter is in the nav in order, anchors are readable."""
from __future__ import annotations

import re

import yaml

from conftest import ROOT

CJK = re.compile(r"[\u4e00-\u9fff]")


def _handbook_nav():
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for entry in config["nav"]:
        if "手册" in entry:
            return entry["手册"]
    raise AssertionError("mkdocs.yml nav has no 手册 section")


def _outline():
    """Chapter titles and their section titles, as the repository records them."""
    data = yaml.safe_load((ROOT / "tests" / "fixtures" / "handbook_outline.yml").read_text(encoding="utf-8"))
    return [(chapter["title"], chapter["sections"]) for chapter in data["chapters"]]


def _chapter_titles():
    return [title for title, _ in _outline()]


def test_strict_build_logs_no_warning(build):
    _, log = build
    assert "Documentation built" in log


def test_every_chapter_is_in_the_nav_in_order(soup_of):
    expected = _chapter_titles()
    assert len(expected) == 12
    nav_links = soup_of("index.html").select("nav.md-nav--primary a.md-nav__link[href*='handbook/']")
    chapter_links = [a.get_text(" ", strip=True) for a in nav_links if re.match(r"第\d+章", a.get_text(strip=True))]
    assert chapter_links == [f"第{i}章 {title}" for i, title in enumerate(expected, 1)]


def test_every_chapter_page_has_the_outline_sections_in_order(soup_of):
    outline = _outline()
    chapter_pages = [
        path for item in _handbook_nav() if isinstance(item, dict)
        for title, path in item.items() if title.startswith("第")
    ]
    assert len(chapter_pages) == len(outline) == 12
    for (title, sections), path in zip(outline, chapter_pages):
        soup = soup_of(path.replace(".md", "/index.html"))
        assert title in soup.find("h1").get_text(strip=True), path
        headings = [h.get_text(strip=True).rstrip("¶") for h in soup.select("article h2")]
        assert len(sections) == 5
        assert [h for h in headings if h in sections] == sections, f"{path}: sections {headings}"
        # Every section carries text, not just a heading.
        for heading in soup.select("article h2"):
            assert heading.find_next_sibling().name != "h2", f"{path}: empty section {heading.get_text()}"


def test_headings_have_readable_chinese_anchors(site, soup_of):
    pages = sorted(site.glob("handbook/**/index.html"))
    assert len(pages) >= 13
    checked = 0
    for page in pages:
        soup = soup_of(str(page.relative_to(site)))
        for heading in soup.select("article h2[id], article h3[id]"):
            anchor = heading["id"]
            assert CJK.search(anchor), f"{page}: heading anchor {anchor!r} is not readable"
            assert not re.fullmatch(r"_\d+", anchor), anchor
            checked += 1
    assert checked > 60
    assert soup_of("handbook/09-emotions/index.html").find(id="应对情绪激动的客户")


def test_seed_boilerplate_is_not_in_content():
    boilerplate = ["VIP", "原创力文档", "book118", "金锄头", "上传人", "版权所有", "文档贡献者", "下载"]
    for path in (ROOT / "content").rglob("*"):
        if path.suffix in {".md", ".yml"}:
            text = path.read_text(encoding="utf-8")
            for word in boilerplate:
                assert word not in text, f"{path}: contains download-site boilerplate {word!r}"


def test_trainer_pages_are_one_entry_outside_the_agents_navigation(soup_of):
    nav = soup_of("index.html").select_one("nav.md-nav--primary")
    labels = [link.get_text(" ", strip=True) for link in nav.select("a.md-nav__link")]
    assert not any("过期卡片" in label or "自动生成" in label for label in labels), labels
    trainers = [link for link in nav.select("a.md-nav__link") if link.get_text(strip=True) == "培训师"]
    assert len(trainers) == 1 and trainers[0]["href"].endswith("trainers/")
    page = soup_of("trainers/index.html").select_one("article")
    hrefs = [a["href"] for a in page.select("a[href]")]
    assert any(h.endswith("stale/") for h in hrefs) and any("generated-rules" in h for h in hrefs)
