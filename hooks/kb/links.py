"""Links between pages, checked without rendering: handbook Markdown links and quiz links.

MkDocs reports a broken link in English and without a line; this check names
the file and line in Chinese, runs in `make check` and in the build (first),
and never looks at a file outside docs_dir.

Anchors are computed as MkDocs does with mkdocs.yml's toc settings:
pymdownx.slugs.slugify(case="lower"), an explicit {#id} winning, and a repeated
heading getting _1, _2… as Python-Markdown's toc extension does.
"""
from __future__ import annotations

import os
import posixpath
import re
from pathlib import Path
from urllib.parse import quote, unquote

from pymdownx.slugs import slugify

from kb.loader import DataError, show
from kb.yaml_source import CONTROL

_slug = slugify(case="lower")
# Trainers' text is untrusted: no pattern here may backtrack over a long line. Runs that
# cannot give anything back are possessive (*+, ++), the text between delimiters excludes
# the opening delimiter, and headings are taken apart with string methods
# (tests/unit/test_links_linear.py feeds 100 KB lines of every kind).
FENCE = re.compile(r"^\s*+(```|~~~)")
_HEADING_MARK = re.compile(r"#{1,6}[ \t]")
_EXPLICIT_ID = re.compile(r"\{([^{}]*+)\}")
_ID_IN_ATTRS = re.compile(r"#([^\s#]++)")
_ATTR_LIST = re.compile(r"\{:?[^{}]*+\}[ \t]*+$")
_TAG_TEXT = re.compile(r"<[^<>]*+")
_HTML_ID = re.compile(r"""\s(?:id|name)\s*+=\s*+["']([^"']++)["']""")
# [text](target "title") and ![alt](target); the text may hold one level of brackets.
# Target and title stop at "[": a line of "[a](" repeated would otherwise be read to its end from each "[".
_INLINE = re.compile(r"(!?)\[(?:[^\[\]]++|\[[^\[\]]*+\])*+\]\(\s*+<?([^)\s>\[]*+)>?(?:\s++[\"'(][^)\[]*+)?\)")
_REFERENCE = re.compile(r"^\s{0,3}\[([^\]]++)\]:\s*+<?(\S+?)>?(?:\s|$)")
_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*:")
_INLINE_MARKUP = re.compile(r"[*_`]|<[^<>]++>")
_LINK_TEXT = re.compile(r"!?\[([^\[\]]*+)\]\([^()]*+\)")
_BACKTICKS = re.compile(r"`++")


def _blank_code_spans(line: str) -> str:
    """The line with each code span (a run of backticks up to the next run of the same length) blanked."""
    if "`" not in line:
        return line
    runs = [(match.start(), match.end()) for match in _BACKTICKS.finditer(line)]
    # Where each length of run occurs next: one pass from the end, so the whole line is linear.
    following, next_of = [None] * len(runs), {}
    for index in range(len(runs) - 1, -1, -1):
        length = runs[index][1] - runs[index][0]
        following[index] = next_of.get(length)
        next_of[length] = index
    pieces, last, index = [], 0, 0
    while index < len(runs):
        closing = following[index]
        if closing is None:
            index += 1
            continue
        start, end = runs[index][0], runs[closing][1]
        pieces += [line[last:start], " " * (end - start)]
        last, index = end, closing + 1
    return "".join(pieces) + line[last:]


def _heading_text(line: str) -> str | None:
    """The text of an ATX heading line (# 标题 ##), or None; the closing #s and spaces are dropped."""
    mark = _HEADING_MARK.match(line)
    if not mark:
        return None
    text = line[mark.end():].strip(" \t")
    stripped = text.rstrip("#")
    # Closing #s count only after a space ("# C#" keeps its #).
    if stripped != text and (not stripped or stripped[-1] in " \t"):
        text = stripped.rstrip(" \t")
    return text or None


def prose_lines(text: str):
    """(line number, line) of Markdown outside fenced code, with code spans blanked."""
    fence = None
    for number, line in enumerate(text.splitlines(), 1):
        opening = FENCE.match(line)
        if fence:
            if opening and opening.group(1) == fence:
                fence = None
            continue
        if opening:
            fence = opening.group(1)
            continue
        yield number, _blank_code_spans(line)


def anchors(text: str) -> set[str]:
    """Every anchor a page has: its headings' ids and any explicit or HTML ids."""
    found, counts = set(), {}
    for _, line in prose_lines(text):
        for tag in _TAG_TEXT.findall(line):
            found.update(_HTML_ID.findall(tag))
        heading = _heading_text(line)
        explicit = next((match for block in _EXPLICIT_ID.findall(line) if (match := _ID_IN_ATTRS.search(block))), None)
        if explicit:
            found.add(explicit.group(1))
            continue
        if heading:
            title = _INLINE_MARKUP.sub("", _LINK_TEXT.sub(r"\1", _ATTR_LIST.sub("", heading).rstrip()))
            anchor = _slug(title, "-")
            if anchor in counts:
                counts[anchor] += 1
                anchor = f"{anchor}_{counts[anchor]}"
            else:
                counts[anchor] = 0
            found.add(anchor)
    return found


def page_index(docs_dir: Path, errors: list[DataError] | None = None) -> dict[str, set[str] | None]:
    """Every regular file under docs_dir (posix path → its anchors for .md pages, None for other files).

    Symlinks are not followed and not listed: the content must be inside docs_dir.
    A page that cannot be read is listed without anchors; kb.check reports why.
    """
    pages: dict[str, set[str] | None] = {}
    for folder, dirs, names in os.walk(docs_dir):
        dirs[:] = [d for d in dirs if not os.path.islink(os.path.join(folder, d))]
        for file_name in names:
            path = Path(folder, file_name)
            if path.is_symlink() or not path.is_file():
                continue
            rel = path.relative_to(docs_dir).as_posix()
            pages[rel] = None
            if rel.endswith(".md"):
                try:
                    pages[rel] = anchors(path.read_text(encoding="utf-8"))
                except (UnicodeDecodeError, OSError):
                    pages[rel] = set()
    return pages


class LinkProblem(str):
    """Why a link leads nowhere; `missing` is the page it names when that page is not there at all."""

    missing: str | None = None


def resolve(target: str, page: str) -> tuple[str, str]:
    """(posix path under docs_dir, anchor) that a relative `target` written on `page` names, %-escapes
    decoded and ../ folded, a folder being its index.md; what problem() checks, and what others then use."""
    path, _, anchor = target.partition("#")
    path, anchor = unquote(path), unquote(anchor)
    found = posixpath.normpath(posixpath.join(posixpath.dirname(page), path)) if path else page
    return (posixpath.join(found, "index.md") if path.endswith("/") else found), anchor


def page_url(page: str) -> str:
    """The directory URL MkDocs gives a Markdown page (use_directory_urls), relative to the site's root:
    a/b.md → a/b/, a/index.md → a/, index.md → the root itself, ""."""
    stem = page.removesuffix(".md")
    if posixpath.basename(stem) != "index":
        return stem + "/"
    folder = posixpath.dirname(stem)
    return folder + "/" if folder else ""


def problem(target: str, page: str, pages: dict, what: str, external_ok: bool = True) -> LinkProblem | None:
    """Why `target`, written on `page` (posix path under docs_dir), leads nowhere; None when it is fine."""
    quoted = f"“{show(target, 80)}”"
    if target.startswith("//") or _SCHEME.match(target):
        return None if external_ok else LinkProblem(f"{quoted}应为“card:卡片id”或 content/ 里的 .md 页面（可带 #小节）")
    if unquote(target.partition("#")[0]).startswith("/"):
        return LinkProblem(f"{what}{quoted}是绝对路径；请写相对于本页的路径")
    resolved, anchor = resolve(target, page)
    if resolved == ".." or resolved.startswith("../"):
        return LinkProblem(f"{what}{quoted}指向文档目录 content/ 之外；只能链接 content/ 里的页面")
    if not external_ok and not resolved.endswith(".md"):
        return LinkProblem(f"{quoted}应为“card:卡片id”或 content/ 里的 .md 页面（可带 #小节）")
    prefix = f"{what}{quoted}：" if what else ""
    if resolved not in pages:
        noun = "页面" if resolved.endswith(".md") else "文件"
        found = LinkProblem(f"{prefix}找不到{noun}“{_visible(resolved)}”")
        found.missing = resolved
        return found
    known = pages[resolved]
    if anchor and known is not None and resolved.endswith(".md") and anchor not in known:
        return LinkProblem(f"{prefix}页面“{_visible(resolved)}”中没有小节“#{_visible(anchor)}”")
    return None


def _visible(decoded: str) -> str:
    """A decoded path or anchor as a message may quote it: a %00 the author wrote stays %00, not a raw NUL."""
    return CONTROL.sub(lambda control: quote(control.group()), decoded)


def check_markdown(text: str, page: str, name: str, pages: dict) -> list[DataError]:
    """Broken links and images of one Markdown page, each at its line."""
    errors = []
    for number, line in prose_lines(text):
        targets = [("图片" if bang else "链接", target) for bang, target in _INLINE.findall(line)]
        for label, target in _REFERENCE.findall(line):
            if label.startswith("^"):
                # Python-Markdown without its footnotes extension reads "[^1]: 注释" as a link to "注释".
                errors.append(DataError(name, number, f"脚注“[{show(label, 20)}]”：手册不支持脚注写法，"
                                                      "请把注释写进正文（如放在括号里）"))
            else:
                targets.append(("链接", target))
        for what, target in targets:
            found = problem(target, page, pages, what) if target else None
            if found:
                errors.append(DataError(name, number, found, missing=found.missing))
    return errors
