"""What git knows about content/: each file's last change, and the recent commits.

One `git log` per build, read as a stream: it stops as soon as the window of
recent commits is read and every file asked about has a date, so a long history
costs no more than a short one. Without git (a tarball, no git command, a
shallow clone, content that was never committed) the build goes on and says so:
`available` is False and `reason` says why, in Chinese, for the 最近更新 page.
"""
from __future__ import annotations

import datetime
import os
import secrets
import subprocess
from pathlib import Path

# With -z, a record is "<marker><header>\0\n:<mode> <mode> <old blob> <new blob> <status>\0<name>\0…".
# A subject can hold any control character, \x1e and \x1f too, so a record starts with a marker made
# afresh for each read (a committer cannot write it in advance), and the subject is the header's last
# field, split off at most three times.
_FIELD = "\x1f"
_FORMAT = "%H%x1f%cs%x1f%D%x1f%s"
SUBJECT_LIMIT = 200
NO_GIT_COMMAND = "构建机器上没有 git 命令"
NOT_A_REPOSITORY = "读不到 content/ 所在的 git 仓库（例如从压缩包构建，没有 .git）"
SHALLOW = "这是浅克隆（shallow clone），更早的提交没有下载"
NEVER_COMMITTED = "content/ 里的文件还没有提交到 git"


def read(folder: Path, wanted: set[str], since: datetime.date, git: str = "git") -> dict:
    """The history of `folder` (paths relative to it), newest commit first.

    Returns {"available", "reason", "file_dates": {path: date}, "commits": [{"date", "subject",
    "files", "blobs": {path: (old, new)}}]} where commits are those on or after `since`
    (a blob is None where the file did not exist), and file_dates holds the last change
    of every path in `wanted` that git has seen.
    """
    result = {"available": False, "reason": "", "file_dates": {}, "commits": []}
    marker = secrets.token_hex(16)
    command = [git, "log", "-z", "--no-color", "--no-renames", "--relative",
               "--raw", "--no-abbrev", f"--format=%x1e{marker}{_FORMAT}", "--", "."]
    try:
        process = subprocess.Popen(command, cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                   env=dict(os.environ, LC_ALL="C", GIT_OPTIONAL_LOCKS="0"))
    except OSError:
        result["reason"] = NO_GIT_COMMAND
        return result
    try:
        shallow = _read_log(process.stdout, "\x1e" + marker, wanted, since, result)
    finally:
        process.stdout.close()
        if process.poll() is None:
            process.kill()
        code = process.wait()
    # Killed early on purpose, or finished: only a finished log can fail.
    if code not in (0, -9) and not result["file_dates"] and not result["commits"]:
        result["reason"] = NOT_A_REPOSITORY
    elif shallow:
        result["reason"] = SHALLOW
    elif not result["file_dates"]:
        result["reason"] = NEVER_COMMITTED
    else:
        result["available"] = True
    if not result["available"]:
        result["commits"] = []
    return result


def _read_log(stream, marker: str, wanted: set[str], since: datetime.date, result: dict) -> bool:
    """Fill `result` from the log; True if the window's history is cut short (a shallow clone)."""
    missing = set(wanted)
    for record in _records(stream, marker):
        head, *names = record.split("\0")
        fields = head.split(_FIELD, 3)
        if len(fields) != 4:
            continue
        _, day, decoration, subject = fields
        date = _date(day)
        if date is None:
            continue
        blobs = _blobs(names)
        files = sorted(blobs)
        # The boundary commit of a shallow clone claims every file as added on its day: it is
        # not a change. Inside the window it means the window's history is cut short.
        if "grafted" in decoration.split(", "):
            return date >= since
        for name in files:
            if name not in result["file_dates"]:
                result["file_dates"][name] = date
            missing.discard(name)
        if date >= since:
            result["commits"].append({"date": date, "subject": _one_line(subject), "files": files, "blobs": blobs})
        elif not missing:
            return False
    return False


def _blobs(fields: list[str]) -> dict[str, tuple]:
    """{path: (old blob, new blob)} from --raw -z fields: ":<modes> <old> <new> <status>", then the path."""
    blobs = {}
    for meta, name in zip(fields[::2], fields[1::2]):
        parts = meta.lstrip("\n").split()
        if len(parts) == 5 and parts[0].startswith(":"):
            old, new = (None if set(blob) == {"0"} else blob for blob in parts[2:4])
            blobs[name] = (old, new)
    return blobs


def _records(stream, marker: str):
    """The log's records, one per commit, read as the bytes arrive."""
    buffer = ""
    while True:
        chunk = stream.read1(65536) if hasattr(stream, "read1") else stream.read(65536)
        if not chunk:
            break
        buffer += chunk.decode("utf-8", errors="replace")
        *complete, buffer = buffer.split(marker)
        yield from (record for record in complete if record)
    if buffer:
        yield buffer


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _one_line(subject: str) -> str:
    text = " ".join(subject.split())
    return text if len(text) <= SUBJECT_LIMIT else text[:SUBJECT_LIMIT] + "…"
