"""`mkdocs serve` rebuilds when a trainer saves a YAML file."""
from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.error
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


def _fetch(url):
    """(status, body) of a page, error pages included."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")
    except OSError:
        return 0, ""


def _wait_for_status(url, predicate, timeout=90):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status, body = _fetch(url)
        if predicate(status, body):
            return status, body
        time.sleep(0.5)
    raise AssertionError(f"{url} never answered as expected in {timeout}s; last: {status} {body[:300]}")


def test_a_broken_save_shows_a_chinese_error_page_then_the_preview_again(tmp_path):
    """Issue 19: the browser hung on a failed rebuild; the only explanation was an English line in the terminal."""
    project = copy_project(tmp_path / "project")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--strict", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/handbook/03-listening/"
        _wait_for_status(url, lambda status, _: status == 200)
        yaml_file = project / "content/phrasebooks/opening.yml"
        good = yaml_file.read_text(encoding="utf-8")
        yaml_file.write_text(good.replace("\n    title: ", "\n      title: ", 1), encoding="utf-8")
        status, body = _wait_for_status(url, lambda status, body: "构建失败：预览暂停" in body, timeout=60)
        assert "构建失败：预览暂停" in body
        assert "content/phrasebooks/opening.yml:" in body and "多缩进了 2 格" in body
        assert '<meta http-equiv="refresh"' in body
        # Assets still load, so the page around the message is not broken.
        assert _fetch(f"http://127.0.0.1:{port}/assets/kb.css")[0] == 200
        yaml_file.write_text(good, encoding="utf-8")
        _wait_for_status(url, lambda status, body: status == 200 and "倾听" in body and "构建失败" not in body, timeout=60)
    finally:
        server.terminate()
        server.wait(timeout=10)
