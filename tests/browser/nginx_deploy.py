"""The site deployed exactly as README's 内网部署 section says, served by real nginx under /kb/.

test_nginx.py and test_csp.py import the `deployed` fixture; the deployment is
made once per test session and stopped when the session ends.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
import atexit
import time
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, free_port
from nginx_server import NginxError, require_nginx, start_nginx, stop_nginx

README_HOST, README_ROOT = "http://内网主机/kb/", "/srv/kb/www"


def readme_deploy_commands() -> list[str]:
    """The shell lines of the first sh block in README's 内网部署 section, comments dropped."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## 内网部署"):]
    block = re.search(r"```sh\n(.*?)```", section, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.split("#")[0].strip()]


_DEPLOYMENT: list = []


@pytest.fixture(scope="session")
def deployed(tmp_path_factory):
    """(base URL, published folder): built with KB_SITE_URL and published with rsync, as the README says."""
    if not _DEPLOYMENT:
        _DEPLOYMENT.append(_deploy(tmp_path_factory))
    return _DEPLOYMENT[0]


def _deploy(tmp_path_factory):
    # Before the build, which takes a while: a machine without nginx fails at once.
    try:
        require_nginx()
    except NginxError as error:
        pytest.fail(str(error), pytrace=False)
    if not shutil.which("rsync"):
        pytest.fail("rsync 不存在:请运行 make browser-deps(或 apt-get install rsync)", pytrace=False)
    work = tmp_path_factory.mktemp("nginx")
    project = copy_project(work / "project")
    # The web root stands for /srv/kb/www: a folder anyone may enter, outside
    # pytest's private (0700) temp tree, so the worker's own rights decide.
    www = Path(tempfile.mkdtemp(prefix="kb-www-"))
    os.chmod(www, 0o755)
    port = free_port()
    url = f"http://127.0.0.1:{port}"

    commands = readme_deploy_commands()
    assert any(README_HOST in c for c in commands) and any(README_ROOT in c for c in commands), commands
    # `make build` is `.venv/bin/python scripts/build.py` once the venv exists; the copy has no venv.
    script = "\n".join(c.replace(README_HOST, f"{url}/kb/").replace(README_ROOT, str(www))
                       .replace("make build", f"{sys.executable} scripts/build.py") for c in commands)
    # A strict umask, as on a hardened build machine: the build must still publish readable files.
    result = subprocess.run(["bash", "-euc", "umask 077\n" + script], cwd=project, capture_output=True, text=True,
                            env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr

    try:
        process = start_nginx(www, work, port)
    except NginxError as error:
        pytest.fail(str(error), pytrace=False)
    atexit.register(_stop, process, www)
    return url, www / "kb"


def read_log(tmp_path_factory, name: str, ready=lambda lines: True) -> tuple[str, list[str]]:
    """(path, lines) of nginx's log of that name once `ready(lines)`, or after 10 s.

    nginx writes a request's line in its log phase, after the answer has gone
    out, so a client that reads the log as soon as it has its 204 can come too
    early on a busy machine.
    """
    found, lines = "", []
    deadline = time.monotonic() + 10
    while True:
        # The fixture moved /var/log/nginx/ to its own work folder.
        for log in tmp_path_factory.getbasetemp().glob(f"nginx*/{name}"):
            found, lines = str(log), log.read_text(encoding="utf-8").splitlines()
        if ready(lines) or time.monotonic() > deadline:
            return found, lines
        time.sleep(0.1)


def _stop(process, www):
    stop_nginx(process)
    shutil.rmtree(www, ignore_errors=True)
