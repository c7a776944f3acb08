"""Handbook sections' search aliases (content/search/sections.yml): every problem is a message at its line."""
from __future__ import annotations

import pytest

from kb import links, section_aliases
from kb.errors import DataError


def _load(tmp_path, table: str, pages: dict | None = None):
    path = tmp_path / "sections.yml"
    path.write_text(table, encoding="utf-8")
    errors: list[DataError] = []
    groups = section_aliases.load(path, tmp_path, errors)
    found = section_aliases.resolved(groups, pages if pages is not None else _pages(tmp_path), errors)
    return found, list(map(str, errors))


def _pages(tmp_path):
    docs = tmp_path / "content"
    (docs / "handbook").mkdir(parents=True, exist_ok=True)
    (docs / "handbook" / "03-listening.md").write_text("# 倾听\n\n## 避免打断客户\n\n正文。\n", encoding="utf-8")
    (docs / "handbook" / "index.md").write_text("# 手册\n\n## 怎么用\n\n正文。\n", encoding="utf-8")
    (docs / "about.md").write_text("# 关于\n\n## 反馈\n\n正文。\n", encoding="utf-8")
    return links.page_index(docs)


def test_each_section_gets_its_aliases_at_the_location_the_index_uses(tmp_path):
    found, errors = _load(tmp_path, "sections:\n  - [handbook/03-listening.md#避免打断客户, 插嘴, 抢话]\n"
                                    "  - [handbook/index.md#怎么用, 用法]\n")
    assert errors == []
    assert found == {"handbook/03-listening/#避免打断客户": "插嘴 抢话", "handbook/#怎么用": "用法"}


def test_an_escaped_or_roundabout_link_reaches_the_same_section(tmp_path):
    """links.problem accepts both, so both must land where the index puts the section, not be lost."""
    found, errors = _load(tmp_path, "sections:\n  - [handbook/03-listening.md#%E9%81%BF%E5%85%8D%E6%89%93%E6%96%AD%E5%AE%A2%E6%88%B7, 插嘴]\n"
                                    "  - [handbook/../handbook/index.md#怎么用, 用法]\n")
    assert errors == []
    assert found == {"handbook/03-listening/#避免打断客户": "插嘴", "handbook/#怎么用": "用法"}


def test_a_link_to_no_section_of_the_handbook_is_a_message_at_its_line(tmp_path):
    _, errors = _load(tmp_path, "sections:\n"
                                "  - [handbook/03-listening.md#避免打断客户, 插嘴]\n"
                                "  - [handbook/03-listening.md#不打断客户, 插嘴]\n"
                                "  - [handbook/04-expression.md#语调, 声调]\n"
                                "  - [handbook/03-listening.md, 倾听]\n"
                                "  - [about.md#反馈, 意见]\n"
                                "  - [handbook/03-listening.md#避免打断客户, 抢话]\n")
    assert errors == [
        "sections.yml:3: 手册小节别称的字段“sections”：第 2 组的“handbook/03-listening.md#不打断客户”："
        "页面“handbook/03-listening.md”中没有小节“#不打断客户”",
        "sections.yml:4: 手册小节别称的字段“sections”：第 3 组的“handbook/04-expression.md#语调”："
        "找不到页面“handbook/04-expression.md”",
        "sections.yml:5: 手册小节别称的字段“sections”：第 4 组的“handbook/03-listening.md”："
        "应为手册里的一个小节：handbook/页面.md#小节标题，如 [handbook/03-listening.md#避免打断客户, 插嘴, 抢话]",
        "sections.yml:6: 手册小节别称的字段“sections”：第 5 组的“about.md#反馈”："
        "应为手册里的一个小节：handbook/页面.md#小节标题，如 [handbook/03-listening.md#避免打断客户, 插嘴, 抢话]",
        "sections.yml:7: 手册小节别称的字段“sections”：第 6 组的“handbook/03-listening.md#避免打断客户”："
        "前面已经写过；一个小节的别称写在一组里",
    ]


@pytest.mark.parametrize("aliases, problem", [
    (", ".join(f"别称{n}" for n in range(31)), "最多写 30 个，实际有 31 个；只留坐席真会搜的说法"),
    ("插嘴, 客户一直在电话里说个不停我插不上话怎么办",
     "第 2 项“客户一直在电话里说个不停我插不上…”有 20 个字，最多 16 个；写坐席在搜索框里会打的几个字，不写整句"),
    ("插嘴, 抢 话", "第 2 项“抢 话”中间有空格：搜索会在这里把它切成几段；写成“抢话”，或分成几项"),
    ("插嘴, 抢话/插话", "第 2 项“抢话/插话”中间有“/”：搜索会在这里把它切成几段；写成“抢话插话”，或分成几项"),
    ("插嘴, ……", "第 2 项“……”要至少 1 个字：去掉标点和空白后没有可搜的字"),
], ids=["too-many", "sentence", "space", "slash", "punctuation-only"])
def test_a_group_of_aliases_the_search_could_not_use_is_a_message(tmp_path, aliases, problem):
    found, errors = _load(tmp_path, f"sections:\n  - [handbook/03-listening.md#避免打断客户, {aliases}]\n")
    assert errors == ["sections.yml:2: 手册小节别称的字段“sections”：第 1 组的“handbook/03-listening.md#避免打断客户”：" + problem]
    assert found == {}


def test_a_group_without_aliases_and_a_misspelt_key_are_messages(tmp_path):
    _, errors = _load(tmp_path, "sections:\n  - [handbook/03-listening.md#避免打断客户]\n")
    assert errors == ["sections.yml:2: 手册小节别称的字段“sections”：第 1 组至少要有 2 项；先写小节（页面#小节标题），再写至少一个别称"]
    _, errors = _load(tmp_path, "section:\n  - [handbook/03-listening.md#避免打断客户, 插嘴]\n")
    assert errors and errors[0].startswith("sections.yml:1: ") and "section" in errors[0]
