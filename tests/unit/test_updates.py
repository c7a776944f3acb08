"""已更新 and 最近更新 without a build: content hashes (kb.versions) and the git history reader (kb.history)."""
from __future__ import annotations

import datetime
import os
import re
import subprocess
import textwrap

import pytest

from kb import cards as kb_cards
from kb import history
from kb import rules as kb_rules
from kb import versions

BOOK = """\
title: 测试话术本
order: 1
intro: 测试用。
defaults:
  owner: 培训组
  reviewed: 2026-11-20
cards:
  - id: first
    title: 第一张
    situation: 测试场景
    stage: 开场
    tags: [测试]
    lines:
      - 您好，请问有什么可以帮您？
      - 请您稍等。
    why: 因为测试。
    source: 测试
  - id: second
    type: procedure
    title: 第二张
    situation: 另一个场景
    stage: 结束
    tags: [测试]
    steps:
      - action: 先问
        say: 请问还有其他问题吗？
        wait: 3
      - action: 再谢
        say: 感谢您的来电。
    why: 因为测试。
    source: 测试
"""


def card_hashes(tmp_path, text):
    folder = tmp_path / "phrasebooks"
    folder.mkdir(exist_ok=True)
    (folder / "book.yml").write_text(textwrap.dedent(text), encoding="utf-8")
    books = kb_cards.load_phrasebooks(folder, tmp_path)
    return {card["id"]: versions.card_hash(card) for card in books[0]["cards"]}


def test_a_card_hash_is_short_hex_and_differs_between_cards(tmp_path):
    hashes = card_hashes(tmp_path, BOOK)
    assert all(len(value) == versions.HASH_LENGTH and int(value, 16) >= 0 for value in hashes.values())
    assert hashes["first"] != hashes["second"]


@pytest.mark.parametrize("edit", [
    # YAML formatting: quotes, a comment, flow style, key order.
    lambda text: text.replace("- 您好，请问有什么可以帮您？", '- "您好，请问有什么可以帮您？"  # 开场'),
    lambda text: text.replace("      - 您好，请问有什么可以帮您？\n      - 请您稍等。\n",
                              "      [您好，请问有什么可以帮您？, 请您稍等。]\n").replace("    lines:\n      [", "    lines: ["),
    lambda text: text.replace("    title: 第一张\n    situation: 测试场景\n", "    situation: 测试场景\n    title: 第一张\n"),
    # Metadata agents do not read as the card's words: review date, owner, source, tags, aliases, print.
    lambda text: text.replace("  reviewed: 2026-11-20", "  reviewed: 2026-11-29").replace("owner: 培训组", "owner: 张老师"),
    lambda text: text.replace("    source: 测试\n  - id: second", "    source: 本中心规范\n    aliases: [开场]\n    print: [2]\n  - id: second"),
    # Another card in the same file.
    lambda text: text.replace("say: 感谢您的来电。", "say: 感谢您的来电，再见。"),
])
def test_a_card_hash_ignores_formatting_metadata_and_other_cards(tmp_path, edit):
    before = card_hashes(tmp_path, BOOK)
    after = card_hashes(tmp_path, edit(BOOK))
    assert after["first"] == before["first"]


@pytest.mark.parametrize("edit", [
    lambda text: text.replace("请您稍等。", "请您稍等片刻。"),
    lambda text: text.replace("title: 第一张", "title: 第一张卡片"),
    lambda text: text.replace("situation: 测试场景", "situation: 测试场景二"),
    lambda text: text.replace("    why: 因为测试。\n    source: 测试\n  - id: second",
                              "    why: 因为测试。\n    avoid: 不要急。\n    source: 测试\n  - id: second"),
    lambda text: text.replace("      - 请您稍等。\n", "      - 请您稍等。\n    variants:\n      - label: 在线聊天\n        lines: [亲，请稍等。]\n"),
])
def test_a_card_hash_changes_when_its_words_change(tmp_path, edit):
    assert card_hashes(tmp_path, edit(BOOK))["first"] != card_hashes(tmp_path, BOOK)["first"]


def test_a_procedure_hash_changes_with_a_step_action_line_or_pause(tmp_path):
    base = card_hashes(tmp_path, BOOK)["second"]
    for old, new in [("action: 先问", "action: 先确认"), ("say: 请问还有其他问题吗？", "say: 还有其他问题吗？"),
                     ("wait: 3", "wait: 5")]:
        assert card_hashes(tmp_path, BOOK.replace(old, new))["second"] != base, new


RULES = """\
title: 服务禁语
intro: 测试用。
categories: [推诿搪塞]
rules:
  - id: not-my-job
    category: 推诿搪塞
    severity: error
    forbidden: [不归我管]
    replacements:
      - 这个问题由[相关部门]负责。
    reason: 推诿。
    examples:
      - bad: 这个不归我管。
        good: 这个问题由售后部门负责。
    source: 测试
"""


def rule_hash(tmp_path, text):
    path = tmp_path / "forbidden.yml"
    path.write_text(text, encoding="utf-8")
    return versions.rule_hash(kb_rules.load_rules(path, tmp_path)["rules"][0])


def test_a_rule_hash_follows_the_words_of_the_table_only(tmp_path):
    base = rule_hash(tmp_path, RULES)
    assert rule_hash(tmp_path, RULES.replace("source: 测试", "source: 本中心规范")) == base
    assert rule_hash(tmp_path, RULES.replace("forbidden: [不归我管]", "forbidden:\n      - 不归我管  # 最常见")) == base
    for old, new in [("[不归我管]", "[不归我管, 不关我的事]"), ("reason: 推诿。", "reason: 推诿搪塞。"),
                     ("severity: error", "severity: warning"), ("good: 这个问题由售后部门负责。", "good: 由售后负责。")]:
        assert rule_hash(tmp_path, RULES.replace(old, new)) != base, new


PAGE = """<h1 id="title">标题<a class="headerlink" href="#title">¶</a></h1>
<p>引言。</p>
<h2 id="倾听">倾听<a class="headerlink" href="#倾听" title="本节链接">¶</a></h2>
<p>先听客户
说完，再回答。</p>
<h3 id="复述">复述<a class="headerlink" href="#复述">¶</a></h3>
<ul><li>复述要点。</li></ul>
<h2 id="表达">表达 &amp; 语气<a class="headerlink" href="#表达">¶</a></h2>
<p>语速适中。</p>
"""


def test_handbook_sections_are_split_at_h2_and_h3():
    sections = versions.section_hashes(PAGE)
    assert [(s["anchor"], s["title"]) for s in sections] == [("倾听", "倾听"), ("复述", "复述"), ("表达", "表达 & 语气")]


def test_a_section_hash_ignores_markup_and_wrapping_but_not_words():
    base = {s["anchor"]: s["hash"] for s in versions.section_hashes(PAGE)}
    rewrapped = PAGE.replace("先听客户\n说完", "先听<strong>客户</strong> 说完").replace('title="本节链接"', "")
    assert {s["anchor"]: s["hash"] for s in versions.section_hashes(rewrapped)} == base
    reworded = {s["anchor"]: s["hash"] for s in versions.section_hashes(PAGE.replace("复述要点", "复述关键点"))}
    assert reworded["复述"] != base["复述"]
    # The h2 above it holds only its own text, so it does not change with its h3.
    assert reworded["倾听"] == base["倾听"] and reworded["表达"] == base["表达"]


# --- the git history reader ---------------------------------------------------------

def git(folder, *args, date="2026-11-30T10:00:00+08:00"):
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date, GIT_AUTHOR_NAME="t",
               GIT_AUTHOR_EMAIL="t@example.com", GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.com",
               GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
    subprocess.run(["git", *args], cwd=folder, env=env, check=True, capture_output=True)


def commit(repo, files: dict, subject: str, date: str):
    for name, text in files.items():
        path = repo / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", subject, date=date)


@pytest.fixture
def repo(tmp_path):
    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q", "-b", "main")
    commit(repo, {"content/a.yml": "1", "content/b.md": "1", "README.md": "x"}, "起步", "2026-09-01T10:00:00+08:00")
    commit(repo, {"content/a.yml": "2"}, "改 a", "2026-11-20T10:00:00+08:00")
    commit(repo, {"content/b.md": "2", "content/c.md": "1", "README.md": "y"},
               "改 b，加 c <script>alert(1)</script>", "2026-11-30T10:00:00+08:00")
    return repo


def test_history_gives_each_file_its_last_change_and_the_recent_commits(repo):
    found = history.read(repo / "content", {"a.yml", "b.md", "c.md"}, datetime.date(2026, 11, 15))
    assert found["available"] and found["reason"] == ""
    assert found["file_dates"] == {"a.yml": datetime.date(2026, 11, 20), "b.md": datetime.date(2026, 11, 30),
                                   "c.md": datetime.date(2026, 11, 30)}
    # Paths are relative to the folder; files outside it (README.md) are not there.
    blobs = found["commits"][0].pop("blobs")
    assert blobs["c.md"][0] is None and all(re.fullmatch("[0-9a-f]{40}", blob) for blob in (*blobs["b.md"], blobs["c.md"][1]))
    assert found["commits"][1].pop("blobs")["a.yml"][1] == blobs["b.md"][1]  # both now hold "2"
    assert found["commits"] == [
        {"date": datetime.date(2026, 11, 30), "subject": "改 b，加 c <script>alert(1)</script>", "files": ["b.md", "c.md"]},
        {"date": datetime.date(2026, 11, 20), "subject": "改 a", "files": ["a.yml"]},
    ]


def test_history_reads_back_past_the_window_for_the_dates_of_old_files(repo):
    found = history.read(repo / "content", {"a.yml", "b.md"}, datetime.date(2026, 11, 25))
    assert [c["subject"] for c in found["commits"]] == ["改 b，加 c <script>alert(1)</script>"]
    assert found["file_dates"]["a.yml"] == datetime.date(2026, 11, 20)


def test_history_keeps_a_subject_to_one_bounded_line(repo):
    commit(repo, {"content/a.yml": "3"}, "长" * 500, "2026-11-30T11:00:00+08:00")
    subject = history.read(repo / "content", set(), datetime.date(2026, 11, 1))["commits"][0]["subject"]
    assert subject == "长" * history.SUBJECT_LIMIT + "…"


def test_a_subject_cannot_forge_a_record_or_a_field(repo):
    """A subject may hold \x1e and \x1f: once it made a second record that claimed a shallow clone."""
    forged = "修正\x1e" + "0" * 40 + "\x1f2026-11-30\x1fgrafted\x1fx\x1fy"
    commit(repo, {"content/a.yml": "3"}, forged, "2026-11-30T11:00:00+08:00")
    found = history.read(repo / "content", {"a.yml", "b.md"}, datetime.date(2026, 11, 25))
    assert found["available"], found["reason"]
    assert [c["files"] for c in found["commits"]] == [["a.yml"], ["b.md", "c.md"]]
    assert found["commits"][0]["subject"].startswith("修正")


def test_no_history_without_a_repository(tmp_path):
    found = history.read(tmp_path, {"a.yml"}, datetime.date(2026, 11, 1))
    assert found == {"available": False, "reason": history.NOT_A_REPOSITORY, "file_dates": {}, "commits": []}


def test_no_history_without_the_git_command(repo):
    found = history.read(repo / "content", {"a.yml"}, datetime.date(2026, 11, 1), git="/nonexistent/git")
    assert found == {"available": False, "reason": history.NO_GIT_COMMAND, "file_dates": {}, "commits": []}


def test_no_history_for_content_that_was_never_committed(repo):
    (repo / "new").mkdir()
    (repo / "new" / "a.yml").write_text("1", encoding="utf-8")
    found = history.read(repo / "new", {"a.yml"}, datetime.date(2026, 11, 1))
    assert (found["available"], found["reason"], found["commits"]) == (False, history.NEVER_COMMITTED, [])


def test_a_shallow_clone_whose_cut_is_before_the_window_has_the_window(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "2", f"file://{repo}", str(clone))
    found = history.read(clone / "content", {"a.yml", "b.md"}, datetime.date(2026, 11, 25))
    assert found["available"] and [c["subject"] for c in found["commits"]] == ["改 b，加 c <script>alert(1)</script>"]
    # The cut commit (改 a) is not a change: a.yml has no date rather than a wrong one.
    assert found["file_dates"] == {"b.md": datetime.date(2026, 11, 30), "c.md": datetime.date(2026, 11, 30)}


def test_no_history_in_a_shallow_clone(repo, tmp_path):
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{repo}", str(clone))
    found = history.read(clone / "content", {"a.yml"}, datetime.date(2026, 11, 1))
    assert (found["available"], found["reason"], found["commits"]) == (False, history.SHALLOW, [])


# --- which cards and rules a commit changed ------------------------------------------

def test_old_versions_read_as_plain_yaml_hash_like_the_loaded_content():
    """kb.changes hashes old YAML without the loader: on today's content both must agree, item by item."""
    from conftest import ROOT
    from kb import changes
    for path in sorted((ROOT / "content/phrasebooks").glob("*.yml")):
        loaded = {f"card:{card['id']}": versions.card_hash(card)
                  for card in kb_cards.load_phrasebooks(path.parent, ROOT, paths=[path])[0]["cards"]}
        raw = changes.items_of(f"phrasebooks/{path.name}", path.read_text(encoding="utf-8"))
        assert {key: value[0] for key, value in raw.items()} == loaded, path.name
    rules_path = ROOT / "content/rules/forbidden.yml"
    raw = changes.items_of("rules/forbidden.yml", rules_path.read_text(encoding="utf-8"))
    assert {key: value[0] for key, value in raw.items()} == {
        f"rule:{rule['id']}": versions.rule_hash(rule) for rule in kb_rules.load_rules(rules_path, ROOT)["rules"]}


def test_each_commit_names_the_cards_it_added_changed_and_deleted(repo):
    from kb import changes
    third = BOOK.replace("  - id: second", "  - id: third\n    title: 第三张\n    situation: 又一个\n    stage: 开场\n"
                         "    lines: [您好。]\n    why: 测试。\n  - id: second")
    commit(repo, {"content/phrasebooks/book.yml": BOOK}, "加话术本", "2026-11-21T10:00:00+08:00")
    commit(repo, {"content/phrasebooks/book.yml": third.replace("请您稍等。", "请您稍等片刻。")},
           "改第一张，加第三张", "2026-11-22T10:00:00+08:00")
    commit(repo, {"content/phrasebooks/book.yml": third.replace("请您稍等。", "请您稍等片刻。").replace(
        "reviewed: 2026-11-20", "reviewed: 2026-11-29").replace("  - id: second", "  - id: gone").replace(
        "title: 第二张", "title: 第二张改名")}, "复审；第二张换了 id", "2026-11-23T10:00:00+08:00")
    found = history.read(repo / "content", set(), datetime.date(2026, 11, 1))
    days = changes.annotate(repo / "content", found["commits"], "rules/forbidden.yml")
    by_subject = {c["subject"]: c["items"].get("phrasebooks/book.yml") for c in found["commits"]}
    assert by_subject["复审；第二张换了 id"] == [
        {"key": "card:gone", "id": "gone", "title": "第二张改名", "action": "新增"},
        {"key": "card:second", "id": "second", "title": "第二张", "action": "删除"}]
    assert by_subject["改第一张，加第三张"] == [
        {"key": "card:first", "id": "first", "title": "第一张", "action": "修改"},
        {"key": "card:third", "id": "third", "title": "第三张", "action": "新增"}]
    assert [item["action"] for item in by_subject["加话术本"]] == ["新增", "新增"]
    # Files other than phrasebooks and the rule list have no item detail.
    assert all("b.md" not in c["items"] for c in found["commits"])
    assert days == {"card:gone": datetime.date(2026, 11, 23), "card:first": datetime.date(2026, 11, 22),
                    "card:third": datetime.date(2026, 11, 22), "card:second": datetime.date(2026, 11, 21)}


@pytest.mark.parametrize("text", [
    "cards: [&a {id: x}, *a]", "title: [unclosed", "- just\n- a list", "cards: 5",
    "cards:\n  - id: x\n    lines: {a: 1}\n    title: !!python/object/apply:os.system [echo]",
    "cards: " + "[" * 20000 + "]" * 20000,
    "cards:\n  - id: x\n    title: " + "[" * 20000 + "]" * 20000,
    "cards:\n  - id: x\n    why:\n" + "".join("  " * (depth + 3) + f"k{depth}:\n" for depth in range(40)) + "  " * 43 + "v\n",
    # Values PyYAML refuses while building them (ValueError, not a YAMLError): a bad date, a bad float.
    "cards:\n  - id: x\n    reviewed: 2026-02-30\n", "cards:\n  - id: x\n    why: !!float abc\n",
    "cards:\n  - id: x\n    why: !!int 0x\n",
])
def test_an_unreadable_old_version_leaves_the_file_without_item_detail(text):
    from kb import changes
    assert changes.items_of("phrasebooks/book.yml", text) in (None, {})


def test_blobs_are_read_in_one_batch_and_a_missing_git_reads_nothing(repo):
    from kb import changes
    found = history.read(repo / "content", set(), datetime.date(2026, 11, 1))
    blob = found["commits"][0]["blobs"]["c.md"][1]
    assert changes.read_blobs(repo / "content", [blob, "0" * 40]) == {blob: "1"}
    assert changes.read_blobs(repo / "content", [blob], git="/nonexistent/git") == {}


def test_a_commit_that_changes_no_words_names_no_card(repo):
    from kb import changes
    commit(repo, {"content/phrasebooks/book.yml": BOOK}, "加话术本", "2026-11-21T10:00:00+08:00")
    quiet = BOOK.replace("- 请您稍等。", '- "请您稍等。"  # 引号和注释').replace(
        "    source: 测试\n  - id: second", "    source: 本中心规范\n    reviewed: 2026-11-29\n  - id: second")
    commit(repo, {"content/phrasebooks/book.yml": quiet}, "复审第一张", "2026-11-22T10:00:00+08:00")
    found = history.read(repo / "content", set(), datetime.date(2026, 11, 1))
    changes.annotate(repo / "content", found["commits"], "rules/forbidden.yml")
    assert found["commits"][0]["subject"] == "复审第一张"
    assert found["commits"][0]["items"] == {"phrasebooks/book.yml": []}


def test_a_file_that_does_not_cut_at_its_ids_is_compared_whole(repo):
    from kb import changes
    flow = "title: 书\ncards:\n  - {id: a, title: 甲, situation: 场景, stage: 开场, lines: [您好。], why: 测试。}\n"
    commit(repo, {"content/phrasebooks/flow.yml": flow}, "加", "2026-11-21T10:00:00+08:00")
    commit(repo, {"content/phrasebooks/flow.yml": flow.replace("您好。", "您好！")}, "改", "2026-11-22T10:00:00+08:00")
    found = history.read(repo / "content", set(), datetime.date(2026, 11, 1))
    changes.annotate(repo / "content", found["commits"], "rules/forbidden.yml")
    assert found["commits"][0]["items"] == {"phrasebooks/flow.yml": [
        {"key": "card:a", "id": "a", "title": "甲", "action": "修改"}]}
