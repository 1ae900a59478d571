"""Queue logs against the catalog, start to end: find the logs, read them, judge them, locate every finding.

The one entry point the commands call (:func:`read_activity`); it returns data, never text.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mpptool.activity.calendar import YEARS
from mpptool.activity.evidence import EvidenceSettings, MppEvidence, evidence_for
from mpptool.activity.scan import (
    MAX_OFFSET_HOURS,
    TIMESTAMP,
    UNKNOWN_COLUMNS,
    BadRow,
    LogFacts,
    ScanOptions,
    UnknownId,
    scan,
)
from mpptool.activity.sources import find_logs
from mpptool.model import Finding, Rule, Severity
from mpptool.rules import registry
from mpptool.text.cells import cell_name
from mpptool.text.i18n import Text, listed, msg
from mpptool.text.safe import clip
from mpptool.text.words import day_word
from mpptool.vocab.schedule import MppSchedule

MAX_PER_CODE = 100
_DAY_NAMES = (
    msg("activity.monday", "Monday"),
    msg("activity.tuesday", "Tuesday"),
    msg("activity.wednesday", "Wednesday"),
    msg("activity.thursday", "Thursday"),
    msg("activity.friday", "Friday"),
    msg("activity.saturday", "Saturday"),
    msg("activity.sunday", "Sunday"),
)


@dataclass(frozen=True, slots=True)
class ActivityOptions:
    """What to read and how: the log paths, the column map, the period and the thresholds."""

    paths: tuple[str, ...]
    columns: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None
    single_mpp: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    closed_days: tuple[dt.date, ...] = ()
    memory_limit: str = "1GB"
    threads: int | None = None
    evidence: EvidenceSettings = field(default_factory=EvidenceSettings)
    max_per_code: int = MAX_PER_CODE


@dataclass(frozen=True, slots=True)
class ActivityResult:
    """The logs read, their row counts, each MPP's evidence and every finding (not yet through the policy)."""

    files: tuple[str, ...]
    skipped: tuple[str, ...]
    rows: int
    rows_used: int
    rows_outside: int
    rows_left_out: int
    evidence: Mapping[str, MppEvidence]
    findings: tuple[Finding, ...]
    closed: Mapping[dt.date, str]

    def summary_json(self) -> dict[str, object]:
        """The run's row counts, for the JSON ``activity`` summary."""
        return {
            "files": list(self.files),
            "rows": self.rows,
            "rows_used": self.rows_used,
            "rows_outside_period": self.rows_outside,
            "rows_left_out": self.rows_left_out,
        }


def read_activity(schedules: Sequence[MppSchedule], options: ActivityOptions) -> ActivityResult:
    """Read the logs of ``options`` and hold the catalog's ``schedules`` against them."""
    from mpptool.activity.calendar import closed_days

    found = find_logs(options.paths)
    dates = [day for day in (options.start, options.end) if day is not None]
    closed = closed_days(options.closed_days, dates)
    facts = scan(
        found.files,
        schedules,
        ScanOptions(
            options.columns,
            options.sheet,
            options.single_mpp,
            options.start,
            options.end,
            frozenset(closed),
            options.memory_limit,
            options.threads,
            options.max_per_code + 1,  # one more than listed: the closing finding stands at the first left out
        ),
    )
    rules = registry()
    by_id: dict[str, MppSchedule] = {}
    for schedule in schedules:
        by_id.setdefault(schedule.id, schedule)
    findings = _log_findings(facts, by_id, closed, rules, options.max_per_code)
    judged = evidence_for(schedules, facts, closed, options.evidence)
    for schedule, _, issues in judged.values():
        for code, issue in issues:
            line, column, end_line, end_column = schedule.place(issue.pointer)
            findings.append(
                Finding.said(
                    code,
                    rules[code].severity,
                    issue.message,
                    schedule.file,
                    line,
                    column,
                    pointer=issue.pointer,
                    mpp=schedule.id,
                    end_line=end_line,
                    end_column=end_column,
                )
            )
    findings.sort(key=Finding.sort_key)
    return ActivityResult(
        facts.files,
        found.skipped,
        facts.rows,
        facts.rows_used,
        facts.rows_outside,
        facts.rows_left_out,
        {ident: evidence for ident, (_, evidence, _) in judged.items()},
        tuple(findings),
        closed,
    )


def _where(row: BadRow | UnknownId, column: int | None, line: int) -> str | None:
    """A workbook's cell as Excel names it (``Sheet1!D12``; a whole row ``Sheet1!12:12``); None for other logs."""
    return None if row.sheet is None else cell_name(row.sheet, column, line)


def _log_findings(
    facts: LogFacts,
    schedules: Mapping[str, MppSchedule],
    closed: Mapping[dt.date, str],
    rules: Mapping[str, Rule],
    limit: int,
) -> list[Finding]:
    findings = []
    for problem in facts.file_problems:
        message: Text
        if problem.code == "L001" and isinstance(problem.reason, Text) and problem.reason.key == "L001.sheet-missing":
            message = msg("L001.choose-sheet", "{reason}: give one of them to --sheet", reason=problem.reason)
        elif problem.code == "L001" and problem.row > 1:
            message = msg(
                "L001.broke-at",
                "{reason}; the file is left out: fix row {row:d} (a field that holds the delimiter or a line break "
                "must be in double quotes, and every row needs the header's number of fields) and export it again",
                reason=problem.reason or problem.value or "",
                row=problem.row,
            )
        elif problem.code == "L001":
            message = msg(
                "L001.export-again",
                "{reason}; export it again as CSV (UTF-8), Parquet, JSON Lines or XLSX",
                reason=problem.reason or problem.value or "",
            )
        else:
            message = msg(
                "L002.missing",
                "missing column(s) {columns}: the file's {rows} row(s) are left out; rename the header, or "
                'map the export\'s own name in [tool.mpptool.activity.columns] (e.g. counter = "loket_id")',
                columns=problem.value or "",
                rows=facts.bad_counts.get((problem.file, "L002"), 0),
            )
        findings.append(
            _finding(
                rules,
                problem.code,
                message,
                problem.file,
                problem.row,
                1,
                f"/{problem.column_name}" if problem.column_name else "",
                whole_row=True,
                cell=_where(problem, None, problem.row),
            )
        )
    shown: dict[tuple[str, str], int] = {}
    left: dict[tuple[str, str], BadRow] = {}
    """The first row of each file and code not listed: the closing finding stands there."""
    for row in facts.bad:
        key = (row.file, row.code)
        if shown.get(key, 0) >= limit:
            left.setdefault(key, row)
            continue
        shown[key] = shown.get(key, 0) + 1
        message = _bad_message(row, schedules, closed)
        whole = row.column is None or (row.code == "L003" and row.column_name == "called_at")
        findings.append(
            _finding(
                rules,
                row.code,
                message,
                row.file,
                row.row,
                1 if whole else row.column or 1,
                "" if whole else f"/{row.column_name}",
                row.mpp,
                whole,
                _where(row, None if whole else row.column, row.row),
            )
        )
    for key, count in sorted(facts.bad_counts.items()):
        more = count - shown.get(key, 0)
        if key in left and more > 0:
            row = left[key]
            findings.append(
                _finding(
                    rules,
                    row.code,
                    msg(
                        "activity.more-rows",
                        "and {more} more row(s) of {file} left out for {code}, not listed one by one",
                        more=more,
                        file=row.file,
                        code=row.code,
                    ),
                    row.file,
                    row.row,
                    row.column or 1,
                    f"/{row.column_name}",
                    row.mpp,
                    cell=_where(row, row.column, row.row),
                )
            )
    findings += _unknown_findings(facts.unknown, schedules, rules, limit)
    return findings


def _unknown_findings(
    unknowns: Sequence[UnknownId], schedules: Mapping[str, MppSchedule], rules: Mapping[str, Rule], limit: int
) -> list[Finding]:
    """One finding per unknown id, at most ``limit`` per file and code (by first row), then one that counts the rest."""
    findings = []
    by_place: dict[tuple[str, str], list[UnknownId]] = {}
    for unknown in unknowns:
        by_place.setdefault((unknown.rows[0][0], unknown.code), []).append(unknown)
    listed_ids = []
    for (file, code), group in sorted(by_place.items()):
        group.sort(key=lambda unknown: unknown.rows[0][1])
        listed_ids += group[:limit]
        if len(group) > limit:
            over = group[limit]
            line = over.rows[0][1]
            findings.append(
                _finding(
                    rules,
                    code,
                    msg(
                        "activity.more-ids",
                        "and {more} more unknown id(s) first seen in {file} left out for {code} "
                        "({rows} row(s) in all the logs), not listed one by one",
                        more=len(group) - limit,
                        file=file,
                        code=code,
                        rows=sum(unknown.count for unknown in group[limit:]),
                    ),
                    file,
                    line,
                    over.column or 1,
                    "/" + UNKNOWN_COLUMNS[code],
                    over.mpp,
                    cell=_where(over, over.column, line),
                )
            )
    for unknown in listed_ids:
        file, line = unknown.rows[0]
        first: str | Text
        if all(where == file for where, _ in unknown.rows):
            numbers = ", ".join(str(number) for _, number in unknown.rows)
            if len(unknown.rows) == 1:
                first = msg("activity.first-row", "row {rows}", rows=numbers)
            else:
                first = msg("activity.first-rows", "rows {rows}", rows=numbers)
        else:
            first = ", ".join(f"{where}:{number}" for where, number in unknown.rows)
        message = msg(
            "activity.unknown-rows",
            "{unknown}: {count} row(s) left out, first at {first}",
            unknown=_unknown_message(unknown, schedules),
            count=unknown.count,
            first=first,
        )
        findings.append(
            _finding(
                rules,
                unknown.code,
                message,
                file,
                line,
                unknown.column or 1,
                "/" + UNKNOWN_COLUMNS[unknown.code],
                unknown.mpp,
                cell=_where(unknown, unknown.column, line),
            )
        )
    return findings


def _quoted(value: object) -> str:
    """A value from the log as a message quotes it: in quotes, clipped to 60 characters (a cell may hold megabytes)."""
    return repr(clip(value)) if isinstance(value, str) else repr(value)


def _finding(
    rules: Mapping[str, Rule],
    code: str,
    message: str | Text,
    file: str,
    line: int,
    column: int,
    pointer: str,
    mpp: str | None = None,
    whole_row: bool = False,
    cell: str | None = None,
) -> Finding:
    severity = rules[code].severity if code in rules else Severity.ERROR
    return Finding.said(
        code, severity, message, file, line, column, pointer=pointer, mpp=mpp, whole_row=whole_row, cell=cell
    )


def _unknown_message(unknown: UnknownId, schedules: Mapping[str, MppSchedule]) -> Text:
    if unknown.code == "L004":
        near = difflib.get_close_matches(unknown.value, list(schedules), n=3)
        hint = _did_you_mean(near) or msg("L004.add", "add the MPP to the catalog or correct the id")
        return msg("L004.unknown", "MPP id {id} is not in the catalog ({hint})", id=_quoted(unknown.value), hint=hint)
    schedule = schedules.get(unknown.mpp or "")
    if unknown.code == "L005":
        known = [c.id for c in schedule.counters] if schedule else []
        near = difflib.get_close_matches(unknown.value, known, n=3)
        hint = _did_you_mean(near) or msg("L005.map", "map the machine's counter numbers to `counters[].id`")
        return msg(
            "L005.unknown",
            "counter {id} is not a counter of MPP {mpp} ({hint})",
            id=_quoted(unknown.value),
            mpp=str(unknown.mpp),
            hint=hint,
        )
    known = sorted(schedule.services) if schedule else []
    near = difflib.get_close_matches(unknown.value, known, n=3)
    hint = _did_you_mean(near) or msg("L006.use", "use the catalog's `services[].id`")
    return msg(
        "L006.unknown",
        "service {id} is not a service of MPP {mpp} ({hint})",
        id=_quoted(unknown.value),
        mpp=str(unknown.mpp),
        hint=hint,
    )


def _did_you_mean(near: Sequence[str]) -> Text | None:
    """The catalog's closest ids to a wrong one, as a question; None when none is close."""
    return msg("activity.did-you-mean", "did you mean {ids}?", ids=", ".join(near)) if near else None


_MISSING = {
    "mpp": msg(
        "L003.no-mpp",
        "the row names no MPP (column mpp is blank); fill it in, or give --mpp when the file holds one MPP",
    ),
    "ticket": msg("L003.no-ticket", "the ticket number is blank; the row cannot be told from the others"),
    "called_at": msg("L003.no-time", "neither issued_at nor called_at is given: the ticket cannot be placed on a day"),
    "counter": msg(
        "L003.no-counter", "the ticket was called but the counter is blank; fill in the counter that called it"
    ),
}


def _implausible(row: BadRow) -> Text | None:
    """Why a timestamp written in the contract's form was still refused (L007), if it is one of the two reasons."""
    found = re.match(TIMESTAMP, row.value.strip(), re.ASCII) if isinstance(row.value, str) else None
    if found is None:
        return None
    zone = found.group(2) or ""
    digits = zone[1:].replace(":", "")
    hours, minutes = int(digits[:2] or 0), int(digits[2:4] or 0)
    if zone not in ("", "Z") and (hours * 60 + minutes > MAX_OFFSET_HOURS * 60 or minutes > 59):
        return msg(
            "L007.offset",
            "{column} {value} has the offset {offset}, which no clock uses (UTC offsets run to ±{hours:d}:00); "
            "write the MPP's local time, or an offset such as +07:00",
            column=row.column_name,
            value=_quoted(row.value),
            offset=zone,
            hours=MAX_OFFSET_HOURS,
        )
    year = int(found.group(1)[:4])
    if not YEARS[0] <= year <= YEARS[1]:
        return _years(row)
    if year in YEARS and zone:  # the offset moved a well-written time across the first or last year
        try:
            dt.datetime.fromisoformat(found.group(1).replace("T", " "))
        except ValueError:
            return None
        return _years(row)
    return None


def _years(row: BadRow) -> Text:
    return msg(
        "L007.years",
        "{column} {value} falls outside the years {first:d} to {last:d} in local time, so it cannot be a ticket's "
        "time; check the queue machine's clock and export the log again",
        column=row.column_name,
        value=_quoted(row.value),
        first=YEARS[0],
        last=YEARS[1],
    )


def _bad_message(row: BadRow, schedules: Mapping[str, MppSchedule], closed: Mapping[dt.date, str]) -> Text:
    """What is wrong with one bad row and what to do, in words a data officer can act on."""
    if row.code == "L003":
        return _MISSING.get(row.column_name) or msg("L003.blank", "{column} is blank", column=row.column_name)
    if row.code == "L007":
        implausible = _implausible(row)
        if implausible is not None:
            return implausible
        return msg(
            "L007.not-iso",
            "{column} {value} is not an ISO 8601 date and time; write YYYY-MM-DD HH:MM[:SS] "
            "(local time, or with an offset such as +07:00)",
            column=row.column_name,
            value=_quoted(row.value),
        )
    if row.code == "L008" and row.column_name == "finished_at":
        return msg(
            "L008.never-called",
            "finished_at is filled but called_at is blank: a ticket is served only after a counter calls it; "
            "fill in called_at, or clear finished_at if the ticket was never served",
        )
    if row.code == "L008":
        if (row.value or "").lower() not in ("served", "no_show", "cancelled"):  # quoted as written, judged in any case
            return msg(
                "L008.unknown",
                "status {status} is not served, no_show or cancelled; leave it blank to derive it from the times",
                status=_quoted(row.value),
            )
        return msg(
            "L008.contradicts",
            "status {status} does not match the times: served needs called_at and finished_at, no_show "
            "called_at without finished_at, cancelled no called_at",
            status=_quoted(row.value),
        )
    if row.code == "L010":
        return msg(
            "L010.repeated",
            "ticket {ticket} already appeared earlier that day at this MPP; remove the repeated row",
            ticket=_quoted(row.value),
        )
    issued, called, finished = (row.value or "||").split("|")
    if row.code == "L009":
        if finished and called and finished < called:
            return msg(
                "L009.finished-first",
                "finished_at {finished} is before called_at {called}; check the machine's clock or the export",
                finished=finished,
                called=called,
            )
        return msg(
            "L009.called-first",
            "called_at {called} is before issued_at {issued}; check the machine's clock or the export",
            called=called,
            issued=issued,
        )
    schedule = schedules.get(row.mpp or "")
    day = dt.date.fromisoformat(called[:10]) if called else None
    if row.code == "L011" and day is not None:
        why: Text
        if day in closed:
            why = msg(
                "L011.holiday",
                "{day} is a national holiday or collective leave day ({holiday})",
                day=day,
                holiday=closed[day],
            )
        elif schedule is not None and schedule.opened is not None and day < schedule.opened:
            why = msg("L011.not-yet-open", "the MPP opened on {opened}", opened=schedule.opened)
        else:
            why = msg(
                "L011.not-a-day",
                "{day} is a {weekday} and the MPP opens {days}",
                day=day,
                weekday=_DAY_NAMES[day.weekday()],
                days=listed([day_word(code) for code in schedule.days]) if schedule else "?",
            )
        return msg(
            "L011.closed-day",
            "called at {called} on a day MPP {mpp} does not open: {why}; check the date and the MPP id",
            called=called,
            mpp=str(row.mpp),
            why=why,
        )
    return msg(
        "L012.outside-hours",
        "called at {called}, outside the counter's hours (before opening, or more than two hours after "
        "closing); check the machine's clock and time zone",
        called=called,
    )
