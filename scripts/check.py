"""`make check`: every data check of the build, without rendering the site.

Runs the same loading as the build (kb.content.load_all): the file-system
rules, every phrasebook, question bank and the 禁语 list, cross-references,
quiz keys, the 服务禁语 gate and the handbook's links. Prints every problem,
sorted by file and line, with a count; exit 0 when clean, 1 when not.

In CI it also speaks the forge's language: GITHUB_ACTIONS=true adds one
::error annotation per problem, GITLAB_CI=true writes gl-code-quality-report.json.
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))

import jieba  # noqa: E402

jieba.setLogLevel(logging.WARNING)  # kb.quizzes imports it; its English start-up lines are noise here

from kb import annotate  # noqa: E402
from kb import content  # noqa: E402
from kb.loader import primary, report  # noqa: E402


def main(argv: list[str]) -> int:
    root = Path(argv[0]).resolve() if argv else ROOT
    started = time.perf_counter()
    data = content.load_all(root / "content", root)
    elapsed = time.perf_counter() - started
    for note in data["notes"]:
        print(f"提示：{note}")
    annotate.github(primary(data["errors"]))
    annotate.gitlab(primary(data["errors"]), root)
    if data["errors"]:
        print(report(data["errors"]), file=sys.stderr)
        return 1
    cards = len(data["cards_by_id"])
    questions = sum(len(bank["questions"]) for bank in data["banks"])
    print(f"检查通过：{cards} 张卡片、{len(data['rule_list']['rules'])} 条禁语规则、{questions} 道题，"
          f"用时 {elapsed:.2f} 秒")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
