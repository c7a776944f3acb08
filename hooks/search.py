"""Search: Chinese segmentation must be on, and the header search box gets a section-level engine.

Measured on tests/fixtures/search_queries.tsv, Material's stock engine put the
right card or section first for 66% of agent queries and in the top 3 for 72%:
it matches word prefixes of an unsegmented query, and page entries outrank
sections. So the header box keeps Material's markup, but the browser engine in
content/assets/kb/search.js answers it from assets/kb/search.json.
"""
from __future__ import annotations

import importlib.util
import json
from pathlib import Path

from mkdocs.exceptions import PluginError

from kb import search as kb_search
from kb import state
from kb.loader import reported_as_build_error

USER_DICT = "search/userdict.txt"
SYNONYMS = "search/synonyms.yml"
GLOSSARY = "search/glossary.yml"
PINYIN = "search/pinyin.yml"
INDEX_JSON = "assets/kb/search.json"


def on_config(config):
    if not _search_enabled(config):
        return config
    if importlib.util.find_spec("jieba") is None:
        raise PluginError(
            "缺少 jieba:没有中文分词,站内搜索对中文查询将返回空结果。"
            "请运行 .venv/bin/pip install -r requirements.txt 后重新构建。"
        )
    import jieba

    docs = Path(config.docs_dir)
    # Material segments the page text with jieba while building its index;
    # the domain dictionary keeps terms such as 无声电话 and 工号 whole.
    jieba.load_userdict(str(docs / USER_DICT))
    with reported_as_build_error():
        synonyms = kb_search.load_synonyms(docs / SYNONYMS, Path(config.config_file_path).parent)
    with reported_as_build_error():
        root = Path(config.config_file_path).parent
        state.of(config)["glossary"] = kb_search.load_glossary(docs / GLOSSARY, root)
        state.of(config)["pinyin_overrides"] = kb_search.load_pinyin_overrides(docs / PINYIN, root)
    state.of(config)["synonyms"] = synonyms
    state.of(config)["search_log"] = _search_log(config)
    return config


def on_post_build(config):
    if not _search_enabled(config):
        return
    build = state.of(config)
    material_index = Path(config.site_dir) / "search" / "search_index.json"
    material = json.loads(material_index.read_text(encoding="utf-8"))
    state.write_asset(config, INDEX_JSON,
                      kb_search.index_data(build["books"], build["rule_list"], material["docs"], build["synonyms"],
                                           build["glossary"], build["pinyin_overrides"], build["search_log"]))
    # Material's worker still starts with the page; give it nothing to load twice.
    material["docs"] = []
    material_index.write_text(json.dumps(material, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


# --- helpers -----------------------------------------------------------------

def _search_log(config) -> bool:
    # The browser reads this flag from search.json: no beacon code path runs when it is off.
    value = (config.extra.get("kb") or {}).get("search_log", True)
    if not isinstance(value, bool):
        raise PluginError(f"mkdocs.yml 的 extra.kb.search_log 应为 true 或 false,实际为 '{value}'")
    return value


def _search_enabled(config) -> bool:
    # Theme plugins are registered under the theme's namespace: "material/search".
    return any(name == "search" or name.endswith("/search") for name in config.plugins)
