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
