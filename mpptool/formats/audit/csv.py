"""Audit CSV: one row per finding, for a spreadsheet; no cell can run as a formula."""

from __future__ import annotations

import csv
import io

from mpptool.commands.audit import AuditResult
from mpptool.formats.shared import PLAIN, Style
from mpptool.rules import registry
from mpptool.text.i18n import msg
from mpptool.text.safe import csv_cell

HEADER = (
    "severity",
    "code",
    "rule",
    "mpp",
    "file",
    "line",
    "column",
    "end_line",
    "end_column",
    "pointer",
    "message",
    "cell",
)
"""``cell`` (last, so the columns before it keep their places): a workbook's sheet and cell
(``Layanan!D12``), empty for a YAML file."""

COLUMNS = {
    "severity": msg("csv.severity", "severity"),
    "code": msg("csv.code", "code"),
    "rule": msg("csv.rule", "rule"),
    "mpp": msg("csv.mpp", "mpp"),
    "file": msg("csv.file", "file"),
    "line": msg("csv.line", "line"),
    "column": msg("csv.column", "column"),
    "end_line": msg("csv.end_line", "end_line"),
    "end_column": msg("csv.end_column", "end_column"),
    "pointer": msg("csv.pointer", "pointer"),
    "message": msg("csv.message", "message"),
    "cell": msg("csv.cell", "cell"),
}
"""The header in the language asked for (``--lang id``: ``tingkat,kode,...``); the columns keep their order."""


def render(result: AuditResult, style: Style = PLAIN) -> str:
    """Findings worst first, with the rule's name; strings made formula-safe and one-line."""
    rules = registry()
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(tuple(COLUMNS[name].render(style.lang) for name in HEADER))
    for finding in result.findings:
        rule = rules.get(finding.code)
        writer.writerow(
            (
                finding.severity.value,
                finding.code,
                rule.name if rule else "",
                csv_cell(finding.mpp or ""),
                csv_cell(finding.file),
                finding.line,
                finding.column,
                "" if finding.end_line is None else finding.end_line,
                "" if finding.end_column is None else finding.end_column,
                csv_cell(finding.pointer),
                csv_cell(finding.say(style.lang)),
                csv_cell(finding.cell or ""),
            )
        )
    return buffer.getvalue()
