"""Validation as Markdown: for a GitHub job summary ($GITHUB_STEP_SUMMARY) or a PR comment.

A verdict line, a count per rule, then the findings; every catalog string is escaped by the
audit's :func:`~mpptool.formats.audit.markdown.table`, so no value can add markup, links,
HTML or mentions. A PR comment holds at most 65,536 characters, so the findings table stops
at :data:`MAX_ROWS` rows or when the document would pass :data:`MAX_CHARS`, and says how many
findings it left out.
"""

from __future__ import annotations

from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style, plural, table
from mpptool.formats.validate.text import code_counts
from mpptool.model import Severity

MAX_ROWS = 500
MAX_CHARS = 60_000
"""Below GitHub's 65,536 characters for a comment, with room for a heading of the caller's."""

HEADING = "## mpptool validate"


def verdict(result: ValidationResult) -> str:
    """`**Fails**: 2 errors, 1 warning, 0 infos in 3 files checked.`"""
    word = "**Fails**" if result.failed() else "**Passes**"
    files = f"{plural(len(result.files), 'file')} checked"
    if not result.findings:
        line = f"{word}: no findings in {files}"
    else:
        counts = ", ".join(plural(result.count(severity), severity.value) for severity in Severity)
        line = f"{word}: {counts} in {files}"
    if result.suppressed:
        line += f"; {len(result.suppressed)} silenced inline"
    return line + "."


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    """The Markdown report."""
    out = [HEADING, "", verdict(result), ""]
    if not result.findings:
        return "\n".join(out)
    counts = [(code, name, worst.value, str(count)) for code, count, name, worst in code_counts(result)]
    out.extend(table(("Code", "Rule", "Severity", "Count"), counts))
    out.append("")
    rows = [(f"{result.path(f.file)}{f.place()}", f.code, f.severity.value, f.message) for f in result.findings]
    lines = table(("Location", "Code", "Severity", "Message"), rows)
    size = sum(len(text) + 1 for text in out)
    kept = 2  # the header and its rule
    size += len(lines[0]) + len(lines[1]) + 2
    while kept < len(lines) and kept - 2 < MAX_ROWS and size + len(lines[kept]) + 1 <= MAX_CHARS:
        size += len(lines[kept]) + 1
        kept += 1
    out.extend(lines[:kept])
    left = len(rows) - (kept - 2)
    if left:
        out.extend(
            [
                "",
                (
                    f"_{kept - 2} of {len(rows)} findings shown; {left} more left out "
                    "(a comment holds at most 65,536 characters): run `mpptool validate` for all._"
                ),
            ]
        )
    out.append("")
    return "\n".join(out)
