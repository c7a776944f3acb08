"""The bad-input corpus: careless and hostile inputs, each with its exact messages.

Every case changes a copy of the project (new files mostly, so the cases do not
depend on the real content's wording or line numbers); the expected messages
live in tests/fixtures/bad/expected.txt, one block per case. Run with
KB_UPDATE_GOLDEN=1 to rewrite that file after a deliberate change of wording,
then read the diff.

Lines of content/rules/forbidden.yml are written relative to its `rules:` line
(`@R+2`, the corpus's test rule is inserted right below it), or to the start of
the rule a case appends at the end (`@B+2`), so rule cases can share a build.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent / "fixtures" / "bad"
GOLDEN = HERE / "expected.txt"
BOOK = (HERE / "book.yml").read_text(encoding="utf-8")
BANK = (HERE / "bank.yml").read_text(encoding="utf-8")
RULE = (HERE / "rule.yml").read_text(encoding="utf-8")
RULES = "content/rules/forbidden.yml"


@dataclass
class Case:
    id: str
    ops: list
    # Cases that silence other checks (no rule list, no gate) build alone.
    alone: bool = False
    files: set = field(default_factory=set)

    def __post_init__(self):
        self.files = {op[1] for op in self.ops}


def book(stem: str, *changes: tuple[str, str], card_id: str | None = None, folder="phrasebooks") -> tuple:
    text = BOOK.replace("CARD_ID", card_id or stem)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return ("write", f"content/{folder}/{stem}.yml", text)


def bank(stem: str, *changes: tuple[str, str], question_id: str | None = None) -> tuple:
    text = BANK.replace("QUESTION_ID", question_id or stem)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return ("write", f"content/quizzes/{stem}.yml", text)


def rule(rule_id: str, *changes: tuple[str, str]) -> tuple:
    """A rule appended at the end of the rule list."""
    text = RULE.replace("zz-test-rule", rule_id)
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new, 1)
    return ("append-rule", RULES, text)


def page(name: str, text: str) -> tuple:
    return ("write", f"content/handbook/{name}", text)


LINE = ("      - 您好，请问有什么可以帮您？\n",)
BOMB = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))

CASES = [
    # --- bytes and YAML syntax --------------------------------------------------------
    Case("tab-indent", [book("zz-tab", ("    why:", "\twhy:"))]),
    Case("byte-order-mark", [("bytes", "content/phrasebooks/zz-bom.yml", b"\xef\xbb\xbf" + BOOK.encode())]),
    Case("gbk-yaml", [("bytes", "content/phrasebooks/zz-gbk.yml", BOOK.replace("CARD_ID", "zz-gbk").encode("gbk"))]),
    Case("empty-file", [("write", "content/phrasebooks/zz-empty.yml", "")]),
    Case("only-comments", [("write", "content/quizzes/zz-comments.yml", "# 以后再写\n# 题目\n")]),
    Case("too-many-aliases", [book("zz-aliases", ("    tags: [测试]\n", "    tags: [测试]\n    aliases: [" + ", ".join(f"别名{i}" for i in range(5000)) + "]\n"))]),
    Case("alias-sentence", [book("zz-alias-sentence", ("    tags: [测试]\n", "    tags: [测试]\n    aliases: [插嘴, 客户一直在电话里说个不停我插不上话怎么办]\n"))]),
    # The index cuts the alias field at spaces: 客户 alone would become a name of this card.
    Case("alias-with-space", [book("zz-alias-space", ("    tags: [测试]\n", "    tags: [测试]\n    aliases: [插嘴, VIP 客户]\n"))]),
    Case("nul-byte-in-handbook", [("bytes", "content/handbook/zz-nul.md", "# 标题\n\n客户\x00沟通\n".encode())]),
    Case("nul-byte", [book("zz-nul", ("    why: 因为测试。", "    why: 因为\x00测试。"))]),
    Case("nul-escape", [book("zz-nulesc", ("    why: 因为测试。", '    why: "因为\\0测试。"'))]),
    Case("bell-escape", [book("zz-bellesc", ("      - 您好，请问有什么可以帮您？", '      - "您好\\x07，请问有什么可以帮您？"'))]),
    # U+202E shows the 禁语 管我归不 as 不归我管: the gate reads one order, the agent sees and pastes the other.
    Case("bidi-override", [book("zz-rlo", ("      - 您好，请问有什么可以帮您？", "      - 您好，这个\u202e管我归不\u202c。"))]),
    Case("bidi-override-escape", [book("zz-rloesc", ("      - 您好，请问有什么可以帮您？", '      - "您好，这个\\u202E管我归不。"'))]),
    Case("bidi-isolate-in-handbook", [page("zz-bidi.md", "# 页\n\n可以这样说：“这个\u2067管我归不\u2069。”\n")]),
    Case("escape-char", [book("zz-esc", ("    title: 示例", "    title: 示例\x1b[31m"))]),
    Case("unclosed-flow-list", [book("zz-flow", ("    tags: [测试]", "    tags: [测试"))]),
    Case("unclosed-quote", [book("zz-quote", ("    why: 因为测试。", '    why: "因为测试。'))]),
    Case("colon-in-text", [book("zz-colon", ("    why: 因为测试。", "    why: 注意: 先核实"))]),
    Case("print-out-of-range", [book("zz-print", ("    why: 因为测试。", "    why: 因为测试。\n    print: [1, 3]"))]),
    Case("print-empty", [book("zz-print-empty", ("    why: 因为测试。", "    why: 因为测试。\n    print: []"))]),
    Case("bad-indent", [book("zz-indent", ("    why: 因为测试。", "      why: 因为测试。"))]),
    Case("anchor-and-alias", [book("zz-alias", ("    source: 测试", "    source: &s 测试"),
                                   ("    owner: 培训组", "    owner: *s"))]),
    Case("anchor-alone", [book("zz-anchor", ("    why: 因为测试。", "    why: &w 因为测试。"))]),
    Case("undefined-alias", [book("zz-undef", ("    owner: 培训组", "    owner: *nobody"))]),
    Case("alias-bomb", [("write", "content/phrasebooks/zz-bomb.yml", BOMB)]),
    Case("nested-10000-lists", [("write", "content/phrasebooks/zz-deep.yml", "x: " + "[" * 10000 + "]" * 10000 + "\n")]),
    Case("nested-25-mappings", [("write", "content/quizzes/zz-deep-map.yml",
                                 "".join("  " * i + f"k{i}:\n" for i in range(25)) + "  " * 25 + "v: 1\n")]),
    Case("list-as-key", [book("zz-listkey", ("    why: 因为测试。", "    why: 因为测试。\n    [a, b]: 键是列表"))]),
    Case("mapping-as-key", [book("zz-mapkey", ("    why: 因为测试。", "    why: 因为测试。\n    {a: 1}: 键是映射"))]),
    Case("duplicate-key", [book("zz-dupkey", ("    title: 示例", "    title: 示例\n    title: 又一个"))]),
    Case("top-level-list", [("write", "content/phrasebooks/zz-toplist.yml", "- 一\n- 二\n")]),
    Case("top-level-text", [("write", "content/quizzes/zz-toptext.yml", "只有一句话\n")]),
    Case("two-documents", [("write", "content/phrasebooks/zz-twodocs.yml",
                            BOOK.replace("CARD_ID", "zz-twodocs") + "---\ntitle: 第二个\n")]),
    Case("merge-key", [book("zz-merge", ("    why: 因为测试。", "    why: 因为测试。\n    <<: {owner: 张老师}"))]),
    Case("bad-escape", [book("zz-escape", ("    why: 因为测试。", '    why: "C:\\用户\\新建"'))]),
    Case("null-key", [book("zz-nullkey", ("    why: 因为测试。", "    why: 因为测试。\n    ~: 空"))]),
    Case("python-tag", [book("zz-pytag", ("    why: 因为测试。", "    why: !!python/object/apply:os.system [id]"))]),
    Case("custom-tag", [book("zz-tag", ("    why: 因为测试。", "    why: !include secret.yml"))]),
    # --- dates ------------------------------------------------------------------------
    Case("impossible-date", [book("zz-feb30", ("    reviewed: 2026-11-20", "    reviewed: 2025-02-30"))]),
    Case("month-13", [book("zz-month13", ("    reviewed: 2026-11-20", "    reviewed: 2026-13-01"))]),
    Case("date-with-time", [book("zz-datetime", ("    reviewed: 2026-11-20", "    reviewed: 2026-11-20 10:00:00"))]),
    Case("date-iso-time", [book("zz-isotime", ("    reviewed: 2026-11-20", "    reviewed: 2026-11-20T10:00:00Z"))]),
    Case("future-date", [book("zz-future", ("    reviewed: 2026-11-20", "    reviewed: 2999-01-01"))]),
    Case("future-default-date", [book("zz-future-default", ("cards:", "defaults:\n  reviewed: 2999-01-01\ncards:"),
                                      ("    reviewed: 2026-11-20\n", ""))]),
    Case("date-as-number", [book("zz-datenum", ("    reviewed: 2026-11-20", "    reviewed: 20261120"))]),
    Case("date-as-text", [book("zz-datetext", ("    reviewed: 2026-11-20", "    reviewed: 上周"))]),
    # --- schema -----------------------------------------------------------------------
    Case("misspelt-top-key", [book("zz-titel", ("title: 测试话术本", "titel: 测试话术本"))]),
    Case("misspelt-card-key", [book("zz-stgae", ("    stage: 开场", "    stgae: 开场"))]),
    Case("missing-field", [book("zz-nosituation", ("    situation: 测试场景\n", ""))]),
    Case("several-errors-one-card", [book("zz-several", ("    stage: 开场", "    stage: 开头"), ("    tags: [测试]", "    tags: 测试"),
                                          ("    why: 因为测试。", "    why: ''"))]),
    Case("unknown-stage", [book("zz-stage", ("    stage: 开场", "    stage: 寒暄"))]),
    Case("tags-not-list", [book("zz-tags", ("    tags: [测试]", "    tags: 测试"))]),
    Case("tag-is-number", [book("zz-tagnum", ("    tags: [测试]", "    tags: [测试, 5]"))]),
    Case("uppercase-id", [book("zz-upper-id", card_id="Zz Upper")]),
    Case("chinese-id", [book("zz-cjk-id", card_id="无声电话")]),
    Case("missing-id", [book("zz-noid", ("  - id: zz-noid\n    title: 示例", "  - title: 示例"))]),
    Case("card-is-text", [book("zz-cardtext", ("cards:\n", "cards:\n  - 只是一句话\n"))]),
    Case("no-cards", [("write", "content/phrasebooks/zz-nocards.yml", "title: 空\norder: 1\nintro: 没有卡片。\ncards: []\n")]),
    Case("cards-missing", [("write", "content/phrasebooks/zz-nocardskey.yml", "title: 空\norder: 1\nintro: 没有卡片。\n")]),
    Case("procedure-one-step", [book("zz-onestep", ("    lines:\n" + LINE[0],
                                                    "    type: procedure\n    steps:\n      - action: 只有一步\n"))]),
    Case("script-with-steps", [book("zz-scriptsteps", ("    why:", "    steps:\n      - action: 一\n      - action: 二\n    why:"))]),
    Case("step-unknown-key", [book("zz-stepkey", ("    lines:\n" + LINE[0],
                                                  "    type: procedure\n    steps:\n      - action: 一\n      - act: 二\n"))]),
    Case("wait-not-number", [book("zz-wait", ("    lines:\n" + LINE[0], "    type: procedure\n    steps:\n"
                                              "      - action: 一\n        wait: 五秒\n      - action: 二\n"))]),
    Case("variant-without-lines", [book("zz-variant", ("    why:", "    variants:\n      - label: 在线聊天\n    why:"))]),
    Case("order-as-text", [book("zz-order", ("order: 99", "order: 第一"))]),
    Case("blank-title", [book("zz-blank", ("    title: 示例", "    title: '   '"))]),
    Case("defaults-unknown-key", [book("zz-defaults", ("cards:", "defaults:\n  ownr: 张老师\ncards:"))]),
    Case("huge-value-is-shortened", [book("zz-huge", ("    tags: [测试]", "    tags: " + "长" * 5000))]),
    # --- cross-references --------------------------------------------------------------
    Case("duplicate-card-id", [book("zz-dup-a", card_id="zz-dup"), book("zz-dup-b", card_id="zz-dup")]),
    Case("link-to-missing-card", [bank("zz-q-card", ("card:silent-call", "card:no-such-card"))]),
    Case("link-to-missing-page", [bank("zz-q-page", ("card:silent-call", "handbook/99-nothing.md"))]),
    Case("link-to-missing-anchor", [bank("zz-q-anchor", ("card:silent-call", "handbook/01-basics.md#没有这一节"))]),
    Case("link-outside-docs", [bank("zz-q-readme", ("card:silent-call", "../README.md"))]),
    Case("link-climbs-out", [bank("zz-q-climb", ("card:silent-call", "handbook/../../mkdocs.yml"))]),
    Case("link-absolute", [bank("zz-q-abs", ("card:silent-call", "/etc/passwd.md"))]),
    Case("link-external", [bank("zz-q-http", ("card:silent-call", "https://example.com/x.md"))]),
    Case("link-javascript", [bank("zz-q-js", ("card:silent-call", "javascript:alert(1)"))]),
    Case("link-not-a-page", [bank("zz-q-css", ("card:silent-call", "assets/kb.css"))]),
    Case("link-to-broken-card-is-not-repeated", [book("zz-brokencard", ("    stage: 开场", "    stage: 开头")),
                                                  bank("zz-q-brokencard", ("card:silent-call", "card:zz-brokencard"))]),
    Case("duplicate-question-id", [bank("zz-q-dup-a", question_id="zz-q-dup"), bank("zz-q-dup-b", question_id="zz-q-dup")]),
    # --- quiz keys --------------------------------------------------------------------
    Case("answer-missing-option", [bank("zz-q-answer", ("    answer: a", "    answer: e"))]),
    Case("single-two-answers", [bank("zz-q-two", ("    answer: a", "    answer: [a, b]"))]),
    Case("one-option", [bank("zz-q-oneopt", ("      - {key: b, text: 乙, feedback: 错。}\n", ""))]),
    Case("duplicate-option-key", [bank("zz-q-dupkey", ("{key: b,", "{key: a,"))]),
    Case("truefalse-three-options", [bank("zz-q-tf", ("    type: single", "    type: truefalse"),
                                          ("    answer: a", "      - {key: c, text: 丙, feedback: 错。}\n    answer: a"))]),
    Case("scenario-without-customer", [bank("zz-q-scenario", ("    type: single", "    type: scenario"))]),
    Case("multiple-no-answer", [bank("zz-q-multi", ("    type: single", "    type: multiple"), ("    answer: a", "    answer: []"))]),
    Case("answer-is-number", [bank("zz-q-num", ("    answer: a", "    answer: 1"))]),
    Case("option-without-feedback", [bank("zz-q-feedback", ("{key: b, text: 乙, feedback: 错。}", "{key: b, text: 乙}"))]),
    Case("question-unknown-key", [bank("zz-q-key", ("    prompt: 问题？", "    promt: 问题？"))]),
    Case("no-questions", [("write", "content/quizzes/zz-q-none.yml", "title: 空\norder: 1\nintro: 没有题。\nquestions: []\n")]),
    # --- the 服务禁语 gate -------------------------------------------------------------
    Case("gate-script-line", [book("zz-gate", ("您好，请问有什么可以帮您？", "您好，这是测试禁语。"))]),
    Case("gate-zero-width", [book("zz-gate-zw", ("您好，请问有什么可以帮您？", "您好，测试\u200b禁语。"))]),
    Case("gate-full-width-space", [book("zz-gate-space", ("您好，请问有什么可以帮您？", "您好，测试　禁 语。"))]),
    Case("gate-step-say", [book("zz-gate-step", ("    lines:\n" + LINE[0], "    type: procedure\n    steps:\n"
                                                 "      - action: 一\n        say: 测试禁语\n      - action: 二\n"))]),
    Case("gate-variant", [book("zz-gate-variant", ("    why:", "    variants:\n      - label: 在线聊天\n        lines: [好的，测试禁语。]\n    why:"))]),
    Case("gate-correct-answer", [bank("zz-q-gate", ("{key: a, text: 甲,", "{key: a, text: 这是测试禁语,"))]),
    # --- the 禁语 list ----------------------------------------------------------------
    Case("rule-invisible-phrase", [rule("zz-r-invisible", ("[测试禁语]", "[\"\\u200b\", 坏词]"))]),
    Case("rule-blank-phrase", [rule("zz-r-blank", ("[测试禁语]", "[坏词, \"\\ufeff\\u200d\"]"))]),
    Case("rule-bad-severity", [rule("zz-r-severity", ("severity: error", "severity: fatal"))]),
    Case("rule-unknown-category", [rule("zz-r-category", ("category: 推诿搪塞", "category: 其他"))]),
    Case("rule-swap-not-forbidden", [rule("zz-r-swap", ("    reason:", "    swaps: {别的词: 替换}\n    reason:"))]),
    Case("rule-no-examples", [rule("zz-r-examples", ("    examples:\n      - bad: 这是测试禁语。\n        good: 这是测试规范用语。\n",
                                    "    examples: []\n"))]),
    Case("rule-duplicate-id", [rule("zz-test-rule")]),
    # The checker puts a swap into the agent's sentence: 酱紫可以吗 became 这个不归我管，可以吗.
    Case("rule-swap-has-forbidden", [rule("zz-r-swapbad", ("[测试禁语]", "[坏词]"),
                                          ("    reason:", "    swaps: {坏词: 测试禁语，}\n    reason:"))]),
    Case("rule-replacement-has-forbidden", [rule("zz-r-replacement", ("[测试禁语]", "[坏词]"), ("[测试规范用语。]", "[测试禁语。]"))]),
    Case("rule-list-syntax-error", [("edit", RULES, "rules:\n", "rules: [\n")], alone=True),
    Case("rule-list-missing", [("delete", RULES)], alone=True),
    # --- file system ------------------------------------------------------------------
    Case("symlink-environ", [("symlink", "content/assets/env.txt", "/proc/self/environ")]),
    Case("symlink-passwd-page", [("symlink", "content/handbook/zz-passwd.md", "/etc/passwd")]),
    Case("symlink-yml-inside", [("symlink", "content/phrasebooks/zz-link.yml", "opening.yml")]),
    Case("symlink-directory", [("symlink", "content/zz-etc", "/etc")]),
    Case("directory-named-yml", [("mkdir", "content/phrasebooks/zz-dir.yml")]),
    Case("subfolder-in-quizzes", [("write", "content/quizzes/zz-sub/extra.yml", BANK)]),
    Case("yaml-extension", [("write", "content/phrasebooks/zz-notes.yaml", BOOK)]),
    Case("uppercase-extension", [("write", "content/quizzes/zz-upper.YML", BANK)]),
    Case("editor-backup", [("write", "content/phrasebooks/opening.yml~", BOOK)]),
    Case("text-file-in-data", [("write", "content/quizzes/zz-readme.txt", "说明\n")]),
    Case("reserved-index", [book("index", card_id="zz-index")]),
    Case("reserved-tags", [book("tags", card_id="zz-tags-book")]),
    Case("reserved-quiz-index", [bank("index", question_id="zz-q-index")]),
    Case("reserved-generated-bank", [bank("generated-rules", question_id="zz-q-generated")]),
    Case("dot-dot-name", [("write", "content/phrasebooks/..yml", BOOK)]),
    Case("space-in-name", [book("zz two", card_id="zz-two")]),
    Case("uppercase-name", [book("Zz-Upper", card_id="zz-upper-name")]),
    Case("chinese-name", [book("开场", card_id="zz-cjk-name")]),
    Case("extra-file-in-rules", [("write", "content/rules/extra.yml", RULE)]),
    Case("extra-file-in-search", [("write", "content/search/more-words.txt", "新词\n")]),
    Case("fifo", [("fifo", "content/phrasebooks/zz-fifo.yml")]),
    Case("page-shadows-generated", [("write", "content/trainers/stale.md", "# 过期卡片\n")]),
    Case("search-yaml-extension", [("write", "content/search/glossary.yaml", "groups: []\n")]),
    Case("search-subfolder", [("write", "content/search/more/words.txt", "新词\n")]),
    # A .yml in search/ that no loader reads was ignored without a word.
    Case("search-table-typo", [("write", "content/search/synonym.yml", "groups:\n  - [无声电话, 没声音]\n")]),
    Case("search-table-unknown", [("write", "content/search/extra-words.yml", "groups: []\n")]),
    Case("synonyms-missing", [("delete", "content/search/synonyms.yml")]),
    Case("userdict-missing", [("delete", "content/search/userdict.txt")]),
    Case("userdict-malformed", [("write", "content/search/userdict.txt", "无声电话 50 n\n无声 电话 五十\n工号 50 n\n")]),
    Case("userdict-not-utf8", [("bytes", "content/search/userdict.txt", "无声电话 50 n\n".encode("gbk"))]),
    Case("synonyms-bad-item", [("write", "content/search/synonyms.yml", "groups:\n  - [无声电话, 5]\n")]),
    # A heading renamed in the handbook would lose its section's aliases without a word.
    Case("section-alias-renamed-heading", [("write", "content/search/sections.yml",
                                            "sections:\n  - [handbook/03-listening.md#避免打断客户, 插嘴]\n"
                                            "  - [handbook/03-listening.md#不要打断客户, 抢话]\n")]),
    # --- files published as they are: only what runs nothing when opened ----------------
    Case("html-file-in-handbook", [("write", "content/handbook/zz-guide.html",
                                    "<script>alert(localStorage.getItem('kb.placeholders'))</script>\n")]),
    Case("svg-file-in-handbook", [("write", "content/handbook/zz-chart.svg",
                                   '<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>\n')]),
    Case("html-file-at-top", [("write", "content/zz-top.HTML", "<p>x</p>\n")]),
    Case("file-without-extension", [("write", "content/trainers/zz-notes", "备忘\n")]),
    Case("html-file-in-assets", [("write", "content/assets/zz-page.html", "<p>x</p>\n")]),
    # An empty item ("-" alone, or ~) in a list of texts: once a traceback, or (synonyms) nothing at all.
    Case("empty-list-item", [book("zz-empty-item", ("      - 您好，请问有什么可以帮您？\n", "      - 您好，请问有什么可以帮您？\n      -\n"))]),
    Case("null-list-item", [book("zz-null-item", ("    tags: [测试]", "    tags: [测试, ~]"))]),
    Case("rule-null-items", [rule("zz-null-rule", ("forbidden: [测试禁语]", "forbidden: [~, 测试禁语]\n    allow: [~]"),
                                  ("replacements: [测试规范用语。]", "replacements:\n      - 测试规范用语。\n      - ~"))]),
    Case("synonyms-null-item", [("write", "content/search/synonyms.yml", "groups:\n  - [无声电话, 没声音]\n  - [~, 回访]\n")]),
    Case("glossary-null-item", [("write", "content/search/glossary.yml", "groups:\n  -\n  - [refund, 退款]\n")]),
    Case("pinyin-null-items", [("write", "content/search/pinyin.yml", "overrides:\n  - [~, ~]\n")]),
    # An empty list where the field means at least one item: once these passed without a word.
    Case("rule-empty-forbidden", [rule("zz-r-noforbidden", ("[测试禁语]", "[]"))]),
    Case("rule-empty-replacements", [rule("zz-r-noreplacement", ("[测试规范用语。]", "[]"))]),
    Case("tags-empty", [book("zz-notags", ("    tags: [测试]", "    tags: []"))]),
    Case("variant-empty-lines", [book("zz-variant-empty", ("    why:", "    variants:\n      - label: 在线聊天\n        lines: []\n    why:"))]),
    Case("options-empty", [bank("zz-q-noopts", ("    options:\n      - {key: a, text: 甲, feedback: 对。}\n"
                                                "      - {key: b, text: 乙, feedback: 错。}\n", "    options: []\n"))]),
    Case("glossary-no-chinese", [("write", "content/search/glossary.yml", "groups:\n  - [refund, 退款]\n  - - callback\n")]),
    Case("pinyin-nested-block-item", [("write", "content/search/pinyin.yml", "overrides:\n  - - 重复\n    - 5\n")]),
    # A quiz link is where the agent learns the answer: a card or a page, not a folder or a table of contents.
    Case("quiz-link-folder", [bank("zz-q-folder", ("card:silent-call", "handbook/"))]),
    Case("quiz-link-index-page", [bank("zz-q-index", ("card:silent-call", "handbook/index.md"))]),
    Case("quiz-link-card-without-id", [bank("zz-q-noid", ("card:silent-call", "'card:'"))]),
    # Numbers: true is Python's 1, and an int of 4,300 digits and more is a ValueError inside PyYAML.
    Case("quiz-true", [book("zz-quiz-true", ("    why: 因为测试。", "    why: 因为测试。\n    quiz: true"))]),
    Case("order-false", [bank("zz-order-false", ("order: 99", "order: false"))]),
    Case("print-true", [book("zz-print-true", ("    why: 因为测试。", "    why: 因为测试。\n    print: [true]"))]),
    Case("quiz-5000-digits", [book("zz-quiz-digits", ("    why: 因为测试。", "    why: 因为测试。\n    quiz: " + "9" * 5000))]),
    Case("print-4400-digits", [book("zz-print-digits", ("    why: 因为测试。", "    why: 因为测试。\n    print:\n      - 1\n      - " + "0" * 4399 + "1"))]),
    # --- handbook Markdown ------------------------------------------------------------
    # MkDocs reads each page with Python's html.parser, which stops with a traceback at "<![" without a keyword.
    Case("marked-section-in-page", [page("zz-marked.md", "# 页\n\n正文 <![]> 和 <![CDATA[x]]>\n\n"
                                                       '<![><img src="]><img src=x onerror=alert(39)//">\n')]),
    # Python-Markdown reads "[" in time that grows with the square of their number.
    Case("brackets-in-paragraph", [page("zz-brackets.md", "# 页\n\n" + "[" * 101 + "\n第二行\n\n" + "[" * 100 + "\n")]),
    Case("brackets-in-page", [page("zz-brackets-page.md", "# 页\n" + "\n[ 段落\n" * 1001)]),
    Case("page-not-utf8", [("bytes", "content/handbook/zz-gbk.md", "# 标题\n\n正文\n".encode("gbk"))]),
    Case("link-missing-page", [page("zz-links-page.md", "# 页\n\n见[投诉](07-complaint.md#倾听投诉内容)。\n")]),
    Case("link-missing-section", [page("zz-links-anchor.md", "# 页\n\n\n见[投诉](07-complaints.md#没有这一节)。\n")]),
    Case("missing-image", [page("zz-links-image.md", "# 页\n\n![递接物品](images/hands.png)\n")]),
    # Agents copy sample lines from prose too: a quoted line outside a bad example is gated like a card.
    Case("prose-sample-line", [page("zz-prose.md", "# 页\n\n可以这样说：“这个我不知道。”\n\n不要说：“这个我不知道。”\n\n"
                                              "| 错误说法 | 原因 |\n|---|---|\n| “我不知道” | 搪塞 |\n")]),
    Case("link-leaves-docs", [page("zz-links-out.md", "# 页\n\n[说明](../../README.md)\n")]),
    Case("link-absolute-path", [page("zz-links-abs.md", "# 页\n\n[密码](/etc/passwd)\n")]),
    Case("link-same-page-anchor", [page("zz-links-self.md", "# 页\n\n## 小节\n\n[上面](#没有)\n[上面](#小节)\n")]),
    Case("reference-link", [page("zz-links-ref.md", "# 页\n\n见[投诉][c]。\n\n[c]: 07-complaint.md\n")]),
    Case("links-in-code-are-text", [page("zz-links-code.md", "# 页\n\n```\n[x](nothing.md)\n```\n\n`[y](nothing.md)` 和 [z](nothing.md)\n")]),
    # %00 decodes to a NUL, which the message once printed raw.
    Case("link-encoded-nul", [page("zz-links-nul.md", "# 页\n\n[x](zz%00.md)\n[y](01-basics.md#%00%1b)\n")]),
    Case("link-to-generated-card", [page("zz-links-card.md", "# 页\n\n[无声](../phrasebooks/special-calls.md#no-such-card)\n"
                                     "[无声](../phrasebooks/special-calls.md#silent-call)\n")]),
]


def rules_line(project: Path) -> int:
    """The line of `rules:` in the project's 禁语 list (before the corpus inserts anything)."""
    lines = (project / RULES).read_text(encoding="utf-8").splitlines()
    return lines.index("rules:") + 1


def prepare(project: Path) -> None:
    """Every corpus project carries the test rule, so gate messages have a wording of our own."""
    path = project / RULES
    path.write_text(path.read_text(encoding="utf-8").replace("rules:\n", "rules:\n" + RULE, 1), encoding="utf-8")


def apply(case: Case, project: Path) -> list[tuple[int, int]]:
    """Make the case's changes; returns the (first line, line count) of each rule it appended."""
    blocks = []
    for op, rel, *args in case.ops:
        path = project / rel
        if op not in ("delete", "edit", "append-rule"):
            path.parent.mkdir(parents=True, exist_ok=True)
        if op == "write":
            path.write_text(args[0], encoding="utf-8")
        elif op == "bytes":
            path.write_bytes(args[0])
        elif op == "edit":
            text = path.read_text(encoding="utf-8")
            assert args[0] in text, args[0]
            path.write_text(text.replace(args[0], args[1], 1), encoding="utf-8")
        elif op == "append-rule":
            # `rules:` is the list's last key, so a rule appended to the file joins it.
            text = path.read_text(encoding="utf-8")
            text += "" if text.endswith("\n") else "\n"
            blocks.append((text.count("\n") + 1, args[0].count("\n")))
            path.write_text(text + args[0], encoding="utf-8")
        elif op == "symlink":
            path.symlink_to(args[0])
        elif op == "mkdir":
            path.mkdir()
        elif op == "fifo":
            os.mkfifo(path)
        elif op == "delete":
            path.unlink()
        else:
            raise ValueError(op)
    return blocks


def relative_lines(messages: list[str], rules_at: int, blocks=()) -> list[str]:
    """Messages with forbidden.yml lines written as @B+n inside an appended rule, else @R+n."""
    def shift(match):
        line = int(match.group(1))
        start = next((start for start, count in blocks if start <= line < start + count), None)
        return f"{RULES}:@B+{line - start}" if start else f"{RULES}:@R+{line - rules_at}"
    return [re.sub(rf"{re.escape(RULES)}:(\d+)", shift, message) for message in messages]


def load_golden() -> dict[str, list[str]]:
    golden, current = {}, None
    if not GOLDEN.exists():
        return golden
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = golden.setdefault(line[3:], [])
        elif line and current is not None:
            current.append(line)
    return golden


def write_golden(results: dict[str, list[str]]) -> None:
    blocks = [f"## {case.id}\n" + "".join(f"{line}\n" for line in results[case.id]) for case in CASES if case.id in results]
    GOLDEN.write_text("\n".join(blocks), encoding="utf-8")


UPDATE = os.environ.get("KB_UPDATE_GOLDEN") == "1"


def groups(cases: list[Case], size: int = 60) -> list[list[Case]]:
    """Cases that can share one build: no file in common, and none that silences other checks."""
    result: list[list[Case]] = []
    for case in cases:
        home = None if case.alone else next(
            (group for group in result if len(group) < size and not group[0].alone
             # Appended rules share the rule list; any other file belongs to one case.
             and not any(case.files & other.files - {RULES} for other in group)), None)
        if home is None:
            result.append([case])
        else:
            home.append(case)
    return result
