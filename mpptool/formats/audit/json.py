"""Audit JSON: `{"as_of", "mpps", "findings", ...}` as the contract fixes it, sorted and stable."""

from __future__ import annotations

from typing import Any

from mpptool.commands.audit import AuditResult, MppAudit
from mpptool.formats.shared import PLAIN, Style, category_counts, json_text, severity_totals
from mpptool.model import AuditSettings, Severity
from mpptool.vocab.figures import Period


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _period(period: Period, settings: AuditSettings) -> dict[str, Any]:
    per_open_day = period.per_open_day
    return {
        "from": period.start.isoformat(),
        "to": period.end.isoformat(),
        "visitors": period.visitors,
        "calendar_days": period.calendar_days,
        "open_days": period.open_days,
        "months": _round(period.months),
        "per_day": _round(period.per_day),
        "per_open_day": _round(per_open_day),
        "per_month": _round(period.per_month),
        "share_of_benchmark": None if per_open_day is None else round(per_open_day / settings.benchmark_per_day, 4),
    }


def _mpp(audit: MppAudit, settings: AuditSettings, with_activity: bool) -> dict[str, Any]:
    mpp = audit.figures
    standing = audit.standing
    extra: dict[str, Any] = {}
    if with_activity:
        extra["activity"] = audit.activity.as_json() if audit.activity is not None else None
    return {
        **extra,
        "id": mpp.id,
        "name": mpp.name,
        "region": mpp.region,
        "region_name": mpp.region_name,
        "status": mpp.status,
        "opened": mpp.opened,
        "file": mpp.file,
        "agencies": category_counts(mpp),
        "agencies_on_paper": list(mpp.on_paper),
        "services": mpp.services,
        "standards_complete": mpp.standards_complete,
        "standards_unreadable": mpp.standards_unreadable,
        "counters": {
            "total": mpp.counters,
            "serving": mpp.counters_serving,
            "empty": mpp.counters_empty,
            "part_time": mpp.counters_part_time,
            "closed": mpp.counters_closed,
            "planned": mpp.counters_planned,
        },
        "staff": {"required": mpp.staff_required, "assigned": mpp.staff_assigned, "gap": mpp.staff_gap},
        "staff_unreadable": list(mpp.staff_unreadable),
        "staff_by_agency": [
            {
                "agency": agency.id,
                "category": agency.category,
                "counters": list(agency.counters),
                "required": agency.required,
                "assigned": agency.assigned,
                "gap": agency.gap,
            }
            for agency in mpp.agency_figures
            if agency.gap
        ],
        "visitors": mpp.visitors,
        "visitors_per_day": _round(mpp.visitors_per_day),
        "visitors_per_open_day": _round(mpp.visitors_per_open_day),
        "periods": [_period(period, settings) for period in mpp.periods],
        "periods_unreadable": [f"/metrics/{index}" for index in mpp.periods_unreadable],
        "standing": None
        if standing is None
        else {"rank": standing.rank, "of": standing.of, "peer_median": _round(standing.peer_median)},
        "digital": {"enabled": mpp.digital_enabled, "services": list(mpp.digital_services)},
        "findings": {severity.value: audit.count(severity) for severity in Severity},
        "to_fix": audit.score,
        "services_unreachable": mpp.services_unreachable,
    }


def as_data(result: AuditResult, lang: str = "en") -> dict[str, Any]:
    """The `audit` JSON contract as data; finding messages in ``lang``, keys and codes the same in every language."""
    settings = result.settings
    return {
        "as_of": settings.as_of.isoformat(),
        "settings": {
            "expiring_within_days": settings.expiring_within_days,
            "benchmark_per_day": settings.benchmark_per_day,
            "low_per_open_day": settings.low_per_open_day,
            "peer_share": settings.peer_share,
        },
        "mpps": [_mpp(audit, settings, result.activity is not None) for audit in result.mpps],
        "findings": [finding.as_json(lang) for finding in result.findings],
        "summary": {"files": len(result.files), "mpps": len(result.mpps), **severity_totals(result.count)},
        **({"activity": result.activity.summary_json()} if result.activity is not None else {}),
    }


def render(result: AuditResult, style: Style = PLAIN) -> str:
    """ASCII-only JSON (hostile characters are escaped), keys sorted, two-space indent."""
    return json_text(as_data(result, style.lang))
