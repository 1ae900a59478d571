"""What the catalog promises about when an MPP and each counter serve: the side of the
queue-log evidence that comes from the YAML (``activity-format.md``, "Definitions").

Pure functions from parsed data to frozen dataclasses, like the audit figures. The checker
computes a schedule where it parses the file (only when the audit reads queue logs) and
fills in where each pointer sits, so the evidence can be located at ``file:line:col``
without parsing the file again.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from mpptool.vocab.access import count, entries, iso_date, section, strings, text
from mpptool.vocab.state import NOT_OPEN, counter_states, mpp_days, offers_in_person

ZONES = {"WIB": 7, "WITA": 8, "WIT": 9}
"""Indonesia's three time zones and their offsets from UTC, in hours (no daylight saving)."""

_WITA = frozenset({"51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76"})
"""Bali, Nusa Tenggara, South/East/North Kalimantan and Sulawesi (UU 1987 / Keppres 41/1987)."""
_WIT = frozenset({"81", "82", "91", "92", "93", "94", "95", "96", "97"})
"""Maluku, North Maluku and the Papua provinces."""

_TIME = re.compile(r"([01][0-9]|2[0-3]):([0-5][0-9])", re.ASCII)

Place = tuple[int, int, int, int]
"""Where a pointer sits in the file: line, column, end line, end column (1-based)."""


def zone_of(region: str | None, declared: str | None) -> str:
    """The MPP's time zone: ``mpp.timezone`` when given, else its province's (WIB by default)."""
    if declared in ZONES:
        return declared
    province = (region or "").split(".")[0]
    if province in _WIT:
        return "WIT"
    if province in _WITA:
        return "WITA"
    return "WIB"


def minute_of(value: Any) -> int | None:
    """``"08:30"`` as minutes after midnight (510), or None when not a valid HH:MM."""
    if not isinstance(value, str) or not (match := _TIME.fullmatch(value)):
        return None
    return int(match.group(1)) * 60 + int(match.group(2))


def opened_on(value: Any) -> dt.date | None:
    """The first day of ``mpp.opened`` (YYYY, YYYY-MM or YYYY-MM-DD), or None when unreadable."""
    if not isinstance(value, str):
        return None
    if (day := iso_date(value)) is not None:
        return day
    try:
        if re.fullmatch(r"\d{4}-\d{2}", value, re.ASCII):
            return dt.date(int(value[:4]), int(value[5:]), 1)
        if re.fullmatch(r"\d{4}", value, re.ASCII):
            return dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


@dataclass(frozen=True, slots=True)
class CounterSchedule:
    """One counter as the catalog declares it."""

    index: int
    id: str
    status: str | None
    days: tuple[str, ...]
    """Week days it should open (its own ``days``, else the MPP's)."""
    staffed: tuple[str, ...] | None
    """``staffed_days`` from monitoring, None when not recorded."""
    empty_at: str | None
    """Where the catalog says it is empty (``status: empty``, nobody assigned, ``staffed_days: []``)."""
    open_minute: int | None
    close_minute: int | None

    @property
    def pointer(self) -> str:
        """JSON Pointer of the counter entry."""
        return f"/counters/{self.index}"

    @property
    def serves(self) -> bool:
        """Whether it has scheduled days at all: not ``closed`` or ``planned``."""
        return self.status not in NOT_OPEN

    @property
    def open_minutes(self) -> int | None:
        """Minutes it is open on a day, when both hours are known and in order."""
        if self.open_minute is None or self.close_minute is None or self.close_minute <= self.open_minute:
            return None
        return self.close_minute - self.open_minute


@dataclass(frozen=True, slots=True)
class ServiceLink:
    """A service offered in person at a counter: ``services[service_index].counters[position]``."""

    service: str
    counter: str
    service_index: int
    position: int

    @property
    def pointer(self) -> str:
        """JSON Pointer of the counter id in the service's ``counters`` list."""
        return f"/services/{self.service_index}/counters/{self.position}"


@dataclass(frozen=True, slots=True)
class DeclaredPeriod:
    """A ``metrics`` entry with a readable period and visitor count."""

    index: int
    start: dt.date
    end: dt.date
    visitors: int

    @property
    def pointer(self) -> str:
        """JSON Pointer of its visitor count."""
        return f"/metrics/{self.index}/visitors"


@dataclass(frozen=True, slots=True)
class MppSchedule:
    """When an MPP and its counters should serve, by the catalog; and where each claim is written."""

    file: str
    id: str
    status: str | None
    zone: str
    days: tuple[str, ...]
    open_minute: int | None
    close_minute: int | None
    opened: dt.date | None
    counters: tuple[CounterSchedule, ...]
    services: frozenset[str]
    links: tuple[ServiceLink, ...]
    periods: tuple[DeclaredPeriod, ...]
    places: Mapping[str, Place] = field(default_factory=dict)
    """Filled by the checker for every pointer of :meth:`pointers`."""

    @property
    def offset_hours(self) -> int:
        """Hours ahead of UTC of its local time."""
        return ZONES[self.zone]

    def pointers(self) -> tuple[str, ...]:
        """Every place a finding about this MPP's evidence may point at."""
        found = ["/mpp/id", "/mpp/hours", "/mpp/status"]
        for counter in self.counters:
            found += [counter.pointer, f"{counter.pointer}/status", f"{counter.pointer}/staffed_days"]
            if counter.empty_at is not None:
                found.append(counter.empty_at)
        found += [link.pointer for link in self.links]
        found += [period.pointer for period in self.periods]
        return tuple(found)

    def place(self, pointer: str) -> Place:
        """Where ``pointer`` sits; its nearest located parent, or the top of the file."""
        while pointer:
            if pointer in self.places:
                return self.places[pointer]
            pointer = pointer.rsplit("/", 1)[0]
        return (1, 1, 1, 1)


def mpp_schedule(file: str, data: Mapping[str, Any]) -> MppSchedule | None:
    """The schedule of one parsed MPP file, or None when it has no MPP id."""
    mpp = section(data, "mpp")
    ident = text(mpp.get("id"))
    if ident is None:
        return None
    hours = section(mpp, "hours")
    opens, closes = minute_of(hours.get("open")), minute_of(hours.get("close"))
    counters: list[CounterSchedule] = []
    seen: set[str] = set()
    raw_counters = dict(entries(data, "counters"))
    for state in counter_states(data):
        if state.id is None or state.id in seen:
            continue  # a counter without an id, or a second one with the same id, cannot be named by a log
        seen.add(state.id)
        own = section(raw_counters.get(state.index, {}), "hours")
        counters.append(
            CounterSchedule(
                state.index,
                state.id,
                state.status,
                state.days,
                state.staffed,
                state.empty_pointer,
                minute_of(own.get("open")) if "open" in own else opens,
                minute_of(own.get("close")) if "close" in own else closes,
            )
        )
    services: set[str] = set()
    links: list[ServiceLink] = []
    for index, service in entries(data, "services"):
        ident_s = text(service.get("id"))
        if ident_s is None:
            continue
        services.add(ident_s)
        if offers_in_person(service):
            links.extend(ServiceLink(ident_s, at, index, pos) for pos, at in strings(service.get("counters")))
    periods = []
    for index, metric in entries(data, "metrics"):
        start, end, visitors = iso_date(metric.get("from")), iso_date(metric.get("to")), count(metric.get("visitors"))
        if start is not None and end is not None and visitors is not None and start <= end:
            periods.append(DeclaredPeriod(index, start, end, visitors))
    return MppSchedule(
        file,
        ident,
        text(mpp.get("status")),
        zone_of(text(mpp.get("region")), text(mpp.get("timezone"))),
        mpp_days(data) or (),
        opens,
        closes,
        opened_on(mpp.get("opened")),
        tuple(counters),
        frozenset(services),
        tuple(links),
        tuple(periods),
    )
