"""Make catalog strings safe to print: no terminal escapes, no bidi tricks, one line.

Every string that can come from a catalog file (values, keys, file names) passes through
:func:`safe` before it reaches a terminal or a CI log.
"""

from __future__ import annotations

import json
import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clip(value: object, limit: int = 60) -> str:
    """A value shortened for a message (strings as they are, other values as JSON)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe(text: str) -> str:
    """``text`` with control, format and bidi characters shown as escapes."""
    return _UNSAFE.sub(_escape, text)
