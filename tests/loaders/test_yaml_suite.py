"""The official YAML test suite against the strict loader: strict means portable.

Every input of https://github.com/yaml/yaml-test-suite (vendored in tests/data/yaml-test-suite,
see its README) is parsed: none crashes, hangs or raises, every problem is located inside the
text, and every input the YAML 1.2 spec rejects is rejected with a real YAML error, so a
catalog mpptool accepts reads the same in every conforming parser. Valid inputs may be
rejected too (mpptool forbids aliases, tags, several documents...): that is not checked here.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from mpptool.loaders.strict_yaml import parse_yaml

SUITE = Path(__file__).resolve().parents[1] / "data" / "yaml-test-suite"
CASES: list[dict[str, Any]] = json.loads((SUITE / "cases.json").read_text(encoding="utf-8"))
INVALID = [case for case in CASES if case["error"]]

SYNTAX_CODES = frozenset({"Y001", "Y002", "Y004", "Y005", "Y006", "Y007", "Y008", "Y009", "Y012"})
"""Codes that say the YAML itself is broken or forbidden. Not Y010 (an ambiguous value) nor
Y011 (not a mapping): an invalid input that is not a mapping must still get a YAML error."""

SECONDS_PER_CASE = 5.0
"""Generous: every case takes milliseconds; only a hang or a blow-up comes near it."""


def test_the_vendored_suite_is_complete() -> None:
    assert len(CASES) == 402
    assert len(INVALID) == 94
    assert len({case["id"] for case in CASES}) == len(CASES)
    assert (SUITE / "LICENSE").read_text(encoding="utf-8").startswith("MIT License")


@pytest.mark.parametrize("case", CASES, ids=[case["id"] for case in CASES])
def test_every_input_parses_quickly_and_problems_are_located(case: dict[str, Any]) -> None:
    text = case["yaml"]
    started = time.perf_counter()
    loaded = parse_yaml(text)
    assert time.perf_counter() - started < SECONDS_PER_CASE
    lines = len(text.splitlines()) + 1
    for problem in loaded.problems:
        assert 1 <= problem.line <= lines, (case["id"], problem)
        assert problem.column >= 1, (case["id"], problem)
        assert problem.message


@pytest.mark.parametrize("case", INVALID, ids=[case["id"] for case in INVALID])
def test_every_invalid_input_is_rejected(case: dict[str, Any]) -> None:
    problems = parse_yaml(case["yaml"]).problems
    codes = [problem.code for problem in problems]
    assert SYNTAX_CODES.intersection(codes), f"{case['id']} ({case['name']}) is accepted: {codes}"
