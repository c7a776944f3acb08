"""Search quality: run agent queries through the real header search box and check what opens.

A hit counts only when the card or section a result opens contains the
expected script. Used by tests/browser/test_search.py and `make bench`.
"""
from __future__ import annotations

import functools
import re
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup

from conftest import ROOT, run_search

QUERIES = ROOT / "tests" / "fixtures" / "search_queries.tsv"


def load_queries(path: Path = QUERIES) -> list[tuple[str, str, str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            query, target, expected = line.split("\t")
            rows.append((query, target, expected))
    return rows


@functools.lru_cache(maxsize=None)
def _soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def opened_text(site: Path, url: str) -> str:
    """The text of the card or section a result link opens (the whole article without a fragment)."""
    parts = urlsplit(url)
    path = unquote(parts.path).lstrip("/")
    page = site / path / "index.html" if not path.endswith(".html") else site / path
    soup = _soup(page)
    fragment = unquote(parts.fragment)
    target = soup.find(id=fragment) if fragment else None
    if target is None:
        return soup.select_one("article").get_text(" ")
    holder = target.find_parent(attrs={"data-card": True}) or target.find_parent("tr")
    if holder is not None:
        return holder.get_text(" ")
    level = int(target.name[1]) if re.fullmatch(r"h[1-6]", target.name or "") else 6
    texts = [target.get_text(" ")]
    for sibling in target.find_next_siblings():
        if re.fullmatch(r"h[1-6]", sibling.name or "") and int(sibling.name[1]) <= level:
            break
        texts.append(sibling.get_text(" "))
    return " ".join(texts)


def measure(page, site: Path, queries=None) -> dict:
    """Top-1 and top-3 hit rates, plus the misses, for a page already open on the site."""
    queries = queries or load_queries()
    rows = []
    for query, target, expected in queries:
        links = run_search(page, query)
        hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 3))]
        urls = [urljoin(page.url, href) for href in hrefs]
        hits = [expected in opened_text(site, url).replace("\u200b", "") for url in urls]
        rows.append({"query": query, "target": target, "urls": urls,
                     "top1": bool(hits[:1] and hits[0]), "top3": any(hits)})
    total = len(rows)
    return {
        "total": total,
        "top1": sum(r["top1"] for r in rows) / total,
        "top3": sum(r["top3"] for r in rows) / total,
        "misses": [r for r in rows if not r["top1"]],
    }
