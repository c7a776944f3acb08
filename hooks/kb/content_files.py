"""Which files content/ may hold: the file-system rules that content.scan applies before anything is loaded.

The build publishes what content/ holds, so:
- No symlinks at all under content/. One pointing outside would publish the
  build machine's files (/proc/self/environ, /etc/passwd); one pointing inside
  is never needed, and refusing both keeps the rule simple to state.
- Only regular files and folders; a FIFO would hang the build.
- The data folders hold only their data files: `.yml` phrasebooks and banks
  whose names are valid slugs and not the names of generated pages, the one
  禁语 list, and the search files that content.SEARCH_TABLES loads (any other
  file in search/, a misspelt synonym.yml too, is named here, once, while scanning).
- Anything else is a page, a picture or a PDF (kb.static_files).
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

from kb import static_files
from kb.loader import DataError, display_path, is_slug

RULES_FILE = "rules/forbidden.yml"
USER_DICT = "search/userdict.txt"
# Folders of one-file-per-page data, and the file names the hooks generate there.
RECORD_FOLDERS = {"phrasebooks": "话术本", "quizzes": "题库"}
RESERVED = {"phrasebooks": {"index", "tags"}, "quizzes": {"index", "generated-rules", "generated-cards"}}
# Folders holding exactly these data files.
FIXED_FOLDERS = {"rules": {RULES_FILE}}
# search/ holds the user dictionary and the tables content.SEARCH_TABLES loads
# (tests/unit/test_search_files.py checks the two lists agree).
SEARCH_FOLDER = "search"
SEARCH_FILES = ("synonyms.yml", "glossary.yml", "pinyin.yml", "sections.yml", "userdict.txt")


def scan(docs_dir: Path, root: Path, errors: list[DataError]) -> dict:
    """Walk content/ without following links; returns the data files that may be loaded.

    {"phrasebooks": [paths], "quizzes": [paths], "fixed": {posix paths of the fixed data files present}}
    """
    found: dict = {"phrasebooks": [], "quizzes": [], "fixed": set()}
    for folder, dirs, names in os.walk(docs_dir):
        here = Path(folder)
        for entry in sorted(dirs + names):
            path = here / entry
            rel = path.relative_to(docs_dir).as_posix()
            name = display_path(path, root)
            problem = _entry_problem(path, rel, docs_dir)
            if problem:
                errors.append(DataError(name, None, problem))
            elif entry in names and (rel in FIXED_FOLDERS.get(rel.split("/")[0], ())
                                     or rel.split("/")[0] == SEARCH_FOLDER):
                found["fixed"].add(rel)
            elif entry in names and rel.split("/")[0] in RECORD_FOLDERS and path.suffix == ".yml":
                found[rel.split("/")[0]].append(path)
        # Never descend through a symlink, or into what was just refused.
        dirs[:] = [d for d in dirs if not (here / d).is_symlink() and not _refused_dir(here / d, docs_dir)]
    return found


def _entry_problem(path: Path, rel: str, docs_dir: Path) -> str | None:
    if path.is_symlink():
        target = os.path.realpath(path)
        if os.path.commonpath([target, os.path.realpath(docs_dir)]) != os.path.realpath(docs_dir):
            return ("是指向文档目录 content/ 之外的符号链接，构建会把它指向的文件发布出去；"
                    "content/ 里只能放真实的文件，请删除它")
        return "是符号链接；content/ 里只能放真实的文件和文件夹，请换成文件本身"
    if not path.is_dir() and not path.is_file():
        return "不是普通文件（可能是管道或设备）；请删除它"
    top, _, rest = rel.partition("/")
    if path.name.startswith(".") and not path.name.endswith(".yml"):
        return None  # MkDocs leaves dotfiles out of the site
    if not rest:
        return static_files.problem(rel, path.is_file(), path.suffix)
    if top in RECORD_FOLDERS:
        return _record_file_problem(path, rel, top)
    if top in FIXED_FOLDERS:
        expected = "、".join(sorted(FIXED_FOLDERS[top]))
        return None if rel in FIXED_FOLDERS[top] else f"不认识的文件；{top}/ 里只能有 {expected}"
    if top == SEARCH_FOLDER:
        return _search_file_problem(path, rest)
    return static_files.problem(rel, path.is_file(), path.suffix)


def _record_file_problem(path: Path, rel: str, top: str) -> str | None:
    noun = RECORD_FOLDERS[top]
    if path.is_dir():
        return f"是文件夹；{top}/ 里只能放 .yml {noun}文件，不能有子文件夹"
    if path.suffix != ".yml":
        if path.suffix.lower() in (".yaml", ".yml"):
            return f"扩展名应为 .yml（小写，不是 {path.suffix}）；否则不会被读取"
        return f"不认识的文件；{top}/ 里只能放 .yml {noun}文件"
    if path.stem in RESERVED[top]:
        return (f"文件名“{path.name}”是保留的：会替换自动生成的页面 {top}/{path.stem}.md；"
                "请换个名字")
    if not is_slug(path.stem):
        return (f"文件名“{path.name}”不能用作页面地址：只能用小写英文字母、数字和连字符，"
                "如 special-calls.yml")
    return None


def _search_file_problem(path: Path, rest: str) -> str | None:
    """A file in search/ that nothing reads: a misspelt synonym.yml, or a table a trainer hoped would be read."""
    listed = "、".join(SEARCH_FILES)
    if path.is_dir():
        return f"是文件夹，构建不读：search/ 里只读 {listed}，不能有子文件夹"
    if rest in SEARCH_FILES:
        return None
    guess = difflib.get_close_matches(path.name, SEARCH_FILES, n=1)
    hint = f"是不是“{guess[0]}”？请改名，或删除它" if guess else "请把内容并入其中一个文件，或删除它"
    return f"构建不读这个文件：search/ 里只读 {listed}；{hint}"


def _refused_dir(path: Path, docs_dir: Path) -> bool:
    return path.relative_to(docs_dir).parts[0] in {*RECORD_FOLDERS, SEARCH_FOLDER} and path.parent != docs_dir
