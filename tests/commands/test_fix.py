"""`mpptool fix`: one case per fix (before, after, idempotent), the guesses only when asked, --diff, refusals."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from helpers import GOLDEN, REPO, assert_no_traceback, compare_golden, run_mpptool

from mpptool.authoring.fixes import leaves, plan
from mpptool.commands.fix import FixOptions, run_fix
from mpptool.engine.checker import FileChecker
from mpptool.loaders.strict_yaml import parse_yaml

HEAD = """schema_version: 1
mpp:
  id: kab-garut
  name: MPP Garut   # the name stays as written
  region: "32.05"
  status: operating
  manager: dpmptsp
  hours: {days: [mon, tue, wed, thu, fri], open: "08:00", close: "15:00"}
agencies:
  - {id: dpmptsp, name: DPMPTSP, category: opd_local}
"""

CASES = [
    ("a region read as a number", 'region: "32.05"', "region: 32.05", 'region: "32.05"', True),
    ("a code with a trailing zero", 'region: "32.05"', "region: 32.10", 'region: "32.10"', True),
    ("a time written with a dot", 'open: "08:00"', "open: 08.00", 'open: "08:00"', True),
    ("a one-digit hour with a dot", 'open: "08:00"', "open: 8.30", 'open: "08:30"', True),
    ("Indonesian day names", "days: [mon, tue, wed, thu, fri]", "days: [senin, Selasa, RABU, kamis, jumat]",
     "days: [mon, tue, wed, thu, fri]", True),
    ("English day names in full", "days: [mon, tue, wed, thu, fri]", "days: [Monday, tue, wed, thu, Friday]",
     "days: [mon, tue, wed, thu, fri]", True),
    ("yes where a boolean is due", "  manager: dpmptsp\n", "  manager: dpmptsp\n  digital: {enabled: yes}\n",
     "  manager: dpmptsp\n  digital: {enabled: true}\n", True),
    ("a thousands dot where a whole number is due (a guess)", "  manager: dpmptsp\n",
     "  manager: dpmptsp\n", "  manager: dpmptsp\n", False),
]  # fmt: skip


def _checker() -> FileChecker:
    return FileChecker()


def _fix(text: str, tmp_path: Path, unsafe: bool = False) -> str:
    path = tmp_path / "kab-garut.yaml"
    path.write_text(text, encoding="utf-8")
    run_fix(FixOptions((str(path),), unsafe=unsafe, isolated=True))
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "anchor", "before", "after", "safe"), CASES, ids=[case[0] for case in CASES])
def test_fix_case(name: str, anchor: str, before: str, after: str, safe: bool, tmp_path: Path) -> None:
    text = HEAD.replace(anchor, before, 1)
    if not safe:
        text += "metrics:\n  - {from: 2025-01-01, to: 2025-01-31, visitors: 30.000}   # kept\n"
        after_text = text.replace("visitors: 30.000", "visitors: 30000")
        assert _fix(text, tmp_path) == text  # held back without --unsafe-fixes
        fixed = _fix(text, tmp_path, unsafe=True)
    else:
        assert text != HEAD.replace(anchor, after, 1) or before == after
        after_text = HEAD.replace(anchor, after, 1)
        fixed = _fix(text, tmp_path)
    assert fixed == after_text
    assert _fix(fixed, tmp_path, unsafe=True) == fixed  # a second run changes nothing
    assert not [
        f for f in _checker().check_text("kab-garut.yaml", fixed).findings if f.code in ("S003", "S004", "Y010")
    ]


def test_values_not_targeted_are_unchanged(tmp_path: Path) -> None:
    """Every fix changes only the values its findings point at; comments and order stay."""
    broken = HEAD.replace('region: "32.05"', "region: 32.05   # keep me").replace(
        "days: [mon, tue, wed, thu, fri]", "days: [senin, selasa, rabu, kamis, jumat]"
    )
    fixed = _fix(broken, tmp_path)
    before = dict(leaves(parse_yaml(broken).data))
    after = dict(leaves(parse_yaml(fixed).data))
    touched = {"/mpp/region", *(f"/mpp/hours/days/{i}" for i in range(5))}
    assert {k: v for k, v in before.items() if k not in touched} == {k: v for k, v in after.items() if k not in touched}
    assert "# keep me" in fixed and "# the name stays as written" in fixed
    assert fixed.splitlines()[0] == "schema_version: 1" and len(fixed.splitlines()) == len(broken.splitlines())


def test_bundled_catalog_needs_no_fix(tmp_path: Path) -> None:
    for path in sorted((REPO / "catalog").glob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        findings = _checker().check_text(path.name, text).findings
        assert plan(text, findings) == [], path.name


def test_broken_example_fixed_and_the_rest_reported(tmp_path: Path) -> None:
    target = tmp_path / "broken.yaml"
    target.write_bytes((REPO / "examples" / "broken.yaml").read_bytes())
    run = run_mpptool("fix", target, cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 1  # errors remain that no fix is certain of
    compare_golden(
        GOLDEN / "fix" / "broken.txt", run.stdout.replace(str(tmp_path) + os.sep, ""), "tests/commands/test_fix.py"
    )


def test_diff_writes_nothing_and_exits_1(tmp_path: Path) -> None:
    target = tmp_path / "kab-garut.yaml"
    target.write_text(HEAD.replace('region: "32.05"', "region: 32.05"), encoding="utf-8")
    stamp = target.stat().st_mtime_ns
    run = run_mpptool("fix", target, "--diff", cwd=tmp_path)
    assert run.returncode == 1 and '+  region: "32.05"' in run.stdout
    assert target.stat().st_mtime_ns == stamp
    json_run = run_mpptool("fix", target, "--diff", "--format", "json", cwd=tmp_path)
    assert '"written": false' in json_run.stdout


def test_a_clean_file_is_not_rewritten(tmp_path: Path) -> None:
    target = tmp_path / "kab-garut.yaml"
    target.write_text(HEAD, encoding="utf-8")
    stamp = target.stat().st_mtime_ns
    run = run_mpptool("fix", target, cwd=tmp_path)
    assert run.returncode == 0 and "Fixed 0 findings in 0 files" in run.stdout
    assert target.stat().st_mtime_ns == stamp


def test_an_ignored_rule_is_not_fixed(tmp_path: Path) -> None:
    text = HEAD.replace('region: "32.05"', "region: 32.05")
    target = tmp_path / "kab-garut.yaml"
    target.write_text(text, encoding="utf-8")
    run = run_mpptool("fix", target, "--ignore", "S003", "--isolated", cwd=tmp_path)
    assert run.returncode == 0 and target.read_text(encoding="utf-8") == text


def test_validate_fix_fixes_then_validates(tmp_path: Path) -> None:
    target = tmp_path / "kab-garut.yaml"
    target.write_text(HEAD.replace('region: "32.05"', "region: 32.05"), encoding="utf-8")
    run = run_mpptool("validate", "--fix", target, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "fixed 1 finding(s) in 1 file(s)" in run.stderr and "0 errors" in run.stdout
    assert 'region: "32.05"' in target.read_text(encoding="utf-8")


def test_a_byte_order_mark_and_windows_line_ends_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "kab-garut.yaml"
    text = HEAD.replace('region: "32.05"', "region: 32.05").replace("\n", "\r\n")
    target.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    run_fix(FixOptions((str(target),), isolated=True))
    assert target.read_bytes() == b"\xef\xbb\xbf" + text.replace("region: 32.05", 'region: "32.05"').encode("utf-8")
