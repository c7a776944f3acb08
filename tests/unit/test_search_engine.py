"""The search engine (content/assets/kb/search-engine.js) under Node's own test runner, on an index
packed by the build's own code from tests/fixtures/engine_corpus.json; and the packed file read back."""
from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import zlib

import pytest

from conftest import ROOT
from kb import search as kb_search
from kb import search_index

CORPUS = json.loads((ROOT / "tests" / "fixtures" / "engine_corpus.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def packed(tmp_path_factory):
    from kb import segment
    # Through the build's own reset: the index's cuts are kept per dictionary, and another test may have cut first.
    segment.reset_with_user_dict(ROOT / "content" / "search" / "userdict.txt")
    data = kb_search.entries_index(CORPUS["docs"], CORPUS["synonyms"], CORPUS["glossary"])
    path = tmp_path_factory.mktemp("engine") / "search.bin"
    path.write_bytes(kb_search.packed_index(data))
    return path, data


def test_engine_golden_rankings_and_parity_under_node_test(packed):
    node = shutil.which("node")
    assert node, "Node 20 is needed for the engine's tests (apt-get install nodejs)"
    result = subprocess.run([node, "--test", str(ROOT / "tests" / "engine")], capture_output=True, text=True,
                            env=dict(os.environ, KB_ENGINE_INDEX=str(packed[0])), timeout=120)
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout and "# pass 0" not in result.stdout


def test_the_packed_index_reads_back_as_built(packed):
    path, data = packed
    back = search_index.unpack(path.read_bytes(), with_postings=True)
    assert back["docs"] == data["docs"]
    assert back["log"] is True and back["synonyms"] == data["synonyms"]
    # Postings: ascending entries, the title's own words there, a body's crossing bigram not.
    revisit = next(i for i, row in enumerate(data["docs"]) if row[1].endswith("#revisit-opening"))
    assert revisit in [entry for entry, _ in back["postings"]["回访"]]
    for term, found in back["postings"].items():
        entries = [entry for entry, _ in found]
        assert entries == sorted(set(entries)), term
    assert "电话里" not in back["postings"]
    # The words near an entry's meaning are indexed for it, at a body word's weight (1.0: two half units).
    assert data["expansions"][revisit], "the fixture's revisit card has related words"
    for word in data["expansions"][revisit]:
        assert (revisit, 2) in back["postings"][word] or any(
            entry == revisit and weight > 2 for entry, weight in back["postings"][word]), word
    assert "expansions" not in back


def test_an_entry_s_text_with_newlines_reads_back_and_a_short_docs_section_is_refused():
    """KBS6 ends each stored value with a newline; JSON escapes the ones inside the text."""
    docs = [["card", "phrasebooks/x/#a", "标题\n第二行", "别称", "正文\u2028段落\r\n", "话术本", "情境", ["一句\n话"]],
            ["page", "about/", "关于", "", "", ""]]
    packed = search_index.pack({}, docs, ["card", "page"], [{"title": ["标题"]}, {"title": ["关于"]}])
    assert search_index.unpack(packed)["docs"] == docs
    (length,) = struct.unpack_from("<I", packed, 4)
    header = json.loads(packed[8:8 + length])
    start, size = header["sections"]["docs"]
    blob = zlib.decompress(packed[8 + length + start: 8 + length + start + size], -15)
    assert blob.count(b"\n") == len(docs) * header["doc_slots"]
    cut = search_index._deflated(blob[:blob.rindex(b"\n", 0, len(blob) - 1) + 1])
    short = packed[:8 + length + start] + cut + packed[8 + length + start + len(cut):]
    with pytest.raises(ValueError, match="doc_slots"):
        search_index.unpack(short)
    # Cut anywhere else, the file is refused the same way, never with another error.
    for end in (6, 8 + length // 2, 8 + length + start + 10):
        with pytest.raises(ValueError):
            search_index.unpack(packed[:end])


def test_the_file_name_follows_the_content(packed):
    path, _ = packed
    data = path.read_bytes()
    assert search_index.file_name(data) != search_index.file_name(search_index.with_header(data, log=False))
    assert search_index.file_name(data) == search_index.file_name(bytes(data))
