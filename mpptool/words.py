"""English words that messages and reports share: plurals, ordinals, thousands separators.

At the bottom of the house (imports nothing of mpptool), so a rule's message and a report's
sentence count things the same way: `6,021 errors`, `the 8th counter`.
"""

from __future__ import annotations

__all__ = ["ordinal", "plural"]


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`, `6,021 errors`."""
    return f"{count:,} {word}" if count == 1 else f"{count:,} {word}s"


def ordinal(number: int) -> str:
    """`1st`, `2nd`, `3rd`, `4th`, `11th`, `22nd`: positions as a person counts them (from 1)."""
    suffix = "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number:,}{suffix}"
