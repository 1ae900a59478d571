"""An MPP file as a workbook a clerk can keep in Excel, and back: every value of the format, losslessly.

One sheet per list of the format (agencies, services, counters, metrics, sources) and one for
the MPP itself (one row), a column per value (nested values by their path, ``standard.fee``),
headers in Indonesian or English (either is read back), codes written as text so Excel keeps
``32.05`` as typed, drop-down lists for the fixed vocabularies, frozen header rows.

Cells: text as text; counts as whole numbers; booleans as TRUE/FALSE; a list as its items one
per line in one cell, ``[]`` for an empty list (which says something different from no list:
``staffed_days: []`` is an empty counter), and as JSON when an item could not survive that
(a line break inside it). An empty cell is a value not given. Comments of the YAML file do not
travel (a workbook has no place for them); the README says so.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mpptool.errors import UsageError
from mpptool.text.cells import column_letter
from mpptool.text.i18n import Text, msg

TEXT, COUNT, BOOL, LIST = "text", "count", "bool", "list"


@dataclass(frozen=True, slots=True)
class Column:
    """One column: the value's path inside its entry, its kind, its headers, and its drop-down list."""

    path: str
    kind: str
    id: str
    en: str
    choices: str | None = None
    width: int = 16

    def header(self, lang: str) -> str:
        """The header in ``lang``."""
        return self.id if lang == "id" else self.en


@dataclass(frozen=True, slots=True)
class Sheet:
    """One sheet: where its rows come from in the file (``mpp`` is one row; the others are lists)."""

    key: str
    id: str
    en: str
    columns: tuple[Column, ...]

    def name(self, lang: str) -> str:
        """The sheet's name in ``lang``."""
        return self.id if lang == "id" else self.en


C = Column
SHEETS = (
    Sheet(
        "mpp",
        "MPP",
        "MPP",
        (
            C("schema_version", COUNT, "Versi format", "Format version", width=10),
            C("id", TEXT, "ID MPP", "MPP id", width=18),
            C("name", TEXT, "Nama", "Name", width=40),
            C("region", TEXT, "Kode wilayah", "Region code", width=12),
            C("status", TEXT, "Status", "Status", "mpp_status", 12),
            C("opened", TEXT, "Mulai melayani", "Opened", width=12),
            C("inaugurated", TEXT, "Diresmikan", "Inaugurated", width=12),
            C("manager", TEXT, "Pengelola (ID instansi)", "Manager (agency id)", width=18),
            C("timezone", TEXT, "Zona waktu", "Time zone", "timezones", 10),
            C("hours.days", LIST, "Hari buka", "Opening days", width=12),
            C("hours.open", TEXT, "Jam buka", "Opens at", width=10),
            C("hours.close", TEXT, "Jam tutup", "Closes at", width=10),
            C("digital.enabled", BOOL, "MPP Digital aktif", "MPP Digital enabled", width=10),
            C("digital.since", TEXT, "MPP Digital sejak", "MPP Digital since", width=12),
            C("digital.services", LIST, "Layanan MPP Digital", "MPP Digital services", width=16),
            C("notes", TEXT, "Catatan", "Notes", width=40),
            C("declared.agencies.total", COUNT, "Dilaporkan: instansi", "Declared: agencies", width=10),
            C("declared.agencies.vertical", COUNT, "Dilaporkan: vertikal", "Declared: vertical", width=10),
            C("declared.agencies.soe", COUNT, "Dilaporkan: BUMN/BUMD", "Declared: SOE", width=10),
            C("declared.agencies.public_body", COUNT, "Dilaporkan: badan publik", "Declared: public bodies", width=10),
            C("declared.agencies.opd_local", COUNT, "Dilaporkan: OPD kab/kota", "Declared: local OPD", width=10),
            C("declared.agencies.opd_province", COUNT, "Dilaporkan: OPD provinsi", "Declared: province OPD", width=10),
            C("declared.agencies.opd", COUNT, "Dilaporkan: OPD", "Declared: OPD", width=10),
            C("declared.agencies.private", COUNT, "Dilaporkan: swasta", "Declared: private", width=10),
            C("declared.services", COUNT, "Dilaporkan: layanan", "Declared: services", width=10),
            C("declared.counters", COUNT, "Dilaporkan: gerai", "Declared: counters", width=10),
        ),
    ),
    Sheet(
        "agencies",
        "Instansi",
        "Agencies",
        (
            C("id", TEXT, "ID", "Id", width=18),
            C("name", TEXT, "Nama", "Name", width=48),
            C("category", TEXT, "Kategori", "Category", "categories", 14),
            C("agreement.kind", TEXT, "Perjanjian", "Agreement", "agreement_kinds", 10),
            C("agreement.signed", TEXT, "Ditandatangani", "Signed", width=12),
            C("agreement.expires", TEXT, "Berakhir", "Expires", width=12),
            C("agreement.reference", TEXT, "Nomor perjanjian", "Agreement number", width=20),
            C("illustrative", BOOL, "Ilustratif", "Illustrative", width=10),
        ),
    ),
    Sheet(
        "services",
        "Layanan",
        "Services",
        (
            C("id", TEXT, "ID", "Id", width=18),
            C("type", TEXT, "Jenis layanan", "Service type", "service_types", 12),
            C("name", TEXT, "Nama", "Name", width=40),
            C("agency", TEXT, "Instansi", "Agency", width=18),
            C("counters", LIST, "Gerai", "Counters", width=10),
            C("channels", LIST, "Kanal", "Channels", width=12),
            C("standard.requirements", LIST, "Persyaratan", "Requirements", width=36),
            C("standard.procedure", LIST, "Prosedur", "Procedure", width=36),
            C("standard.duration.value", COUNT, "Waktu", "Duration", width=8),
            C("standard.duration.unit", TEXT, "Satuan waktu", "Duration unit", "duration_units", 12),
            C("standard.fee", COUNT, "Biaya (Rp)", "Fee (Rp)", width=10),
            C("standard.product", TEXT, "Produk", "Product", width=24),
            C("standard.complaints", LIST, "Pengaduan", "Complaints", width=20),
            C("illustrative", BOOL, "Ilustratif", "Illustrative", width=10),
        ),
    ),
    Sheet(
        "counters",
        "Gerai",
        "Counters",
        (
            C("id", TEXT, "ID", "Id", width=8),
            C("name", TEXT, "Nama", "Name", width=32),
            C("agencies", LIST, "Instansi", "Agencies", width=18),
            C("status", TEXT, "Status", "Status", "counter_statuses", 10),
            C("days", LIST, "Hari buka", "Days", width=12),
            C("hours.open", TEXT, "Jam buka", "Opens at", width=10),
            C("hours.close", TEXT, "Jam tutup", "Closes at", width=10),
            C("staff.required", COUNT, "Petugas direncanakan", "Staff planned", width=10),
            C("staff.assigned", COUNT, "Petugas ditempatkan", "Staff posted", width=10),
            C("staffed_days", LIST, "Hari ada petugas", "Staffed days", width=12),
            C("illustrative", BOOL, "Ilustratif", "Illustrative", width=10),
        ),
    ),
    Sheet(
        "metrics",
        "Kunjungan",
        "Metrics",
        (
            C("from", TEXT, "Dari", "From", width=12),
            C("to", TEXT, "Sampai", "To", width=12),
            C("visitors", COUNT, "Pengunjung", "Visitors", width=12),
            C("source", TEXT, "Sumber", "Source", width=48),
            C("illustrative", BOOL, "Ilustratif", "Illustrative", width=10),
        ),
    ),
    Sheet(
        "sources",
        "Sumber",
        "Sources",
        (
            C("publisher", TEXT, "Penerbit", "Publisher", width=24),
            C("title", TEXT, "Judul", "Title", width=48),
            C("date", TEXT, "Tanggal", "Date", width=12),
            C("url", TEXT, "Tautan", "Link", width=40),
            C("supports", LIST, "Mendukung", "Supports", width=48),
        ),
    ),
)
"""Every value of the format, by sheet (a test checks this against the schema)."""

LISTS_SHEET = {"id": "Daftar", "en": "Lists"}
CHOICES = {
    "mpp_status": ("planned", "operating", "closed"),
    "timezones": ("WIB", "WITA", "WIT"),
    "categories": ("vertical", "soe", "public_body", "opd_local", "opd_province", "private"),
    "agreement_kinds": ("mou", "pks"),
    "duration_units": ("minutes", "hours", "days", "working_days"),
    "counter_statuses": ("active", "empty", "closed", "planned"),
}


def _get(entry: Mapping[str, Any], path: str) -> Any:
    node: Any = entry
    for part in path.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return None
        node = node[part]
    return node


def _put(entry: dict[str, Any], path: str, value: Any) -> None:
    parts = path.split(".")
    node = entry
    for part in parts[:-1]:
        node = node.setdefault(part, {})
    node[parts[-1]] = value


def cell_value(value: Any, kind: str) -> Any:
    """What a value is written as: text, a whole number, TRUE/FALSE, or a list's text."""
    if value is None:
        return None
    if kind == LIST and isinstance(value, list):
        if not value:
            return "[]"
        if all(isinstance(item, str) and "\n" not in item and item.strip() == item for item in value) and not (
            value[0].startswith("[")
        ):
            return "\n".join(value)
        return json.dumps(value, ensure_ascii=False)
    if kind == COUNT and isinstance(value, int) and not isinstance(value, bool):
        return value
    if kind == BOOL and isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)  # a value of the wrong shape: kept, as its JSON text


def read_cell(value: Any, kind: str) -> Any:
    """A cell back to the value it stands for (the inverse of :func:`cell_value` for every value it writes)."""
    if value is None or value == "":
        return None
    if kind == LIST and isinstance(value, str):
        if value == "[]":
            return []
        if value.startswith("["):
            try:
                loaded = json.loads(value)
            except ValueError:
                pass
            else:
                if isinstance(loaded, list):
                    return loaded
        return value.split("\n")
    if kind == BOOL and isinstance(value, bool):
        return value
    if kind == COUNT and isinstance(value, int | float) and not isinstance(value, bool):
        if isinstance(value, float) and math.isfinite(value) and value == int(value):
            return int(value)
        return value
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, str) and value[:1] in "[{" and kind != TEXT:
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def rows(data: Mapping[str, Any], sheet: Sheet) -> list[Mapping[str, Any]]:
    """The entries a sheet holds: the MPP (one row) or one list of the file."""
    found_mpp = data.get("mpp")
    mpp: Mapping[str, Any] = found_mpp if isinstance(found_mpp, Mapping) else {}
    if sheet.key == "mpp":
        return [{**mpp, "schema_version": data.get("schema_version"), "declared": data.get("declared")}]
    found = mpp.get("sources") if sheet.key == "sources" else data.get(sheet.key)
    return [entry for entry in found if isinstance(entry, Mapping)] if isinstance(found, list) else []


def left_out(data: Mapping[str, Any]) -> list[str]:
    """JSON Pointers of the values no column holds (keys the format does not define): an export would lose them."""
    lost: list[str] = []
    top = {"schema_version", "mpp", "declared", "agencies", "services", "counters", "metrics"}
    lost += [f"/{key}" for key in data if key not in top]
    for sheet in SHEETS:
        paths = {column.path for column in sheet.columns}
        if sheet.key == "mpp":
            base, entries = "/mpp", rows(data, sheet)
            paths |= {"sources"}
        else:
            base = "/mpp/sources" if sheet.key == "sources" else f"/{sheet.key}"
            entries = rows(data, sheet)
        for number, entry in enumerate(entries):
            where = base if sheet.key == "mpp" else f"{base}/{number}"
            lost += _unknown(entry, paths, "", where, sheet.key == "mpp")
    return lost


def _unknown(node: Mapping[str, Any], paths: set[str], prefix: str, where: str, top: bool) -> list[str]:
    found: list[str] = []
    for key, value in node.items():
        path = f"{prefix}{key}"
        if top and path in ("schema_version", "declared") and prefix == "":
            if path == "declared" and isinstance(value, Mapping):
                found += [
                    p.replace("/mpp/declared", "/declared", 1)
                    for p in _unknown(value, paths, "declared.", where, False)
                ]
            continue
        if path in paths:
            continue
        if isinstance(value, Mapping) and any(p.startswith(path + ".") for p in paths):
            found += _unknown(value, paths, path + ".", where, False)
        else:
            found.append(f"{where}/" + path.replace(".", "/"))
    return found


def to_workbook(data: Mapping[str, Any], lang: str = "id", service_types: Sequence[str] = ()) -> Any:
    """An openpyxl workbook of one parsed MPP file (imported here only: the export command needs it)."""
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font
    from openpyxl.worksheet.datavalidation import DataValidation

    if lang not in ("id", "en"):
        raise UsageError(
            msg(
                "errors.not-a-language", "--lang: {lang} is not a language of mpptool; choose id or en", lang=repr(lang)
            ),
            "E002",
        )
    book = Workbook()
    book.remove(book.active)
    lists = book.create_sheet(LISTS_SHEET[lang])
    choices = {**CHOICES, "service_types": tuple(service_types)}
    ranges = {}
    for column_index, (name, values) in enumerate(choices.items(), start=1):
        letter = _letter(column_index)
        lists.cell(row=1, column=column_index, value=name)
        for row_index, value in enumerate(values, start=2):
            lists.cell(row=row_index, column=column_index, value=value)
        ranges[name] = f"'{lists.title}'!${letter}$2:${letter}${max(2, len(values) + 1)}"
    lists.sheet_state = "hidden"
    for sheet in SHEETS:
        page = book.create_sheet(sheet.name(lang), index=len(book.sheetnames) - 1)
        for index, column in enumerate(sheet.columns, start=1):
            cell = page.cell(row=1, column=index, value=column.header(lang))
            cell.font = Font(bold=True)
            page.column_dimensions[_letter(index)].width = max(column.width, len(column.header(lang)) + 2)
        entries = rows(data, sheet)
        for row_index, entry in enumerate(entries, start=2):
            for index, column in enumerate(sheet.columns, start=1):
                value = cell_value(_get(entry, column.path), column.kind)
                if isinstance(value, str) and ILLEGAL_CHARACTERS_RE.search(value):
                    raise UsageError(
                        msg(
                            "errors.control-character",
                            "{cell} ({header}): the value holds a control character a workbook cannot store; "
                            "remove it from the YAML file first",
                            cell=f"{sheet.name(lang)}!{_letter(index)}{row_index}",
                            header=column.header(lang),
                        ),
                        "E007",
                    )
                cell = page.cell(row=row_index, column=index, value=value)
                if isinstance(value, str):
                    cell.data_type = "s"  # "=..." stays text: a catalog string never becomes a formula
                    cell.number_format = "@"  # text stays text: 32.05 is a code, not a number
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        last = max(len(entries) + 1, 200)
        for index, column in enumerate(sheet.columns, start=1):
            letter = _letter(index)
            if column.kind in (TEXT, LIST):
                for row_index in range(len(entries) + 2, last + 1):
                    page.cell(row=row_index, column=index).number_format = "@"
            if column.choices is not None and choices.get(column.choices):
                check = DataValidation(type="list", formula1=f"={ranges[column.choices]}", allow_blank=True)
                check.add(f"{letter}2:{letter}{last}")
                page.add_data_validation(check)
        page.freeze_panes = "A2"
    return book


def _letter(index: int) -> str:
    """A 1-based column number as its letters."""
    return column_letter(index - 1)


@dataclass(frozen=True, slots=True)
class CellProblem:
    """Something in a workbook that is not a value of the format, at its sheet and cell."""

    sheet: str
    cell: str
    message: Text
    kind: str = "column"
    """``sheet`` (missing), ``column`` (unknown header), ``formula`` (not a typed value), ``merged``
    (cells merged: X001) or ``hidden`` (a hidden row, column or sheet: X002)."""
    pointer: str = ""
    """The JSON Pointer of the value or entry the cell holds, when it holds one (for ``--annotate``)."""


def from_workbook(
    book: Any, cells: dict[str, tuple[str, str]] | None = None
) -> tuple[dict[str, Any], list[CellProblem]]:
    """The MPP file's data from a workbook written by :func:`to_workbook` (headers in either language).

    ``cells``, when given, is filled with where each value came from: JSON Pointer -> (sheet,
    cell), the entries' pointers at their row's first cell and each list at its sheet's A1, so
    a finding about the file can be shown where the clerk typed it.
    """
    data: dict[str, Any] = {}
    problems: list[CellProblem] = []
    where_of: dict[str, tuple[str, str]] = cells if cells is not None else {}
    names = {name: book[name] for name in book.sheetnames}
    for sheet in SHEETS:
        page = names.get(sheet.id) or names.get(sheet.en)
        if page is None:
            problems.append(
                CellProblem(
                    sheet.id,
                    "A1",
                    msg(
                        "xlsx.no-sheet",
                        "no sheet {sheet} (or {en}); add it back",
                        sheet=repr(sheet.id),
                        en=repr(sheet.en),
                    ),
                    "sheet",
                )
            )
            continue
        by_header = {}
        for column in sheet.columns:
            by_header[column.id] = column
            by_header[column.en] = column
        header = [cell.value for cell in page[1]] if page.max_row >= 1 else []
        mapped: dict[int, Column] = {}
        for index, title in enumerate(header):
            if title is None:
                continue
            known = by_header.get(str(title).strip())
            if known is None:
                problems.append(
                    CellProblem(
                        page.title,
                        f"{_letter(index + 1)}1",
                        msg("xlsx.unknown-column", "unknown column {title}; remove it", title=repr(str(title))),
                    )
                )
            else:
                mapped[index] = known
        entries: list[dict[str, Any]] = []
        base = {"mpp": "/mpp", "sources": "/mpp/sources"}.get(sheet.key, f"/{sheet.key}")
        where_of[base] = (page.title, "A1")
        row_entry: dict[int, str] = {}
        """Each row that became an entry, by its number: its entry's pointer."""
        for row in page.iter_rows(min_row=2):
            entry: dict[str, Any] = {}
            at: dict[str, str] = {}
            formulas: list[tuple[str, CellProblem]] = []
            for index, cell in enumerate(row):
                where = mapped.get(index)
                if where is None:
                    continue
                at[where.path] = f"{_letter(index + 1)}{cell.row}"
                if getattr(cell, "data_type", None) == "f":
                    formulas.append(
                        (
                            where.path,
                            CellProblem(
                                page.title,
                                at[where.path],
                                msg(
                                    "xlsx.formula",
                                    "`{column}` / `{en}` is a formula ({formula}); type the value itself: "
                                    "mpptool reads what is typed, not what Excel computes",
                                    column=where.header("id"),
                                    en=where.header("en"),
                                    formula=str(cell.value)[:60],
                                ),
                                "formula",
                            ),
                        )
                    )
                    continue
                value = read_cell(cell.value, where.kind)
                if value is not None:
                    _put(entry, where.path, value)
            if entry:
                number = len(entries)
                entry_pointer = base if sheet.key == "mpp" else f"{base}/{number}"
                first = min(at.values(), key=lambda ref: (len(ref), ref)) if at else "A1"
                where_of[entry_pointer] = (page.title, first)
                row_entry[row[0].row] = entry_pointer
                for path, ref in at.items():
                    where_of[_pointer(sheet.key, entry_pointer, path)] = (page.title, ref)
                entries.append(entry)
            for path, problem in formulas:
                value_at = _pointer(sheet.key, row_entry[row[0].row], path) if entry else base
                problems.append(dataclasses.replace(problem, pointer=value_at))
        problems.extend(_layout(page, sheet, mapped, row_entry, base))
        if sheet.key == "mpp":
            mpp = entries[0] if entries else {}
            version = mpp.pop("schema_version", None)
            declared = mpp.pop("declared", None)
            if version is not None:
                data["schema_version"] = version
            data["mpp"] = mpp
            if declared is not None:
                data["declared"] = declared
        elif sheet.key == "sources":
            if entries:
                data.setdefault("mpp", {})["sources"] = entries
        else:
            data[sheet.key] = entries
    return data, problems


def _layout(
    page: Any, sheet: Sheet, mapped: Mapping[int, Column], row_entry: Mapping[int, str], base: str
) -> list[CellProblem]:
    """Merged cells (X001) and hidden sheets, rows and columns (X002) of one sheet, at their first cell.

    Hidden rows and columns count only where they hold what is read: an entry's row, the
    header row, a column of the format. Runs of them are one finding each.
    """
    found: list[CellProblem] = []

    def pointer(row: int, column: int) -> str:
        entry = row_entry.get(row)
        known = mapped.get(column - 1)
        if entry is None:
            return base
        return _pointer(sheet.key, entry, known.path) if known is not None else entry

    for merged in sorted(page.merged_cells.ranges, key=lambda r: (r.min_row, r.min_col)):
        first = f"{_letter(merged.min_col)}{merged.min_row}"
        others = merged.size["rows"] * merged.size["columns"] - 1
        found.append(
            CellProblem(
                page.title,
                first,
                msg(
                    "X001.merged",
                    "cells {cells} are merged: only {first} keeps its value and the {others:d} other cell(s) "
                    "read as empty; unmerge them and type the value in each cell",
                    cells=merged.coord,
                    first=first,
                    others=others,
                ),
                "merged",
                pointer(merged.min_row, merged.min_col),
            )
        )
    if page.sheet_state != "visible":
        found.append(
            CellProblem(
                page.title,
                "A1",
                msg(
                    "X002.sheet",
                    "sheet {sheet} is hidden, and its rows are read all the same; unhide it (right-click a "
                    "sheet tab, Unhide) to see what is checked, or delete the rows you do not mean to keep",
                    sheet=repr(page.title),
                ),
                "hidden",
                base,
            )
        )
    rows = sorted(r for r, dim in page.row_dimensions.items() if dim.hidden and (r == 1 or r in row_entry))
    for low, high in _runs(rows):
        found.append(
            CellProblem(
                page.title,
                f"A{low}",
                msg(
                    "X002.row",
                    "row {row:d} of sheet {sheet} is hidden, and read all the same; "
                    "unhide them to see what is checked, or delete the rows you do not mean to keep",
                    row=low,
                    sheet=repr(page.title),
                )
                if low == high
                else msg(
                    "X002.rows",
                    "rows {first:d}-{last:d} of sheet {sheet} are hidden, and read all the same; "
                    "unhide them to see what is checked, or delete the rows you do not mean to keep",
                    first=low,
                    last=high,
                    sheet=repr(page.title),
                ),
                "hidden",
                pointer(low, 1),
            )
        )
    hidden_columns: set[int] = set()
    for dim in page.column_dimensions.values():
        if dim.hidden and dim.min is not None:
            hidden_columns.update(range(dim.min, (dim.max or dim.min) + 1))
    columns = sorted(c for c in hidden_columns if c - 1 in mapped)
    for low, high in _runs(columns):
        names = ", ".join(f"`{mapped[c - 1].header('id')}`" for c in range(low, high + 1) if c - 1 in mapped)
        found.append(
            CellProblem(
                page.title,
                f"{_letter(low)}1",
                msg(
                    "X002.column",
                    "column {column} ({names}) of sheet {sheet} is hidden, and read all the same; "
                    "unhide them to see what is checked",
                    column=_letter(low),
                    names=names,
                    sheet=repr(page.title),
                )
                if low == high
                else msg(
                    "X002.columns",
                    "columns {first}-{last} ({names}) of sheet {sheet} are hidden, and read all the same; "
                    "unhide them to see what is checked",
                    first=_letter(low),
                    last=_letter(high),
                    names=names,
                    sheet=repr(page.title),
                ),
                "hidden",
                base,
            )
        )
    return found


def _runs(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Consecutive numbers as (first, last) runs: [3, 4, 5, 9] -> [(3, 5), (9, 9)]."""
    runs: list[tuple[int, int]] = []
    for number in numbers:
        if runs and number == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], number)
        else:
            runs.append((number, number))
    return runs


def _pointer(sheet: str, entry: str, path: str) -> str:
    """The JSON Pointer of a column's value: ``schema_version`` and ``declared.*`` sit beside ``mpp``."""
    if sheet == "mpp" and path == "schema_version":
        return "/schema_version"
    if sheet == "mpp" and path.startswith("declared."):
        return "/" + path.replace(".", "/")
    return f"{entry}/" + path.replace(".", "/")


def cell_of(pointer: str, cells: Mapping[str, tuple[str, str]]) -> tuple[str, str] | None:
    """The cell a pointer's value was typed in (or its nearest located parent's), as Excel names it."""
    while True:
        if pointer in cells:
            return cells[pointer]
        if "/" not in pointer or not pointer:
            return None
        pointer = pointer.rsplit("/", 1)[0]


ORDER = {
    "": ("schema_version", "mpp", "declared", "agencies", "services", "counters", "metrics"),
}


def yaml_text(data: Mapping[str, Any]) -> str:
    """The data as an MPP file: keys in the format's order, every string double-quoted (never misread)."""
    lines: list[str] = []
    keys = [key for key in ORDER[""] if key in data] + [key for key in data if key not in ORDER[""]]
    for key in keys:
        _emit(lines, key, data[key], 0)
    return "\n".join(lines) + "\n"


def _scalar(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return json.dumps(value)
    return json.dumps(str(value), ensure_ascii=False)


def _emit(lines: list[str], key: str, value: Any, depth: int) -> None:
    pad = "  " * depth
    name = key if key.replace("_", "").isalnum() and key.isascii() else json.dumps(key, ensure_ascii=False)
    if isinstance(value, Mapping):
        if not value:
            lines.append(f"{pad}{name}: {{}}")
            return
        lines.append(f"{pad}{name}:")
        for child, item in value.items():
            _emit(lines, str(child), item, depth + 1)
    elif isinstance(value, list):
        if all(not isinstance(item, Mapping | list) for item in value):
            lines.append(f"{pad}{name}: [" + ", ".join(_scalar(item) for item in value) + "]")
            return
        lines.append(f"{pad}{name}:")
        for item in value:
            if isinstance(item, Mapping) and item:
                first = True
                for child, inner in item.items():
                    sub: list[str] = []
                    _emit(sub, str(child), inner, depth + 2)
                    if first:
                        sub[0] = f"{pad}  - " + sub[0].lstrip()
                        first = False
                    lines.extend(sub)
            else:
                lines.append(f"{pad}  - {_scalar(item) if not isinstance(item, Mapping | list) else json.dumps(item)}")
    else:
        lines.append(f"{pad}{name}: {_scalar(value)}")
