"""Questions generated from the data: 服务禁语 (find the 禁语, pick the proper wording) and cards
(which card fits the situation, which step comes next). Seeded by the data, so a build is repeatable.
"""
from __future__ import annotations

import hashlib
import re

import jieba

from kb import rules as kb_rules

#
# Generated items must measure, not give themselves away:
# - a 找出禁语 item offers only words of the quoted sentence;
# - no sentence is an option (or the quoted sentence) in two items, so one item
#   never tells the answer of another;
# - the right option is not singled out by its length or by words it shares
#   with the stem, and its position differs from item to item.
# tests/unit/test_generated_quiz_lint.py checks all of this on the real content.

_CJK = re.compile(r"[\u4e00-\u9fff]+")
_CLAUSE_END = "，。！？；、,.!?;"
_KEYS = "abcdefgh"
FIND_OPTIONS = 4
PROPER_OPTIONS = 4


def rank(seed: str, items: list) -> list:
    """A stable order of `items`, so a rebuild gives the same questions."""
    return sorted(items, key=lambda item: hashlib.sha1(f"{seed}|{item}".encode()).hexdigest())


def pick(seed: str, items: list, count: int) -> list:
    return rank(seed, items)[:count]


def make_item(qid, qtype, prompt, options, explanation, link, customer=None):
    """`options` lists the right (text, feedback) first; spread() moves it."""
    return {
        "id": qid, "type": qtype, "prompt": prompt, "customer": customer, "explanation": explanation, "link": link,
        "options": [{"key": _KEYS[i], "text": text, "feedback": feedback} for i, (text, feedback) in enumerate(options)],
        "answer": [_KEYS[0]], "file": "(自动生成)", "line": None,
    }


def spread(questions: list[dict]) -> list[dict]:
    """Put the right option of the n-th question at position n mod its option count,
    so the key (a/b/c/d, which the CSV and a printed key show) follows no pattern worth learning."""
    for n, q in enumerate(questions):
        right, *others = q["options"]
        position = n % len(q["options"])
        texts = others[:position] + [right] + others[position:]
        q["options"] = [{**option, "key": _KEYS[i]} for i, option in enumerate(texts)]
        q["answer"] = [_KEYS[position]]
    return questions


def shared_run(stem: str, text: str) -> str:
    """The longest run of Chinese characters that `text` shares with `stem`."""
    best = ""
    for run in _CJK.findall(text):
        for size in range(len(run), len(best), -1):
            found = next((run[i:i + size] for i in range(len(run) - size + 1) if run[i:i + size] in stem), None)
            if found:
                best = found
                break
    return best


def gives_away(stem: str, right: str, others: list[str], size: int = 3) -> bool:
    """True when the stem repeats `size`+ characters of the right option that no other option has."""
    run = shared_run(stem, right)
    return len(run) >= size and not any(run in other for other in others)


def balanced(seed: str, right: str, candidates: list[str], count: int, nested_ok: bool = True) -> list[str]:
    """`count` distractors, at least one as long as the right option when there is one,
    so length alone does not point at the answer."""
    ranked = rank(seed, list(dict.fromkeys(candidates)))
    ranked.sort(key=lambda text: len(text) < len(right))  # stable: the long enough first, then the rest
    chosen: list[str] = []
    for text in ranked[:1] + rank(seed + "|rest", ranked[1:]):
        if len(chosen) == count:
            break
        if nested_ok or not any(text in other or other in text for other in chosen):
            chosen.append(text)
    return chosen


def _sentence_words(sentence: str) -> list[tuple[int, int, str]]:
    """Runs of one to three jieba words of `sentence`, Chinese only, as (start, end, text)."""
    tokens, offset = [], 0
    for word in jieba.cut(sentence):
        tokens.append((offset, offset + len(word), word))
        offset += len(word)
    runs = []
    for i in range(len(tokens)):
        for j in range(i, min(i + 3, len(tokens))):
            start, end = tokens[i][0], tokens[j][1]
            text = sentence[start:end]
            if not _CJK.fullmatch(text):
                break
            runs.append((start, end, text))
    return runs


def _find_question(rule: dict, rules: list[dict], used: set[str]):
    """找出这句话中的禁语: the options are the 禁语 and other words of the same sentence."""
    # The rule's own bad examples first; a short one leaves too few other words,
    # so next its 禁语 clause inside the proper sentence, as an agent might slip.
    sentences = [example["bad"] for example in rule["examples"]]
    for example in rule["examples"]:
        clause = _bad_clause(example["bad"], rule["id"], rules)
        if clause:
            sentences.append(_slip(example["good"], clause, at_end=False))
    for sentence in dict.fromkeys(sentences):
        if sentence in used or re.search(r"\s", sentence):
            continue
        found = kb_rules.find_matches(sentence, rules)
        mine = [m for m in found if m["rule"] == rule["id"]]
        if not mine:
            continue
        answer = mine[0]["found"]
        words = []
        for start, end, text in _sentence_words(sentence):
            overlaps = any(start < m["end"] and m["start"] < end for m in found)
            if (overlaps or len(text) < 2 or len(text) > len(answer) + 1 or text in answer or answer in text
                    or kb_rules.find_matches(text, rules)):
                continue
            words.append(text)
        # No option inside another: "去问" beside "去问吧" would be a guess between twins.
        distractors = balanced(rule["id"], answer, words, FIND_OPTIONS - 1, nested_ok=False)
        if len(distractors) < 2:
            continue
        options = [(answer, f"对。“{answer}”是服务禁语：{rule['reason']}")]
        options += [(word, f"“{word}”本身没有问题；这句话的问题在“{answer}”。") for word in distractors]
        return sentence, make_item(f"gen-find-{rule['id']}", "single", f"找出这句话中的禁语：“{sentence}”",
                                    options, f"应改为：{rule['replacements'][0]}", f"rules/index.md#{rule['id']}")
    return None, None


def _clauses(text: str) -> list[str]:
    parts, current = [], ""
    for char in text:
        current += char
        if char in _CLAUSE_END:
            parts.append(current)
            current = ""
    return parts + ([current] if current else [])


def _slip(good: str, bad_clause: str, at_end: bool) -> str:
    """The proper sentence with one clause swapped for a clause that holds a 禁语:
    the mistake an agent makes who knows the script but slips once."""
    parts = _clauses(good)
    clause = bad_clause.rstrip(_CLAUSE_END)
    if len(parts) < 2:
        return clause + "，" + good
    if at_end:
        end = bad_clause[-1] if bad_clause[-1] in "。！？" else parts[-1][-1] if parts[-1][-1] in "。！？" else "。"
        return "".join(parts[:-1]) + clause + end
    return clause + parts[0][-1] + "".join(parts[1:]) if parts[0][-1] in _CLAUSE_END else clause + "，" + "".join(parts[1:])


def _bad_clause(sentence: str, rule_id: str, rules: list[dict]) -> str | None:
    """The clause of `sentence` that holds the rule's 禁语."""
    for clause in _clauses(sentence):
        if any(m["rule"] == rule_id for m in kb_rules.find_matches(clause, rules)):
            return clause
    return None


def _proper_question(rule: dict, rules: list[dict], error_rules: list[dict], used: set[str]):
    """选出规范说法: the rule's good example among versions of it that slip into a 禁语."""
    goods = [e["good"] for e in rule["examples"] if e["good"] not in used]
    if not goods:
        return None
    good = goods[0]
    # Clauses holding a 禁语: this rule's first, then other rules' of the same category, then any.
    sources = [(rule, e["bad"]) for e in rule["examples"]]
    others = rank(rule["id"], [r["id"] for r in error_rules if r["id"] != rule["id"]])
    by_id = {r["id"]: r for r in error_rules}
    others.sort(key=lambda rid: by_id[rid]["category"] != rule["category"])
    sources += [(by_id[rid], e["bad"]) for rid in others for e in by_id[rid]["examples"]]
    slips = []
    for n, (source, sentence) in enumerate(sources):
        clause = _bad_clause(sentence, source["id"], rules)
        if not clause or re.search(r"\s", clause):
            continue
        text = _slip(good, clause, at_end=n % 2 == 1)
        errors = [m for m in kb_rules.find_matches(text, rules)
                  if next(r for r in rules if r["id"] == m["rule"])["severity"] == "error"]
        if text != good and errors and text not in used and text not in slips:
            slips.append(text)
        if len(slips) >= 2 * PROPER_OPTIONS:
            break
    # The stem says what the rule is about (the parts of its reason that do not
    # quote a 禁语), so stems differ without naming the words to avoid.
    parts = [part for part in re.split(r"(?<=[；。])", rule["reason"])
             if part and not any(phrase in part for phrase in rule["forbidden"])]
    if not parts:
        return None
    about = "".join(parts).rstrip("；")
    prompt = f"选出规范说法（{rule['category']}）。{about if about.endswith('。') else about + '。'}"
    slips = balanced(rule["id"], good, slips, PROPER_OPTIONS - 1)
    if len(slips) < 2 or gives_away(prompt, good, slips):
        return None
    options = [(good, "对。这是规范说法。")]
    options += [(text, "这句话里有服务禁语，见服务禁语表。") for text in slips]
    return [good, *slips], make_item(f"gen-proper-{rule['id']}", "single", prompt, options,
                                      f"规范说法：{rule['replacements'][0]}", f"rules/index.md#{rule['id']}")


def rule_questions(rule_list: dict) -> list[dict]:
    """找出这句话中的禁语 / 选出规范说法, from every error-level rule's examples."""
    rules = rule_list["rules"]
    error_rules = [rule for rule in rules if rule["severity"] == "error"]
    used: set[str] = set()
    questions, stems = [], set()
    for rule in error_rules:
        sentence, find = _find_question(rule, rules, used)
        if find:
            used.add(sentence)
            questions.append(find)
        texts, proper = _proper_question(rule, rules, error_rules, used) or (None, None)
        if proper and proper["prompt"] not in stems:
            stems.add(proper["prompt"])
            used.update(texts)
            questions.append(proper)
    return spread(questions)
