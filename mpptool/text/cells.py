"""Spreadsheet cells named as Excel names them: `Layanan!D12`, `'Data 2025'!B3`, `Sheet1!12:12`.

A finding in a workbook is shown at its sheet and cell, so a clerk can type the name into
Excel's Name Box and land on it. Pure text: no workbook library is needed to name a cell.
"""

from __future__ import annotations

import re

_PLAIN_SHEET = re.compile(r"[A-Za-z_][A-Za-z0-9_.]*")


def column_letter(index: int) -> str:
    """A 0-based column index as a spreadsheet's letters (0 -> A, 27 -> AB)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sheet_name(sheet: str) -> str:
    """The sheet as a reference names it: quoted (``'Data 2025'``, a quote doubled) unless plain."""
    looks_like_a_cell = re.fullmatch(r"[A-Za-z]{1,3}[0-9]+|[Rr][0-9]*[Cc]?[0-9]*|[Cc][0-9]*", sheet)  # A1, R1C1
    if _PLAIN_SHEET.fullmatch(sheet) and not looks_like_a_cell:
        return sheet
    return "'" + sheet.replace("'", "''") + "'"


def cell_name(sheet: str, column: int | None, row: int) -> str:
    """``Layanan!D12`` for a 1-based column and row; a whole row (no column) is ``Layanan!12:12``."""
    where = f"{column_letter(column - 1)}{row}" if column else f"{row}:{row}"
    return f"{sheet_name(sheet)}!{where}"


def cell_position(ref: str) -> tuple[int, int]:
    """``D12`` as (row 12, column 4)."""
    letters = "".join(char for char in ref if char.isalpha())
    digits = "".join(char for char in ref if char.isdigit())
    column = 0
    for char in letters.upper():
        column = column * 26 + ord(char) - 64
    return int(digits or 1), column or 1
