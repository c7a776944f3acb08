"""`mkdocs serve` rebuilds when a trainer saves a YAML file."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

from conftest import copy_project, free_port


def _wait_for(url, predicate, timeout=90):
    deadline = time.monotonic() + timeout
    last = ""
    while time.monotonic() < deadline:
        try:
            last = urllib.request.urlopen(url, timeout=2).read().decode("utf-8")
            if predicate(last):
                return last
        except OSError:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{url} did not change in {timeout}s")


def test_serve_reloads_on_yaml_change(tmp_path):
    project = copy_project(tmp_path / "project")
    port = free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/phrasebooks/opening/"
        _wait_for(url, lambda html: "报工号的开头语" in html)
        yaml_file = project / "content/phrasebooks/opening.yml"
        yaml_file.write_text(yaml_file.read_text(encoding="utf-8").replace("报工号的开头语", "报工号开场"),
                             encoding="utf-8")
        html = _wait_for(url, lambda html: "报工号开场" in html)
        assert "报工号的开头语" not in html
    finally:
        server.terminate()
        server.wait(timeout=10)
