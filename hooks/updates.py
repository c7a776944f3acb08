"""What changed, for agents: 已更新 marks and the 最近更新 page.

- Every card, 服务禁语 rule and handbook section gets a content hash of its
  words (hooks/kb/versions.py) and the date its source file last changed in
  git, written to assets/kb/versions.json. content/assets/kb/updates.js
  compares them with the versions the agent last viewed and marks what changed.
- updates.md (最近更新) lists the last WINDOW_DAYS days of commits that
  changed content, from one `git log` per build (hooks/kb/history.py).
  Without git history the build goes on, the page says why, and the dates are
  the build's date.
"""
from __future__ import annotations

import datetime
from pathlib import Path

from mkdocs.structure.files import File

from kb import changes as kb_changes
from kb import content as kb_content
from kb import history as kb_history
from kb import state
from kb import versions
from kb.render import environment, macros

UPDATES_PAGE = "updates.md"
VERSIONS_JSON = "assets/kb/versions.json"
WINDOW_DAYS = 30
HANDBOOK = "handbook/"


def on_config(config):
    data = kb_content.for_build(config)
    docs = Path(config.docs_dir)
    today = datetime.date.today()
    sources = _sources(data, docs)
    history = kb_history.read(docs, set(sources), today - datetime.timedelta(days=WINDOW_DAYS))
    # Cards and rules changed in the window get their own day; the others their file's.
    item_days = kb_changes.annotate(docs, history["commits"], kb_content.RULES_FILE)
    state.of(config).update(updates_history=history, updates_item_days=item_days, updates_today=today,
                            updates_sources=sources,
                            updates_sections={}, updates_macros=macros(environment(), "updates.html"))
    return config


def on_files(files, config):
    build = state.of(config)
    data = kb_content.for_build(config)
    current = {f"card:{card['id']}": f"phrasebooks/{card['book']}.md" for card in data["cards_by_id"].values()}
    current.update({f"rule:{rule['id']}": "rules/index.md" for rule in data["rule_list"]["rules"]})
    listing = _listing(build["updates_history"], build["updates_sources"], _nav_titles(config.nav), current)
    page = build["updates_macros"].updates_page(listing, WINDOW_DAYS)
    files.append(File.generated(config, UPDATES_PAGE, content=page))
    return files


def on_page_content(html, page, config, files):
    # The rendered text is what an agent reads; the gate (hooks/safety.py) changes no words.
    if page.file.generated_by is None and page.file.src_uri.startswith(HANDBOOK):
        state.of(config)["updates_sections"][page.file.src_uri] = (page.url, versions.section_hashes(html))
    return html


def on_post_build(config):
    build = state.of(config)
    data = kb_content.for_build(config)
    dates, item_days = build["updates_history"]["file_dates"], build["updates_item_days"]
    today = build["updates_today"]

    def changed(key: str, source: str) -> str:
        return (item_days.get(key) or dates.get(source) or today).isoformat()

    items = {}
    for book in data["books"]:
        for card in book["cards"]:
            key = f"card:{card['id']}"
            items[key] = [versions.card_hash(card), changed(key, f"phrasebooks/{book['slug']}.yml")]
    for rule in data["rule_list"]["rules"]:
        key = f"rule:{rule['id']}"
        items[key] = [versions.rule_hash(rule), changed(key, kb_content.RULES_FILE)]
    for source, (url, sections) in sorted(build["updates_sections"].items()):
        for section in sections:
            key = f"section:{url}#{section['anchor']}"
            items[key] = [section["hash"], changed(key, source)]
    state.write_asset(config, VERSIONS_JSON, {"items": items})


# --- helpers -----------------------------------------------------------------

def _sources(data: dict, docs: Path) -> dict[str, dict]:
    """Every file (relative to docs_dir) whose change agents care about: what it is, and its page."""
    sources = {f"phrasebooks/{book['slug']}.yml": {"kind": "话术本", "title": book["title"],
                                                    "page": f"phrasebooks/{book['slug']}.md"} for book in data["books"]}
    sources[kb_content.RULES_FILE] = {"kind": "服务禁语", "title": data["rule_list"]["title"], "page": "rules/index.md"}
    for bank in data["banks"]:
        sources[f"quizzes/{bank['slug']}.yml"] = {"kind": "练习题", "title": bank["title"],
                                                  "page": f"quizzes/{bank['slug']}.md"}
    for path in sorted(docs.rglob("*.md")):
        rel = path.relative_to(docs).as_posix()
        sources[rel] = {"kind": "手册" if rel.startswith(HANDBOOK) else "页面", "title": None, "page": rel,
                        "heading": _heading(path)}
    return sources


def _heading(path: Path) -> str | None:
    """A Markdown page's first level-1 heading: its title where mkdocs.yml's nav names none."""
    for line in path.read_text(encoding="utf-8-sig", errors="replace").splitlines():
        if line.startswith("# "):
            return line[2:].strip() or None
    return None


def _listing(history: dict, sources: dict, titles: dict, current: dict[str, str]) -> dict:
    """The 最近更新 page's data: days, newest first, each with its commits and what they changed.

    A card or rule is linked on the page where it is now (`current`: key -> page); a deleted
    one is named only. A phrasebook or rule list whose cards' and rules' words did not change
    (a review date, an owner, a print choice) is not a change for agents, and is left out.
    """
    days: dict = {}
    for commit in history["commits"]:
        changes = []
        for name in commit["files"]:
            source = sources.get(name)
            if source is None:
                # Scripts, styles and search tables: not something an agent reads as content.
                continue
            # A data file's title is its YAML's (the nav's are HTML-escaped by the hooks that set them);
            # a page's is its nav title, as mkdocs.yml names the chapters, else its heading.
            title = source["title"] or titles.get(source["page"]) or source.get("heading") or name
            items = [{**item, "link": f"{current[item['key']]}#{item['id']}" if item["key"] in current else None}
                     for item in commit.get("items", {}).get(name, [])]
            if name in commit.get("items", {}) and not items:
                continue
            changes.append({"kind": source["kind"], "title": title, "page": source["page"], "items": items})
        if changes:
            days.setdefault(commit["date"].isoformat(), []).append({"subject": commit["subject"], "changes": changes})
    return {"available": history["available"], "reason": history["reason"],
            "days": [{"date": date, "commits": commits} for date, commits in days.items()]}


def _nav_titles(nav) -> dict[str, str]:
    """Page path -> its title in mkdocs.yml's nav (the handbook's chapters are named there)."""
    titles: dict[str, str] = {}

    def walk(entries):
        for entry in entries or []:
            if isinstance(entry, dict):
                for title, value in entry.items():
                    if isinstance(value, str):
                        titles.setdefault(value, title)
                    else:
                        walk(value)
    walk(nav)
    return titles
