"""What an MPP is really doing: counters empty, part-time, short of staff; standards complete.

Computed from the catalog's definitions (README, "What the audit figures mean") and shared
by the audit rules and the audit figures, so for an operating MPP a finding and a headline
count can never disagree (the operational rules stay silent on planned and closed MPPs,
whose figures are still shown).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mpptool.vocab.access import count, entries, section, strings, text

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
CATEGORIES = ("vertical", "soe", "public_body", "opd_local", "opd_province", "private")
STANDARD_PARTS = ("requirements", "procedure", "duration", "fee", "product", "complaints")
"""The six published components of a service standard (PermenPANRB 15/2014), in order."""
NOT_OPEN = frozenset({"closed", "planned"})
"""Counter statuses that say, truthfully, that nobody is expected there yet or any more."""


@dataclass(frozen=True, slots=True)
class CounterState:
    """One counter, classified.

    ``staffed`` is None when no monitoring was recorded (or it cannot be read), ``agencies``
    None when the list cannot be read.
    """

    index: int
    id: str | None
    agencies: tuple[str, ...] | None
    status: str | None
    days: tuple[str, ...]
    staffed: tuple[str, ...] | None
    required: int | None
    assigned: int | None
    staff_unreadable: bool = False
    """`staff` is given but cannot be read (`required: 3.0`, a missing half): its headcount is
    unknown, so no staffing total that includes this counter can be stated."""

    @property
    def pointer(self) -> str:
        """JSON Pointer of the counter entry."""
        return f"/counters/{self.index}"

    @property
    def empty_pointer(self) -> str | None:
        """Where the evidence that the counter is empty sits, or None if it is not empty."""
        if self.status in NOT_OPEN:
            return None
        if self.status == "empty":
            return f"{self.pointer}/status"
        if self.status == "active" and self.assigned == 0:
            return f"{self.pointer}/staff/assigned"
        if self.staffed == ():
            return f"{self.pointer}/staffed_days"
        return None

    @property
    def empty(self) -> bool:
        """`status: empty`, or active with nobody posted, or monitored and never staffed."""
        return self.empty_pointer is not None

    @property
    def part_time(self) -> bool:
        """Monitoring found staff on some, but not all, of the days the counter should open."""
        if self.empty or self.staffed is None or self.status in NOT_OPEN or not self.days:
            return False
        return 0 < len(self.staffed) < len(self.days)

    @property
    def staffed_share(self) -> float | None:
        """Days staffed over days scheduled, when monitored."""
        if self.staffed is None or not self.days:
            return None
        return len(self.staffed) / len(self.days)

    @property
    def gap(self) -> int:
        """Planned headcount not posted: ``max(0, required - assigned)``, 0 when unknown."""
        if self.required is None or self.assigned is None:
            return 0
        return max(0, self.required - self.assigned)

    @property
    def serving(self) -> bool:
        """Open to citizens: active and not empty (a part-time counter still serves)."""
        return self.status == "active" and not self.empty

    @property
    def not_serving(self) -> bool:
        """Known not to serve: empty, closed or planned (an unknown status is neither)."""
        return self.empty or self.status in NOT_OPEN

    @property
    def open(self) -> bool:
        """Counted in staffing figures: not closed or planned."""
        return self.status not in NOT_OPEN


def mpp_days(data: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The MPP's opening days in week order, or None when not given."""
    days = section(section(data, "mpp"), "hours").get("days")
    if not isinstance(days, list):
        return None
    listed = {day for _, day in strings(days)}
    return tuple(day for day in WEEK if day in listed)


def _week_days(value: Any) -> tuple[str, ...] | None:
    """A list of day names in week order; None when the value is not such a list (unknown):
    `[senin, wed]` is not "wed only", it is a list the schema cannot read."""
    if not isinstance(value, list) or not all(isinstance(day, str) and day in WEEK for day in value):
        return None
    listed = set(value)
    return tuple(day for day in WEEK if day in listed)


def counter_states(data: Mapping[str, Any]) -> tuple[CounterState, ...]:
    """Every counter entry, classified; counter days default to the MPP's.

    A value of the wrong shape is unknown, never absent: `staffed_days: [1]` does not make a
    counter empty, and `agencies: polres` (not a list) seats nobody for sure. The schema
    reports the shape; the audit makes no claim it cannot support.
    """
    default_days = mpp_days(data) or ()
    states = []
    for index, counter in entries(data, "counters"):
        scheduled = counter.get("days")
        days = default_days if scheduled is None else _week_days(scheduled)
        staffed = _week_days(counter.get("staffed_days"))
        if staffed and days:
            staffed = tuple(day for day in days if day in staffed)
        elif staffed and not days:
            staffed = None  # staffed some days, but no known schedule to measure them against
        agencies = counter.get("agencies")
        staff = section(counter, "staff")
        given = "staff" in counter
        required, assigned = count(staff.get("required")), count(staff.get("assigned"))
        states.append(
            CounterState(
                index,
                text(counter.get("id")),
                tuple(agencies) if isinstance(agencies, list) and all(isinstance(a, str) for a in agencies) else None,
                text(counter.get("status")),
                days or (),
                staffed,
                required,
                assigned,
                given and (required is None or assigned is None),
            )
        )
    return tuple(states)


def staff_totals(states: Sequence[CounterState]) -> tuple[int | None, int | None, int | None]:
    """Planned, posted and gap over ``states``; all None when one counter's staff cannot be read."""
    if any(state.staff_unreadable for state in states):
        return None, None, None
    return (
        sum(state.required or 0 for state in states),
        sum(state.assigned or 0 for state in states),
        sum(state.gap for state in states),
    )


def open_counters_by_agency(states: Sequence[CounterState]) -> dict[str, list[CounterState]]:
    """Each agency's open counters (a shared counter under each of its agencies), built in one
    pass so that no check compares every agency with every counter."""
    seats: dict[str, list[CounterState]] = {}
    for state in states:
        if state.open and state.agencies is not None:
            for agency in dict.fromkeys(state.agencies):
                seats.setdefault(agency, []).append(state)
    return seats


def seated_agencies(states: tuple[CounterState, ...]) -> frozenset[str] | None:
    """Agencies named on any counter, whatever its status; None when some counter's list is unreadable."""
    if any(state.agencies is None for state in states):
        return None
    return frozenset(agency for state in states for agency in state.agencies or ())


def sits_at(state: CounterState, agency: str) -> bool:
    """The agency is on this counter's list."""
    return state.agencies is not None and agency in state.agencies


def unreachable_services(
    data: Mapping[str, Any], states: Sequence[CounterState]
) -> Iterator[tuple[int, Mapping[str, Any], tuple[CounterState, ...]]]:
    """(index, service, its counters) for each counter service whose every counter is empty,
    closed or planned. A counter whose status cannot be read, or an id used twice, leaves the
    question open: such a service is not listed."""
    by_id: dict[str, CounterState] = {}
    ambiguous: set[str] = set()
    for state in states:
        if state.id in by_id:
            ambiguous.add(state.id)  # I001 reports the duplicate; which one is meant is unknown
        elif state.id:
            by_id[state.id] = state
    for index, service in entries(data, "services"):
        if not offers_in_person(service):
            continue
        named = [counter for _, counter in strings(service.get("counters"))]
        if any(counter in ambiguous for counter in named):
            continue
        listed = tuple(by_id[counter] for counter in named if counter in by_id)
        if listed and all(state.not_serving for state in listed):
            yield index, service, listed


def offers_in_person(service: Mapping[str, Any]) -> bool:
    """The service says it is served at a counter."""
    channels = service.get("channels")
    return isinstance(channels, list) and "counter" in channels


NOT_OPERATING = frozenset({"planned", "closed"})
"""MPP statuses that operational checks and peer comparisons leave out."""


def operating(data: Mapping[str, Any]) -> bool:
    """Operational checks apply to an operating MPP (or one whose status is not given)."""
    return section(data, "mpp").get("status") not in NOT_OPERATING


@dataclass(frozen=True, slots=True)
class StandardState:
    """What a service's standard publishes: the components missing and those that cannot be
    read (`fee: 30.000`, a duration of `2 hari`); ``given`` is False when it has no standard."""

    given: bool
    missing: tuple[str, ...]
    unreadable: tuple[str, ...]

    @property
    def complete(self) -> bool:
        """All six published and readable."""
        return self.given and not self.missing and not self.unreadable

    @property
    def known(self) -> bool:
        """Whether complete or not can be said: a component that cannot be read leaves it open
        (the schema reports it), so the standard is then neither complete nor incomplete."""
        return not self.unreadable


def standard_state(service: Mapping[str, Any]) -> StandardState:
    """One pass over a service's standard (computed once per service: audits read every one)."""
    standard = service.get("standard")
    if type(standard) is not dict:
        return StandardState(False, STANDARD_PARTS, ())
    missing: list[str] = []
    unreadable: list[str] = []
    for part in STANDARD_PARTS:
        value = standard.get(part)
        if value is None or value == "" or value == [] or value == {}:
            missing.append(part)
        elif not _PART_READABLE[part](value):
            unreadable.append(part)
    return StandardState(True, tuple(missing), tuple(unreadable))


def _texts(value: Any) -> bool:
    return type(value) is list and all(type(item) is str and item for item in value)


def _duration(value: Any) -> bool:
    if not isinstance(value, dict):
        return False
    amount = value.get("value")
    number = isinstance(amount, (int, float)) and not isinstance(amount, bool) and 0 <= amount <= 100_000
    return number and value.get("unit") in ("minutes", "hours", "days", "working_days")


_PART_READABLE = {
    "requirements": _texts,
    "procedure": _texts,
    "duration": _duration,
    "fee": lambda value: isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 10**12,
    "product": lambda value: isinstance(value, str),
    "complaints": _texts,
}
