"""The data every command computes and every formatter renders: findings and rule metadata.

Frozen dataclasses so that results can be shared, cached and compared safely.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from mpptool.vocab.figures import MppFigures
    from mpptool.vocab.state import CounterState, StandardState


class Severity(enum.StrEnum):
    """How bad a finding is. Ordered: error > warning > info."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """Higher is worse; used to sort and to compare against a failing threshold."""
        return {"error": 3, "warning": 2, "info": 1}[self.value]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem, located in a file. Fields match the JSON contract in the README."""

    code: str
    severity: Severity
    message: str
    file: str
    line: int
    column: int
    pointer: str = ""
    mpp: str | None = None
    end_line: int | None = None
    end_column: int | None = None

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Stable order: by file, position, code, pointer, message."""
        return (self.file, self.line, self.column, self.code, self.pointer, self.message)

    def as_json(self) -> dict[str, Any]:
        """The finding as the JSON contract fixes it."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "pointer": self.pointer,
            "mpp": self.mpp,
        }


def count_severity(findings: Iterable[Finding], severity: Severity) -> int:
    """How many of ``findings`` have ``severity``."""
    return sum(1 for finding in findings if finding.severity is severity)


def worst_severity(findings: Iterable[Finding]) -> Severity | None:
    """The most severe of ``findings``, or None when there are none."""
    return max((finding.severity for finding in findings), key=lambda s: s.rank, default=None)


@dataclass(frozen=True, slots=True)
class Issue:
    """What a semantic rule reports before it is located: a JSON Pointer and a message.

    ``at_key`` asks for the position of the mapping key rather than its value (for a
    missing or extra key, or a duplicate).
    """

    pointer: str
    message: str
    at_key: bool = False


@dataclass(frozen=True, slots=True)
class Rule:
    """A check's metadata, the single source for docs, `mpptool rules` and reports."""

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    family: str
    file_check: Callable[[FileContext], Iterable[Issue]] | None = None
    catalog_check: Callable[[Sequence[MppFigures], AuditSettings], Iterable[tuple[int, Issue]]] | None = None
    """Compares MPPs with each other; yields (index into the figures, issue). Audit only."""

    @classmethod
    def of(cls, code: str, name: str, severity: Severity, summary: str, family: str, check: Callable[..., Any]) -> Rule:
        """A per-file rule whose rationale is its check's docstring: one place for both."""
        return cls(code, name, severity, summary, check.__doc__ or "", family, check)


@dataclass(frozen=True, slots=True)
class AuditSettings:
    """The date and thresholds an audit judges against; one value per run, never global.

    The defaults are documented in the README with their reasons: the busiest MPPs reach
    about 4,000 services a day (seed 001); a civil-registry counter seeing 6-10 visitors a
    day against ~100 at its old office is the low end the press reports (Gresik).
    """

    as_of: dt.date
    expiring_within_days: int = 90
    benchmark_per_day: int = 4000
    low_per_open_day: int = 40
    peer_share: float = 0.5


@dataclass(frozen=True)
class FileContext:
    """What a per-file semantic rule may look at: the parsed data and the reference data.

    Derived views several rules share (the classified counters) are computed once per file,
    on first use; hence no ``slots``, which ``cached_property`` needs.
    """

    data: Mapping[str, Any]
    reference: ReferenceData
    settings: AuditSettings | None = None
    """Set only when auditing; audit rules yield nothing without it."""

    @cached_property
    def counters(self) -> tuple[CounterState, ...]:
        """Every well-formed counter, classified (empty, part-time, gap...)."""
        from mpptool.vocab.state import counter_states

        return counter_states(self.data)

    @cached_property
    def seats(self) -> dict[str, list[CounterState]]:
        """Each agency's open counters, indexed once for the rules and the figures."""
        from mpptool.vocab.state import open_counters_by_agency

        return open_counters_by_agency(self.counters)

    @cached_property
    def standards(self) -> tuple[tuple[int, StandardState], ...]:
        """(index, state) of every service's standard, read once for the rules and the figures."""
        from mpptool.vocab.access import entries
        from mpptool.vocab.state import standard_state

        return tuple((index, standard_state(service)) for index, service in entries(self.data, "services"))

    @cached_property
    def unreachable(self) -> tuple[tuple[int, Mapping[str, Any], tuple[CounterState, ...]], ...]:
        """Counter services whose every counter is empty, closed or planned (A006 and the figures)."""
        from mpptool.vocab.state import unreachable_services

        return tuple(unreachable_services(self.data, self.counters))


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """Reference codes the rules resolve against (taxonomy, regions), loaded once per run."""

    service_types: frozenset[str]
    regions: Mapping[str, str] = field(default_factory=dict)
