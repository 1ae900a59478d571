"""English words that messages and reports share: plurals, ordinals, thousands separators.

At the bottom of the house (imports nothing of mpptool), so a rule's message and a report's
sentence count things the same way: `6,021 errors`, `the 8th counter`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["ordinal", "place", "plural"]


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`, `6,021 errors`."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`: positions as a person counts them (from 1)."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


_ENTRIES = {"agencies": "agency", "services": "service", "counters": "counter", "metrics": "reported period"}
"""Lists whose entries a person knows by their id (or, for periods, by their dates)."""


def place(path: Sequence[str | int], data: Any) -> str:
    """Where ``path`` is, as a person names it: `mpp.region`; `staff.required` of counter `C08`;
    the 8th counter (no id); the 2nd item of `mpp.hours.days`. Positions count from 1."""
    tokens = list(path)
    entry_at = max(
        (i for i in range(1, len(tokens)) if isinstance(tokens[i], int) and tokens[i - 1] in _ENTRIES), default=None
    )
    if entry_at is None:
        return _fields(tokens) or "the file"
    entry = _at(data, tokens[: entry_at + 1])
    where = _entry(str(tokens[entry_at - 1]), int(tokens[entry_at]), entry)
    if entry_at > 1:  # an entry list inside something else (mpp.sources never is one)
        where += f" in `{_dotted(tokens[: entry_at - 1])}`"
    rest = tokens[entry_at + 1 :]
    return f"{_fields(rest)} of {where}" if rest else where


def _entry(key: str, index: int, entry: Any) -> str:
    noun = _ENTRIES[key]
    if isinstance(entry, dict):
        ident = entry.get("id")
        if key != "metrics" and isinstance(ident, str) and ident and len(ident) <= 40 and ident.isprintable():
            return f"{noun} `{ident}`"
        start, end = entry.get("from"), entry.get("to")
        if key == "metrics" and isinstance(start, str) and isinstance(end, str) and len(start + end) <= 40:
            return f"the {ordinal(index + 1)} {noun} ({start} to {end})"
    return f"the {ordinal(index + 1)} {noun}"


def _fields(tokens: Sequence[str | int]) -> str:
    """`a.b`, or the Nth item of `a.b` when the path ends in a list position."""
    if tokens and isinstance(tokens[-1], int):
        return f"the {ordinal(tokens[-1] + 1)} item of `{_dotted(tokens[:-1])}`" if len(tokens) > 1 else ""
    return f"`{_dotted(tokens)}`" if tokens else ""


def _dotted(tokens: Sequence[str | int]) -> str:
    rendered = ""
    for token in tokens:
        rendered += f"[{token + 1}]" if isinstance(token, int) else (f".{token}" if rendered else str(token))
    return rendered


def _at(data: Any, tokens: Sequence[str | int]) -> Any:
    node = data
    for token in tokens:
        if isinstance(token, int) and isinstance(node, list) and 0 <= token < len(node):
            node = node[token]
        elif isinstance(token, str) and isinstance(node, dict):
            node = node.get(token)
        else:
            return None
    return node
