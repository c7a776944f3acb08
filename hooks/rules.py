"""Do/don't: one YAML list of 服务禁语 drives the table page, the checker page and the build gate."""
from __future__ import annotations

from mkdocs.structure.files import File

from kb import content as kb_content
from kb import edit as kb_edit
from kb import rules as kb_rules
from kb import state
from kb.render import environment, macros

RULES_JSON = "assets/kb/rules.json"


def on_config(config):
    # The 服务禁语 gate runs in kb.content.load_all, with every other data check.
    rule_list = kb_content.for_build(config)["rule_list"]
    state.of(config).update(rule_list=rule_list, rule_macros=macros(environment(), "rules.html"))
    return config


def on_files(files, config):
    build = state.of(config)
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
