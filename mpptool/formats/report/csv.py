"""Rollout report as CSV: one row per MPP with its figures, for a spreadsheet.

Column names and numbers are data and do not change with ``--lang`` (a dot for decimals, no
thousands separator), so a script reads every report the same way. Every catalog string goes
through :func:`mpptool.text.safe.csv_cell`: no cell can run as a formula or break its row.
"""

from __future__ import annotations

import csv
import io

from mpptool.commands.report import Report
from mpptool.formats.shared import PLAIN, Style
from mpptool.text.safe import csv_cell
from mpptool.vocab.state import CATEGORIES

HEADER = (
    "id",
    "name",
    "file",
    "region",
    "region_name",
    "province",
    "status",
    "opened",
    *(f"agencies_{category}" for category in CATEGORIES),
    "agencies_total",
    "services",
    "service_types",
    "counters",
    "counters_serving",
    "counters_empty",
    "counters_part_time",
    "staff_required",
    "staff_assigned",
    "staff_gap",
    "visitors_per_day",
    "visitors_per_open_day",
    "digital_enabled",
    "digital_services",
    "validation_errors",
    "validation_warnings",
    "validation_infos",
    "audit_errors",
    "audit_warnings",
    "audit_infos",
    "sources",
)


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def render(report: Report, style: Style = PLAIN) -> str:
    """One row per MPP in the report's order; CRLF line ends like every CSV mpptool writes."""
    del style  # data has no labels: the language changes nothing
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    for row in report.mpps:
        enabled = "" if row.digital_enabled is None else str(row.digital_enabled).lower()
        cited = "; ".join(
            ", ".join(part for part in (source.publisher, source.title, source.date, source.url) if part)
            for source in row.sources
        )
        writer.writerow(
            (
                csv_cell(row.id),
                csv_cell(row.name),
                csv_cell(row.file),
                csv_cell(row.region),
                csv_cell(row.region_name or ""),
                csv_cell(row.province),
                csv_cell(row.status or ""),
                csv_cell(row.opened or ""),
                *(number for _, number in row.agencies),
                row.agencies_total,
                row.services,
                row.service_types,
                row.counters,
                row.counters_serving,
                row.counters_empty,
                row.counters_part_time,
                row.staff_required,
                row.staff_assigned,
                row.staff_gap,
                _number(row.visitors_per_day),
                _number(row.visitors_per_open_day),
                enabled,
                csv_cell(" ".join(row.digital_services)),
                row.validation_findings.error,
                row.validation_findings.warning,
                row.validation_findings.info,
                row.audit_findings.error,
                row.audit_findings.warning,
                row.audit_findings.info,
                csv_cell(cited),
            )
        )
    return buffer.getvalue()
