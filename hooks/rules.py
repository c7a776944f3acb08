"""Do/don't: one YAML list of 服务禁语 drives the table page, the checker page and the build gate."""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb import cards as kb_cards
from kb import edit as kb_edit
from kb import rules as kb_rules
from kb import state
from kb.loader import reported_as_build_error
from kb.render import environment, macros

RULES_FILE = "rules/forbidden.yml"
RULES_JSON = "assets/kb/rules.json"

log = logging.getLogger("mkdocs.hooks.rules")


def on_config(config):
    root = Path(config.config_file_path).parent
    with reported_as_build_error():
        rule_list = kb_rules.load_rules(Path(config.docs_dir) / RULES_FILE, root)
    state.of(config).update(rule_list=rule_list, rule_macros=macros(environment(), "rules.html"))
    return config


def on_files(files, config):
    build = state.of(config)
    _gate(build)
    m, rule_list = build["rule_macros"], build["rule_list"]
    edit_base = kb_edit.line_view_base(config)
    for rule in rule_list["rules"]:
        rule["edit_url"] = kb_edit.line_url(edit_base, config, rule["file"], rule["line"])
    table = File.generated(config, "rules/index.md", content=m.rules_page(rule_list))
    kb_edit.set_page_source(table, config, kb_edit.docs_path(config, rule_list["file"]))
    files.append(table)
    files.append(File.generated(config, "rules/checker.md", content=m.checker_page()))
    return files


def on_post_build(config):
    state.write_asset(config, RULES_JSON, kb_rules.browser_rules(state.of(config)["rule_list"]))


# --- helpers -----------------------------------------------------------------

def _gate(build):
    """Scripts, correct quiz answers and 规范用语 must not contain an error-level 禁语."""
    rule_list = build["rule_list"]
    texts = kb_rules.rule_texts(rule_list)
    for book in build.get("books", []):
        for card in book["cards"]:
            texts += [{"file": card["file"], "line": line or card["line"], "where": f"卡片 '{card['id']}' 的话术",
                       "text": text} for text, line in kb_cards.located_script_lines(card)]
    texts += build.get("gated_answers", [])
    errors, notes = kb_rules.gate(texts, rule_list["rules"])
    for note in notes:
        log.info(note)
    if errors:
        raise PluginError("服务禁语检查未通过:\n" + "\n".join(errors))
