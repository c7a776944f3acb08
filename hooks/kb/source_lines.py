"""Where a problem the gate found was written: its line in the page's source file.

The gate reads the HTML that Markdown made; the trainer needs the line of the Markdown
they wrote. A problem names its snippets (kb.sanitise.Problem.snippets), and the first
one found in the source, case-insensitively in ASCII only, gives the line. A problem whose
text names no particular element (an <a> inside a refused <svg>, a <button> without its
type) is looked for after the problem before it, which is its container or comes earlier.
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


def lines_of(source: str, problems: list[Problem]) -> list[int]:
    """The line of each problem (0 if none), for problems in the order html5ever met their elements.

    Each is looked for from the top of the file, so its line is its own snippet's; a repeat of
    the same snippet continues after the last one. A problem that names no particular element
    (Problem.vague) starts at the tag of the problem before it: “<a” from the top found an earlier,
    harmless link instead of the one inside a refused <svg>.
    """
    lines, last, previous = [], {}, 0
    for problem in problems:
        key = tuple(problem.snippets()[0])  # problems written the same way share a cursor
        start = last[key] + 1 if key in last else 0
        if problem.vague():
            start = max(start, previous)
        line, position = locate(source, problem, start)
        if line and problem.expected is not None:
            line, position = _first_without_value(source, problem, line, position)
        last[key] = position
        if line:
            previous = max(source.rfind("<", 0, position + 1), 0)
        lines.append(line)
    return lines


def _first_without_value(source: str, problem: Problem, line: int, position: int) -> tuple[int, int]:
    """From the tag at `position` on, the first <tag that does not already say attribute="expected":
    a <button type="button"> written before the one without a type is fine as it is."""
    written = [f'{problem.attribute}="{problem.expected}"', f"{problem.attribute}='{problem.expected}'",
               f"{problem.attribute}={problem.expected}"]
    at = (line, position)
    while at[0]:
        end = source.find(">", at[1])
        tag = ascii_lower(source[at[1]:end if end != -1 else len(source)])
        if not any(form in tag for form in written):
            return at
        at = line_of(source, [f"<{problem.tag}"], at[1] + 1)
    return line, position


def decoded(source: str) -> str:
    """The source with character references decoded, line by line, so its lines stay where they were:
    a problem's value is what the parser read, and &#106;avascript: is found at its own line, not at
    a later javascript: written plainly."""
    return "\n".join(html.unescape(line) if "&" in line else line for line in source.split("\n"))
