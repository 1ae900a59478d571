"""Defensive reads of parsed catalog data, so semantic rules never crash on bad shapes.

Semantic rules run even when the schema found errors; they look only at the parts that are
well-formed and leave the rest to the schema's findings.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from typing import Any

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def section(data: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    """A mapping-valued section, or an empty one."""
    value = data.get(key)
    return value if isinstance(value, dict) else {}


def entries(data: Mapping[str, Any], key: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    """(index, entry) for every mapping entry of a list-valued section."""
    value = data.get(key)
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):  # the loader makes dicts; dict is a fast check, Mapping an ABC one
                yield index, item


def text(value: Any) -> str | None:
    """The value if it is a non-empty string."""
    return value if isinstance(value, str) and value else None


def strings(value: Any) -> Iterator[tuple[int, str]]:
    """(index, item) for the string items of a list."""
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, str):
                yield index, item


MAX_COUNT = 1_000_000_000
"""The schema's ceiling for every count (S006): a larger figure is a typo, never a figure."""


def count(value: Any) -> int | None:
    """A whole number from 0 to :data:`MAX_COUNT`, or None: booleans, `3.0` and `30.000` (YAML's
    thirty) are not counts. The schema reports them; the figures leave them out."""
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_COUNT:
        return value
    return None


def unreadable(mapping: Mapping[str, Any], key: str) -> bool:
    """``key`` is there but its value is not a count: the figure is unknown, not absent."""
    return key in mapping and count(mapping[key]) is None


def iso_date(value: Any) -> dt.date | None:
    """A YYYY-MM-DD string as a date, or None (dates are read as text, then checked)."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        return None  # fromisoformat would also take 20240101 and 2024-W05-1
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None
