"""Which files besides Markdown pages and data a trainer may put in content/.

Every other file in content/ is published byte for byte, and a browser decides what
it is by its name: an .html or .svg file opened at the site's address runs its
scripts there, and can read what agents keep in localStorage (我的信息). The page
gate (hooks/safety.py) sees Markdown pages only, so only kinds of file that run
nothing when opened are published: pictures and PDF. content/assets/ also holds
the site's own scripts and styles, which are code and reviewed as code.
"""
from __future__ import annotations

PAGES = {".md"}
PICTURES = {".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".ico"}
DOCUMENTS = {".pdf"}
SITE_CODE = {".js", ".css"}
ASSETS_FOLDER = "assets"


def problem(rel: str, is_file: bool, suffix: str) -> str | None:
    """Why the file at `rel` (relative to content/) may not be published; None if it may."""
    allowed = PAGES | PICTURES | DOCUMENTS | (SITE_CODE if rel.split("/")[0] == ASSETS_FOLDER else set())
    if not is_file or suffix.lower() in allowed:
        return None
    kind = f"“{suffix}”" if suffix else "没有扩展名的"
    return (f"是{kind}文件，不能发布：content/ 里的文件会原样发布，.html、.svg 这类文件在浏览器里打开时会运行其中的脚本。"
            "这里只能放 Markdown 页面（.md）、图片（.png、.jpg、.gif、.webp）和 PDF；网页请改写成 .md，图示请导出成 PNG")
