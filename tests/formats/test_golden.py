"""Golden output of `mpptool validate` and `audit`: any change to a message, position or order shows here.

The goldens in tests/golden/ are the exact text and JSON output of `mpptool validate` run
from the repository root with relative paths (so they hold relative file names) for:
(a) the whole broken corpus folder tests/broken, (b) tests/fixtures/valid-minimal.yaml and
(c) the bundled sample catalog catalog/ (skipped while catalog/ holds no *.yaml file);
and the text, JSON, Markdown, CSV, GitHub, SARIF and JUnit output of `mpptool audit --as-of
2026-11-22` for the catalog and the broken corpus (`audit-*`).

When a change in output is intended, regenerate them and review the diff before committing:

    MPPTOOL_UPDATE_GOLDENS=1 python -m pytest tests/formats/test_golden.py

A mismatch fails with a unified diff (golden first, actual output second).
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from helpers import GOLDEN, REPO, assert_no_traceback, run_mpptool
from helpers import compare_golden as _compare


@dataclass(frozen=True, slots=True)
class Case:
    """One golden pair: what to validate, the golden file stem, and the expected exit status."""

    path: str
    stem: str
    exit: int | None
    """None: whatever it is, but the same for text and JSON (the sample catalog may have errors)."""


CASES = (
    Case("tests/broken", "broken", 1),
    Case("tests/fixtures/valid-minimal.yaml", "valid-minimal", 0),
    Case("catalog", "catalog", None),
)
FORMATS = {"text": "txt", "json": "json"}


def _skip_without_catalog(case: Case) -> None:
    if case.stem == "catalog" and not any((REPO / "catalog").rglob("*.y*ml")):
        pytest.skip("catalog/ holds no *.yaml file yet: the bundled sample catalog has not been written")


@pytest.mark.parametrize("fmt", sorted(FORMATS))
@pytest.mark.parametrize("case", CASES, ids=[case.stem for case in CASES])
def test_golden_output(case: Case, fmt: str) -> None:
    _skip_without_catalog(case)
    run = run_mpptool("validate", case.path, "--format", fmt, cwd=REPO)
    assert_no_traceback(run)
    assert run.stderr == "", run.describe()
    if case.exit is not None:
        assert run.returncode == case.exit, run.describe()
    else:
        assert run.returncode in (0, 1), run.describe()
    _compare(GOLDEN / f"{case.stem}.{FORMATS[fmt]}", run.stdout)


AUDIT_CASES = (Case("catalog", "audit-catalog", 0), Case("tests/broken", "audit-broken", 0))
AUDIT_FORMATS = {
    "text": "txt",
    "json": "json",
    "markdown": "md",
    "csv": "csv",
    "github": "github.txt",
    "sarif": "sarif.json",
    "junit": "junit.xml",
}
AS_OF = "2026-11-22"
"""Audits judge agreements against a date; the goldens fix it."""


@pytest.mark.parametrize("fmt", sorted(AUDIT_FORMATS))
@pytest.mark.parametrize("case", AUDIT_CASES, ids=[case.stem for case in AUDIT_CASES])
def test_golden_audit(case: Case, fmt: str) -> None:
    _skip_without_catalog(case)
    run = run_mpptool("audit", case.path, "--as-of", AS_OF, "--format", fmt, cwd=REPO)
    assert_no_traceback(run)
    assert run.stderr == "", run.describe()
    assert run.returncode == case.exit, run.describe()
    _compare(GOLDEN / f"{case.stem}.{AUDIT_FORMATS[fmt]}", run.stdout)


def test_no_stray_goldens() -> None:
    expected = {f"{case.stem}.{extension}" for case in CASES for extension in FORMATS.values()}
    expected |= {f"{case.stem}.{extension}" for case in AUDIT_CASES for extension in AUDIT_FORMATS.values()}
    expected |= {"broken.source.txt", "audit-broken.source.txt"}
    stems = [*DIFF_CASES, "diff-revisions"]
    expected |= {f"{stem}.{extension}" for stem in stems for extension in DIFF_FORMATS.values()}
    present = {path.name for path in GOLDEN.iterdir() if path.is_file()} if GOLDEN.is_dir() else set()
    # golden/activity/ is checked by tests/activity/test_activity_cli.py
    present = {name for name in present if not name.startswith("validate-")}  # test_validate_formats checks those
    present = {name for name in present if not name.startswith("rules-")}  # test_rule_doc.py checks its own
    present = {name for name in present if not name.startswith("report-")}  # test_report.py checks its own
    assert present <= expected, f"golden files no test compares: {sorted(present - expected)}"


DIFF_FORMATS = {"text": "txt", "json": "json", "markdown": "md", "github": "github.txt"}
DIFF_CASES = {
    "diff-regions": ("kota-mojokerto", "kab-cirebon"),
    "diff-matrix": ("--matrix", "catalog"),
}


@pytest.mark.parametrize("fmt", sorted(DIFF_FORMATS))
@pytest.mark.parametrize("stem", sorted(DIFF_CASES))
def test_golden_diff(stem: str, fmt: str) -> None:
    run = run_mpptool("diff", *DIFF_CASES[stem], "--format", fmt, cwd=REPO)
    assert_no_traceback(run)
    assert run.returncode == 0 and run.stderr == "", run.describe()
    _compare(GOLDEN / f"{stem}.{DIFF_FORMATS[fmt]}", run.stdout)


@pytest.mark.parametrize("fmt", sorted(DIFF_FORMATS))
def test_golden_revision_diff(fmt: str) -> None:
    """A revision diff of the minimal fixture against an edited copy: every kind of change."""
    from mpptool.commands.diff import Version, diff_versions
    from mpptool.formats import DiffFormat, render

    old = (REPO / "tests" / "fixtures" / "valid-minimal.yaml").read_text(encoding="utf-8")
    new = (
        old.replace("visitors: 5120", "visitors: 6000")
        .replace("  - id: pln\n    name: PT PLN (Persero) UP3 Mojokerto\n    category: soe\n", "")
        .replace("agency: pln", "agency: dpmptsp")
        .replace("services:\n", "  - {id: bpjs, name: BPJS Kesehatan, category: public_body}\nservices:\n", 1)
        .replace("    staff: {required: 2, assigned: 1}", "    staff: {required: 2, assigned: 2}")
        .replace("  opened: 2019-12\n", "  opened: 2019-12-05\n")
    )
    path = "catalog/kota-mojokerto.yaml"
    result = diff_versions([Version(path, path, old)], [Version(path, path, new)], "HEAD", "the working tree")
    _compare(GOLDEN / f"diff-revisions.{DIFF_FORMATS[fmt]}", render(result, DiffFormat(fmt)))


def test_audit_findings_fail_in_ci_as_fail_on_says() -> None:
    """`audit -f junit|sarif|github --fail-on error`: errors are failures, exit status 1; a report alone is 0."""
    import json
    import xml.etree.ElementTree as ET

    gate = run_mpptool("audit", "catalog", "--as-of", AS_OF, "-f", "junit", "--fail-on", "error", cwd=REPO)
    assert gate.returncode == 1, gate.describe()
    suites = ET.fromstring(gate.stdout)
    assert suites.get("name") == "mpptool audit" and int(suites.get("failures") or 0) > 0
    report = run_mpptool("audit", "catalog", "--as-of", AS_OF, "-f", "junit", cwd=REPO)
    assert report.returncode == 0 and ET.fromstring(report.stdout).get("failures") == "0"
    sarif = json.loads(run_mpptool("audit", "catalog", "--as-of", AS_OF, "-f", "sarif", cwd=REPO).stdout)
    rules = {result["ruleId"] for result in sarif["runs"][0]["results"]}
    assert "A001" in rules  # an agency on paper, annotated at its line
    github = run_mpptool("audit", "catalog", "--as-of", AS_OF, "-f", "github", cwd=REPO).stdout
    assert "::error file=catalog/kab-cirebon.yaml,line=" in github and "title=A001 agency-on-paper::" in github


@pytest.mark.parametrize(("command", "stem"), [("validate", "broken"), ("audit", "audit-broken")])
def test_golden_show_source(command: str, stem: str) -> None:
    """`--show-source`: each finding's line under it, a caret under the column (the broken corpus: tabs,
    control characters, long lines, a file that is not UTF-8 and one with no text)."""
    extra = ("--as-of", AS_OF) if command == "audit" else ()
    run = run_mpptool(command, "tests/broken", "--show-source", "--format", "text", *extra, cwd=REPO)
    assert_no_traceback(run)
    assert run.stderr == "", run.describe()
    _compare(GOLDEN / f"{stem}.source.txt", run.stdout)
    plain = run_mpptool(command, "tests/broken", "--format", "text", *extra, cwd=REPO)
    assert " | " not in plain.stdout.replace("` | `", "")  # off by default when stdout is not a terminal
    shown = run_mpptool(command, "tests/broken", "--show-source", "--format", "json", *extra, cwd=REPO)
    assert shown.stdout == run_mpptool(command, "tests/broken", "--format", "json", *extra, cwd=REPO).stdout
