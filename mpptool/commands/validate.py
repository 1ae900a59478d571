"""`mpptool validate`: the catalog checked against the format and the rules, for people and CI.

Pure over the engine, with its reading at one edge (:func:`run_validate`: configuration,
changed files, cache) and the same split as every command: options in, a result and an exit
status out, formats and the command line elsewhere.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mpptool.engine.cache import run_key
from mpptool.engine.catalog import Cache, Progress, check_catalog, file_notes
from mpptool.engine.checker import MAX_FINDINGS_PER_CODE, FileChecker
from mpptool.engine.config import Config
from mpptool.engine.policy import Policy, Selection, make_policy
from mpptool.engine.settings import configuration, open_cache, save_cache
from mpptool.errors import UsageError
from mpptool.loaders.files import relative_path, shown
from mpptool.model import Finding, Severity, count_severity, worst_severity
from mpptool.rules import validation_rules
from mpptool.text.i18n import Text, msg


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
    notes: tuple[str | Text, ...] = ()
    """What the user should hear about the run itself (files passed over), on stderr."""
    command: str = "validate"
    """The command whose findings these are (``audit``, ``activity check``), as the JUnit report names it."""
    excerpts: Mapping[tuple[str, int], str] = field(default_factory=dict)
    """``--show-source``: the text of each (file, line) a finding points at, where it could be read."""

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
    notes = found.texts()
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


@dataclass(frozen=True, slots=True)
class ValidateOptions:
    """Everything `mpptool validate` was asked to do, as plain values."""

    paths: tuple[str, ...]
    selection: Selection = field(default_factory=Selection)
    config_file: str | None = None
    isolated: bool = False
    strict: bool = False
    exit_zero: bool = False
    changed_since: str | None = None
    jobs: int | None = None
    cache: bool = True
    cache_dir: str | None = None
    relative_to_repository: bool = False
    """Name files relative to the git repository's top (as CI systems do), else as given."""
    show_source: bool = False
    """Read the line each finding points at, for the text format to show under it."""


@dataclass(frozen=True, slots=True)
class ValidateRun:
    """A finished validation and what the user should hear about the run itself."""

    result: ValidationResult
    notes: tuple[str | Text, ...] = ()
    exit_zero: bool = False
    read: tuple[str, ...] = ()
    """Files the run read besides the catalog (configuration, cache): an output never replaces them."""

    @property
    def exit_status(self) -> int:
        """1 when a finding fails the run, unless ``--exit-zero``; the reports still say it failed."""
        return 1 if self.result.failed() and not self.exit_zero else 0


def run_validate(options: ValidateOptions, progress: Progress | None = None) -> ValidateRun:
    """Configuration, selection, cache and changed files, then the engine; no output."""
    if options.strict and options.exit_zero:
        raise UsageError(msg("errors.strict-exit-zero", "--strict and --exit-zero do not combine: choose one"), "E002")
    config = configuration(options.paths, options.config_file, options.isolated)
    limit = config.max_findings_per_code or MAX_FINDINGS_PER_CODE
    rules = validation_rules()
    chosen = make_policy(config, rules, options.selection)
    notes: list[str | Text] = []
    only = None
    if options.changed_since is not None:
        only, reason = changed_files(options.changed_since, options.paths)
        if reason is not None:
            notes.append(
                msg(
                    "notes.changed-since-all",
                    "{reason} changed since {rev}, so every file is checked",
                    reason=reason,
                    rev=options.changed_since,
                )
            )
            only = None
    cache = None
    if options.cache:
        cache, refused = open_cache(options.cache_dir, config, run_key(rules, limit))
        notes += refused
    fail_at = Severity.WARNING if options.strict or config.strict else Severity.ERROR
    result = validate_paths(
        options.paths,
        options.jobs,
        progress,
        policy=chosen,
        cache=cache,
        only=only,
        fail_at=fail_at,
        root=ci_root() if options.relative_to_repository else None,
        max_per_code=limit,
    )
    notes += save_cache(cache)
    read = tuple(path for path in (config.source, cache.path if cache is not None else None) if path)
    if options.show_source:
        result = dataclasses.replace(result, excerpts=excerpts_of(result.findings))
    return ValidateRun(result, tuple(notes), options.exit_zero, read)


def excerpts_of(findings: Iterable[Finding]) -> dict[tuple[str, int], str]:
    """The lines the findings point at (not a workbook's cells, not a whole file's first line)."""
    from mpptool.loaders.excerpts import source_lines

    return source_lines((f.file, f.line) for f in findings if f.cell is None and f.code[0] != "F")


def changed_files(rev: str, paths: Sequence[str]) -> tuple[frozenset[str], Text | None]:
    """Real paths of the files changed since git revision ``rev`` (working tree and untracked
    included), and what else changed that decides the verdict of every file, if anything did.

    The repository is the one holding the catalog ``paths`` (not the current folder's); a path
    outside it is refused, since whether it changed cannot be told.
    """
    from mpptool.loaders import git as gitrev

    first = paths[0] if paths else "."
    root = gitrev.repository_root(first if os.path.isdir(first) else os.path.dirname(first) or ".")
    real_root = os.path.realpath(root)
    for path in paths:
        real = os.path.realpath(path)
        if os.path.commonpath([real_root, real]) != real_root:
            raise UsageError(
                msg(
                    "errors.outside-repository",
                    "--changed-since: {path} is outside the git repository {root}; run it for one repository at a time",
                    path=shown(path),
                    root=shown(root),
                ),
                "E006",
            )
    changed = gitrev.changed_paths(gitrev.resolve(rev, root, "--changed-since"), root)
    return changed, verdict_changed(changed, paths, real_root)


PINS = re.compile(
    r"(?:requirements[^/]*\.txt|constraints[^/]*\.txt|\.pre-commit-config\.ya?ml|uv\.lock|poetry\.lock|Pipfile\.lock"
    r"|pylock(?:\.[^/]*)?\.toml)\Z"
)
"""Files that pin which mpptool (and so which rules) a repository's CI runs."""


def verdict_changed(changed: frozenset[str], paths: Sequence[str], root: str) -> Text | None:
    """What changed that decides the verdict of unchanged files too, or None.

    A pull request that only tightens the configuration, or moves to an mpptool with new rules,
    must be judged on the whole catalog in the pull request, not after the merge: a
    configuration file on the catalog's search path (added, edited or deleted), mpptool's own
    code when it lives in the repository, or a file that pins the tools CI installs.
    """
    import mpptool
    from mpptool.engine.config import CANDIDATE_NAMES, search_folders

    def inside(path: str, folder: str) -> bool:
        return os.path.commonpath([folder, path]) == folder

    for folder in search_folders(paths):
        real = os.path.realpath(folder)
        if not inside(real, root):
            break
        for name in CANDIDATE_NAMES:
            if os.path.join(real, name) in changed:
                return msg(
                    "notes.changed-config",
                    "the configuration file {path}",
                    path=shown(os.path.relpath(os.path.join(real, name))),
                )
    package = os.path.realpath(os.path.dirname(mpptool.__file__))
    if inside(package, root) and any(inside(path, package) for path in changed):
        return msg("notes.changed-code", "mpptool's own code")
    for path in sorted(changed):
        if PINS.match(os.path.basename(path)):
            return msg(
                "notes.changed-pins", "{path}, which pins the tools CI installs,", path=shown(os.path.relpath(path))
            )
    return None


def ci_root() -> str:
    """The folder CI formats name files relative to: the git repository's top, else the current folder."""
    from mpptool.loaders import git as gitrev

    try:
        return gitrev.repository_root()
    except UsageError:
        return os.getcwd()
