"""The hooks do not depend on their order in mkdocs.yml: reversed, the build gives the same site."""
from __future__ import annotations

import re

from conftest import copy_project, run_mkdocs_build


def test_hooks_in_reverse_order_build_the_same_pages(tmp_path, site):
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    block = re.search(r"^hooks:\n((?:  .*\n)+)", text, re.M)
    hooks = [line for line in block.group(1).splitlines() if line.strip().startswith("- ")]
    assert len(hooks) >= 5
    config.write_text(text.replace(block.group(0), "hooks:\n" + "\n".join(reversed(hooks)) + "\n"), encoding="utf-8")
    result = run_mkdocs_build(project / "out", config, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    built = sorted(path.relative_to(project / "out").as_posix() for path in (project / "out").rglob("*.html"))
    assert built == sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))
    # The home page's greeting widget (inserted by a hook) passes the gate, which now runs first in the list.
    assert "data-greeting" in (project / "out" / "index.html").read_text(encoding="utf-8")
