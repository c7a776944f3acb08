"""Everything the site reads from content/, loaded and checked in one pass.

The build (through `for_build`, from every hook's on_config) and `make check`
(scripts/check.py) call the same `load_all`, so both report the same list:
file-system rules (kb.content_files), every data file, cross-references, quiz
keys, the 服务禁语 gate and the handbook's links. Nothing stops at the first problem.
"""
from __future__ import annotations

import datetime
import logging
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import annotate, links, page_source, state
from kb import cards as kb_cards, greeting as kb_greeting
from kb import prose as kb_prose
from kb import quizzes as kb_quizzes
from kb import rules as kb_rules
from kb import search as kb_search
from kb import section_aliases
from kb import segment as kb_segment
from kb.content_files import (FIXED_FOLDERS, RECORD_FOLDERS, RULES_FILE, SEARCH_FOLDER, USER_DICT,
                              scan)
from kb.loader import DataError, check_control_characters, collecting, display_path, primary, read_text, report

# The search tables: file, what messages call it, its loader, and its key in the loaded data.
SEARCH_TABLES = (("search/synonyms.yml", "同义词表", kb_search.load_synonyms, "synonyms"),
                 ("search/glossary.yml", "中英混输词表", kb_search.load_glossary, "glossary"),
                 ("search/pinyin.yml", "拼音读音更正", kb_search.load_pinyin_overrides, "pinyin_overrides"),
                 ("search/sections.yml", section_aliases.LABEL, section_aliases.load, "section_aliases"))
# Pages the hooks generate besides one per phrasebook and bank; a hook that
# generates a new page adds it here, so links to it check and nothing shadows it.
# cheatsheet.md is the printable 速查卡 from hooks/cards.py.
GENERATED_PAGES = ("phrasebooks/index.md", "phrasebooks/tags.md", "trainers/stale.md", "rules/index.md",
                   "rules/checker.md", "quizzes/index.md", "quizzes/generated-rules.md", "quizzes/generated-cards.md",
                   "cheatsheet.md", "updates.md")

log = logging.getLogger("mkdocs.hooks.kb")


def for_build(config) -> dict:
    """This build's loaded data, loaded once; any problem stops the build with the whole list."""
    build = state.of(config)
    if "data" not in build:
        with state.kept_for_build():
            data = load_all(Path(config.docs_dir), Path(config.config_file_path).parent)
            for note in data["notes"]:
                log.info(note)
            if data["errors"]:
                annotate.github(primary(data["errors"]))
                raise PluginError("数据有错误，构建中止：\n" + report(data["errors"]))
            # Whichever hook asks first, quizzes, the index and Material's search all cut with today's user dictionary.
            kb_segment.reset_with_user_dict(Path(config.docs_dir) / USER_DICT)
        build["data"] = data
    return build["data"]


def load_all(docs_dir: Path, root: Path) -> dict:
    """Load and check all content; returns the loaded data with `errors` (DataErrors) and `notes` (str)."""
    errors: list[DataError] = []
    data_files = scan(docs_dir, root, errors)
    books = kb_cards.load_phrasebooks(docs_dir / "phrasebooks", root, errors, data_files["phrasebooks"])
    cards_by_id = {card["id"]: card for book in books for card in book["cards"]}
    card_ids = set(cards_by_id) | {card_id for book in books for card_id in book["invalid_ids"]}

    rule_list = None
    if RULES_FILE in data_files["fixed"]:
        with collecting(errors):
            rule_list = kb_rules.load_rules(docs_dir / RULES_FILE, root, errors)
    elif not (docs_dir / RULES_FILE).is_symlink():
        errors.append(DataError(display_path(docs_dir / RULES_FILE, root), None, "找不到禁语表文件"))

    pages = links.page_index(docs_dir)
    pages.update(_generated_pages(books, rule_list, data_files["quizzes"]))
    banks = kb_quizzes.load_banks(docs_dir / "quizzes", docs_dir, card_ids, root, errors, data_files["quizzes"], pages)

    search: dict = {"synonyms": [], "glossary": [], "pinyin_overrides": {}, "section_aliases": []}
    for rel, noun in [(rel, noun) for rel, noun, _, _ in SEARCH_TABLES] + [(USER_DICT, "搜索用户词典")]:
        if rel not in data_files["fixed"] and not (docs_dir / rel).is_symlink():
            errors.append(DataError(display_path(docs_dir / rel, root), None, f"找不到{noun}文件"))
    for rel, _, loader, key in SEARCH_TABLES:
        if rel in data_files["fixed"]:
            with collecting(errors):
                search[key] = loader(docs_dir / rel, root, errors)
    search["section_aliases"] = section_aliases.resolved(search["section_aliases"], pages, errors)
    if USER_DICT in data_files["fixed"]:
        with collecting(errors):
            kb_segment.check_user_dict(read_text(docs_dir / USER_DICT, display_path(docs_dir / USER_DICT, root)),
                                       display_path(docs_dir / USER_DICT, root))

    if not any(book["invalid_ids"] for book in books):
        # Cards with errors are reported already; their absence here would only repeat it.
        with collecting(errors):
            kb_greeting.greeting_data(cards_by_id, datetime.date.today().year, datetime.date.today().year)

    notes: list[str] = []
    samples: list[dict] = []
    errors += _markdown_pages(docs_dir, root, pages, samples)
    if rule_list is not None:
        gate_errors, notes = kb_rules.gate(gate_texts(books, rule_list, banks) + samples, rule_list["rules"])
        errors += gate_errors
    errors += _shadowed_pages(docs_dir, root, pages, books, banks)
    _mark_consequences(errors, docs_dir, root)
    return {"books": books, "cards_by_id": cards_by_id, "rule_list": rule_list, "banks": banks,
            **search, "errors": errors, "notes": notes}


def gate_texts(books: list[dict], rule_list: dict, banks: list[dict]) -> list[dict]:
    """Everything that must be free of error-level 禁语: scripts, correct answers, 规范用语 and good examples."""
    texts = kb_rules.rule_texts(rule_list)
    for book in books:
        for card in book["cards"]:
            texts += [{"file": card["file"], "line": line or card["line"], "where": f"卡片“{card['id']}”的话术",
                       "text": text} for text, line in kb_cards.located_script_lines(card)]
    return texts + kb_quizzes.correct_texts(banks)


def _generated_pages(books: list[dict], rule_list: dict | None, bank_paths: list[Path]) -> dict:
    """Pages the hooks will generate, with the anchors we know (None: any anchor is accepted)."""
    pages: dict = {path: None for path in GENERATED_PAGES}
    for book in books:
        pages[f"phrasebooks/{book['slug']}.md"] = {card["id"] for card in book["cards"]} | set(book["invalid_ids"])
    if rule_list is not None:
        pages["rules/index.md"] = {rule["id"] for rule in rule_list["rules"]}
    for path in bank_paths:
        pages[f"quizzes/{path.stem}.md"] = None
    return pages


def _markdown_pages(docs_dir: Path, root: Path, pages: dict, samples: list[dict]) -> list[DataError]:
    """Every Markdown page readable as UTF-8, every link and image in it leading somewhere;
    its sample lines go to `samples` for the 服务禁语 gate (agents copy from prose too)."""
    errors = []
    for rel in sorted(path for path in pages if path.endswith(".md")):
        path = docs_dir / rel
        if not path.is_file() or path.is_symlink():
            continue  # generated, or refused by scan()
        name = display_path(path, root)
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            line = raw[: error.start].count(b"\n") + 1
            errors.append(DataError(name, line, f"不是 UTF-8 编码（第 {error.start + 1} 个字节）；请另存为 UTF-8"))
            continue
        with collecting(errors) as outcome:
            check_control_characters(text, name)
        if outcome.failed:
            continue
        errors += page_source.problems(text, name) + links.check_markdown(text, rel, name, pages)
        samples += kb_prose.sample_lines(text, name)
    return errors


def _shadowed_pages(docs_dir: Path, root: Path, pages: dict, books: list[dict], banks: list[dict]) -> list[DataError]:
    """A real page where the hooks generate one would be replaced without a word."""
    generated = set(GENERATED_PAGES) | {f"phrasebooks/{book['slug']}.md" for book in books}
    generated |= {f"quizzes/{bank['slug']}.md" for bank in banks}
    return [DataError(display_path(docs_dir / rel, root), None,
                      "与自动生成的页面同名，会被生成的页面替换；请给它换个名字")
            for rel in sorted(generated) if (docs_dir / rel).is_file() and not (docs_dir / rel).is_symlink()
            # The data folders refuse any such file already.
            and rel.split("/")[0] not in {*RECORD_FOLDERS, *FIXED_FOLDERS, SEARCH_FOLDER}]


# What a file that could not be parsed would have provided: its cards' ids and its page.
_ID_LINE = re.compile(r"^[ ]*+(?:-[ ]++)?id:[ ]*+[\"']?([A-Za-z0-9_-]++)", re.M)


def _mark_consequences(errors: list[DataError], docs_dir: Path, root: Path) -> None:
    """Errors that only follow from a file that failed to parse (a link to one of its cards) get follows_from.

    One indentation mistake in a phrasebook made every link to its cards an error too, in files
    the trainer never touched; the report counts those instead of listing them.
    """
    provided: dict[str, tuple[set[str], str]] = {}
    for error in errors:
        if not getattr(error, "syntax", False) or error.path in provided:
            continue
        path = root / error.path
        try:
            rel = path.resolve().relative_to(docs_dir.resolve())
            text = path.read_text(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            continue
        provided[error.path] = (set(_ID_LINE.findall(text)), rel.with_suffix(".md").as_posix())
    if not provided:
        return
    for error in errors:
        if getattr(error, "syntax", False) or not getattr(error, "missing", None):
            continue
        for source, (ids, source_page) in provided.items():
            if error.missing.removeprefix("card:") in ids if error.missing.startswith("card:") \
                    else error.missing == source_page:
                error.follows_from = source
                break
