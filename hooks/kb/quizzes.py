"""Question banks: authored YAML banks plus questions generated from the rules and the cards."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

import jieba
from mkdocs.config import config_options as c

from kb import rules as kb_rules
from kb import links
from kb.loader import (DataError, ListOf, NonEmptyText, Schema, Slug, check_unique_ids, collecting, each_record,
                       load_file, raise_collected, show, type_name)

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
    order = c.Type(int)
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
            raise DataError(question["file"], question["line"], f"{where}找不到卡片“{link[5:]}”")
        return
    problem = links.problem(link, "", pages, "", external_ok=False)
    if problem:
        raise DataError(question["file"], question["line"], where + problem)


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


# --- generated questions -------------------------------------------------------

def _pick(seed: str, items: list, count: int) -> list:
    """A stable choice of `count` items, so a rebuild gives the same questions."""
    ranked = sorted(items, key=lambda item: hashlib.sha1(f"{seed}|{item}".encode()).hexdigest())
    return ranked[:count]


def _generated(qid, qtype, prompt, options, answer, explanation, link, customer=None):
    keys = "abcdefgh"
    return {
        "id": qid, "type": qtype, "prompt": prompt, "customer": customer, "explanation": explanation, "link": link,
        "options": [{"key": keys[i], "text": text, "feedback": feedback} for i, (text, feedback) in enumerate(options)],
        "answer": [keys[answer]], "file": "(自动生成)", "line": None,
    }


def rule_questions(rule_list: dict) -> list[dict]:
    """找出这句话中的禁语 / 选出规范说法, from every error-level rule's examples."""
    rules = rule_list["rules"]
    questions = []
    for rule in rules:
        if rule["severity"] != "error":
            continue
        example = rule["examples"][0]
        link = f"rules/index.md#{rule['id']}"
        found = kb_rules.find_matches(example["bad"], rules)
        (match, *_) = [m for m in found if m["rule"] == rule["id"]]
        # Distractors: clean words of the sentence first, topped up from the good example.
        words = [w for text in (example["bad"], example["good"]) for w in jieba.cut(text)]
        words = [w for w in dict.fromkeys(words) if len(w) >= 2 and re.search(r"[\u4e00-\u9fff]", w)
                 and not any(w in m["found"] or m["found"] in w for m in found) and not kb_rules.find_matches(w, rules)]
        in_sentence = [w for w in words if w in example["bad"]]
        distractors = (_pick(rule["id"], in_sentence, 3) + _pick(rule["id"], words, 3))
        distractors = list(dict.fromkeys(distractors))[:3]
        if len(distractors) >= 2:
            options = [(match["found"], f"对。“{match['found']}”是服务禁语:{rule['reason']}")]
            options += [(word, f"“{word}”本身没有问题;这句话的问题在“{match['found']}”。") for word in distractors]
            questions.append(_generated(
                f"gen-find-{rule['id']}", "single", f"找出这句话中的禁语:“{example['bad']}”", options, 0,
                f"应改为:{rule['replacements'][0]}", link))
        others = [r["examples"][0]["bad"] for r in rules if r["id"] != rule["id"] and r["severity"] == "error"]
        options = [(example["good"], "对。这是规范说法。")]
        options += [(bad, "这句话含服务禁语,见服务禁语表。") for bad in [example["bad"], *_pick(rule["id"], others, 2)]]
        questions.append(_generated(
            f"gen-proper-{rule['id']}", "single", f"选出规范说法({rule['category']})", options, 0, rule["reason"], link))
    return questions


GENERATED_CARD_QUESTIONS = 60


def card_questions(books: list[dict], limit: int = GENERATED_CARD_QUESTIONS) -> list[dict]:
    """Which line is the standard one for a step of a procedure, or for a situation.

    Every procedure step is asked; situation questions fill the rest up to
    `limit`, from a stable ranking of the cards, so a large phrasebook still
    gives a usable quiz and a rebuild gives the same one.
    """
    cards = [card for book in books for card in book["cards"]]
    questions = []
    for card in cards:
        says = [(n, step["say"]) for n, step in enumerate(card["steps"], 1) if step["say"]]
        if card["type"] != "procedure" or len(says) < 3:
            continue
        for n, say in says:
            options = [(say, f"对。这是第 {n} 步:{card['steps'][n - 1]['action']}。")]
            options += [(other, f"这是第 {m} 步的话术,不是第 {n} 步。") for m, other in says if m != n]
            questions.append(_generated(
                f"gen-step-{card['id']}-{n}", "single", f"「{card['title']}」流程的第 {n} 步,标准话术是哪一句?",
                options, 0, card["why"], f"card:{card['id']}"))
    questions = questions[:limit]
    # First lines of the script cards, by stage: the distractors for situation questions.
    by_stage: dict[str, list[tuple[str, str]]] = {}
    for card in cards:
        if card["type"] == "script":
            by_stage.setdefault(card["stage"], []).append((card["id"], card["lines"][0]["text"]))
    scripts = {card["id"]: card for card in cards if card["type"] == "script"}
    situation = []
    for card_id in _pick("lines", list(scripts), len(scripts)):
        if len(questions) + len(situation) >= limit:
            break
        card = scripts[card_id]
        line = card["lines"][0]["text"]
        same_stage = list(dict.fromkeys(text for other_id, text in by_stage[card["stage"]]
                                        if other_id != card_id and text != line))
        if len(same_stage) < 2:
            continue
        options = [(line, "对。这是这个场景的标准话术。")]
        options += [(other, "这句话术用于别的场景。") for other in _pick(card_id, same_stage, 3)]
        situation.append(_generated(
            f"gen-line-{card_id}", "single", f"场景:{card['situation']}。标准话术是哪一句?", options, 0,
            card["why"], f"card:{card_id}"))
    order = {card["id"]: index for index, card in enumerate(cards)}
    return questions + sorted(situation, key=lambda q: order[q["id"][len("gen-line-"):]])
