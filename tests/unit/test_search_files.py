"""The files search/ may hold are listed twice (content.py loads them, content_files.py lets them through): the lists agree."""
from __future__ import annotations

from kb import content, content_files


def test_search_files_are_the_tables_content_loads():
    loaded = [rel.removeprefix("search/") for rel, *_ in content.SEARCH_TABLES] + [content.USER_DICT.removeprefix("search/")]
    assert sorted(content_files.SEARCH_FILES) == sorted(loaded)


def test_a_file_search_does_not_read_is_named_while_scanning(tmp_path):
    """Each table's loader once looked for strays, so with no table left to load a misspelt one went unnamed."""
    from kb.errors import DataError
    search = tmp_path / "content" / "search"
    search.mkdir(parents=True)
    (search / "synonym.yml").write_text("groups:\n  - [无声电话, 没声音]\n", encoding="utf-8")
    (search / "userdict.txt").write_text("无声电话 50 n\n", encoding="utf-8")
    errors: list[DataError] = []
    found = content_files.scan(tmp_path / "content", tmp_path, errors)
    assert list(map(str, errors)) == [
        "content/search/synonym.yml: 构建不读这个文件：search/ 里只读 synonyms.yml、glossary.yml、pinyin.yml、sections.yml、userdict.txt；"
        "是不是“synonyms.yml”？请改名，或删除它"]
    assert found["fixed"] == {"search/userdict.txt"}


def test_a_synonym_group_of_one_word_is_a_message(tmp_path):
    from kb import search
    from kb.errors import DataError
    path = tmp_path / "synonyms.yml"
    path.write_text("groups:\n  - [无声电话, 没声音]\n  - [回访]\n  - []\n", encoding="utf-8")
    errors: list[DataError] = []
    search.load_synonyms(path, tmp_path, errors)
    assert list(map(str, errors)) == ["synonyms.yml:3: 同义词表的字段“groups”：第 2 组至少要有 2 个词；一组里的词互相替换，只有一个词的组不起作用"]
