"""Which cards and 服务禁语 rules each recent commit changed, by title, and the day each last changed.

kb.history lists each recent commit's files with their blobs before and after.
Those of phrasebooks and the rule list are read in one `git cat-file --batch` per
build, parsed as plain YAML and hashed the way the build hashes loaded items
(kb.versions), so "changed" means the words changed, exactly as for 已更新. A
version that cannot be read (too big, not YAML, anchors, not a list of records)
leaves that file's change at file level: old commits are untrusted input too.
"""
from __future__ import annotations

import re
import subprocess
from pathlib import Path

import yaml

from kb import versions
from kb.errors import DataError
from kb.yaml_source import MAX_DEPTH, refuse_deep

PHRASEBOOKS = "phrasebooks/"
MAX_BLOB_BYTES = 1_000_000
# Anchors and aliases can expand without bound (the build refuses them in content too).
_ANCHOR_OR_ALIAS = re.compile(r"(?:^|[\s\[{,:-])[&*][^\s,\]}]", re.M)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_NOT_BRACKETS = re.compile(r"[^\[\]{}]+")
# A card or rule as trainers write them: "  - id: some-card" on a line of its own.
_RECORD_START = re.compile(r"""^[ ]*- id:[ ]*["']?([A-Za-z0-9_-]+)["']?[ ]*(?:#.*)?$""", re.M)


def annotate(folder: Path, commits: list[dict], rules_file: str, git: str = "git") -> dict[str, object]:
    """Add to each commit "items": {path: [{"key", "id", "title", "action"}]}; return each item's last change day.

    `action` is 修改, 新增 or 删除; the days are {"card:<id>" or "rule:<id>": date}, newest change first.
    """
    def wanted(path: str) -> bool:
        return path == rules_file or (path.startswith(PHRASEBOOKS) and path.endswith(".yml"))

    ids = {blob for commit in commits for path, pair in commit["blobs"].items() if wanted(path) for blob in pair if blob}
    texts = read_blobs(folder, sorted(ids), git)
    days: dict[str, object] = {}
    for commit in commits:
        commit["items"] = {}
        for path, (old, new) in commit["blobs"].items():
            if not wanted(path) or any(blob and blob not in texts for blob in (old, new)):
                continue
            versions_of = _differing(path, texts.get(old) if old else None, texts.get(new) if new else None)
            if versions_of is None:
                continue
            before, after = versions_of
            changed = [(key, after[key][1], "新增" if key not in before else "修改")
                       for key in after if before.get(key, (None,))[0] != after[key][0]]
            changed += [(key, before[key][1], "删除") for key in before if key not in after]
            commit["items"][path] = [{"key": key, "id": key.split(":", 1)[1], "title": title, "action": action}
                                     for key, title, action in changed]
            for key, _, action in changed:
                if action != "删除":
                    days.setdefault(key, commit["date"])
    return days


def _differing(path: str, old: str | None, new: str | None) -> tuple[dict, dict] | None:
    """The records whose text differs between two versions, each version's {key: (hash, title)}.

    Parsing whole files is most of the cost (PyYAML builds every scalar in Python), so
    each version is cut into records at their "- id:" lines and only records whose text
    differs are parsed. A file that does not cut cleanly is parsed whole.
    """
    cut_old, cut_new = _records_by_id(old), _records_by_id(new)
    if cut_old is not None and cut_new is not None:
        # In the order of the newer file, then the records it no longer has.
        order = list(cut_new) + [record_id for record_id in cut_old if record_id not in cut_new]
        differing = [record_id for record_id in order if cut_old.get(record_id) != cut_new.get(record_id)]
        before = _parsed_records(path, cut_old, differing)
        after = _parsed_records(path, cut_new, differing)
        if before is not None and after is not None:
            return before, after
    before = items_of(path, old) if old is not None else {}
    after = items_of(path, new) if new is not None else {}
    return None if before is None or after is None else (before, after)


def _parsed_records(path: str, cut: dict[str, str], record_ids: list[str]) -> dict | None:
    """{key: (hash, title)} of the named records of one version; None if one does not parse as itself."""
    found = {}
    for record_id in record_ids:
        if record_id not in cut:
            continue
        one = items_of(path, "records:\n" + cut[record_id])
        if not one or [key.split(":", 1)[1] for key in one] != [record_id]:
            return None
        found.update(one)
    return found


def _records_by_id(text: str | None) -> dict[str, str] | None:
    """{id: the text of its record} cut at each "- id:" line; {} for no file, None if it does not cut cleanly."""
    if text is None:
        return {}
    if _ANCHOR_OR_ALIAS.search(text):
        return None
    starts = list(_RECORD_START.finditer(text))
    ids = [match.group(1) for match in starts]
    if not starts or len(set(ids)) != len(ids):
        return None
    ends = [match.start() for match in starts[1:]] + [len(text)]
    return {match.group(1): text[match.start():end] for match, end in zip(starts, ends)}


def read_blobs(folder: Path, ids: list[str], git: str = "git") -> dict[str, str]:
    """{blob id: text} for the ids git has, in one process; {} when git cannot be run."""
    if not ids:
        return {}
    try:
        done = subprocess.run([git, "cat-file", "--batch"], cwd=folder, input=("\n".join(ids) + "\n").encode("ascii"),
                              capture_output=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return {}
    texts, out, position = {}, done.stdout, 0
    while position < len(out):
        end = out.find(b"\n", position)
        if end == -1:
            break
        header = out[position:end].split()
        position = end + 1
        if len(header) != 3 or header[1] != b"blob":
            continue
        size = int(header[2])
        if size <= MAX_BLOB_BYTES:
            texts[header[0].decode("ascii")] = out[position:position + size].decode("utf-8", errors="replace")
        position += size + 1
    return texts


def _load(text: str):
    """Plain YAML, refused (None) when nested deeper than the build allows.

    Deep flow brackets are refused before parsing (libyaml takes seconds over thousands
    of them), deep block lists before composing (which recurses on the C stack), and the
    composed tree is checked before construction, which recurses.
    """
    depth = deepest = 0
    for bracket in _NOT_BRACKETS.sub("", text):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    if deepest > MAX_DEPTH:
        return None
    try:
        refuse_deep(text, "")  # 40,000 "- " nest without a bracket, and libyaml composes them on the C stack
    except DataError:
        return None
    loader = _LOADER(text)
    try:
        root = loader.get_single_node()
        stack = [(root, 0)] if root is not None else []
        while stack:
            node, depth = stack.pop()
            if depth > MAX_DEPTH:
                return None
            if isinstance(node, yaml.MappingNode):
                stack.extend((child, depth + 1) for pair in node.value for child in pair)
            elif isinstance(node, yaml.SequenceNode):
                stack.extend((child, depth + 1) for child in node.value)
        return loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def items_of(path: str, text: str | None) -> dict[str, tuple[str, str]] | None:
    """{"card:<id>" or "rule:<id>": (hash, title)} of one version of a file; None if it cannot be read."""
    if text is None or _ANCHOR_OR_ALIAS.search(text):
        return None
    try:
        data = _load(text)
    # An old commit may hold anything (reviewed: 2026-02-30, !!float abc): history never stops a build.
    except (yaml.YAMLError, ValueError, TypeError, OverflowError, RecursionError):
        return None
    card_file = path.startswith(PHRASEBOOKS)
    # "records" holds one record cut out of a file (kb.changes._differing).
    records = data.get("records", data.get("cards" if card_file else "rules")) if isinstance(data, dict) else None
    if not isinstance(records, list):
        return None
    found = {}
    for record in records:
        if not isinstance(record, dict) or not isinstance(record.get("id"), str):
            continue
        try:
            if card_file:
                found[f"card:{record['id']}"] = (versions.card_hash(record), str(record.get("title") or record["id"]))
            else:
                found[f"rule:{record['id']}"] = (versions.rule_hash(record), "、".join(map(str, record.get("forbidden") or []))[:40])
        except (TypeError, AttributeError, KeyError, ValueError, RecursionError):
            # A record of the wrong shape (a list where a mapping belongs): that record is left out.
            continue
    return found
