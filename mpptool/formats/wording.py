"""Words every text format shares: counts with their plurals, severities summed up.

Kept apart from the result types so the validate, audit and diff formats can share them
without importing each other's engines.
"""

from __future__ import annotations

__all__ = ["plural", "severity_counts"]


def plural(count: int, word: str) -> str:
    """`1 error`, `2 errors`."""
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def severity_counts(errors: int, warnings: int, infos: int) -> str:
    """`3 errors, 1 warning, 2 infos` (infos only when there are some)."""
    parts = [plural(errors, "error"), plural(warnings, "warning")]
    if infos:
        parts.append(plural(infos, "info"))
    return ", ".join(parts)
