"""Quizzes: YAML question banks and generated questions become practice and exam pages."""
from __future__ import annotations

import json
from mkdocs.structure.files import File

from kb import content as kb_content
from kb import quizzes as kb_quizzes
from kb import state
from kb.render import environment, macros, nav_with_section

NAV_TITLE = "练习题"


def on_config(config):
    build = state.of(config)
    authored = kb_content.for_build(config)["banks"]
    generated = [
        {"slug": "generated-rules", "title": "自动生成:服务禁语", "order": 900,
         "intro": "根据服务禁语表自动生成,禁语表更新后题目随之更新。",
         "questions": kb_quizzes.rule_questions(build["rule_list"])},
        {"slug": "generated-cards", "title": "自动生成:话术卡片", "order": 901,
         "intro": "根据话术卡片自动生成,卡片更新后题目随之更新。",
         "questions": kb_quizzes.card_questions(build["books"])},
    ]
    build.update(banks=authored + generated, quiz_macros=macros(environment(), "quiz.html"),
                 gated_answers=kb_quizzes.correct_texts(authored))
    config.nav = nav_with_section(config.nav, NAV_TITLE, [(None, "quizzes/index.md")]
                                  + [(bank["title"], f"quizzes/{bank['slug']}.md") for bank in authored + generated])
    return config


def on_files(files, config):
    build = state.of(config)
    m, banks = build["quiz_macros"], build["banks"]
    files.append(File.generated(config, "quizzes/index.md", content=m.index_page(banks)))
    for bank in banks:
        view = _bank_view(bank, build)
        files.append(File.generated(config, f"quizzes/{bank['slug']}.md", content=m.bank_page(view, json.dumps(
            view["key"], ensure_ascii=False).replace("</", "<\\/"))))
    return files


# --- helpers -----------------------------------------------------------------

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


def _href(link: str, build: dict) -> str:
    """A URL relative to a quiz page (quizzes/<slug>/)."""
    if link.startswith("card:"):
        card = build["cards_by_id"][link[5:]]
        return f"../../phrasebooks/{card['book']}/#{card['id']}"
    page, _, anchor = link.partition("#")
    url = "../../" + page[:-3].removesuffix("index") + ("/" if not page.endswith("index.md") else "")
    return url + (f"#{anchor}" if anchor else "")
