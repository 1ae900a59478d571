"""Every message leads to the fix, and one mistake is one finding.

Each case edits the valid minimal file once, the way people get it wrong, and checks that the
file yields exactly one finding, at the place of the mistake, whose message names what is
wrong; where the message suggests a value, writing that value clears the finding without
causing another.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from helpers import VALID_MINIMAL

from mpptool.engine.checker import FileChecker
from mpptool.text.words import ordinal, place, plural

BASE = VALID_MINIMAL.read_text(encoding="utf-8")
CHECKER = FileChecker()


@dataclass(frozen=True)
class Case:
    """One mistake: the edit, the one finding it must give, and words its message must hold."""

    name: str
    old: str
    new: str
    code: str
    line: int
    says: tuple[str, ...]
    fix: str | None = None
    """The text the suggestion is written into (with `{}` for the suggested value), if any."""


CASES = [
    Case(
        "misspelt counter id used by two services",
        "  - id: A01\n    name: Gerai Disdukcapil",
        "  - id: A0l\n    name: Gerai Disdukcapil",
        "I005",
        40,
        ("`A01`", "so does service `akta-kelahiran`", "did you mean `A0l`?"),
    ),
    Case(
        "misspelt agency on a counter: no C008 for the services served there",
        "    agencies: [disdukcapil]\n    status: active\n    days: [mon, tue, wed, thu, fri]",
        "    agencies: [disdukcapl]\n    status: active\n    days: [mon, tue, wed, thu, fri]",
        "I004",
        103,
        ("`disdukcapl`", "did you mean `disdukcapil`?"),
    ),
    Case("impossible month", "opened: 2019-12", "opened: 2019-13", "S005", 9, ("2019-13",)),
    Case(
        "service type without its leading zero",
        "type: POL-01",
        "type: pol-1",
        "S005",
        76,
        ("write POL-01",),
        fix="type: {}",
    ),
    Case("region without its second digit", 'region: "35.76"', 'region: "35.7"', "S005", 7, ("35.7",)),
    Case(
        "curly quotes around the region",
        'region: "35.76"',
        "region: “35.76”",
        "S005",
        7,
        ("curly quote", "straight quote"),
    ),
    Case(
        "a non-breaking space for indentation",
        "  status: operating",
        "\u00a0 status: operating",
        "Y001",
        9,
        ("non-breaking space (U+00A0) at column 1", "(line 8)"),
    ),
    Case(
        "a fee with a thousands comma in a flow mapping",
        "    staff: {required: 2, assigned: 2}",
        "    staff: {required: 2, assigned: 2,000}",
        "Y012",
        112,
        ("`2,000`", "write 2000"),
    ),
    Case(
        "opening time with a dot",
        'open: "08:00"',
        "open: 08.00",
        "S003",
        12,
        ('"08:00"',),
        fix='open: "{}"',
    ),
    Case(
        "an Indonesian day name",
        "days: [mon, wed, fri]",
        "days: [senin, wed, fri]",
        "S004",
        117,
        ("`senin`", "did you mean `mon`?"),
        fix="days: [{}, wed, fri]",
    ),
    Case(
        "a counter without an id is named by its position",
        "  - id: C01\n    name: Gerai Polres",
        "  - name: Gerai Polres",
        "S001",
        113,
        ("the 3rd counter lacks required key `id`",),
    ),
    Case(
        "an unclosed quote is reported where it opens",
        "name: Mal Pelayanan Publik Gajah Mada Kota Mojokerto",
        "name: 'Mal Pelayanan Publik Gajah Mada Kota Mojokerto",
        "Y001",
        6,
        ("never closed", "end of the file"),
    ),
]


def _apply(case: Case) -> str:
    assert case.old in BASE, case.name
    return BASE.replace(case.old, case.new, 1)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_one_mistake_one_finding_that_names_it(case: Case) -> None:
    findings = CHECKER.check_text("m.yaml", _apply(case)).findings
    described = [(f.code, f.line, f.message) for f in findings]
    assert [(f.code, f.line) for f in findings] == [(case.code, case.line)], described
    for words in case.says:
        assert words in findings[0].message, findings[0].message


@pytest.mark.parametrize("case", [case for case in CASES if case.fix], ids=lambda case: case.name)
def test_a_suggested_fix_clears_the_finding_and_causes_no_other(case: Case) -> None:
    (finding,) = CHECKER.check_text("m.yaml", _apply(case)).findings
    suggested = re.search(r'(?:write |quote it, "|did you mean `)([^"`?]+)', finding.message)
    assert suggested is not None, finding.message
    assert case.fix is not None
    key = case.old.split(":")[0]
    fixed = _apply(case).replace(case.new, key + ":" + case.fix.format(suggested.group(1)).split(":", 1)[1])
    assert CHECKER.check_text("m.yaml", fixed).findings == ()


def test_numbers_in_words_carry_thousands_separators() -> None:
    assert plural(6021, "error") == "6,021 errors"
    assert plural(1, "error") == "1 error"
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101, 1000)] == [
        "1st",
        "2nd",
        "3rd",
        "4th",
        "11th",
        "12th",
        "13th",
        "21st",
        "22nd",
        "101st",
        "1,000th",
    ]


def test_places_are_named_as_a_person_counts() -> None:
    data = {"counters": [{"id": "A01"}] * 7 + [{"id": "C08", "staff": {}}, {"name": "x"}]}
    assert str(place(["counters", 7, "staff", "required"], data)) == "`staff.required` of counter `C08`"
    assert str(place(["counters", 8], data)) == "the 9th counter"
    assert str(place(["mpp", "hours", "days", 0], data)) == "the 1st item of `mpp.hours.days`"
    # in Indonesian, ordinals as a person writes them there: `gerai ke-9`, `butir ke-1.000`
    assert place(["counters", 7, "staff", "required"], data).render("id") == "`staff.required` pada gerai `C08`"
    assert place(["counters", 8], data).render("id") == "gerai ke-9"
    assert place(["mpp", "hours", "days", 999], data).render("id") == "butir ke-1.000 pada `mpp.hours.days`"
    assert str(place(["mpp", "hours", "days", 999], data)) == "the 1,000th item of `mpp.hours.days`"
    assert place([], data).render("id") == "berkas ini"
