"""Data-driven rule cases: every example in mpptool/rules/examples/*.yaml must behave as written.

These are the examples `mpptool rules CODE` shows, so each one a user reads is proven here.
A failing case names the code and the exact line and column it must be reported at (and,
for a catalog of several files, the file); a passing case must not produce that code. Every
rule has at least one failing and one passing case. Cases run as an audit on 2026-11-22, so
the audit rules run too. Single-file cases are checked as `case.yaml` through
FileChecker.check_text; `files` cases are written into a folder, for real (FIFOs, symlinks,
permissions, encodings, sizes), and checked through the whole-catalog path.
"""

from __future__ import annotations

import datetime as dt
import os
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from mpptool.engine.catalog import check_catalog, file_notes
from mpptool.engine.checker import FileChecker
from mpptool.engine.config import Config
from mpptool.engine.policy import make_policy
from mpptool.model import AuditSettings, Finding
from mpptool.rules import registry
from mpptool.rules.examples import Example, ExampleWorkbook, _example, examples

AS_OF = dt.date(2026, 11, 22)
UNPROVABLE = {"S099"}
"""Rules no file can trigger today (schema v1 uses only keywords S001-S007 explain): their
failing example is a described situation. Anything else must be proven."""


def _cases() -> list[Any]:
    return [
        pytest.param(example, id=f"{example.source.removesuffix('.yaml')}:{example.code}:{example.name}")
        for example in examples()
    ]


@pytest.fixture(scope="module")
def checker() -> FileChecker:
    return FileChecker(settings=AuditSettings(as_of=AS_OF))


def _build(example: Example, catalog: Path) -> None:
    """Make the example's files for real; skip what this machine or user cannot show."""
    for spec in example.files:
        path = catalog / spec.name
        path.parent.mkdir(parents=True, exist_ok=True)
        if spec.fifo:
            if not hasattr(os, "mkfifo"):
                pytest.skip("no FIFOs on this platform")
            os.mkfifo(path)
        elif spec.symlink is not None:
            os.symlink(spec.symlink, path)
        elif spec.workbook is not None:
            path.write_bytes(_workbook_bytes(spec.workbook))
        else:
            path.write_bytes(spec.data())
            if spec.mode is not None:
                path.chmod(spec.mode)
                if not spec.mode & 0o444 and os.access(path, os.R_OK):
                    pytest.skip("permissions do not stop this user (root) from reading the file")


def _workbook_bytes(spec: ExampleWorkbook) -> bytes:
    """The workbook `mpptool export` writes from the example's YAML, then merged and hidden as it says."""
    import io

    from mpptool.authoring.workbook import to_workbook
    from mpptool.loaders.strict_yaml import parse_yaml

    loaded = parse_yaml(spec.yaml)
    assert not loaded.problems and isinstance(loaded.data, dict), loaded.problems
    book = to_workbook(loaded.data, "id")
    for merged in spec.merge:
        sheet, cells = merged.split("!")
        book[sheet].merge_cells(cells)
    for hidden in spec.hide:
        sheet, _, part = hidden.partition("!")
        if not part:
            book[sheet].sheet_state = "hidden"
        elif part.isdigit():
            book[sheet].row_dimensions[int(part)].hidden = True
        else:
            book[sheet].column_dimensions[part].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _findings(example: Example, checker: FileChecker, tmp_path: Path) -> tuple[list[Finding], list[Any]]:
    """The example's findings of its code, and every finding (for the failure message).

    Findings pass through the default policy, as in a run without configuration, so inline
    suppressions apply and the M-rules (unused or invalid suppressions) are reported.
    """
    if example.logs:
        return _activity_findings(example, tmp_path)
    policy = make_policy(Config(), checker.rules)
    if example.yaml is not None:
        outcome = checker.check_text("case.yaml", example.yaml)
        found = list(policy.apply(outcome.findings, file_notes([outcome])).findings)
        return [finding for finding in found if finding.code == example.code], found
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    _build(example, catalog)
    books = [str(catalog / spec.name) for spec in example.files if spec.workbook is not None]
    outcomes, raw, _ = check_catalog(books or [str(catalog)], checker, jobs=1)  # a folder is read for YAML only
    found = list(policy.apply(raw, file_notes(outcomes)).findings)
    for spec in example.files:
        if spec.mode is not None:
            (catalog / spec.name).chmod(0o644)  # so that the temporary folder can be cleaned up
    return [finding for finding in found if finding.code == example.code], found


def _activity_findings(example: Example, tmp_path: Path) -> tuple[list[Finding], list[Any]]:
    """An activity example: its YAML as catalog/case.yaml, held against its logs in logs/ (``--activity logs``)."""
    from mpptool.activity.run import ActivityOptions
    from mpptool.commands.audit import audit_paths

    assert example.yaml is not None
    catalog, logs = tmp_path / "catalog", tmp_path / "logs"
    catalog.mkdir()
    logs.mkdir()
    (catalog / "case.yaml").write_text(example.yaml, encoding="utf-8")
    for name, text in example.logs:
        (logs / name).write_text(text, encoding="utf-8")
    result = audit_paths([str(catalog)], AuditSettings(as_of=AS_OF), jobs=1, activity=ActivityOptions((str(logs),)))
    found = list(result.findings)
    return [finding for finding in found if finding.code == example.code], found


@pytest.mark.parametrize("case", _cases())
def test_rule_case(case: Example, checker: FileChecker, tmp_path: Path) -> None:
    if not case.provable:
        assert case.code in UNPROVABLE, f"{case.code} example {case.name!r} sets nothing up: give `yaml` or `files`"
        return
    hits, everything = _findings(case, checker, tmp_path)
    if case.passes:
        assert hits == [], f"unexpected {case.code}: {hits}"
        return
    if case.logs:
        positions = [
            (
                os.path.relpath(f.file, tmp_path).replace(os.sep, "/")
                if f.file.startswith(str(tmp_path / "logs"))
                else None,
                f.line,
                f.column,
            )
            for f in hits
        ]
        expected: tuple[Any, ...] = (case.file, case.line, case.column)
    elif case.files:
        catalog = tmp_path / "catalog"
        positions = [(os.path.relpath(f.file, catalog).replace(os.sep, "/"), f.line, f.column) for f in hits]
        expected: tuple[Any, ...] = (case.file, case.line, case.column)
    else:
        positions = [(finding.line, finding.column) for finding in hits]
        expected = (case.line, case.column)
    assert expected in positions, f"{case.code} at {positions}; all: {everything}"


def test_every_checked_rule_has_a_failing_case() -> None:
    covered = {example.code for example in examples() if not example.passes}
    checked = {code for code, rule in registry().items() if rule.per_file is not None or rule.across_files is not None}
    assert checked - covered == set()


def test_every_rule_has_a_failing_and_a_passing_example() -> None:
    failing = {example.code for example in examples() if not example.passes}
    passing = {example.code for example in examples() if example.passes}
    codes = set(registry())
    assert {"without a failing example": sorted(codes - failing), "without a passing one": sorted(codes - passing)} == {
        "without a failing example": [],
        "without a passing one": [],
    }


def test_every_example_is_of_a_known_rule() -> None:
    assert {example.code for example in examples()} - set(registry()) == set()


def test_example_names_are_unique_per_code() -> None:
    counts = Counter((example.code, example.name) for example in examples())
    assert [key for key, count in counts.items() if count > 1] == []


def test_only_unprovable_rules_have_a_described_failure() -> None:
    described = {example.code for example in examples() if not example.provable}
    assert described <= UNPROVABLE
    for code in UNPROVABLE:
        assert any(example.passes and example.provable for example in examples(code))


def test_examples_of_one_rule_keep_file_order() -> None:
    every = examples()
    assert examples("I004") == tuple(example for example in every if example.code == "I004")
    assert examples("Z999") == ()


@pytest.mark.parametrize(
    "entry",
    [
        {"code": "C001", "name": "both", "pass": True, "fail": {"line": 1, "column": 1}, "yaml": "a: 1\n"},
        {"code": "C001", "name": "neither", "yaml": "a: 1\n"},
        {"code": "C001", "name": "no position", "fail": {"line": 1}, "yaml": "a: 1\n"},
        {"code": "C001", "name": "nothing to show", "pass": True},
        {"code": "C001", "name": "typo", "pass": True, "yamll": "a: 1\n"},
        {"code": "I002", "name": "no file", "fail": {"line": 1, "column": 1}, "files": {"a.yaml": "a: 1\n"}},
        {"code": "I002", "name": "file of one", "fail": {"file": "a.yaml", "line": 1, "column": 1}, "yaml": "a: 1\n"},
        {"code": "F004", "name": "too long", "pass": True, "files": {"a.yaml": {"text": "a: 1\n", "pad_to": 2}}},
        {"code": "F001", "name": "bad spec", "pass": True, "files": {"a.yaml": {"fifo": True, "kind": "pipe"}}},
    ],
    ids=lambda entry: str(entry["name"]),
)
def test_malformed_examples_are_refused(entry: dict[str, Any]) -> None:
    with pytest.raises(ValueError):
        _example(entry, "test[0]", "test.yaml")


def test_padding_is_exact_and_still_yaml() -> None:
    (oversized,) = [spec for e in examples("F004") if not e.passes for spec in e.files]
    data = oversized.data()
    assert len(data) == 4 * 1024 * 1024 + 1
    assert data.endswith(b"\n") and set(data.splitlines()[-1]) == {ord("#")}
