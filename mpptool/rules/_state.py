"""What an MPP is really doing: counters empty, part-time, short of staff; standards complete.

Computed from the catalog's definitions (README, "What the audit figures mean") and shared
by the audit rules and the audit figures, so a finding and a headline count can never
disagree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mpptool.rules._access import count, entries, section, strings, text

WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
STANDARD_PARTS = ("requirements", "procedure", "duration", "fee", "product", "complaints")
"""The six published components of a service standard (PermenPANRB 15/2014), in order."""
NOT_OPEN = frozenset({"closed", "planned"})
"""Counter statuses that say, truthfully, that nobody is expected there yet or any more."""


@dataclass(frozen=True, slots=True)
class CounterState:
    """One counter, classified. ``staffed`` is None when no monitoring was recorded."""

    index: int
    id: str | None
    agencies: tuple[str, ...]
    status: str | None
    days: tuple[str, ...]
    staffed: tuple[str, ...] | None
    required: int | None
    assigned: int | None

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


def mpp_days(data: Mapping[str, Any]) -> tuple[str, ...] | None:
    """The MPP's opening days in week order, or None when not given."""
    days = section(section(data, "mpp"), "hours").get("days")
    if not isinstance(days, list):
        return None
    listed = {day for _, day in strings(days)}
    return tuple(day for day in WEEK if day in listed)


def counter_states(data: Mapping[str, Any]) -> tuple[CounterState, ...]:
    """Every well-formed counter entry, classified; counter days default to the MPP's."""
    default_days = mpp_days(data) or ()
    states = []
    for index, counter in entries(data, "counters"):
        scheduled = counter.get("days")
        if isinstance(scheduled, list):
            listed = {day for _, day in strings(scheduled)}
            days = tuple(day for day in WEEK if day in listed)
        else:
            days = default_days
        monitored = counter.get("staffed_days")
        staffed = None
        if isinstance(monitored, list):
            seen = {day for _, day in strings(monitored)}
            staffed = tuple(day for day in (days or WEEK) if day in seen)
        staff = section(counter, "staff")
        states.append(
            CounterState(
                index,
                text(counter.get("id")),
                tuple(agency for _, agency in strings(counter.get("agencies"))),
                text(counter.get("status")),
                days,
                staffed,
                count(staff.get("required")),
                count(staff.get("assigned")),
            )
        )
    return tuple(states)


def seated_agencies(states: tuple[CounterState, ...]) -> frozenset[str]:
    """Agencies named on any counter, whatever its status."""
    return frozenset(agency for state in states for agency in state.agencies)


def offers_in_person(service: Mapping[str, Any]) -> bool:
    """The service says it is served at a counter."""
    channels = service.get("channels")
    return isinstance(channels, list) and "counter" in channels


def operating(data: Mapping[str, Any]) -> bool:
    """Operational checks apply to an operating MPP (or one whose status is not given)."""
    status = section(data, "mpp").get("status")
    return status not in ("planned", "closed")


def missing_parts(service: Mapping[str, Any]) -> tuple[str, ...] | None:
    """Standard components the service does not publish; None when it has no standard at all."""
    standard = service.get("standard")
    if not isinstance(standard, Mapping):
        return None
    return tuple(part for part in STANDARD_PARTS if standard.get(part) in (None, "", [], {}))
