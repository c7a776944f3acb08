"""make serve PORT=… chooses the preview port; 8000 without it."""
from __future__ import annotations

import subprocess

from conftest import ROOT


def _serve_command(*args):
    result = subprocess.run(["make", "-n", "serve", *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if "mkdocs serve" in line][0]


def test_serve_uses_port_8000_by_default():
    assert "--dev-addr 127.0.0.1:8000" in _serve_command()


def test_serve_takes_the_port_from_make():
    assert "--dev-addr 127.0.0.1:8001" in _serve_command("PORT=8001")


def test_no_hook_file_is_over_300_lines():
    """Issue 17: rooms that do one job each; a file past 300 lines is doing several."""
    from conftest import ROOT
    long = {path.relative_to(ROOT).as_posix(): n for path in (ROOT / "hooks").rglob("*.py")
            if (n := len(path.read_text(encoding="utf-8").splitlines())) > 300}
    assert long == {}
