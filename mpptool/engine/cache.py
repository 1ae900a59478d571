"""A cache of per-file outcomes, so an unchanged catalog revalidates (and re-audits) in a blink.

An entry is keyed by the file's path and a digest of its bytes; the whole cache by the tool's
version and code, the schema, the reference data, the rules that ran and, for the audit, its
settings (date and thresholds: each MPP's figures and schedule are kept too). Configuration does
not enter the key because selection, ignores, severities and suppressions are applied after
the cache (:mod:`mpptool.engine.policy`), so changing them never needs a file parsed again. The
cache is JSON, not pickle: a cache restored in CI from another branch is data, never code.
Anything odd about it (missing, corrupt, from another version) is a miss, never an error.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import math
import os
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

from mpptool import __version__
from mpptool.engine.checker import MAX_FINDINGS_PER_CODE, FileOutcome
from mpptool.loaders.comments import Malformed, Suppression, Suppressions
from mpptool.loaders.files import content_digest
from mpptool.loaders.locate import Span
from mpptool.model import Finding, Severity
from mpptool.text.i18n import LANGUAGES, Text, clip_message

CACHE_FILE = "validate.json"
"""The cache of `validate`; the audit keeps its own (:func:`audit_cache_file`), as its key differs."""
FORMAT = 4
"""2: a finding keeps its workbook cell (``Layanan!D12``); 3: its message as data, to say it in any language;
4: an audit's figures and schedule."""
DEFAULT_FOLDER = ".mpptool_cache"


def digest(data: bytes) -> str:
    """The content part of an entry's key."""
    return content_digest(data)


def audit_cache_file(schedules: bool) -> str:
    """The audit's cache file: one for the catalog alone, one with schedules (``--activity``), so
    that running one never discards the other's entries."""
    return "audit-activity.json" if schedules else "audit.json"


def run_key(codes: Iterable[str], max_per_code: int = MAX_FINDINGS_PER_CODE, settings: object = None) -> str:
    """What every entry depends on besides its file: tool version and code, schema, reference data, rules.

    The package's own files enter by name, size and modification time, so editing a rule in a
    development checkout invalidates the cache without bumping the version. ``settings``: the
    audit's (a frozen dataclass of dates and numbers, entered by its ``repr``).
    """
    parts = [f"format={FORMAT}", f"version={__version__}", "rules=" + ",".join(sorted(codes))]
    parts.append(f"max-findings-per-code={max_per_code}")  # the one setting outcomes depend on
    if settings is not None:
        parts.append(f"settings={settings!r}")
    for relative, path in package_files():
        info = path.stat()
        parts.append(f"{relative}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def package_files() -> list[tuple[str, Path]]:
    """The files of the whole ``mpptool`` package an outcome may depend on (code, schema, reference data)."""
    package = Path(__file__).resolve().parent.parent  # mpptool/, not mpptool/engine/
    return [
        (path.relative_to(package).as_posix(), path)
        for path in sorted(package.rglob("*"))
        if path.suffix in (".py", ".json", ".csv") and path.is_file()
    ]


class OutcomeCache:
    """Outcomes of earlier runs, read once, written once (atomically) when something changed."""

    def __init__(self, folder: str, key: str, name: str = CACHE_FILE) -> None:
        self.folder = folder
        self.key = key
        self.path = os.path.join(folder, name)
        self._entries: dict[str, list[Any]] = self._load()
        self._changed = False
        self.hits = 0

    def _load(self) -> dict[str, list[Any]]:
        if os.path.islink(self.path):
            return {}  # never read (or later write) through a link
        try:
            with open(self.path, encoding="utf-8") as stream:
                stored = json.load(stream, parse_constant=_refuse)
        except (OSError, ValueError, RecursionError):  # a deeply nested hostile file is a miss too
            return {}
        if not isinstance(stored, dict) or stored.get("key") != self.key or not isinstance(stored.get("files"), dict):
            return {}
        files: dict[str, list[Any]] = stored["files"]
        return files

    def lookup(self, display: str, content: str) -> FileOutcome | None:
        """The stored outcome for ``display`` if its content still has the digest ``content``."""
        entry = self._entries.get(display)
        if not isinstance(entry, list) or len(entry) != 2 or entry[0] != content:
            return None
        try:
            outcome = _decode(display, entry[1])
        except (_Bad, KeyError, TypeError, ValueError, IndexError):
            return None  # not what this version writes: hand-edited, truncated or hostile
        self.hits += 1
        return outcome

    def store(self, outcome: FileOutcome) -> None:
        """Remember ``outcome`` for the content it was checked on (its digest)."""
        if outcome.digest is None:
            return  # a file that could not be read: nothing to answer for next time
        try:
            encoded = _encode(outcome)
        except _Bad:
            return  # a value JSON cannot hold as it is (a float that is not finite): checked again next time
        self._entries[outcome.display] = [outcome.digest, encoded]
        self._changed = True

    def save(self) -> str | None:
        """Write the cache if it changed; returns why it could not be written, if it could not.

        Entries of files that no longer exist are dropped then. A stale entry is harmless (it
        answers only for a file with exactly that content) but would make the cache grow.
        """
        if not self._changed:
            return None
        self._entries = {display: entry for display, entry in self._entries.items() if os.path.lexists(display)}
        from mpptool.engine.output import write_atomic

        try:
            if not os.path.isdir(self.folder):
                os.makedirs(self.folder)
                ignore = os.path.join(self.folder, ".gitignore")  # only in a folder mpptool made
                write_atomic(
                    ignore, "# Created by mpptool: a cache, never to be committed.\n*\n", follow_symlinks=False
                )
            text = json.dumps({"key": self.key, "files": self._entries}, separators=(",", ":"), allow_nan=False)
            write_atomic(self.path, text, follow_symlinks=False)
        except Exception as exc:  # a cache that cannot be written must never fail the run
            return str(getattr(exc, "message", exc))
        self._changed = False
        return None


def _refuse(name: str) -> None:
    raise ValueError(f"{name} is not a number this cache writes")


def _encode(outcome: FileOutcome) -> dict[str, Any]:
    return {
        "findings": [
            [
                f.code,
                f.severity.value,
                f.message,
                f.line,
                f.column,
                f.pointer,
                f.mpp,
                f.end_line,
                f.end_column,
                f.cell,
                None if f.text is None else f.text.as_data(),
            ]
            for f in outcome.findings
        ],
        "mpp": [outcome.mpp_id, outcome.region, outcome.status],
        "spans": {pointer: [s.line, s.column, s.end_line, s.end_column] for pointer, s in outcome.spans.items()},
        "ignore": [[e.line, e.column, list(e.codes), e.target] for e in outcome.suppressions.entries],
        "bad": [[m.line, m.column, m.message.as_data()] for m in outcome.suppressions.malformed],
        "figures": _value(outcome.figures),
        "schedule": _value(outcome.schedule),
    }


def _value(value: Any) -> Any:
    """A frozen dataclass of the vocabulary (figures, schedule) as JSON: a list of its fields' values, in order.

    Dates as ISO text, tuples and sets as lists (sets sorted), mappings as lists of pairs.
    """
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        if not math.isfinite(value):
            raise _Bad
        return value
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [_value(getattr(value, f.name)) for f in dataclasses.fields(value)]
    if isinstance(value, (tuple, list)):
        return [_value(item) for item in value]
    if isinstance(value, frozenset):
        return sorted(_value(item) for item in value)
    if isinstance(value, Mapping):
        return [[_value(key), _value(item)] for key, item in value.items()]
    raise _Bad


class _Bad(Exception):
    """An entry that is not what this version writes: a miss."""


def _typed(hint: Any, data: Any) -> Any:
    """The value of type ``hint`` that :func:`_value` wrote as ``data``; anything else raises :class:`_Bad`."""
    return _reader(hint)(data)


@functools.cache
def _reader(hint: Any) -> Callable[[Any], Any]:
    """A function that reads back a value of type ``hint`` from what :func:`_value` wrote, checking every part.

    Driven by the dataclasses' own type hints, so a new field is cached (and checked) with no
    change here; a type this does not know is a miss, never a guess. Made once per type: the
    audit's cache holds some 80,000 values per 300 files.
    """
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if origin is typing.Union or origin is types.UnionType:
        kinds = [arg for arg in args if arg is not type(None)]
        if len(kinds) != 1 or len(args) != 2:
            raise TypeError(f"no cache reader for {hint!r}")
        inner = _reader(kinds[0])
        return lambda data: None if data is None else inner(data)
    if hint in (str, bool, int):
        return functools.partial(_exactly, hint)
    if hint is float:
        return _number
    if hint is dt.date:
        return _date
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        fields = tuple((f.name, _reader(hints[f.name])) for f in dataclasses.fields(hint))
        return functools.partial(_record, hint, fields)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _reader(args[0])
        return lambda data: tuple(item(value) for value in _list(data))
    if origin is tuple and args:
        items = tuple(_reader(kind) for kind in args)
        return lambda data: tuple(read(value) for read, value in zip(items, _list(data, len(items)), strict=True))
    if origin is frozenset and len(args) == 1:
        member = _reader(args[0])
        return lambda data: frozenset(member(value) for value in _list(data))
    if origin in (Mapping, dict) and len(args) == 2:
        key, value = _reader(args[0]), _reader(args[1])
        return lambda data: {key(k): value(v) for k, v in (_list(pair, 2) for pair in _list(data))}
    raise TypeError(f"no cache reader for {hint!r}")  # a field type this module does not know: a bug, found by tests


def _exactly(kind: type, data: Any) -> Any:
    if type(data) is not kind:
        raise _Bad
    return data


def _number(data: Any) -> Any:
    if type(data) not in (int, float) or not math.isfinite(data):
        raise _Bad
    return data


def _date(data: Any) -> dt.date:
    if type(data) is not str or len(data) != 10:
        raise _Bad
    return dt.date.fromisoformat(data)


def _list(data: Any, length: int | None = None) -> list[Any]:
    if type(data) is not list or (length is not None and len(data) != length):
        raise _Bad
    return data


def _record(kind: type, fields: tuple[tuple[str, Callable[[Any], Any]], ...], data: Any) -> Any:
    values = _list(data, len(fields))
    return kind(**{name: read(value) for (name, read), value in zip(fields, values, strict=True)})


def _int(value: Any) -> int:
    if type(value) is not int or value < 0:
        raise _Bad
    return value


def _text(value: Any) -> str:
    if type(value) is not str:
        raise _Bad
    return value


def _message(value: Any, english: str | None = None) -> Text:
    """A cached message, proved to render in every language (and, with ``english``, to say
    exactly that): an edited or damaged entry is a miss, never an error at output time."""
    try:
        text = Text.from_data(value)
        said = [text.render(lang) for lang in LANGUAGES]
    except Exception as exc:  # any template or value a run never wrote
        raise _Bad from exc
    if english is not None and clip_message(said[0]) != english:
        raise _Bad
    return text


def _optional(value: Any, read: Any) -> Any:
    return None if value is None else read(value)


def _decode(display: str, data: Any) -> FileOutcome:
    """An outcome from its JSON, every field type-checked: anything unexpected raises :class:`_Bad`."""
    if not isinstance(data, dict):
        raise _Bad
    findings = []
    for row in data["findings"]:
        code, severity, message, line, column, pointer, mpp, end_line, end_column, cell, text = row
        findings.append(
            Finding(
                _text(code),
                Severity(_text(severity)),
                _text(message),
                display,
                _int(line),
                _int(column),
                _text(pointer),
                _optional(mpp, _text),
                _optional(end_line, _int),
                _optional(end_column, _int),
                cell=_optional(cell, _text),
                text=None if text is None else _message(text, _text(message)),
            )
        )
    mpp_id, region, status = (_optional(value, _text) for value in data["mpp"])
    if not isinstance(data["spans"], dict):
        raise _Bad
    spans = {_text(pointer): Span(*(_int(v) for v in values)) for pointer, values in data["spans"].items()}
    entries = []
    for line, column, codes, target in data["ignore"]:
        if not isinstance(codes, list):
            raise _Bad
        entries.append(Suppression(_int(line), _int(column), tuple(_text(c) for c in codes), _optional(target, _int)))
    malformed = tuple(Malformed(_int(line), _int(column), _message(message)) for line, column, message in data["bad"])
    suppressions = Suppressions(tuple(entries), malformed)
    from mpptool.vocab.figures import MppFigures  # the audit's only: validate never imports them
    from mpptool.vocab.schedule import MppSchedule

    figures = _typed(MppFigures | None, data["figures"])
    schedule = _typed(MppSchedule | None, data["schedule"])
    for part in (figures, schedule):
        if part is not None and part.file != display:
            raise _Bad  # an entry moved to another file's name
    return FileOutcome(display, tuple(findings), mpp_id, region, status, spans, figures, suppressions, schedule)
