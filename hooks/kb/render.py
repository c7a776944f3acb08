"""One Jinja environment over macros/; hooks hand plain data to the macros there."""
from __future__ import annotations

from pathlib import Path

import jinja2

MACROS = Path(__file__).resolve().parents[2] / "macros"


def environment() -> jinja2.Environment:
    # Autoescape on: text from YAML always renders as text, never as markup.
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(MACROS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def macros(env: jinja2.Environment, template: str):
    return env.get_template(template).module
