"""Data the feature hooks share during one build.

It lives on that build's config object, so `mkdocs serve` starts every rebuild
with a fresh config and nothing survives from the previous build.
"""
from __future__ import annotations

import json
from pathlib import Path

KEY = "_kb"


def of(config) -> dict:
    if KEY not in config:
        config[KEY] = {}
    return config[KEY]


def write_asset(config, path: str, data) -> None:
    """Write data the browser reads (JSON under site/assets/kb/) for this build."""
    target = Path(config.site_dir) / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
