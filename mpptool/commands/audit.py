"""The audit: validation, the audit rules and each MPP's figures, from one pass over the files.

Pure apart from reading files. The engine is the validation engine with the audit rules
switched on, so `audit` and `validate` share one registry and one pipeline; this module
only groups the results by MPP, worst first, and sets each MPP against the others.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mpptool.engine.cache import OutcomeCache, audit_cache_file, run_key
from mpptool.engine.catalog import Cache, Progress, check_catalog, file_notes
from mpptool.engine.checker import MAX_FINDINGS_PER_CODE, FileChecker
from mpptool.engine.config import ActivitySettings, Config
from mpptool.engine.policy import Policy, Selection, make_policy
from mpptool.engine.settings import audit_settings, configuration, open_cache, save_cache
from mpptool.errors import UsageError
from mpptool.model import AuditSettings, Finding, Severity, count_severity, worst_severity
from mpptool.rules import audit_rules
from mpptool.text.i18n import Text, msg
from mpptool.vocab.access import iso_date
from mpptool.vocab.figures import MppFigures, Standing, peer_standings

if TYPE_CHECKING:  # the activity layer (and DuckDB) is imported only when queue logs are read
    from mpptool.activity.evidence import MppEvidence
    from mpptool.activity.run import ActivityOptions, ActivityResult
    from mpptool.commands.validate import ValidationResult


def worst_first(finding: Finding) -> tuple[int, str, int, int, str, str, str]:
    """Sort key: errors before warnings before infos, then by place in the file."""
    return (-finding.severity.rank, *finding.sort_key())


SCORE_WEIGHTS = (
    ("empty counter", 5),
    ("agency on paper", 5),
    ("part-time counter", 2),
    ("staff member short of plan", 1),
    ("closed or planned counter that leaves a counter service unreachable", 1),
    ("throughput under the low-throughput threshold in a reported period", 3),
    ("throughput under the peer share of the other MPPs' median", 1),
    ("counter the queue log shows empty on days the catalog says it is staffed (V001, with --activity)", 2),
    ("MPP with scheduled days on which no counter called a ticket (V003, with --activity)", 1),
)
"""What the audit's "to fix" score counts, with its weight (README, "Worst first")."""


def fix_score(
    figures: MppFigures, standing: Standing | None, settings: AuditSettings, findings: Sequence[Finding] = ()
) -> int:
    """How much an operating MPP has to fix, by what the audit is about: what citizens meet.

    An empty counter or an agency on paper weighs most; a closed counter weighs little even
    when many services sit behind it (one decision, one fix), so raw error counts, which grow
    with the services listed, do not decide the order. With queue logs, what the log proves
    (``findings``: V001, V003, as the policy kept them) counts too. Planned and closed MPPs score 0.
    """
    if figures.status in ("planned", "closed"):
        return 0
    low = any(p.per_open_day is not None and p.per_open_day < settings.low_per_open_day for p in figures.periods)
    rate = figures.visitors_per_open_day
    below = standing is not None and rate is not None and rate < settings.peer_share * standing.peer_median
    parts = (
        figures.counters_empty,
        len(figures.on_paper),
        figures.counters_part_time,
        figures.staff_gap or 0,
        figures.counters_stranding,
        int(low),
        int(below),
        sum(1 for finding in findings if finding.code == "V001"),
        int(any(finding.code == "V003" for finding in findings)),
    )
    return sum(count * weight for count, (_, weight) in zip(parts, SCORE_WEIGHTS, strict=True))


@dataclass(frozen=True, slots=True)
class MppAudit:
    """One MPP: its figures, its standing among the MPPs with visitor figures, its findings."""

    figures: MppFigures
    standing: Standing | None
    findings: tuple[Finding, ...]
    score: int = 0
    """How much it has to fix (:func:`fix_score`): the overview's order, worst first."""
    activity: MppEvidence | None = None
    """What its queue log proves, when logs were read and name it."""

    def count(self, severity: Severity) -> int:
        """How many of this MPP's findings have ``severity``."""
        return count_severity(self.findings, severity)


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Everything `audit` found; formatters render this.

    ``findings`` holds every finding, worst first; those of files that are not a readable MPP
    (no figures) appear there and in ``unattached`` only.
    """

    settings: AuditSettings
    mpps: tuple[MppAudit, ...]
    findings: tuple[Finding, ...]
    unattached: tuple[Finding, ...]
    files: tuple[str, ...]
    notes: tuple[str | Text, ...] = ()
    """What the user should hear about the run itself (files passed over), on stderr."""
    activity: ActivityResult | None = None
    """The queue logs read (``--activity``): files, row counts, evidence; None without logs."""
    fail_at: Severity | None = None
    """``--fail-on``: the least severe finding that fails the run (CI formats mark those as failures)."""
    root: str | None = None
    """The folder CI formats name files relative to (the repository root); None: as given."""
    excerpts: Mapping[tuple[str, int], str] = field(default_factory=dict)
    """``--show-source``: the text of each (file, line) a finding points at, where it could be read."""

    def count(self, severity: Severity) -> int:
        """How many findings have ``severity``."""
        return count_severity(self.findings, severity)

    def worst(self) -> Severity | None:
        """The most severe finding's severity, or None when clean."""
        return worst_severity(self.findings)

    def as_checked(self) -> ValidationResult:
        """The findings alone, in file order, as the CI formats of `validate` render them."""
        from mpptool.commands.validate import ValidationResult

        ordered = tuple(sorted(self.findings, key=Finding.sort_key))
        return ValidationResult(
            ordered, self.files, fail_at=self.fail_at, root=self.root, command="audit", excerpts=self.excerpts
        )


def parse_as_of(value: str | None, today: dt.date) -> dt.date:
    """``--as-of``: a YYYY-MM-DD date, or ``today`` when not given."""
    if value is None:
        return today
    date = iso_date(value)
    if date is None:
        raise UsageError(
            msg("errors.as-of-not-date", "--as-of: {value} is not a date; write it as YYYY-MM-DD", value=repr(value)),
            "E005",
        )
    if not EARLIEST <= date <= LATEST:
        raise UsageError(
            msg(
                "errors.as-of-range",
                "--as-of: {value} is outside {earliest} to {latest}: give the date the audit or report is for",
                value=repr(value),
                earliest=EARLIEST,
                latest=LATEST,
            ),
            "E005",
        )
    return date


EARLIEST = dt.date(1900, 1, 1)
LATEST = dt.date(2999, 12, 31)
"""The dates ``--as-of`` takes: wide enough for any report, far from the calendar's end, where
date arithmetic (a year after, a window ahead) would overflow."""


def audit_paths(
    paths: Sequence[str],
    settings: AuditSettings,
    jobs: int | None = None,
    progress: Progress | None = None,
    only: Sequence[str] = (),
    policy: Policy | None = None,
    max_per_code: int = MAX_FINDINGS_PER_CODE,
    activity: ActivityOptions | None = None,
    cache: Cache | None = None,
) -> AuditResult:
    """Audit every MPP file under ``paths``; ``only`` narrows the result to those MPP ids.

    Every MPP is still read and compared, so an MPP's standing among its peers does not
    change when the report is narrowed. ``policy`` selects, re-grades and silences findings
    as for `validate` (the project's configuration and inline suppressions). ``cache``: outcomes
    of unchanged files, findings, figures and schedules alike (:func:`audit_setup` keys it).
    """
    if activity is not None:
        settings = dataclasses.replace(settings, schedules=True)
    checker = FileChecker(audit_rules(activity is not None), settings=settings, max_per_code=max_per_code)
    outcomes, raw, found = check_catalog(paths, checker, jobs, progress, cache)
    notes: tuple[str | Text, ...] = found.texts()
    evidence = None
    if activity is not None:
        from mpptool.activity.run import read_activity

        schedules = [outcome.schedule for outcome in outcomes if outcome.schedule is not None]
        evidence = read_activity(schedules, activity)
        raw = sorted([*raw, *evidence.findings], key=Finding.sort_key)
        notes = (
            *notes,
            *(
                msg("notes.log-not-read", "{path}: not a log file kind mpptool reads; passed over", path=path)
                for path in evidence.skipped
            ),
        )
    chosen = policy if policy is not None else make_policy(Config(), checker.rules)
    findings = list(chosen.apply(raw, file_notes(outcomes)).findings)
    figures = [outcome.figures for outcome in outcomes if outcome.figures is not None]
    standings = peer_standings(figures)
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    mpps = [
        MppAudit(
            mpp,
            standing,
            tuple(sorted(by_file.get(mpp.file, ()), key=worst_first)),
            fix_score(mpp, standing, settings, by_file.get(mpp.file, ())),
            evidence.evidence.get(mpp.id) if evidence is not None else None,
        )
        for mpp, standing in zip(figures, standings, strict=True)
    ]
    audited_files = {mpp.file for mpp in figures}
    logs = set(evidence.files) if evidence is not None else set()
    unattached = [finding for finding in findings if finding.file not in audited_files and finding.file not in logs]
    files = sorted({outcome.display for outcome in outcomes})
    if only:
        check_known(only, [mpp.id for mpp in figures])
        mpps = [mpp for mpp in mpps if mpp.figures.id in only]
        kept = {mpp.figures.file for mpp in mpps}
        findings = [
            finding
            for finding in findings
            if finding.file in kept or (finding.file in logs and (finding.mpp is None or finding.mpp in only))
        ]
        unattached, files = [], sorted(kept)
    mpps.sort(key=lambda mpp: (mpp.figures.id, mpp.figures.file))
    return AuditResult(
        settings,
        tuple(mpps),
        tuple(sorted(findings, key=worst_first)),
        tuple(sorted(unattached, key=worst_first)),
        tuple(files),
        notes,
        evidence,
    )


def check_known(wanted: Sequence[str], known: Sequence[str]) -> None:
    """E004 for an id given with ``--mpp`` that the catalog lacks: a typo must not pass as "nothing wrong"."""
    for ident in wanted:
        if ident not in known:
            near = difflib.get_close_matches(ident, known, n=3)
            hint = (
                msg("errors.did-you-mean", "did you mean {ids}?", ids=", ".join(near))
                if near
                else msg("errors.catalog-has", "the catalog has {count:d} MPPs; see `mpp.id`", count=len(known))
            )
            raise UsageError(
                msg(
                    "errors.no-such-mpp", "--mpp: no MPP with id {id} in the catalog: {hint}", id=repr(ident), hint=hint
                ),
                "E004",
            )


@dataclass(frozen=True, slots=True)
class AuditSetup:
    """Settings and policy of an `audit` or `report` run, and the configuration file it read."""

    settings: AuditSettings
    policy: Policy
    read: tuple[str, ...] = ()
    """The configuration file, if one was read: an output never replaces it."""
    max_per_code: int = MAX_FINDINGS_PER_CODE
    activity: ActivitySettings = field(default_factory=ActivitySettings)
    """How the project's queue logs are read (``[tool.mpptool.activity]``)."""
    cache: OutcomeCache | None = None
    """Outcomes of unchanged files; None with ``--no-cache`` (or when the project's folder for it leads outside)."""
    notes: tuple[Text, ...] = ()
    """Why the cache is not used, when it is not."""

    def finish(self, notes: Sequence[str | Text]) -> tuple[str | Text, ...]:
        """Write the cache; the run's notes with what the user should hear about the cache."""
        return (*self.notes, *notes, *save_cache(self.cache))

    @property
    def files(self) -> tuple[str, ...]:
        """What the run read besides the catalog (configuration, cache): an output never replaces them."""
        return (*self.read, *((self.cache.path,) if self.cache is not None else ()))


def audit_setup(
    paths: Sequence[str],
    config_file: str | None,
    isolated: bool,
    as_of: dt.date,
    given: Mapping[str, int | float | None],
    selection: Selection,
    activity: bool = False,
    cache: bool = False,
    cache_dir: str | None = None,
) -> AuditSetup:
    """Settings and policy of an `audit` or `report` run: the configuration refined by the command line.

    The activity rules are run (and their suppressions judged) only when queue logs are read.
    ``cache``: open the project's cache (``cache_dir``, as for `validate`), keyed by the rules
    that run and the settings (date, thresholds) the figures and findings depend on.
    """
    config = configuration(paths, config_file, isolated)
    read = (config.source,) if config.source else ()
    limit = config.max_findings_per_code or MAX_FINDINGS_PER_CODE
    rules = audit_rules(activity)
    policy = make_policy(config, rules, selection)
    settings = audit_settings(config, as_of, given)
    if not cache:
        return AuditSetup(settings, policy, read, limit, config.activity)
    key = run_key(rules, limit, dataclasses.replace(settings, schedules=activity))
    opened, refused = open_cache(cache_dir, config, key, audit_cache_file(activity))
    return AuditSetup(settings, policy, read, limit, config.activity, opened, tuple(refused))


@dataclass(frozen=True, slots=True)
class LogRequest:
    """``--activity`` and its companions on the command line, as given."""

    paths: tuple[str, ...]
    start: str | None = None
    end: str | None = None
    sheet: str | None = None
    memory_limit: str | None = None


def activity_options(
    request: LogRequest, project: ActivitySettings, only: Sequence[str], max_per_code: int
) -> ActivityOptions:
    """The reading of queue logs the command line and the project's configuration ask for."""
    from mpptool.activity.evidence import EvidenceSettings
    from mpptool.activity.run import ActivityOptions
    from mpptool.engine.config import memory_size

    if request.memory_limit is not None and not memory_size(request.memory_limit):
        raise UsageError(
            msg(
                "errors.memory-limit",
                "--memory-limit: {value} is not a size; write it as 1GB, 512MB or 1.5GiB",
                value=repr(request.memory_limit),
            ),
            "E002",
        )
    start = _log_date("--from", request.start)
    end = _log_date("--to", request.end)
    if start is not None and end is not None and start > end:
        raise UsageError(
            msg(
                "errors.from-after-to",
                "--from {start} is after --to {end}; give the period's first day first",
                start=start,
                end=end,
            ),
            "E005",
        )
    defaults = EvidenceSettings()
    return ActivityOptions(
        request.paths,
        dict(project.columns),
        request.sheet,
        only[0] if len(only) == 1 else None,
        start,
        end,
        tuple(dt.date.fromisoformat(day) for day in project.closed_days),
        request.memory_limit or project.memory_limit or "1GB",
        project.threads,
        EvidenceSettings(
            project.wait_p90_minutes or defaults.wait_p90_minutes,
            defaults.visitors_tolerance if project.visitors_tolerance is None else project.visitors_tolerance,
            start,
            end,
        ),
        max_per_code,
    )


def _log_date(option: str, value: str | None) -> dt.date | None:
    if value is None:
        return None
    date = iso_date(value)
    if date is None or not EARLIEST <= date <= LATEST:
        raise UsageError(
            msg(
                "errors.not-a-date",
                "{option}: {value} is not a date; write it as YYYY-MM-DD",
                option=option,
                value=repr(value),
            ),
            "E005",
        )
    return date


@dataclass(frozen=True, slots=True)
class AuditOptions:
    """Everything `mpptool audit` was asked to do, as plain values."""

    paths: tuple[str, ...]
    selection: Selection = field(default_factory=Selection)
    config_file: str | None = None
    isolated: bool = False
    as_of: str | None = None
    thresholds: Mapping[str, int | float | None] = field(default_factory=dict)
    """``expiring_within``, ``benchmark``, ``low_throughput``, ``peer_share`` from the command line."""
    only: tuple[str, ...] = ()
    fail_on: Severity | None = None
    """The least severe finding that makes the audit exit 1; None: never (a report, not a gate)."""
    jobs: int | None = None
    logs: LogRequest | None = None
    """Queue logs to hold the catalog against (``--activity``); None: the catalog alone."""
    relative_to_repository: bool = False
    """Name files relative to the repository root (the CI formats: github, sarif, junit)."""
    show_source: bool = False
    """Read the line each finding points at, for the text format to show under it."""
    cache: bool = True
    cache_dir: str | None = None


@dataclass(frozen=True, slots=True)
class AuditRun:
    """A finished audit, the files it read besides the catalog, and its exit status."""

    result: AuditResult
    read: tuple[str, ...]
    fail_on: Severity | None = None

    @property
    def exit_status(self) -> int:
        """1 when a finding is at least as severe as ``--fail-on``, else 0."""
        worst = self.result.worst()
        return 1 if self.fail_on is not None and worst is not None and worst.rank >= self.fail_on.rank else 0


def run_audit(options: AuditOptions, today: dt.date, progress: Progress | None = None) -> AuditRun:
    """Configuration and thresholds, then the engine with the audit rules; no output."""
    share = options.thresholds.get("peer_share")
    if share is not None and not math.isfinite(share):
        raise UsageError(
            msg(
                "errors.peer-share", "--peer-share: {share} is not a share; give a number from 0 to 1", share=str(share)
            ),
            "E002",
        )
    when = parse_as_of(options.as_of, today)
    setup = audit_setup(
        options.paths,
        options.config_file,
        options.isolated,
        when,
        options.thresholds,
        options.selection,
        options.logs is not None,
        options.cache,
        options.cache_dir,
    )
    logs = None
    if options.logs is not None:
        logs = activity_options(options.logs, setup.activity, options.only, setup.max_per_code)
    result = audit_paths(
        options.paths,
        setup.settings,
        options.jobs,
        progress,
        options.only,
        setup.policy,
        setup.max_per_code,
        logs,
        setup.cache,
    )
    result = dataclasses.replace(result, notes=setup.finish(result.notes))
    root = None
    if options.relative_to_repository:
        from mpptool.commands.validate import ci_root

        root = ci_root()
    result = dataclasses.replace(result, fail_at=options.fail_on, root=root)
    if options.show_source:
        from mpptool.commands.validate import excerpts_of

        result = dataclasses.replace(result, excerpts=excerpts_of(result.findings))
    return AuditRun(result, setup.files, options.fail_on)
