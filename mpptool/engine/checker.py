"""One file through the pipeline: read, decode, parse strictly, schema, per-file rules.

Each file comes out as a small picklable :class:`FileOutcome` (its findings, at most
``max_per_code`` of a code, and what the checks across files need), so files can be checked in
worker processes; :mod:`mpptool.engine.catalog` runs the checks across files over the outcomes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mpptool.loaders.comments import NONE as NO_SUPPRESSIONS
from mpptool.loaders.comments import Suppressions, outside_values, read_suppressions
from mpptool.loaders.files import (
    FileProblem,
    Target,
    content_digest,
    decode,
    read_bytes,
)
from mpptool.loaders.locate import Locator, Span
from mpptool.loaders.schema import SchemaChecker
from mpptool.loaders.strict_yaml import BLOCKING, parse_yaml
from mpptool.model import (
    AuditSettings,
    FileContext,
    FileSummary,
    Finding,
    ReferenceData,
    Rule,
    Severity,
)
from mpptool.rules import registry, validation_rules
from mpptool.text.cells import cell_name, cell_position
from mpptool.text.i18n import MAX_MESSAGE, Text, msg  # noqa: F401  (MAX_MESSAGE: re-exported)
from mpptool.text.lookalikes import explain_lookalikes
from mpptool.vocab.access import text as as_text

if TYPE_CHECKING:  # annotations only: `validate` never computes figures or schedules, so never imports them
    from mpptool.vocab.figures import MppFigures
    from mpptool.vocab.schedule import MppSchedule


MAX_FINDINGS_PER_CODE = 100
"""Findings of one code listed per file (the rest are counted in one closing finding), so the
memory and output of any file stay proportional to what a person can read."""

MAX_POINTER = 1_000
"""Characters of a JSON Pointer: a key of a megabyte must not be carried into every finding."""


@dataclass(frozen=True, slots=True)
class FileOutcome:
    """One file's findings and what catalog-wide rules need from it."""

    display: str
    findings: tuple[Finding, ...]
    mpp_id: str | None = None
    region: str | None = None
    status: str | None = None
    spans: Mapping[str, Span] = field(default_factory=dict)
    """Where catalog-wide rules locate their findings; empty when the file could not be checked."""
    figures: MppFigures | None = None
    suppressions: Suppressions = NO_SUPPRESSIONS
    schedule: MppSchedule | None = None
    """When and where the MPP's counters should serve, located; only when auditing against queue logs."""
    digest: str | None = None
    """The digest of the bytes that were checked (:func:`mpptool.loaders.files.content_digest`), for the cache."""

    @property
    def checked(self) -> bool:
        """Whether every check ran (the file was read and parsed); only then are suppressions judged."""
        return bool(self.spans)

    @property
    def summary(self) -> FileSummary:
        """What the checks across files read of this file."""
        return FileSummary(self.display, self.mpp_id, self.region, self.status, self.figures)


def load_reference() -> ReferenceData:
    """Reference codes from the packaged data."""
    from mpptool.loaders.reference import load_regions, load_service_types

    regions = {code: region.name for code, region in load_regions().items()}
    return ReferenceData(frozenset(load_service_types()), regions)


class FileChecker:
    """Checks single files; holds the compiled schema, reference data and audit settings for a run.

    With ``settings`` it audits: the audit rules run too and each file's figures come back
    with its findings, computed where the file was parsed.
    """

    def __init__(
        self,
        rules: Mapping[str, Rule] | None = None,
        reference: ReferenceData | None = None,
        settings: AuditSettings | None = None,
        max_per_code: int = MAX_FINDINGS_PER_CODE,
    ) -> None:
        self.settings = settings
        self.max_per_code = max_per_code
        if rules is None:
            rules = registry() if settings is not None else validation_rules()
        self.rules = rules
        self._given_reference = reference
        self._file_rules = [rule for rule in self.rules.values() if rule.per_file is not None]
        self._catalog_rules = [rule for rule in self.rules.values() if rule.across_files is not None]

    @cached_property
    def reference(self) -> ReferenceData:
        """Loaded on first use: a parent whose workers check the files never needs it."""
        return self._given_reference if self._given_reference is not None else load_reference()

    @cached_property
    def schema(self) -> SchemaChecker:
        """Compiled on first use, for the same reason."""
        return SchemaChecker()

    def _finding(
        self, code: str, message: str | Text, display: str, span: Span, pointer: str = "", mpp: str | None = None
    ) -> Finding:
        severity = self.rules[code].severity if code in self.rules else Severity.ERROR
        if len(pointer) > MAX_POINTER:
            pointer = pointer[: MAX_POINTER - 1] + "…"
        return Finding.said(
            code,
            severity,
            message,
            display,
            span.line,
            span.column,
            pointer=pointer,
            mpp=mpp,
            end_line=span.end_line,
            end_column=span.end_column,
        )

    def check(self, item: Target) -> FileOutcome:
        """Read and check one file."""
        raw = read_bytes(item)
        if isinstance(raw, FileProblem):
            return self.problem_outcome(raw)
        return self.check_bytes(item.display, raw)

    def check_bytes(self, display: str, raw: bytes) -> FileOutcome:
        """Decode and check one file's bytes; the outcome carries their digest, for the cache."""
        digest = content_digest(raw)
        if display.lower().endswith(".xlsx"):
            return dataclasses.replace(self.check_workbook(display, raw), digest=digest)
        text, bad = decode(raw)
        if text is None:
            assert bad is not None
            line, column, message = bad
            finding = self._finding("Y002", message, display, Span(line, column, line, column))
            return FileOutcome(display, (finding,), digest=digest)
        return dataclasses.replace(self.check_text(display, text), digest=digest)

    def check_workbook(self, display: str, raw: bytes) -> FileOutcome:
        """A workbook written by `mpptool export` (and edited), checked as the MPP file it stands for.

        The findings are the same as for the YAML file, with the same messages, each placed at
        the cell its value was typed in: its row and column, and the sheet and cell as Excel
        names them (``cell``: ``Layanan!D12``), which the formats show instead of line:column.
        A column the format does not know is S002, a missing sheet S001, at the header or the
        sheet's first cell.
        """
        import io

        from mpptool.authoring.workbook import SHEETS, cell_of, from_workbook, yaml_text

        try:
            from openpyxl import load_workbook

            book = load_workbook(io.BytesIO(raw), data_only=False)
        except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
            message = msg(
                "F003.not-a-workbook",
                "cannot be read as an XLSX workbook ({error}); save it again from Excel",
                error=type(error).__name__,
            )
            return FileOutcome(display, (self._finding("F003", message, display, Span(1, 1, 1, 1)),))
        cells: dict[str, tuple[str, str]] = {}
        data, problems = from_workbook(book, cells)
        outcome = self.check_text(display, yaml_text(data))
        first = book.sheetnames[0] if book.sheetnames else SHEETS[0].id

        def place(pointer: str) -> tuple[Span, str]:
            sheet, ref = cell_of(pointer, cells) or (first, "A1")
            row, column = cell_position(ref)
            return Span(row, column, row, column), cell_name(sheet, column, row)

        found = []
        for finding in outcome.findings:
            span, where = place(finding.pointer)
            found.append(
                dataclasses.replace(
                    finding,
                    line=span.line,
                    column=span.column,
                    end_line=None,
                    end_column=None,
                    cell=where,
                )
            )
        for problem in problems:
            code = {"sheet": "S001", "column": "S002", "formula": "S003", "merged": "X001", "hidden": "X002"}[
                problem.kind
            ]
            row, column = cell_position(problem.cell)
            span = Span(row, column, row, column)
            made = self._finding(code, problem.message, display, span, problem.pointer, outcome.mpp_id)
            found.append(dataclasses.replace(made, cell=cell_name(problem.sheet, column, row)))
        spans = {pointer: place(pointer)[0] for pointer in outcome.spans}
        return dataclasses.replace(outcome, findings=tuple(sorted(found, key=Finding.sort_key)), spans=spans)

    def problem_outcome(self, problem: FileProblem) -> FileOutcome:
        """A file that could not be read, as a finding at its first line."""
        return FileOutcome(
            problem.display, (self._finding(problem.code, problem.message, problem.display, Span(1, 1, 1, 1)),)
        )

    def check_text(self, display: str, text: str) -> FileOutcome:
        """Check one decoded file: YAML strictness, schema, per-file semantic rules."""
        suppressions = read_suppressions(text)
        loaded = parse_yaml(text)
        if suppressions and loaded.root is not None:
            suppressions = outside_values(suppressions, _quoted_values(loaded.root))
        locator = Locator(loaded.root)
        data = loaded.data
        mpp_section = data.get("mpp") if isinstance(data, dict) else None
        mpp_id = _text(mpp_section, "id")
        findings = _Capped(self.max_per_code, display, mpp_id, self)
        explained: set[str] = set()
        """Pointers a YAML or schema finding already explains: one mistake, one finding, so a rule
        finding at the same place (I007 on a region the schema finds malformed) is a consequence."""
        yaml_codes: set[str] = set()
        lines = text.split("\n")
        for problem in loaded.problems:
            explained.add(problem.pointer)
            yaml_codes.add(problem.code)
            span = Span(problem.line, problem.column, problem.line, problem.column)
            if findings.room(problem.code, span, problem.pointer):
                message = _with_lookalike(problem.message, lines, problem.line, problem.code == "Y001")
                findings.add(problem.code, message, span, problem.pointer)
        for code, more in loaded.overflow.items():
            findings.count_only(code, more)
        if not isinstance(data, dict) or loaded.root is None or yaml_codes & BLOCKING:
            return FileOutcome(display, findings.done(), mpp_id, suppressions=suppressions)
        schema_found = []
        checked = self.schema.check(data, locator)
        for issue in checked.issues:
            if issue.pointer in explained and issue.pointer:
                continue  # already explained, better, by the YAML rule at the same place
            schema_found.append(issue)
        for code, more in checked.more.items():
            findings.count_only(code, more)
        if checked.unchecked:
            findings.unchecked = checked.unchecked
        for issue in schema_found:
            explained.add(issue.pointer)
            span = locator.span(issue.pointer, issue.at_key)
            if findings.room(issue.code, span, issue.pointer):
                written = locator.source_text(issue.pointer) if not issue.at_key else None
                findings.add(
                    issue.code, _with_lookalike(issue.message, lines, span.line, False, written), span, issue.pointer
                )
        context = FileContext(data, self.reference, self.settings)
        for rule in self._file_rules:
            assert rule.per_file is not None
            for found in rule.per_file(context):
                if found.pointer in explained and found.pointer:
                    continue
                if findings.room(rule.code, None, found.pointer):
                    findings.add(rule.code, found.message, locator.span(found.pointer, found.at_key), found.pointer)
                elif findings.first_dropped_span(rule.code) is None:
                    findings.place_dropped(rule.code, locator.span(found.pointer, found.at_key), found.pointer)
        spans = {pointer: locator.span(pointer) for pointer in ("/mpp/id", "/mpp/region")}
        figures = None
        if self.settings is not None:
            from mpptool.vocab.figures import mpp_figures

            figures = mpp_figures(
                display,
                data,
                self.reference.regions,
                context.counters,
                [state for _, state in context.standards],
                context.unreachable,
                context.seats,
            )
            spans["/metrics"] = locator.span("/metrics", at_key=True)
        schedule = None
        if self.settings is not None and self.settings.schedules:
            from mpptool.vocab.schedule import mpp_schedule

            schedule = mpp_schedule(display, data)
            if schedule is not None:
                places = {}
                for pointer in schedule.pointers():
                    span = locator.span(pointer)
                    places[pointer] = (span.line, span.column, span.end_line, span.end_column)
                schedule = dataclasses.replace(schedule, places=places)
        region, status = _text(mpp_section, "region"), _text(mpp_section, "status")
        return FileOutcome(display, findings.done(), mpp_id, region, status, spans, figures, suppressions, schedule)

    def catalog_findings(self, outcomes: Sequence[FileOutcome]) -> list[Finding]:
        """The findings of the rules that look across files (ids and regions unique, each MPP
        against its peers), over every checked file's summary."""
        summaries = [outcome.summary for outcome in outcomes]
        found = []
        for rule in self._catalog_rules:
            assert rule.across_files is not None
            for index, issue in rule.across_files(summaries, self.settings):
                outcome = outcomes[index]
                span = outcome.spans.get(issue.pointer, Span(1, 1, 1, 1))
                found.append(
                    self._finding(rule.code, issue.message, outcome.display, span, issue.pointer, outcome.mpp_id)
                )
        return found


class _Capped:
    """One file's findings with at most ``limit`` of each code; the rest are counted, and one
    closing finding of that code (at the first left out) says how many more there are."""

    def __init__(self, limit: int, display: str, mpp: str | None, checker: FileChecker) -> None:
        self.limit = limit
        self.display = display
        self.mpp = mpp
        self.checker = checker
        self.kept: list[Finding] = []
        self.counts: dict[str, int] = {}
        self.dropped: dict[str, tuple[Span | None, str]] = {}
        self.extra: dict[str, int] = {}
        """Findings counted where they were found but never produced (a loader's or the schema's budget)."""
        self.unchecked = 0
        """Entries of long lists found broken but not checked further (the schema's budget)."""

    def room(self, code: str, span: Span | None, pointer: str) -> bool:
        """Whether one more finding of ``code`` is listed; if not, it is counted (and placed)."""
        seen = self.counts.get(code, 0)
        self.counts[code] = seen + 1
        if seen < self.limit:
            return True
        if code not in self.dropped:
            self.dropped[code] = (span, pointer)
        return False

    def count_only(self, code: str, more: int) -> None:
        """``more`` findings of ``code`` that exist but were only counted upstream."""
        self.extra[code] = self.extra.get(code, 0) + more

    def first_dropped_span(self, code: str) -> Span | None:
        entry = self.dropped.get(code)
        return entry[0] if entry is not None else None

    def place_dropped(self, code: str, span: Span, pointer: str) -> None:
        self.dropped[code] = (span, pointer)

    def add(self, code: str, message: str | Text, span: Span, pointer: str) -> None:
        self.kept.append(self.checker._finding(code, message, self.display, span, pointer, self.mpp))

    def done(self) -> tuple[Finding, ...]:
        if self.unchecked:
            message = msg(
                "S099.unchecked",
                "and {count} more list entries that do not fit the schema, not checked further: "
                "so many broken entries are a generated or damaged file; fix those listed first",
                count=self.unchecked,
            )
            self.add("S099", message, Span(1, 1, 1, 1), "")
        for code in sorted(self.dropped.keys() | self.extra.keys()):
            span, pointer = self.dropped.get(code, (None, ""))
            more = max(0, self.counts.get(code, 0) - self.limit) + self.extra.get(code, 0)
            if more <= 0:
                continue
            message = msg(
                "engine.more-findings",
                "and {count} more {code} {findings} in this file, not listed: at most {limit} of one code are "
                "listed per file; fix these first, or raise `max-findings-per-code` in the configuration to list more",
                count=more,
                code=code,
                findings=msg("engine.finding", "finding") if more == 1 else msg("engine.findings", "findings"),
                limit=self.limit,
            )
            self.add(code, message, span or Span(1, 1, 1, 1), pointer)
        return tuple(self.kept)


def _with_lookalike(
    message: str | Text, lines: list[str], line: int, broken: bool, value: str | None = None
) -> str | Text:
    """``message`` with the character that misled YAML named, when the finding sits on one.

    ``value``: the value as written, when the finding is about one (its text is searched, so a
    name with an en dash elsewhere on the line does not count); otherwise the finding's line,
    and for a syntax error (``broken``) the line before it too, where the cause often is.
    """
    found: Text | None
    if value is not None:
        found = explain_lookalikes(value, line_hint=False)
    else:
        candidates = [line, line - 1] if broken else [line]
        found = None
        for number in candidates:
            if 0 < number <= len(lines) and (found := explain_lookalikes(lines[number - 1])) is not None:
                if number != line:
                    found = msg("lookalike.on-line", "{found} (line {line:d})", found=found, line=number)
                break
    if found is None or str(found).split(" (U+")[0] in str(message):  # named already (in English, as said)
        return message
    return message + msg("engine.lookalike", "; the text holds {found}", found=found)


def _quoted_values(root: Node) -> list[tuple[int, int, int, int]]:
    """Spans of the quoted and block scalars, the only values a ``#`` can sit inside.

    Walked only for files that hold a suppression comment. A block scalar's text starts on
    the line after its ``|``/``>``, where a real comment may follow the indicator.
    """
    spans = []
    stack = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, ScalarNode):
            if node.style in ("'", '"', "|", ">"):
                start, end = node.start_mark, node.end_mark
                first = (start.line + 2, 0) if node.style in ("|", ">") else (start.line + 1, start.column + 1)
                spans.append((*first, end.line + 1, end.column + 1))
        elif isinstance(node, SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, MappingNode):
            for key, value in node.value:
                stack.extend((key, value))
    return spans


def _text(section: Any, key: str) -> str | None:
    return as_text(section.get(key)) if isinstance(section, dict) else None
