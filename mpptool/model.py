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

from mpptool.text.i18n import Text, clip_message
from mpptool.vocab.access import entries
from mpptool.vocab.state import (
    CounterState,
    StandardState,
    counter_states,
    open_counters_by_agency,
    standard_state,
    unreachable_services,
)

if TYPE_CHECKING:  # an annotation only: `validate` never computes figures, so never imports them
    from mpptool.vocab.figures import MppFigures


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
    whole_row: bool = False
    """A queue-log row (or file) at fault as a whole: JSON gives ``column: null`` (``activity-format.md``)."""
    cell: str | None = None
    """In a workbook, the sheet and cell as Excel names them (``Layanan!D12``); shown instead of line:column."""
    text: Text | None = field(default=None, compare=False)
    """The message as data, to say it in another language (``message`` is its English rendering)."""

    @classmethod
    def said(
        cls, code: str, severity: Severity, message: str | Text, file: str, line: int, column: int, **rest: Any
    ) -> Finding:
        """A finding from a message that may be data (:class:`Text`): its English is ``message``, clipped."""
        text = message if isinstance(message, Text) else None
        return cls(code, severity, clip_message(str(message)), file, line, column, text=text, **rest)

    def say(self, lang: str = "en") -> str:
        """The message in ``lang``: English is ``message`` itself; another language renders ``text``."""
        if lang == "en" or self.text is None:
            return self.message
        return clip_message(self.text.render(lang))

    def place(self) -> str:
        """Where in its file, after the file's name: ``:12:5``, or ``:Layanan!D12`` in a workbook."""
        return f":{self.cell}" if self.cell else f":{self.line}:{self.column}"

    def sort_key(self) -> tuple[str, int, int, str, str, str]:
        """Stable order: by file, position, code, pointer, message."""
        return (self.file, self.line, self.column, self.code, self.pointer, self.message)

    def as_json(self, lang: str = "en") -> dict[str, Any]:
        """The finding as the JSON contract fixes it; ``message`` in ``lang`` (keys never change)."""
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.say(lang),
            "file": self.file,
            "line": self.line,
            "column": None if self.whole_row else self.column,
            "end_line": self.end_line,
            "end_column": self.end_column,
            "pointer": self.pointer,
            "mpp": self.mpp,
            "cell": self.cell,
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
    message: str | Text
    at_key: bool = False


@dataclass(frozen=True, slots=True)
class FileSummary:
    """What a check across files may read of each file: its MPP's keys and figures."""

    display: str
    mpp_id: str | None
    region: str | None
    status: str | None
    figures: MppFigures | None = None
    """Only when auditing."""


FileCheck = Callable[["FileContext"], Iterable[Issue]]
"""A check of one parsed file: it yields located issues (a JSON Pointer and a message)."""

CatalogCheck = Callable[[Sequence[FileSummary], "AuditSettings | None"], Iterable[tuple[int, Issue]]]
"""A check across the catalog over every file's summary: it yields (index of the file, issue)."""


@dataclass(frozen=True, slots=True)
class Rule:
    """A check's metadata, the single source for docs, `mpptool rules` and reports.

    A rule is attached one way: its check, run per file (``per_file``) or across the catalog's
    files (``across_files``); or, for what is found while reading (F, Y, S) or applying the
    policy (M), the stage that reports it (``reported_by``). Built one way: :meth:`define`.
    """

    code: str
    name: str
    severity: Severity
    summary: str
    rationale: str
    family: str
    per_file: FileCheck | None = None
    across_files: CatalogCheck | None = None
    reported_by: str | None = None
    """For rules without a check here: the module that finds them while reading or applying the policy."""
    fix: str | None = None
    """What `mpptool fix` does about it (safe, and unsafe with ``--unsafe-fixes``); None: not fixable."""

    @classmethod
    def define(
        cls,
        code: str,
        name: str,
        severity: Severity,
        summary: str,
        family: str,
        *,
        per_file: FileCheck | None = None,
        across_files: CatalogCheck | None = None,
        reported_by: str | None = None,
        rationale: str | None = None,
        fix: str | None = None,
    ) -> Rule:
        """A rule with exactly one way of being found; its rationale defaults to its check's docstring."""
        attached = [item for item in (per_file, across_files, reported_by) if item is not None]
        if len(attached) != 1:
            raise ValueError(f"{code}: give exactly one of per_file, across_files, reported_by")
        check = per_file or across_files
        text = _prose(rationale if rationale is not None else check.__doc__ if check is not None else None)
        if not text:
            raise ValueError(f"{code}: a rule needs a rationale (its check's docstring, or `rationale=`)")
        return cls(code, name, severity, summary, text, family, per_file, across_files, reported_by, fix)


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
    schedules: bool = False
    """Whether each file's schedule is computed too: only when queue logs are read (``--activity``)."""


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
        return counter_states(self.data)

    @cached_property
    def seats(self) -> dict[str, list[CounterState]]:
        """Each agency's open counters, indexed once for the rules and the figures."""
        return open_counters_by_agency(self.counters)

    @cached_property
    def standards(self) -> tuple[tuple[int, StandardState], ...]:
        """(index, state) of every service's standard, read once for the rules and the figures."""
        return tuple((index, standard_state(service)) for index, service in entries(self.data, "services"))

    @cached_property
    def unreachable(self) -> tuple[tuple[int, Mapping[str, Any], tuple[CounterState, ...]], ...]:
        """Counter services whose every counter is empty, closed or planned (A006 and the figures)."""
        return tuple(unreachable_services(self.data, self.counters))


@dataclass(frozen=True, slots=True)
class ReferenceData:
    """Reference codes the rules resolve against (taxonomy, regions), loaded once per run."""

    service_types: frozenset[str]
    regions: Mapping[str, str] = field(default_factory=dict)


def _prose(docstring: str | None) -> str:
    """A rationale as prose, computed once for every reader: indentation gone, each paragraph one
    line with single spaces (SARIF viewers wrap it; `mpptool rules CODE` wraps it to the terminal)."""
    paragraphs: list[str] = []
    current: list[str] = []
    for line in (docstring or "").splitlines():
        if line.strip():
            current.extend(line.split())
        elif current:
            paragraphs.append(" ".join(current))
            current = []
    if current:
        paragraphs.append(" ".join(current))
    return "\n\n".join(paragraphs)
