"""Characters that look like YAML syntax to a person but not to a parser.

A non-breaking space pasted from a word processor is not indentation, curly quotes do not
quote, a full-width colon does not separate a key: each makes YAML read something other than
what the author sees. When a finding sits on such a character, its message names it (the
character is invisible, or looks right) and says what to type instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from mpptool.text.i18n import Text, join, msg

__all__ = ["explain_lookalikes"]

_Name = Callable[[], Text]

_SPACES: dict[str, _Name] = {
    "\u00a0": lambda: msg("lookalike.nbsp", "a non-breaking space ({code})", code="U+00A0"),
    "\u2007": lambda: msg("lookalike.figure-space", "a figure space ({code})", code="U+2007"),
    "\u202f": lambda: msg("lookalike.narrow-nbsp", "a narrow non-breaking space ({code})", code="U+202F"),
    "\u3000": lambda: msg("lookalike.ideographic-space", "an ideographic space ({code})", code="U+3000"),
    "\u200b": lambda: msg("lookalike.zero-width-space", "a zero-width space ({code})", code="U+200B"),
    "\u2060": lambda: msg("lookalike.word-joiner", "a word joiner ({code})", code="U+2060"),
    "\ufeff": lambda: msg("lookalike.zero-width-nbsp", "a zero-width no-break space ({code})", code="U+FEFF"),
}
_QUOTES: dict[str, _Name] = {
    "\u201c": lambda: msg("lookalike.curly-quote", "a curly quote ({code})", code="U+201C \u201c"),
    "\u201d": lambda: msg("lookalike.curly-quote", "a curly quote ({code})", code="U+201D \u201d"),
    "\u2018": lambda: msg("lookalike.curly-quote", "a curly quote ({code})", code="U+2018 \u2018"),
    "\u2019": lambda: msg("lookalike.curly-quote", "a curly quote ({code})", code="U+2019 \u2019"),
    "\u201e": lambda: msg("lookalike.low-curly-quote", "a low curly quote ({code})", code="U+201E \u201e"),
    "\u00ab": lambda: msg("lookalike.guillemet", "a guillemet ({code})", code="U+00AB \u00ab"),
    "\u00bb": lambda: msg("lookalike.guillemet", "a guillemet ({code})", code="U+00BB \u00bb"),
}


def _hyphen() -> Text:
    return msg("lookalike.type-hyphen", "type an ordinary hyphen (-)")


_OTHERS: dict[str, tuple[_Name, _Name]] = {
    "\uff1a": (
        lambda: msg("lookalike.full-width-colon", "a full-width colon ({code})", code="U+FF1A \uff1a"),
        lambda: msg("lookalike.type-colon", "type an ordinary colon (:)"),
    ),
    "\u2212": (lambda: msg("lookalike.minus", "a minus sign ({code})", code="U+2212 \u2212"), _hyphen),
    "\u2013": (lambda: msg("lookalike.en-dash", "an en dash ({code})", code="U+2013 \u2013"), _hyphen),
    "\u2014": (lambda: msg("lookalike.em-dash", "an em dash ({code})", code="U+2014 \u2014"), _hyphen),
}


_ANY = re.compile("[" + "".join(_SPACES) + "".join(_QUOTES) + "".join(_OTHERS) + "]")


def explain_lookalikes(text: str, line_hint: bool = True) -> Text | None:
    """What in ``text`` looks like YAML syntax but is not, and what to type; None when nothing.

    ``line_hint``: ``text`` is a whole line (an en dash in a name is fine, so dashes are named
    only when the text is a single value, ``line_hint=False``). One scan in C: a line of
    megabytes costs what reading it does.
    """
    if text.isascii():
        return None
    for match in _ANY.finditer(text):
        char = match.group()
        where: Text | str = (
            msg("lookalike.at-column", " at column {column:d}", column=match.start() + 1) if line_hint else ""
        )
        if char in _SPACES:
            return msg(
                "lookalike.space",
                "{what}{where}, which YAML does not read as a space: type an ordinary space",
                what=_SPACES[char](),
                where=where,
            )
        if char in _QUOTES:
            return msg(
                "lookalike.quote",
                '{what}{where}, which YAML reads as text, not as quoting: type a straight quote (")',
                what=_QUOTES[char](),
                where=where,
            )
        if char == "\uff1a" or not line_hint:
            name, fix = _OTHERS[char]
            return join(name(), where, ": ", fix())
    return None
