"""服务禁语 rules: loading, the matcher shared with the browser checker, and the build gate.

The matcher is specified here and mirrored line for line in
content/assets/kb/rules.js; tests/browser/test_checker.py proves they agree.

Matching, step by step:
1. Normalise: NFKC per character (full-width → half-width), lower-case, drop
   every White_Space and Default_Ignorable_Code_Point character (zero-width,
   soft hyphen, bidi marks, variation selectors, tags, Hangul fillers...;
   the ranges are in dropped_chars.json); remember each kept character's
   position in the original text.
2. For each rule, find every occurrence of each forbidden phrase (normalised
   the same way), scanning left to right without overlap.
3. Drop an occurrence that lies inside an occurrence of one of the rule's
   allowed terms: a longer allowed term wins over a shorter forbidden one.
   Drop it too when one of the rule's `allow_after` terms comes before it in
   the same sentence (no 。!? between): 经检测，这件商品没有质量问题 reports a
   checked result, not a denial.
4. Across rules, keep the earliest match; on a tie the longer one; drop any
   match overlapping one already kept.
"""
from __future__ import annotations

import functools
import json
import re
import unicodedata
from pathlib import Path

from mkdocs.config import config_options as c

from kb.names import names_problem
from kb.loader import (DataError, ListOf, NonEmptyText, Schema, Slug, check_unique_ids, each_record, item_line,
                       collecting, load_file, raise_collected)

# Invisible characters must not split a 禁语: a soft hyphen or a bidi mark inside
# 不知道 is still 不知道. Python has no Default_Ignorable_Code_Point lookup, so
# the ranges are data; rules.js names the same properties in its regex.
_DROPPED_RANGES = json.loads((Path(__file__).with_name("dropped_chars.json")).read_text(encoding="utf-8"))["ranges"]
_DROPPED = re.compile("[" + "".join(f"\\U{int(first, 16):08x}-\\U{int(last, 16):08x}"
                                    for first, last in _DROPPED_RANGES) + "]")


class ExampleSchema(Schema):
    bad = NonEmptyText()
    good = NonEmptyText()


class RuleSchema(Schema):
    id = Slug()
    category = NonEmptyText()
    severity = c.Choice(("error", "warning"))
    forbidden = ListOf(NonEmptyText(), at_least=1, noun="个禁语")
    allow = ListOf(NonEmptyText(), default=[])
    # Sentence openers that make the 禁语 a report of a checked fact (经检测).
    allow_after = ListOf(NonEmptyText(), default=[])
    replacements = ListOf(NonEmptyText(), at_least=1, noun="句规范用语")
    # Word-level swaps for the checker (酱紫 → 这样子); without them a swap
    # replaces the whole sentence with the first replacement.
    swaps = c.Optional(c.Type(dict))
    reason = NonEmptyText()
    # What agents call this kind of wording (踢皮球, 甩锅): searched, never shown, never matched by the gate
    # or the checker, so a name may hold the 禁语 it is about.
    aliases = ListOf(NonEmptyText(), default=[])
    examples = ListOf(c.Type(dict), at_least=1, noun="组正反例句")
    source = NonEmptyText()
    nested = {"examples": ExampleSchema}


class RuleListSchema(Schema):
    title = NonEmptyText()
    intro = NonEmptyText()
    categories = ListOf(NonEmptyText(), at_least=1, noun="个类别")
    # Each rule is validated on its own, so one bad rule does not hide the others.
    rules = c.Type(list)


def load_rules(path: Path, root: Path | None = None, errors: list[DataError] | None = None) -> dict:
    """The rule list; given `errors`, problems are added there and the valid rules returned."""
    raising, errors = errors is None, ([] if errors is None else errors)
    data, listing, name = load_file(path, RuleListSchema, "禁语表", root, errors)
    categories = listing["categories"] or []
    # A category is searched with a rule's aliases (hooks/kb/search.py rule_entry), so it is a name too.
    problem = names_problem(categories)
    if problem:
        errors.append(DataError(name, data.line_of("categories"), f"禁语表的字段“categories”：{problem}"))
    rules = []
    for node, rule, where in each_record(data, "rules", RuleSchema, "规则", name, errors):
        with collecting(errors) as check:
            _check_rule(node, rule, where, name, categories)
        if check.failed:
            continue
        rule["file"], rule["line"] = name, node.line
        rule["replacement_lines"] = [item_line(node["replacements"], i, node.line) for i in range(len(rule["replacements"]))]
        rule["example_lines"] = [item.line_of("good") for item in node["examples"]]
        rule["swap_lines"] = {phrase: node["swaps"].line_of(phrase) for phrase in rule["swaps"] or {}}
        rules.append(rule)
    errors += check_unique_ids(rules, "规则")
    if raising:
        raise_collected(errors)
    return {**listing, "rules": rules, "file": name}


def _check_rule(node, rule: dict, where: str, name: str, categories: list[str]) -> None:
    errors = []
    if categories and rule["category"] not in categories:
        errors.append(DataError(name, node.line_of("category"),
                                f"{where}的字段“category”：取值应为 {'、'.join(categories)} 之一，实际为“{rule['category']}”"))
    for index, phrase in enumerate(rule["forbidden"]):
        if not normalise(phrase)[0]:
            # Matching runs on normalised text; a phrase that normalises to nothing would match nothing.
            points = " ".join(f"U+{ord(char):04X}" for char in phrase)
            errors.append(DataError(name, item_line(node["forbidden"], index, node.line_of("forbidden")),
                                    f"{where}的字段“forbidden”：第 {index + 1} 项只有空白或不可见字符（{points}），"
                                    "匹配不到任何文字；请写出禁语本身"))
    problem = names_problem(rule["aliases"], min_chars=2)
    if problem:
        errors.append(DataError(name, node.line_of("aliases"), f"{where}的字段“aliases”：{problem}"))
    for phrase, swap in (rule["swaps"] or {}).items():
        if phrase not in rule["forbidden"] or not isinstance(swap, str):
            errors.append(DataError(name, node["swaps"].line_of(phrase),
                                    f"{where}的字段“swaps”：“{phrase}”应是 forbidden 中的词，且对应一个文本替换"))
    raise_collected(errors)


@functools.lru_cache(maxsize=None)
def _normal_char(char: str) -> str:
    return "".join(piece for piece in unicodedata.normalize("NFKC", char).lower() if not _DROPPED.match(piece))


def normalise(text: str) -> tuple[str, list[int]]:
    """Normalised text and, for each of its characters, the index in `text` it came from."""
    chars, origin = [], []
    for index, char in enumerate(text):
        for piece in _normal_char(char):
            chars.append(piece)
            origin.append(index)
    return "".join(chars), origin


@functools.lru_cache(maxsize=None)
def _normal_phrase(phrase: str) -> str:
    return normalise(phrase)[0]


@functools.lru_cache(maxsize=8)
def _any_phrase(phrases: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(map(re.escape, sorted(set(phrases), key=len, reverse=True))))


def _prefilter(rules: list[dict]) -> re.Pattern:
    """Any forbidden phrase at all, for the rule list last asked about.

    Only one entry is kept, checked by identity, so a rebuild under
    `mkdocs serve` with a new rule list never sees the old one.
    """
    if _LAST_PREFILTER and _LAST_PREFILTER[0] is rules:
        return _LAST_PREFILTER[1]
    phrases = tuple(_normal_phrase(phrase) for rule in rules for phrase in rule["forbidden"])
    _LAST_PREFILTER[:] = [rules, _any_phrase(phrases)]
    return _LAST_PREFILTER[1]


_LAST_PREFILTER: list = []


def find_matches(text: str, rules: list[dict]) -> list[dict]:
    """Every 禁语 in `text`, as {rule, phrase, start, end, found} over the original text."""
    # Most texts are clean: one scan for any phrase before the exact, position-keeping pass.
    if not _prefilter(rules).search("".join(map(_normal_char, text))):
        return []
    norm, origin = normalise(text)
    candidates = []
    for order, rule in enumerate(rules):
        allowed = [span for term in rule["allow"] for span in _spans(norm, _normal_phrase(term))]
        openers = [span for term in rule.get("allow_after") or [] for span in _spans(norm, _normal_phrase(term))]
        for phrase in rule["forbidden"]:
            for start, end in _spans(norm, _normal_phrase(phrase)):
                if not any(a <= start and end <= b for a, b in allowed) and not _after_opener(norm, start, openers):
                    candidates.append((start, -(end - start), order, phrase, end))
    kept, taken_until = [], -1
    for start, _, order, phrase, end in sorted(candidates):
        if start >= taken_until:
            kept.append((start, end, order, phrase))
            taken_until = end
    return [
        {"rule": rules[order]["id"], "phrase": phrase, "start": origin[start], "end": origin[end - 1] + 1,
         "found": text[origin[start]:origin[end - 1] + 1]}
        for start, end, order, phrase in kept
    ]


_SENTENCE_END = set("。!?")


def _after_opener(norm: str, start: int, openers: list[tuple[int, int]]) -> bool:
    """An `allow_after` term ends before `start` with no sentence end in between."""
    return any(end <= start and not _SENTENCE_END & set(norm[end:start]) for _, end in openers)


def _spans(text: str, needle: str):
    if not needle:
        return
    position = text.find(needle)
    while position != -1:
        yield position, position + len(needle)
        position = text.find(needle, position + len(needle))


def gate(texts: list[dict], rules: list[dict]) -> tuple[list[DataError], list[str]]:
    """Check texts that must be clean; returns (errors, notes) for trainers.

    Each text is {file, line, where, text}; `where` names the card or question.
    Error-level rules give DataErrors; warning-level ones give notes for the log.
    """
    by_id = {rule["id"]: rule for rule in rules}
    errors, notes = [], []
    for item in texts:
        for match in find_matches(item["text"], rules):
            rule = by_id[match["rule"]]
            message = (f"{item['where']}含服务禁语“{match['found']}”"
                       f"（规则“{rule['id']}”：{rule['reason']}）；建议改为：{rule['replacements'][0]}")
            if rule["severity"] == "error":
                errors.append(DataError(item["file"], item["line"], message))
            else:
                notes.append(f"{item['file']}:{item['line']}: {message}")
    return errors, notes


def rule_texts(rule_list: dict) -> list[dict]:
    """The 规范用语 side of the list itself: replacements, good examples and swaps must be clean."""
    texts = []
    for rule in rule_list["rules"]:
        where = f"规则“{rule['id']}”的"
        texts += [{"file": rule["file"], "line": line, "where": f"{where}规范用语", "text": text}
                  for text, line in zip(rule["replacements"], rule["replacement_lines"])]
        texts += [{"file": rule["file"], "line": line, "where": f"{where}正例", "text": example["good"]}
                  for example, line in zip(rule["examples"], rule["example_lines"])]
        # The checker puts a swap into the agent's sentence, which the agent then copies.
        texts += [{"file": rule["file"], "line": rule["swap_lines"][phrase], "where": f"{where}替换词（swaps）", "text": swap}
                  for phrase, swap in (rule["swaps"] or {}).items() if isinstance(swap, str)]
    return texts


def browser_rules(rule_list: dict) -> list[dict]:
    """What the checker page needs, and nothing else."""
    keys = ("id", "category", "severity", "forbidden", "allow", "allow_after", "replacements", "reason")
    return [{**{key: rule[key] for key in keys}, "swaps": rule["swaps"] or {}} for rule in rule_list["rules"]]
