"""Where a problem the gate found was written: its line in the page's source file.

The gate reads the HTML that Markdown made; the trainer needs the line of the Markdown
they wrote. A problem names its snippets (kb.sanitise.Problem.snippets), and the first
one found in the source, case-insensitively in ASCII only, gives the line.
"""
from __future__ import annotations

import html
import typing

from kb.outside import ascii_lower

if typing.TYPE_CHECKING:
    from kb.sanitise import Problem


def line_of(source: str, needles: list[str], start: int = 0) -> tuple[int, int]:
    """(line, offset) of the first needle found in `source` at or after `start`; (0, start) if none."""
    lowered = ascii_lower(source)
    for needle in needles:
        position = lowered.find(ascii_lower(needle), start)
        if position != -1:
            return source.count("\n", 0, position) + 1, position
    return 0, start


def locate(source: str, problem: Problem, start: int = 0) -> tuple[int, int]:
    """(line, offset) of the earliest text of `problem` at or after `start`.

    The earliest of its specific snippets wins (not the first one in the list), so
    a javascript: link written as Markdown on line 3 is not reported on line 5,
    where an <a href="javascript:…"> with the same value happens to be.
    Falls back to its fallback snippets, then to the whole file; (0, start) if none.
    """
    lowered = ascii_lower(source)
    for needles in problem.snippets():
        found = [p for p in (lowered.find(ascii_lower(n), start) for n in needles if n) if p != -1]
        if found:
            position = min(found)
            return source.count("\n", 0, position) + 1, position
    return (locate(source, problem) if start else (0, start))


def decoded(source: str) -> str:
    """The source with character references decoded, line by line, so its lines stay where they were:
    a problem's value is what the parser read, and &#106;avascript: is found at its own line, not at
    a later javascript: written plainly."""
    return "\n".join(html.unescape(line) if "&" in line else line for line in source.split("\n"))
