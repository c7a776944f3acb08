"""Search hook: Chinese segmentation must be on, or Chinese search silently finds nothing."""
from __future__ import annotations

import importlib.util

from mkdocs.exceptions import PluginError


def on_config(config):
    if "search" in config.plugins and importlib.util.find_spec("jieba") is None:
        raise PluginError(
            "缺少 jieba:没有中文分词,站内搜索对中文查询将返回空结果。"
            "请运行 .venv/bin/pip install -r requirements.txt 后重新构建。"
        )
    return config
