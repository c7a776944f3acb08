"""The pages' sections as Material's search plugin indexes them, read before the templates are rendered.

Material collects its index while rendering each page's template; the search
hook needs the same sections as soon as every page's HTML exists (MkDocs'
on_env), so that the index is packed beside the template rendering
(hooks/kb/background.py). It uses Material's own section parser and page
handling, so the entries are the ones Material writes; the hook still compares
them with Material's index at the end of the build.
"""
from __future__ import annotations

from material.plugins.search.plugin import SearchIndex


def sections(pages: list, material_config: dict, skip_prefixes: tuple[str, ...]) -> list[dict]:
    """Material's index entries (location, title, text) for `pages`, less those under `skip_prefixes`."""
    index = SearchIndex(**material_config)
    for page in pages:
        if not page.url.startswith(skip_prefixes):
            index.add_entry_from_context(page)
    return [entry for entry in index.entries if not entry["location"].startswith(skip_prefixes)]


def only_own_entry(page, skip_prefixes: tuple[str, ...]) -> bool:
    """A page of which the index keeps the page's own entry and none of its sections (a phrasebook,
    whose cards are indexed from their data): Material need not read its thousands of cards again."""
    return page.url + "#" in skip_prefixes


def exclude_from_material(page) -> None:
    page.meta = {**page.meta, "search": {**(page.meta.get("search") or {}), "exclude": True}}
