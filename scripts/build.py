"""Strict build into a temporary folder, swapped into site/ only on success.

A failed build leaves the previous site/ untouched, so the intranet keeps
serving the last good version. The published site/ is world-readable
(directories 0755, files 0644) whatever the umask, because nginx's worker
runs as an unprivileged user and `rsync -a` carries modes to the web root.

If this script is killed (even with SIGKILL), the mkdocs child dies with it
(PR_SET_PDEATHSIG), and the next run removes the folders it left behind.
"""
from __future__ import annotations

import ctypes
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Staging and previous-site folders carry the pid of the run that made them.
LEFTOVER = re.compile(r"^\.site-(?:build|previous)-(\d+)(?:-.*)?$")
PR_SET_PDEATHSIG = 1
DIR_MODE, FILE_MODE = 0o755, 0o644


def main(argv: list[str]) -> int:
    target = ROOT / (argv[0] if argv else "site")
    _remove_leftovers(target.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".site-build-{os.getpid()}-", dir=target.parent))
    try:
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(staging)],
            cwd=ROOT, env=env, preexec_fn=_die_with_parent(os.getpid()),
        )
        if result.returncode != 0:
            print(f"构建失败：{target.name}/ 保持不变，仍是上一次成功构建的版本。", file=sys.stderr)
            return result.returncode
        _make_world_readable(staging)
        previous = target.with_name(f".site-previous-{os.getpid()}")
        if target.exists():
            target.rename(previous)
        staging.rename(target)
        shutil.rmtree(previous, ignore_errors=True)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    print(f"构建成功：{target.relative_to(ROOT) if target.is_relative_to(ROOT) else target}/")
    return 0


# --- helpers -----------------------------------------------------------------

def _die_with_parent(parent_pid: int):
    """preexec_fn for the mkdocs child: the kernel sends it SIGKILL when this process dies."""
    def set_death_signal():
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        # The parent may have died between fork and prctl: then nobody will signal us.
        if os.getppid() != parent_pid:
            os._exit(1)
    return set_death_signal


def _remove_leftovers(folder: Path) -> None:
    """Staging folders of runs whose process is gone (killed, crashed); a running build's are kept."""
    for path in folder.glob(".site-*"):
        match = LEFTOVER.match(path.name)
        if match and path.is_dir() and not _alive(int(match.group(1))):
            shutil.rmtree(path, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _make_world_readable(folder: Path) -> None:
    os.chmod(folder, DIR_MODE)
    for parent, dirs, files in os.walk(folder):
        for name in dirs:
            os.chmod(os.path.join(parent, name), DIR_MODE)
        for name in files:
            path = os.path.join(parent, name)
            if not os.path.islink(path):
                os.chmod(path, FILE_MODE)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
