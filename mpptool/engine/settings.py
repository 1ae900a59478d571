"""One run's settings, from the project's configuration file and the command line.

The command line refines the file: its selection replaces or extends the file's, its audit
thresholds override the file's, and the file's override the built-in defaults. Kept apart
from the engine so the CLI only wires options to these functions.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mpptool.engine.cache import DEFAULT_FOLDER, OutcomeCache, run_key
from mpptool.engine.checker import MAX_FINDINGS_PER_CODE, Progress, ValidationResult, validate_paths
from mpptool.engine.config import Config, find_config, load_config
from mpptool.engine.policy import Policy, Selection, make_policy
from mpptool.errors import UsageError
from mpptool.loaders.files import shown
from mpptool.model import AuditSettings, Severity
from mpptool.rules import registry, validation_rules

CACHE_ENV = "MPPTOOL_CACHE_DIR"


def configuration(paths: Sequence[str], config_file: str | None = None, isolated: bool = False) -> Config:
    """The configuration for a run over ``paths``: ``config_file``, else the nearest one, else defaults."""
    if isolated:
        if config_file is not None:
            raise UsageError("--config and --isolated do not combine: --isolated reads no configuration", "E002")
        return Config()
    if config_file is not None:
        if not os.path.isfile(config_file):
            raise UsageError(f"--config: {shown(config_file)} is not a file", "E008")
        return load_config(config_file, registry())
    found = find_config(paths)
    return Config() if found is None else load_config(found, registry())


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
    root: str | None = None


@dataclass(frozen=True, slots=True)
class ValidateRun:
    """A finished validation and what the user should hear about the run itself."""

    result: ValidationResult
    notes: tuple[str, ...] = ()
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
        raise UsageError("--strict and --exit-zero do not combine: choose one", "E002")
    config = configuration(options.paths, options.config_file, options.isolated)
    limit = config.max_findings_per_code or MAX_FINDINGS_PER_CODE
    rules = validation_rules()
    chosen = make_policy(config, rules, options.selection)
    notes: list[str] = []
    only = None
    if options.changed_since is not None:
        only, reason = changed_files(options.changed_since, options.paths)
        if reason is not None:
            notes.append(f"{reason} changed since {options.changed_since}, so every file is checked")
            only = None
    cache = None
    if options.cache:
        folder = cache_folder(options.cache_dir, config)
        trusted = options.cache_dir or os.environ.get(CACHE_ENV)  # chosen by the person running mpptool
        base = config.base if config.source is not None else "."
        if trusted or inside_project(folder, base):
            cache = OutcomeCache(folder, run_key(rules, limit))
        else:
            notes.append(
                f"cache not used: {shown(folder)} leads outside the project (a symlink?); remove the link, "
                "or pass --cache-dir or --no-cache"
            )
    fail_at = Severity.WARNING if options.strict or config.strict else Severity.ERROR
    result = validate_paths(
        options.paths,
        options.jobs,
        progress,
        policy=chosen,
        cache=cache,
        only=only,
        fail_at=fail_at,
        root=options.root,
        max_per_code=limit,
    )
    if cache is not None:
        problem = cache.save()
        if problem is not None:
            notes.append(f"cache not written ({problem}); pass --no-cache to stop trying")
    read = tuple(path for path in (config.source, cache.path if cache is not None else None) if path)
    return ValidateRun(result, tuple(notes), options.exit_zero, read)


def cache_folder(given: str | None, config: Config) -> str:
    """Where the cache lives: ``--cache-dir``, ``$MPPTOOL_CACHE_DIR``, the config's ``cache-dir``, or
    ``.mpptool_cache`` beside the configuration file (the current folder without one).

    A ``cache-dir`` from a configuration file (which a pull request can change) must stay inside
    the configuration file's folder, so it cannot make mpptool write elsewhere on the machine.
    """
    if given:
        return given
    from_env = os.environ.get(CACHE_ENV)
    if from_env:
        return from_env
    if config.cache_dir is not None:
        folder = os.path.normpath(os.path.join(config.base, config.cache_dir))
        if os.path.isabs(config.cache_dir) or not inside_project(folder, config.base):
            raise UsageError(
                f"{shown(config.source or '')}: cache-dir: {config.cache_dir!r} leaves the folder of the "
                "configuration file (directly or through a symlink); give a folder inside it, or --cache-dir "
                "on the command line",
                "E008",
            )
        return folder
    return os.path.join(config.base if config.source is not None else ".", DEFAULT_FOLDER)


def inside_project(path: str, base: str) -> bool:
    """Whether ``path`` stays inside ``base`` once every symlink on the way is followed.

    A cache folder chosen by a file a pull request can change (the configuration, or a committed
    `.mpptool_cache` that is a symlink) must not make mpptool read or write elsewhere.
    """
    real_base = os.path.realpath(base)
    real = os.path.realpath(path)
    try:
        return os.path.commonpath([real_base, real]) == real_base
    except ValueError:  # another drive on Windows
        return False


def changed_files(rev: str, paths: Sequence[str]) -> tuple[frozenset[str], str | None]:
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
                f"--changed-since: {shown(path)} is outside the git repository {shown(root)}; "
                "run it for one repository at a time",
                "E006",
            )
    changed = gitrev.changed_paths(gitrev.resolve(rev, root, "--changed-since"), root)
    return changed, verdict_changed(changed, paths, real_root)


PINS = re.compile(
    r"(?:requirements[^/]*\.txt|constraints[^/]*\.txt|\.pre-commit-config\.ya?ml|uv\.lock|poetry\.lock|Pipfile\.lock"
    r"|pylock(?:\.[^/]*)?\.toml)\Z"
)
"""Files that pin which mpptool (and so which rules) a repository's CI runs."""


def verdict_changed(changed: frozenset[str], paths: Sequence[str], root: str) -> str | None:
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
                return f"the configuration file {shown(os.path.relpath(os.path.join(real, name)))}"
    package = os.path.realpath(os.path.dirname(mpptool.__file__))
    if inside(package, root) and any(inside(path, package) for path in changed):
        return "mpptool's own code"
    for path in sorted(changed):
        if PINS.match(os.path.basename(path)):
            return f"{shown(os.path.relpath(path))}, which pins the tools CI installs,"
    return None


def ci_root() -> str:
    """The folder CI formats name files relative to: the git repository's top, else the current folder."""
    from mpptool.loaders import git as gitrev

    try:
        return gitrev.repository_root()
    except UsageError:
        return os.getcwd()


def audit_settings(config: Config, as_of: dt.date, given: Mapping[str, int | float | None]) -> AuditSettings:
    """Audit thresholds: the command line's, else the configuration's, else the defaults."""
    defaults = AuditSettings(as_of)
    file = config.audit

    def pick(name: str, configured: int | float | None, default: int | float) -> int | float:
        value = given.get(name)
        return value if value is not None else configured if configured is not None else default

    return AuditSettings(
        as_of,
        int(pick("expiring_within", file.expiring_within, defaults.expiring_within_days)),
        int(pick("benchmark", file.benchmark, defaults.benchmark_per_day)),
        int(pick("low_throughput", file.low_throughput, defaults.low_per_open_day)),
        float(pick("peer_share", file.peer_share, defaults.peer_share)),
    )


@dataclass(frozen=True, slots=True)
class AuditSetup:
    """Settings and policy of an `audit` or `report` run, and the configuration file it read."""

    settings: AuditSettings
    policy: Policy
    read: tuple[str, ...] = ()
    """The configuration file, if one was read: an output never replaces it."""
    max_per_code: int = MAX_FINDINGS_PER_CODE


def audit_setup(
    paths: Sequence[str],
    config_file: str | None,
    isolated: bool,
    as_of: dt.date,
    given: Mapping[str, int | float | None],
    selection: Selection,
) -> AuditSetup:
    """Settings and policy of an `audit` or `report` run: the configuration refined by the command line."""
    config = configuration(paths, config_file, isolated)
    read = (config.source,) if config.source else ()
    limit = config.max_findings_per_code or MAX_FINDINGS_PER_CODE
    return AuditSetup(audit_settings(config, as_of, given), make_policy(config, registry(), selection), read, limit)
