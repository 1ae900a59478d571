"""`mpptool export` / `import`: every value of the format survives a workbook, in both languages."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from helpers import REPO, assert_no_traceback, run_mpptool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpptool.authoring.workbook import COUNT, LIST, SHEETS, from_workbook, to_workbook, yaml_text
from mpptool.loaders.schema import load_schema
from mpptool.loaders.strict_yaml import parse_yaml

openpyxl = pytest.importorskip("openpyxl")


def _round_trip(data: dict[str, Any], lang: str) -> dict[str, Any]:
    buffer = io.BytesIO()
    to_workbook(data, lang, ["ADM-01"]).save(buffer)
    back, problems = from_workbook(openpyxl.load_workbook(io.BytesIO(buffer.getvalue())))
    assert problems == []
    return back


def _normal(data: dict[str, Any]) -> dict[str, Any]:
    """An empty list and a missing one travel alike (an empty sheet): compare them as empty."""
    data = json.loads(json.dumps(data))
    for key in ("agencies", "services", "counters", "metrics"):
        data.setdefault(key, [])
    if not data.get("mpp", {}).get("sources", True):
        del data["mpp"]["sources"]
    return data


@pytest.mark.parametrize("lang", ["id", "en"])
@pytest.mark.parametrize("name", ["kab-cirebon", "kota-cirebon", "kota-mojokerto"])
def test_bundled_catalog_round_trips(name: str, lang: str) -> None:
    data = parse_yaml((REPO / "catalog" / f"{name}.yaml").read_text(encoding="utf-8")).data
    back = _round_trip(data, lang)
    assert _normal(back) == _normal(data)
    assert parse_yaml(yaml_text(back)).data == back  # the written YAML reads back as the same values


def _leaf_paths(schema: dict[str, Any], node: dict[str, Any], prefix: str = "") -> set[str]:
    while "$ref" in node:
        node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
    props = node.get("properties")
    if not props:
        return {prefix}
    found: set[str] = set()
    for key, child in props.items():
        found |= _leaf_paths(schema, child, f"{prefix}.{key}" if prefix else key)
    return found


def test_every_value_of_the_format_has_a_column() -> None:
    schema = load_schema()
    defs = schema["$defs"]
    covered = {sheet.key: {column.path for column in sheet.columns} for sheet in SHEETS}
    expected = {
        "agencies": _leaf_paths(schema, defs["agency"]),
        "services": _leaf_paths(schema, defs["service"]),
        "counters": _leaf_paths(schema, defs["counter"]),
        "metrics": _leaf_paths(schema, defs["metric"]),
        "sources": _leaf_paths(schema, defs["source"]),
        "mpp": (_leaf_paths(schema, defs["mpp"]) - {"sources"})
        | {f"declared.{path}" for path in _leaf_paths(schema, defs["declared"])}
        | {"schema_version"},
    }
    assert covered == expected


TEXTS = st.text(
    st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\n\t"), min_size=1, max_size=12
)  # a workbook cannot hold other control characters: export refuses them (tested below)
ITEMS = st.lists(TEXTS, max_size=4)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.fixed_dictionaries(
        {"id": TEXTS, "name": TEXTS, "region": TEXTS, "hours": st.fixed_dictionaries({"days": ITEMS})},
        optional={"notes": TEXTS, "digital": st.fixed_dictionaries({"enabled": st.booleans(), "services": ITEMS})},
    ),
    st.lists(
        st.fixed_dictionaries(
            {"id": TEXTS, "agencies": ITEMS, "status": TEXTS},
            optional={
                "staff": st.fixed_dictionaries({"required": st.integers(0, 10**6), "assigned": st.integers(0, 99)}),
                "staffed_days": ITEMS,
                "illustrative": st.booleans(),
            },
        ),
        max_size=3,
    ),
    st.sampled_from(["id", "en"]),
)
def test_generated_mpps_round_trip(mpp: dict[str, Any], counters: list[dict[str, Any]], lang: str) -> None:
    """Text with line breaks, brackets, quotes and any script; empty lists; whole numbers; booleans."""
    data = {"schema_version": 1, "mpp": mpp, "agencies": [], "services": [], "counters": counters, "metrics": []}
    back = _round_trip(data, lang)
    assert back == data
    assert parse_yaml(yaml_text(back)).data == back


def test_the_workbook_is_one_a_clerk_can_keep(tmp_path: Path) -> None:
    out = tmp_path / "kab-cirebon.xlsx"
    run = run_mpptool("export", REPO / "catalog" / "kab-cirebon.yaml", "-o", out)
    assert run.returncode == 0, run.stderr
    book = openpyxl.load_workbook(out)
    assert book.sheetnames == ["MPP", "Instansi", "Layanan", "Gerai", "Kunjungan", "Sumber", "Daftar"]
    assert book["Daftar"].sheet_state == "hidden"
    mpp = book["MPP"]
    assert mpp.freeze_panes == "A2" and mpp["D1"].value == "Kode wilayah"
    assert mpp["D2"].value == "32.09" and mpp["D2"].number_format == "@"  # a code, kept as text
    services = book["Layanan"]
    assert services.freeze_panes == "A2"
    lists = {str(check.sqref): check.formula1 for check in services.data_validations.dataValidation}
    assert any("Daftar" in formula for formula in lists.values())  # service types from a drop-down
    kinds = {column.path: column.kind for sheet in SHEETS for column in sheet.columns}
    assert kinds["standard.fee"] == COUNT and kinds["standard.requirements"] == LIST


def test_export_and_import_refuse_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    out.write_bytes(b"mine")
    run = run_mpptool("export", REPO / "catalog" / "kab-cirebon.yaml", "-o", out)
    assert run.returncode == 2 and "E003" in run.stderr and out.read_bytes() == b"mine"
    bad = run_mpptool("import", out, "-o", tmp_path / "x.yaml")
    assert bad.returncode == 2 and "E001" in bad.stderr
    assert_no_traceback(bad)


def test_an_unknown_column_is_named_by_sheet_and_cell(tmp_path: Path) -> None:
    book = tmp_path / "k.xlsx"
    assert run_mpptool("export", REPO / "catalog" / "kota-mojokerto.yaml", "-o", book).returncode == 0
    loaded = openpyxl.load_workbook(book)
    loaded["Gerai"].cell(row=1, column=20, value="Catatan gerai")
    loaded.save(book)
    run = run_mpptool("import", book, "-o", tmp_path / "k.yaml")
    assert run.returncode == 1 and "Gerai!T1: unknown column 'Catatan gerai'" in run.stderr


def test_a_control_character_is_refused_not_lost() -> None:
    from mpptool.errors import UsageError

    with pytest.raises(UsageError) as raised:
        to_workbook({"schema_version": 1, "mpp": {"id": "a", "name": "x\x1fy"}}, "en")
    assert raised.value.code == "E007" and "MPP!C2 (Name)" in str(raised.value)


def _exported(tmp_path: Path, name: str = "kota-mojokerto") -> Path:
    book = tmp_path / f"{name}.xlsx"
    assert run_mpptool("export", REPO / "catalog" / f"{name}.yaml", "-o", book).returncode == 0
    return book


def test_validate_reads_a_workbook_and_names_the_cell(tmp_path: Path) -> None:
    book = _exported(tmp_path)
    loaded = openpyxl.load_workbook(book)
    loaded["MPP"]["D2"].value = 35.76  # the region typed as a number: Excel would drop a trailing zero
    loaded["Gerai"].cell(row=1, column=20, value="Catatan gerai")
    del loaded["Kunjungan"]
    loaded.save(book)
    run = run_mpptool("validate", book, "--format", "json")
    assert run.returncode == 1
    found = {(f["code"], f["line"], f["column"]) for f in json.loads(run.stdout)["findings"]}
    assert ("S003", 2, 4) in found  # MPP!D2
    assert ("S002", 1, 20) in found  # Gerai!T1
    assert ("S001", 1, 1) in found  # the missing sheet
    text = run_mpptool("validate", book).stdout
    assert "kota-mojokerto.xlsx:MPP!D2: S003" in text and "kota-mojokerto.xlsx:Gerai!T1: S002" in text
    assert "Kunjungan" in text
    cells = {f["cell"] for f in json.loads(run.stdout)["findings"]}
    assert {"MPP!D2", "Gerai!T1"} <= cells


def test_a_file_that_is_no_workbook_is_one_finding(tmp_path: Path) -> None:
    book = tmp_path / "k.xlsx"
    book.write_bytes(b"not a zip")
    run = run_mpptool("validate", book)
    assert run.returncode == 1 and "F003" in run.stdout and "cannot be read as an XLSX workbook" in run.stdout
    assert_no_traceback(run)


def test_a_clean_workbook_validates_clean(tmp_path: Path) -> None:
    run = run_mpptool("validate", _exported(tmp_path))
    assert run.returncode == 0 and "0 errors, 0 warnings" in run.stdout


def test_annotate_writes_a_copy_with_each_finding_on_its_cell(tmp_path: Path) -> None:
    book = _exported(tmp_path)
    loaded = openpyxl.load_workbook(book)
    loaded["MPP"]["D2"].value = 35.76
    loaded.save(book)
    before = book.read_bytes()
    notes = tmp_path / "notes.xlsx"
    run = run_mpptool("validate", book, "--annotate", notes)
    assert run.returncode == 1 and "1 cell(s) annotated" in run.stderr
    assert book.read_bytes() == before  # never the input
    cell = openpyxl.load_workbook(notes)["MPP"]["D2"]
    assert cell.comment is not None and cell.comment.text.startswith("S003 error:")
    assert cell.fill.fgColor.rgb.endswith("FFC7CE")
    same = run_mpptool("validate", book, "--annotate", book)
    assert same.returncode == 2 and "E003" in same.stderr and book.read_bytes() == before
    none = run_mpptool("validate", REPO / "catalog", "--annotate", notes)
    assert none.returncode == 2 and "E002" in none.stderr


def test_a_formula_is_not_read_as_its_text(tmp_path: Path) -> None:
    book = _exported(tmp_path)
    loaded = openpyxl.load_workbook(book)
    loaded["MPP"]["C2"].value = '=CONCAT("Mal ", "Pelayanan")'
    loaded.save(book)
    run = run_mpptool("validate", book, "--format", "json")
    found = [f for f in json.loads(run.stdout)["findings"] if f["code"] == "S003"]
    assert [(f["line"], f["column"]) for f in found] == [(2, 3)] and "is a formula" in found[0]["message"]
    imported = run_mpptool("import", book, "-o", tmp_path / "k.yaml")
    assert imported.returncode == 1 and "MPP!C2" in imported.stderr


def test_a_catalog_string_never_becomes_a_formula(tmp_path: Path) -> None:
    data = {"schema_version": 1, "mpp": {"id": "a", "name": '=HYPERLINK("http://x","click")'}}
    buffer = io.BytesIO()
    to_workbook(data, "en").save(buffer)
    cell = openpyxl.load_workbook(io.BytesIO(buffer.getvalue()))["MPP"]["C2"]
    assert cell.data_type == "s" and cell.value == data["mpp"]["name"]


def test_export_refuses_a_key_it_would_lose(tmp_path: Path) -> None:
    source = tmp_path / "k.yaml"
    text = (REPO / "catalog" / "kota-mojokerto.yaml").read_text(encoding="utf-8")
    assert "    category: opd_local\n" in text
    source.write_text(text.replace("    category: opd_local\n", "    categroy: opd_local\n", 1), encoding="utf-8")
    run = run_mpptool("export", source, "-o", tmp_path / "k.xlsx")
    assert run.returncode == 2 and "E007" in run.stderr and "/categroy` is not part of the format" in run.stderr
    assert not (tmp_path / "k.xlsx").exists()


def test_the_bundled_catalog_loses_nothing() -> None:
    from mpptool.authoring.workbook import left_out

    for path in sorted((REPO / "catalog").glob("*.yaml")):
        assert left_out(parse_yaml(path.read_text(encoding="utf-8")).data) == [], path.name


def test_merged_cells_and_hidden_rows_are_located_and_annotated_where_they_are(tmp_path: Path) -> None:
    book = _exported(tmp_path)
    loaded = openpyxl.load_workbook(book)
    services = loaded["Layanan"]
    assert services.max_row >= 4
    services.merge_cells("D2:D4")  # the agency typed once for three services
    services.row_dimensions[3].hidden = True
    services.column_dimensions["C"].hidden = True
    loaded["MPP"]["C2"].value = "=1+1"
    loaded.save(book)
    run = run_mpptool("validate", book, "--format", "json")
    assert run.returncode == 1
    assert_no_traceback(run)
    found = {(f["code"], f["line"], f["column"]) for f in json.loads(run.stdout)["findings"]}
    assert {("X001", 2, 4), ("X002", 3, 1), ("X002", 1, 3), ("S003", 2, 3)} <= found
    text = run_mpptool("validate", book).stdout
    assert "kota-mojokerto.xlsx:Layanan!D2: X001 error cells D2:D4 are merged" in text
    assert "row 3 of sheet 'Layanan'" in text
    notes = tmp_path / "notes.xlsx"
    run_mpptool("validate", book, "--annotate", notes)
    annotated = openpyxl.load_workbook(notes)
    merged = annotated["Layanan"]["D2"].comment
    formula = annotated["MPP"]["C2"].comment
    assert merged is not None and "X001 error" in merged.text
    assert formula is not None and "S003 error" in formula.text
    imported = run_mpptool("import", book, "-o", tmp_path / "k.yaml")
    assert imported.returncode == 1 and "Layanan!D2: cells D2:D4 are merged" in imported.stderr


def test_an_exported_workbook_has_nothing_merged_or_hidden(tmp_path: Path) -> None:
    book = openpyxl.load_workbook(_exported(tmp_path))
    _, problems = from_workbook(book)
    assert problems == []
    for name in book.sheetnames[:-1]:  # the last, `Daftar`, holds the drop-down lists and is hidden on purpose
        assert not book[name].merged_cells.ranges and book[name].sheet_state == "visible"


def test_a_hidden_row_is_said_on_import_but_loses_nothing(tmp_path: Path) -> None:
    book = _exported(tmp_path)
    loaded = openpyxl.load_workbook(book)
    loaded["Layanan"].row_dimensions[3].hidden = True
    loaded.save(book)
    run = run_mpptool("import", book, "-o", tmp_path / "k.yaml")
    assert run.returncode == 0, run.describe()  # read all the same: only said
    assert "Layanan!A3: row 3 of sheet 'Layanan' is hidden" in run.stderr
    into_workbook = run_mpptool("new", "--from-xlsx", book, "-o", tmp_path / "out.xlsx")
    assert into_workbook.returncode == 2 and "E002" in into_workbook.stderr
    assert not (tmp_path / "out.xlsx").exists()
