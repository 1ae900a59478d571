"""`mpptool fix` as JSON: per file the fixes made (or, with --diff, that would be), held back, and what remains."""

from __future__ import annotations

from typing import Any

from mpptool.commands.fix import FixResult
from mpptool.formats.shared import PLAIN, Style, json_text


def as_data(result: FixResult, lang: str = "en") -> dict[str, Any]:
    """Sorted and stable, like every JSON output."""

    def edit(e: Any) -> dict[str, Any]:
        return {"code": e.code, "line": e.line, "column": e.column, "pointer": e.pointer, "before": e.before,
                "after": e.text, "safe": e.safe}  # fmt: skip

    return {
        "files": [
            {
                "file": file.display,
                "fixed": [edit(e) for e in file.edits],
                "held_back": [edit(e) for e in file.held_back],
                "refused": file.refused,
            }
            for file in result.files
        ],
        "findings": [finding.as_json(lang) for finding in result.remaining],
        "summary": {"fixed": result.fixed, "written": result.wrote, "remaining": len(result.remaining)},
    }


def render(result: FixResult, style: Style = PLAIN) -> str:
    """ASCII-only JSON, keys sorted."""
    return json_text(as_data(result, style.lang))
