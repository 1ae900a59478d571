"""Audit figures: one MPP's headline numbers, computed once from its parsed file.

Pure functions from parsed data to frozen dataclasses. The audit rules and every audit
format read these (and a rollout report should too), so a figure means the same thing
everywhere (README, "What the audit figures mean").
"""

from __future__ import annotations

import calendar
import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mpptool.vocab.access import count, entries, iso_date, section, strings, text
from mpptool.vocab.state import (
    CATEGORIES,
    NOT_OPERATING,
    WEEK,
    CounterState,
    StandardState,
    counter_states,
    mpp_days,
    offers_in_person,
    open_counters_by_agency,
    seated_agencies,
    staff_totals,
    standard_state,
    unreachable_services,
)


@dataclass(frozen=True, slots=True)
class Period:
    """One reported metrics period. Open days count the MPP's weekly days; holidays are not known."""

    index: int
    start: dt.date
    end: dt.date
    visitors: int
    calendar_days: int
    open_days: int | None
    months: float

    @property
    def per_day(self) -> float:
        """Visitors per calendar day."""
        return self.visitors / self.calendar_days

    @property
    def per_open_day(self) -> float | None:
        """Visitors per day the MPP was open, when its days are known."""
        return self.visitors / self.open_days if self.open_days else None

    @property
    def per_month(self) -> float:
        """Visitors per calendar month (partial months counted by their share of days)."""
        return self.visitors / self.months


@dataclass(frozen=True, slots=True)
class AgencyFigures:
    """One agency's place in the MPP: its counters, staff and whether it is there only on paper."""

    id: str
    name: str
    category: str
    counters: tuple[str, ...]
    services: int
    required: int | None
    assigned: int | None
    gap: int | None
    """None (all three) when one of its open counters' staff cannot be read."""
    on_paper: bool


@dataclass(frozen=True, slots=True)
class Source:
    """One `mpp.sources` entry of a catalog file, as written (every field is catalog text)."""

    publisher: str
    title: str
    date: str | None
    url: str | None
    supports: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class MppDetails:
    """What the report needs from a file beyond the audit figures: types offered and sources."""

    service_types: frozenset[str]
    sources: tuple[Source, ...]
    metric_sources: tuple[str, ...]


def mpp_details(data: Mapping[str, Any]) -> MppDetails:
    """Service types offered and the sources cited by one parsed MPP file (any shape)."""
    types = frozenset(code for _, service in entries(data, "services") if (code := text(service.get("type"))))
    sources = tuple(
        Source(
            text(entry.get("publisher")) or "",
            text(entry.get("title")) or "",
            text(entry.get("date")),
            text(entry.get("url")),
            tuple(item for _, item in strings(entry.get("supports"))),
        )
        for _, entry in entries(section(data, "mpp"), "sources")
    )
    metric_sources = tuple(source for _, metric in entries(data, "metrics") if (source := text(metric.get("source"))))
    return MppDetails(types, sources, metric_sources)


@dataclass(frozen=True, slots=True)
class MppFigures:
    """The headline of one MPP, as the audit JSON contract fixes it (README, "audit JSON")."""

    file: str
    id: str
    name: str
    region: str
    region_name: str | None
    status: str | None
    opened: str | None
    agencies: tuple[tuple[str, int], ...]
    agencies_listed: int
    services: int
    standards_complete: int
    counters: int
    counters_serving: int
    counters_empty: int
    counters_part_time: int
    counters_closed: int
    counters_planned: int
    staff_required: int | None
    staff_assigned: int | None
    staff_gap: int | None
    """The three are None when an open counter's `staff` cannot be read (see ``staff_unreadable``)."""
    agency_figures: tuple[AgencyFigures, ...]
    periods: tuple[Period, ...]
    digital_enabled: bool | None
    digital_services: tuple[str, ...]
    open_days: tuple[str, ...]
    details: MppDetails = MppDetails(frozenset(), (), ())
    """Service types offered and sources cited, for the report; read in the same pass."""
    staff_unreadable: tuple[str, ...] = ()
    """Open counters (ids, or `#N` by position) whose `staff` cannot be read."""
    periods_unreadable: tuple[int, ...] = ()
    """Positions in `metrics` of reported periods that cannot be read: the totals over all
    periods are then unknown (None), while each readable period is still shown."""
    standards_unreadable: int = 0
    """Services whose standard has a component that cannot be read: neither complete nor not."""
    services_unreachable: int = 0
    """Counter services whose every counter is empty, closed or planned (A006)."""
    counters_stranding: int = 0
    """Closed or planned counters that leave a counter service unreachable (an empty one is
    counted among the empty counters already)."""

    @property
    def agencies_total(self) -> int:
        """All agencies listed, whatever their category (an unknown one counts only here)."""
        return self.agencies_listed

    @property
    def on_paper(self) -> tuple[str, ...]:
        """Ids of agencies that joined on paper only."""
        return tuple(agency.id for agency in self.agency_figures if agency.on_paper)

    @property
    def visitors(self) -> int | None:
        """Visitors over every reported period; None without metrics, or when one cannot be read."""
        if not self.periods or self.periods_unreadable:
            return None
        return sum(period.visitors for period in self.periods)

    @property
    def visitors_per_day(self) -> float | None:
        """Visitors over all reported periods divided by their calendar days."""
        days = sum(period.calendar_days for period in self.periods)
        return self.visitors / days if self.visitors is not None and days else None

    @property
    def visitors_per_open_day(self) -> float | None:
        """Visitors over all reported periods divided by the days the MPP was open."""
        if not self.periods or self.periods_unreadable or any(period.open_days is None for period in self.periods):
            return None
        days = sum(period.open_days or 0 for period in self.periods)
        return self.visitors / days if self.visitors is not None and days else None


@dataclass(frozen=True, slots=True)
class Standing:
    """Where an MPP's visitors per open day sit among the MPPs of the catalog that report them."""

    rank: int
    of: int
    peers: int
    peer_median: float


def _open_days(start: dt.date, end: dt.date, days: tuple[str, ...]) -> int:
    """Days in [start, end] that fall on one of ``days``, in O(1) per weekday."""
    total = (end - start).days + 1
    weeks, rest = divmod(total, 7)
    wanted = {WEEK.index(day) for day in days}
    extra = sum(1 for offset in range(rest) if (start.weekday() + offset) % 7 in wanted)
    return weeks * len(wanted) + extra


def _months(start: dt.date, end: dt.date) -> float:
    """Calendar months covered, each partial month by its share of days: 1 Aug - 29 Feb is 7."""
    months = 0.0
    cursor = start
    while True:
        length = calendar.monthrange(cursor.year, cursor.month)[1]
        last = dt.date(cursor.year, cursor.month, length)
        stop = min(end, last)
        months += ((stop - cursor).days + 1) / length
        if stop == end:
            return months
        cursor = last + dt.timedelta(days=1)


def periods(data: Mapping[str, Any]) -> tuple[tuple[Period, ...], tuple[int, ...]]:
    """Every well-formed metrics period (dates valid, in order, visitors a count), and the
    positions of the entries that cannot be read as one (the schema or C005 says why)."""
    days = mpp_days(data)
    found = []
    unreadable = []
    metrics = data.get("metrics")
    for index, metric in enumerate(metrics if isinstance(metrics, list) else ()):
        if not isinstance(metric, dict):
            unreadable.append(index)
            continue
        start, end, visitors = iso_date(metric.get("from")), iso_date(metric.get("to")), count(metric.get("visitors"))
        if start is None or end is None or visitors is None or end < start:
            unreadable.append(index)
            continue
        open_days = _open_days(start, end, days) if days else None
        found.append(Period(index, start, end, visitors, (end - start).days + 1, open_days, _months(start, end)))
    return tuple(found), tuple(unreadable)


def _agency_figures(
    data: Mapping[str, Any], states: tuple[CounterState, ...], seats: Mapping[str, list[CounterState]]
) -> tuple[AgencyFigures, ...]:
    seated = seated_agencies(states)
    services: dict[str, int] = {}
    in_person: set[str] = set()
    for _, service in entries(data, "services"):
        provider = text(service.get("agency"))
        if provider is not None:
            services[provider] = services.get(provider, 0) + 1
            if offers_in_person(service):
                in_person.add(provider)
    found = []
    for _, agency in entries(data, "agencies"):
        ident = text(agency.get("id"))
        if ident is None:
            continue
        mine = seats.get(ident, [])
        required, assigned, gap = staff_totals(mine)
        found.append(
            AgencyFigures(
                ident,
                text(agency.get("name")) or ident,
                text(agency.get("category")) or "",
                tuple(state.id or "?" for state in mine),
                services.get(ident, 0),
                required,
                assigned,
                gap,
                seated is not None and ident not in seated and ident in in_person,
            )
        )
    return tuple(found)


def mpp_figures(
    file: str,
    data: Mapping[str, Any],
    regions: Mapping[str, str],
    states: tuple[CounterState, ...] | None = None,
    standards: Sequence[StandardState] | None = None,
    unreachable: Sequence[tuple[int, Mapping[str, Any], tuple[CounterState, ...]]] | None = None,
    seats: Mapping[str, list[CounterState]] | None = None,
) -> MppFigures:
    """The headline figures of the MPP in ``data`` (any shape: bad parts are left out).

    ``states``, ``standards``, ``unreachable``: the file's classified counters, services'
    standards and unreachable services, when the caller (the rules' context) has them already.
    """
    mpp = section(data, "mpp")
    states = counter_states(data) if states is None else states
    by_category = dict.fromkeys(CATEGORIES, 0)
    for _, agency in entries(data, "agencies"):
        category = text(agency.get("category"))
        if category in by_category:
            by_category[category] += 1
    service_list = [service for _, service in entries(data, "services")]
    active = [state for state in states if state.open]
    required, assigned, gap = staff_totals(active)
    readable, unreadable = periods(data)
    if standards is None:
        standards = [standard_state(service) for service in service_list]
    if unreachable is None:
        unreachable = list(unreachable_services(data, states))
    stranding = {state.index for _, _, listed in unreachable for state in listed if not state.empty}
    digital = section(mpp, "digital")
    enabled = digital.get("enabled")
    region = text(mpp.get("region")) or ""
    return MppFigures(
        details=mpp_details(data),
        file=file,
        id=text(mpp.get("id")) or "",
        name=text(mpp.get("name")) or "",
        region=region,
        region_name=regions.get(region),
        status=text(mpp.get("status")),
        opened=text(mpp.get("opened")),
        agencies=tuple(by_category.items()),
        agencies_listed=sum(1 for _ in entries(data, "agencies")),
        services=len(service_list),
        standards_complete=sum(1 for state in standards if state.complete),
        counters=len(states),
        counters_serving=sum(1 for state in states if state.serving),
        counters_empty=sum(1 for state in states if state.empty),
        counters_part_time=sum(1 for state in states if state.part_time),
        counters_closed=sum(1 for state in states if state.status == "closed"),
        counters_planned=sum(1 for state in states if state.status == "planned"),
        staff_required=required,
        staff_assigned=assigned,
        staff_gap=gap,
        agency_figures=_agency_figures(data, states, open_counters_by_agency(states) if seats is None else seats),
        periods=readable,
        digital_enabled=enabled if isinstance(enabled, bool) else None,
        digital_services=tuple(sorted({code for _, code in strings(digital.get("services"))})),
        open_days=mpp_days(data) or (),
        staff_unreadable=tuple(state.id or f"#{state.index + 1}" for state in active if state.staff_unreadable),
        periods_unreadable=unreadable,
        standards_unreadable=sum(1 for state in standards if not state.known),
        services_unreachable=len(unreachable),
        counters_stranding=len(stranding),
    )


def peer_standings(mpps: Sequence[MppFigures]) -> tuple[Standing | None, ...]:
    """Each operating MPP's rank by visitors per open day and the median of the others.

    None for an MPP without figures, or planned or closed: it is no peer of a working MPP.
    """
    rates = [
        (index, rate)
        for index, mpp in enumerate(mpps)
        if mpp.status not in NOT_OPERATING and (rate := mpp.visitors_per_open_day) is not None
    ]
    ordered = sorted(rates, key=lambda pair: (-pair[1], mpps[pair[0]].id))
    rank = {index: position + 1 for position, (index, _) in enumerate(ordered)}
    standings: list[Standing | None] = [None] * len(mpps)
    for index, _ in rates:
        others = [rate for other, rate in rates if other != index]
        if others:
            standings[index] = Standing(rank[index], len(rates), len(others), statistics.median(others))
    return tuple(standings)
