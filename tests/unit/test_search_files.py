"""The files search/ may hold are listed twice (content.py loads them, search_files.py names them): the lists agree."""
from __future__ import annotations

from kb import content, search_files


def test_search_files_are_the_tables_content_loads():
    loaded = [rel.removeprefix("search/") for rel, *_ in content.SEARCH_TABLES] + [content.USER_DICT.removeprefix("search/")]
    assert sorted(search_files.SEARCH_FILES) == sorted(loaded)
