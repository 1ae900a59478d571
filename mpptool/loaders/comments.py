"""Inline suppressions: ``# mpptool: ignore[CODE,...]`` comments read from a catalog file's text.

A trailing comment silences its own line; a comment on a line of its own silences the next
line that holds data (the "line above" form); ``# mpptool: ignore-file[CODE,...]`` silences
the codes anywhere in the file. Codes are always named: there is no blanket form, so a
suppression never hides a problem nobody has looked at. This module only reads the comments;
:mod:`mpptool.engine.policy` decides what they silence and reports those that silence nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from mpptool.text.i18n import Text, msg

_MARK = re.compile(r"(?:^|(?<=\s))#\s*mpptool\s*:")
_FORM = re.compile(r"\s*(?P<kind>ignore-file|ignore)\s*\[(?P<codes>[^\]]*)\](?=\s|$)")
_CODE = re.compile(r"[A-Za-z]\d{3}")


@dataclass(frozen=True, slots=True)
class Suppression:
    """One ``ignore[...]`` comment: where it is, what it silences and where."""

    line: int
    column: int
    codes: tuple[str, ...]
    target: int | None
    """The line it silences; None for ``ignore-file`` (every line)."""

    def covers(self, line: int) -> bool:
        """Whether a finding starting on ``line`` is within reach of this comment."""
        return self.target is None or self.target == line


@dataclass(frozen=True, slots=True)
class Malformed:
    """A ``# mpptool:`` comment that is not a suppression we can read; reported, never guessed at."""

    line: int
    column: int
    message: Text


@dataclass(frozen=True, slots=True)
class Suppressions:
    """Every suppression comment in one file, and the malformed ones."""

    entries: tuple[Suppression, ...] = ()
    malformed: tuple[Malformed, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.entries or self.malformed)


NONE = Suppressions()


def read_suppressions(text: str) -> Suppressions:
    """The suppression comments of a YAML text, read line by line.

    A ``#`` starts a YAML comment only at the start of a line or after whitespace, which is
    the rule applied here. A ``#`` inside a value looks the same to a line scan; the caller
    drops those with :func:`outside_values` once the file is parsed.
    """
    if "mpptool" not in text:
        return NONE  # the common case: one substring search, no line splitting
    lines = text.splitlines()
    entries: list[Suppression] = []
    malformed: list[Malformed] = []
    following: list[int] | None = None
    for index, content in enumerate(lines):
        if "mpptool" not in content:
            continue
        for mark in _MARK.finditer(content):
            number, column = index + 1, mark.start() + 1
            form = _FORM.match(content, mark.end())
            if form is None:
                malformed.append(
                    Malformed(number, column, msg("M002.unreadable", "cannot read this `# mpptool:` comment"))
                )
                continue
            words = [word for word in re.split(r"[\s,]+", form.group("codes")) if word]
            bad = [word for word in words if not _CODE.fullmatch(word)]
            if not words or bad:
                what = (
                    msg("M002.not-a-code", "{word} is not a rule code", word=repr(bad[0]))
                    if bad
                    else msg("M002.no-code", "it names no rule code")
                )
                malformed.append(Malformed(number, column, what))
                continue
            codes = tuple(dict.fromkeys(word.upper() for word in words))
            if form.group("kind") == "ignore-file":
                target: int | None = None
            elif content[: mark.start()].strip() and not content[: mark.start()].lstrip().startswith("#"):
                target = number  # trailing comment: its own line
            else:
                if following is None:
                    following = _next_data_lines(lines)
                target = following[index]
            entries.append(Suppression(number, column, codes, target))
    return Suppressions(tuple(entries), tuple(malformed))


def _next_data_lines(lines: list[str]) -> list[int]:
    """For every line, the number of the next line after it that is not blank or a comment (the
    line a comment on a line of its own refers to), in one backward pass: thousands of comment
    lines in a row must not each scan forward over the others."""
    following = [0] * len(lines)
    upcoming = len(lines) + 1
    for index in range(len(lines) - 1, -1, -1):
        following[index] = upcoming if upcoming <= len(lines) else index + 2
        stripped = lines[index].strip()
        if stripped and not stripped.startswith("#"):
            upcoming = index + 1
    return following


def outside_values(found: Suppressions, values: list[tuple[int, int, int, int]]) -> Suppressions:
    """``found`` without the comments that lie inside a scalar value (a quoted or block string).

    ``values`` are (line, column, end line, end column) of the file's multi-line or quoted
    scalars, 1-based, with block scalars starting on the line after their ``|``/``>``; a
    ``# mpptool:`` written as data there must not silence anything.
    """

    ordered = sorted(values)
    starts = [(start, first) for start, first, _, _ in ordered]

    def inside(line: int, column: int) -> bool:
        # values never overlap: only the last one starting before the comment can hold it
        at = bisect.bisect_left(starts, (line, column)) - 1
        if at < 0:
            return False
        _, _, end, last = ordered[at]
        return (line, column) < (end, last)

    entries = tuple(e for e in found.entries if not inside(e.line, e.column))
    malformed = tuple(m for m in found.malformed if not inside(m.line, m.column))
    return Suppressions(entries, malformed)
