"""Project configuration: ``[tool.mpptool]`` in ``pyproject.toml`` or a ``mpptool.toml``.

Found by walking up from the catalog paths: in each folder ``mpptool.toml`` wins over a
``pyproject.toml`` that has a ``[tool.mpptool]`` table; a ``pyproject.toml`` without one is
passed over. Every key and every rule code is checked: a typo is an error (exit 2) that names
the file, the place and the key, never a setting silently ignored.
"""

from __future__ import annotations

import difflib
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mpptool.errors import UsageError
from mpptool.files import shown
from mpptool.model import Rule, Severity
from mpptool.rules import UNIGNORABLE

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
    "audit",
)
_AUDIT_KEYS = ("expiring-within", "benchmark", "low-throughput", "peer-share")
UNIGNORABLE_REASON = "it means the file could not be checked at all, and such a file is never clean"
_POSITION = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass(frozen=True, slots=True)
class AuditThresholds:
    """The audit thresholds a project sets; None leaves the built-in default (or the command line)."""

    expiring_within: int | None = None
    benchmark: int | None = None
    low_throughput: int | None = None
    peer_share: float | None = None


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
    audit: AuditThresholds = AuditThresholds()


def find_config(paths: Sequence[str]) -> str | None:
    """The configuration file nearest to the catalog ``paths``, walking up to the filesystem root."""
    start = _start_folder(paths)
    folder = start
    while True:
        candidate = os.path.join(folder, CONFIG_FILE)
        if os.path.isfile(candidate):
            return candidate
        candidate = os.path.join(folder, PYPROJECT)
        if os.path.isfile(candidate) and _has_tool_table(candidate):
            return candidate
        parent = os.path.dirname(folder)
        if parent == folder:
            return None
        folder = parent


def _start_folder(paths: Sequence[str]) -> str:
    folders = [os.path.abspath(p if os.path.isdir(p) else os.path.dirname(p) or ".") for p in paths] or [os.getcwd()]
    try:
        return os.path.commonpath(folders)
    except ValueError:  # different drives on Windows
        return os.getcwd()


def _has_tool_table(path: str) -> bool:
    """Whether a pyproject.toml mentions ``tool.mpptool``; parsed properly only when it does."""
    try:
        with open(path, encoding="utf-8", errors="replace") as stream:
            text = stream.read()
    except OSError:
        return False
    return "tool.mpptool" in text or re.search(r"^\s*\[\s*tool\s*\.\s*\"?mpptool", text, re.M) is not None


def load_config(path: str, rules: Mapping[str, Rule]) -> Config:
    """Read and check the configuration in ``path`` against the rule ``rules`` (the registry)."""
    try:
        with open(path, "rb") as stream:
            raw = stream.read()
    except OSError as exc:
        raise UsageError(f"{shown(path)}: cannot read the configuration: {exc.strerror}", ERROR_CODE) from None
    try:
        text = raw.decode("utf-8")
        document = tomllib.loads(text)
    except UnicodeDecodeError:
        raise UsageError(f"{shown(path)}: the configuration is not UTF-8", ERROR_CODE) from None
    except tomllib.TOMLDecodeError as exc:
        where = _POSITION.search(str(exc))
        place = f"{where.group(1)}:{where.group(2)}" if where else "1:1"
        if "(at end of document)" in str(exc):
            place = f"{text.count(chr(10)) + 1}:1"
        reason = _POSITION.sub("", str(exc)).replace("(at end of document)", "at the end of the file").strip()
        raise UsageError(f"{shown(path)}:{place}: not valid TOML: {reason}", ERROR_CODE) from None
    is_pyproject = os.path.basename(path) == PYPROJECT
    if is_pyproject:
        tool = document.get("tool", {})
        table = tool.get("mpptool", {}) if isinstance(tool, dict) else {}
        prefix = "tool.mpptool"
    else:
        table, prefix = document, ""
    reader = _Reader(path, text, prefix, rules)
    return reader.config(table)


class _Reader:
    """Checks one configuration table; every error names the file, the line and the key."""

    def __init__(self, path: str, text: str, prefix: str, rules: Mapping[str, Rule]) -> None:
        self.path = path
        self.text = text
        self.prefix = prefix
        self.rules = rules

    def fail(self, key: str, message: str, needle: str | None = None) -> UsageError:
        line, column = self._find(needle or key.rsplit(".", 1)[-1])
        name = f"{self.prefix}.{key}" if self.prefix else key
        return UsageError(f"{shown(self.path)}:{line}:{column}: {name}: {message}", ERROR_CODE)

    def _find(self, needle: str) -> tuple[int, int]:
        """Where ``needle`` first appears in the file, for the message; 1:1 if it cannot be found."""
        for number, content in enumerate(self.text.splitlines(), 1):
            column = content.find(needle)
            if column >= 0 and not content.lstrip().startswith("#"):
                return number, column + 1
        return 1, 1

    def config(self, table: Any) -> Config:
        if not isinstance(table, dict):
            raise self.fail("", "must be a table")
        self._known(table, _TOP_KEYS, "")
        audit = table.get("audit", {})
        if not isinstance(audit, dict):
            raise self.fail("audit", "must be a table, e.g. [tool.mpptool.audit]")
        self._known(audit, _AUDIT_KEYS, "audit.")
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
            audit=AuditThresholds(
                self._int(audit, "audit.expiring-within", 0),
                self._int(audit, "audit.benchmark", 1),
                self._int(audit, "audit.low-throughput", 0),
                self._share(audit, "audit.peer-share"),
            ),
        )

    def _known(self, table: Mapping[str, Any], keys: Sequence[str], scope: str) -> None:
        for key in table:
            if key not in keys:
                near = difflib.get_close_matches(key, keys, n=1)
                hint = f"did you mean {near[0]!r}?" if near else f"known keys: {', '.join(keys)}"
                raise self.fail(scope + key, f"unknown key; {hint}")

    def _codes(self, key: str, value: Any) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            raise self.fail(key, 'must be a list of rule codes, e.g. ["C001", "A0"]')
        chosen = []
        for item in value:
            if not names_a_rule(item, self.rules):
                raise self.fail(key, unknown_code(item, self.rules), item)
            chosen.append(item.strip().upper())
            if item.upper() in UNIGNORABLE and key != "select" and key != "extend-select":
                raise self.fail(key, f"{item} cannot be ignored: {UNIGNORABLE_REASON}", item)
        return tuple(chosen)

    def _selectors(self, table: Mapping[str, Any], key: str) -> tuple[str, ...]:
        return self._codes(key, table.get(key, []))

    def _per_file(self, value: Any) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(value, dict):
            raise self.fail("per-file-ignores", 'must be a table of glob = ["CODE", ...]')
        return tuple((pattern, self._codes(f"per-file-ignores.{pattern}", codes)) for pattern, codes in value.items())

    def _severity(self, value: Any) -> dict[str, Severity]:
        if not isinstance(value, dict):
            raise self.fail("severity", 'must be a table of CODE = "error" | "warning" | "info"')
        chosen: dict[str, Severity] = {}
        for code, level in value.items():
            key = f"severity.{code}"
            if code not in self.rules:
                raise self.fail(key, unknown_code(code, self.rules), code)
            try:
                chosen[code] = Severity(level)
            except ValueError:
                raise self.fail(key, f'{level!r} is not a severity; use "error", "warning" or "info"', code) from None
            if code in UNIGNORABLE and chosen[code] is not Severity.ERROR:
                raise self.fail(key, f"{code} stays an error: {UNIGNORABLE_REASON}", code)
        return chosen

    def _bool(self, table: Mapping[str, Any], key: str) -> bool:
        value = table.get(key, False)
        if not isinstance(value, bool):
            raise self.fail(key, "must be true or false")
        return value

    def _string(self, table: Mapping[str, Any], key: str) -> str | None:
        value = table.get(key)
        if value is not None and (not isinstance(value, str) or not value):
            raise self.fail(key, "must be a folder path")
        return value

    def _int(self, table: Mapping[str, Any], key: str, least: int) -> int | None:
        value = table.get(key.removeprefix("audit."))
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            raise self.fail(key, f"must be a whole number of at least {least}")
        return value

    def _share(self, table: Mapping[str, Any], key: str) -> float | None:
        value = table.get(key.removeprefix("audit."))
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
            raise self.fail(key, "must be a number from 0 to 1")
        return float(value)


def names_a_rule(selector: str, rules: Iterable[str]) -> bool:
    """Whether ``selector`` (``ALL``, a code or a prefix, any case) takes in at least one of ``rules``."""
    wanted = selector.strip().upper()
    return wanted == "ALL" or (bool(wanted) and any(code.startswith(wanted) for code in rules))


def unknown_code(code: str, rules: Iterable[str]) -> str:
    near = difflib.get_close_matches(code.upper(), list(rules), n=1)
    hint = f"; did you mean {near[0]}?" if near else "; `mpptool rules` lists them"
    return f"unknown rule code {code!r}{hint}"


def selected(selector: str, code: str) -> bool:
    """Whether ``selector`` (``ALL``, a code or a prefix) takes in ``code``."""
    return selector == "ALL" or code.startswith(selector)
