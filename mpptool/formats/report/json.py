"""Rollout report as JSON: one object, keys sorted, ASCII only, the same whatever ``--lang``.

JSON is data, so it carries no labels: numbers are numbers (rates to 2 decimals, shares to
4), statuses and categories are the catalog's own words. The shape is in the README.
"""

from __future__ import annotations

from typing import Any

from mpptool.commands.report import ActivitySummary, MilestoneRow, MppRow, ProvinceRow, Report, SeverityCounts
from mpptool.formats.shared import PLAIN, Style, json_text
from mpptool.loaders.reference import AUTONOMOUS_DENOMINATOR_NOTE
from mpptool.vocab.figures import Source


def _round(value: float | None, places: int = 2) -> float | None:
    return None if value is None else round(value, places)


def _counts(counts: SeverityCounts) -> dict[str, int]:
    return {"error": counts.error, "warning": counts.warning, "info": counts.info}


def _source(source: Source) -> dict[str, Any]:
    return {
        "publisher": source.publisher,
        "title": source.title,
        "date": source.date,
        "url": source.url,
        "supports": list(source.supports),
    }


def _milestone(row: MilestoneRow) -> dict[str, Any]:
    return {
        "date": row.date,
        "mpps": row.mpps,
        "share_of_local_governments": _round(row.share_of_local_governments, 4),
        "reported_share_percent": row.reported_share_percent,
        "reported_denominator": row.reported_denominator,
        "note": row.note,
        "source": row.source,
        "verified": row.verified,
    }


def _province(row: ProvinceRow) -> dict[str, Any]:
    return {
        "code": row.code,
        "name": row.name,
        "kab_kota": row.kab_kota,
        "local_governments": row.local_governments,
        "mpps": {"operating": row.operating, "planned": row.planned},
        "covered": row.covered,
        "share": _round(row.share, 4),
    }


def _mpp(row: MppRow, with_activity: bool) -> dict[str, Any]:
    extra: dict[str, Any] = {}
    if with_activity:  # the contract's object, or null when no log row names the MPP; absent without logs
        extra["activity"] = row.activity.as_json() if row.activity is not None else None
    return {
        **extra,
        "id": row.id,
        "name": row.name,
        "file": row.file,
        "region": row.region,
        "region_name": row.region_name,
        "province": row.province,
        "status": row.status,
        "opened": row.opened,
        "agencies": {**dict(row.agencies), "total": row.agencies_total},
        "services": row.services,
        "service_types": row.service_types,
        "counters": {
            "total": row.counters,
            "serving": row.counters_serving,
            "empty": row.counters_empty,
            "part_time": row.counters_part_time,
        },
        "staff": {"required": row.staff_required, "assigned": row.staff_assigned, "gap": row.staff_gap},
        "visitors_per_day": _round(row.visitors_per_day),
        "visitors_per_open_day": _round(row.visitors_per_open_day),
        "digital": {"enabled": row.digital_enabled, "services": list(row.digital_services)},
        "findings": {
            "validation": _counts(row.validation_findings),
            "audit": _counts(row.audit_findings),
            "total": _counts(row.findings),
        },
        "sources": [_source(source) for source in row.sources],
        "metric_sources": list(row.metric_sources),
    }


def _activity(summary: ActivitySummary) -> dict[str, Any]:
    """The run's logs and row counts (as `audit --activity` gives them), and the counter-days over the MPPs in scope."""
    return {
        **summary.logs.summary_json(),
        "mpps_with_logs": len(summary.with_logs),
        "scheduled_counter_days": summary.scheduled_counter_days,
        "empty_counter_days": summary.empty_counter_days,
        "mpp_closed_days": summary.closed_days,
    }


def as_data(report: Report) -> dict[str, Any]:
    """The report JSON as data."""
    cov = report.coverage
    return {
        "as_of": report.as_of.isoformat(),
        "scope": {"province": report.province, "province_name": report.province_name},
        "coverage": {
            "mpps": {
                "total": cov.total,
                "operating": cov.operating,
                "planned": cov.planned,
                "closed": cov.closed,
                "unknown_status": cov.unknown_status,
            },
            "local_governments": cov.local_governments,
            "autonomous_kab_kota": cov.autonomous_kab_kota,
            "provinces_running_units": list(cov.provinces_running_units),
            "covered": cov.covered,
            "share": _round(cov.share, 4),
            "denominator_note": AUTONOMOUS_DENOMINATOR_NOTE,
        },
        "milestones": [_milestone(row) for row in report.milestones],
        "provinces": [_province(row) for row in report.provinces],
        "mpps": [_mpp(row, report.activity is not None) for row in report.mpps],
        "service_types": [
            {
                "code": row.code,
                "name": row.name,
                "category": row.category,
                "offered_by": list(row.offered_by),
                "operating_mpps": row.operating_mpps,
                "share": _round(row.share, 4),
            }
            for row in report.service_types
        ],
        "reference_sources": [{"key": source.key, "citation": source.citation} for source in report.reference_sources],
        "summary": {
            "files": report.files,
            "mpps": len(report.mpps),
            "unreadable_files": list(report.unreadable),
            "errors": report.findings.error,
            "warnings": report.findings.warning,
            "infos": report.findings.info,
        },
        **({"activity": _activity(report.activity)} if report.activity is not None else {}),
        **({"briefing": _briefing(report)} if report.briefing is not None else {}),
    }


def _briefing(report: Report) -> dict[str, Any]:
    """The executive summary's figures: totals over the operating MPPs in scope, and the short lists."""
    brief = report.briefing
    assert brief is not None
    data: dict[str, Any] = {
        "mpps": {"operating": brief.operating, "planned": brief.planned, "closed": brief.closed},
        "counters": {
            "total": brief.counters,
            "empty": brief.counters_empty,
            "part_time": brief.counters_part_time,
        },
        "staff": {
            "required": brief.staff_required,
            "assigned": brief.staff_assigned,
            "gap": brief.staff_gap,
            "mpps_unreadable": brief.staff_unknown,
        },
        "agencies_on_paper": {"agencies": brief.agencies_on_paper, "mpps": brief.mpps_with_agencies_on_paper},
        "services": {"total": brief.services, "unreachable_in_person": brief.services_unreachable},
        "low_throughput": list(brief.low_throughput),
        "rules": [
            {"code": r.code, "name": r.name, "severity": r.severity, "findings": r.findings, "mpps": r.mpps}
            for r in brief.rules
        ],
        "most_to_fix": [{"id": row.id, "name": row.name, "to_fix": row.to_fix} for row in brief.most_to_fix],
        "furthest_from_coverage": [
            {
                "code": row.code,
                "name": row.name,
                "local_governments": row.local_governments,
                "covered": row.covered,
                "uncovered": row.local_governments - row.covered,
            }
            for row in brief.furthest
        ],
    }
    if report.activity is not None:
        data["empty_counter_days"] = report.activity.empty_counter_days
        data["scheduled_counter_days"] = report.activity.scheduled_counter_days
    return data


def render(report: Report, style: Style = PLAIN) -> str:
    """ASCII-only JSON, keys sorted, two-space indent; ``lang`` changes nothing (data has no labels)."""
    del style  # data has no labels: the language changes nothing
    return json_text(as_data(report))
