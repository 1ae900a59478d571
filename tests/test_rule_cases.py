"""Data-driven rule cases: every YAML case under tests/rule_cases must behave as written.

A failing case names the code and the exact line and column it must be reported at; a
passing case must not produce that code. Every rule with a per-file check has at least one
failing case. Cases run as an audit on 2026-11-22, so the audit rules run too.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from mpptool.model import AuditSettings
from mpptool.rules import registry
from mpptool.validate import FileChecker

CASES_DIR = Path(__file__).parent / "rule_cases"


def _cases() -> list[Any]:
    params = []
    for path in sorted(CASES_DIR.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            params.append(pytest.param(case, id=f"{path.stem}:{case['code']}:{case['name']}"))
    return params


@pytest.fixture(scope="module")
def checker() -> FileChecker:
    return FileChecker(settings=AuditSettings(as_of=dt.date(2026, 11, 22)))


@pytest.mark.parametrize("case", _cases())
def test_rule_case(case: dict[str, Any], checker: FileChecker) -> None:
    outcome = checker.check_text("case.yaml", case["yaml"])
    hits = [finding for finding in outcome.findings if finding.code == case["code"]]
    if case.get("pass"):
        assert hits == [], f"unexpected {case['code']}: {hits}"
        return
    expected = case["fail"]
    positions = [(finding.line, finding.column) for finding in hits]
    assert (expected["line"], expected["column"]) in positions, (
        f"{case['code']} at {positions}; all: {outcome.findings}"
    )


def test_every_file_rule_has_a_failing_case() -> None:
    covered = {case.values[0]["code"] for case in _cases() if not case.values[0].get("pass")}  # type: ignore[union-attr,index]
    checked = {code for code, rule in registry().items() if rule.file_check is not None}
    assert checked - covered == set()
