"""A whole catalog through the engine: discovery, the cache, worker processes, then the checks
across files. Every command that reads a catalog (validate, audit, report, diff --matrix) runs
here, so they share one pipeline and one cost."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Protocol

from mpptool.engine.checker import FileChecker, FileOutcome
from mpptool.engine.policy import FileNotes
from mpptool.loaders.files import Discovery, FileProblem, Target, content_digest, discover, read_bytes
from mpptool.model import AuditSettings, Finding
from mpptool.rules import registry

PARALLEL_MIN_FILES = 24
"""Below this, starting worker processes costs more than it saves."""

Progress = Callable[[int, int], None]
"""Called with (files done, files in all) as files are checked; for a progress bar."""


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


def _parallel(items: Sequence[Target], workers: int, checker: FileChecker) -> Iterator[FileOutcome]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(items) // (workers * 8))
    setup = (tuple(checker.rules), checker.settings, checker.max_per_code)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_worker_init, initargs=setup) as pool:
        yield from pool.map(_worker_check, items, chunksize=chunk)
