"""scripts/build.py (`make build`): a world-readable site/, and nothing left behind after SIGKILL."""
from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time

import pytest

from conftest import copy_project



@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return copy_project(tmp_path_factory.mktemp("buildscript") / "project")


def _env():
    return dict(os.environ, NO_MKDOCS_2_WARNING="1")


def _mkdocs_children(parent_pid: int) -> list[int]:
    """Processes running `mkdocs build` into this project's staging folders."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/cmdline", "rb") as handle:
                cmdline = handle.read().split(b"\0")
        except OSError:
            continue
        if b"mkdocs" in cmdline and any(f".site-build-{parent_pid}-".encode() in part for part in cmdline):
            found.append(int(entry))
    return found


def test_site_is_world_readable_under_a_strict_umask(project):
    result = subprocess.run([sys.executable, "scripts/build.py"], cwd=project, env=_env(),
                            capture_output=True, text=True, preexec_fn=lambda: os.umask(0o077))
    assert result.returncode == 0, result.stderr
    site = project / "site"
    modes = {stat.S_IMODE(site.stat().st_mode)}
    for path in site.rglob("*"):
        if not path.is_symlink():
            modes.add((path.is_dir(), stat.S_IMODE(path.stat().st_mode)))
    assert stat.S_IMODE(site.stat().st_mode) == 0o755
    assert {mode for mode in modes if isinstance(mode, tuple)} == {(True, 0o755), (False, 0o644)}


def test_sigkill_leaves_no_child_and_the_next_run_cleans_up(project):
    process = subprocess.Popen([sys.executable, "scripts/build.py"], cwd=project, env=_env(),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while not _mkdocs_children(process.pid):
        assert time.monotonic() < deadline, "mkdocs child never started"
        assert process.poll() is None, "build.py finished before it could be killed"
        time.sleep(0.05)
    children = _mkdocs_children(process.pid)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    deadline = time.monotonic() + 10
    while _mkdocs_children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert _mkdocs_children(process.pid) == [], f"mkdocs child {children} outlived build.py"
    assert list(project.glob(f".site-build-{process.pid}-*")), "the killed run's staging folder is the test's premise"

    result = subprocess.run([sys.executable, "scripts/build.py"], cwd=project, env=_env(), capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert list(project.glob(".site-build-*")) == []
    assert list(project.glob(".site-previous-*")) == []
