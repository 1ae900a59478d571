"""What an audit report says, before it is formatted: the overview table, each MPP's headline.

Text and Markdown lay out the same words; these functions decide them once. Values are
raw here (catalog strings included): each format escapes them for its own medium.
"""

from __future__ import annotations

from mpptool.commands.audit import AuditResult, MppAudit
from mpptool.formats.shared import ordinal, plural, rate, severity_counts, staff
from mpptool.model import AuditSettings, Finding, Severity
from mpptool.vocab.figures import Period

OVERVIEW_HEADER = (
    "MPP",
    "To fix",
    "Region",
    "Agencies",
    "On paper",
    "Counters",
    "Empty",
    "Part-time",
    "Staff",
    "Visitors/open day",
    "Errors",
    "Warnings",
)


def summary(result: AuditResult) -> str:
    """The closing line: files and MPPs audited, findings by severity."""
    counts = severity_counts(result.count(Severity.ERROR), result.count(Severity.WARNING), result.count(Severity.INFO))
    return (
        f"{plural(len(result.files), 'file')} audited as of {result.settings.as_of}, "
        f"{plural(len(result.mpps), 'MPP')}: {counts}"
    )


def worst_first(result: AuditResult) -> list[MppAudit]:
    """MPPs by the audit's "to fix" score, highest first; then errors, warnings and id."""
    return sorted(
        result.mpps, key=lambda m: (-m.score, -m.count(Severity.ERROR), -m.count(Severity.WARNING), m.figures.id)
    )


def overview_rows(result: AuditResult) -> list[tuple[str, ...]]:
    """One row per MPP, worst first (:func:`worst_first`)."""
    return [
        (
            audit.figures.id,
            f"{audit.score:,}",
            audit.figures.region,
            str(audit.figures.agencies_total),
            str(len(audit.figures.on_paper)),
            str(audit.figures.counters),
            str(audit.figures.counters_empty),
            str(audit.figures.counters_part_time),
            staff(audit.figures),
            rate(audit.figures.visitors_per_open_day),
            f"{audit.count(Severity.ERROR):,}",
            f"{audit.count(Severity.WARNING):,}",
        )
        for audit in worst_first(result)
    ]


def period_line(period: Period, settings: AuditSettings) -> str:
    """One reported period with its rates, set against the benchmark."""
    line = (
        f"{period.start} to {period.end}: {period.visitors:,} visitors = {period.per_month:,.1f} a month, "
        f"{period.per_day:,.1f} a day"
    )
    if period.per_open_day is not None:
        share = 100 * period.per_open_day / settings.benchmark_per_day
        line += f", {period.per_open_day:,.1f} per open day ({share:.1f}% of the busiest MPPs' "
        line += f"{settings.benchmark_per_day:,})"
    return line


def headline(audit: MppAudit, settings: AuditSettings) -> list[tuple[str, str]]:
    """(label, text) lines that say how the MPP stands, read at a glance."""
    mpp = audit.figures
    where = f"{mpp.region} {mpp.region_name or '(code not in the Kemendagri list)'}"
    state = f"{where}, {mpp.status or 'status not given'}"
    if mpp.opened:
        state += f", opened {mpp.opened}"
    lines = [("Region", state)]
    parts = [f"{number} {name}" for name, number in mpp.agencies if number]
    unknown = mpp.agencies_total - sum(number for _, number in mpp.agencies)
    if unknown:
        parts.append(f"{unknown} of no known category")
    agencies = f"{mpp.agencies_total}" + (f": {', '.join(parts)}" if parts else "")
    if mpp.on_paper:
        agencies += f"; on paper (no counter): {', '.join(mpp.on_paper)}"
    lines.append(("Agencies", agencies))
    complete = f"{mpp.standards_complete:,} with all six standard components"
    if mpp.standards_unreadable:
        complete += f", {mpp.standards_unreadable:,} that cannot be read"
    lines.append(("Services", f"{mpp.services:,}, {complete}" if mpp.services else "none listed"))
    counters = f"{mpp.counters}: {mpp.counters_serving} serving, {mpp.counters_empty} empty, "
    counters += f"{mpp.counters_part_time} part-time"
    for number, word in ((mpp.counters_closed, "closed"), (mpp.counters_planned, "planned")):
        if number:
            counters += f", {number} {word}"
    lines.append(("Counters", counters))
    if mpp.staff_unreadable or mpp.staff_required is None or mpp.staff_assigned is None:
        which = ", ".join(mpp.staff_unreadable[:5]) + (" …" if len(mpp.staff_unreadable) > 5 else "")
        lines.append(("Staff", f"unknown: the staff of counter(s) {which} cannot be read; fix them to get the totals"))
    elif mpp.staff_required or mpp.staff_assigned:
        short = [(agency.gap, agency.id) for agency in mpp.agency_figures if agency.gap]
        text = f"{mpp.staff_assigned:,} posted of {mpp.staff_required:,} planned (gap {mpp.staff_gap or 0:,})"
        if short:
            worst = sorted(short, key=lambda pair: (-pair[0], pair[1]))[:5]
            text += "; short: " + ", ".join(f"{ident} {gap:,}" for gap, ident in worst)
            text += " …" if len(short) > 5 else ""
        lines.append(("Staff", text))
    else:
        lines.append(("Staff", "not recorded"))
    lines.extend(_visitors(audit, settings))
    lines.extend(evidence(audit))
    if mpp.digital_enabled is True:
        offered = ", ".join(mpp.digital_services) or "no service types listed"
        lines.append(("Digital", f"enabled: {offered}"))
    else:
        lines.append(("Digital", "not enabled" if mpp.digital_enabled is False else "not recorded"))
    counts = severity_counts(audit.count(Severity.ERROR), audit.count(Severity.WARNING), audit.count(Severity.INFO))
    lines.append(("Findings", counts + (", worst first:" if audit.findings else "")))
    return lines


def _visitors(audit: MppAudit, settings: AuditSettings) -> list[tuple[str, str]]:
    mpp = audit.figures
    if mpp.periods_unreadable:
        which = ", ".join(ordinal(index + 1) for index in mpp.periods_unreadable[:5])
        more = " …" if len(mpp.periods_unreadable) > 5 else ""
        text = f"unknown: the {which}{more} reported period(s) cannot be read; fix them to get the totals"
        lines = [("Visitors", text)]
        lines.extend(("", period_line(period, settings)) for period in mpp.periods)
        return lines
    if not mpp.periods:
        return [("Visitors", "no figures reported")]
    text = f"{rate(mpp.visitors_per_day)} a day"
    if mpp.visitors_per_open_day is not None:
        text += f", {rate(mpp.visitors_per_open_day)} per open day"
    if audit.standing is not None:
        standing = audit.standing
        text += f"; rank {standing.rank} of {standing.of} (median of the others {standing.peer_median:,.1f})"
    lines = [("Visitors", text)]
    lines.extend(("", period_line(period, settings)) for period in mpp.periods)
    return lines


def _minutes(value: float | None) -> str:
    return "?" if value is None else f"{value:.0f}"


def evidence(audit: MppAudit) -> list[tuple[str, str]]:
    """What the queue log proves about the MPP, beside the declared figures (only with ``--activity``)."""
    found = audit.activity
    if found is None:
        return []
    if found.start is None or found.end is None:
        return [("Log", f"{found.rows:,} row(s) name it, none usable")]
    per_day = found.visitors_per_open_day
    rate = f"{per_day:,.1f} served per open day" if per_day is not None else "no open day"
    declared = audit.figures.visitors_per_open_day
    if declared is not None:
        rate += f" (declared {declared:,.1f})"
    lines = [
        (
            "Log",
            f"{found.start} to {found.end}: {found.served:,} served, {found.no_show:,} no-show, "
            f"{found.cancelled:,} cancelled; {found.open_days:,} open day(s), {rate}",
        ),
        (
            "",
            f"wait p50 {_minutes(found.wait_p50_min)} min, p90 {_minutes(found.wait_p90_min)} min; "
            f"service p50 {_minutes(found.service_p50_min)} min; rows used {found.rows_used:,} of {found.rows:,}",
        ),
    ]
    empty = found.empty_counter_days
    scheduled = found.scheduled_counter_days
    text = f"{empty:,} empty of {scheduled:,} scheduled counter-days"
    if found.closed_days:
        text += f"; MPP closed on {len(found.closed_days)} scheduled day(s)"
    worst = sorted(((len(c.empty_days), c.id) for c in found.counters if c.empty_days), key=lambda p: (-p[0], p[1]))
    if worst:
        text += "; emptiest: " + ", ".join(f"{ident} {days}" for days, ident in worst[:5])
    lines.append(("", text))
    return lines


def log_summary(result: AuditResult) -> str | None:
    """One line on the queue logs read, or None without ``--activity``."""
    found = result.activity
    if found is None:
        return None
    return (
        f"Queue logs: {len(found.files)} file(s), {found.rows:,} row(s) read, {found.rows_used:,} used, "
        f"{found.rows_left_out:,} left out"
        + (f", {found.rows_outside:,} outside the period" if found.rows_outside else "")
    )


def log_findings(result: AuditResult) -> tuple[Finding, ...]:
    """Findings located in the queue logs themselves (bad rows, unknown ids)."""
    if result.activity is None:
        return ()
    files = set(result.activity.files)
    return tuple(finding for finding in result.findings if finding.file in files)
