"""Our engine against MiniSearch fed with our tokens, on the query sets by kind (README, 搜索).

    .venv/bin/python bench/minisearch_compare.py SITE_DIR MINISEARCH_CJS

SITE_DIR is a built site; MINISEARCH_CJS is MiniSearch's dist/cjs/index.cjs (`npm pack minisearch`,
nothing is vendored). MiniSearch gets, per entry and field, the same terms our index holds
(hooks/kb/search_index.py), the same field weights as boosts, and the same query variants
(pinyin, typos, glossary, synonyms) and query terms; only the scoring (its BM25+ with its
defaults) differs. Prints top-1 / top-3 per query set.
"""
from __future__ import annotations

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "hooks"), str(ROOT / "tests")]

from kb import search as kb_search  # noqa: E402
from kb import search_index  # noqa: E402


def main(site: str, minisearch: str) -> None:
    import jieba
    jieba.load_userdict(str(ROOT / "content" / "search" / "userdict.txt"))
    data = search_index.site_index(site)
    analyser = search_index.Analyser()
    entries = []
    for row in data["docs"]:
        fields = {}
        for field, pieces in kb_search.entry_fields(row).items():
            terms = []
            for piece in pieces:
                terms += analyser._terms(piece, field in search_index.SHORT_FIELDS)
                if field in search_index.CHAR_FIELDS:
                    terms += list(dict.fromkeys(piece))
            fields[field] = " ".join(terms)
        entries.append({"url": row[1], "kind": row[0], **fields})
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False, encoding="utf-8") as out:
        json.dump(entries, out, ensure_ascii=False)
    sets = [ROOT / "tests" / "fixtures" / name for name in
            ("search_queries_kinds.tsv", "search_queries_heldout.tsv", "search_queries_heldout_2026-12-01.tsv")]
    subprocess.run(["node", str(ROOT / "bench" / "minisearch_compare.js"), site, minisearch, out.name,
                    ",".join(map(str, sets))], check=True)


if __name__ == "__main__":
    main(*sys.argv[1:3])
