"""C-rules: figures and lists that do not agree with each other.

Press and Ombudsman reports keep finding figures that do not add up; these rules catch them
in the file before anyone else does.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from mpptool.model import FileContext, Issue, Rule, Severity
from mpptool.text.i18n import Text, join, listed, msg
from mpptool.text.safe import clip
from mpptool.text.words import day_word, nth
from mpptool.vocab.access import count, entries, iso_date, section, strings, text
from mpptool.vocab.state import CATEGORIES, WEEK, offers_in_person, operating, seated_agencies

FAMILY = "consistency"


def breakdown_total(ctx: FileContext) -> Iterator[Issue]:
    """The declared agencies by category must add up to the declared total."""
    declared = section(section(ctx.data, "declared"), "agencies")
    total = count(declared.get("total"))
    parts = {name: value for name in (*CATEGORIES, "opd") if (value := count(declared.get(name))) is not None}
    if "opd" in parts and ("opd_local" in parts or "opd_province" in parts):
        split = parts.get("opd_local", 0) + parts.get("opd_province", 0)
        if "opd_local" in parts and "opd_province" in parts and split != parts["opd"]:
            yield Issue(
                "/declared/agencies/opd",
                msg(
                    "C001.opd-split",
                    "declared opd is {opd} but opd_local + opd_province is {split}",
                    opd=parts["opd"],
                    split=split,
                ),
            )
        parts.pop("opd")
    if total is None or not parts:
        return
    summed = sum(parts.values())
    if summed != total:
        terms = join(*_between([_figure(value, name) for name, value in parts.items()], " + "))
        gap = total - summed
        missing = [
            name for name in CATEGORIES if name not in parts and not (name.startswith("opd_") and "opd" in parts)
        ]
        guess: Text | str = ""
        if gap > 0 and missing:
            guess = msg(
                "C001.uncounted",
                "; {gap} may be uncounted {categories} agencies",
                gap=gap,
                categories=join(*_between(missing, msg("C001.or", " or "))),
            )
        yield Issue(
            "/declared/agencies/total",
            msg(
                "C001.sum",
                "declared agencies by category sum to {summed} ({terms}), but the declared total is {total}{guess}: "
                "check the source and record what it says",
                summed=summed,
                terms=terms,
                total=total,
                guess=guess,
            ),
        )


def _figure(value: int, name: str) -> Text:
    """`13 opd_local`: a count and a category id, the same in every language (the count localised)."""
    return Text("", "{count} {name}", (("count", value), ("name", name)))


def _between(parts: Sequence[Text | str], separator: Text | str) -> list[Text | str]:
    """``parts`` with ``separator`` between each two, for :func:`join`."""
    said: list[Text | str] = []
    for number, part in enumerate(parts):
        said.extend([separator, part] if number else [part])
    return said


def declared_vs_listed(ctx: FileContext) -> Iterator[Issue]:
    """Declared counts must match the entries listed (per agency category, services, counters)."""
    declared = section(ctx.data, "declared")
    agencies_declared = section(declared, "agencies")
    listed: dict[str, int] = dict.fromkeys(CATEGORIES, 0)
    agency_list = ctx.data.get("agencies")
    unknown = 0
    for _, agency in entries(ctx.data, "agencies"):
        category = text(agency.get("category"))
        if category in listed:
            listed[category] += 1
        else:
            unknown += 1  # missing or misspelt: the schema says so, and no category's count is known
    if isinstance(agency_list, list):
        listed_total = len(agency_list)
        expected = count(agencies_declared.get("total"))
        if expected is not None and expected != listed_total:
            yield Issue(
                "/declared/agencies/total",
                msg(
                    "C002.agencies",
                    "declared {declared} agencies but the file lists {listed}",
                    declared=expected,
                    listed=listed_total,
                ),
            )
        for name in CATEGORIES:
            value = count(agencies_declared.get(name))
            if value is not None and value != listed[name] and not (unknown and value > listed[name]):
                yield Issue(
                    f"/declared/agencies/{name}",
                    msg(
                        "C002.category",
                        "declared {declared} {category} agencies but the file lists {listed}",
                        declared=value,
                        category=name,
                        listed=listed[name],
                    ),
                )
        opd = count(agencies_declared.get("opd"))
        listed_opd = listed["opd_local"] + listed["opd_province"]
        if opd is not None and opd != listed_opd and not (unknown and opd > listed_opd):
            yield Issue(
                "/declared/agencies/opd",
                msg(
                    "C002.opd",
                    "declared {declared} OPD agencies but the file lists {listed}",
                    declared=opd,
                    listed=listed_opd,
                ),
            )
    for key in ("services", "counters"):
        expected = count(declared.get(key))
        actual = ctx.data.get(key)
        if expected is not None and isinstance(actual, list) and expected != len(actual):
            said = (
                msg(
                    "C002.services",
                    "declared {declared} services but the file lists {listed}",
                    declared=expected,
                    listed=len(actual),
                )
                if key == "services"
                else msg(
                    "C002.counters",
                    "declared {declared} counters but the file lists {listed}",
                    declared=expected,
                    listed=len(actual),
                )
            )
            yield Issue(f"/declared/{key}", said)


def _mpp_days(ctx: FileContext) -> set[str] | None:
    return _day_set(section(section(ctx.data, "mpp"), "hours").get("days"))


def _day_set(days: Any) -> set[str] | None:
    """The days of a list of day names; None (unknown) when it is not one or an item is not a day
    (`senin`: the schema reports it, and no day can be said to be outside the list)."""
    if not isinstance(days, list) or not all(isinstance(day, str) and day in WEEK for day in days):
        return None
    return set(days)


def counter_days(ctx: FileContext) -> Iterator[Issue]:
    """A counter cannot be scheduled on a day the MPP itself is closed."""
    open_days = _mpp_days(ctx)
    if open_days is None:
        return
    for index, counter in entries(ctx.data, "counters"):
        for position, day in strings(counter.get("days")):
            if day in WEEK and day not in open_days:
                yield Issue(
                    f"/counters/{index}/days/{position}",
                    msg(
                        "C003.closed-day",
                        "counter `{counter}` opens on {day}, but the MPP is open only {days}",
                        counter=_name(counter),
                        day=day_word(day),
                        days=_days(open_days),
                    ),
                )


def staffed_days(ctx: FileContext) -> Iterator[Issue]:
    """Monitoring cannot find staff on a day the counter is not scheduled to open."""
    open_days = _mpp_days(ctx)
    for index, counter in entries(ctx.data, "counters"):
        scheduled = counter.get("days")
        days = _day_set(scheduled) if "days" in counter else open_days
        if days is None:
            continue
        for position, day in strings(counter.get("staffed_days")):
            if day in WEEK and day not in days:
                yield Issue(
                    f"/counters/{index}/staffed_days/{position}",
                    msg(
                        "C004.unscheduled",
                        "counter `{counter}` is staffed on {day}, outside its days ({days}): "
                        "add the day to `days` or correct the monitoring record",
                        counter=_name(counter),
                        day=day_word(day),
                        days=_days(days),
                    ),
                )


def _name(entry: Any) -> str:
    """An entry's id as quoted in a message (clipped), or `?`."""
    ident = entry.get("id") if isinstance(entry, dict) else None
    return clip(ident, 40) if isinstance(ident, str) and ident else "?"


def _days(days: set[str]) -> str | Text:
    return listed([day_word(day) for day in WEEK if day in days]) if days & set(WEEK) else msg("C003.no-day", "no day")


def _partial_start(value: Any) -> dt.date | None:
    """First day of a YYYY, YYYY-MM or YYYY-MM-DD date; None when not a real date."""
    if not isinstance(value, str):
        return None
    parts = value.split("-")
    try:
        numbers = [int(part) for part in parts]
        if len(numbers) == 1:
            return dt.date(numbers[0], 1, 1)
        if len(numbers) == 2:
            return dt.date(numbers[0], numbers[1], 1)
        if len(numbers) == 3:
            return dt.date(numbers[0], numbers[1], numbers[2])
    except ValueError:
        return None
    return None


def metric_periods(ctx: FileContext) -> Iterator[Issue]:
    """A reported period must end after it starts and not start before the MPP opened."""
    opened = section(ctx.data, "mpp").get("opened")
    opened_start = _partial_start(opened)
    for index, metric in entries(ctx.data, "metrics"):
        start, end = iso_date(metric.get("from")), iso_date(metric.get("to"))
        if start and end and end < start:
            yield Issue(
                f"/metrics/{index}/to",
                msg(
                    "C005.reversed",
                    "period ends ({end}) before it starts ({start}): swap or correct the dates",
                    end=end,
                    start=start,
                ),
            )
        if start and opened_start and start < opened_start:
            yield Issue(
                f"/metrics/{index}/from",
                msg(
                    "C005.before-opened",
                    "period starts {start}, before the MPP opened ({opened}): correct the period or `mpp.opened`",
                    start=start,
                    opened=opened,
                ),
            )


def metric_order(ctx: FileContext) -> Iterator[Issue]:
    """Periods listed in time order and without overlap keep totals and trends honest."""
    previous: tuple[int, dt.date] | None = None
    for index, metric in entries(ctx.data, "metrics"):
        start, end = iso_date(metric.get("from")), iso_date(metric.get("to"))
        if start is None or end is None or end < start:
            continue
        if previous is not None and start <= previous[1]:
            yield Issue(
                f"/metrics/{index}/from",
                msg(
                    "C006.overlap",
                    "period starting {start} overlaps or precedes the {nth} period (ending {end}): "
                    "list periods in order without overlap, or visitors are counted twice",
                    start=start,
                    nth=nth(previous[0] + 1),
                    end=previous[1],
                ),
            )
        previous = (index, end)


def counter_channel_without_counter(ctx: FileContext) -> Iterator[Issue]:
    """A service offered at a counter must say at which of its agency's counters.

    At an operating MPP, an agency that sits at no counter at all is not a slip in the file
    but an agency on paper, a fact about the MPP that `mpptool audit` reports once, at the
    agency (A001); at a planned or closed MPP this rule still asks for the counter.
    """
    seated = seated_agencies(ctx.counters) if operating(ctx.data) else None
    for index, service in entries(ctx.data, "services"):
        served = service.get("counters")
        if not offers_in_person(service) or (isinstance(served, list) and served):
            continue
        agency = text(service.get("agency"))
        if seated is not None and agency is not None and agency not in seated:
            continue
        yield Issue(
            f"/services/{index}/channels",
            msg(
                "C007.no-counter",
                "service `{service}` has the `counter` channel but lists no counter: "
                "add its counter ids, or drop the channel if it is not served in person",
                service=_name(service),
            ),
        )


def counter_not_of_agency(ctx: FileContext) -> Iterator[Issue]:
    """A service can only be served at a counter where its agency sits."""
    sitting: dict[str, set[str]] = {}
    for _, counter in entries(ctx.data, "counters"):
        ident = text(counter.get("id"))
        if ident is not None:
            sitting[ident] = {agency for _, agency in strings(counter.get("agencies"))}
    agencies = {ident for _, entry in entries(ctx.data, "agencies") if (ident := text(entry.get("id")))}
    misspelt = {ident for ident, seated in sitting.items() if seated - agencies}
    for index, service in entries(ctx.data, "services"):
        agency = text(service.get("agency"))
        if agency is None or agency not in agencies:
            continue  # an unknown agency is reported once, by I004
        for position, counter_id in strings(service.get("counters")):
            if counter_id in misspelt:
                continue  # the counter names an agency not listed (I004): perhaps this one, misspelt
            if counter_id in sitting and agency not in sitting[counter_id]:
                yield Issue(
                    f"/services/{index}/counters/{position}",
                    msg(
                        "C008.not-seated",
                        "service `{service}` of `{agency}` is served at counter `{counter}`, where `{agency}` "
                        "does not sit: add `{agency}` to the counter's agencies or fix the counter",
                        service=_name(service),
                        agency=clip(agency),
                        counter=clip(counter_id),
                    ),
                )


def mpp_dates(ctx: FileContext) -> Iterator[Issue]:
    """Partial dates must be real dates, and the MPP cannot be inaugurated before it opened."""
    mpp = section(ctx.data, "mpp")
    for key in ("opened", "inaugurated"):
        value = mpp.get(key)
        if isinstance(value, str) and value.count("-") == 2 and _partial_start(value) is None:
            yield Issue(f"/mpp/{key}", msg("C009.not-a-date", "`{value}` is not a calendar date", value=clip(value)))
    opened, inaugurated = mpp.get("opened"), mpp.get("inaugurated")
    start, ceremony = _partial_start(opened), _partial_start(inaugurated)
    if start and ceremony and isinstance(opened, str) and isinstance(inaugurated, str):
        precision = min(len(opened), len(inaugurated))
        if inaugurated[:precision] < opened[:precision]:
            yield Issue(
                "/mpp/inaugurated",
                msg(
                    "C009.inaugurated-early",
                    "inaugurated {inaugurated}, before it opened ({opened}): check both dates",
                    inaugurated=inaugurated,
                    opened=opened,
                ),
            )


def opening_hours(ctx: FileContext) -> Iterator[Issue]:
    """Closing time must come after opening time."""
    hours = section(section(ctx.data, "mpp"), "hours")
    opens, closes = text(hours.get("open")), text(hours.get("close"))
    if opens and closes and len(opens) == len(closes) == 5 and closes <= opens:
        yield Issue(
            "/mpp/hours/close",
            msg("C010.reversed", "closes at {closes}, not after it opens ({opens})", closes=closes, opens=opens),
        )


def digital_disabled(ctx: FileContext) -> Iterator[Issue]:
    """MPP Digital services listed while MPP Digital is switched off are contradictory."""
    digital = section(section(ctx.data, "mpp"), "digital")
    services = digital.get("services")
    if digital.get("enabled") is False and isinstance(services, list) and services:
        yield Issue(
            "/mpp/digital/enabled",
            msg("C011.disabled", "MPP Digital is disabled but lists services: enable it or remove the list"),
        )


RULES = (
    Rule.define(
        "C001",
        "declared-breakdown",
        Severity.WARNING,
        "Declared agencies by category do not add up to the declared total.",
        FAMILY,
        per_file=breakdown_total,
    ),
    Rule.define(
        "C002",
        "declared-vs-listed",
        Severity.WARNING,
        "A declared count differs from the entries listed.",
        FAMILY,
        per_file=declared_vs_listed,
    ),
    Rule.define(
        "C003",
        "counter-day-closed",
        Severity.ERROR,
        "A counter opens on a day the MPP is closed.",
        FAMILY,
        per_file=counter_days,
    ),
    Rule.define(
        "C004",
        "staffed-day-unscheduled",
        Severity.ERROR,
        "A counter is staffed on a day it is not scheduled.",
        FAMILY,
        per_file=staffed_days,
    ),
    Rule.define(
        "C005",
        "metric-period",
        Severity.ERROR,
        "A reported period ends before it starts or starts before the MPP opened.",
        FAMILY,
        per_file=metric_periods,
    ),
    Rule.define(
        "C006",
        "metric-order",
        Severity.WARNING,
        "Reported periods are out of order or overlap.",
        FAMILY,
        per_file=metric_order,
    ),
    Rule.define(
        "C007",
        "counter-channel-no-counter",
        Severity.WARNING,
        "A service has the counter channel but lists none of its agency's counters.",
        FAMILY,
        per_file=counter_channel_without_counter,
    ),
    Rule.define(
        "C008",
        "counter-not-of-agency",
        Severity.ERROR,
        "A service is served at a counter where its agency does not sit.",
        FAMILY,
        per_file=counter_not_of_agency,
    ),
    Rule.define(
        "C009",
        "mpp-dates",
        Severity.ERROR,
        "An MPP date is not a calendar date, or it was inaugurated before it opened.",
        FAMILY,
        per_file=mpp_dates,
    ),
    Rule.define(
        "C010", "opening-hours", Severity.ERROR, "The MPP closes before it opens.", FAMILY, per_file=opening_hours
    ),
    Rule.define(
        "C011",
        "digital-disabled",
        Severity.WARNING,
        "MPP Digital services are listed while MPP Digital is disabled.",
        FAMILY,
        per_file=digital_disabled,
    ),
)
