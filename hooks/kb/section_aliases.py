"""Search aliases of handbook sections (content/search/sections.yml).

A card carries the words agents search it by (aliases) in its own YAML; a handbook section is
Markdown, and its heading is often not what an agent types: 插嘴 for 避免打断客户, 新人成长 for
持续学习和提升. The aliases of each section live in one table beside the synonyms, each group
naming its section by link (handbook/03-listening.md#避免打断客户), checked as every link of the
content is, so a renamed heading fails the build at the table's line instead of losing its aliases.
The index gives them to the section's situation field (hooks/kb/search.py, material_entries): what the
section is for, weighted below a card's aliases, so a card named by the same words still comes first
(as the alias field, 拒绝客户 found the section 必须拒绝时 before the card decline-politely).
"""
from __future__ import annotations

from pathlib import Path

from kb import links
from kb.names import names_problem
from kb.loader import DataError, ListOf, NonEmptyText, Schema, item_line, load_file, raise_collected, show

LABEL = "手册小节别称"
EXAMPLE = "如 [handbook/03-listening.md#避免打断客户, 插嘴, 抢话]"


class SectionAliasesSchema(Schema):
    sections = ListOf(ListOf(NonEmptyText(), at_least=2, noun="项", why="先写小节（页面#小节标题），再写至少一个别称"),
                      unit="组")


def load(path: Path, root: Path | None = None, errors: list[DataError] | None = None) -> list[dict]:
    """The table's groups as {"link", "aliases", "file", "line", "number"}; links are checked by resolved()."""
    raising, errors = errors is None, ([] if errors is None else errors)
    data, table, name = load_file(path, SectionAliasesSchema, LABEL, root, errors)
    groups = [{"link": group[0], "aliases": group[1:], "file": name, "number": number + 1,
               "line": item_line(data.get("sections"), number, data.line_of("sections"))}
              for number, group in enumerate(table["sections"] or [])]
    if raising:
        raise_collected(errors)
    return groups


def resolved(groups: list[dict], pages: dict, errors: list[DataError]) -> dict[str, str]:
    """Index location (handbook/03-listening/#避免打断客户) → its aliases, space-separated; one
    message per group whose link is no handbook section, or names a section a group named before."""
    result: dict[str, str] = {}
    for group in groups:
        where = f"{LABEL}的字段“sections”：第 {group['number']} 组的“{show(group['link'], 80)}”"
        page, anchor = links.resolve(group["link"], "")
        problem = links.problem(group["link"], "", pages, "", external_ok=False)
        if not page.startswith("handbook/") or not anchor:
            problem = f"应为手册里的一个小节：handbook/页面.md#小节标题，{EXAMPLE}"
        location = f"{links.page_url(page)}#{anchor}"
        if not problem and location in result:
            problem = "前面已经写过；一个小节的别称写在一组里"
        if not problem:
            # As for a card's aliases: every agent downloads them, and dozens drown the other entries' matches.
            problem = names_problem(group["aliases"])
        if problem:
            errors.append(DataError(group["file"], group["line"], f"{where}：{problem}"))
            continue
        result[location] = " ".join(group["aliases"])
    return result

