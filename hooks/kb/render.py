"""One Jinja environment over macros/; hooks hand plain data to the macros there."""
from __future__ import annotations

import functools
import html
from pathlib import Path

import jinja2
import markupsafe
from pymdownx.slugs import slugify

from kb import usage

_slugify = slugify(case="lower")

MACROS = Path(__file__).resolve().parents[2] / "macros"
# Markdown punctuation, each backslash-escaped: str.translate, because a regex substitution
# with a group template expands the template in Python for every match (10,000 card titles).
_MARKDOWN_SYNTAX = str.maketrans({char: "\\" + char for char in "\\`*_{}[]()#+-.!|~<>"})


def markdown_text(value) -> markupsafe.Markup:
    """Text placed into Markdown (headings, list items): HTML-escaped, and Markdown
    punctuation backslash-escaped, so a title like [x](javascript:...) stays text."""
    escaped = str(markupsafe.escape(value))
    return markupsafe.Markup(escaped.translate(_MARKDOWN_SYNTAX))


def nav_with_section(nav: list, title: str, pages: list[tuple[str | None, str]]) -> list:
    """The nav with the entry `title` replaced by a section of (title, path) pages.

    The theme prints nav titles as HTML (it trusts mkdocs.yml), and these
    titles come from YAML, so they are escaped here, once for every feature.
    """
    section = [path if name is None else {html.escape(name): path} for name, path in pages]
    return [{title: section} if isinstance(item, dict) and title in item else item for item in nav or []]


class _DataEnvironment(jinja2.Environment):
    """`card.title` on a dict from YAML reads the key at once. Jinja tries the attribute first and
    the key after its AttributeError: over a million misses rendering 10,000 cards. A name that is
    a dict attribute (`items`) still means the attribute, as in Jinja."""

    def getattr(self, obj, attribute):
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


_DICT_ATTRIBUTES = frozenset(dir(dict))


def environment() -> jinja2.Environment:
    # Autoescape on: text from YAML always renders as text, never as markup.
    env = _DataEnvironment(
        loader=jinja2.FileSystemLoader(MACROS),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["md"] = markdown_text
    # The same anchors MkDocs gives headings (mkdocs.yml toc.slugify).
    # Cached per environment (one per build): the same few tags are slugged for every card that has them.
    slug = functools.lru_cache(maxsize=None)(lambda text: _slugify(text, "-"))
    env.filters["anchor"] = lambda value: slug(str(value))
    # The 不好用 reasons each card offers: their keys are what the vote beacon carries (kb/usage.py).
    env.globals["vote_reasons"] = usage.REASONS
    return env


def macros(env: jinja2.Environment, template: str):
    return env.get_template(template).module
