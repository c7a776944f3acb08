"""Phrase cards: YAML phrasebooks under content/phrasebooks/ become card pages.

Also emits the greeting calendar (assets/kb/greeting.json) and puts today's
opening line on the home page.
"""
from __future__ import annotations

import datetime
import logging
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

from kb import background
from kb import cards as kb_cards
from kb import content as kb_content
from kb import edit as kb_edit
from kb import greeting as kb_greeting
from kb import state
from kb.loader import reported_as_build_error
from kb.render import environment, macros, nav_with_section

NAV_TITLE = "话术卡片"
CHEATSHEET = "cheatsheet.md"
GREETING_MARKER = "<!-- kb:greeting -->"
GREETING_JSON = "assets/kb/greeting.json"
GREETING_YEARS_BEHIND, GREETING_YEARS_AHEAD = 1, 5
DEFAULT_STALE_AFTER_DAYS = 365
# From this many cards on, the second core renders the 速查卡 and the later half of the phrasebook pages.
RENDER_AHEAD_CARDS = 2000

log = logging.getLogger("mkdocs.hooks.cards")


def on_config(config):
    data = kb_content.for_build(config)
    books, cards_by_id = data["books"], data["cards_by_id"]
    today = datetime.date.today()
    with reported_as_build_error():
        greeting = kb_greeting.greeting_data(cards_by_id, today.year - GREETING_YEARS_BEHIND,
                                             today.year + GREETING_YEARS_AHEAD)
    edit_base = kb_edit.line_view_base(config)
    for card in cards_by_id.values():
        card["edit_url"] = kb_edit.line_url(edit_base, config, card["file"], card["line"])
    review = kb_cards.review_status(books, today, _stale_after_days(config))
    for card in review["stale"]:
        # Reported, not fatal: an old card is still the best script there is.
        log.info(f"过期卡片（提醒）：{card['file']}:{card['line']} 卡片“{card['id']}”最近审核于 {card['reviewed']}，"
                 f"已 {card['age_days']} 天，超过 {review['days']} 天；负责人：{card['owner']}")
    state.of(config).update(books=books, cards_by_id=cards_by_id, greeting=greeting, review=review,
                            card_macros=macros(environment(), "cards.html"))
    config.nav = nav_with_section(config.nav, NAV_TITLE, [(None, "phrasebooks/index.md"), ("按标签浏览", "phrasebooks/tags.md"),
                                                          ("速查卡（打印）", CHEATSHEET)]
                                  + [(book["title"], f"phrasebooks/{book['slug']}.md") for book in books])
    return config


def on_files(files, config):
    build = state.of(config)
    m, books = build["card_macros"], build["books"]
    # Rendering the cards is most of this hook's time at 10,000 cards, and nothing else waits on the other core yet.
    half = len(books) // 2 if sum(len(book["cards"]) for book in books) >= RENDER_AHEAD_CARDS else len(books)
    ahead = background.Later(_rendered_ahead, m, books, half) if half < len(books) else None
    tags = _tags(books)
    here = {"phrasebooks/index.md": m.browse_page(books, _stages(books), tags),
            "phrasebooks/tags.md": m.tags_page(tags),
            "trainers/stale.md": m.stale_page(build["review"])}
    here.update(_book_pages(m, books[:half]))
    here.update(background.value_or(ahead, lambda: _rendered_ahead(m, books, half)) if ahead
                else _rendered_ahead(m, books, half))
    # The pages in the order they always had (it is the order of the files, and so of the search index).
    pages = {path: here[path] for path in ("phrasebooks/index.md", "phrasebooks/tags.md", "trainers/stale.md",
                                           CHEATSHEET)}
    pages.update((f"phrasebooks/{book['slug']}.md", here[f"phrasebooks/{book['slug']}.md"]) for book in books)
    sources = {f"phrasebooks/{book['slug']}.md": f"phrasebooks/{book['slug']}.yml" for book in books}
    for path, content in pages.items():
        file = File.generated(config, path, content=content)
        if path in sources:
            kb_edit.set_page_source(file, config, sources[path])
        files.append(file)
    return files


def on_page_markdown(markdown, page, config, files):
    if GREETING_MARKER in markdown:
        build = state.of(config)
        widget = build["card_macros"].greeting_widget(build["greeting"]["default"])
        # The gate (hooks/safety.py) lets this page use the site's own names only as often as they are inserted here.
        inserted = build.setdefault("inserted", {})
        inserted[page.file.src_uri] = inserted.get(page.file.src_uri, "") + widget * markdown.count(GREETING_MARKER)
        markdown = markdown.replace(GREETING_MARKER, widget)
    return markdown


def on_post_build(config):
    state.write_asset(config, GREETING_JSON, state.of(config)["greeting"])


# --- helpers -----------------------------------------------------------------

def _book_pages(m, books) -> dict:
    return {f"phrasebooks/{book['slug']}.md": m.phrasebook_page(book) for book in books}


def _rendered_ahead(m, books, half: int) -> dict:
    """The 速查卡 (all cards) and the pages of the books from `half` on: what the other core renders."""
    return {CHEATSHEET: m.cheatsheet_page(_cheatsheet(books)), **_book_pages(m, books[half:])}


def _stale_after_days(config) -> int:
    days = (config.extra.get("kb") or {}).get("stale_after_days", DEFAULT_STALE_AFTER_DAYS)
    if not isinstance(days, int) or isinstance(days, bool) or days <= 0:
        raise PluginError(f"mkdocs.yml 的 extra.kb.stale_after_days 应为正整数（天数），实际为“{days}”")
    return days


def _cheatsheet(books):
    """The lines each card chose for print (kb.cards.printed_lines), as segments."""
    def segments(card):
        spoken = ([step["say_segments"] for step in card["steps"] if step["say_segments"]]
                  if card["type"] == "procedure" else [line["segments"] for line in card["lines"]])
        # A procedure with nothing to say (外呼礼仪) prints what to do instead of an empty heading.
        spoken = spoken or [[{"text": step["action"]}] for step in card["steps"]]
        return [spoken[index] for index in kb_cards.printed_lines(card)]
    # numbers: each printed line's place in the card's script, which a copy from the sheet reports (usage.js).
    return [{"title": book["title"], "cards": [
        {"id": card["id"], "title": card["title"], "book": card["book"], "numbered": card["type"] == "procedure",
         "lines": segments(card), "numbers": [index + 1 for index in kb_cards.printed_lines(card)]}
        for card in book["cards"]]} for book in books]


def _stages(books):
    cards = [card for book in books for card in book["cards"]]
    return [{"key": key, "label": label, "cards": [card for card in cards if card["stage"] == key]}
            for key, label in kb_cards.STAGES.items()]


def _tags(books):
    by_tag: dict[str, list] = {}
    for book in books:
        for card in book["cards"]:
            for tag in card["tags"]:
                by_tag.setdefault(tag, []).append(card)
    return [{"name": name, "cards": cards} for name, cards in sorted(by_tag.items())]
