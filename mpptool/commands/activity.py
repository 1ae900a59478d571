"""`mpptool activity check`: queue logs checked on their own, before they are used as evidence.

A data officer runs it on an export: every row that `audit --activity` would leave out is
reported at ``log:row:column`` (the L rules), in every format `validate` has, so the export can
be fixed where it was made. The catalog is read only for what a log must match (MPP, counter
and service ids, opening days and hours, time zones); what the log proves about the catalog
(the V rules) is the audit's business.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from mpptool.commands.audit import LogRequest, activity_options, check_known
from mpptool.commands.validate import ValidationResult, ci_root
from mpptool.engine.catalog import check_catalog
from mpptool.engine.checker import MAX_FINDINGS_PER_CODE, FileChecker
from mpptool.engine.policy import Selection, make_policy
from mpptool.engine.settings import configuration
from mpptool.model import AuditSettings, Severity
from mpptool.rules import activity_log, registry
from mpptool.text.i18n import Text, msg


@dataclass(frozen=True, slots=True)
class CheckOptions:
    """Everything `mpptool activity check` was asked to do, as plain values."""

    logs: LogRequest
    catalog: tuple[str, ...]
    selection: Selection = field(default_factory=Selection)
    config_file: str | None = None
    isolated: bool = False
    only: tuple[str, ...] = ()
    strict: bool = False
    exit_zero: bool = False
    relative_to_repository: bool = False


@dataclass(frozen=True, slots=True)
class CheckRun:
    """A finished check of the logs, the files it read besides them, and its exit status."""

    result: ValidationResult
    read: tuple[str, ...] = ()
    exit_zero: bool = False

    @property
    def exit_status(self) -> int:
        """1 when a bad row fails the run (an error; a warning too with ``--strict``), unless ``--exit-zero``."""
        return 1 if self.result.failed() and not self.exit_zero else 0


def run_check(options: CheckOptions, today: dt.date) -> CheckRun:
    """Read the catalog's schedules, then the logs; report every bad row through the project's policy."""
    from mpptool.activity.run import read_activity

    config = configuration(options.catalog, options.config_file, options.isolated)
    limit = config.max_findings_per_code or MAX_FINDINGS_PER_CODE
    rules = {rule.code: rule for rule in activity_log.RULES}
    checker = FileChecker(registry(), settings=AuditSettings(as_of=today, schedules=True), max_per_code=limit)
    outcomes, _, found = check_catalog(options.catalog, checker, jobs=None)
    schedules = [outcome.schedule for outcome in outcomes if outcome.schedule is not None]
    unread = [outcome.display for outcome in outcomes if outcome.schedule is None]
    if not unread:  # an MPP whose file cannot be read is not absent: the note below names that file
        check_known(options.only, [schedule.id for schedule in schedules])
    read = read_activity(schedules, activity_options(options.logs, config.activity, options.only, limit))
    logs = set(read.files)
    policy = make_policy(config, rules, options.selection)
    findings = [f for f in read.findings if f.file in logs and f.code in rules]
    if options.only:
        findings = [f for f in findings if f.mpp is None or f.mpp in options.only]
    applied = policy.apply(findings, {})
    notes: list[str | Text] = [
        *found.texts(),
        *(
            msg("notes.log-not-read", "{path}: not a log file kind mpptool reads; passed over", path=path)
            for path in read.skipped
        ),
    ]
    if unread:
        shown = ", ".join(unread[:3]) + (" …" if len(unread) > 3 else "")
        notes.append(
            msg(
                "notes.catalog-unread",
                "{count:d} catalog file(s) could not be read as an MPP ({files}): rows naming them are reported "
                "as unknown; run `mpptool validate`",
                count=len(unread),
                files=shown,
            )
        )
    notes.append(
        msg(
            "notes.log-rows",
            "{rows} log row(s) read, {used} usable, {left_out} left out",
            rows=read.rows,
            used=read.rows_used,
            left_out=read.rows_left_out,
        )
    )
    result = ValidationResult(
        tuple(sorted(applied.findings, key=lambda f: (f.file, f.line, f.column, f.code, f.message))),
        tuple(sorted(read.files)),
        fail_at=Severity.WARNING if options.strict else Severity.ERROR,
        root=ci_root() if options.relative_to_repository else None,
        notes=tuple(notes),
        command="activity check",
    )
    return CheckRun(result, (config.source,) if config.source else (), options.exit_zero)
