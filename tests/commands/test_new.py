"""`mpptool new`: a new file per region that validates clean, in both languages, and never overwrites."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import GOLDEN, assert_no_traceback, compare_golden, run_mpptool

from mpptool.authoring.scaffold import find_region, mpp_id, scaffold
from mpptool.engine.checker import FileChecker
from mpptool.errors import UsageError
from mpptool.loaders.reference import load_regions
from mpptool.loaders.strict_yaml import parse_yaml
from mpptool.model import AuditSettings

REGIONS = load_regions()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_new_golden(lang: str, tmp_path: Path) -> None:
    run = run_mpptool("new", "--region", "32.05", "--lang", lang, cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 0, run.stderr
    assert run.stdout == (
        "wrote catalog/kab-garut.yaml (MPP id kab-garut): fill in what its comments ask, then run "
        "`mpptool validate catalog/kab-garut.yaml`\n"
    )
    text = (tmp_path / "catalog" / "kab-garut.yaml").read_text(encoding="utf-8")
    compare_golden(GOLDEN / "new" / f"kab-garut.{lang}.yaml", text, "tests/commands/test_new.py")


def test_every_region_gets_a_file_that_validates_and_audits_clean() -> None:
    import datetime as dt

    validator = FileChecker()
    auditor = FileChecker(settings=AuditSettings(as_of=dt.date(2026, 11, 22)))
    ids = set()
    for region in REGIONS.values():
        for lang in ("id", "en"):
            made = scaffold(region, REGIONS, lang)
            assert not validator.check_text(made.file_name, made.text).findings, (region.code, lang)
            assert not auditor.check_text(made.file_name, made.text).findings, (region.code, lang)
        loaded = parse_yaml(made.text).data
        assert loaded["mpp"]["region"] == region.code and loaded["mpp"]["id"] == made.id
        ids.add(made.id)
    assert len(ids) == len(REGIONS)  # one id per region


def test_ids_follow_the_catalog_convention() -> None:
    assert [mpp_id(REGIONS[code]) for code in ("32.05", "32.74", "32.09", "31.71", "32")] == [
        "kab-garut",
        "kota-cirebon",
        "kab-cirebon",
        "kota-jakarta-pusat",
        "prov-jawa-barat",
    ]


def test_a_name_is_answered_with_its_code() -> None:
    with pytest.raises(UsageError) as raised:
        find_region("Garut", REGIONS)
    assert raised.value.code == "E004" and "32.05 (Kabupaten Garut)" in str(raised.value)


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "kab-garut.yaml"
    target.write_text("mine\n", encoding="utf-8")
    run = run_mpptool("new", "--region", "32.05", "-o", target)
    assert run.returncode == 2 and "E003" in run.stderr and "never overwrites" in run.stderr
    assert target.read_text(encoding="utf-8") == "mine\n"


@pytest.mark.parametrize(
    ("args", "code"), [(("--region", "99.99"), "E004"), (("--region", "32.05", "--lang", "fr"), "E002"), ((), "E002")]
)
def test_new_usage_errors(args: tuple[str, ...], code: str, tmp_path: Path) -> None:
    run = run_mpptool("new", *args, cwd=tmp_path)
    assert run.returncode == 2 and code in run.stderr
    assert_no_traceback(run)
    assert not (tmp_path / "catalog").exists()


@pytest.mark.parametrize("lang", ["id", "en"])
def test_new_workbook_is_the_scaffold_in_excel_and_comes_back_as_it(lang: str, tmp_path: Path) -> None:
    """`new -o X.xlsx` starts a clerk in Excel; `new --from-xlsx` turns the filled workbook into the MPP file."""
    import openpyxl

    from mpptool.authoring.workbook import from_workbook

    run = run_mpptool("new", "--region", "32.05", "--lang", lang, "-o", "kab-garut.xlsx", cwd=tmp_path)
    assert run.returncode == 0 and "fill in its sheets" in run.stdout, run.stderr
    book = tmp_path / "kab-garut.xlsx"
    assert run_mpptool("validate", book).stdout.endswith("1 file checked: 0 errors, 0 warnings\n")
    region = find_region("32.05", REGIONS)
    made = parse_yaml(scaffold(region, REGIONS, lang).text).data
    data, problems = from_workbook(openpyxl.load_workbook(book))
    assert problems == [] and data["mpp"] == made["mpp"] and data["services"] == made["services"]
    back = run_mpptool("new", "--from-xlsx", "kab-garut.xlsx", cwd=tmp_path)
    assert back.returncode == 0, back.stderr
    assert back.stdout.startswith("wrote catalog/kab-garut.yaml (MPP id kab-garut): from kab-garut.xlsx")
    written = tmp_path / "catalog" / "kab-garut.yaml"
    assert parse_yaml(written.read_text(encoding="utf-8")).data["counters"] == made["counters"]
    again = run_mpptool("new", "--from-xlsx", "kab-garut.xlsx", cwd=tmp_path)
    assert again.returncode == 2 and "E003" in again.stderr  # never over the file it wrote
    other = run_mpptool("new", "--from-xlsx", "kab-garut.xlsx", "--region", "32.09", "-o", "x.yaml", cwd=tmp_path)
    assert other.returncode == 2 and "E002" in other.stderr and "region '32.05', not 32.09" in other.stderr
    assert not (tmp_path / "x.yaml").exists()
    assert_no_traceback(other)


def test_new_from_a_file_that_is_no_workbook(tmp_path: Path) -> None:
    (tmp_path / "k.xlsx").write_bytes(b"not a zip")
    run = run_mpptool("new", "--from-xlsx", "k.xlsx", cwd=tmp_path)
    assert run.returncode == 2 and "E001" in run.stderr and "cannot be read as an XLSX workbook" in run.stderr
    assert_no_traceback(run)


def test_new_from_a_workbook_that_is_not_there(tmp_path: Path) -> None:
    run = run_mpptool("new", "--from-xlsx", "nope.xlsx", cwd=tmp_path)
    assert run.returncode == 2 and "E001" in run.stderr and "nope.xlsx: no such file" in run.stderr
    assert_no_traceback(run)
