"""Rollout report as CSV: one row per MPP with its figures, for a spreadsheet (with ``--activity``,
its queue-log evidence in the last columns).

Column names and numbers are data and do not change with ``--lang`` (a dot for decimals, no
thousands separator), so a script reads every report the same way. Every catalog string goes
through :func:`mpptool.text.safe.csv_cell`: no cell can run as a formula or break its row.
"""

from __future__ import annotations

import csv
import io

from mpptool.commands.report import MppRow, Report
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


ACTIVITY_HEADER = (
    "activity_from",
    "activity_to",
    "activity_rows",
    "activity_rows_used",
    "activity_served",
    "activity_open_days",
    "activity_visitors_per_open_day",
    "activity_scheduled_counter_days",
    "activity_empty_counter_days",
    "activity_closed_days",
)
"""Added after :data:`HEADER` with ``--activity``: the MPP's queue-log evidence (blank when no log row
names it); ``activity_closed_days`` counts the MPP closed days."""


def _activity(row: MppRow) -> tuple[object, ...]:
    found = row.activity
    if found is None:
        return ("",) * len(ACTIVITY_HEADER)
    return (
        found.start.isoformat() if found.start else "",
        found.end.isoformat() if found.end else "",
        found.rows,
        found.rows_used,
        found.served,
        found.open_days,
        _number(found.visitors_per_open_day),
        found.scheduled_counter_days,
        found.empty_counter_days,
        len(found.closed_days),
    )


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def render(report: Report, style: Style = PLAIN) -> str:
    """One row per MPP in the report's order; CRLF line ends like every CSV mpptool writes."""
    del style  # data has no labels: the language changes nothing
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    with_activity = report.activity is not None
    writer.writerow((*HEADER, *ACTIVITY_HEADER) if with_activity else HEADER)
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
                *(_activity(row) if with_activity else ()),
            )
        )
    return buffer.getvalue()
