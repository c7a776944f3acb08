"""The hooks do not depend on their order in mkdocs.yml: reversed, the build gives the same site."""
from __future__ import annotations

import re

from conftest import copy_project, run_mkdocs_build

# A term a trainer might add to the search dictionary; it changes how the 禁语 quiz cuts
# 您说发票抬头开错了…, so the quiz page shows whether its hook cut with the dictionary.
ADDED_WORD = "发票抬头"


def _built(project, reverse: bool):
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if reverse:
        block = re.search(r"^hooks:\n((?:  .*\n)+)", text, re.M)
        hooks = [line for line in block.group(1).splitlines() if line.strip().startswith("- ")]
        assert len(hooks) >= 5
        config.write_text(text.replace(block.group(0), "hooks:\n" + "\n".join(reversed(hooks)) + "\n"),
                          encoding="utf-8")
    userdict = project / "content/search/userdict.txt"
    userdict.write_text(userdict.read_text(encoding="utf-8").rstrip("\n") + f"\n{ADDED_WORD}\n", encoding="utf-8")
    result = run_mkdocs_build(project / "out", config, cwd=project)
    assert result.returncode == 0, result.stdout + result.stderr
    return {path.relative_to(project / "out").as_posix(): path.read_bytes() for path in (project / "out").rglob("*.html")}


def test_hooks_in_reverse_order_build_the_same_pages(tmp_path):
    listed = _built(copy_project(tmp_path / "listed"), reverse=False)
    reversed_ = _built(copy_project(tmp_path / "reversed"), reverse=True)
    assert sorted(reversed_) == sorted(listed)
    # The home page's greeting widget (inserted by a hook) passes the gate, which then runs first in the list.
    assert b"data-greeting" in reversed_["index.html"]
    # Byte for byte: the quiz hook, first when reversed, cuts its questions with the site's user dictionary too.
    assert [name for name in listed if reversed_[name] != listed[name]] == []
    assert ADDED_WORD.encode() in listed["quizzes/generated-rules/index.html"]
