"""The validation engine: files in, located findings out. Pure apart from reading files.

Each file goes through the same pipeline (read, decode, parse strictly, schema, per-file
rules) and comes out as a small picklable :class:`FileOutcome`, so files can be checked in
worker processes; catalog-wide rules then run over the outcomes.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, Protocol

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mpptool.engine.config import Config
from mpptool.engine.policy import FileNotes, Policy, make_policy
from mpptool.loaders.comments import NONE as NO_SUPPRESSIONS
from mpptool.loaders.comments import Suppressions, outside_values, read_suppressions
from mpptool.loaders.files import (
    Discovery,
    FileProblem,
    Target,
    content_digest,
    decode,
    discover,
    read_bytes,
    relative_path,
)
from mpptool.loaders.locate import Locator, Span
from mpptool.loaders.schema import SchemaChecker
from mpptool.loaders.strict_yaml import BLOCKING, parse_yaml
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
from mpptool.rules import registry, validation_rules
from mpptool.rules.integrity import MppKey, catalog_issues
from mpptool.text.lookalikes import explain_lookalikes
from mpptool.vocab.access import text as as_text

if TYPE_CHECKING:
    from mpptool.vocab.figures import MppFigures


MAX_FINDINGS_PER_CODE = 100
"""Findings of one code listed per file (the rest are counted in one closing finding), so the
memory and output of any file stay proportional to what a person can read."""

MAX_MESSAGE = 600
"""Characters of a message: a safety net under the rules' own clipping of quoted values."""

MAX_POINTER = 1_000
"""Characters of a JSON Pointer: a key of a megabyte must not be carried into every finding."""

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
    digest: str | None = None
    """The digest of the bytes that were checked (:func:`mpptool.loaders.files.content_digest`), for the cache."""

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
        if len(message) > MAX_MESSAGE:  # keep the start and the end, which says what to do
            message = message[: MAX_MESSAGE - 160] + " … " + message[-157:]
        if len(pointer) > MAX_POINTER:
            pointer = pointer[: MAX_POINTER - 1] + "…"
        return Finding(
            code, severity, message, display, span.line, span.column, pointer, mpp, span.end_line, span.end_column
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
        text, bad = decode(raw)
        if text is None:
            assert bad is not None
            line, column, message = bad
            finding = self._finding("Y002", message, display, Span(line, column, line, column))
            return FileOutcome(display, (finding,), digest=digest)
        return dataclasses.replace(self.check_text(display, text), digest=digest)

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
            assert rule.file_check is not None
            for found in rule.file_check(context):
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
        region, status = _text(mpp_section, "region"), _text(mpp_section, "status")
        return FileOutcome(display, findings.done(), mpp_id, region, status, spans, figures, suppressions)

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

    def add(self, code: str, message: str, span: Span, pointer: str) -> None:
        self.kept.append(self.checker._finding(code, message, self.display, span, pointer, self.mpp))

    def done(self) -> tuple[Finding, ...]:
        if self.unchecked:
            message = (
                f"and {self.unchecked:,} more list entries that do not fit the schema, not checked further: "
                "so many broken entries are a generated or damaged file; fix those listed first"
            )
            self.add("S099", message, Span(1, 1, 1, 1), "")
        for code in sorted(self.dropped.keys() | self.extra.keys()):
            span, pointer = self.dropped.get(code, (None, ""))
            more = max(0, self.counts.get(code, 0) - self.limit) + self.extra.get(code, 0)
            if more <= 0:
                continue
            message = (
                f"and {more:,} more {code} finding{'s' if more != 1 else ''} in this file, not listed: at most "
                f"{self.limit:,} of one code are listed per file; fix these first, or raise `max-findings-per-code` "
                "in the configuration to list more"
            )
            self.add(code, message, span or Span(1, 1, 1, 1), pointer)
        return tuple(self.kept)


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


def _worker_init(codes: tuple[str, ...], settings: AuditSettings | None, max_per_code: int) -> None:
    global _WORKER  # per-process cache of the compiled schema in a worker; never in the parent
    rules = registry()
    _WORKER = FileChecker({code: rules[code] for code in codes}, settings=settings, max_per_code=max_per_code)
    gc.disable()


def _worker_check(item: Target) -> FileOutcome:
    assert _WORKER is not None
    return _WORKER.check(item)


def default_jobs(file_count: int) -> int:
    """Worker processes to use: one per core for large catalogs, none for small ones."""
    if file_count < PARALLEL_MIN_FILES:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


class Cache(Protocol):
    """Where outcomes of unchanged files come from (see :mod:`mpptool.engine.cache`)."""

    def lookup(self, display: str, content: str) -> FileOutcome | None:
        """The outcome stored for this path with content of exactly this digest, if any."""

    def store(self, outcome: FileOutcome) -> None:
        """Remember an outcome for the content it was checked on (its digest)."""


def check_catalog(
    paths: Sequence[str],
    checker: FileChecker,
    jobs: int | None = None,
    progress: Progress | None = None,
    cache: Cache | None = None,
) -> tuple[list[FileOutcome], list[Finding], Discovery]:
    """Check every catalog file under ``paths`` with ``checker``, then the catalog-wide rules.

    Returns the outcomes in discovery order, every finding, sorted, and what discovery found
    (the files' real paths, and those passed over: hidden, or the same file reached twice). Raises UsageError for
    bad paths only; every problem with a file is a finding. With a ``cache``, the parent reads
    each file to look it up (one file's bytes at a time: only its digest is kept) and only the
    misses are parsed, each read again where it is parsed (in workers, if many); an outcome is
    stored under the digest of the bytes it was checked on, so a file changed in between is
    never cached under the wrong content.
    """
    found = discover(paths)
    slots: list[FileOutcome | None] = [None] * len(found.targets)
    pending: list[tuple[int, Target]] = []
    for index, target in enumerate(found.targets):
        if cache is None:
            pending.append((index, target))
            continue
        raw = read_bytes(target)
        if isinstance(raw, FileProblem):
            slots[index] = checker.problem_outcome(raw)
            continue
        slots[index] = cache.lookup(target.display, content_digest(raw))
        del raw  # the parent never holds more than one file's bytes
        if slots[index] is None:
            pending.append((index, target))
    total = len(found.targets)
    done = total - len(pending)
    workers = default_jobs(len(pending)) if jobs is None else max(1, jobs)
    items = [item for _, item in pending]
    with _collector_paused():
        checked = _parallel(items, workers, checker) if workers > 1 and len(items) > 1 else map(checker.check, items)
        for (index, _), outcome in zip(pending, checked, strict=True):
            slots[index] = outcome
            if cache is not None:
                cache.store(outcome)
            done += 1
            if progress is not None:
                progress(done, total)
    outcomes = [checker.problem_outcome(problem) for problem in found.problems]
    outcomes.extend(outcome for outcome in slots if outcome is not None)
    findings = [finding for outcome in outcomes for finding in outcome.findings]
    complete = [outcome for outcome in outcomes if outcome.spans]
    findings.extend(checker.catalog_findings(complete))
    findings.sort(key=Finding.sort_key)
    return outcomes, findings, found


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
    max_per_code: int = MAX_FINDINGS_PER_CODE,
) -> ValidationResult:
    """Validate every catalog file under ``paths``; raises UsageError for bad paths only.

    ``only`` (real paths) narrows what is reported to those files, while the catalog-wide
    rules still see every file, so a duplicate id with an unchanged file is still found.
    """
    checker = FileChecker(max_per_code=max_per_code)
    outcomes, findings, found = check_catalog(paths, checker, jobs, progress, cache)
    notes = found.notes()
    if policy is None:
        policy = make_policy(Config(), checker.rules)
    applied = policy.apply(findings, file_notes(outcomes))
    files = sorted({outcome.display for outcome in outcomes})
    reported, suppressed = applied.findings, applied.suppressed
    if only is not None:
        # A file's own path, not its display: a name that is not UTF-8 is displayed escaped,
        # and the escaped form is no path. Discovery problems (F002...) carry only a display.
        located = {target.display: target.path for target in found.targets}
        wanted = {
            display
            for display in files
            if os.path.realpath(located.get(display, display)) in only or os.path.realpath(display) in only
        }
        files = [display for display in files if display in wanted]
        reported = tuple(finding for finding in reported if finding.file in wanted)
        suppressed = tuple(finding for finding in suppressed if finding.file in wanted)
    return ValidationResult(reported, tuple(files), suppressed, fail_at, root, notes)


def _parallel(items: Sequence[Target], workers: int, checker: FileChecker) -> Iterator[FileOutcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(items) // (workers * 8))
    setup = (tuple(checker.rules), checker.settings, checker.max_per_code)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=setup) as pool:
        yield from pool.map(_worker_check, items, chunksize=chunk)
