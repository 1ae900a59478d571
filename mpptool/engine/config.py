"""Project configuration: ``[tool.mpptool]`` in ``pyproject.toml`` or a ``mpptool.toml``.

Found by walking up from the catalog paths: in each folder ``mpptool.toml`` wins over a
``pyproject.toml`` that has a ``[tool.mpptool]`` table; a ``pyproject.toml`` without one is
passed over. Every key and every rule code is checked: a typo is an error (exit 2) that names
the file, the place and the key, never a setting silently ignored.
"""

from __future__ import annotations

import difflib
import functools
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mpptool.errors import UsageError
from mpptool.loaders.files import shown
from mpptool.model import Rule, Severity
from mpptool.rules import UNIGNORABLE
from mpptool.text.i18n import LANGUAGES, Text, msg

CONFIG_FILE = "mpptool.toml"
PYPROJECT = "pyproject.toml"
ERROR_CODE = "E008"

_TOP_KEYS = (
    "select",
    "extend-select",
    "ignore",
    "per-file-ignores",
    "severity",
    "strict",
    "cache-dir",
    "max-findings-per-code",
    "audit",
    "activity",
    "lang",
)
_ACTIVITY_KEYS = ("columns", "closed-days", "wait-p90-minutes", "visitors-tolerance", "memory-limit", "threads")
_CANONICAL_COLUMNS = ("mpp", "counter", "ticket", "service", "issued_at", "called_at", "finished_at", "status")
_MEMORY = re.compile(r"\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)", re.IGNORECASE)
_AUDIT_KEYS = ("expiring-within", "benchmark", "low-throughput", "peer-share")
UNIGNORABLE_REASON = msg(
    "errors.unignorable", "it means the file could not be checked at all, and such a file is never clean"
)
_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class AuditThresholds:
    """The audit thresholds a project sets; None leaves the built-in default (or the command line)."""

    expiring_within: int | None = None
    benchmark: int | None = None
    low_throughput: int | None = None
    peer_share: float | None = None


@dataclass(frozen=True, slots=True)
class ActivitySettings:
    """How a project's queue logs are read (``[tool.mpptool.activity]``); None leaves the default."""

    columns: Mapping[str, str] = field(default_factory=dict)
    """Canonical column -> the export's own header (``counter = "loket_id"``)."""
    closed_days: tuple[str, ...] = ()
    """Extra days no MPP of the catalog opens (YYYY-MM-DD), e.g. a regional holiday."""
    wait_p90_minutes: float | None = None
    visitors_tolerance: float | None = None
    memory_limit: str | None = None
    threads: int | None = None


@dataclass(frozen=True, slots=True)
class Config:
    """One project's settings, checked. Selectors are codes or code prefixes (``C``, ``A00``, ``ALL``)."""

    source: str | None = None
    """The file they came from; None when no file was found or ``--isolated``."""
    base: str = "."
    """The folder ``per-file-ignores`` patterns are relative to: the config file's."""
    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    severity: Mapping[str, Severity] = field(default_factory=dict)
    strict: bool = False
    cache_dir: str | None = None
    max_findings_per_code: int | None = None
    """Findings of one code listed per file (the rest counted in one closing finding)."""
    audit: AuditThresholds = AuditThresholds()
    activity: ActivitySettings = ActivitySettings()
    lang: str | None = None
    """The language of messages and headings (``en``, ``id``); ``--lang`` and ``MPPTOOL_LANG`` win."""


def find_config(paths: Sequence[str]) -> str | None:
    """The configuration file nearest to the catalog ``paths``, walking up to the filesystem root."""
    for folder in search_folders(paths):
        candidate = os.path.join(folder, CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(folder, PYPROJECT)
        if os.path.isfile(candidate) and _has_tool_table(candidate):
            return candidate
    return None


def search_folders(paths: Sequence[str]) -> list[str]:
    """The folders searched for a configuration file, nearest first: the catalog's, then each above."""
    folder = _start_folder(paths)
    folders = [folder]
    while (parent := os.path.dirname(folder)) != folder:
        folders.append(parent)
        folder = parent
    return folders


CANDIDATE_NAMES = (CONFIG_FILE, PYPROJECT)
"""The names a configuration file can have, in the order they win within one folder."""


def _start_folder(paths: Sequence[str]) -> str:
    folders = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths] or [os.getcwd()]
    try:
        return os.path.commonpath(folders)
    except ValueError:  # different drives on Windows
        return os.getcwd()


def _has_tool_table(path: str) -> bool:
    """Whether a pyproject.toml has a ``[tool.mpptool]`` table (in any TOML spelling).

    Parsed only when the file mentions ``mpptool`` at all; a file that does but is not valid
    TOML counts, so that its error is reported rather than the file silently passed over.
    """
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError:
        return False
    if b"mpptool" not in raw:
        return False
    try:
        document = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return True  # reported, located, when the file is read as the configuration
    tool = document.get("tool")
    return isinstance(tool, dict) and "mpptool" in tool


def load_config(path: str, rules: Mapping[str, Rule]) -> Config:
    """Read and check the configuration in ``path`` against the rule ``rules`` (the registry).

    A ``pyproject.toml`` holds it in ``[tool.mpptool]``; any other file at its top level, or in
    a ``[tool.mpptool]`` table if it has one (so ``--config`` accepts either spelling).
    """
    try:
        if not os.path.isfile(path):
            raise UsageError(
                msg("errors.config-not-regular", "{path}: the configuration is not a regular file", path=shown(path)),
                ERROR_CODE,
            )
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError as exc:
        raise UsageError(
            msg(
                "errors.config-unreadable",
                "{path}: cannot read the configuration: {reason}",
                path=shown(path),
                reason=str(exc.strerror),
            ),
            ERROR_CODE,
        ) from None
    try:
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        raise UsageError(
            msg("errors.config-not-utf8", "{path}: the configuration is not UTF-8", path=shown(path)), ERROR_CODE
        ) from None
    except RecursionError:  # tomllib recurses per nested array or inline table
        raise UsageError(
            msg(
                "errors.config-too-deep",
                "{path}:1:1: not valid for mpptool: arrays or tables nested hundreds of levels deep; "
                "a configuration needs two",
                path=shown(path),
            ),
            ERROR_CODE,
        ) from None
    except tomllib.TOMLDecodeError as exc:
        where = _POSITION.search(str(exc))
        place = f"{where.group(1)}:{where.group(2)}" if where else "1:1"
        if "(at end of document)" in str(exc):
            place = f"{text.count(chr(10)) + 1}:1"
        reason = _POSITION.sub("", str(exc)).replace("(at end of document)", "at the end of the file").strip()
        raise UsageError(
            msg(
                "errors.config-not-toml",
                "{path}:{place}: not valid TOML: {reason}",
                path=shown(path),
                place=place,
                reason=reason,
            ),
            ERROR_CODE,
        ) from None
    tool = document.get("tool")
    nested = isinstance(tool, dict) and "mpptool" in tool
    if os.path.basename(path) == PYPROJECT or nested:
        reader = _Reader(path, text, "tool.mpptool", rules)
        if tool is not None and not isinstance(tool, dict):
            raise reader.fail("", msg("errors.tool-not-table", "`tool` must be a table"))
        if not nested:
            raise UsageError(
                msg(
                    "errors.no-tool-table",
                    "{path}: has no [tool.mpptool] table; add one, or name another file",
                    path=shown(path),
                ),
                ERROR_CODE,
            )
        assert isinstance(tool, dict)
        return reader.config(tool["mpptool"])
    return _Reader(path, text, "", rules).config(document)


_HEADER = re.compile(r"^\s*\[")


def _header_line(lines: Sequence[str], parts: Sequence[str]) -> int | None:
    """The index of the ``[a.b.c]`` header line for ``parts`` (spaces and quotes allowed)."""
    dotted = r"\s*\.\s*".join(f"[\"']?{re.escape(part)}[\"']?" for part in parts)
    pattern = re.compile(rf"^\s*\[\s*{dotted}\s*\]")
    for index, line in enumerate(lines):
        if pattern.match(line):
            return index
    return None


class _Reader:
    """Checks one configuration table; every error names the file, the line and the key."""

    def __init__(self, path: str, text: str, prefix: str, rules: Mapping[str, Rule]) -> None:
        self.path = path
        self.text = text
        self.prefix = prefix
        self.rules = rules

    def fail(self, key: str, message: str | Text, needle: str | None = None) -> UsageError:
        line, column = self._find(key, needle or key.rsplit(".", 1)[-1])
        name = ".".join(part for part in (self.prefix, key) if part)
        return UsageError(f"{shown(self.path)}:{line}:{column}: {name}: " + message, ERROR_CODE)

    def _find(self, key: str, needle: str) -> tuple[int, int]:
        """Where ``needle`` first appears in the table that holds ``key``, for the message.

        Searches the most specific table header that exists (``[tool.mpptool.audit]``, then
        ``[tool.mpptool]``), up to the next header; the whole file if there is none; 1:1 when the
        text cannot be found (an unusual TOML spelling).
        """
        lines = self.text.splitlines()
        parts = [part for part in self.prefix.split(".") if part] + key.split(".")[:-1]
        for size in range(len(parts), -1, -1):
            start = _header_line(lines, parts[:size]) if size else 0
            if start is None:
                continue
            for number in range(start, len(lines)):
                content = lines[number]
                if number > start and size and _HEADER.match(content):
                    break
                column = content.find(needle)
                if column >= 0 and not content.lstrip().startswith("#"):
                    return number + 1, column + 1
        return 1, 1

    def config(self, table: Any) -> Config:
        if not isinstance(table, dict):
            raise self.fail("", msg("errors.must-be-table", "must be a table"))
        self._known(table, _TOP_KEYS, "")
        audit = table.get("audit", {})
        if not isinstance(audit, dict):
            raise self.fail(
                "audit", msg("errors.audit-table", "must be a table of thresholds (expiring-within, benchmark, ...)")
            )
        self._known(audit, _AUDIT_KEYS, "audit.")
        activity = self._activity(table.get("activity", {}))
        severity = self._severity(table.get("severity", {}))
        return Config(
            source=self.path,
            base=os.path.dirname(os.path.abspath(self.path)),
            select=self._selectors(table, "select") if "select" in table else None,
            extend_select=self._selectors(table, "extend-select"),
            ignore=self._selectors(table, "ignore"),
            per_file_ignores=self._per_file(table.get("per-file-ignores", {})),
            severity=severity,
            strict=self._bool(table, "strict"),
            cache_dir=self._string(table, "cache-dir"),
            max_findings_per_code=self._limit(table, "max-findings-per-code"),
            audit=AuditThresholds(
                self._int(audit, "audit.expiring-within", 0),
                self._int(audit, "audit.benchmark", 1),
                self._int(audit, "audit.low-throughput", 0),
                self._share(audit, "audit.peer-share"),
            ),
            activity=activity,
            lang=self._lang(table),
        )

    def _lang(self, table: Mapping[str, Any]) -> str | None:
        value = table.get("lang")
        if value is not None and value not in LANGUAGES:  # also a number or an empty string: not a language
            raise self.fail(
                "lang",
                msg(
                    "errors.config-lang",
                    "{value} is not a language mpptool speaks: use one of {languages}",
                    value=repr(value),
                    languages=", ".join(LANGUAGES),
                ),
            )
        return None if value is None else str(value)

    def _activity(self, table: Any) -> ActivitySettings:
        if not isinstance(table, dict):
            raise self.fail(
                "activity",
                msg("errors.activity-table", "must be a table (columns, closed-days, wait-p90-minutes, ...)"),
            )
        self._known(table, _ACTIVITY_KEYS, "activity.")
        columns = table.get("columns", {})
        if not isinstance(columns, dict):
            raise self.fail(
                "activity.columns",
                msg("errors.columns-table", 'must be a table of column = "export header", e.g. counter = "loket_id"'),
            )
        for key, value in columns.items():
            if key not in _CANONICAL_COLUMNS:
                near = difflib.get_close_matches(key, _CANONICAL_COLUMNS, n=1)
                hint = (
                    msg("errors.did-you-mean", "did you mean {ids}?", ids=repr(near[0]))
                    if near
                    else msg("errors.known-columns", "known columns: {columns}", columns=", ".join(_CANONICAL_COLUMNS))
                )
                raise self.fail(
                    f"activity.columns.{key}", msg("errors.not-a-column", "not a log column; {hint}", hint=hint), key
                )
            if not isinstance(value, str) or not value.strip():
                raise self.fail(
                    f"activity.columns.{key}", msg("errors.column-header", "must be the export's header, as text"), key
                )
        days = table.get("closed-days", [])
        if not isinstance(days, list) or not all(isinstance(d, str) and _is_date(d) for d in days):
            raise self.fail(
                "activity.closed-days",
                msg("errors.closed-days", 'must be a list of dates as text, e.g. ["2025-04-21"]'),
            )
        wait = table.get("wait-p90-minutes")
        if wait is not None and (isinstance(wait, bool) or not isinstance(wait, int | float) or not 0 < wait < 10_000):
            raise self.fail(
                "activity.wait-p90-minutes", msg("errors.wait-minutes", "must be a number of minutes above 0")
            )
        memory = table.get("memory-limit")
        if memory is not None and (not isinstance(memory, str) or not _MEMORY.fullmatch(memory.strip())):
            raise self.fail(
                "activity.memory-limit", msg("errors.memory-size", 'must be a size such as "1GB" or "512MB"')
            )
        threads = table.get("threads")
        if threads is not None and (
            isinstance(threads, bool) or not isinstance(threads, int) or not 1 <= threads <= 256
        ):
            raise self.fail("activity.threads", msg("errors.threads", "must be a whole number from 1 to 256"))
        return ActivitySettings(
            dict(columns),
            tuple(days),
            None if wait is None else float(wait),
            self._share(table, "activity.visitors-tolerance"),
            None if memory is None else memory.strip(),
            threads,
        )

    def _known(self, table: Mapping[str, Any], keys: Sequence[str], scope: str) -> None:
        for key in table:
            if key not in keys:
                near = difflib.get_close_matches(key, keys, n=1)
                hint = (
                    msg("errors.did-you-mean", "did you mean {ids}?", ids=repr(near[0]))
                    if near
                    else msg("errors.known-keys", "known keys: {keys}", keys=", ".join(keys))
                )
                raise self.fail(scope + key, msg("errors.unknown-key", "unknown key; {hint}", hint=hint))

    def _codes(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, msg("errors.code-list", 'must be a list of rule codes, e.g. ["C001", "A0"]'))
        chosen = []
        for item in value:
            if not names_a_rule(item, self.rules):
                raise self.fail(key, unknown_code(item, self.rules), item)
            chosen.append(item.strip().upper())
            if item.strip().upper() in UNIGNORABLE and key != "select" and key != "extend-select":
                raise self.fail(
                    key,
                    msg(
                        "errors.cannot-ignore",
                        "{code} cannot be ignored: {reason}",
                        code=item.strip(),
                        reason=UNIGNORABLE_REASON,
                    ),
                    item,
                )
        return tuple(chosen)

    def _selectors(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        return self._codes(key, table.get(key, []))

    def _per_file(self, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(value, dict):
            raise self.fail("per-file-ignores", msg("errors.glob-table", 'must be a table of glob = ["CODE", ...]'))
        for pattern in value:
            if pattern.startswith("/") or ".." in pattern.split("/") or not pattern.strip():
                raise self.fail(
                    f"per-file-ignores.{pattern}",
                    msg("errors.glob-relative", "a pattern is relative to this file's folder: no leading /, no .."),
                    pattern or None,
                )
        return tuple((pattern, self._codes(f"per-file-ignores.{pattern}", codes)) for pattern, codes in value.items())

    def _severity(self, value: Any) -> dict[str, Severity]:
        if not isinstance(value, dict):
            raise self.fail(
                "severity", msg("errors.severity-table", 'must be a table of CODE = "error" | "warning" | "info"')
            )
        chosen: dict[str, Severity] = {}
        for given, level in value.items():
            key, code = f"severity.{given}", given.strip().upper()
            if code not in self.rules:
                raise self.fail(key, unknown_code(given, self.rules), given)
            try:
                chosen[code] = Severity(level)
            except ValueError:
                raise self.fail(
                    key,
                    msg(
                        "errors.not-a-severity",
                        '{level} is not a severity; use "error", "warning" or "info"',
                        level=repr(level),
                    ),
                    given,
                ) from None
            if code in UNIGNORABLE and chosen[code] is not Severity.ERROR:
                raise self.fail(
                    key,
                    msg("errors.stays-error", "{code} stays an error: {reason}", code=code, reason=UNIGNORABLE_REASON),
                    given,
                )
        return chosen

    def _bool(self, table: Mapping[str, Any], key: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, msg("errors.must-be-bool", "must be true or false"))
        return value

    def _string(self, table: Mapping[str, Any], key: str) -> str | None:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise self.fail(key, msg("errors.must-be-folder", "must be a folder path"))
        return value

    def _int(self, table: Mapping[str, Any], key: str, least: int) -> int | None:
        value = table.get(key.removeprefix("audit."))
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise self.fail(
                key, msg("errors.must-be-at-least", "must be a whole number of at least {least:d}", least=least)
            )
        return value

    def _limit(self, table: Mapping[str, Any], key: str) -> int | None:
        value = table.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 100_000:
            raise self.fail(key, msg("errors.limit", "must be a whole number from 1 to 100,000"))
        return value

    def _share(self, table: Mapping[str, Any], key: str) -> float | None:
        value = table.get(key.removeprefix("audit.").removeprefix("activity."))
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key, msg("errors.must-be-share", "must be a number from 0 to 1"))
        return float(value)


def names_a_rule(selector: str, rules: Iterable[str]) -> bool:
    """Whether ``selector`` (``ALL``, a code or a prefix, any case) takes in at least one of ``rules``."""
    wanted = selector.strip().upper()
    return wanted == "ALL" or (bool(wanted) and any(code.startswith(wanted) for code in rules))


def unknown_code(code: str, rules: Iterable[str]) -> Text:
    near = difflib.get_close_matches(code.upper(), list(rules), n=1)
    if near:
        return msg(
            "errors.unknown-code-near", "unknown rule code {code}; did you mean {near}?", code=repr(code), near=near[0]
        )
    return msg("errors.unknown-code", "unknown rule code {code}; `mpptool rules` lists them", code=repr(code))


@dataclass(frozen=True, slots=True)
class Glob:
    """A ``per-file-ignores`` pattern, matched without backtracking.

    ``*`` and ``?`` stay within one folder, ``**`` spans any number of folders (``a/**/b``
    matches ``a/b``), a leading ``./`` is dropped. The pattern is compiled to a small automaton
    and run over the path once, tracking every state it can be in, so the work is at most the
    path's length times the pattern's, whatever the pattern: `*a*a*a*...*b` against a long name
    of `a`s (which makes a backtracking regex run for minutes) takes microseconds.
    """

    steps: tuple[tuple[str, str], ...]
    """(kind, char): ``lit`` a character, ``one`` any but `/`, ``star`` any run without `/`,
    ``any`` any run, ``skip`` nothing but may jump over the next two steps (`**/` is
    ``skip``, ``any``, ``lit /``: zero or more whole folders)."""

    def match(self, path: str) -> bool:
        """Whether the whole of ``path`` matches."""
        states = self._closure({0})
        for char in path:
            following: set[int] = set()
            for state in states:
                if state == len(self.steps):
                    continue
                kind, literal = self.steps[state]
                if kind == "lit":
                    if char == literal:
                        following.add(state + 1)
                elif kind == "one":
                    if char != "/":
                        following.add(state + 1)
                elif kind == "star":
                    if char != "/":
                        following.add(state)
                elif kind == "any":
                    following.add(state)
            states = self._closure(following)
            if not states:
                return False
        return len(self.steps) in states

    def _closure(self, states: set[int]) -> set[int]:
        """``states`` with every state reachable without reading a character (an empty run)."""
        pending = list(states)
        while pending:
            state = pending.pop()
            kind = self.steps[state][0] if state < len(self.steps) else ""
            for target in (state + 1,) if kind in ("star", "any", "skip") else ():
                if target not in states:
                    states.add(target)
                    pending.append(target)
            if kind == "skip" and state + 3 not in states:
                states.add(state + 3)
                pending.append(state + 3)
        return states


@functools.cache
def compile_glob(pattern: str) -> Glob:
    """A ``per-file-ignores`` pattern compiled once (see :class:`Glob`)."""
    pattern = pattern.removeprefix("./")
    steps: list[tuple[str, str]] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            steps.extend((("skip", ""), ("any", ""), ("lit", "/")))
            index += 3
        elif pattern.startswith("**", index):
            steps.append(("any", ""))
            index += 2
        else:
            char = pattern[index]
            step = ("star", "") if char == "*" else ("one", "") if char == "?" else ("lit", char)
            if step != ("star", "") or not steps or steps[-1] != step:  # `**`-free runs of `*` are one
                steps.append(step)
            index += 1
    return Glob(tuple(steps))


def selected(selector: str, code: str) -> bool:
    """Whether ``selector`` (``ALL``, a code or a prefix) takes in ``code``."""
    return selector == "ALL" or code.startswith(selector)


def memory_size(value: str) -> bool:
    """Whether ``value`` is a memory size DuckDB takes (``1GB``, ``512MB``, ``1.5GiB``)."""
    return bool(_MEMORY.fullmatch(value.strip()))


def _is_date(value: str) -> bool:
    """Whether ``value`` is a YYYY-MM-DD calendar date."""
    import datetime as dt

    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value, re.ASCII):
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True
