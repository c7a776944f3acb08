"""Questions generated from the data: 服务禁语 (find the 禁语, pick the proper wording) and cards
(which card fits the situation, which step comes next). Seeded by the data, so a build is repeatable.
"""
from __future__ import annotations

import hashlib
import re

import jieba
import jieba.posseg

from kb import rules as kb_rules

#
# Generated items must measure, not give themselves away:
# - every sentence is one a trainer wrote whole (a rule's bad or good example), never
#   a 禁语 spliced into a script;
# - a 找出禁语 item offers only whole content words of the quoted sentence, never a fragment
#   that runs across a word (问明天能, 到验证码);
# - a key (a good example) is offered in no other item, so one item never tells the
#   answer of another; a bad example is a wrong option in at most MAX_BAD_USES items;
# - the right option is not singled out by its length or by words it shares
#   with the stem, and its position differs from item to item.
# tests/unit/test_generated_quiz_lint.py checks all of this on the real content.

_CJK = re.compile(r"[\u4e00-\u9fff]+")
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


# Content words (nouns, verbs, adjectives, time words, set phrases), as jieba tags them.
_CONTENT_TAG = re.compile(r"^[nvatil]")
# Not content: a negation (不能, 没到), an auxiliary (才能) or the frame that quotes the customer (您问…？, 您说…？).
_NOT_CONTENT = re.compile(r"^[不没问说才]")
_TIME_NOUNS = {"时候", "时间"}
PHRASE_WORDS = 5
_AUXILIARY = set("要能会是有来去到先还也就才都让被把给用")


def crosses_a_word(sentence: str, start: int, end: int) -> bool:
    """True when a dictionary word of `sentence` runs across `start` or `end`: 没收 in 没收到
    splits 收到, and offering it would offer a fragment, not a word."""
    for a in range(max(0, start - 3), end):
        for b in range(a + 2, min(len(sentence), a + 4) + 1):
            inside = start <= a and b <= end
            if not inside and (a < start < b or a < end < b) and jieba.dt.FREQ.get(sentence[a:b]):
                return True
    return False


def content_words(sentence: str) -> list[tuple[int, int, str]]:
    """Whole words and phrases of `sentence`, as (start, end, text), crossing no other word: a
    content word (发票), or a phrase of up to PHRASE_WORDS words that starts and ends on a content
    word, or ends on 了 at the end of a clause (发票开错了, 快递被别人签收了), and has no content word
    right before or after it (记录我这边 cut from 退款记录我这边). A run that starts on a function
    word or the quoting frame (您说上门), ends on one (优惠券要先, 充电的) or holds a time word
    (活动昨天, 时候发热) is a fragment."""
    jieba.dt.check_initialized()
    tokens, offset = [], 0
    for word, tag in jieba.posseg.cut(sentence):
        kind = ("time" if tag.startswith("t") or word in _TIME_NOUNS
                else "content" if _CONTENT_TAG.match(tag) and not _NOT_CONTENT.match(word)
                else "stop" if not _CJK.fullmatch(word) else None)
        tokens.append((offset, offset + len(word), word, kind))
        offset += len(word)

    def is_content(i):
        return 0 <= i < len(tokens) and tokens[i][3] in ("content", "time")

    runs = []
    for i, (start, end, word, kind) in enumerate(tokens):
        if kind in ("content", "time") and len(word) >= 2 and not crosses_a_word(sentence, start, end):
            runs.append((start, end, word))
        if kind != "content" or len(word) < 2 or is_content(i - 1):
            continue
        for j in range(i + 1, min(i + PHRASE_WORDS, len(tokens))):
            _, after, last, last_kind = tokens[j]
            if last_kind in ("stop", "time"):
                break
            closes = last == "了" and (j + 1 == len(tokens) or tokens[j + 1][3] == "stop")
            ends = closes or (last_kind == "content" and last not in _AUXILIARY and not is_content(j + 1))
            if ends and not crosses_a_word(sentence, start, after):
                runs.append((start, after, sentence[start:after]))
    return runs


def _find_question(rule: dict, rules: list[dict], used: set[str]):
    """找出这句话中的禁语: the sentence is one of the rule's own bad examples, whole, as a trainer
    wrote it; the options are its 禁语 and other words of it. Examples too short to offer two
    other words give no item."""
    # The longest first: more words to choose from, so the 禁语 is not the only long option.
    for sentence in sorted(dict.fromkeys(example["bad"] for example in rule["examples"]), key=len, reverse=True):
        if sentence in used or re.search(r"\s", sentence):
            continue
        found = kb_rules.find_matches(sentence, rules)
        mine = [m for m in found if m["rule"] == rule["id"]]
        if not mine:
            continue
        answer = mine[0]["found"]
        words = []
        for start, end, text in content_words(sentence):
            overlaps = any(start < m["end"] and m["start"] < end for m in found)
            if (overlaps or len(text) > len(answer) + 2 or text in answer or answer in text
                    or kb_rules.find_matches(text, rules)):
                continue
            words.append(text)
        # No option inside another: "去问" beside "去问吧" would be a guess between twins.
        distractors = _find_distractors(rule["id"], answer, words)
        if len(distractors) < 2:
            continue
        options = [(answer, f"对。“{answer}”是服务禁语：{rule['reason']}")]
        options += [(word, f"“{word}”本身没有问题；这句话的问题在“{answer}”。") for word in distractors]
        return sentence, make_item(f"gen-find-{rule['id']}", "single", f"找出这句话中的禁语：“{sentence}”",
                                   options, f"应改为：{rule['replacements'][0]}", f"rules/index.md#{rule['id']}")
    return None, None


def _find_distractors(seed: str, answer: str, words: list[str]) -> list[str]:
    """FIND_OPTIONS - 1 words, none inside another ("去问" beside "去问吧" would be a guess between
    twins), led by a phrase as long as the 禁语 when one leaves room for two options."""
    ranked = rank(seed, list(dict.fromkeys(words)))
    long_enough = [word for word in ranked if len(word) >= len(answer)]
    single = [word for word in ranked if not any(other != word and other in word for other in ranked)]
    for lead in long_enough + [None]:
        chosen = [lead] if lead else []
        for word in (ranked if lead else single):
            if len(chosen) < FIND_OPTIONS - 1 and not any(word in other or other in word for other in chosen):
                chosen.append(word)
        if len(chosen) >= 2:
            return chosen
    return []


# A bad example is offered as a wrong option in at most this many 选出规范说法 items.
MAX_BAD_USES = 3


def _proper_question(rule: dict, error_rules: list[dict], keys: set[str], uses: dict[str, int]):
    """选出规范说法: the rule's good example among whole bad examples, as trainers wrote them,
    nearest in length (so length does not point at the answer), this rule's category first."""
    goods = [e["good"] for e in rule["examples"] if e["good"] not in keys]
    if not goods:
        return None
    # The shortest good example: a trainer's bad examples are mostly shorter than the fixed ones.
    good = min(goods, key=len)
    bads = [(other, e["bad"]) for other in error_rules for e in other["examples"]
            if uses.get(e["bad"], 0) < MAX_BAD_USES and not re.search(r"\s", e["bad"])]
    # Same category first, then nearest in length, one per rule; the order is stable per rule.
    order = {text: n for n, text in enumerate(rank(rule["id"], [text for _, text in bads]))}
    ranked = sorted(bads, key=lambda pair: order[pair[1]])
    ranked.sort(key=lambda pair: (pair[0]["category"] != rule["category"], abs(len(pair[1]) - len(good))))
    slips, rules_used = [], set()
    for other, text in ranked:
        if other["id"] not in rules_used and text not in slips:
            slips.append(text)
            rules_used.add(other["id"])
    # One as long as the key when there is one, so the key is not the longest by default.
    long_enough = [text for text in slips if len(text) >= len(good)]
    chosen = long_enough[:1] + [text for text in slips if text not in long_enough[:1]]
    chosen = chosen[:PROPER_OPTIONS - 1]
    # The stem says what the rule is about (the parts of its reason that do not
    # quote a 禁语), so stems differ without naming the words to avoid.
    parts = [part for part in re.split(r"(?<=[；。])", rule["reason"])
             if part and not any(phrase in part for phrase in rule["forbidden"])]
    if not parts or len(chosen) < 2:
        return None
    about = "".join(parts).rstrip("；")
    prompt = f"选出规范说法（{rule['category']}）。{about if about.endswith('。') else about + '。'}"
    if gives_away(prompt, good, chosen):
        return None
    options = [(good, "对。这是规范说法。")]
    options += [(text, "这句话里有服务禁语，见服务禁语表。") for text in chosen]
    return [good, *chosen], make_item(f"gen-proper-{rule['id']}", "single", prompt, options,
                                      f"规范说法：{rule['replacements'][0]}", f"rules/index.md#{rule['id']}")


def rule_questions(rule_list: dict) -> list[dict]:
    """找出这句话中的禁语 / 选出规范说法, from every error-level rule's examples."""
    rules = rule_list["rules"]
    error_rules = [rule for rule in rules if rule["severity"] == "error"]
    used: set[str] = set()
    keys: set[str] = set()
    uses: dict[str, int] = {}
    questions, stems = [], set()
    finds, propers = {}, {}
    for rule in error_rules:
        sentence, find = _find_question(rule, rules, used)
        if find:
            used.add(sentence)
            finds[rule["id"]] = find
    # The long bad examples go first to the longest keys they can match, not to whichever
    # rule comes first; a key longer than every bad example is matched last.
    longest_bad = max(len(e["bad"]) for rule in error_rules for e in rule["examples"])
    shortest_good = {rule["id"]: min(len(e["good"]) for e in rule["examples"]) for rule in error_rules}
    for rule in sorted(error_rules, key=lambda r: (shortest_good[r["id"]] > longest_bad, -shortest_good[r["id"]])):
        texts, proper = _proper_question(rule, error_rules, keys, uses) or (None, None)
        if proper and proper["prompt"] not in stems:
            stems.add(proper["prompt"])
            keys.add(texts[0])
            for text in texts[1:]:
                uses[text] = uses.get(text, 0) + 1
            propers[rule["id"]] = proper
    for rule in error_rules:
        questions += [item for item in (finds.get(rule["id"]), propers.get(rule["id"])) if item]
    return spread(questions)
