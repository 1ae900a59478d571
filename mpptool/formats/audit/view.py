"""What an audit report says, before it is formatted: the overview table, each MPP's headline.

Text and Markdown lay out the same words; these functions decide them once. Values are
raw here (catalog strings included): each format escapes them for its own medium.
"""

from __future__ import annotations

import datetime as dt

from mpptool.commands.audit import AuditResult, MppAudit
from mpptool.formats.shared import counted, files, ordinal, rate, severity_counts, staff
from mpptool.model import AuditSettings, Finding, Severity
from mpptool.text.i18n import Text, join, listed, localise, msg
from mpptool.vocab.figures import Period

OVERVIEW_HEADER = (
    msg("audit.mpp", "MPP"),
    msg("audit.to-fix", "To fix"),
    msg("audit.region", "Region"),
    msg("audit.agencies", "Agencies"),
    msg("audit.on-paper", "On paper"),
    msg("audit.counters", "Counters"),
    msg("audit.empty", "Empty"),
    msg("audit.part-time", "Part-time"),
    msg("audit.staff-column", "Staff"),
    msg("audit.visitors-open-day", "Visitors/open day"),
    msg("audit.errors", "Errors"),
    msg("audit.warnings", "Warnings"),
)


def overview_header(lang: str) -> tuple[str, ...]:
    """The overview table's column names in ``lang``."""
    return tuple(word.render(lang) for word in OVERVIEW_HEADER)


def title(result: AuditResult, lang: str) -> str:
    """`MPP audit as of 2025-10-31`."""
    return msg("audit.title", "MPP audit as of {as_of}", as_of=result.settings.as_of).render(lang)


def summary(result: AuditResult, lang: str = "en") -> str:
    """The closing line: files and MPPs audited, findings by severity."""
    counts = severity_counts(
        result.count(Severity.ERROR), result.count(Severity.WARNING), result.count(Severity.INFO), lang
    )
    mpps = len(result.mpps)
    return msg(
        "audit.summary",
        "{files} audited as of {as_of}, {mpps}: {counts}",
        files=files(len(result.files)),
        as_of=result.settings.as_of,
        mpps=msg("audit.one-mpp", "{count} MPP", count=mpps)
        if mpps == 1
        else msg("audit.mpps", "{count} MPPs", count=mpps),
        counts=counts,
    ).render(lang)


def worst_first(result: AuditResult) -> list[MppAudit]:
    """MPPs by the audit's "to fix" score, highest first; then errors, warnings and id."""
    return sorted(
        result.mpps, key=lambda m: (-m.score, -m.count(Severity.ERROR), -m.count(Severity.WARNING), m.figures.id)
    )


def overview_rows(result: AuditResult, lang: str = "en") -> list[tuple[str, ...]]:
    """One row per MPP, worst first (:func:`worst_first`)."""
    return [
        (
            audit.figures.id,
            localise(f"{audit.score:,}", lang),
            audit.figures.region,
            str(audit.figures.agencies_total),
            str(len(audit.figures.on_paper)),
            str(audit.figures.counters),
            str(audit.figures.counters_empty),
            str(audit.figures.counters_part_time),
            localise(staff(audit.figures), lang),
            localise(rate(audit.figures.visitors_per_open_day), lang),
            localise(f"{audit.count(Severity.ERROR):,}", lang),
            localise(f"{audit.count(Severity.WARNING):,}", lang),
        )
        for audit in worst_first(result)
    ]


def period_line(period: Period, settings: AuditSettings, lang: str = "en") -> str:
    """One reported period with its rates, set against the benchmark."""
    return _period(period, settings).render(lang)


UNAUDITED = msg("audit.unaudited", "Files that could not be audited")
QUEUE_LOGS = msg("audit.queue-logs", "Queue logs")
REGION = msg("audit.label-region", "Region")
AGENCIES = msg("audit.label-agencies", "Agencies")
SERVICES = msg("audit.label-services", "Services")
COUNTERS = msg("audit.label-counters", "Counters")
STAFF = msg("audit.label-staff", "Staff")
VISITORS = msg("audit.label-visitors", "Visitors")
DIGITAL = msg("audit.label-digital", "Digital")
FINDINGS = msg("audit.label-findings", "Findings")
LOG = msg("audit.label-log", "Log")
_STATE_WORDS = {
    "closed": msg("audit.closed", "closed"),
    "planned": msg("audit.planned", "planned"),
    "operating": msg("audit.operating", "operating"),
}


def headline(audit: MppAudit, settings: AuditSettings, lang: str = "en") -> list[tuple[str, str]]:
    """(label, text) lines that say how the MPP stands, read at a glance."""
    return [(label.render(lang) if label else "", text.render(lang)) for label, text in _headline(audit, settings)]


def _headline(audit: MppAudit, settings: AuditSettings) -> list[tuple[Text | None, Text]]:
    mpp = audit.figures
    where = join(f"{mpp.region} ", mpp.region_name or msg("audit.region-unknown", "(code not in the Kemendagri list)"))
    status = _STATE_WORDS.get(mpp.status, mpp.status) if mpp.status else msg("audit.no-status", "status not given")
    state = join(where, ", ", status)
    if mpp.opened:
        state += msg("audit.opened", ", opened {date}", date=_date(mpp.opened))
    lines: list[tuple[Text | None, Text]] = [(REGION, state)]
    parts = [
        msg("audit.category-count", "{count:d} {category}", count=number, category=name)
        for name, number in mpp.agencies
        if number
    ]
    unknown = mpp.agencies_total - sum(number for _, number in mpp.agencies)
    if unknown:
        parts.append(msg("audit.no-category", "{count:d} of no known category", count=unknown))
    agencies = msg("audit.count", "{count:d}", count=mpp.agencies_total)
    if parts:
        agencies += join(": ", listed(parts))
    if mpp.on_paper:
        agencies += msg("audit.agencies-on-paper", "; on paper (no counter): {ids}", ids=", ".join(mpp.on_paper))
    lines.append((AGENCIES, agencies))
    complete = msg("audit.standards", "{count} with all six standard components", count=mpp.standards_complete)
    if mpp.standards_unreadable:
        complete += msg("audit.standards-unreadable", ", {count} that cannot be read", count=mpp.standards_unreadable)
    services = (
        msg("audit.services", "{count}, {complete}", count=mpp.services, complete=complete)
        if mpp.services
        else msg("audit.no-services", "none listed")
    )
    lines.append((SERVICES, services))
    counters = msg(
        "audit.counter-states",
        "{count:d}: {serving:d} serving, {empty:d} empty, {part_time:d} part-time",
        count=mpp.counters,
        serving=mpp.counters_serving,
        empty=mpp.counters_empty,
        part_time=mpp.counters_part_time,
    )
    if mpp.counters_closed:
        counters += msg("audit.counters-closed", ", {count:d} closed", count=mpp.counters_closed)
    if mpp.counters_planned:
        counters += msg("audit.counters-planned", ", {count:d} planned", count=mpp.counters_planned)
    lines.append((COUNTERS, counters))
    if mpp.staff_unreadable or mpp.staff_required is None or mpp.staff_assigned is None:
        which = ", ".join(mpp.staff_unreadable[:5]) + (" …" if len(mpp.staff_unreadable) > 5 else "")
        lines.append(
            (
                STAFF,
                msg(
                    "audit.staff-unknown",
                    "unknown: the staff of counter(s) {which} cannot be read; fix them to get the totals",
                    which=which,
                ),
            )
        )
    elif mpp.staff_required or mpp.staff_assigned:
        short = [(agency.gap, agency.id) for agency in mpp.agency_figures if agency.gap]
        text = msg(
            "audit.staff",
            "{assigned} posted of {required} planned (gap {gap})",
            assigned=mpp.staff_assigned,
            required=mpp.staff_required,
            gap=mpp.staff_gap or 0,
        )
        if short:
            worst = sorted(short, key=lambda pair: (-pair[0], pair[1]))[:5]
            gaps = [msg("audit.id-count", "{id} {count}", id=ident, count=gap) for gap, ident in worst]
            text += join(msg("audit.short", "; short: "), listed(gaps), " …" if len(short) > 5 else "")
        lines.append((STAFF, text))
    else:
        lines.append((STAFF, msg("audit.not-recorded", "not recorded")))
    lines.extend(_visitors(audit, settings))
    lines.extend(_evidence(audit))
    if mpp.digital_enabled is True:
        offered = ", ".join(mpp.digital_services) or msg("audit.no-types", "no service types listed")
        lines.append((DIGITAL, msg("audit.enabled", "enabled: {offered}", offered=offered)))
    else:
        lines.append(
            (
                DIGITAL,
                msg("audit.not-enabled", "not enabled")
                if mpp.digital_enabled is False
                else msg("audit.not-recorded", "not recorded"),
            )
        )
    counts = [counted(audit.count(severity), severity) for severity in (Severity.ERROR, Severity.WARNING)]
    if audit.count(Severity.INFO):
        counts.append(counted(audit.count(Severity.INFO), Severity.INFO))
    found = listed(counts)
    if audit.findings:
        found += msg("audit.worst-first", ", worst first:")
    lines.append((FINDINGS, found))
    return lines


def _date(value: str) -> dt.date | str:
    """A catalog date as a date (written in the reader's language), or as written when it is not one."""
    try:
        return dt.date.fromisoformat(value) if len(value) == 10 else value
    except ValueError:
        return value


def _visitors(audit: MppAudit, settings: AuditSettings) -> list[tuple[Text | None, Text]]:
    mpp = audit.figures
    periods: list[tuple[Text | None, Text]] = [(None, _period(period, settings)) for period in mpp.periods]
    if mpp.periods_unreadable:
        which = ", ".join(ordinal(index + 1) for index in mpp.periods_unreadable[:5])
        more = " …" if len(mpp.periods_unreadable) > 5 else ""
        text = msg(
            "audit.periods-unknown",
            "unknown: the {which}{more} reported period(s) cannot be read; fix them to get the totals",
            which=which,
            numbers=", ".join(str(index + 1) for index in mpp.periods_unreadable[:5]),
            more=more,
        )
        return [(VISITORS, text), *periods]
    if not mpp.periods:
        return [(VISITORS, msg("audit.no-figures", "no figures reported"))]
    text = msg("audit.per-day", "{rate} a day", rate=_rate(mpp.visitors_per_day))
    if mpp.visitors_per_open_day is not None:
        text += msg("audit.per-open-day", ", {rate} per open day", rate=_rate(mpp.visitors_per_open_day))
    if audit.standing is not None:
        standing = audit.standing
        text += msg(
            "audit.rank",
            "; rank {rank:d} of {of:d} (median of the others {median})",
            rank=standing.rank,
            of=standing.of,
            median=standing.peer_median,
        )
    return [(VISITORS, text), *periods]


def _rate(value: float | None) -> float | str:
    return "-" if value is None else value


def _period(period: Period, settings: AuditSettings) -> Text:
    line = msg(
        "audit.period",
        "{start} to {end}: {visitors} visitors = {per_month} a month, {per_day} a day",
        start=period.start,
        end=period.end,
        visitors=period.visitors,
        per_month=period.per_month,
        per_day=period.per_day,
    )
    if period.per_open_day is not None:
        line += msg(
            "audit.period-open-day",
            ", {per_open_day} per open day ({share:.1f}% of the busiest MPPs' {benchmark})",
            per_open_day=period.per_open_day,
            share=100 * period.per_open_day / settings.benchmark_per_day,
            benchmark=settings.benchmark_per_day,
        )
    return line


def _minutes(value: float | None) -> float | str:
    return "?" if value is None else value


def evidence(audit: MppAudit, lang: str = "en") -> list[tuple[str, str]]:
    """What the queue log proves about the MPP, beside the declared figures (only with ``--activity``)."""
    return [(label.render(lang) if label else "", text.render(lang)) for label, text in _evidence(audit)]


def _evidence(audit: MppAudit) -> list[tuple[Text | None, Text]]:
    found = audit.activity
    if found is None:
        return []
    if found.start is None or found.end is None:
        return [(LOG, msg("audit.log-unusable", "{count} row(s) name it, none usable", count=found.rows))]
    per_day = found.visitors_per_open_day
    rate = (
        msg("audit.served-per-day", "{rate} served per open day", rate=per_day)
        if per_day is not None
        else msg("audit.no-open-day", "no open day")
    )
    declared = audit.figures.visitors_per_open_day
    if declared is not None:
        rate += msg("audit.declared", " (declared {rate})", rate=declared)
    lines: list[tuple[Text | None, Text]] = [
        (
            LOG,
            msg(
                "audit.log",
                "{start} to {end}: {served} served, {no_show} no-show, {cancelled} cancelled; "
                "{open_days} open day(s), {rate}",
                start=found.start,
                end=found.end,
                served=found.served,
                no_show=found.no_show,
                cancelled=found.cancelled,
                open_days=found.open_days,
                rate=rate,
            ),
        ),
        (
            None,
            msg(
                "audit.times",
                "wait p50 {wait_p50:.0f} min, p90 {wait_p90:.0f} min; service p50 {service_p50:.0f} min; "
                "rows used {used} of {rows}",
                wait_p50=_minutes(found.wait_p50_min),
                wait_p90=_minutes(found.wait_p90_min),
                service_p50=_minutes(found.service_p50_min),
                used=found.rows_used,
                rows=found.rows,
            ),
        ),
    ]
    text = msg(
        "audit.empty-days",
        "{empty} empty of {scheduled} scheduled counter-days",
        empty=found.empty_counter_days,
        scheduled=found.scheduled_counter_days,
    )
    if found.closed_days:
        text += msg("audit.closed-days", "; MPP closed on {count:d} scheduled day(s)", count=len(found.closed_days))
    worst = sorted(((len(c.empty_days), c.id) for c in found.counters if c.empty_days), key=lambda p: (-p[0], p[1]))
    if worst:
        days = [msg("audit.id-days", "{id} {count:d}", id=ident, count=count) for count, ident in worst[:5]]
        text += join(msg("audit.emptiest", "; emptiest: "), listed(days))
    lines.append((None, text))
    return lines


def log_summary(result: AuditResult, lang: str = "en") -> str | None:
    """One line on the queue logs read, or None without ``--activity``."""
    found = result.activity
    if found is None:
        return None
    line = msg(
        "audit.logs",
        "Queue logs: {files:d} file(s), {rows} row(s) read, {used} used, {left_out} left out",
        files=len(found.files),
        rows=found.rows,
        used=found.rows_used,
        left_out=found.rows_left_out,
    )
    if found.rows_outside:
        line += msg("audit.outside", ", {count} outside the period", count=found.rows_outside)
    return line.render(lang)


def log_findings(result: AuditResult) -> tuple[Finding, ...]:
    """Findings located in the queue logs themselves (bad rows, unknown ids)."""
    if result.activity is None:
        return ()
    files = set(result.activity.files)
    return tuple(finding for finding in result.findings if finding.file in files)
