"""Built files held to what may run and what may load: one html5ever pass each (kb.page_scan), as messages
naming the built file, its line and where it came from.

Pages are scanned in a forked child (hooks/safety.py feeds it each page as MkDocs writes it), so these are
plain functions of the text: the child gives the same messages this process would.
"""
from __future__ import annotations

from pathlib import Path

from kb import outside, page_scan


def pages(receive) -> list[str]:
    """The messages of every page fed to the child, in the order they came."""
    messages = []
    while (page := receive()) is not None:
        messages += page_problems(*page)
    return messages


def page_problems(output: str, built: str, source: str, own: str) -> list[str]:
    """Whatever in a built page could run once the theme's scripts are files, or loads from outside."""
    found = page_scan.scan(output, own)
    return ([f"构建结果 {built}:{line}（来源：{source}）：{what} 不是主题模板里的脚本，会在页面上运行；"
             "页面内容、标题和导航里都不能有脚本或事件属性" for line, what in found.runnable]
            + [_outside_message(built, line, source, what, why) for line, what, why in found.loads])


def unscanned_files(site: Path, scanned: set, own: str) -> list[str]:
    """Outside URLs in the built files that did not pass through on_post_page or on_post_template."""
    messages = []
    for path in sorted(site.rglob("*")):
        rel = path.relative_to(site).as_posix()
        if path.suffix not in (".html", ".css") or rel in scanned or not path.is_file():
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        found = (page_scan.scan(text, own).loads if path.suffix == ".html"
                 else [(line, f"CSS 中的 {url}", why) for line, url, why in outside.external_loads_in_css(text)])
        messages += [_outside_message(rel, line, "主题或静态文件", what, why) for line, what, why in found]
    return messages


def _outside_message(built: str, line: int, source: str, what: str, why: str) -> str:
    return f"构建结果 {built}:{line}（来源：{source}）：{what} {why}；页面只能加载本站的文件（内网没有外网）"
