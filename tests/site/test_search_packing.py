"""The search index is packed in a child process beside the template rendering (hooks/search.py on_env):
it must be the very index that packing at the end, from Material's own index, gives."""
from __future__ import annotations

import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import ROOT


def _build(site: Path, packed_early: bool) -> tuple[dict, bytes]:
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    config = load_config(str(ROOT / "mkdocs.yml"), site_dir=str(site), strict=True)
    if not packed_early:
        # As a dirty rebuild of `mkdocs serve` does: no early reading, the index is packed at the end.
        config.plugins.events["env"] = [method for method in config.plugins.events["env"]
                                        if getattr(method, "__module__", "") != "hooks/search.py"]
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()
    index = next((site / "assets" / "kb").glob("search.*.bin"))
    return config["_kb"], index.read_bytes()


def test_the_index_packed_beside_the_templates_is_the_index_packed_after_them(tmp_path):
    early_state, early = _build(tmp_path / "early", packed_early=True)
    late_state, late = _build(tmp_path / "late", packed_early=False)
    assert early_state["search_packed_early"] is True
    assert late_state["search_packed_early"] is False
    assert early == late
    # Phrasebook pages (their cards are indexed from the YAML) and the rules page were read by the child
    # only, not again by Material's plugin; the late index, where Material read them, is the same.
    own_only = early_state["search_own_only"]
    assert "rules/" in own_only and "phrasebooks/" in own_only
    assert len([url for url in own_only if url.startswith("phrasebooks/")]) >= 5
