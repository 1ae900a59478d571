"""The catalog held against its queue log: each MPP's and counter's evidence, and what contradicts the catalog.

Pure: from the catalog's schedules and the log's facts (:mod:`mpptool.activity.scan`) to
frozen figures and located issues. The definitions are ``activity-format.md``'s; where it
is silent the choice is written here and in the README ("Activity evidence").
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from typing import Any

from mpptool.activity.scan import LogFacts, MppFacts
from mpptool.model import Issue
from mpptool.text.i18n import Text, join, listed, msg
from mpptool.vocab.schedule import CounterSchedule, MppSchedule
from mpptool.vocab.state import WEEK

DAY_NAMES = dict(
    zip(
        WEEK,
        (
            msg("evidence.mondays", "Mondays"),
            msg("evidence.tuesdays", "Tuesdays"),
            msg("evidence.wednesdays", "Wednesdays"),
            msg("evidence.thursdays", "Thursdays"),
            msg("evidence.fridays", "Fridays"),
            msg("evidence.saturdays", "Saturdays"),
            msg("evidence.sundays", "Sundays"),
        ),
        strict=True,
    )
)
SHOWN_DATES = 5
"""Dates a finding names before it says how many more."""


@dataclass(frozen=True, slots=True)
class EvidenceSettings:
    """Thresholds of the evidence findings (``[tool.mpptool.activity]``, README)."""

    wait_p90_minutes: float = 60.0
    visitors_tolerance: float = 0.10
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class CounterEvidence:
    """One counter in the log period (``activity-format.md``, JSON ``counters``)."""

    id: str
    scheduled_days: int
    active_days: int
    empty_days: tuple[dt.date, ...]
    served: int
    utilisation: float | None
    wait_p90_min: float | None

    def as_json(self) -> dict[str, Any]:
        """The counter as the contract's JSON fixes it."""
        return {
            "id": self.id,
            "scheduled_days": self.scheduled_days,
            "active_days": self.active_days,
            "empty_days": [day.isoformat() for day in self.empty_days],
            "served": self.served,
            "utilisation": _round(self.utilisation),
            "wait_p90_min": _round(self.wait_p90_min),
        }


@dataclass(frozen=True, slots=True)
class MppEvidence:
    """One MPP's evidence from its log (``activity-format.md``, JSON ``activity``)."""

    id: str
    start: dt.date | None
    end: dt.date | None
    rows: int
    rows_used: int
    served: int
    no_show: int
    cancelled: int
    open_days: int
    closed_days: tuple[dt.date, ...]
    visitors_per_open_day: float | None
    wait_p50_min: float | None
    wait_p90_min: float | None
    service_p50_min: float | None
    counters: tuple[CounterEvidence, ...]
    weeks: tuple[dt.date, ...] = ()
    """Mondays of the weeks of the period, for the report's counters-by-weeks chart."""
    weekly: Mapping[str, tuple[float | None, ...]] | None = None
    """Per counter, per week: share of its scheduled days it was active (None: none scheduled)."""

    @property
    def empty_counter_days(self) -> int:
        """Counter-days empty by evidence, over every counter."""
        return sum(len(counter.empty_days) for counter in self.counters)

    @property
    def scheduled_counter_days(self) -> int:
        """Counter-days scheduled, over every counter."""
        return sum(counter.scheduled_days for counter in self.counters)

    def as_json(self) -> dict[str, Any]:
        """The MPP's ``activity`` object as the contract fixes it."""
        return {
            "from": self.start.isoformat() if self.start else None,
            "to": self.end.isoformat() if self.end else None,
            "rows": self.rows,
            "rows_used": self.rows_used,
            "served": self.served,
            "no_show": self.no_show,
            "cancelled": self.cancelled,
            "open_days": self.open_days,
            "closed_days": [day.isoformat() for day in self.closed_days],
            "visitors_per_open_day": _round(self.visitors_per_open_day),
            "wait_p50_min": _round(self.wait_p50_min),
            "wait_p90_min": _round(self.wait_p90_min),
            "service_p50_min": _round(self.service_p50_min),
            "counters": [counter.as_json() for counter in self.counters],
        }


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 2)


def _days(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def weekday(day: dt.date) -> str:
    """``mon`` .. ``sun``."""
    return WEEK[day.weekday()]


def mpp_evidence(
    schedule: MppSchedule, facts: MppFacts, closed: Mapping[dt.date, str], settings: EvidenceSettings
) -> tuple[MppEvidence, list[tuple[str, Issue]]]:
    """The evidence of one MPP named by the log, and the issues it raises against the catalog."""
    start = settings.start or facts.first
    end = settings.end or facts.last
    if start is None or end is None or start > end:
        nothing = tuple(CounterEvidence(c.id, 0, 0, (), 0, None, None) for c in schedule.counters)
        unused = MppEvidence(
            schedule.id, start, end, facts.rows, facts.rows_used, 0, 0, 0, 0, (), None, None, None, None, nothing
        )
        return unused, []
    period = list(_days(start, end))
    operating = schedule.status not in ("planned", "closed")
    opened = schedule.opened
    name_of = {day: WEEK[day.weekday()] for day in period}
    """Each day's week-day code, once per MPP (a counter asks for hundreds of them)."""

    def opens(day: dt.date) -> bool:
        named = name_of.get(day) or weekday(day)
        return operating and named in schedule.days and day not in closed and (opened is None or day >= opened)

    workable: dict[str, list[dt.date]] = {name: [] for name in WEEK}
    """The period's days by week day that are no holiday and after the MPP opened: scheduled if the day is."""
    if operating:
        for day in period:
            if day not in closed and (opened is None or day >= opened):
                workable[WEEK[day.weekday()]].append(day)
    active_mpp = _within(frozenset().union(*facts.active.values()), start, end)
    closed_days = tuple(day for day in period if opens(day) and day not in active_mpp)
    closed_set = set(closed_days)
    open_days = sum(1 for day in facts.ticket_days if start <= day <= end)
    counters = []
    issues: list[tuple[str, Issue]] = []
    weekly: dict[str, tuple[float | None, ...]] = {}
    weeks = tuple(sorted({day - dt.timedelta(days=day.weekday()) for day in period}))
    first_week = weeks[0].toordinal() if weeks else 0
    week_of = {day: (day.toordinal() - first_week) // 7 for day in period}
    by_days: dict[frozenset[str], tuple[list[dt.date], _Weeks]] = {}
    """Scheduled days and their weeks by the set of week days a counter opens: counters of an MPP share a few."""
    no_days: tuple[list[dt.date], _Weeks] = ([], _weeks(len(weeks), week_of, [], closed_set))
    for counter in schedule.counters:
        active = _within(facts.active.get(counter.id, frozenset()), start, end)
        if counter.serves:
            key = frozenset(counter.days)
            if key not in by_days:
                days = sorted(day for name in key for day in workable[name])
                by_days[key] = (days, _weeks(len(weeks), week_of, days, closed_set))
            scheduled, in_weeks = by_days[key]
        else:
            scheduled, in_weeks = no_days
        empty = tuple(day for day in scheduled if day not in active and day in active_mpp)
        minutes = counter.open_minutes
        busy = facts.service_seconds.get(counter.id, 0.0)
        utilisation = busy / 60 / (minutes * len(active)) if minutes and active else None
        counters.append(
            CounterEvidence(
                counter.id,
                len(scheduled),
                len(active),
                empty,
                facts.counter_served.get(counter.id, 0),
                utilisation,
                facts.counter_wait_p90.get(counter.id),
            )
        )
        weekly[counter.id] = _weekly(in_weeks, active)
        issues += _counter_issues(counter, scheduled, active, empty, closed_set, name_of)
        wait = facts.counter_wait_p90.get(counter.id)
        if wait is not None and wait > settings.wait_p90_minutes:
            issues.append(
                (
                    "V006",
                    Issue(
                        counter.pointer,
                        msg(
                            "V006.long-wait",
                            "counter {counter}: 90% of its tickets waited up to {wait:.0f} min (p90) from {start} to "
                            "{end}, over the {threshold:g}-minute threshold; add staff or spread its "
                            "services over more counters",
                            counter=counter.id,
                            wait=wait,
                            start=start,
                            end=end,
                            threshold=settings.wait_p90_minutes,
                        ),
                    ),
                )
            )
    if closed_days:
        issues.append(
            (
                "V003",
                Issue(
                    "/mpp/hours",
                    msg(
                        "V003.no-call",
                        "no counter called a ticket on {count:d} day(s) the MPP was scheduled to open: "
                        "{dates}; if it was closed, record why (a local holiday goes in the configuration's "
                        "`closed-days`), else check that the queue machine's export is complete",
                        count=len(closed_days),
                        dates=_dates(closed_days),
                    ),
                ),
            )
        )
    issues += _service_issues(schedule, facts, start, end)
    issues += _visitor_issues(schedule, facts, opens, start, end, settings)
    evidence = MppEvidence(
        schedule.id,
        start,
        end,
        facts.rows,
        facts.rows_used,
        facts.served,
        facts.no_show,
        facts.cancelled,
        open_days,
        closed_days,
        facts.served / open_days if open_days else None,
        facts.wait_p50,
        facts.wait_p90,
        facts.service_p50,
        tuple(counters),
        weeks,
        weekly,
    )
    return evidence, issues


@dataclass(frozen=True, slots=True)
class _Weeks:
    """Scheduled days of one set of week days, by week: computed once per set, not per counter."""

    week_of: Mapping[dt.date, int]
    """Each scheduled day the MPP did not close, and its week's index."""
    totals: tuple[int, ...]
    """Per week, how many such days."""


def _weeks(
    weeks: int, week_of: Mapping[dt.date, int], scheduled: Sequence[dt.date], closed: AbstractSet[dt.date]
) -> _Weeks:
    """The weeks of the scheduled days, the MPP's closed days left out."""
    kept = {day: week_of[day] for day in scheduled if day not in closed}
    totals = [0] * weeks
    for week in kept.values():
        totals[week] += 1
    return _Weeks(kept, tuple(totals))


def _weekly(weeks: _Weeks, active: AbstractSet[dt.date]) -> tuple[float | None, ...]:
    """Share of each week's scheduled days (the MPP's closed days left out) the counter was active."""
    hits = Counter(map(weeks.week_of.get, active))  # counted in C: a counter has hundreds of active days
    return tuple(hits[week] / count if count else None for week, count in enumerate(weeks.totals))


def _within(days: frozenset[dt.date], start: dt.date, end: dt.date) -> frozenset[dt.date]:
    """The days from start to end; the set itself when it already lies there (the usual case, and cheap)."""
    if not days or (start <= min(days) and max(days) <= end):
        return days
    return frozenset(day for day in days if start <= day <= end)


def _dates(days: Sequence[dt.date]) -> Text:
    """The first dates, each in the language's style, and how many more."""
    shown = listed([Text("", "{day}", (("day", day),)) for day in days[:SHOWN_DATES]])
    more = len(days) - SHOWN_DATES
    return msg("evidence.more-dates", "{dates} and {more:d} more", dates=shown, more=more) if more > 0 else shown


def _counter_issues(
    counter: CounterSchedule,
    scheduled: Sequence[dt.date],
    active: AbstractSet[dt.date],
    empty: Sequence[dt.date],
    closed: set[dt.date],
    name_of: Mapping[dt.date, str],
) -> list[tuple[str, Issue]]:
    issues = []
    if not counter.serves and active:
        days = sorted(active)
        issues.append(
            (
                "V002",
                Issue(
                    f"{counter.pointer}/status",
                    msg(
                        "V002.status",
                        "counter {counter} is `{status}` in the catalog, but the log shows it calling "
                        "tickets on {count:d} day(s): {dates}; set its status to what it is",
                        counter=counter.id,
                        status=str(counter.status),
                        count=len(days),
                        dates=_dates(days),
                    ),
                ),
            )
        )
        return issues
    if counter.empty_at is not None:
        if active:
            days = sorted(active)
            issues.append(
                (
                    "V002",
                    Issue(
                        counter.empty_at,
                        msg(
                            "V002.empty",
                            "counter {counter} is empty in the catalog, but the log shows it calling tickets on "
                            "{count:d} of its {scheduled:d} scheduled day(s): {dates}; update the catalog",
                            counter=counter.id,
                            count=len(days),
                            scheduled=len(scheduled),
                            dates=_dates(days),
                        ),
                    ),
                )
            )
        return issues
    staffed = set(counter.staffed) if counter.staffed is not None else None
    unexpected = [day for day in empty if staffed is None or name_of[day] in staffed]
    if unexpected:
        promised = [d for d in scheduled if d not in closed and (staffed is None or name_of[d] in staffed)]
        which = (
            msg("V001.scheduled", "scheduled days")
            if staffed is None
            else msg("V001.staffed", "scheduled days on its `staffed_days`")
        )
        issues.append(
            (
                "V001",
                Issue(
                    counter.pointer,
                    msg(
                        "V001.stood-empty",
                        "counter {counter} stood empty on {count:d} of its {promised:d} {which} "
                        "({share:.0%}) while other counters of the MPP called tickets: {dates}; "
                        "post its staff, or record the days it does not open in `days` or `staffed_days`",
                        counter=counter.id,
                        count=len(unexpected),
                        promised=len(promised),
                        which=which,
                        share=len(unexpected) / len(promised),
                        dates=_dates(unexpected),
                    ),
                ),
            )
        )
    if staffed is not None:
        never: list[Text] = []
        also: list[Text] = []
        by_name: dict[str, list[dt.date]] = {}
        for day in scheduled:
            if day not in closed:
                by_name.setdefault(name_of[day], []).append(day)
        for name in counter.days:
            instances = by_name.get(name, [])
            hits = [day for day in instances if day in active]
            if name in staffed and len(instances) >= 2 and not hits:
                never.append(
                    msg(
                        "V002.never-day",
                        "{day} (none of {count:d} {weekdays})",
                        day=name,
                        count=len(instances),
                        weekdays=DAY_NAMES[name],
                    )
                )
            if name not in staffed and hits:
                also.append(
                    msg(
                        "V002.also-day",
                        "{day} ({count:d} {weekdays})",
                        day=name,
                        count=len(hits),
                        weekdays=DAY_NAMES[name],
                    )
                )
        parts: list[Text] = []
        if never:
            parts.append(
                msg("V002.lists", "lists {days} but the counter called no ticket on those days", days=listed(never))
            )
        if also:
            parts.append(
                msg("V002.leaves-out", "leaves out {days} but the log shows it calling tickets then", days=listed(also))
            )
        if parts:
            joined = join(parts[0], msg("V002.and-it", "; and it "), parts[1]) if len(parts) == 2 else parts[0]
            issues.append(
                (
                    "V002",
                    Issue(
                        f"{counter.pointer}/staffed_days",
                        msg(
                            "V002.staffed-days",
                            "counter {counter}: `staffed_days` {parts}; update `staffed_days` from the log",
                            counter=counter.id,
                            parts=joined,
                        ),
                    ),
                )
            )
    return issues


def _service_issues(schedule: MppSchedule, facts: MppFacts, start: dt.date, end: dt.date) -> list[tuple[str, Issue]]:
    """A service listed at a counter that served none of it in the period (only when the log names services)."""
    if not facts.names_services:
        return []
    open_counters = {c.id for c in schedule.counters if c.serves and c.empty_at is None}
    return [
        (
            "V004",
            Issue(
                link.pointer,
                msg(
                    "V004.never-served",
                    "service {service} is listed at counter {counter}, but the log shows no ticket of it served "
                    "there from {start} to {end}; remove it from the counter or check the queue machine's service list",
                    service=link.service,
                    counter=link.counter,
                    start=start,
                    end=end,
                ),
            ),
        )
        for link in schedule.links
        if link.counter in open_counters and facts.service_served.get((link.counter, link.service), 0) == 0
    ]


def _visitor_issues(
    schedule: MppSchedule, facts: MppFacts, opens: Any, start: dt.date, end: dt.date, settings: EvidenceSettings
) -> list[tuple[str, Issue]]:
    """Declared visitors against served tickets, for every metrics period the log covers."""
    issues = []
    served_by_day = facts.served_by_day
    for period in schedule.periods:
        open_in = [day for day in _days(period.start, period.end) if opens(day)]
        if not open_in or open_in[0] < start or open_in[-1] > end:
            continue  # the log does not cover the period's opening days: no comparison
        served = sum(n for day, n in served_by_day.items() if period.start <= day <= period.end)
        values: dict[str, Any] = {
            "visitors": period.visitors,
            "start": period.start,
            "end": period.end,
            "served": served,
            "tolerance": settings.visitors_tolerance,
        }
        if period.visitors == 0:
            if served > 0:
                said = msg(
                    "V005.none-declared",
                    "declared {visitors} visitors from {start} to {end}, but the log shows "
                    "{served} served tickets over the same days, more than the "
                    "{tolerance:.0%} tolerance; correct the figure or its period, or cite what it counts",
                    **values,
                )
                issues.append(("V005", Issue(period.pointer, said)))
            continue
        share = (served - period.visitors) / period.visitors
        if abs(share) > settings.visitors_tolerance:
            said = msg(
                "V005.differs",
                "declared {visitors} visitors from {start} to {end}, but the log shows "
                "{served} served tickets over the same days ({share:+.1%}), more than the "
                "{tolerance:.0%} tolerance; correct the figure or its period, or cite what it counts",
                share=share,
                **values,
            )
            issues.append(("V005", Issue(period.pointer, said)))
    return issues


def evidence_for(
    schedules: Sequence[MppSchedule], facts: LogFacts, closed: Mapping[dt.date, str], settings: EvidenceSettings
) -> dict[str, tuple[MppSchedule, MppEvidence, list[tuple[str, Issue]]]]:
    """Every MPP of the catalog that the log names: its schedule, evidence and issues."""
    found = {}
    for schedule in schedules:
        if schedule.id in found or schedule.id not in facts.mpps:
            continue
        evidence, issues = mpp_evidence(schedule, facts.mpps[schedule.id], closed, settings)
        found[schedule.id] = (schedule, evidence, issues)
    return found
