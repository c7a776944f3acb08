"""Content hashes of what an agent reads: each card, each 服务禁语 rule, each handbook section.

A hash changes when the words change and for nothing else: not for YAML
quoting, comments, key order or line wrapping, not for another card in the same
file, not for the build's date. Card and rule metadata (审核日期, 负责人, 出处,
tags and aliases) is left out on purpose: re-reviewing a card without changing a
word must not tell every agent that it changed.

The browser (content/assets/kb/updates.js) compares these with the versions
the agent last viewed, from assets/kb/versions.json.
"""
from __future__ import annotations

import hashlib
import html
import json
import re

import nh3

HASH_LENGTH = 12
CARD_FIELDS = ("title", "situation", "stage", "why", "avoid")
RULE_FIELDS = ("category", "severity", "forbidden", "replacements", "reason")
# A handbook section runs from its h2 or h3 to the next h2 or h3 (markdown's output, ids from toc).
_SECTION_HEADING = re.compile(r'<h([23])\b[^>]*?\bid="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
_PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)


def digest(value) -> str:
    """A short hash of a JSON-shaped value (lists, in a fixed order: no key sorting to pay for per card)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def card_hash(card: dict) -> str:
    """The words of a card: title, situation, lines, steps, variants, why, avoid.

    The same for a loaded card (kb.cards: lines are {"text", …}, defaults filled in) and
    for the plain YAML mapping it came from, which is how kb.changes reads old versions.
    """
    value = [card.get(field) for field in CARD_FIELDS]
    value.append(card.get("type") or "script")
    value.append([_line(line) for line in card.get("lines") or []])
    value.append([[step.get("action"), step.get("say"), step.get("wait")] for step in card.get("steps") or []])
    value.append([[variant.get("label"), [_line(line) for line in variant.get("lines") or []]]
                  for variant in card.get("variants") or []])
    return digest(value)


def rule_hash(rule: dict) -> str:
    """The words of a loaded rule (kb.rules) as the 服务禁语 table shows them."""
    value = [rule.get(field) for field in RULE_FIELDS]
    value.append([[example.get("bad"), example.get("good")] for example in rule.get("examples") or []])
    return digest(value)


def section_hashes(page_html: str) -> list[dict]:
    """Each h2/h3 section of a rendered page: its anchor, title and the hash of its text.

    The text is what a reader sees (tags dropped, entities read, whitespace runs as one
    space), so re-wrapping a paragraph or changing emphasis markup leaves the hash alone.
    """
    headings = list(_SECTION_HEADING.finditer(page_html))
    sections = []
    for index, match in enumerate(headings):
        end = headings[index + 1].start() if index + 1 < len(headings) else len(page_html)
        title = _text(_PERMALINK.sub("", match.group(3)))
        body = _text(page_html[match.end():end])
        sections.append({"anchor": html.unescape(match.group(2)), "title": title, "hash": digest([title, body])})
    return sections


def _line(line) -> str:
    return line["text"] if isinstance(line, dict) else line


def _text(fragment: str) -> str:
    return " ".join(html.unescape(nh3.clean(fragment, tags=set())).split())
