"""hooks/usage.py: one switch per kind of usage beacon, told to every page; a bad switch stops the build with a message."""
from __future__ import annotations

import jinja2
import pytest
from mkdocs.exceptions import PluginError

import usage as usage_hook
from kb import usage as kb_usage


class _Config(dict):
    def __init__(self, kb):
        super().__init__()
        self.extra = {"kb": kb}


def _beacons(kb) -> str:
    config = _Config(kb)
    usage_hook.on_config(config)
    env = usage_hook.on_env(jinja2.Environment(), config, None)
    return env.globals["kb_beacons"]


def test_every_kind_is_on_unless_turned_off():
    assert _beacons({}) == "copy vote quiz"
    assert _beacons({"copy_log": False}) == "vote quiz"
    assert _beacons({"copy_log": False, "vote_log": False, "quiz_log": False}) == ""


@pytest.mark.parametrize("key", ["copy_log", "vote_log", "quiz_log"])
def test_a_switch_must_be_true_or_false(key):
    with pytest.raises(PluginError) as error:
        usage_hook.on_config(_Config({key: "no"}))
    assert str(error.value) == f"mkdocs.yml 的 extra.kb.{key} 应为 true 或 false，实际为“no”"


def test_the_switches_in_mkdocs_yml_are_the_ones_the_hook_reads():
    from conftest import ROOT
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for key in kb_usage.SWITCHES.values():
        assert f"\n    {key}: true\n" in text
