"""Strict build into a temporary folder, swapped into site/ only on success.

A failed build leaves the previous site/ untouched, so the intranet keeps
serving the last good version.
"""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str]) -> int:
    target = ROOT / (argv[0] if argv else "site")
    staging = Path(tempfile.mkdtemp(prefix=".site-build-", dir=ROOT))
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(staging)],
        cwd=ROOT, env=env,
    )
    if result.returncode != 0:
        shutil.rmtree(staging, ignore_errors=True)
        print(f"构建失败:{target.name}/ 保持不变,仍是上一次成功构建的版本。", file=sys.stderr)
        return result.returncode
    previous = target.with_name(f".site-previous-{os.getpid()}")
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)
    print(f"构建成功:{target.relative_to(ROOT)}/")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
