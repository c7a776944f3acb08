"""Question banks: authored YAML banks plus questions generated from the rules and the cards."""
from __future__ import annotations

from pathlib import Path

from mkdocs.config import config_options as c

from kb import links
from kb.loader import (DataError, ListOf, NonEmptyText, Schema, Slug, check_unique_ids, collecting, each_record,
                       load_file, raise_collected, show, type_name)
from kb.schema import Integer

TYPES = {"single": "单选题", "multiple": "多选题", "truefalse": "判断题", "scenario": "情景题"}


class OptionSchema(Schema):
    key = NonEmptyText()
    text = NonEmptyText()
    feedback = NonEmptyText()


class QuestionSchema(Schema):
    id = Slug()
    type = c.Choice(tuple(TYPES))
    customer = c.Optional(NonEmptyText())
    prompt = NonEmptyText()
    options = ListOf(c.Type(dict))
    answer = c.Type((str, list))
    explanation = NonEmptyText()
    link = NonEmptyText()
    nested = {"options": OptionSchema}


class BankSchema(Schema):
    title = NonEmptyText()
    order = Integer()
    intro = NonEmptyText()
    # Each question is validated on its own, so one bad question does not hide the others.
    questions = c.Type(list)


def load_banks(folder: Path, docs_dir: Path, card_ids: set[str], root: Path | None = None,
               errors: list[DataError] | None = None, paths: list[Path] | None = None,
               pages: dict | None = None) -> list[dict]:
    """Load the authored banks (`paths`, or every *.yml in `folder`) and check their answers and links.

    `pages` maps each page under docs_dir to its anchors (kb.links.page_index);
    links are checked against it, so validation never reads a file outside docs_dir.
    Given `errors`, problems are added there and what loaded is returned.
    """
    raising, errors = errors is None, ([] if errors is None else errors)
    if pages is None:
        pages = links.page_index(docs_dir, errors)
    banks = []
    for path in sorted(folder.glob("*.yml")) if paths is None else paths:
        with collecting(errors):
            banks.append(_load_bank(path, root, errors))
    questions = [q for bank in banks for q in bank["questions"]]
    errors += check_unique_ids(questions, "题目")
    for question in questions:
        with collecting(errors):
            _check_link(question, pages, card_ids)
    if raising:
        raise_collected(errors)
    return sorted(banks, key=lambda bank: (bank["order"] or 0, bank["slug"]))


def _load_bank(path: Path, root: Path | None, errors: list[DataError]) -> dict:
    data, bank, name = load_file(path, BankSchema, "题库", root, errors)
    questions = []
    for node, question, where in each_record(data, "questions", QuestionSchema, "题目", name, errors):
        with collecting(errors) as check:
            question["answer"] = _check_answer(question, node, where, name)
        if check.failed:
            continue
        question["file"], question["line"] = name, node.line
        # Link problems are found after every bank is loaded; keep the line of the field itself.
        question["link_line"] = node.line_of("link")
        for option, raw in zip(question["options"], node["options"]):
            option["line"] = raw.line_of("text")
        questions.append(question)
    if isinstance(data.get("questions"), list) and not data["questions"]:
        errors.append(DataError(name, data.line_of("questions"), "题库的字段“questions”：至少要有一道题"))
    return {**bank, "slug": path.stem, "file": name, "questions": questions}


def _check_answer(question: dict, node, where: str, name: str) -> list[str]:
    """Every key problem of one question, raised together."""
    options = question["options"]
    keys = [option["key"] for option in options]
    answer = question["answer"] if isinstance(question["answer"], list) else [question["answer"]]
    kind = TYPES[question["type"]]
    errors = []

    def error(field, message):
        errors.append(DataError(name, node.line_of(field), f"{where}的字段“{field}”：{message}"))

    if len(options) < 2:
        error("options", "至少要有 2 个选项")
    duplicate = next((key for key in keys if keys.count(key) > 1), None)
    if duplicate:
        error("options", f"选项“{duplicate}”重复")
    if question["type"] == "truefalse" and len(options) != 2:
        error("options", "判断题只能有 2 个选项")
    for key in answer:
        if not isinstance(key, str):
            error("answer", f"应写选项的 key（如 a），实际为{type_name(key)}“{show(key)}”")
        elif key not in keys:
            error("answer", f"选项“{key}”不存在，可选的有 {'、'.join(keys)}")
    if len(set(map(str, answer))) != len(answer):
        error("answer", "同一个选项写了两次")
    if question["type"] != "multiple" and len(answer) != 1:
        error("answer", f"{kind}必须恰好有一个正确选项，实际有 {len(answer)} 个")
    if question["type"] == "multiple" and not answer:
        error("answer", "多选题至少要有一个正确选项")
    if question["type"] == "scenario" and not question["customer"]:
        error("customer", "情景题要写出客户说的话")
    raise_collected(errors)
    return answer


def _check_link(question: dict, pages: dict, card_ids: set[str]) -> None:
    """A question links to a card (card:id) or a page section (path.md#anchor) inside docs_dir."""
    link, where = question["link"], f"题目“{question['id']}”的字段“link”："
    if link.startswith("card:"):
        if link[5:] not in card_ids:
            raise DataError(question["file"], question.get("link_line", question["line"]), f"{where}找不到卡片“{link[5:]}”",
                            missing=link)
        return
    problem = links.problem(link, "", pages, "", external_ok=False)
    if problem:
        raise DataError(question["file"], question.get("link_line", question["line"]), where + problem,
                        missing=problem.missing)


def heading_anchors(path: Path) -> set[str]:
    """The anchors MkDocs gives the Markdown headings of one page (same slugify as mkdocs.yml)."""
    return links.anchors(path.read_text(encoding="utf-8"))


def correct_texts(banks: list[dict]) -> list[dict]:
    """Correct answers, for the 服务禁语 gate."""
    return [
        {"file": q["file"], "line": option.get("line", q["line"]), "where": f"题目“{q['id']}”的正确答案",
         "text": option["text"]}
        for bank in banks for q in bank["questions"] for option in q["options"] if option["key"] in q["answer"]
    ]


def all_banks(data: dict) -> list[dict]:
    """The authored banks and the two generated from the 禁语 list and the cards, in page order.

    The quiz hook publishes these; scripts/report.py names the questions its beacons report.
    """
    from kb import card_quizzes, generated_quizzes  # jieba's start-up only when questions are generated
    return data["banks"] + [
        {"slug": "generated-rules", "title": "自动生成：服务禁语", "order": 900,
         "intro": "根据服务禁语表自动生成，禁语表更新后题目随之更新。",
         "questions": generated_quizzes.rule_questions(data["rule_list"])},
        {"slug": "generated-cards", "title": "自动生成：话术卡片", "order": 901,
         "intro": "根据话术卡片自动生成，卡片更新后题目随之更新。",
         "questions": card_quizzes.card_questions(data["books"])},
    ]

