"""JSON output: one sorted, stable object as documented in the README."""

from __future__ import annotations

import json
from typing import Any

from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style
from mpptool.model import Severity


def as_data(result: ValidationResult) -> dict[str, Any]:
    """The `validate` JSON contract as data."""
    return {
        "findings": [finding.as_json() for finding in result.findings],
        "summary": {
            "files": len(result.files),
            "errors": result.count(Severity.ERROR),
            "warnings": result.count(Severity.WARNING),
            "infos": result.count(Severity.INFO),
        },
    }


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    """ASCII-only JSON (hostile characters are escaped), keys sorted, two-space indent."""
    return json.dumps(as_data(result), indent=2, sort_keys=True, ensure_ascii=True) + "\n"
