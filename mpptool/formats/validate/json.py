"""JSON output: one sorted, stable object as documented in the README."""

from __future__ import annotations

from typing import Any

from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style, json_text, severity_totals


def as_data(result: ValidationResult, lang: str = "en") -> dict[str, Any]:
    """The `validate` JSON contract as data; messages in ``lang``, keys and codes the same in every language."""
    return {
        "findings": [finding.as_json(lang) for finding in result.findings],
        "summary": {"files": len(result.files), **severity_totals(result.count)},
    }


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    """ASCII-only JSON (hostile characters are escaped), keys sorted, two-space indent."""
    return json_text(as_data(result, style.lang))
