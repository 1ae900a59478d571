"""Characters that look like YAML syntax to a person but not to a parser.

A non-breaking space pasted from a word processor is not indentation, curly quotes do not
quote, a full-width colon does not separate a key: each makes YAML read something other than
what the author sees. When a finding sits on such a character, its message names it (the
character is invisible, or looks right) and says what to type instead.
"""

from __future__ import annotations

import re

__all__ = ["explain_lookalikes"]

_SPACES = {
    "\u00a0": "a non-breaking space (U+00A0)",
    "\u2007": "a figure space (U+2007)",
    "\u202f": "a narrow non-breaking space (U+202F)",
    "\u3000": "an ideographic space (U+3000)",
    "\u200b": "a zero-width space (U+200B)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
}
_QUOTES = {
    "\u201c": "a curly quote (U+201C “)",
    "\u201d": "a curly quote (U+201D ”)",
    "\u2018": "a curly quote (U+2018 ‘)",
    "\u2019": "a curly quote (U+2019 ’)",
    "\u201e": "a low curly quote (U+201E „)",
    "\u00ab": "a guillemet (U+00AB «)",
    "\u00bb": "a guillemet (U+00BB »)",
}
_OTHERS = {
    "\uff1a": ("a full-width colon (U+FF1A ：)", "type an ordinary colon (:)"),
    "\u2212": ("a minus sign (U+2212 −)", "type an ordinary hyphen (-)"),
    "\u2013": ("an en dash (U+2013 –)", "type an ordinary hyphen (-)"),
    "\u2014": ("an em dash (U+2014 —)", "type an ordinary hyphen (-)"),
}


_ANY = re.compile("[" + "".join(_SPACES) + "".join(_QUOTES) + "".join(_OTHERS) + "]")


def explain_lookalikes(text: str, line_hint: bool = True) -> str | None:
    """What in ``text`` looks like YAML syntax but is not, and what to type; None when nothing.

    ``line_hint``: ``text`` is a whole line (an en dash in a name is fine, so dashes are named
    only when the text is a single value, ``line_hint=False``). One scan in C: a line of
    megabytes costs what reading it does.
    """
    if text.isascii():
        return None
    for match in _ANY.finditer(text):
        char = match.group()
        where = f" at column {match.start() + 1}" if line_hint else ""
        if char in _SPACES:
            return f"{_SPACES[char]}{where}, which YAML does not read as a space: type an ordinary space"
        if char in _QUOTES:
            return f'{_QUOTES[char]}{where}, which YAML reads as text, not as quoting: type a straight quote (")'
        if char == "\uff1a" or not line_hint:
            name, fix = _OTHERS[char]
            return f"{name}{where}: {fix}"
    return None
