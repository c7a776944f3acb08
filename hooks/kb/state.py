"""Data the feature hooks share during one build.

It lives on that build's config object, so `mkdocs serve` starts every rebuild
with a fresh config and nothing survives from the previous build.
"""
from __future__ import annotations

KEY = "_kb"


def of(config) -> dict:
    if KEY not in config:
        config[KEY] = {}
    return config[KEY]
