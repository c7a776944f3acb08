"""Data errors where trainers look in CI: GitHub workflow annotations and GitLab Code Quality.

Both are extra copies of the same list; the plain report is always printed too.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
from pathlib import Path

from kb.loader import DataError, sort_errors

GITLAB_REPORT = "gl-code-quality-report.json"


def _escape_data(text: str) -> str:
    # GitHub's workflow-command rules: % first, then CR and LF.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_lines(errors: list[DataError]) -> list[str]:
    lines = []
    for error in sort_errors(errors):
        where = f"file={_escape_property(error.path)}"
        if error.line:
            where += f",line={error.line}"
        lines.append(f"::error {where}::{_escape_data(error.message)}")
    return lines


def github(errors: list[DataError], stream=None) -> None:
    """On GitHub Actions, one ::error annotation per data error."""
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print("\n".join(github_lines(errors)), file=stream or sys.stdout, flush=True)


def gitlab_report(errors: list[DataError]) -> list[dict]:
    return [{
        "description": error.message,
        "check_name": "kb-data",
        "fingerprint": hashlib.sha1(f"{error.path}\0{error.line}\0{error.message}".encode()).hexdigest(),
        "severity": "major",
        "location": {"path": error.path, "lines": {"begin": error.line or 1}},
    } for error in sort_errors(errors)]


def gitlab(errors: list[DataError], root: Path) -> None:
    """On GitLab CI, the Code Quality report for the merge-request widget; an empty list when clean."""
    if os.environ.get("GITLAB_CI") == "true":
        (root / GITLAB_REPORT).write_text(json.dumps(gitlab_report(errors), ensure_ascii=False, indent=2) + "\n",
                                          encoding="utf-8")
