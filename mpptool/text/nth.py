"""Positions as a person counts them (from 1), said in any language: `2nd`, `ke-2`.

The message counterpart of :func:`mpptool.text.words.ordinal` (which stays English, for the
text that is English only): a :class:`~mpptool.text.i18n.Text`, so a finding that names "the 2nd
period" says "periode ke-2" in Indonesian. At the bottom of the house: imports only i18n.
"""

from __future__ import annotations

from mpptool.text.i18n import Text, msg

__all__ = ["nth"]


def nth(number: int) -> Text:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `1,022nd` in English; `ke-1`, `ke-1.022` in Indonesian."""
    if 10 <= number % 100 <= 20 or number % 10 not in (1, 2, 3):
        return msg("nth.th", "{number}th", number=number)
    if number % 10 == 1:
        return msg("nth.st", "{number}st", number=number)
    if number % 10 == 2:
        return msg("nth.nd", "{number}nd", number=number)
    return msg("nth.rd", "{number}rd", number=number)
