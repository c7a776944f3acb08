"""Which files of content/search/ the build reads, and a message for any other .yml there.

content.py's scan lets any well-named .yml into search/ and content.SEARCH_TABLES loads three
of them; a fourth (synonym.yml for synonyms.yml, or a table a trainer hoped would be read) was
ignored without a word.
"""
from __future__ import annotations

import difflib
from pathlib import Path

from kb.errors import DataError
from kb.yaml_source import display_path

# tests/unit/test_search_files.py checks this against content.SEARCH_TABLES and USER_DICT.
SEARCH_FILES = ("synonyms.yml", "glossary.yml", "pinyin.yml", "userdict.txt")


def stray_tables(folder: Path, root: Path | None, errors: list[DataError]) -> None:
    """Add a DataError for each .yml in `folder` that nothing reads, unless `errors` has it already
    (each table's loader calls this, so whichever loads first reports it)."""
    for path in sorted(folder.glob("*.yml")):
        if path.name in SEARCH_FILES or not path.is_file() or path.is_symlink():
            continue
        guess = difflib.get_close_matches(path.name, SEARCH_FILES, n=1)
        hint = f"是不是“{guess[0]}”？请改名，或删除它" if guess else "请把内容并入其中一个文件，或删除它"
        error = DataError(display_path(path, root), None,
                          f"构建不读这个文件：search/ 里只读 {'、'.join(SEARCH_FILES)}；{hint}")
        if str(error) not in map(str, errors):
            errors.append(error)
