"""Whole numbers: a value of the wrong shape is reported, and nothing that depends on it is claimed.

For every field the schema types as a whole number (derived from the schema, so a new count is
covered by itself) and every shape a person or a spreadsheet export writes by mistake (`30.000`
for thirty thousand, `3.0`, `1e3`, `"50,000"`, `.nan`, a negative, an absurd magnitude),
validate reports it at that place, and the figures audit, report and diff are built from
(`MppFigures`) do not use it: the totals that depend on it are unknown (None), never a number.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from helpers import VALID_MINIMAL, run_mpptool
from hypothesis import given, settings
from hypothesis import strategies as st

from mpptool.engine.checker import FileChecker
from mpptool.loaders.locate import Locator, join_pointer
from mpptool.loaders.schema import load_schema, meant_whole_number, whole_number_fields
from mpptool.loaders.strict_yaml import parse_yaml
from mpptool.model import AuditSettings, Severity

BASE = VALID_MINIMAL.read_text(encoding="utf-8")
CHECKER = FileChecker(settings=AuditSettings(dt.date(2026, 11, 22)))
FIELDS = whole_number_fields(load_schema())

BAD_SHAPES = (
    "30.000",  # Indonesian thirty thousand: YAML's thirty
    "12.000",
    "1.867",
    "3.0",
    "12000.0",
    "1e3",
    "2.5",
    '"30"',
    "'12000'",
    "Rp 30.000",
    "50,000",
    ".nan",
    ".inf",
    "-.inf",
    "-1",
    "99999999999999999999999",
    "1e30",
    "true",
    "[1]",
    "~",
)


def _pointers() -> dict[str, str]:
    """A pointer into the base file for each whole-number field it holds (first list item)."""
    data = parse_yaml(BASE).data
    found: dict[str, str] = {}
    for spec in FIELDS:
        node: Any = data
        tokens: list[str | int] = []
        for token in spec.path:
            if token == "#":
                if not isinstance(node, list) or not node:
                    break
                node, tokens = node[0], [*tokens, 0]
            elif isinstance(node, dict) and token in node:
                node, tokens = node[token], [*tokens, token]
            else:
                break
        else:
            found[".".join(spec.path)] = join_pointer(tokens)
    return found


POINTERS = _pointers()


def with_value(pointer: str, written: str) -> str:
    """The base file with the value at ``pointer`` replaced by ``written`` (as typed in the file)."""
    root = parse_yaml(BASE).root
    node = Locator(root).node(pointer)
    assert node is not None
    lines = BASE.split("\n")
    start, end = node.start_mark, node.end_mark
    assert start.line == end.line
    line = lines[start.line]
    lines[start.line] = line[: start.column] + written + line[end.column :]
    return "\n".join(lines)


def test_the_base_file_holds_every_whole_number_field_that_figures_use() -> None:
    assert {
        "schema_version",
        "declared.services",
        "declared.counters",
        "declared.agencies.total",
        "services.#.standard.fee",
        "counters.#.staff.required",
        "counters.#.staff.assigned",
        "metrics.#.visitors",
    } <= set(POINTERS)


@settings(max_examples=300, deadline=None)
@given(field=st.sampled_from(sorted(POINTERS)), shape=st.sampled_from(BAD_SHAPES))
def test_a_bad_whole_number_is_reported_and_never_used(field: str, shape: str) -> None:
    pointer = POINTERS[field]
    outcome = CHECKER.check_text("m.yaml", with_value(pointer, shape))
    errors = [f for f in outcome.findings if f.severity is Severity.ERROR and f.pointer == pointer]
    assert errors, f"{field}: {shape} not reported: {[(f.code, f.pointer, f.message) for f in outcome.findings]}"
    assert all(f.line > 1 for f in errors)
    figures = outcome.figures
    assert figures is not None
    if field.startswith("counters."):
        assert (figures.staff_required, figures.staff_assigned, figures.staff_gap) == (None, None, None)
        assert figures.staff_unreadable == ("A01",)
        assert not [f for f in outcome.findings if f.code in ("A002", "A004") and f.pointer.startswith("/counters/0")]
    elif field == "metrics.#.visitors":
        assert figures.visitors is None and figures.visitors_per_day is None and figures.visitors_per_open_day is None
        assert figures.periods_unreadable == (0,) and figures.periods == ()
        assert not [f for f in outcome.findings if f.code == "A010"]
    elif field == "services.#.standard.fee" and shape == "~":  # an empty fee is an unpublished one
        assert figures.standards_complete == 4 and figures.standards_unreadable == 0
        assert [f.pointer for f in outcome.findings if f.code == "A007"] == ["/services/0/standard"]
    elif field == "services.#.standard.fee":
        assert figures.standards_complete == 4 and figures.standards_unreadable == 1
        assert not [f for f in outcome.findings if f.code == "A007"]
    elif field.startswith("declared."):
        assert not [f for f in outcome.findings if f.code in ("C001", "C002") and f.pointer == pointer]
    if not field.startswith("counters."):
        assert (figures.staff_required, figures.staff_assigned, figures.staff_gap) == (7, 6, 1)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("30.000", 30000),
        ("30,000", 30000),
        ("1.000.000", 1000000),
        ("Rp 30.000", 30000),
        ("Rp. 30.000,-", 30000),
        ("30.000,00", 30000),
        ("3.0", 3),
        ("1e3", 1000),
        ("30", 30),
        ("1.5", None),
        ("30.00.0", None),
        ("banyak", None),
        ("1,5", None),
    ],
)
def test_the_meant_whole_number(written: str, meant: int | None) -> None:
    assert meant_whole_number(written) == meant


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("30.000", "YAML reads `30.000` as 30 (a dot is a decimal point, not a thousands separator): write 30000"),
        ("3.0", "`3.0` is written as a decimal number: write 3"),
        ("1e3", "`1e3` is written with an exponent: write 1000"),
        ("2.5", "`2.5` has a fraction: write the number in digits"),
        ('"50,000"', "`50,000` is read as text: write 50000, without quotes, currency or separators"),
        ("1e30", "write the number in digits (at most 1,000,000,000)"),
    ],
)
def test_messages_say_what_yaml_read_and_what_to_write(written: str, expected: str) -> None:
    outcome = CHECKER.check_text("m.yaml", with_value(POINTERS["metrics.#.visitors"], written))
    messages = [f.message for f in outcome.findings if f.pointer == POINTERS["metrics.#.visitors"]]
    assert len(messages) == 1, messages
    assert expected in messages[0]


def test_the_suggested_fix_passes() -> None:
    pointer = POINTERS["services.#.standard.fee"]
    outcome = CHECKER.check_text("m.yaml", with_value(pointer, "30.000"))
    (finding,) = [f for f in outcome.findings if f.pointer == pointer]
    suggested = finding.message.rsplit("write ", 1)[1]
    fixed = CHECKER.check_text("m.yaml", with_value(pointer, suggested))
    assert not [f for f in fixed.findings if f.pointer == pointer]


UNKNOWN_STAFF = {"required": None, "assigned": None, "gap": None}


@pytest.mark.parametrize(
    ("field", "written", "command", "path", "expected"),
    [
        ("counters.#.staff.required", "3.0", "audit", ("mpps", 0, "staff"), UNKNOWN_STAFF),
        ("metrics.#.visitors", "12.000", "audit", ("mpps", 0, "visitors_per_day"), None),
        ("counters.#.staff.assigned", "2.0", "report", ("mpps", 0, "staff"), UNKNOWN_STAFF),
        ("metrics.#.visitors", "12000.0", "report", ("mpps", 0, "visitors_per_day"), None),
    ],
)
def test_json_outputs_claim_nothing_from_a_bad_number(
    tmp_path: Any, field: str, written: str, command: str, path: tuple[Any, ...], expected: Any
) -> None:
    target = tmp_path / "m.yaml"
    target.write_text(with_value(POINTERS[field], written), encoding="utf-8")
    run = run_mpptool(command, str(target), "--format", "json", "--as-of", "2026-11-22")
    assert run.returncode == 0, run.describe()
    node: Any = run.json()
    for token in path:
        node = node[token]
    assert node == expected


def test_diff_of_two_mpps_claims_nothing_from_a_bad_number(tmp_path: Any) -> None:
    target = tmp_path / "bad.yaml"
    target.write_text(with_value(POINTERS["counters.#.staff.required"], "3.0"), encoding="utf-8")
    run = run_mpptool("diff", str(target), str(VALID_MINIMAL), "--format", "json")
    assert run.json()["a"]["staff"] == {"required": None, "assigned": None, "gap": None}
    assert run.json()["b"]["staff"] == {"required": 7, "assigned": 6, "gap": 1}
