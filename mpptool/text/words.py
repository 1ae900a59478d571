"""English words that messages and reports share: plurals, ordinals, thousands separators.

At the bottom of the house (imports nothing of mpptool but its sentences), so a rule's message
and a report's sentence count things the same way: `6,021 errors`, `the 8th counter`. A place
(:func:`place`) is a sentence of its own (:class:`~mpptool.text.i18n.Text`): `the 8th counter`
in English, `gerai ke-8` in Indonesian.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mpptool.text.i18n import Text, msg

__all__ = ["DAYS", "day_word", "nth", "ordinal", "place", "plural"]


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`, `6,021 errors`."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`: positions as a person counts them (from 1)."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"


DAYS = {
    "mon": msg("day.mon", "mon"),
    "tue": msg("day.tue", "tue"),
    "wed": msg("day.wed", "wed"),
    "thu": msg("day.thu", "thu"),
    "fri": msg("day.fri", "fri"),
    "sat": msg("day.sat", "sat"),
    "sun": msg("day.sun", "sun"),
}
"""A catalog's day codes in a sentence: English keeps the code (`mon`), Indonesian names the day (Senin)."""


def day_word(code: str) -> Text | str:
    """A day code as a sentence says it; an unknown code as written."""
    return DAYS.get(code, code)


def nth(number: int) -> Text:
    """:func:`ordinal` as a sentence: `8th` in English, `ke-8` in Indonesian."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    if suffix == "st":
        return msg("ordinal.st", "{n}st", n=number)
    if suffix == "nd":
        return msg("ordinal.nd", "{n}nd", n=number)
    if suffix == "rd":
        return msg("ordinal.rd", "{n}rd", n=number)
    return msg("ordinal.th", "{n}th", n=number)


_ENTRIES = {"agencies": "agency", "services": "service", "counters": "counter", "metrics": "reported period"}
"""Lists whose entries a person knows by their id (or, for periods, by their dates)."""


def place(path: Sequence[str | int], data: Any) -> Text | str:
    """Where ``path`` is, as a person names it: `mpp.region`; `staff.required` of counter `C08`;
    the 8th counter (no id); the 2nd item of `mpp.hours.days`. Positions count from 1.

    A sentence (:class:`Text`), or a plain string when it is only the field's dotted name."""
    tokens = list(path)
    entry_at = max(
        (i for i in range(1, len(tokens)) if isinstance(tokens[i], int) and tokens[i - 1] in _ENTRIES), default=None
    )
    if entry_at is None:
        return _fields(tokens) or the_file()
    entry = _at(data, tokens[: entry_at + 1])
    where = _entry(str(tokens[entry_at - 1]), int(tokens[entry_at]), entry)
    if entry_at > 1:  # an entry list inside something else (mpp.sources never is one)
        where = msg("place.in", "{entry} in `{within}`", entry=where, within=_dotted(tokens[: entry_at - 1]))
    rest = tokens[entry_at + 1 :]
    return msg("place.of", "{field} of {entry}", field=_fields(rest), entry=where) if rest else where


def the_file() -> Text:
    """The whole file, as a place."""
    return msg("place.file", "the file")


def _entry(key: str, index: int, entry: Any) -> Text:
    if isinstance(entry, dict):
        ident = entry.get("id")
        if key != "metrics" and isinstance(ident, str) and ident and len(ident) <= 40 and ident.isprintable():
            if key == "agencies":
                return msg("place.agency", "agency `{id}`", id=ident)
            if key == "services":
                return msg("place.service", "service `{id}`", id=ident)
            return msg("place.counter", "counter `{id}`", id=ident)
        start, end = entry.get("from"), entry.get("to")
        if key == "metrics" and isinstance(start, str) and isinstance(end, str) and len(start + end) <= 40:
            return msg(
                "place.nth-period-dates",
                "the {nth} reported period ({start} to {end})",
                nth=nth(index + 1),
                start=start,
                end=end,
            )
    number = nth(index + 1)
    if key == "agencies":
        return msg("place.nth-agency", "the {nth} agency", nth=number)
    if key == "services":
        return msg("place.nth-service", "the {nth} service", nth=number)
    if key == "counters":
        return msg("place.nth-counter", "the {nth} counter", nth=number)
    return msg("place.nth-period", "the {nth} reported period", nth=number)


def _fields(tokens: Sequence[str | int]) -> Text | str:
    """`a.b`, or the Nth item of `a.b` when the path ends in a list position."""
    if tokens and isinstance(tokens[-1], int):
        if len(tokens) == 1:
            return ""
        return msg("place.item", "the {nth} item of `{field}`", nth=nth(tokens[-1] + 1), field=_dotted(tokens[:-1]))
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
