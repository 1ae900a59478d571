"""XLSX queue logs, read with python-calamine (a maintained reader, no network) into a CSV of
text that DuckDB then reads like any other log; and CSV blank lines, which DuckDB skips, so
each row is still reported by the number a spreadsheet shows."""

from __future__ import annotations

import bisect
import csv
import datetime as dt
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import BinaryIO

from mpptool.text.i18n import Text, msg

ROW_COLUMN = "__mpptool_row__"
"""The column of the converted CSV that carries the sheet's row number."""


class WorkbookError(Exception):
    """A workbook that cannot be read; the message says why, in our words (``text``, in any language)."""

    def __init__(self, text: Text) -> None:
        super().__init__(str(text))
        self.text = text


@dataclass(frozen=True, slots=True)
class Converted:
    """A sheet written out as CSV text: where, which sheet, and its header."""

    path: str
    sheet: str
    header: tuple[str, ...]


def cell_text(value: object) -> str:
    """A cell as the text the log means: whole numbers without ``.0``, date-times in ISO form."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        if math.isfinite(value) and value == int(value) and abs(value) < 1e15:
            return str(int(value))
        return repr(value)
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


def convert_sheet(path: str, sheet: str | None, out: str) -> Converted:
    """Write the chosen sheet (default: the first) of workbook ``path`` to ``out`` as CSV, row numbers first."""
    try:
        from python_calamine import CalamineWorkbook

        book = CalamineWorkbook.from_path(path)
        names = list(book.sheet_names)
        if not names:
            raise WorkbookError(msg("L001.no-sheet", "the workbook has no sheet"))
        name = names[0] if sheet is None else sheet
        if name not in names:
            raise WorkbookError(
                msg(
                    "L001.sheet-missing",
                    "no sheet named {sheet}; its sheets are {sheets}",
                    sheet=repr(sheet),
                    sheets=", ".join(repr(n) for n in names),
                )
            )
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except WorkbookError:
        raise
    except Exception as error:  # calamine raises its own types for every unreadable file
        raise WorkbookError(
            msg("L001.not-workbook", "cannot be read as an XLSX workbook ({error})", error=type(error).__name__)
        ) from None
    header = tuple(cell_text(cell).strip() for cell in rows[0]) if rows else ()
    with open(out, "w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, quoting=csv.QUOTE_ALL)
        writer.writerow((ROW_COLUMN, *header))
        for number, row in enumerate(rows[1:], start=2):
            cells = [cell_text(cell) for cell in row]
            if any(cell.strip() for cell in cells):
                writer.writerow((number, *cells[: len(header)], *[""] * (len(header) - len(cells))))
    return Converted(out, name, header)


BOM = b"\xef\xbb\xbf"
"""The UTF-8 byte order mark some exports begin with: part of line 1, never a character of it."""
_BLANK = re.compile(rb"\n(?=\r?\n)")
"""The end of a line a blank line follows (``\n\n``, ``\n\r\n``; a lookahead, so each of a run matches)."""
_BLOCK = 1 << 24
"""Bytes read at a time: the search holds one block, never the file."""


def blank_lines(path: str) -> tuple[int, ...]:
    """Physical line numbers of the blank lines of a CSV file (DuckDB skips them; a spreadsheet shows them).

    One regular expression searches the file block by block (its literal prefix is found by a
    fast scan: 0.1 s for 100 MB, a third of two ``bytes.find`` passes); newlines are counted in a
    second read only when a blank line was found, so a file with none (the usual case) costs
    only the search. Blocks are read, not mapped: a log cut short while it is read is an
    ``OSError`` to report, never a signal that kills the process.
    """
    with open(path, "rb") as stream:
        leading = (1,) if _empty_lines_at_start(stream.read(5)) else ()  # no newline comes before line 1
        stream.seek(0)
        ends = _blank_line_ends(stream)
        if not ends:
            return leading
        stream.seek(0)
        return leading + _line_numbers(stream, ends)


def leading_blank_lines(path: str) -> int:
    """How many empty lines come before a CSV file's header: skipped by count when short rows are padded,
    for then DuckDB's sniffer takes an empty first line for the header and the real header for a row.
    (An explicit ``skip`` turns off DuckDB's own detection of a title line, so it is given only then.)"""
    with open(path, "rb") as stream:
        return _empty_lines_at_start(stream.read(1 << 16))


def _empty_lines_at_start(start: bytes) -> int:
    """Empty lines (LF or CRLF) at the start of ``start``, a UTF-8 byte order mark before them passed over."""
    count, at = 0, len(BOM) if start.startswith(BOM) else 0
    while True:
        if start.startswith(b"\n", at):
            at += 1
        elif start.startswith(b"\r\n", at):
            at += 2
        else:
            return count
        count += 1


def _blank_line_ends(stream: BinaryIO) -> list[int]:
    """Offsets of the newlines a blank line follows, in order (a match across two blocks once)."""
    ends: list[int] = []
    tail = b""
    start = 0  # offset of the block in the file
    while block := stream.read(_BLOCK):
        data = tail + block  # the last two bytes before the block, for a match across the seam
        base = start - len(tail)
        for match in _BLANK.finditer(data):
            at = base + match.start()
            if not ends or at > ends[-1]:
                ends.append(at)
        tail = data[-2:]
        start += len(block)
    return ends


def _line_numbers(stream: BinaryIO, ends: Sequence[int]) -> tuple[int, ...]:
    """The 1-based numbers of the lines after the newlines at offsets ``ends`` (ascending)."""
    found: list[int] = []
    lines = start = 0  # newlines before offset `start`, the block's first byte
    waiting = iter(ends)
    at = next(waiting, None)
    while at is not None and (block := stream.read(_BLOCK)):
        counted = 0
        while at is not None and at < start + len(block):
            lines += block.count(b"\n", counted, at - start + 1)
            counted = at - start + 1
            found.append(lines + 1)
            at = next(waiting, None)
        lines += block.count(b"\n", counted)
        start += len(block)
    return tuple(found)


def line_count(path: str) -> int:
    """The lines of a file: its newlines, and one more when its last line has none."""
    count = 0
    last = b"\n"
    with open(path, "rb") as stream:
        while block := stream.read(_BLOCK):
            count += block.count(b"\n")
            last = block[-1:]
    return count + (last != b"\n")


_TOKEN = re.compile(rb'"|\r?\n')


def quoted_blank_rows(path: str) -> tuple[int, ...]:
    """The rows a spreadsheet shows empty, in a CSV file whose quoted fields hold line breaks.

    :func:`blank_lines` counts physical lines; a quoted field with a line break in it (a note
    of two paragraphs) is one row to a spreadsheet, and an empty line inside it is no blank
    row. This pass follows the quotes (RFC 4180: ``""`` inside a field toggles twice) and
    counts only the line breaks outside them. It costs a Python step per quote and line
    break, so it runs only for a file whose rows and lines disagree (see ``scan``).
    """
    found: list[int] = []
    row, inside, line_start, base, carry = 1, False, 0, 0, b""
    with open(path, "rb") as stream:
        while True:
            block = stream.read(_BLOCK)
            data = carry + block
            end = len(data) if not block else len(data) - (data.endswith(b"\r"))  # a CR may start a CRLF
            for match in _TOKEN.finditer(data, 0, end):
                if match.group() == b'"':
                    inside = not inside
                elif not inside:
                    if base + match.start() == line_start:
                        found.append(row)
                    row += 1
                    line_start = base + match.end()
            if not block:
                return tuple(found)
            carry = data[end:]
            base += end


def spreadsheet_row(record: int, blanks: Sequence[int], header: int = 1) -> int:
    """The row a spreadsheet shows for 1-based data record ``record`` (after ``header`` lines), given the blank lines.

    With ``header=0`` it is the line of a JSON Lines record, which DuckDB also counts without blank lines.
    """
    row = record + header
    for _ in range(len(blanks) + 1):
        shifted = record + header + bisect.bisect_right(blanks, row)
        if shifted == row:
            break
        row = shifted
    return row
