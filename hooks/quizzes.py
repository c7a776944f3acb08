"""Quizzes: YAML question banks and generated questions become practice and exam pages."""
from __future__ import annotations

import base64
import json
from mkdocs.structure.files import File

from kb import background
from kb import content as kb_content
from kb import edit as kb_edit
from kb import links
from kb import quizzes as kb_quizzes
from kb import state
from kb.render import environment, macros, nav_with_section

NAV_TITLE = "练习题"


def on_config(config):
    build = state.of(config)
    # From the loaded data, not from what other hooks stored: the hooks run in any order.
    data = kb_content.for_build(config)
    authored = data["banks"]
    # Generating questions (jieba's part-of-speech tables first) needs no page: the second core does it
    # while this one goes on to the pages, which want the questions only in on_files.
    build.update(generating=background.Later(_generated_banks, data), quiz_macros=macros(environment(), "quiz.html"))
    # The generated banks are trainers' tools: linked from the quiz index and 培训师, not in the agents' navigation.
    config.nav = nav_with_section(config.nav, NAV_TITLE, [(None, "quizzes/index.md")]
                                  + [(bank["title"], f"quizzes/{bank['slug']}.md") for bank in authored])
    return config


def on_files(files, config):
    build = state.of(config)
    build["banks"] = _all_banks(build.pop("generating"), kb_content.for_build(config))
    m, banks = build["quiz_macros"], build["banks"]
    files.append(File.generated(config, "quizzes/index.md", content=m.index_page(banks)))
    for bank in banks:
        view = _bank_view(bank, build)
        file = File.generated(config, f"quizzes/{bank['slug']}.md", content=m.bank_page(view, _encoded(view["key"])))
        if bank.get("file"):  # authored banks; the generated ones have no file to edit
            kb_edit.set_page_source(file, config, f"quizzes/{bank['slug']}.yml")
        files.append(file)
    return files


# --- helpers -----------------------------------------------------------------

def _generated_banks(data: dict) -> list[dict]:
    return kb_quizzes.all_banks(data)[len(data["banks"]):]


def _all_banks(generating: background.Later, data: dict) -> list[dict]:
    """The authored banks (the loaded objects themselves) and the generated ones from the child
    (or, should it fail, generated here: an error in them is then raised as it always was)."""
    generated = background.value_or(generating, lambda: _generated_banks(data))
    return data["banks"] + generated

def _bank_view(bank: dict, build: dict) -> dict:
    """Plain data for the macro: questions without answers, and the answer key apart."""
    key = {}
    questions = []
    for q in bank["questions"]:
        key[q["id"]] = {
            "answer": q["answer"],
            "feedback": {option["key"]: option["feedback"] for option in q["options"]},
            "explanation": q["explanation"],
            "link": _href(q["link"], build),
        }
        questions.append({
            "id": q["id"], "type": q["type"], "type_label": kb_quizzes.TYPES[q["type"]],
            "prompt": q["prompt"], "customer": q["customer"],
            "options": [{"key": option["key"], "text": option["text"]} for option in q["options"]],
        })
    return {"slug": bank["slug"], "title": bank["title"], "intro": bank["intro"], "questions": questions, "key": key}


def _encoded(key: dict) -> str:
    """The answer key as base64 of UTF-8 JSON.

    Not a secret (the browser must grade offline, so the key ships with the
    page), but an agent reading the page source or searching it in the browser
    cannot see answers at a glance; base64 also needs no escaping in the
    macro's attribute.
    """
    return base64.b64encode(json.dumps(key, ensure_ascii=False, separators=(",", ":")).encode("utf-8")).decode("ascii")


def _href(link: str, build: dict) -> str:
    """A URL relative to a quiz page (quizzes/<slug>/)."""
    if link.startswith("card:"):
        card = build["cards_by_id"][link[5:]]
        return f"../../phrasebooks/{card['book']}/#{card['id']}"
    page, _, anchor = link.partition("#")
    return "../../" + links.page_url(page) + (f"#{anchor}" if anchor else "")
