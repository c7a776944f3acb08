"""Front-matter values: `search: boost:` is a number, and true is not one (Python counts it as 1)."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from kb import front_matter

SEARCH = "content/handbook/zz.md:3: 页面头部（front matter）的字段“search”只能写 exclude: true 或 boost: 数字"


@pytest.mark.parametrize("value, messages", [
    ({"boost": True}, [SEARCH]), ({"boost": 2}, []), ({"boost": 0.5}, []), ({"exclude": True}, []),
    ({"exclude": 1}, [SEARCH]),
])
def test_search_boost_is_a_number_and_not_true(value, messages):
    page = SimpleNamespace(meta={"title": "页", "search": value})
    source = "---\ntitle: 页\nsearch: x\n---\n# 页\n"
    assert front_matter.problems(page, "content/handbook/zz.md", source) == messages
