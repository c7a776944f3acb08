"""The search index behind the header box: one entry per card, rule, handbook section and page.

Material's own index supplies the handbook sections and pages (already split at
headings); cards and rules come from their structured data so their aliases,
tags and categories are fields of their own. The browser engine
(content/assets/kb/search-engine.js) scores them; its pinyin and typo data come
from kb.search_pinyin.
"""
from __future__ import annotations

import re
from pathlib import Path


from kb import cards as kb_cards
from kb import search_index
from kb import search_related
from kb.search_pinyin import key_terms, pinyin_data
from kb.search_text import normalise
from kb.loader import DataError, ListOf, NonEmptyText, Schema, item_line, load_file, raise_collected

_TAGS = re.compile(r"<[^>]+>")
_SPACE = re.compile(r"\s+")


class SynonymsSchema(Schema):
    groups = ListOf(ListOf(NonEmptyText(), at_least=2, noun="个词", why="一组里的词互相替换，只有一个词的组不起作用"),
                    unit="组")


def load_synonyms(path: Path, root: Path | None = None, errors: list[DataError] | None = None) -> list[list[str]]:
    return _load_groups(path, SynonymsSchema, "groups", "同义词表", root, errors)


class GlossarySchema(Schema):
    groups = ListOf(ListOf(NonEmptyText(), at_least=2, noun="个词", why="先写英文词，再写它对应的中文词"), unit="组")


def load_glossary(path: Path, root: Path | None = None, errors: list[DataError] | None = None) -> list[list[str]]:
    """English words agents mix in, each with the Chinese words a query should use instead."""
    groups = _load_groups(path, GlossarySchema, "groups", "中英混输词表", root, errors)
    return [[group[0].lower(), *group[1:]] for group in groups]


class PinyinSchema(Schema):
    overrides = ListOf(ListOf(NonEmptyText()), unit="组")


def load_pinyin_overrides(path: Path, root: Path | None = None,
                          errors: list[DataError] | None = None) -> dict[str, list[str]]:
    """Domain readings of polyphonic words (重复 chong, 银行 hang), applied on top of pypinyin's phrases."""
    raising, errors = errors is None, ([] if errors is None else errors)
    data, table, name = load_file(path, PinyinSchema, "拼音读音更正", root, errors)
    pairs = table["overrides"] or []
    overrides = {}
    for index, pair in enumerate(pairs):
        word, reading = (pair + ["", ""])[:2]
        syllables = reading.split()
        if len(pair) != 2 or len(syllables) != len(word) or not all(s.isascii() and s.isalpha() for s in syllables):
            errors.append(DataError(name, item_line(data.get("overrides"), index, data.line_of("overrides")),
                                    f"拼音读音更正的字段“overrides”：第 {index + 1} 组应写成 [词, 拼音]，"
                                    f"每个字一个不带声调的音节，用空格隔开，如 [重复, chong fu]"))
            continue
        overrides[word] = [syllable.lower() for syllable in syllables]
    if raising:
        raise_collected(errors)
    return overrides


def _load_groups(path, schema, key, label, root, errors):
    raising, errors = errors is None, ([] if errors is None else errors)
    groups = load_file(path, schema, label, root, errors)[1][key]
    if raising:
        raise_collected(errors)
    return groups or []


def _plain(html: str) -> str:
    return _SPACE.sub(" ", _TAGS.sub(" ", html).replace("\u200b", "")).strip()


def card_entry(card: dict, book_title: str) -> list:
    body = " ".join([card["situation"], *kb_cards.script_lines(card), card["why"], card["avoid"] or ""])
    alias = " ".join([*card["aliases"], *card["descriptions"], *card["tags"], card["stage_label"]])
    # The situation is what the card is for: scored above incidental words in the script.
    # The main script, every line, is what Ctrl+Enter and the result's 复制 button copy.
    return ["card", f"phrasebooks/{card['book']}/#{card['id']}", card["title"], alias, body, book_title,
            card["situation"], kb_cards.main_script(card)]


def rule_entry(rule: dict) -> list:
    body = " ".join([*rule["replacements"], rule["reason"], *(e["bad"] + " " + e["good"] for e in rule["examples"])])
    title = "服务禁语：" + "、".join(rule["forbidden"])
    return ["rule", f"rules/#{rule['id']}", title, " ".join([rule["category"], *rule["aliases"]]), body, rule["category"]]


def material_entries(material_docs: list[dict], skip_prefixes: tuple[str, ...], aliases: dict | None = None) -> list[list]:
    """Sections and pages from Material's index, minus what cards and rules cover better; a section's
    aliases (`aliases`, location → words: kb.section_aliases) are its situation field."""
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
            entries.append(["section", location, title, "", _plain(doc["text"]),
                            page_titles.get(page, ""), (aliases or {}).get(location, "")])
    return entries


KINDS = ["card", "rule", "section", "page"]


def entry_fields(row: list, related: list[str] = ()) -> dict[str, list[str]]:
    """The indexed text of one entry, field by field, cut into normalised pieces; `related`: the
    words near its meaning (search_related.entry_expansions), indexed but never shown."""
    kind, _url, title, alias, body, *rest = row
    group = rest[0] if rest else ""
    return {"title": search_index.pieces(title, normalise),
            # A card's phrasebook (升级转接, 投诉处理) names its situation as much as its tags do.
            "alias": search_index.pieces(f"{alias} {group}" if kind == "card" else alias, normalise),
            "situation": search_index.pieces(rest[1] if len(rest) > 1 else "", normalise),
            "body": search_index.pieces(body, normalise),
            "related": list(related)}


def packed_index(data: dict) -> bytes:
    """The file the browser loads (hooks/kb/search_index.py): postings built, docs stored once."""
    header = {key: value for key, value in data.items() if key not in ("docs", "expansions")}
    return search_index.pack(header, data["docs"], KINDS, _fields(data))


def analysed(data: dict) -> None:
    """Every entry's terms counted, as packed_index() counts them, but nothing packed: what a build
    does with the cards and rules before the pages exist, so that packing then joins, not cuts."""
    analyser = search_index.Analyser()
    for fields in _fields(data):
        analyser.terms(fields)


def _fields(data: dict) -> list[dict[str, list[str]]]:
    expansions = data.get("expansions") or [()] * len(data["docs"])
    return [entry_fields(row, related) for row, related in zip(data["docs"], expansions)]


def index_data(books: list[dict], rule_list: dict, material_docs: list[dict], synonyms: list[list[str]],
               glossary: list[list[str]] = (), overrides: dict[str, list[str]] | None = None,
               log: bool = True, section_aliases: dict | None = None) -> dict:
    cards = [card_entry(card, book["title"]) for book in books for card in book["cards"]]
    rules = [rule_entry(rule) for rule in rule_list["rules"]]
    descriptions = frozenset(text for book in books for card in book["cards"] for text in card["descriptions"])
    return entries_index(cards + rules + material_entries(material_docs, skip_prefixes(books), section_aliases),
                         synonyms, glossary, overrides, log, descriptions)


def skip_prefixes(books: list[dict]) -> tuple[str, ...]:
    """Locations of Material's index that are left out: cards and rules are indexed from their data,
    and the browse lists and quiz pages would only echo them."""
    return tuple(f"phrasebooks/{book['slug']}/#" for book in books) + ("rules/#", "phrasebooks/tags/", "phrasebooks/#")


def entries_index(docs: list[list], synonyms: list[list[str]], glossary=(), overrides: dict | None = None,
                  log: bool = True, descriptions: frozenset = frozenset()) -> dict:
    """The index data of finished entries: what index_data returns, and what the engine's tests build.
    `descriptions`: the cards' descriptions, which share the alias field with their aliases."""
    extra = [word for group in synonyms for word in group] + [word for group in glossary for word in group[1:]]
    # Known terms earn a bonus where an entry contains them (aliases and tags of cards, synonyms).
    # A description still earns the name bonus, not a term's as well.
    known = {normalise(word) for word in {word for row in docs if row[0] == "card" for word in row[3].split(" ")
                                          if word not in descriptions}}
    known |= {normalise(word) for group in synonyms for word in group}
    # The word vectors are parsed once for both uses (search_related.py).
    own_words = search_related.entry_words(docs)
    names = search_related.name_words(own_words)
    vectors = search_related.vectors(names)
    return {"fields": ["kind", "url", "title", "alias", "body", "group", "situation", "script"], "synonyms": synonyms,
            "known_terms": sorted(term for term in known if len(term) > 1),
            "glossary": [list(group) for group in glossary],
            "pinyin": pinyin_data(key_terms(docs, extra, overrides or {}, descriptions)),
            "related": search_related.related_words(names, vectors),
            "agent_placeholders": list(kb_cards.FORM_PLACEHOLDERS), "log": log, "docs": docs,
            "expansions": search_related.entry_expansions(own_words, vectors)}
