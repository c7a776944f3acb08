"""What a handbook page's Markdown may hold before MkDocs and Python-Markdown read it.

Checked in the content scan (every hook's on_config, and `make check`), so a page
that would crash or stall the build fails with its file and line before MkDocs
cleans site/ or reads any page:
- front matter nested deeper than kb.yaml_source allows (libyaml would overflow its stack);
- "<![" not followed by a marked-section keyword (CDATA, if, endif…): MkDocs reads
  each page's Markdown with Python's html.parser to collect anchors, and that stops
  with an AssertionError, a traceback instead of a message.
- Many "[" in one paragraph or page: Python-Markdown's link patterns take time that
  grows with the square of their number (about 2 s for 2,500 in one line, over 30 s
  for 10,000), so one pasted line could hold the build for hours. Real pages have
  at most a few dozen.
"""
from __future__ import annotations

import re

from kb import links, yaml_source
from kb.loader import DataError

MAX_BRACKETS_IN_PARAGRAPH = 100
MAX_BRACKETS_IN_PAGE = 1_000
# html.parser's marked sections: a name right after "<![", one of these (any case).
_BAD_MARKED_SECTION = re.compile(r"<!\[(?!(?:cdata|temp|ignore|include|rcdata|if|else|endif)(?![-_.a-z0-9]))", re.I)


def problems(text: str, name: str) -> list[DataError]:
    """Why MkDocs or Python-Markdown could not read this page in reasonable time; each at its line."""
    found = []
    try:
        # MkDocs' own front-matter reader would crash the build on deep nesting, after emptying site/.
        yaml_source.check_front_matter(text, name)
    except DataError as error:
        found.append(error)
    for match in _BAD_MARKED_SECTION.finditer(text):
        line, column = yaml_source.line_and_column(text, match.start())
        found.append(DataError(name, line, f"第 {column} 列的“<![”后面不是 CDATA 这样的关键字，MkDocs 读到这里会出错、中断构建；"
                                           "要显示这几个字符，请写成 &lt;!["))
    total, paragraph, start = 0, 0, None
    for number, line in [*links.prose_lines(text), (None, "")]:
        if line.strip():
            paragraph += line.count("[")
            start = start or number
            continue
        if paragraph > MAX_BRACKETS_IN_PARAGRAPH:
            found.append(DataError(name, start, f"这一段有 {paragraph} 个“[”，多于 {MAX_BRACKETS_IN_PARAGRAPH} 个："
                                                "Markdown 处理方括号的时间随个数的平方增长，这样的段落会让构建停很久；请删去多余的“[”，或把这一段拆开"))
        total, paragraph, start = total + paragraph, 0, None
    if total > MAX_BRACKETS_IN_PAGE:
        found.append(DataError(name, None, f"整页有 {total} 个“[”，多于 {MAX_BRACKETS_IN_PAGE} 个："
                                           "Markdown 处理方括号的时间随个数的平方增长，这样的页面会让构建停很久；请删去多余的“[”，或把页面拆开"))
    return found
