"""What the rollout report says, before it is formatted: its sentences and tables, per language.

Markdown and HTML lay out the same words and the same tables; these functions decide them
once. Values are raw here (catalog strings included): each format escapes them itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mpptool.commands.report import MppRow, Report, SeverityCounts
from mpptool.formats.report.i18n import Lang, decimal, integer, percent, words
from mpptool.vocab.figures import Source
from mpptool.vocab.state import CATEGORIES

if TYPE_CHECKING:  # an annotation only: the activity layer is imported when queue logs are read
    from mpptool.activity.evidence import MppEvidence


@dataclass(frozen=True, slots=True)
class HeaderCell:
    """One header cell as laid out: its text, the columns and header rows it spans."""

    text: str
    columns: int = 1
    rows: int = 1
    numeric: bool = False


@dataclass(frozen=True, slots=True)
class Table:
    """A header, rows of text cells, and which columns hold numbers (right-aligned).

    ``groups``, when given, is a header row above ``header``: (label, columns) in column order, so a
    wide table says "Agencies" once above its six categories instead of six long headers; a group
    with an empty label is columns that stand alone (their header spans both rows)."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]
    groups: tuple[tuple[str, int], ...] = ()
    turned: bool = False
    """Numeric columns' headers are set sideways, so in a wide table the numbers, not the words above them,
    decide how wide a column is."""
    sections: tuple[tuple[str, int], ...] = ()
    """Runs of ``rows`` under a label, (label, rows in it) in order: a long table grouped (by province) keeps
    one header, repeated on each printed page, instead of a table and a header per group."""

    @property
    def row_sections(self) -> tuple[tuple[str, tuple[tuple[str, ...], ...]], ...]:
        """The rows in their labelled runs; one unlabelled run without ``sections``."""
        if not self.sections:
            return (("", self.rows),)
        runs = []
        start = 0
        for label, count in self.sections:
            runs.append((label, self.rows[start : start + count]))
            start += count
        return tuple(runs)

    @property
    def header_rows(self) -> tuple[tuple[HeaderCell, ...], ...]:
        """The header as rows of cells (one row without groups, two with)."""
        if not self.groups:
            return (tuple(HeaderCell(text, numeric=num) for text, num in zip(self.header, self.numeric, strict=True)),)
        top: list[HeaderCell] = []
        below: list[HeaderCell] = []
        column = 0
        for label, span in self.groups:
            cells = [
                HeaderCell(self.header[index], numeric=self.numeric[index]) for index in range(column, column + span)
            ]
            if label:
                top.append(HeaderCell(label, columns=span))
                below.extend(cells)
            else:
                top.extend(HeaderCell(cell.text, rows=2, numeric=cell.numeric) for cell in cells)
            column += span
        return (tuple(top), tuple(below))


def title(report: Report, lang: Lang) -> str:
    """The report's heading, naming the province when narrowed."""
    t = words(lang)
    if report.province is None:
        return t["title"]
    return t["title_province"].format(code=report.province, name=report.province_name or "")


def intro(report: Report, lang: Lang) -> list[str]:
    """The opening sentences: date, files, scope, findings, unreadable files."""
    t = words(lang)
    lines = [t["as_of"].format(date=report.as_of.isoformat(), files=report.files, mpps=len(report.mpps))]
    if report.province is not None:
        lines.append(t["scope_note"].format(code=report.province, name=report.province_name or ""))
    counts = report.findings
    lines.append(
        t["findings_total"].format(
            errors=integer(counts.error, lang), warnings=integer(counts.warning, lang), infos=integer(counts.info, lang)
        )
    )
    if report.unreadable:
        lines.append(t["unreadable"].format(files=", ".join(report.unreadable)))
    return lines


def coverage(report: Report, lang: Lang) -> list[str]:
    """National coverage in sentences, the denominator explained."""
    t = words(lang)
    cov = report.coverage
    unknown = t["cov_unknown"].format(count=cov.unknown_status) if cov.unknown_status else ""
    lines = [
        t["cov_mpps"].format(
            total=cov.total, operating=cov.operating, planned=cov.planned, closed=cov.closed, unknown=unknown
        ),
        t["cov_share"].format(
            covered=integer(cov.covered, lang),
            denominator=integer(cov.local_governments, lang),
            share=percent(cov.share, lang),
        ),
    ]
    if cov.covered != cov.operating:
        lines.append(t["cov_mpp_vs_lg"].format(operating=cov.operating, covered=cov.covered))
    lines.append(
        t["cov_denominator"].format(
            denominator=integer(cov.local_governments, lang),
            autonomous=integer(cov.autonomous_kab_kota, lang),
            running=", ".join(cov.provinces_running_units) or "-",
        )
    )
    lines.append(t["cov_catalog_note"])
    return lines


def milestones(report: Report, lang: Lang) -> Table:
    """The reported national counts, each with its share of the 509 and its source."""
    t = words(lang)
    header = (
        t["h_date"],
        t["h_mpps"],
        t["h_share_of"].format(denominator=integer(report.coverage.local_governments, lang)),
        t["h_reported"],
        t["h_verified"],
        t["h_note"],
        t["h_source"],
    )
    rows = tuple(
        (
            row.date,
            integer(row.mpps, lang),
            percent(row.share_of_local_governments, lang),
            "-"
            if row.reported_share_percent is None
            else decimal(row.reported_share_percent, lang, 0)
            + "%"
            + (f" / {integer(row.reported_denominator, lang)}" if row.reported_denominator else ""),
            t["yes"] if row.verified else t["not_verified"],
            ((row.note_id or row.note) if lang is Lang.ID else row.note) or "-",
            row.source,
        )
        for row in report.milestones
    )
    return Table(header, rows, (False, True, True, True, False, False, False))


def provinces(report: Report, lang: Lang) -> Table:
    """Per province: kab/kota, local governments, MPPs operating and planned, coverage."""
    t = words(lang)
    header = (
        t["h_code"],
        t["h_province"],
        t["h_kab_kota"],
        t["h_local_governments"],
        t["h_operating"],
        t["h_planned"],
        t["h_covered"],
        t["h_coverage"],
    )
    rows = tuple(
        (
            row.code,
            row.name,
            integer(row.kab_kota, lang),
            integer(row.local_governments, lang),
            integer(row.operating, lang),
            integer(row.planned, lang),
            integer(row.covered, lang),
            percent(row.share, lang),
        )
        for row in report.provinces
    )
    return Table(header, rows, (False, False, True, True, True, True, True, True))


def status(row: MppRow, lang: Lang) -> str:
    """The MPP's status in words."""
    t = words(lang)
    return t.get(f"status_{row.status}", t["status_unknown"]) if row.status else t["status_unknown"]


def digital(row: MppRow, lang: Lang) -> str:
    """MPP Digital: on with its service types, off, or not recorded."""
    t = words(lang)
    if row.digital_enabled is True:
        return (
            t["digital_on"].format(services=", ".join(row.digital_services))
            if row.digital_services
            else t["digital_on_empty"]
        )
    return t["digital_off"] if row.digital_enabled is False else t["digital_unknown"]


def joined_codes(codes: Sequence[str]) -> str:
    """`ADM-01/02/05, PRZ-01` for ADM-01, ADM-02, ADM-05, PRZ-01: a run of codes with the same prefix says it
    once, so a national table's MPP Digital column stays one line; any other code as it is."""
    runs: list[tuple[str, list[str]]] = []
    for code in codes:
        prefix, dash, number = code.rpartition("-")
        if dash and prefix and number and runs and runs[-1][0] == prefix:
            runs[-1][1].append(number)
        elif dash and prefix and number:
            runs.append((prefix, [number]))
        else:
            runs.append(("", [code]))
    return ", ".join(f"{prefix}-{'/'.join(numbers)}" if prefix else numbers[0] for prefix, numbers in runs)


def digital_short(row: MppRow, lang: Lang) -> str:
    """:func:`digital` in a table column headed MPP Digital: the service types' codes alone, joined
    (:func:`joined_codes`), when it is on with some; on, off or not recorded otherwise."""
    if row.digital_enabled is True and row.digital_services:
        return joined_codes(row.digital_services)
    return digital(row, lang)


def staff(row: MppRow, lang: Lang) -> str:
    """`31/33` posted of planned, or a dash when no counter records staff or one cannot be read."""
    if row.staff_required is None or row.staff_assigned is None or not (row.staff_required or row.staff_assigned):
        return "-"
    return f"{integer(row.staff_assigned, lang)}/{integer(row.staff_required, lang)}"


def region(row: MppRow) -> str:
    """`32.09 Kabupaten Cirebon`, or the bare code when it is not in the Kemendagri list."""
    return f"{row.region} {row.region_name}" if row.region_name else row.region or "-"


def mpps(report: Report, lang: Lang) -> Table:
    """Per MPP: where, status, services, counters, staff, visitors, MPP Digital."""
    t = words(lang)
    header = (
        t["h_mpp"],
        t["h_name"],
        t["h_region"],
        *figure_header(lang),
        t["h_digital"],
    )
    rows = tuple((row.id, row.name, region(row), *figure_cells(row, lang), digital(row, lang)) for row in report.mpps)
    numeric = (False, False, False, False, *([True] * 9), False)
    return Table(header, rows, numeric)


def figure_header(lang: Lang) -> tuple[str, ...]:
    """The headers of an MPP's figures, as both MPP tables show them (status to visitors per open day)."""
    t = words(lang)
    keys = ("status", "services", "types", "counters", "empty", "part_time", "staff", "gap", "visitors")
    return (*(t[f"h_{key}"] for key in keys), t["h_visitors_open"])


def figure_cells(row: MppRow, lang: Lang) -> tuple[str, ...]:
    """An MPP's figures under :func:`figure_header`, each number as ``lang`` writes it."""
    return (
        status(row, lang),
        integer(row.services, lang),
        integer(row.service_types, lang),
        integer(row.counters, lang),
        integer(row.counters_empty, lang),
        integer(row.counters_part_time, lang),
        staff(row, lang),
        integer(row.staff_gap, lang),
        decimal(row.visitors_per_day, lang),
        decimal(row.visitors_per_open_day, lang),
    )


def category_labels(lang: Lang) -> dict[str, str]:
    """Each agency category's label, in the catalog's category order."""
    t = words(lang)
    return {category: t[f"cat_{category}"] for category in CATEGORIES}


def agencies(report: Report, lang: Lang) -> Table:
    """Per MPP: agencies by category and in all."""
    t = words(lang)
    labels = category_labels(lang)
    header = (t["h_mpp"], *labels.values(), t["h_total"])
    rows = tuple(
        (row.id, *(integer(number, lang) for _, number in row.agencies), integer(row.agencies_total, lang))
        for row in report.mpps
    )
    return Table(header, rows, (False, *([True] * (len(labels) + 1))))


def staffing_order(report: Report) -> tuple[MppRow, ...]:
    """MPPs by staffing gap, worst first (then by id)."""
    return tuple(sorted(report.mpps, key=lambda row: (row.staff_gap is None, -(row.staff_gap or 0), row.id)))


def staffing(report: Report, lang: Lang) -> Table:
    """Per MPP, worst first: staff planned, posted and the gap."""
    t = words(lang)
    header = (t["h_mpp"], t["h_staff"], t["h_gap"])
    rows = tuple((row.id, staff(row, lang), integer(row.staff_gap, lang)) for row in staffing_order(report))
    return Table(header, rows, (False, True, True))


def findings(report: Report, lang: Lang) -> Table:
    """Per MPP: validation and audit findings by severity."""
    t = words(lang)
    severities = (t["h_errors"], t["h_warnings"], t["h_infos"])
    header = (
        t["h_mpp"],
        *(f"{t['h_validation']}: {word}" for word in severities),
        *(f"{t['h_audit']}: {word}" for word in severities),
    )
    rows = tuple(
        (
            row.id,
            *(integer(n, lang) for n in (row.validation_findings.error, row.validation_findings.warning)),
            integer(row.validation_findings.info, lang),
            *(integer(n, lang) for n in (row.audit_findings.error, row.audit_findings.warning)),
            integer(row.audit_findings.info, lang),
        )
        for row in report.mpps
    )
    return Table(header, rows, (False, *([True] * 6)))


LONG_NAME = "Mal Pelayanan Publik "
"""How most MPP names begin; the per-province tables write it MPP, as everyone does, to keep one line a row."""


def short_name(name: str) -> str:
    """`MPP Kabupaten Cirebon` for `Mal Pelayanan Publik Kabupaten Cirebon`; any other name as it is."""
    return "MPP " + name[len(LONG_NAME) :] if name.casefold().startswith(LONG_NAME.casefold()) else name


def name_and_region(row: MppRow) -> str:
    """`MPP Kabupaten Cirebon (32.09)`: the region's name is added only when the MPP's name does not already
    say it, so a national table spends one column, not two, on where an MPP is."""
    name = short_name(row.name)
    if not row.region:
        return name
    said = row.region_name is None or row.region_name.casefold() in row.name.casefold()
    return f"{name} ({row.region if said else region(row)})"


def severities(counts: SeverityCounts, lang: Lang) -> str:
    """`16/23/2`: errors, warnings and infos in one cell."""
    return "/".join(integer(number, lang) for number in (counts.error, counts.warning, counts.info))


def mpp_details(report: Report, lang: Lang) -> Table:
    """One row per MPP with everything the report knows of it: the MPP table, agencies by category and
    findings by severity side by side, grouped by province (:func:`by_province`), so print needs one table
    instead of three national ones, and a province's MPPs are read together."""
    t = words(lang)
    provinces = by_province(report)
    labels = category_labels(lang)
    figures = figure_header(lang)
    header = (
        t["h_mpp"],
        t["h_name_region"],
        *figures,
        *labels.values(),
        t["h_total"],
        t["h_validation"],
        t["h_audit"],
        t["h_digital"],
    )
    body = tuple(
        (
            row.id,
            name_and_region(row),
            *figure_cells(row, lang),
            *(integer(number, lang) for _, number in row.agencies),
            integer(row.agencies_total, lang),
            severities(row.validation_findings, lang),
            severities(row.audit_findings, lang),
            digital_short(row, lang),
        )
        for _, rows in provinces
        for row in rows
    )
    numeric = (False, False, False, *([True] * (len(figures) - 1)), *([True] * (len(labels) + 1)), True, True, False)
    groups = (
        ("", 2 + len(figures)),
        (t["h_agencies"], len(labels) + 1),
        (t["h_findings"], 2),
        ("", 1),
    )
    sections = tuple(
        (
            t["mpps_in_province"].format(
                province=province_heading(code, report, lang),
                count=integer(len(rows), lang),
                operating=integer(sum(row.status == "operating" for row in rows), lang),
            ),
            len(rows),
        )
        for code, rows in provinces
    )
    return Table(header, body, numeric, groups, turned=True, sections=sections)


def by_province(report: Report) -> tuple[tuple[str, tuple[MppRow, ...]], ...]:
    """The MPPs in scope by province code (MPPs of a province not in the list last), each province's by id."""
    grouped: dict[str, list[MppRow]] = {}
    for row in report.mpps:
        grouped.setdefault(row.province, []).append(row)
    known = {row.code for row in report.provinces}
    return tuple(
        (code, tuple(sorted(grouped[code], key=lambda row: row.id)))
        for code in sorted(grouped, key=lambda code: (code not in known, code))
    )


def province_heading(code: str, report: Report, lang: Lang) -> str:
    """`32 Jawa Barat`, or the code and "province not known"."""
    names = {row.code: row.name for row in report.provinces}
    return f"{code or '-'} {names.get(code, words(lang)['province_unknown'])}"


def operating_in_scope(report: Report) -> int:
    """How many operating MPPs the service-type shares are taken over."""
    return report.service_types[0].operating_mpps if report.service_types else 0


def service_types(report: Report, lang: Lang) -> Table:
    """Per national service type: how many operating MPPs offer it, and the share."""
    t = words(lang)
    labels = category_labels(lang)
    header = (t["h_code"], t["h_service_type"], t["h_category"], t["h_offered"], t["h_share"])
    rows = tuple(
        (
            row.code,
            row.name,
            labels.get(row.category, row.category),
            f"{integer(len(row.offered_by), lang)}/{integer(row.operating_mpps, lang)}",
            percent(row.share, lang, 0),
        )
        for row in report.service_types
    )
    return Table(header, rows, (False, False, False, True, True))


def source_line(source: Source) -> str:
    """`Publisher, "Title", date, url` as written in the catalog file."""
    parts = [source.publisher or "-", f'"{source.title}"' if source.title else "-"]
    parts.extend(value for value in (source.date, source.url) if value)
    return ", ".join(parts)


def source_entries(row: MppRow, lang: Lang) -> tuple[str, ...]:
    """An MPP's sources, one line each with what it supports after it; the reported periods' sources once
    each, counted: a national report lists 500 MPPs' sources, so each line must say something new."""
    t = words(lang)
    lines = [
        t["source_supports"].format(source=source_line(source), supports="; ".join(source.supports))
        if source.supports
        else source_line(source)
        for source in row.sources
    ]
    counted: dict[str, int] = {}
    for name in row.metric_sources:
        counted[name] = counted.get(name, 0) + 1
    if counted:
        named = (name if times == 1 else f"{name} ({integer(times, lang)}×)" for name, times in counted.items())
        label = t["metric_source"] if len(row.metric_sources) == 1 else t["metric_sources"]
        lines.append(f"{label}: {'; '.join(named)}")
    return tuple(lines)


def sources_by_province(report: Report, lang: Lang) -> tuple[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]], ...]:
    """(province heading, ((MPP id, source lines), ...)) in the order of :func:`by_province`."""
    return tuple(
        (province_heading(code, report, lang), tuple((row.id, source_entries(row, lang)) for row in rows))
        for code, rows in by_province(report)
    )


def reference_sources(report: Report, lang: Lang) -> list[tuple[str, str]]:
    """(what, citation) for each packaged reference list."""
    t: Mapping[str, str] = words(lang)
    return [(t.get(f"ref_{source.key}", source.key), source.citation) for source in report.reference_sources]


def timeline(report: Report, lang: Lang) -> Table:
    """The coverage timeline's data: each reported count with its share, then the catalog's own."""
    t = words(lang)
    denominator = report.coverage.local_governments
    header = (t["h_date"], t["h_mpps"], t["h_share_of"].format(denominator=integer(denominator, lang)))
    rows = [
        (
            row.date + ("" if row.verified else f" ({t['not_verified']})"),
            integer(row.mpps, lang),
            percent(row.share_of_local_governments, lang),
        )
        for row in report.milestones
    ]
    operating = report.coverage.operating
    share = operating / denominator if denominator else None
    which = t["catalog_point_partial"] if catalog_is_partial(report) else t["catalog_point"]
    rows.append((f"{report.as_of.isoformat()} ({which})", integer(operating, lang), percent(share, lang)))
    return Table(header, tuple(rows), (False, True, True))


PARTIAL_BELOW = 0.9
"""A catalog with fewer operating MPPs than this share of the latest national count covers part of the country."""


def catalog_is_partial(report: Report) -> bool:
    """Whether the catalog is a part of the country, not the national picture: then its count is never drawn
    on the national line (3 beside 305 reads as a collapse), only said beside it, labelled as a part."""
    national = [row.mpps for row in report.milestones]
    return bool(national) and report.coverage.operating < PARTIAL_BELOW * national[-1]


# --- queue-log evidence (--activity) ------------------------------------------------------------

SHOWN_IDS = 10
"""MPP ids a summary sentence names before it says how many more."""


def _listed(items: Sequence[str], lang: Lang, limit: int = SHOWN_IDS) -> str:
    shown = ", ".join(items[:limit])
    more = len(items) - limit
    return words(lang)["act_more"].format(shown=shown, count=integer(more, lang)) if more > 0 else shown


def _empty_days(row: MppRow) -> int:
    return row.activity.empty_counter_days if row.activity is not None else 0


def evidence_order(report: Report) -> tuple[MppRow, ...]:
    """MPPs in scope with queue-log evidence, most empty counter-days first (then by id)."""
    return tuple(
        sorted((row for row in report.mpps if row.activity is not None), key=lambda row: (-_empty_days(row), row.id))
    )


def emptiest(evidence: MppEvidence, count: int = 3) -> list[tuple[str, int]]:
    """The counters with most empty days, most first (then by id): (id, empty days)."""
    ranked = sorted(
        ((counter.id, len(counter.empty_days)) for counter in evidence.counters if counter.empty_days),
        key=lambda pair: (-pair[1], pair[0]),
    )
    return ranked[:count]


def _share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def activity_summary(report: Report, lang: Lang) -> list[str]:
    """The national summary of the queue logs, in sentences; empty without ``--activity``."""
    summary = report.activity
    if summary is None:
        return []
    t = words(lang)
    without = t["act_without"].format(ids=_listed(summary.without_logs, lang)) if summary.without_logs else ""
    lines = [
        t["act_mpps"].format(
            with_logs=integer(len(summary.with_logs), lang), mpps=integer(len(report.mpps), lang), without=without
        )
    ]
    logs = summary.logs
    outside = t["act_outside"].format(count=integer(logs.rows_outside, lang)) if logs.rows_outside else ""
    lines.append(
        t["act_rows"].format(
            files=integer(len(logs.files), lang),
            rows=integer(logs.rows, lang),
            used=integer(logs.rows_used, lang),
            left_out=integer(logs.rows_left_out, lang),
            outside=outside,
        )
    )
    if report.province is not None:
        lines.append(t["act_rows_note"])
    if not summary.with_logs:
        lines.append(t["act_none"])
        return lines
    lines.append(
        t["act_counter_days"].format(
            empty=integer(summary.empty_counter_days, lang),
            scheduled=integer(summary.scheduled_counter_days, lang),
            share=percent(summary.empty_share, lang),
        )
    )
    lines.append(t["act_closed"].format(count=integer(summary.closed_days, lang)))
    worst = [f"{row.id} {integer(_empty_days(row), lang)}" for row in evidence_order(report) if _empty_days(row)]
    if worst:
        lines.append(t["act_worst"].format(items=_listed(worst, lang, 5)))
    return lines


def activity_mpps(report: Report, lang: Lang) -> Table:
    """Per MPP with evidence, most empty counter-days first: period, served, counter-days, closed days."""
    t = words(lang)
    header = (
        t["h_mpp"],
        t["h_period"],
        t["h_served"],
        t["h_open_days"],
        t["h_served_open"],
        t["h_scheduled_cd"],
        t["h_empty_cd"],
        t["h_empty_share"],
        t["h_closed_days"],
        t["h_emptiest"],
    )
    rows = []
    for row in evidence_order(report):
        found = row.activity
        assert found is not None  # evidence_order keeps only MPPs with evidence
        period = f"{found.start} – {found.end}" if found.start is not None and found.end is not None else "-"
        scheduled, empty = found.scheduled_counter_days, found.empty_counter_days
        rows.append(
            (
                row.id,
                period,
                integer(found.served, lang),
                integer(found.open_days, lang),
                decimal(found.visitors_per_open_day, lang),
                integer(scheduled, lang),
                integer(empty, lang),
                percent(_share(empty, scheduled), lang),
                integer(len(found.closed_days), lang),
                ", ".join(f"{ident} {integer(days, lang)}" for ident, days in emptiest(found)) or "-",
            )
        )
    return Table(header, tuple(rows), (False, False, *([True] * 7), False))


def activity_line(row: MppRow, lang: Lang) -> str:
    """One MPP's evidence in a sentence: period, served, empty counter-days, closed days."""
    t = words(lang)
    found = row.activity
    if found is None:
        return ""
    if found.start is None or found.end is None:
        return t["act_mpp_unusable"].format(rows=integer(found.rows, lang))
    closed = [day.isoformat() for day in found.closed_days]
    return t["act_mpp_line"].format(
        start=found.start.isoformat(),
        end=found.end.isoformat(),
        served=integer(found.served, lang),
        open_days=integer(found.open_days, lang),
        empty=integer(found.empty_counter_days, lang),
        scheduled=integer(found.scheduled_counter_days, lang),
        share=percent(_share(found.empty_counter_days, found.scheduled_counter_days), lang),
        closed=integer(len(closed), lang),
        dates=f": {_listed(closed, lang, 5)}" if closed else "",
    )


def activity_counters(row: MppRow, lang: Lang) -> Table:
    """Per counter of one MPP, in catalog order: days scheduled, active and empty, served, utilisation, wait."""
    t = words(lang)
    header = (
        t["h_counter"],
        t["h_scheduled_days"],
        t["h_active_days"],
        t["h_empty_days"],
        t["h_empty_share"],
        t["h_served"],
        t["h_utilisation"],
        t["h_wait_p90"],
    )
    counters = row.activity.counters if row.activity is not None else ()
    rows = tuple(
        (
            counter.id,
            integer(counter.scheduled_days, lang),
            integer(counter.active_days, lang),
            integer(len(counter.empty_days), lang),
            percent(_share(len(counter.empty_days), counter.scheduled_days), lang),
            integer(counter.served, lang),
            percent(counter.utilisation, lang),
            decimal(counter.wait_p90_min, lang, 0),
        )
        for counter in counters
    )
    return Table(header, rows, (False, *([True] * 7)))


# --- the executive summary (the first page; `--summary` alone) ----------------------------------

BRIEF_RULES = 6
"""Rules named on the summary page; the rest are counted in one line (all are in the findings section)."""


def briefing_lines(report: Report, lang: Lang) -> list[tuple[str, str]]:
    """The summary's key figures as (label, sentence): coverage, MPPs, counters, staff, on paper, services."""
    brief = report.briefing
    if brief is None:
        return []
    t = words(lang)
    cov = report.coverage
    denominator = cov.local_governments
    latest = report.milestones[-1] if report.milestones else None
    lines = [
        (
            t["brief_coverage_label"],
            t["brief_coverage"].format(
                covered=integer(cov.covered, lang),
                denominator=integer(denominator, lang),
                share=percent(cov.share, lang),
                latest=integer(latest.mpps, lang) if latest else "-",
                date=latest.date if latest else "-",
                latest_share=percent(latest.mpps / denominator if latest and denominator else None, lang),
            ),
        ),
        (
            t["brief_mpps_label"],
            t["brief_mpps"].format(
                operating=integer(brief.operating, lang),
                planned=integer(brief.planned, lang),
                closed=integer(brief.closed, lang),
            ),
        ),
        (
            t["brief_counters_label"],
            t["brief_counters"].format(
                empty=integer(brief.counters_empty, lang),
                counters=integer(brief.counters, lang),
                part_time=integer(brief.counters_part_time, lang),
            ),
        ),
    ]
    if report.activity is not None:
        days = report.activity
        lines.append(
            (
                t["brief_days_label"],
                t["brief_days"].format(
                    empty=integer(days.empty_counter_days, lang),
                    scheduled=integer(days.scheduled_counter_days, lang),
                    share=percent(days.empty_share, lang),
                ),
            )
        )
    staff = t["brief_staff"].format(
        assigned=integer(brief.staff_assigned, lang),
        required=integer(brief.staff_required, lang),
        gap=integer(brief.staff_gap, lang),
    )
    if brief.staff_unknown:
        staff += t["brief_staff_unknown"].format(count=integer(brief.staff_unknown, lang))
    lines += [
        (t["brief_staff_label"], staff),
        (
            t["brief_paper_label"],
            t["brief_paper"].format(
                agencies=integer(brief.agencies_on_paper, lang), mpps=integer(brief.mpps_with_agencies_on_paper, lang)
            ),
        ),
        (
            t["brief_services_label"],
            t["brief_services"].format(
                unreachable=integer(brief.services_unreachable, lang), services=integer(brief.services, lang)
            ),
        ),
        (t["brief_low_label"], t["brief_low"].format(count=integer(len(brief.low_throughput), lang))),
    ]
    return lines


def briefing_fix(report: Report, lang: Lang) -> Table:
    """The operating MPPs with the most to fix, by the audit's score."""
    t = words(lang)
    rows = report.briefing.most_to_fix if report.briefing else ()
    return Table(
        (t["h_rank"], t["h_mpp"], t["h_to_fix"]),
        tuple((str(rank), row.name, integer(row.to_fix, lang)) for rank, row in enumerate(rows, 1)),
        (True, False, True),
    )


def briefing_provinces(report: Report, lang: Lang) -> Table:
    """The provinces with the most local governments not yet covered."""
    t = words(lang)
    rows = report.briefing.furthest if report.briefing else ()
    return Table(
        (t["h_province"], t["h_uncovered"], t["h_coverage"]),
        tuple(
            (
                row.name,
                f"{integer(row.local_governments - row.covered, lang)} / {integer(row.local_governments, lang)}",
                percent(row.share, lang),
            )
            for row in rows
        ),
        (False, True, True),
    )


def briefing_rules(report: Report, lang: Lang) -> tuple[Table, str]:
    """The rules found most, and a line counting the rest."""
    t = words(lang)
    rules = report.briefing.rules if report.briefing else ()
    shown, rest = rules[:BRIEF_RULES], rules[BRIEF_RULES:]
    table = Table(
        (t["h_rule"], t["h_severity"], t["h_findings"], t["h_mpps"]),
        tuple(
            (
                f"{rule.code} {rule.name}",
                t[f"sev_{rule.severity}"],
                integer(rule.findings, lang),
                integer(rule.mpps, lang),
            )
            for rule in shown
        ),
        (False, False, True, True),
    )
    more = (
        t["brief_rules_more"].format(
            count=integer(len(rest), lang), findings=integer(sum(rule.findings for rule in rest), lang)
        )
        if rest
        else ""
    )
    return table, more
