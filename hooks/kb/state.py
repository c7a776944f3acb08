"""Data the feature hooks share during one build.

It lives on that build's config object, so `mkdocs serve` starts every rebuild
with a fresh config and nothing survives from the previous build.
"""
from __future__ import annotations

import contextlib
import gc
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


@contextlib.contextmanager
def kept_for_build():
    """The loading of data that lives until the build ends, with Python's cycle collector kept off it.

    At 10,000 cards the loaded content is millions of objects, and every full collection while
    the pages were converted walked all of them again: about 1.5 s of the build's one busy core,
    for objects that are all still in use. Loaded without collections, then frozen (gc.freeze):
    the collector leaves them alone, and forked children do not copy their pages to mark them.
    A rebuild under `mkdocs serve` first gives the last build's frozen objects back to the
    collector, so nothing outlives the build after it.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
    gc.freeze()
