"""The validation engine: files in, located findings out. Pure apart from reading files.

Each file goes through the same pipeline (read, decode, parse strictly, schema, per-file
rules) and comes out as a small picklable :class:`FileOutcome`, so files can be checked in
worker processes; catalog-wide rules then run over the outcomes.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mpptool.config import Config
from mpptool.files import FileProblem, Target, decode, discover, read_bytes, relative_path
from mpptool.locate import Locator, Span
from mpptool.lookalikes import explain_lookalikes
from mpptool.model import (
    AuditSettings,
    FileContext,
    Finding,
    ReferenceData,
    Rule,
    Severity,
    count_severity,
    worst_severity,
)
from mpptool.policy import FileNotes, Policy, make_policy
from mpptool.rules import registry, validation_rules
from mpptool.rules._access import text as as_text
from mpptool.rules.integrity import MppKey, catalog_issues
from mpptool.schema import SchemaChecker
from mpptool.suppress import NONE as NO_SUPPRESSIONS
from mpptool.suppress import Suppressions, outside_values, read_suppressions
from mpptool.yamlload import BLOCKING, parse_yaml

if TYPE_CHECKING:
    from mpptool.figures import MppFigures


@dataclass(frozen=True, slots=True)
class Content:
    """A file's bytes, read by the parent (to look them up in the cache) and checked elsewhere."""

    display: str
    data: bytes


PARALLEL_MIN_FILES = 24
"""Below this, starting worker processes costs more than it saves."""

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as files are checked; for a progress bar."""


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

    @property
    def checked(self) -> bool:
        """Whether every check ran (the file was read and parsed); only then are suppressions judged."""
        return bool(self.spans)


@dataclass(frozen=True, slots=True)
class ValidationResult:
    """Everything `validate` found, sorted; formatters render this."""

    findings: tuple[Finding, ...]
    files: tuple[str, ...]
    suppressed: tuple[Finding, ...] = ()
    """Findings silenced by an inline ``# mpptool: ignore[...]`` comment (SARIF keeps them)."""
    fail_at: Severity | None = Severity.ERROR
    """The least severe finding that fails the run (``--strict``: warning); None never fails."""
    root: str | None = None
    """The folder CI formats name files relative to (the repository root); None: as given."""
    notes: tuple[str, ...] = ()
    """What the user should hear about the run itself (files passed over), on stderr."""

    def count(self, severity: Severity) -> int:
        """How many findings have this severity."""
        return count_severity(self.findings, severity)

    def worst(self) -> Severity | None:
        """The most severe finding's severity, or None when clean."""
        return worst_severity(self.findings)

    def failing(self, finding: Finding) -> bool:
        """Whether ``finding`` alone would make the run fail."""
        return self.fail_at is not None and finding.severity.rank >= self.fail_at.rank

    def failed(self) -> bool:
        """Whether the run fails: some finding at or above ``fail_at``."""
        return any(self.failing(finding) for finding in self.findings)

    def path(self, file: str) -> str:
        """``file`` as CI formats name it: relative to ``root``, with forward slashes."""
        return relative_path(file, self.root)


def load_reference() -> ReferenceData:
    """Reference codes from the packaged data."""
    from mpptool.reference import load_regions, load_service_types

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
    ) -> None:
        self.settings = settings
        if rules is None:
            rules = registry() if settings is not None else validation_rules()
        self.rules = rules
        self._given_reference = reference
        self._file_rules = [rule for rule in self.rules.values() if rule.file_check is not None]

    @cached_property
    def reference(self) -> ReferenceData:
        """Loaded on first use: a parent whose workers check the files never needs it."""
        return self._given_reference if self._given_reference is not None else load_reference()

    @cached_property
    def schema(self) -> SchemaChecker:
        """Compiled on first use, for the same reason."""
        return SchemaChecker()

    def _finding(
        self, code: str, message: str, display: str, span: Span, pointer: str = "", mpp: str | None = None
    ) -> Finding:
        severity = self.rules[code].severity if code in self.rules else Severity.ERROR
        return Finding(
            code, severity, message, display, span.line, span.column, pointer, mpp, span.end_line, span.end_column
        )

    def check(self, item: Target | Content) -> FileOutcome:
        """Read and check one file, or check content already read."""
        if isinstance(item, Target):
            raw = read_bytes(item)
            if isinstance(raw, FileProblem):
                return self.problem_outcome(raw)
            return self.check_bytes(item.display, raw)
        return self.check_bytes(item.display, item.data)

    def check_bytes(self, display: str, raw: bytes) -> FileOutcome:
        """Decode and check one file's bytes."""
        text, bad = decode(raw)
        if text is None:
            assert bad is not None
            line, column, message = bad
            return FileOutcome(display, (self._finding("Y002", message, display, Span(line, column, line, column)),))
        return self.check_text(display, text)

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
        findings: list[Finding] = []
        explained: set[str] = set()
        """Pointers a YAML or schema finding already explains: one mistake, one finding, so a rule
        finding at the same place (I007 on a region the schema finds malformed) is a consequence."""
        yaml_codes: set[str] = set()
        lines = text.split("\n")
        for problem in loaded.problems:
            span = Span(problem.line, problem.column, problem.line, problem.column)
            message = _with_lookalike(problem.message, lines, problem.line, problem.code == "Y001")
            findings.append(self._finding(problem.code, message, display, span, problem.pointer, mpp_id))
            explained.add(problem.pointer)
            yaml_codes.add(problem.code)
        if not isinstance(data, dict) or loaded.root is None or yaml_codes & BLOCKING:
            return FileOutcome(display, tuple(findings), mpp_id, suppressions=suppressions)
        schema_found = []
        for issue in self.schema.check(data, locator):
            if issue.pointer in explained and issue.pointer:
                continue  # already explained, better, by the YAML rule at the same place
            schema_found.append(issue)
        for issue in schema_found:
            explained.add(issue.pointer)
            span = locator.span(issue.pointer, issue.at_key)
            written = locator.source_text(issue.pointer) if not issue.at_key else None
            message = _with_lookalike(issue.message, lines, span.line, False, written)
            findings.append(self._finding(issue.code, message, display, span, issue.pointer, mpp_id))
        context = FileContext(data, self.reference, self.settings)
        for rule in self._file_rules:
            assert rule.file_check is not None
            for found in rule.file_check(context):
                if found.pointer in explained and found.pointer:
                    continue
                span = locator.span(found.pointer, found.at_key)
                findings.append(self._finding(rule.code, found.message, display, span, found.pointer, mpp_id))
        spans = {pointer: locator.span(pointer) for pointer in ("/mpp/id", "/mpp/region")}
        figures = None
        if self.settings is not None:
            from mpptool.figures import mpp_figures

            figures = mpp_figures(
                display,
                data,
                self.reference.regions,
                context.counters,
                [state for _, state in context.standards],
                context.unreachable,
            )
            spans["/metrics"] = locator.span("/metrics", at_key=True)
        region, status = _text(mpp_section, "region"), _text(mpp_section, "status")
        return FileOutcome(display, tuple(findings), mpp_id, region, status, spans, figures, suppressions)

    def catalog_findings(self, outcomes: Sequence[FileOutcome]) -> list[Finding]:
        """Findings that need the whole catalog: ids and regions unique across files."""
        keys = [MppKey(index, o.display, o.mpp_id, o.region, o.status) for index, o in enumerate(outcomes)]
        found = []
        for index, code, issue in catalog_issues(keys):
            outcome = outcomes[index]
            span = outcome.spans.get(issue.pointer, Span(1, 1, 1, 1))
            found.append(self._finding(code, issue.message, outcome.display, span, issue.pointer, outcome.mpp_id))
        if self.settings is not None:
            found.extend(self._comparisons([o for o in outcomes if o.figures is not None]))
        return found

    def _comparisons(self, outcomes: Sequence[FileOutcome]) -> Iterator[Finding]:
        """Audit rules that set each MPP against the others in the catalog."""
        assert self.settings is not None
        figures = [outcome.figures for outcome in outcomes if outcome.figures is not None]
        for rule in self.rules.values():
            if rule.catalog_check is None:
                continue
            for index, issue in rule.catalog_check(figures, self.settings):
                outcome = outcomes[index]
                span = outcome.spans.get(issue.pointer, Span(1, 1, 1, 1))
                yield self._finding(rule.code, issue.message, outcome.display, span, issue.pointer, outcome.mpp_id)


def _with_lookalike(message: str, lines: list[str], line: int, broken: bool, value: str | None = None) -> str:
    """``message`` with the character that misled YAML named, when the finding sits on one.

    ``value``: the value as written, when the finding is about one (its text is searched, so a
    name with an en dash elsewhere on the line does not count); otherwise the finding's line,
    and for a syntax error (``broken``) the line before it too, where the cause often is.
    """
    if value is not None:
        found = explain_lookalikes(value, line_hint=False)
    else:
        candidates = [line, line - 1] if broken else [line]
        found = None
        for number in candidates:
            if 0 < number <= len(lines) and (found := explain_lookalikes(lines[number - 1])) is not None:
                found = f"{found} (line {number})" if number != line else found
                break
    return f"{message}; the text holds {found}" if found and found.split(" (U+")[0] not in message else message


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


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Parsing allocates millions of short-lived acyclic objects; the cyclic GC only slows it."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


_WORKER: FileChecker | None = None


def _worker_init(codes: tuple[str, ...], settings: AuditSettings | None) -> None:
    global _WORKER  # per-process cache of the compiled schema in a worker; never in the parent
    rules = registry()
    _WORKER = FileChecker({code: rules[code] for code in codes}, settings=settings)
    gc.disable()


def _worker_check(item: Target | Content) -> FileOutcome:
    assert _WORKER is not None
    return _WORKER.check(item)


def default_jobs(file_count: int) -> int:
    """Worker processes to use: one per core for large catalogs, none for small ones."""
    if file_count < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


class Cache(Protocol):
    """Where outcomes of unchanged files come from (see :mod:`mpptool.cache`)."""

    def lookup(self, display: str, data: bytes) -> FileOutcome | None:
        """The outcome stored for this path with exactly this content, if any."""

    def store(self, outcome: FileOutcome, data: bytes) -> None:
        """Remember an outcome for this content."""


def check_catalog(
    paths: Sequence[str],
    checker: FileChecker,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache: Cache | None = None,
) -> tuple[list[FileOutcome], list[Finding], tuple[str, ...]]:
    """Check every catalog file under ``paths`` with ``checker``, then the catalog-wide rules.

    Returns the outcomes in discovery order, every finding, sorted, and a note for each YAML
    file passed over (hidden, or the same file reached twice). Raises UsageError for
    bad paths only; every problem with a file is a finding. With a ``cache``, the parent reads
    each file to look it up and only the misses are parsed (in workers, if many).
    """
    found = discover(paths)
    slots: list[FileOutcome | None] = [None] * len(found.targets)
    pending: list[tuple[int, Target | Content]] = []
    for index, target in enumerate(found.targets):
        if cache is None:
            pending.append((index, target))
            continue
        raw = read_bytes(target)
        if isinstance(raw, FileProblem):
            slots[index] = checker.problem_outcome(raw)
            continue
        slots[index] = cache.lookup(target.display, raw)
        if slots[index] is None:
            pending.append((index, Content(target.display, raw)))
    total = len(found.targets)
    done = total - len(pending)
    workers = default_jobs(len(pending)) if jobs is None else max(1, jobs)
    items = [item for _, item in pending]
    with _collector_paused():
        checked = _parallel(items, workers, checker) if workers > 1 and len(items) > 1 else map(checker.check, items)
        for (index, item), outcome in zip(pending, checked, strict=True):
            slots[index] = outcome
            if cache is not None and isinstance(item, Content):
                cache.store(outcome, item.data)
            done += 1
            if progress is not None:
                progress(done, total)
    outcomes = [checker.problem_outcome(problem) for problem in found.problems]
    outcomes.extend(outcome for outcome in slots if outcome is not None)
    findings = [finding for outcome in outcomes for finding in outcome.findings]
    complete = [outcome for outcome in outcomes if outcome.spans]
    findings.extend(checker.catalog_findings(complete))
    findings.sort(key=Finding.sort_key)
    return outcomes, findings, found.notes()


def file_notes(outcomes: Iterable[FileOutcome]) -> dict[str, FileNotes]:
    """What the policy needs from each file: its MPP, its suppressions, whether it was checked."""
    return {o.display: FileNotes(o.mpp_id, o.suppressions, o.checked) for o in outcomes}


def validate_paths(
    paths: Sequence[str],
    jobs: int | None = None,
    progress: Progress | None = None,
    *,
    policy: Policy | None = None,
    cache: Cache | None = None,
    only: Collection[str] | None = None,
    fail_at: Severity | None = Severity.ERROR,
    root: str | None = None,
) -> ValidationResult:
    """Validate every catalog file under ``paths``; raises UsageError for bad paths only.

    ``only`` (real paths) narrows what is reported to those files, while the catalog-wide
    rules still see every file, so a duplicate id with an unchanged file is still found.
    """
    checker = FileChecker()
    outcomes, findings, notes = check_catalog(paths, checker, jobs, progress, cache)
    if policy is None:
        policy = make_policy(Config(), checker.rules)
    applied = policy.apply(findings, file_notes(outcomes))
    files = sorted({outcome.display for outcome in outcomes})
    reported, suppressed = applied.findings, applied.suppressed
    if only is not None:
        wanted = {display for display in files if os.path.realpath(display) in only}
        files = [display for display in files if display in wanted]
        reported = tuple(finding for finding in reported if finding.file in wanted)
        suppressed = tuple(finding for finding in suppressed if finding.file in wanted)
    return ValidationResult(reported, tuple(files), suppressed, fail_at, root, notes)


def _parallel(items: Sequence[Target | Content], workers: int, checker: FileChecker) -> Iterator[FileOutcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(items) // (workers * 8))
    setup = (tuple(checker.rules), checker.settings)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=setup) as pool:
        yield from pool.map(_worker_check, items, chunksize=chunk)
