"""The search index behind the header box: one entry per card, rule, handbook section and page.

Material's own index supplies the handbook sections and pages (already split at
headings); cards and rules come from their structured data so their aliases,
tags and categories are fields of their own. The browser engine
(content/assets/kb/search.js) scores CJK bigrams over these fields.
"""
from __future__ import annotations

import re
from pathlib import Path


from kb import cards as kb_cards
from kb.loader import DataError, ListOf, NonEmptyText, Schema, load_file, raise_collected

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class SynonymsSchema(Schema):
    groups = ListOf(ListOf(NonEmptyText()))


def load_synonyms(path: Path, root: Path | None = None, errors: list[DataError] | None = None) -> list[list[str]]:
    raising, errors = errors is None, ([] if errors is None else errors)
    groups = load_file(path, SynonymsSchema, "同义词表", root, errors)[1]["groups"]
    if raising:
        raise_collected(errors)
    return groups or []


def _plain(html: str) -> str:
    return _SPACE.sub(" ", _TAGS.sub(" ", html).replace("\u200b", "")).strip()


def card_entry(card: dict, book_title: str) -> list:
    body = " ".join([card["situation"], *kb_cards.script_lines(card), card["why"], card["avoid"] or ""])
    alias = " ".join([*card["aliases"], *card["tags"], card["stage_label"]])
    return ["card", f"phrasebooks/{card['book']}/#{card['id']}", card["title"], alias, body, book_title]


def rule_entry(rule: dict) -> list:
    body = " ".join([*rule["replacements"], rule["reason"], *(e["bad"] + " " + e["good"] for e in rule["examples"])])
    title = "服务禁语:" + "、".join(rule["forbidden"])
    return ["rule", f"rules/#{rule['id']}", title, rule["category"], body, rule["category"]]


def material_entries(material_docs: list[dict], skip_prefixes: tuple[str, ...]) -> list[list]:
    """Sections and pages from Material's index, minus what cards and rules cover better."""
    entries, page_titles = [], {}
    for doc in material_docs:
        location = doc["location"]
        if location.startswith(skip_prefixes):
            continue
        page, _, anchor = location.partition("#")
        title = _plain(doc["title"])
        if not anchor:
            page_titles[page] = title
            entries.append(["page", location, title, "", _plain(doc["text"])])
        else:
            # The chapter title is only a label: as a field it would make every section of a chapter match.
            entries.append(["section", location, title, "", _plain(doc["text"]), page_titles.get(page, "")])
    return entries


def index_data(books: list[dict], rule_list: dict, material_docs: list[dict], synonyms: list[list[str]]) -> dict:
    cards = [card_entry(card, book["title"]) for book in books for card in book["cards"]]
    rules = [rule_entry(rule) for rule in rule_list["rules"]]
    # Card and rule sections are indexed from their data; the browse lists and
    # quiz pages would only echo them.
    skip = tuple(f"phrasebooks/{book['slug']}/#" for book in books) + (
        "rules/#", "phrasebooks/tags/", "phrasebooks/#")
    return {"fields": ["kind", "url", "title", "alias", "body", "group"], "synonyms": synonyms,
            "docs": cards + rules + material_entries(material_docs, skip)}
