"""One DuckDB pass over the queue logs: read, locate and classify every row, then aggregate.

DuckDB is imported here only, and this module only when ``--activity`` is given. Every row
is read as text and judged by our rules (``activity-format.md``), never by the library's
wording or type guesses: a timestamp is read only in the forms the contract names, its
offset applied by us (DuckDB's cast to TIMESTAMP would silently drop it). Bad rows are
counted and the first of each kind per file kept for findings; the figures are computed
from the good rows only, in SQL, and returned as plain data.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from mpptool.activity.calendar import YEARS
from mpptool.activity.sources import CANONICAL, LogFile, column_sources, safe_path, sql_name, sql_text
from mpptool.activity.workbook import (
    BOM,
    ROW_COLUMN,
    WorkbookError,
    blank_lines,
    convert_sheet,
    leading_blank_lines,
    line_count,
    quoted_blank_rows,
    spreadsheet_row,
)
from mpptool.errors import UsageError
from mpptool.text.i18n import Text, msg
from mpptool.vocab.schedule import MppSchedule
from mpptool.vocab.state import WEEK

TIMESTAMP = r"^(\d{4}-\d{1,2}-\d{1,2}[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)\s*(Z|[+-]\d{2}(?::?\d{2})?)?$"
"""ISO 8601 date and time, a space allowed for the ``T``, an optional offset (``Z``, ``+07``, ``+07:00``)."""

STATUSES = ("served", "no_show", "cancelled")
SERVED, NO_SHOW, CANCELLED = range(len(STATUSES))
"""A row's status in table ``c`` (column ``st``): a small integer costs half a text to store."""
UNKNOWN_CODES = ("L004", "L005", "L006")
"""Codes reported once per id (with its first rows), not once per row."""
UNKNOWN_COLUMNS = {"L004": "mpp", "L005": "counter", "L006": "service"}
"""The column whose id each of :data:`UNKNOWN_CODES` is about."""
FIRST_ROWS = 5
MAX_OFFSET_HOURS = 14
"""The largest UTC offset anywhere (+14:00, Kiribati); a larger one is a typing error (L007)."""
LATE_MINUTES = 120
"""A call this long after closing is a bad row (the contract's "more than two hours")."""


@dataclass(frozen=True, slots=True)
class BadRow:
    """One bad row as a finding needs it: code, where, which column, and the value at fault."""

    code: str
    file: str
    row: int
    column: int | None
    column_name: str
    value: str | None
    mpp: str | None = None
    sheet: str | None = None
    reason: Text | None = None
    """A file that cannot be read (L001): why, as a message (``value`` is its English)."""


@dataclass(frozen=True, slots=True)
class UnknownId:
    """An MPP, counter or service id the catalog lacks: once per id, with its first rows."""

    code: str
    mpp: str | None
    value: str
    count: int
    rows: tuple[tuple[str, int], ...]
    """(file, row) of the first rows that name it, in reading order."""
    column: int | None
    sheet: str | None = None


@dataclass(frozen=True, slots=True)
class MppFacts:
    """What the good rows of one MPP's log say, before the catalog is held against them."""

    rows: int = 0
    rows_used: int = 0
    rows_outside: int = 0
    served: int = 0
    no_show: int = 0
    cancelled: int = 0
    first: dt.date | None = None
    last: dt.date | None = None
    ticket_days: frozenset[dt.date] = frozenset()
    active: Mapping[str, frozenset[dt.date]] = field(default_factory=dict)
    """Per counter, the days it called at least one ticket."""
    service_seconds: Mapping[str, float] = field(default_factory=dict)
    """Per counter, seconds of service of its served tickets."""
    served_by_day: Mapping[dt.date, int] = field(default_factory=dict)
    wait_p50: float | None = None
    wait_p90: float | None = None
    service_p50: float | None = None
    counter_wait_p90: Mapping[str, float] = field(default_factory=dict)
    counter_served: Mapping[str, int] = field(default_factory=dict)
    service_served: Mapping[tuple[str, str], int] = field(default_factory=dict)
    """Served tickets by (counter, service), over rows that name a service."""
    names_services: bool = False
    """Whether any good row names its service (else no claim about services is made)."""


@dataclass(frozen=True, slots=True)
class LogFacts:
    """Everything read from the logs: files, row counts, bad rows and each MPP's facts."""

    files: tuple[str, ...]
    rows: int
    rows_used: int
    rows_outside: int
    bad_counts: Mapping[tuple[str, str], int]
    """Rows left out by (file, code)."""
    bad: tuple[BadRow, ...]
    unknown: tuple[UnknownId, ...]
    file_problems: tuple[BadRow, ...]
    mpps: Mapping[str, MppFacts]

    @property
    def rows_left_out(self) -> int:
        """Rows that were read but not used: every bad row."""
        return sum(self.bad_counts.values())


@dataclass(frozen=True, slots=True)
class ScanOptions:
    """How to read the logs: column map, sheet, the one MPP when no column names it, the period."""

    columns: Mapping[str, str] = field(default_factory=dict)
    sheet: str | None = None
    single_mpp: str | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    closed_days: frozenset[dt.date] = frozenset()
    """Days no MPP opens: public holidays, collective leave and the configuration's extra days."""
    memory_limit: str = "1GB"
    threads: int | None = None
    first_rows: int = 100
    """Bad rows kept per file and code for findings (the rest are counted)."""


@dataclass(slots=True)
class _Read:
    """Bookkeeping of one file as read: display name, sheet, canonical columns' 1-based positions, blank lines."""

    display: str
    sheet: str | None = None
    positions: dict[str, int] = field(default_factory=dict)
    blanks: tuple[int, ...] = ()
    kind: str = "csv"
    blanks_later: Future[tuple[int, ...]] | None = None
    """The blank lines while they are still being looked for, beside DuckDB's read (:meth:`settle`)."""
    header: int = 1
    """The line of a CSV file's header (after a title line or empty lines above it)."""
    path: str = ""
    """Where a CSV file is read from (for the quote-aware count of its blank rows, :func:`_quoted_blanks`)."""

    def settle(self) -> None:
        """Wait for the blank lines, if they are being looked for; those above the header are not between rows."""
        if self.blanks_later is not None:
            self.blanks, self.blanks_later = self.after_header(self.blanks_later.result()), None

    def after_header(self, blanks: tuple[int, ...]) -> tuple[int, ...]:
        """The blank lines below the header line."""
        return tuple(line for line in blanks if line > self.header) if self.kind == "csv" else blanks

    def row(self, record: int) -> int:
        """The number a person finds the 1-based record ``record`` by."""
        if self.kind == "xlsx":
            return record  # already the sheet's row
        if self.kind == "csv":
            return spreadsheet_row(record, self.blanks, header=self.header)
        if self.kind == "json":
            return spreadsheet_row(record, self.blanks, header=0)
        return record


def scan(files: Sequence[LogFile], schedules: Sequence[MppSchedule], options: ScanOptions) -> LogFacts:
    """Read every log file into one table, classify every row, aggregate the good ones."""
    import duckdb

    try:
        return _scan(duckdb, files, schedules, options)
    except duckdb.Error as error:  # out of memory or disk while spilling, an interrupted read: not a finding
        detail = str(error).strip().splitlines()[0][:300] if str(error).strip() else type(error).__name__
        raise UsageError(
            msg(
                "errors.logs-not-read",
                "the queue logs could not be read to the end ({detail}); give DuckDB more room with --memory-limit, "
                "or free disk space in the temporary folder it spills to",
                detail=detail,
            ),
            "E009",
        ) from None


def _scan(duckdb: Any, files: Sequence[LogFile], schedules: Sequence[MppSchedule], options: ScanOptions) -> LogFacts:
    with tempfile.TemporaryDirectory(prefix="mpptool-activity-") as scratch:
        con = duckdb.connect(os.path.join(scratch, "logs.duckdb"))
        try:
            con.execute(f"SET memory_limit = {sql_text(options.memory_limit)}")
            con.execute(f"SET temp_directory = {sql_text(os.path.join(scratch, 'spill'))}")
            con.execute("SET TimeZone = 'UTC'")
            if options.threads:
                con.execute(f"SET threads = {int(options.threads)}")
            lookups = _catalog_tables(con, schedules, options.closed_days)
            # The blank lines of CSV and JSON Lines files are looked for in Python while DuckDB reads
            # (it lets go of the GIL): a search of the whole file, which would otherwise come after.
            pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mpptool-blank-lines")
            try:
                reads, problems, skipped, selects = _load(con, files, options, scratch, pool)
                _classify(con, selects, reads, problems, options, lookups)
                for read in reads:
                    read.settle()
                _quoted_blanks(con, reads)
            finally:
                pool.shutdown(wait=True, cancel_futures=True)
            return _collect(con, reads, problems, skipped, options)
        finally:
            con.close()


def _quoted_blanks(con: Any, reads: Sequence[_Read]) -> None:
    """Blank rows counted again, following quotes, in a CSV file whose rows and lines disagree.

    The fast search counts physical lines; a quoted line break (a note of two paragraphs) makes
    one row of several lines, and an empty line inside it is no blank row. A file with blank
    lines is checked: rows read + blank lines + header = lines when no quoted field breaks a
    line (each such break adds a line no row accounts for); otherwise its blank rows are
    counted by :func:`quoted_blank_rows`.
    """
    suspects = {index: read for index, read in enumerate(reads) if read.kind == "csv" and read.blanks and read.path}
    if not suspects:
        return
    listed = ", ".join(str(index) for index in suspects)
    counts = dict(con.execute(f"SELECT f, count(*) FROM c WHERE f IN ({listed}) GROUP BY f").fetchall())
    for index, read in suspects.items():
        if index in counts and counts[index] + len(read.blanks) + read.header != line_count(read.path):
            read.blanks = read.after_header(quoted_blank_rows(read.path))


_MPP_TYPES = {"off": "INTEGER", "open_min": "INTEGER", "close_min": "INTEGER", "opened": "DATE", "mask": "VARCHAR"}
"""The columns of table ``mpps`` a row's classification looks up, and their types."""


@dataclass(frozen=True, slots=True)
class _Lookups:
    """The catalog's side of a row's classification as SQL expressions over one row, not joins.

    A join does not keep reading order (DuckDB's order preservation covers projections, filters
    and ``UNION ALL``), so the table of classified rows looks its MPP up by casting the id to an
    ENUM of the catalog's ids (NULL when unknown) and taking the MPP's values from literal lists
    at that position; a closed day is a bit of a literal string, one per day of the closed range.
    """

    mpp_values: Mapping[str, str] = field(default_factory=dict)
    """Per column of ``mpps`` (``off``, ``opened``, ...), a SQL list literal in ENUM order."""
    closed_from: dt.date | None = None
    closed_bits: str = ""

    def mpp(self, key: str, column: str) -> str:
        """SQL of an MPP's ``column``, given ``key``, the 1-based position of its id in the ENUM (NULL when unknown)."""
        values = self.mpp_values.get(column)
        return f"{values}[{key}]" if values else f"NULL::{_MPP_TYPES[column]}"

    def closed(self, day: str) -> str:
        """SQL condition of the date ``day`` being a closed day."""
        if self.closed_from is None:
            return "false"
        first = sql_text(self.closed_from.isoformat())
        return (
            f"substr({sql_text(self.closed_bits)}, "
            f"CAST(greatest(date_diff('day', DATE {first}, {day}), -1) AS INTEGER) + 1, 1) = '1'"
        )


def _catalog_tables(con: Any, schedules: Sequence[MppSchedule], closed: Iterable[dt.date]) -> _Lookups:
    """The catalog's side as small tables: MPPs (offset, hours, days), counters, services, closed days.

    Also the ENUM ``mpp_key`` of the MPP ids and the lookups of :class:`_Lookups`.
    """
    con.execute(
        "CREATE TABLE mpps (id VARCHAR, off INTEGER, open_min INTEGER, close_min INTEGER, opened DATE, mask VARCHAR)"
    )
    con.execute("CREATE TABLE counters (k_mpp VARCHAR, k_id VARCHAR, k_open INTEGER, k_close INTEGER)")
    con.execute("CREATE TABLE services (s_mpp VARCHAR, s_id VARCHAR)")
    con.execute("CREATE TABLE closed (closed_day DATE)")
    seen: set[str] = set()
    mpps: list[tuple[object, ...]] = []
    counters: list[tuple[object, ...]] = []
    services: list[tuple[object, ...]] = []
    for schedule in schedules:
        if schedule.id in seen:
            continue  # an id claimed twice is I002's finding; the first file's schedule is used
        seen.add(schedule.id)
        mask = "".join("1" if day in schedule.days else "0" for day in WEEK)
        mpps.append(
            (schedule.id, schedule.offset_hours, schedule.open_minute, schedule.close_minute, schedule.opened, mask)
        )
        counters += [(schedule.id, c.id, c.open_minute, c.close_minute) for c in schedule.counters]
        services += [(schedule.id, ident) for ident in sorted(schedule.services)]
    _insert(con, "mpps", mpps)
    _insert(con, "counters", counters)
    _insert(con, "services", services)
    days = sorted(set(closed))
    _insert(con, "closed", [(day,) for day in days])
    con.execute("CREATE TYPE mpp_key AS ENUM (SELECT id FROM mpps)")
    order = [row[0] for row in con.execute("SELECT unnest(enum_range(NULL::mpp_key))").fetchall()]
    by_id = {row[0]: row for row in mpps}
    values: dict[str, str] = {}
    if order:
        for position, (column, kind) in enumerate(_MPP_TYPES.items(), start=1):
            items = [by_id[ident][position] for ident in order]
            values[column] = "[" + ", ".join(_literal(item, kind) for item in items) + "]"
    if not days:
        return _Lookups(values)
    bits = ["0"] * ((days[-1] - days[0]).days + 1)
    for day in days:
        bits[(day - days[0]).days] = "1"
    return _Lookups(values, days[0], "".join(bits))


def _literal(value: object, kind: str) -> str:
    """A typed SQL literal of a catalog value (a number, a date, a mask of 0 and 1), NULL when absent."""
    if value is None:
        return f"NULL::{kind}"
    if isinstance(value, dt.date):
        return f"DATE {sql_text(value.isoformat())}"
    if isinstance(value, int):
        return f"CAST({int(value)} AS INTEGER)"
    return sql_text(str(value))


def _insert(con: Any, table: str, rows: Sequence[tuple[object, ...]]) -> None:
    """Rows as one JSON text bound as a parameter, unnested in DuckDB and cast to the table's types.

    ``executemany`` costs a round trip per row and a VALUES list must be parsed as SQL (0.6 s
    for 30,000 services); one bound JSON text costs 0.04 s, and a string is never SQL.
    """
    if not rows:
        return
    width = len(rows[0])
    picks = ", ".join(f"j[{index}]" for index in range(1, width + 1))
    text = json.dumps([[_plain(value) for value in row] for row in rows])
    con.execute(
        f"INSERT INTO {table} SELECT {picks} FROM (SELECT unnest(CAST(CAST(? AS JSON) AS VARCHAR[][])) AS j)", [text]
    )


def _plain(value: object) -> object:
    """A value JSON can hold whose text DuckDB casts back to the column's type (a date as ISO text)."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _reader(log: LogFile, path: str, sheet_csv: str | None, padded_skip: int | None = None) -> str:
    """The table function that reads one log; a CSV ``padded_skip`` (empty lines before its header) reads
    a row short of its last fields with them blank (see :func:`_csv_header`)."""
    if log.kind == "parquet":
        return f"read_parquet({sql_text(path)}, file_row_number = true)"
    if log.kind == "json":  # one JSON value per line, its fields read as text by name (see _json_keys)
        return f"read_ndjson_objects({sql_text(path)})"
    target = sheet_csv if sheet_csv is not None else path
    return (
        f"read_csv({sql_text(target)}, all_varchar = true, header = true, auto_detect = true, "
        "sample_size = 20480, strict_mode = true"
        + ("" if padded_skip is None else f", {_PADDED}" + (f", skip = {int(padded_skip)}" if padded_skip else ""))
        + ")"
    )


_PADDED = "null_padding = true"
"""A CSV row short of its last fields has them blank; with a quoted line break, only on one thread."""


def _csv_header(con: Any, log: LogFile, path: str, options: ScanOptions) -> tuple[str, list[str], int]:
    """A CSV file's reader and header: as DuckDB's sniffer finds them, else read with short rows padded.

    The sniffer finds the delimiter, the quotes and a title line above the header, but a row
    short of its last fields (as some exports write them) among the rows it samples makes it
    take the whole file for one column. When the header it finds lacks a required column, the
    file is sniffed again with ``null_padding``, which reads such a row with blank fields (and
    skips the empty lines before the header by count: padded, the sniffer would take an empty
    first line for the header); the header that has the required columns wins. The third value
    is the line the header is on (after a title line or empty lines), which rows are counted from.
    """
    plain = _reader(log, path, None)
    header = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {plain}").fetchall()]
    if not _missing(header, log, options):
        return plain, header, _header_line(con, path, header)
    leading = leading_blank_lines(path)
    padded = _reader(log, path, None, leading)
    try:
        again = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {padded}").fetchall()]
    except Exception:
        return plain, header, 1
    return (plain, header, 1) if _missing(again, log, options) else (padded, again, leading + 1)


def _header_line(con: Any, path: str, header: Sequence[str]) -> int:
    """The line of a CSV file's header: after the lines DuckDB's sniffer skips (a title, empty lines).

    Line 1 when the first line holds every column's name (the usual case, read from the file's
    first bytes); else the sniffer is asked (about 50 ms a file).
    """
    with open(path, "rb") as stream:
        first = stream.read(1 << 16).removeprefix(BOM).split(b"\n", 1)[0]
    if header and all(name.encode() in first for name in header):
        return 1
    try:
        found = con.execute(
            f"SELECT SkipRows FROM sniff_csv({sql_text(path)}, sample_size = 20480, strict_mode = true)"
        ).fetchone()
    except Exception:
        return 1
    return 1 + int(found[0]) if found and found[0] else 1


def _fails(con: Any, sql: str) -> Exception | None:
    """Why the SELECT ``sql`` does not read to its end, or None when it does."""
    try:
        con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
    except Exception as error:
        return error
    return None


def _load(
    con: Any, files: Sequence[LogFile], options: ScanOptions, scratch: str, pool: Executor
) -> tuple[list[_Read], list[BadRow], dict[str, int], list[tuple[int, str]]]:
    """Each file as a SELECT of the canonical columns (text), its record number and its file index.

    Nothing is read yet but each file's header: the rows are read once, by :func:`_classify`.
    """
    reads: list[_Read] = []
    problems: list[BadRow] = []
    skipped: dict[str, int] = {}
    """Rows of files left out whole (a required column missing)."""
    selects: list[tuple[int, str]] = []
    for index, log in enumerate(files):
        read = _Read(log.display, kind=log.kind)
        reads.append(read)
        path = safe_path(log.path, scratch, index)
        sheet_csv = None
        try:
            if log.kind == "xlsx":
                converted = convert_sheet(path, options.sheet, os.path.join(scratch, f"sheet-{index}.csv"))
                read.sheet, sheet_csv = converted.sheet, converted.path
            if log.kind == "csv":
                source, header, read.header = _csv_header(con, log, path, options)
            elif log.kind == "json":
                source = _reader(log, path, sheet_csv)
                header = _json_keys(con, source)
            else:
                source = _reader(log, path, sheet_csv)
                header = [row[0] for row in con.execute(f"DESCRIBE SELECT * FROM {source}").fetchall()]
        except WorkbookError as error:
            problems.append(BadRow("L001", log.display, 1, None, "", str(error), reason=error.text))
            continue
        except Exception as error:  # duckdb.Error and its kin: the file is not what its name says
            reason = _reason(log.kind, error)
            problems.append(BadRow("L001", log.display, 1, None, "", str(reason), reason=reason))
            continue
        shown_header = [name for name in header if name not in (ROW_COLUMN, "file_row_number")]
        sources = column_sources(shown_header, options.columns, log.partitions)
        missing = _lacking(sources, options)
        if missing:
            problems.append(BadRow("L002", log.display, 1, None, missing[0], ", ".join(missing), sheet=read.sheet))
            try:
                skipped[log.display] = con.execute(f"SELECT count(*) FROM {source}").fetchone()[0]
            except Exception:
                skipped[log.display] = 0  # not even countable: the L002 finding says the file is left out
            continue
        select = []
        for canonical in CANONICAL:
            where = sources.get(canonical)
            if where is None:
                select.append(f"NULL::VARCHAR AS {canonical}")
            elif where[0] == "value":
                select.append(f"{sql_text(str(where[1]))}::VARCHAR AS {canonical}")
            else:
                position = int(where[1])
                name = shown_header[position]
                read.positions[canonical] = position + 1
                text = (
                    f"json_extract_string(json, {sql_text(_json_path(name))})"
                    if log.kind == "json"
                    else f"CAST({sql_name(name)} AS VARCHAR)"
                )
                select.append(  # trimmed only when it needs it: trim on every value costs 0.4 s per 10 M
                    f"CASE WHEN {text} = '' THEN NULL WHEN prefix({text}, ' ') OR suffix({text}, ' ') "
                    f"THEN nullif(trim({text}), '') ELSE {text} END AS {canonical}"
                )
        if log.kind == "xlsx":
            record = f"CAST({sql_name(ROW_COLUMN)} AS BIGINT)"
        elif log.kind == "parquet":
            record = "file_row_number + 1"
        else:
            record = _LATER  # numbered after the read, by position in reading order (_number_rows)
        if log.kind in ("csv", "json"):
            read.blanks_later = pool.submit(blank_lines, path)
            read.path = path if log.kind == "csv" else ""
        selects.append((index, f"SELECT {index} AS f, {record} AS rec, {', '.join(select)} FROM {source}"))
    return reads, problems, skipped, selects


def _json_keys(con: Any, source: str) -> list[str]:
    """Every key of a JSON Lines file's objects, in the order they first appear.

    DuckDB's ``read_json`` fixes one type per key from a sample and stops the whole read at the
    first line that differs (a key first seen late, a number then a text, an object in place of
    a text), and reads a key whose values differ in type as JSON, quotes and all. Each line is
    read as one JSON value instead and each field taken out as text (:func:`_json_path`), so a
    line is judged on its own, like a CSV row; a line that is no object has no fields (L003).
    """
    rows = con.execute(
        f"""WITH lines AS (SELECT row_number() OVER () AS n, json_keys(json) AS keys FROM {source}),
                 named AS (SELECT n, unnest(keys) AS key, generate_subscripts(keys, 1) AS i FROM lines)
            SELECT key FROM named GROUP BY key ORDER BY min(n * 65536 + least(i, 65535)), key"""
    ).fetchall()
    return [str(key) for (key,) in rows]


def _json_path(key: str) -> str:
    """A JSONPath naming one key exactly, whatever it holds (quotes, backslashes, ``$`` or ``/`` first)."""
    return '$."' + key.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _missing(header: Sequence[str], log: LogFile, options: ScanOptions) -> list[str]:
    """The required columns a file's header (with the column map and its folders' partitions) lacks."""
    sources = column_sources([name for name in header if name != ROW_COLUMN], options.columns, log.partitions)
    return _lacking(sources, options)


def _lacking(sources: Mapping[str, object], options: ScanOptions) -> list[str]:
    """The required columns (``mpp`` unless one MPP is given) that ``sources`` does not supply."""
    required = ["counter", "ticket", "called_at"] + ([] if options.single_mpp else ["mpp"])
    return [name for name in required if name not in sources]


def _reason(kind: str, error: BaseException) -> Text:
    """Why a file could not be read, in our words, with the library's first line (its own wording) as detail."""
    what = {"csv": "CSV", "parquet": "Parquet", "json": "JSON Lines", "xlsx": "XLSX"}[kind]
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return msg("L001.unreadable", "cannot be read as {kind}: {detail}", kind=what, detail=detail[:300])


_LINE = re.compile(r"\bLine: (\d+)")


def _broken_line(error: BaseException) -> int | None:
    """The line a CSV read broke at, when DuckDB's message names one (else the finding stays at row 1)."""
    found = _LINE.search(str(error))
    return int(found.group(1)) if found else None


_EMPTY = "SELECT NULL::INTEGER AS f, NULL::BIGINT AS rec, " + ", ".join(f"NULL::VARCHAR AS {c}" for c in CANONICAL)


def _classify(
    con: Any,
    selects: Sequence[tuple[int, str]],
    reads: Sequence[_Read],
    problems: list[BadRow],
    options: ScanOptions,
    lookups: _Lookups,
) -> None:
    """Table ``c``: every row read once, with its local times, day, status and the code of its first fault.

    All files in one statement, so DuckDB reads them in parallel and nothing is copied twice.
    The statement is projections and ``UNION ALL`` only (the catalog looked up per row by
    :class:`_Lookups`, not joined), so ``c`` holds each file's rows in reading order, which
    numbers the rows of CSV and JSON Lines files (:func:`_number_rows`). When a file fails half
    way (a CSV that breaks at line 90,000), the files are tried one by one, the broken ones
    reported (L001) and left out, and the rest read again. Then the duplicate tickets: a
    grouping by hash, an exact one of the few hashes seen twice, and the later rows of each
    repeated ticket marked L010.
    """
    ordered = not all(reads[index].kind in ("parquet", "xlsx") for index, _ in selects)
    if not ordered:
        # every row carries its own number: DuckDB need not keep reading order (faster on many cores);
        # CSV and JSON Lines rows are numbered by their place in table c, so it keeps reading order.
        con.execute("SET preserve_insertion_order = false")
    chosen = list(selects)
    while True:
        try:
            con.execute(_classify_sql(chosen, options, lookups, ordered))
            break
        except Exception:
            broken = []
            again: dict[int, str] = {}
            for index, sql in chosen:
                try:
                    con.execute(f"SELECT count(*) FROM ({sql})").fetchone()
                except Exception as error:
                    read = reads[index]
                    failure: Exception = error
                    if read.kind == "csv" and _PADDED in sql:
                        alone = sql.replace(_PADDED, f"{_PADDED}, parallel = false", 1)
                        refused = _fails(con, alone)  # what broke the file, not the parallel reader's refusal
                        if refused is None:
                            again[index] = alone  # DuckDB pads short rows in parallel only without quoted line breaks
                            continue
                        failure = refused
                    reason = _reason(read.kind, failure)
                    line = _broken_line(failure) if read.kind == "csv" else None
                    problems.append(
                        BadRow("L001", read.display, line or 1, None, "", str(reason), sheet=read.sheet, reason=reason)
                    )
                    broken.append(index)
            if not broken and not again:
                raise
            chosen = [(index, again.get(index, sql)) for index, sql in chosen if index not in broken]
    if not _number_rows(con, [index for index, _ in chosen if reads[index].kind in ("csv", "json")]):
        # reading order was not kept (never seen): numbered again by a window over it, on one thread
        con.execute("DROP TABLE c")
        windowed = [(index, sql.replace(f"{_LATER} AS rec", f"{_WINDOW} AS rec", 1)) for index, sql in chosen]
        con.execute(_classify_sql(windowed, options, lookups))
    _unknown_ids(con)
    # Grouping 10 M rows by one 64-bit hash costs a third of grouping them by three texts; the few
    # hashes seen twice are then grouped exactly, so a collision never makes a duplicate.
    con.execute(
        f"""CREATE TABLE dup AS
           WITH twice AS (SELECT hash(mpp, day, ticket) AS h FROM c WHERE {_read_well()} GROUP BY h HAVING count(*) > 1)
           SELECT mpp, day, ticket, min(CAST(f AS BIGINT) * 1099511627776 + rec) AS first FROM c
           WHERE {_read_well()} AND hash(mpp, day, ticket) IN (SELECT h FROM twice)
           GROUP BY ALL HAVING count(*) > 1"""
    )
    if con.execute("SELECT count(*) FROM dup").fetchone()[0]:
        con.execute(
            f"""UPDATE c SET code = 'L010:ticket' FROM dup
               WHERE {_read_well("c.")} AND c.mpp = dup.mpp AND c.day = dup.day AND c.ticket = dup.ticket
                 AND CAST(c.f AS BIGINT) * 1099511627776 + c.rec <> dup.first"""
        )


_LATER = "NULL::BIGINT"
"""The record number of a CSV or JSON Lines row as read: none yet (:func:`_number_rows`)."""
_WINDOW = "row_number() OVER ()"
"""The record number by a streaming window over reading order: right, but the read runs on one thread."""


def _number_rows(con: Any, files: Sequence[int]) -> bool:
    """The record numbers of the CSV and JSON Lines files' rows: their places in table ``c``.

    DuckDB's CSV and JSON readers give no row number, and a window over reading order
    (``row_number() OVER ()``) makes the whole read and classification run on one thread. Read
    in parallel, DuckDB still keeps reading order when it is asked to (``preserve_insertion_order``,
    the default) for a statement of projections and ``UNION ALL`` only, which is what
    :func:`_classify_sql` is; so a file's rows lie in ``c`` in reading order, one file after
    another, and a row's record number is its ``rowid`` less that of its file's first row.
    Numbered at once, before any update of ``c``. False, and nothing numbered, when a file's rows
    are not one run of ``rowid`` in the order of the files (so reading order was not kept).
    """
    if not files:
        return True
    listed = ", ".join(str(int(index)) for index in files)
    spans = con.execute(
        f"SELECT f, min(rowid), max(rowid), count(*) FROM c WHERE f IN ({listed}) GROUP BY f ORDER BY min(rowid)"
    ).fetchall()
    if [f for f, *_ in spans] != sorted(f for f, *_ in spans):
        return False
    if any(high - low + 1 != count for _, low, high, count in spans):
        return False
    if spans:
        first = " ".join(f"WHEN {int(f)} THEN {int(low)}" for f, low, _, _ in spans)
        con.execute(f"UPDATE c SET rec = rowid - CASE f {first} END + 1 WHERE f IN ({listed})")
    return True


USUAL = "['%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d %H:%M', '%Y-%m-%dT%H:%M']"
"""The forms almost every export writes, parsed by ``strptime`` (a regex costs several times more)."""


_AFTER = "('L008', 'L009', 'L011', 'L012')"
"""Faults a row's unknown counter or service takes precedence over (checked after the ids, row by row)."""


def _read_well(table: str = "") -> str:
    """SQL condition of a row of ``c`` read without fault: no code, or only one the catalog's days or hours give.

    ``c`` keeps one code per row (one column less to write: 0.1 s per 10 M rows). The row's own
    faults (L003-L009) come first; L011 and L012 are found only when there are none, so a row
    with one of those was read well, and its ticket still counts among the duplicates.
    """
    code = f"{table}code"
    return f"({code} IS NULL OR prefix({code}, 'L011') OR prefix({code}, 'L012'))"


def _unknown_ids(con: Any) -> None:
    """Unknown counters and services (L005, L006), and counters with their own hours (L012), after the fact.

    Joining every row to the catalog's counters and services costs seconds per 10 M rows; the
    distinct (MPP, counter) and (MPP, service) pairs of the log are a few thousand. Only rows of
    a pair the catalog lacks, or of a counter whose hours differ from its MPP's, are updated, and
    a log without such rows (the usual case) costs two small groupings.
    """
    for code, column, table, key in (("L005", "counter", "counters", "k"), ("L006", "service", "services", "s")):
        pairs = con.execute(
            f"""SELECT DISTINCT mpp, {column} FROM c
                WHERE {column} IS NOT NULL AND (code IS NULL OR split_part(code, ':', 1) IN {_AFTER})
                  AND mpp IN (SELECT id FROM mpps)
                EXCEPT SELECT {key}_mpp, {key}_id FROM {table}"""
        ).fetchall()
        if not pairs:
            continue
        con.execute("CREATE OR REPLACE TEMP TABLE unknown_pairs (u_mpp VARCHAR, u_value VARCHAR)")
        _insert(con, "unknown_pairs", pairs)
        con.execute(
            f"""UPDATE c SET code = '{code}:{column}' FROM unknown_pairs
                WHERE c.mpp = u_mpp AND c.{column} = u_value
                  AND (c.code IS NULL OR split_part(c.code, ':', 1) IN {_AFTER})"""
        )
    own = con.execute(
        """SELECT k_mpp, k_id, k_open, k_close FROM counters JOIN mpps ON id = k_mpp
           WHERE k_open IS DISTINCT FROM open_min OR k_close IS DISTINCT FROM close_min"""
    ).fetchall()
    if own:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE own_hours (o_mpp VARCHAR, o_id VARCHAR, o_open INTEGER, o_close INTEGER)"
        )
        _insert(con, "own_hours", own)
        con.execute(
            f"""UPDATE c SET code = CASE
                    WHEN c.code = 'L011:called_at' THEN c.code
                    WHEN o_open IS NOT NULL AND hour(called) * 60 + minute(called) < o_open THEN 'L012:called_at'
                    WHEN o_close IS NOT NULL AND hour(called) * 60 + minute(called) > o_close + {LATE_MINUTES}
                        THEN 'L012:called_at'
                    END
                FROM own_hours
                WHERE {_read_well("c.")} AND c.called IS NOT NULL AND c.mpp = o_mpp AND c.counter = o_id"""
        )


def _within_years(value: str) -> str:
    """SQL for a local time ``value`` kept only within :data:`YEARS`: a queue machine whose clock was reset
    writes 1970 or 0001, and a date Python cannot hold (year 0, 10000) must never reach a figure."""
    low, high = YEARS
    return (
        f"CASE WHEN {value} >= TIMESTAMP '{low:04d}-01-01' AND {value} < TIMESTAMP '{high + 1:04d}-01-01' "
        f"THEN {value} END"
    )


def _timestamp(col: str) -> str:
    """SQL for the local time of a text timestamp column, judged by the contract's forms only.

    The usual forms (``YYYY-MM-DD HH:MM[:SS]``, ``T`` or space, no offset) are parsed by
    ``strptime`` with exactly those formats (:data:`USUAL`, column ``<col>_usual``); anything
    else goes through :data:`TIMESTAMP`, its offset undone and the MPP's applied. A cast to
    TIMESTAMP never sees an offset: DuckDB would drop it silently.
    """

    pattern = sql_text(TIMESTAMP)
    zone = f"regexp_extract({col}, {pattern}, 2)"
    hours = f"TRY_CAST(substr({zone}, 2, 2) AS INTEGER)"
    offset_minutes = f"coalesce(TRY_CAST(nullif(substr(replace({zone}, ':', ''), 4, 2), '') AS INTEGER), 0)"
    minutes = (
        f"(CASE WHEN {zone} = 'Z' THEN 0 ELSE "
        f"(CASE WHEN substr({zone}, 1, 1) = '-' THEN -1 ELSE 1 END) * ({hours} * 60 + {offset_minutes}) END)"
    )
    base = f"TRY_CAST(regexp_extract({col}, {pattern}, 1) AS TIMESTAMP)"
    impossible = f"({hours} * 60 + {offset_minutes} > {MAX_OFFSET_HOURS * 60} OR {offset_minutes} > 59)"
    shifted = f"{base} + to_minutes(CAST(off * 60 - {minutes} AS BIGINT))"
    return (
        f"CASE WHEN {col} IS NULL THEN NULL "
        f"WHEN {col}_usual IS NOT NULL THEN {_within_years(f'{col}_usual')} "
        f"WHEN {zone} = '' THEN {_within_years(base)} "
        f"WHEN {zone} <> 'Z' AND {impossible} THEN NULL "
        f"ELSE {_within_years(shifted)} END"
    )


def _classify_sql(
    selects: Sequence[tuple[int, str]], options: ScanOptions, lookups: _Lookups, ordered: bool = True
) -> str:
    """The statement that makes table ``c``; ``ordered``, it keeps reading order (no join: :class:`_Lookups`).

    Unordered (every file numbers its own rows: Parquet, XLSX), the catalog is joined: the hash
    join costs less CPU than the lookups (the 10 M Parquet audit on a quiet 2-core machine, three
    interleaved pairs: 9.65, 9.69, 9.44 s joined against 10.06, 9.92, 9.73 s looked up).
    """
    single = sql_text(options.single_mpp) if options.single_mpp else "NULL::VARCHAR"
    union = " UNION ALL ".join(f"({sql})" for _, sql in selects) if selects else f"{_EMPTY} WHERE false"
    statuses = ", ".join(sql_text(s) for s in STATUSES)
    if ordered:
        mpp = f"""k AS (
            SELECT raw.f, raw.rec, coalesce(raw.mpp, {single}) AS mpp, raw.counter, raw.ticket, raw.service,
                   lower(raw.status) AS status_raw, raw.status AS status_text,
                   raw.issued_at, raw.called_at, raw.finished_at,
                   enum_code(TRY_CAST(coalesce(raw.mpp, {single}) AS mpp_key)) + 1 AS m
            FROM raw
        ),
        x AS (
            SELECT f, rec, mpp, counter, ticket, service, status_raw, status_text, issued_at, called_at, finished_at,
                   m IS NOT NULL AS known_mpp, coalesce({lookups.mpp("m", "off")}, 7) AS off,
                   {lookups.mpp("m", "opened")} AS opened, {lookups.mpp("m", "mask")} AS mask,
                   {lookups.mpp("m", "open_min")} AS c_open, {lookups.mpp("m", "close_min")} AS c_close
            FROM k
        )"""
        closed, closed_join = lookups.closed("CAST(called AS DATE)"), ""
    else:
        mpp = f"""x AS (
            SELECT raw.f, raw.rec, coalesce(raw.mpp, {single}) AS mpp, raw.counter, raw.ticket, raw.service,
                   lower(raw.status) AS status_raw, raw.status AS status_text,
                   raw.issued_at, raw.called_at, raw.finished_at,
                   m.id IS NOT NULL AS known_mpp, coalesce(m.off, 7) AS off, m.opened, m.mask,
                   m.open_min AS c_open, m.close_min AS c_close
            FROM raw
            LEFT JOIN mpps m ON m.id = coalesce(raw.mpp, {single})
        )"""
        closed, closed_join = "closed_day IS NOT NULL", "LEFT JOIN closed ON closed_day = CAST(called AS DATE)"
    return f"""
        CREATE TABLE c AS
        WITH raw AS ({union}),
        {mpp},
        u AS (
            SELECT *, try_strptime(issued_at, {USUAL}) AS issued_at_usual,
                   try_strptime(called_at, {USUAL}) AS called_at_usual,
                   try_strptime(finished_at, {USUAL}) AS finished_at_usual
            FROM x
        ),
        y AS (
            SELECT *, {_timestamp("issued_at")} AS issued, {_timestamp("called_at")} AS called,
                   {_timestamp("finished_at")} AS finished
            FROM u
        ),
        z AS (
            SELECT *,
                CASE WHEN issued_at IS NOT NULL AND issued IS NULL THEN 'issued_at'
                     WHEN called_at IS NOT NULL AND called IS NULL THEN 'called_at'
                     WHEN finished_at IS NOT NULL AND finished IS NULL THEN 'finished_at' END AS bad_ts,
                coalesce(CAST(issued AS DATE), CAST(called AS DATE)) AS day,
                CAST(CASE WHEN status_raw = 'served' THEN {SERVED} WHEN status_raw = 'no_show' THEN {NO_SHOW}
                     WHEN status_raw = 'cancelled' THEN {CANCELLED}
                     WHEN status_raw IS NOT NULL THEN NULL
                     WHEN finished IS NOT NULL THEN {SERVED}
                     WHEN called IS NOT NULL THEN {NO_SHOW}
                     ELSE {CANCELLED} END AS UTINYINT) AS st
            FROM y
        ),
        w AS (
            SELECT *,
                CASE
                    WHEN mpp IS NULL THEN 'L003:mpp'
                    WHEN NOT known_mpp THEN 'L004:mpp'
                    WHEN ticket IS NULL THEN 'L003:ticket'
                    WHEN bad_ts IS NOT NULL THEN 'L007:' || bad_ts
                    WHEN issued IS NULL AND called IS NULL THEN 'L003:called_at'
                    WHEN counter IS NULL AND called IS NOT NULL THEN 'L003:counter'
                    WHEN status_raw IS NOT NULL AND status_raw NOT IN ({statuses}) THEN 'L008:status'
                    WHEN status_raw = 'served' AND (called IS NULL OR finished IS NULL) THEN 'L008:status'
                    WHEN status_raw = 'no_show' AND (called IS NULL OR finished IS NOT NULL) THEN 'L008:status'
                    WHEN status_raw = 'cancelled' AND called IS NOT NULL THEN 'L008:status'
                    WHEN finished IS NOT NULL AND called IS NULL THEN 'L008:finished_at'
                    WHEN finished < called THEN 'L009:finished_at'
                    WHEN called < issued THEN 'L009:called_at'
                    ELSE NULL END AS code1
            FROM z
        )
        SELECT f, rec, mpp, counter, ticket, service, st, issued, called, finished, day,
            CASE WHEN code1 = 'L008:status' THEN status_text
                 ELSE CASE bad_ts WHEN 'issued_at' THEN issued_at WHEN 'called_at' THEN called_at
                                  WHEN 'finished_at' THEN finished_at END END AS bad_text,
            coalesce(code1, CASE
                WHEN called IS NOT NULL AND (
                     substr(mask, isodow(CAST(called AS DATE)), 1) <> '1'
                     OR {closed}
                     OR CAST(called AS DATE) < opened) THEN 'L011:called_at'
                WHEN called IS NOT NULL AND c_open IS NOT NULL
                     AND hour(called) * 60 + minute(called) < c_open THEN 'L012:called_at'
                WHEN called IS NOT NULL AND c_close IS NOT NULL
                     AND hour(called) * 60 + minute(called) > c_close + {LATE_MINUTES} THEN 'L012:called_at'
                END) AS code
        FROM w {closed_join}
    """


def _window(options: ScanOptions) -> str:
    """SQL condition of a good row's day falling in the period ``--from``/``--to`` asks for."""
    parts = ["code IS NULL"]
    if options.start is not None:
        parts.append(f"day >= DATE {sql_text(options.start.isoformat())}")
    if options.end is not None:
        parts.append(f"day <= DATE {sql_text(options.end.isoformat())}")
    return " AND ".join(parts)


def _collect(
    con: Any, reads: Sequence[_Read], problems: Sequence[BadRow], skipped: Mapping[str, int], options: ScanOptions
) -> LogFacts:
    used = _window(options)
    total, used_n, outside = con.execute(
        f"SELECT count(*), count(*) FILTER ({used}), count(*) FILTER (code IS NULL AND NOT ({used})) FROM c"
    ).fetchone()
    bad_counts: dict[tuple[str, str], int] = {}
    for f, code, n in con.execute(
        "SELECT f, split_part(code, ':', 1), count(*) FROM c WHERE code IS NOT NULL GROUP BY ALL ORDER BY ALL"
    ).fetchall():
        bad_counts[(reads[f].display, code)] = n
    for display, rows in skipped.items():
        if rows:
            bad_counts[(display, "L002")] = rows
    total += sum(skipped.values())
    unknown = ", ".join(sql_text(code) for code in UNKNOWN_CODES)
    bad: list[BadRow] = []
    for code, f, rec, mpp, counter, ticket, service, bad_text, issued, called, finished in con.execute(
        f"""
        SELECT code, f, rec, mpp, counter, ticket, service, bad_text, issued, called, finished FROM c
        WHERE code IS NOT NULL AND split_part(code, ':', 1) NOT IN ({unknown})
        QUALIFY row_number() OVER (PARTITION BY f, split_part(code, ':', 1) ORDER BY rec) <= {int(options.first_rows)}
        ORDER BY f, rec
        """
    ).fetchall():
        short, column = code.split(":")
        read = reads[f]
        value = {"mpp": mpp, "counter": counter, "ticket": ticket, "service": service}.get(column, bad_text)
        if short in ("L009", "L011", "L012"):
            value = "|".join(t.isoformat(sep=" ") if t is not None else "" for t in (issued, called, finished))
        bad.append(
            BadRow(short, read.display, read.row(rec), read.positions.get(column), column, value, mpp, read.sheet)
        )
    unknowns: list[UnknownId] = []
    for code, mpp, value, n, rows in con.execute(
        f"""
        SELECT split_part(code, ':', 1) AS short, mpp,
               CASE short WHEN 'L004' THEN mpp WHEN 'L005' THEN counter ELSE service END AS value,
               count(*), list([f, rec] ORDER BY f, rec)[1:{FIRST_ROWS}]
        FROM c WHERE split_part(code, ':', 1) IN ({unknown})
        GROUP BY ALL ORDER BY ALL
        """
    ).fetchall():
        column_name = UNKNOWN_COLUMNS[code]
        first = reads[rows[0][0]]
        unknowns.append(
            UnknownId(
                code,
                None if code == "L004" else mpp,
                value,
                n,
                tuple((reads[f].display, reads[f].row(rec)) for f, rec in rows),
                first.positions.get(column_name),
                first.sheet,
            )
        )
    return LogFacts(
        tuple(read.display for read in reads),
        total,
        used_n,
        outside,
        bad_counts,
        tuple(bad),
        tuple(unknowns),
        tuple(problems),
        _mpp_facts(con, used, _fits(used_n, options.memory_limit)),
    )


def _mpp_facts(con: Any, used: str, in_memory: bool) -> dict[str, MppFacts]:
    """Each MPP's facts from its good rows in the period: grouped passes over ``c``.

    Percentiles in memory when they fit (:func:`_fits`), else by methods that stay within the
    memory limit (:func:`_percentiles`).
    """
    wait = "date_diff('second', issued, called)"
    service = "date_diff('second', called, finished)"
    waited = "issued IS NOT NULL AND called IS NOT NULL"
    # In memory, the percentiles ride along the groupings that are made anyway (one pass fewer each);
    # past what fits, they are computed apart by methods that spill (see _percentiles).
    quantiles = (
        f", {nearest_rank(wait, f'{used} AND {waited}')}, {nearest_rank(service, f'{used} AND st = {SERVED}')}"
        if in_memory
        else ", NULL, NULL"
    )
    base: dict[str, dict[str, Any]] = {}
    for row in con.execute(
        f"""SELECT mpp, count(*), count(*) FILTER ({used}), count(*) FILTER (code IS NULL AND NOT ({used})),
                count(*) FILTER ({used} AND st = {SERVED}), count(*) FILTER ({used} AND st = {NO_SHOW}),
                count(*) FILTER ({used} AND st = {CANCELLED}),
                min(day) FILTER ({used}), max(day) FILTER ({used}), list(DISTINCT day) FILTER ({used}) {quantiles}
            FROM c WHERE mpp IS NOT NULL GROUP BY mpp"""
    ).fetchall():
        mpp, rows, rows_used, outside, served, no_show, cancelled, first, last, days, waits, services_s = row
        base[mpp] = {
            "rows": rows,
            "rows_used": rows_used,
            "rows_outside": outside,
            "served": served,
            "no_show": no_show,
            "cancelled": cancelled,
            "first": first,
            "last": last,
            "ticket_days": frozenset(days or ()),
            "wait_p50": _minutes(waits, 0),
            "wait_p90": _minutes(waits, 1),
            "service_p50": _minutes(services_s, 0),
        }
    if not in_memory:
        for (mpp,), (p50, p90) in _percentiles(con, used, ("mpp",), wait, waited, "histogram"):
            base[mpp].update(wait_p50=p50, wait_p90=p90)
        for (mpp,), (p50, _) in _percentiles(con, used, ("mpp",), service, f"st = {SERVED}", "histogram"):
            base[mpp]["service_p50"] = p50
    active: dict[str, dict[str, frozenset[dt.date]]] = {}
    seconds: dict[str, dict[str, float]] = {}
    waits90: dict[str, dict[str, float]] = {}
    served_at: dict[str, dict[str, int]] = {}
    counter_p90 = f", {nearest_rank(wait, waited)}" if in_memory else ", NULL"
    for mpp, counter, days, busy, served, p90_s in con.execute(
        f"""SELECT mpp, counter, list(DISTINCT CAST(called AS DATE)) FILTER (called IS NOT NULL),
                coalesce(sum({service}) FILTER (st = {SERVED}), 0),
                count(*) FILTER (st = {SERVED}) {counter_p90}
            FROM c WHERE {used} AND counter IS NOT NULL GROUP BY ALL"""
    ).fetchall():
        active.setdefault(mpp, {})[counter] = frozenset(days or ())
        seconds.setdefault(mpp, {})[counter] = float(busy)
        served_at.setdefault(mpp, {})[counter] = served
        if (p90 := _minutes(p90_s, 1)) is not None:
            waits90.setdefault(mpp, {})[counter] = p90
    if not in_memory:
        waiting = f"counter IS NOT NULL AND {waited}"
        for (mpp, counter), (_, p90) in _percentiles(con, used, ("mpp", "counter"), wait, waiting, "sort"):
            if p90 is not None:
                waits90.setdefault(mpp, {})[counter] = p90
    by_day: dict[str, dict[dt.date, int]] = {}
    for mpp, day, served in con.execute(
        f"""SELECT mpp, CAST(called AS DATE), count(*) FROM c WHERE {used} AND st = {SERVED} GROUP BY ALL"""
    ).fetchall():
        by_day.setdefault(mpp, {})[day] = served
    services: dict[str, dict[tuple[str, str], int]] = {}
    for mpp, counter, service, served in con.execute(
        f"""SELECT mpp, counter, service, count(*) FILTER (st = {SERVED}) FROM c
            WHERE {used} AND service IS NOT NULL AND counter IS NOT NULL GROUP BY ALL"""
    ).fetchall():
        services.setdefault(mpp, {})[(counter, service)] = served
    return {
        mpp: MppFacts(
            **values,
            active=active.get(mpp, {}),
            service_seconds=seconds.get(mpp, {}),
            served_by_day=by_day.get(mpp, {}),
            counter_wait_p90=waits90.get(mpp, {}),
            counter_served=served_at.get(mpp, {}),
            service_served=services.get(mpp, {}),
            names_services=mpp in services,
        )
        for mpp, values in base.items()
    }


def nearest_rank(seconds: str, where: str) -> str:
    """SQL of the nearest-rank p50 and p90 of ``seconds`` over the rows ``where`` holds, as a list.

    The one expression every in-memory percentile uses (the groupings of :func:`_mpp_facts` and the
    ``memory`` method of :func:`_percentiles`), so the property test of the methods proves it.
    """
    return f"quantile_disc({seconds}, [0.5, 0.9]) FILTER ({where})"


def _minutes(seconds: Sequence[int] | None, index: int) -> float | None:
    """One of ``quantile_disc``'s values (whole seconds) in minutes; None when there were no values."""
    if seconds is None or seconds[index] is None:
        return None
    return seconds[index] / 60.0


def _percentiles(
    con: Any, used: str, keys: tuple[str, ...], seconds: str, where: str, method: str = "memory"
) -> list[tuple[tuple[Any, ...], tuple[float | None, float | None]]]:
    """Nearest-rank p50 and p90, in minutes, of a whole number of seconds, per group of ``keys``.

    The p-th is the value at rank ceil(p * n) in ascending order, computed in whole numbers, by
    one of three methods that give the same figures: ``memory``, DuckDB's ``quantile_disc``
    (fastest, but it holds every value in memory, so only when :func:`_fits`); ``histogram``,
    counts per second and their running sum (bounded by groups x distinct seconds: for the few
    hundred MPPs); ``sort``, ranks from a window over a sort that spills to disk (for counters).
    """
    group = ", ".join(keys)
    if method == "memory":
        sql = f"SELECT {group}, {nearest_rank(seconds, 'true')} FROM c WHERE {used} AND {where} GROUP BY ALL"
        found = [(row[:-1], (row[-1][0], row[-1][1])) for row in con.execute(sql).fetchall()]
    else:
        if method == "histogram":
            ranked = f"""SELECT {group}, v, cum - n + 1 AS low, cum AS high, total AS n FROM (
                SELECT *, sum(n) OVER (PARTITION BY {group} ORDER BY v ROWS UNBOUNDED PRECEDING) AS cum,
                       sum(n) OVER (PARTITION BY {group}) AS total
                FROM (SELECT {group}, {seconds} AS v, count(*) AS n FROM c WHERE {used} AND {where} GROUP BY ALL))"""
        else:
            ranked = f"""SELECT {group}, {seconds} AS v,
                    row_number() OVER (PARTITION BY {group} ORDER BY {seconds}) AS low,
                    row_number() OVER (PARTITION BY {group} ORDER BY {seconds}) AS high,
                    count(*) OVER (PARTITION BY {group}) AS n
                FROM c WHERE {used} AND {where}"""
        sql = f"""SELECT {group},
                    min(v) FILTER ((5 * n + 9) // 10 BETWEEN low AND high),
                    min(v) FILTER ((9 * n + 9) // 10 BETWEEN low AND high)
                  FROM ({ranked}) GROUP BY ALL"""
        found = [(row[: len(keys)], (row[-2], row[-1])) for row in con.execute(sql).fetchall()]
    return [
        (tuple(key), (None if p50 is None else p50 / 60.0, None if p90 is None else p90 / 60.0))
        for key, (p50, p90) in found
    ]


_UNITS = {"kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12, "kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40}


def _fits(rows: int, memory_limit: str) -> bool:
    """Whether `quantile_disc` over `rows` values (8 bytes, two lists at once) stays under a quarter of the limit."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]+)\s*", memory_limit)
    if not match or match.group(2).lower() not in _UNITS:
        return False
    limit = float(match.group(1)) * _UNITS[match.group(2).lower()]
    return rows * 8 * 2 <= limit / 4
