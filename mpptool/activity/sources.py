"""Queue-log files: finding them, naming their columns, and turning each into SQL DuckDB reads.

A log is CSV (delimiter detected), Parquet, JSON Lines or an XLSX workbook; a folder is read
recursively, and ``key=value`` folders (hive partitions) supply a column the files lack. Each
file is read on its own, so every row keeps the number a person would find it by: the row a
spreadsheet shows for CSV and XLSX (header = 1), the line for JSON Lines, the 1-based record
for Parquet.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from mpptool.errors import UsageError
from mpptool.text.i18n import msg

CANONICAL = ("mpp", "counter", "ticket", "service", "issued_at", "called_at", "finished_at", "status")
"""The log's columns (``activity-format.md``), in the order they are read."""

KINDS = {
    ".csv": "csv",
    ".tsv": "csv",
    ".txt": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
    ".jsonl": "json",
    ".ndjson": "json",
    ".xlsx": "xlsx",
}
"""File endings read as logs; anything else in a folder is passed over (and said so)."""

_PARTITION = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)=(.*)")
_GLOB = re.compile(r"[*?\[\]{}]")


@dataclass(frozen=True, slots=True)
class LogFile:
    """One log file to read: its path as shown, its kind and the columns its folders supply."""

    display: str
    path: str
    kind: str
    partitions: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, slots=True)
class Found:
    """The log files under the given paths, and the files passed over (not a log kind)."""

    files: tuple[LogFile, ...]
    skipped: tuple[str, ...]


def find_logs(paths: Sequence[str]) -> Found:
    """Every log file under ``paths``, in a stable order (sorted within each folder).

    Raises UsageError (E001) for a path that does not exist or a folder with no log file:
    an audit against an empty folder must not pass as "no evidence of anything".
    """
    files: list[LogFile] = []
    skipped: list[str] = []
    seen: set[str] = set()
    for given in paths:
        if not os.path.exists(given):
            raise UsageError(
                msg("errors.activity-missing", "queue log {path}: no such file or folder", path=given), "E001"
            )
        if os.path.isdir(given):
            logs_here = 0
            for path, parts in _walk(given):
                kind = KINDS.get(os.path.splitext(path)[1].lower())
                if not os.path.isfile(path):  # a pipe, socket or device: reading it could wait forever
                    skipped.append(path)
                elif kind is None:
                    if not path.lower().endswith(".md"):  # notes kept beside logs are not logs
                        skipped.append(path)
                else:
                    logs_here += 1  # read once, even when given again (the folder twice, or its parent too)
                    if (real := os.path.realpath(path)) not in seen:
                        seen.add(real)
                        files.append(LogFile(path, real, kind, parts))
            if not logs_here:
                endings = ", ".join(sorted(KINDS))
                raise UsageError(
                    msg(
                        "errors.activity-no-log",
                        "queue log {path}: no log file in this folder (files ending {endings})",
                        path=given,
                        endings=endings,
                    ),
                    "E001",
                )
            continue
        if not os.path.isfile(given):
            raise UsageError(
                msg(
                    "errors.activity-special",
                    "queue log {path}: not a regular file (a pipe, socket or device), which could be read "
                    "forever; export the log to a file and give that",
                    path=given,
                ),
                "E001",
            )
        kind = KINDS.get(os.path.splitext(given)[1].lower())
        if kind is None:
            raise UsageError(
                msg(
                    "errors.activity-kind",
                    "queue log {path}: not a log file kind mpptool reads; give CSV, Parquet, JSON Lines or XLSX",
                    path=given,
                ),
                "E001",
            )
        if (real := os.path.realpath(given)) not in seen:
            seen.add(real)
            files.append(LogFile(given, real, kind))
    return Found(tuple(files), tuple(skipped))


def _walk(root: str) -> Iterator[tuple[str, tuple[tuple[str, str], ...]]]:
    """Files under ``root``, sorted, hidden ones passed over, with the partitions their folders name.

    A folder is read once, however many links lead to it: a link back to a parent would
    otherwise be walked without end (two such links, exponentially).
    """
    stack: list[tuple[str, tuple[tuple[str, str], ...]]] = [(root, ())]
    read: set[str] = set()
    while stack:
        folder, parts = stack.pop()
        real = os.path.realpath(folder)
        if real in read:
            continue
        read.add(real)
        try:
            names = sorted(os.listdir(folder))
        except OSError as error:
            raise UsageError(
                msg(
                    "errors.activity-unreadable",
                    "queue log {path}: cannot be read ({reason})",
                    path=folder,
                    reason=str(error.strerror),
                ),
                "E001",
            ) from None
        subfolders: list[tuple[str, tuple[tuple[str, str], ...]]] = []
        for name in names:
            if name.startswith("."):
                continue
            path = os.path.join(folder, name)
            if os.path.isdir(path):
                match = _PARTITION.fullmatch(name)
                subfolders.append((path, (*parts, (match.group(1), match.group(2))) if match else parts))
            else:
                yield path, parts  # special files too: find_logs passes them over, and says so
        stack.extend(reversed(subfolders))


def column_sources(
    header: Sequence[str], mapping: Mapping[str, str], partitions: Sequence[tuple[str, str]]
) -> dict[str, tuple[str, str | int]]:
    """Where each canonical column comes from in one file: ``("column", index)`` or ``("value", text)``.

    The configuration's map (``counter = "loket_id"``) applies only when the file has the mapped
    column; a header is matched exactly first, then ignoring case and surrounding spaces. A
    hive partition folder (``mpp=kab-cirebon``) supplies a column the file lacks.
    """
    exact = {name: index for index, name in reversed(list(enumerate(header)))}
    loose = {name.strip().casefold(): index for index, name in reversed(list(enumerate(header)))}
    found: dict[str, tuple[str, str | int]] = {}
    for canonical in CANONICAL:
        for name in (mapping.get(canonical), canonical):
            if name is None:
                continue
            if name in exact:
                found[canonical] = ("column", exact[name])
                break
            if name.strip().casefold() in loose:
                found[canonical] = ("column", loose[name.strip().casefold()])
                break
    by_key = {}
    for key, value in partitions:
        by_key[key] = value
        for canonical, name in mapping.items():
            if name == key:
                by_key[canonical] = value
    for canonical in CANONICAL:
        if canonical not in found and canonical in by_key:
            found[canonical] = ("value", by_key[canonical])
    return found


def sql_text(value: str) -> str:
    """A SQL string literal (quotes doubled; NUL, which no path or id may hold, removed)."""
    return "'" + value.replace("\x00", "").replace("'", "''") + "'"


def sql_name(value: str) -> str:
    """A quoted SQL identifier."""
    return '"' + value.replace("\x00", "").replace('"', '""') + '"'


def safe_path(path: str, scratch: str, index: int) -> str:
    """A path DuckDB reads as that one file: it treats ``*?[]{}`` as a glob, so such a name is linked."""
    if not _GLOB.search(path):
        return path
    link = os.path.join(scratch, f"log-{index}{os.path.splitext(path)[1].lower()}")
    os.symlink(path, link)
    return link
