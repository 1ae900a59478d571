"""Words every text format shares: counts with their plurals, severities summed up.

Kept apart from the result types so the validate, audit and diff formats can share them
without importing each other's engines.
"""

from __future__ import annotations

from mpptool.text.words import ordinal, plural

__all__ = ["ordinal", "plural", "severity_counts"]


def severity_counts(errors: int, warnings: int, infos: int) -> str:
    """`3 errors, 1 warning, 2 infos` (infos only when there are some)."""
    parts = [plural(errors, "error"), plural(warnings, "warning")]
    if infos:
        parts.append(plural(infos, "info"))
    return ", ".join(parts)
