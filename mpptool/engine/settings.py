"""One run's settings, from the project's configuration file and the command line.

The command line refines the file: its selection replaces or extends the file's, its audit
thresholds override the file's, and the file's override the built-in defaults. Kept apart
from the engine so the CLI only wires options to these functions.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Mapping, Sequence

from mpptool.engine.cache import CACHE_FILE, DEFAULT_FOLDER, OutcomeCache
from mpptool.engine.config import Config, find_config, load_config
from mpptool.errors import UsageError
from mpptool.loaders.files import shown
from mpptool.model import AuditSettings
from mpptool.rules import registry
from mpptool.text.i18n import Text, msg

CACHE_ENV = "MPPTOOL_CACHE_DIR"


def configuration(paths: Sequence[str], config_file: str | None = None, isolated: bool = False) -> Config:
    """The configuration for a run over ``paths``: ``config_file``, else the nearest one, else defaults."""
    if isolated:
        if config_file is not None:
            raise UsageError(
                msg(
                    "errors.config-isolated",
                    "--config and --isolated do not combine: --isolated reads no configuration",
                ),
                "E002",
            )
        return Config()
    if config_file is not None:
        if not os.path.isfile(config_file):
            raise UsageError(
                msg("errors.config-not-file", "--config: {path} is not a file", path=shown(config_file)), "E008"
            )
        return load_config(config_file, registry())
    found = find_config(paths)
    return Config() if found is None else load_config(found, registry())


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
                msg(
                    "errors.cache-dir-leaves",
                    "{path}: cache-dir: {folder} leaves the folder of the configuration file (directly or through a "
                    "symlink); give a folder inside it, or --cache-dir on the command line",
                    path=shown(config.source or ""),
                    folder=repr(config.cache_dir),
                ),
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


def catalog_paths(given: Sequence[str] | None) -> tuple[str, ...]:
    """The catalog paths of a run: those given, else ``./catalog`` (an error when there is none)."""
    if given:
        return tuple(given)
    if not os.path.isdir("catalog"):
        raise UsageError(
            msg("errors.no-catalog", "no ./catalog folder here: give the MPP files or folders to check"), "E001"
        )
    return ("catalog",)


def open_cache(
    given: str | None, config: Config, key: str, name: str = CACHE_FILE
) -> tuple[OutcomeCache | None, list[Text]]:
    """The project's cache of outcomes (``--cache-dir``, the configuration, or ``.mpptool_cache``), and why
    it is not used when a folder the project chose leads outside it."""
    folder = cache_folder(given, config)
    trusted = given or os.environ.get(CACHE_ENV)  # chosen by the person running mpptool
    base = config.base if config.source is not None else "."
    if trusted or inside_project(folder, base):
        return OutcomeCache(folder, key, name), []
    refused = msg(
        "notes.cache-outside",
        "cache not used: {folder} leads outside the project (a symlink?); remove the link, "
        "or pass --cache-dir or --no-cache",
        folder=shown(folder),
    )
    return None, [refused]


def save_cache(cache: OutcomeCache | None) -> list[Text]:
    """Write the cache if the run changed it; a cache that cannot be written is a note, never a failure."""
    problem = cache.save() if cache is not None else None
    if problem is None:
        return []
    return [
        msg(
            "notes.cache-not-written",
            "cache not written ({problem}); pass --no-cache to stop trying",
            problem=problem,
        )
    ]
