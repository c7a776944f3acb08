"""Phrasebooks: YAML files of phrase cards, loaded into plain dicts for the hooks and macros."""
from __future__ import annotations

import datetime
import re
from pathlib import Path

from mkdocs.config import config_options as c

from kb.read_ahead import ReadAhead
from kb.loader import (DataError, Date, LineDict, ListOf, NonEmptyText, Schema, Slug, check_unique_ids, collecting,
                       item_line, load_file, raise_collected, record_label, validate)
from kb.schema import Integer
from kb.names import names_problem

# Call stages in the order a call runs; keys are what trainers write in YAML.
STAGES = {
    "开场": "开场",
    "了解需求": "了解需求",
    "核实解决": "核实 / 解决",
    "安抚致歉": "安抚 / 致歉",
    "拒绝升级": "拒绝 / 升级",
    "结束": "结束",
}

# Placeholders filled from the 我的信息 form. The agent's own are kept in localStorage;
# the customer's belong to one call only: sessionStorage, cleared by 新来电, never printed
# (content/assets/kb/common.js has the same list; tests/unit/test_cards_loader.py checks it).
# Any other [名称] in a script is a per-call blank that stays visibly marked.
AGENT_PLACEHOLDERS = ("公司名称", "工号", "坐席姓名")
CALL_PLACEHOLDERS = ("客户称呼",)
FORM_PLACEHOLDERS = AGENT_PLACEHOLDERS + CALL_PLACEHOLDERS
# One to twelve characters with no bracket or space between [ and ]. search-engine.js has the same
# rule (PLACEHOLDER); both are checked over tests/fixtures/search_parity.json. \ufeff is listed because
# JavaScript's \s has it and Python's has not (and \x1c-\x1f, \x85 the other way, on the JS side).
PLACEHOLDER = re.compile(r"\[([^\[\]\s\ufeff]{1,12})\]")


class StepSchema(Schema):
    action = NonEmptyText()
    say = c.Optional(NonEmptyText())
    wait = c.Optional(Integer())


class VariantSchema(Schema):
    label = NonEmptyText()
    lines = ListOf(NonEmptyText(), at_least=1, noun="句话术")


class CardSchema(Schema):
    id = Slug()
    type = c.Choice(("script", "procedure"), default="script")
    title = NonEmptyText()
    situation = NonEmptyText()
    lines = ListOf(NonEmptyText(), default=[])
    steps = ListOf(c.Type(dict), default=[])
    variants = ListOf(c.Type(dict), default=[])
    why = NonEmptyText()
    avoid = c.Optional(NonEmptyText())
    stage = c.Choice(tuple(STAGES))
    tags = ListOf(NonEmptyText(), at_least=1, noun="个标签")
    aliases = ListOf(NonEmptyText(), default=[])
    descriptions = ListOf(NonEmptyText(), default=[])  # how agents describe the call: searched, not shown
    source = NonEmptyText()
    owner = NonEmptyText()
    reviewed = Date()
    # Which lines of the card's script the printed 速查卡 carries, numbered from 1 (see printed_lines).
    print = c.Optional(ListOf(Integer()))
    # The one line, numbered from 1, that the generated 场景 question asks for: a line only this
    # card says (not a plain apology or thanks). A card without it gets no such question.
    quiz = c.Optional(Integer())
    nested = {"steps": StepSchema, "variants": VariantSchema}


class DefaultsSchema(Schema):
    source = c.Optional(NonEmptyText())
    owner = c.Optional(NonEmptyText())
    reviewed = c.Optional(Date())


class PhrasebookSchema(Schema):
    title = NonEmptyText()
    order = Integer()
    intro = NonEmptyText()
    defaults = c.Optional(c.Type(dict))
    # Each card is validated on its own, so one bad card does not hide the others.
    cards = c.Type(list)


def load_phrasebooks(folder: Path, root: Path | None = None, errors: list[DataError] | None = None,
                     paths: list[Path] | None = None) -> list[dict]:
    """Load every phrasebook (`paths`, or every *.yml in `folder`), sorted by each book's `order`.

    Given `errors`, every problem is added there and the books and cards that
    loaded are returned; without it, all problems are raised together.
    """
    raising, errors = errors is None, ([] if errors is None else errors)
    books = []
    paths = sorted(folder.glob("*.yml")) if paths is None else paths
    reader = ReadAhead(paths, lambda path: _clean_phrasebook(path, root))
    try:
        for path in paths:
            with collecting(errors):
                books.append(reader.load(path, lambda: load_phrasebook(path, root, errors)))
    finally:
        reader.close()
    errors += check_unique_ids([card for book in books for card in book["cards"]], "卡片")
    if raising:
        raise_collected(errors)
    return sorted(books, key=lambda book: (book["order"] or 0, book["slug"]))


def load_phrasebook(path: Path, root: Path | None, errors: list[DataError]) -> dict:
    """One phrasebook; its valid cards, and the ids of those that are not (so links to them don't also fail)."""
    data, book, name = load_file(path, PhrasebookSchema, "话术本", root, errors)
    defaults, failed_defaults = {}, set()
    if book["defaults"]:
        defaults = validate(book["defaults"], DefaultsSchema, "defaults ", name, errors)
        # A card missing a field whose default is wrong: that default's message says it all.
        failed_defaults = {key for key, value in defaults.items() if value is None and key in book["defaults"]}
        defaults = {key: value for key, value in defaults.items() if value is not None}
    nodes = data.get("cards")
    if isinstance(nodes, list) and not nodes:
        errors.append(DataError(name, data.line_of("cards"), "话术本的字段“cards”：至少要有一张卡片"))
    cards, invalid_ids = [], []
    for index, node in enumerate(nodes if isinstance(nodes, list) else []):
        merged = _with_defaults(node, defaults, data.get("defaults"))
        where = record_label(node, index, "卡片")
        try:
            card = validate(merged, CardSchema, where, name)
            _check_card_shape(card, merged, where, name)
        except DataError as error:
            errors.extend(e for e in getattr(error, "errors", [error])
                          if getattr(e, "missing_field", None) not in failed_defaults)
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                invalid_ids.append(node["id"])
            continue
        card["file"], card["line"] = name, getattr(node, "line", None)
        card["stage_label"] = STAGES[card["stage"]]
        card["book"] = path.stem
        cards.append(_with_segments(card, merged))
    return {**book, "slug": path.stem, "file": name, "cards": cards, "invalid_ids": invalid_ids}


def _clean_phrasebook(path: Path, root: Path | None) -> dict:
    """load_phrasebook for a file without a single problem; any problem raises (kb.read_ahead)."""
    errors: list[DataError] = []
    book = load_phrasebook(path, root, errors)
    if errors:
        raise errors[0]
    return book


def review_status(books: list[dict], today, stale_after_days: int, warn_days: int = 30) -> dict:
    """Cards whose last review is older than `stale_after_days`, and those that soon will be."""
    cards = sorted((card for book in books for card in book["cards"]), key=lambda card: card["reviewed"])
    limit = today - datetime.timedelta(days=stale_after_days)

    def row(card):
        return {**card, "age_days": (today - card["reviewed"]).days}

    return {
        "stale": [row(card) for card in cards if card["reviewed"] < limit],
        "soon": [row(card) for card in cards
                 if limit <= card["reviewed"] < limit + datetime.timedelta(days=warn_days)],
        "days": stale_after_days,
        "total": len(cards),
    }


def segments(text: str) -> list[dict]:
    """Split a script line into text and placeholder pieces for the macros and the browser."""
    pieces, last = [], 0
    for match in PLACEHOLDER.finditer(text):
        if match.start() > last:
            pieces.append({"text": text[last:match.start()]})
        name = match.group(1)
        pieces.append({"placeholder": name, "agent": name in FORM_PLACEHOLDERS, "call": name in CALL_PLACEHOLDERS})
        last = match.end()
    if last < len(text):
        pieces.append({"text": text[last:]})
    return pieces


# A script this short prints whole on the 速查卡 unless the card says otherwise.
SHORT_SCRIPT = 60


def printed_lines(card: dict) -> list[int]:
    """Indexes (from 0) into the card's printable lines (main_script, or a silent procedure's
    actions) that the 速查卡 prints: the card's `print:`, else every line of a short script or
    a procedure, else the first line."""
    script = main_script(card) or [step["action"] for step in card["steps"]]
    if card.get("print"):
        return [number - 1 for number in card["print"]]
    if card["type"] == "procedure" or sum(len(line) for line in script) <= SHORT_SCRIPT:
        return list(range(len(script)))
    return [0]


def main_script(card: dict) -> list[str]:
    """What 复制全部 and Ctrl+Enter copy: the card's lines, or its steps' lines; variants are alternatives."""
    if card["type"] == "procedure":
        return [step["say"] for step in card["steps"] if step["say"]]
    # Lines are plain text while the card is checked, pieces with their text once it is loaded.
    return [line["text"] if isinstance(line, dict) else line for line in card["lines"]]


def script_lines(card: dict) -> list[str]:
    """Every line an agent may say from a loaded card, in page order."""
    return [text for text, _ in located_script_lines(card)]


def located_script_lines(card: dict) -> list[tuple[str, int | None]]:
    """Every line an agent may say, with the YAML line it is written on."""
    lines = [(line["text"], line.get("line")) for line in card["lines"]]
    lines += [(step["say"], step.get("say_line")) for step in card["steps"] if step["say"]]
    lines += [(line["text"], line.get("line")) for variant in card["variants"] for line in variant["lines"]]
    return lines


def _with_defaults(node, defaults: dict, defaults_node) -> LineDict:
    if not isinstance(node, dict):
        return node
    merged = LineDict({key: value for key, value in defaults.items() if value is not None})
    merged.line = getattr(node, "line", 0)
    merged.key_lines = {key: defaults_node.line_of(key) for key in merged} if defaults_node else {}
    merged.update(node)
    merged.key_lines.update(getattr(node, "key_lines", {}))
    return merged


def _check_card_shape(card: dict, node: LineDict, where: str, name: str) -> None:
    for field in ("aliases", "descriptions", "tags"):
        problem = names_problem(card[field])
        if problem:
            raise DataError(name, node.line_of(field), f"{where}的字段“{field}”：{problem}")
    if card["type"] == "script" and not card["lines"]:
        raise DataError(name, node.line_of("lines"), f"{where}的字段“lines”：话术卡片至少要有一句话术")
    if card["type"] == "script" and card["steps"]:
        raise DataError(name, node.line_of("steps"), f"{where}的字段“steps”：只有“type: procedure”的卡片才能写步骤")
    if card["type"] == "procedure" and len(card["steps"]) < 2:
        raise DataError(name, node.line_of("steps"), f"{where}的字段“steps”：流程卡片至少要有 2 个步骤")
    _check_print(card, node, where, name)
    _check_quiz(card, node, where, name)


def _check_quiz(card: dict, node: LineDict, where: str, name: str) -> None:
    count = len(card["lines"])
    if card["quiz"] is not None and (card["type"] != "script" or not 1 <= card["quiz"] <= count):
        raise DataError(name, node.line_of("quiz"),
                        f"{where}的字段“quiz”：应为 1 到 {count} 之间的句子序号（只有话术卡片能写），实际为“{card['quiz']}”")


def _check_print(card: dict, node: LineDict, where: str, name: str) -> None:
    """`print:` names only lines the card has; a procedure with nothing to say prints its actions."""
    count = len(main_script(card)) or len(card["steps"])
    chosen = card.get("print")
    if chosen is None:
        return
    if not chosen:
        raise DataError(name, node.line_of("print"), f"{where}的字段“print”：至少选一句；不写 print 时短话术整段打印，长话术打印第一句")
    wrong = [number for number in chosen if not 1 <= number <= count]
    if wrong or len(set(chosen)) != len(chosen):
        raise DataError(name, node.line_of("print"),
                        f"{where}的字段“print”：应为 1 到 {count} 之间、不重复的句子序号（这张卡片的话术共 {count} 句），实际为“{chosen}”")


def _with_segments(card: dict, node: LineDict) -> dict:
    """Split each script line into pieces, and keep the YAML line it came from."""
    def pieces(texts, raw, fallback):
        return [{"text": text, "segments": segments(text), "line": item_line(raw, index, fallback)}
                for index, text in enumerate(texts)]

    card["lines"] = pieces(card["lines"], node.get("lines"), node.line_of("lines"))
    for step, raw in zip(card["steps"], node.get("steps") or []):
        step["say_segments"] = segments(step["say"]) if step["say"] else None
        step["say_line"] = raw.line_of("say") if isinstance(raw, LineDict) else card["line"]
    for variant, raw in zip(card["variants"], node.get("variants") or []):
        raw_lines = raw.get("lines") if isinstance(raw, dict) else None
        variant["lines"] = pieces(variant["lines"], raw_lines, getattr(raw, "line", card["line"]))
    return card
