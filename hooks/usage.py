"""Usage beacons: which kinds are on, told to every page as data.

The switches (extra.kb.copy_log, vote_log, quiz_log; see kb/usage.py) become
<meta name="kb-beacons" content="copy vote quiz"> in every page's head
(macros/overrides/main.html); content/assets/kb/usage.js sends a kind only
when the page names it, so a switch that is off sends nothing.
"""
from __future__ import annotations

from mkdocs.exceptions import PluginError

from kb import state
from kb import usage as kb_usage


def on_config(config):
    try:
        on = kb_usage.switches(config.extra.get("kb"))
    except kb_usage.SwitchError as error:
        raise PluginError(str(error)) from None
    state.of(config)["beacons"] = " ".join(kind for kind, enabled in on.items() if enabled)
    return config


def on_env(env, config, files):
    env.globals["kb_beacons"] = state.of(config)["beacons"]
    return env
