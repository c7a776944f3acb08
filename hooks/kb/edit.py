"""Links from the site back to the file, and the line, that a trainer edits.

Shown only when mkdocs.yml sets `repo_url` and `edit_uri` (as MkDocs itself
does for the edit button); without them every function here returns None.

The page's edit button opens the forge's editor (`edit_uri`, e.g.
`edit/main/content/`). A card or rule link has to land on its line, and the
editors of GitHub and GitLab ignore line anchors, so it opens the file view
instead: `edit_uri` with its `edit/` segment turned into `blob/`, plus `#L<line>`
(GitHub's and GitLab's line anchor). The file view has the forge's own edit button.
"""
from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote, urljoin


def line_view_base(config) -> str | None:
    """The URL that a path relative to docs_dir is appended to, or None without repo_url/edit_uri."""
    repo_url, edit_uri = config.get("repo_url"), config.get("edit_uri")
    if not edit_uri:
        return None
    view = re.sub(r"(^|/)edit/", r"\1blob/", edit_uri, count=1)
    view = view if view.endswith("/") else view + "/"
    return urljoin(repo_url.rstrip("/") + "/", view) if repo_url else view


def docs_path(config, file: str) -> str:
    """A data file named as the loaders name it (relative to the project) as a path relative to docs_dir."""
    root = Path(config.config_file_path).parent
    return (root / file).resolve().relative_to(Path(config.docs_dir).resolve()).as_posix()


def line_url(base: str | None, config, file: str, line: int | None) -> str | None:
    """The file view of a data file at `line`; None without a repository."""
    if not base or not file:
        return None
    return base + quote(docs_path(config, file)) + (f"#L{line}" if line else "")


def set_page_source(file, config, source: str) -> None:
    """Point a generated page's edit button at the YAML it is made from (a path relative to docs_dir)."""
    if config.get("edit_uri"):
        file.edit_uri = source
