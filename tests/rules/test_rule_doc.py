"""`mpptool rules [CODE]` text: the rule listing, and one rule explained with its examples.

Golden files tests/golden/rules-CODE.txt hold explain() for one per-file rule (C001), one
cross-file rule (I003) and one file-level rule (Y002, a file saved in Windows-1252); they
are compared and regenerated like the other goldens (tests/formats/test_golden.py):

    MPPTOOL_UPDATE_GOLDENS=1 python -m pytest tests/rules/test_rule_doc.py
"""

from __future__ import annotations

import pytest
from helpers import GOLDEN, compare_golden

from mpptool.formats.rules.text import explain, rules_table
from mpptool.model import Rule, Severity
from mpptool.rules import registry
from mpptool.rules.examples import Example, examples

GOLDEN_CODES = ("C001", "I003", "Y002")


@pytest.mark.parametrize("code", GOLDEN_CODES)
def test_golden_explain(code: str) -> None:
    explained = explain(registry()[code], examples(code))
    compare_golden(GOLDEN / f"rules-{code}.txt", explained, "tests/rules/test_rule_doc.py")


def test_no_stray_rule_goldens() -> None:
    present = {path.name for path in GOLDEN.glob("rules-*")}
    assert present <= {f"rules-{code}.txt" for code in GOLDEN_CODES}


@pytest.mark.parametrize("code", sorted(registry()))
def test_every_rule_explains_itself(code: str) -> None:
    rule = registry()[code]
    text = explain(rule, examples(code))
    assert text.startswith(f"{code} {rule.name} ({rule.severity.value})\n")
    assert text.endswith("\n") and not text.endswith("\n\n")
    assert all(line == line.rstrip() for line in text.splitlines())
    assert "\nFails: " in text and "\nPasses: " in text
    assert f'ignore = ["{code}"]' in text or "cannot be silenced" in text


def test_the_reported_place_is_marked() -> None:
    text = explain(registry()["I001"], examples("I001"))
    lines = text.splitlines()
    marked = [index for index, line in enumerate(lines) if line.startswith("  > ")]
    assert len(marked) == 1
    assert lines[marked[0]].endswith("|   - id: dpmptsp")
    caret = lines[marked[0] + 1]
    assert caret.index("^") == lines[marked[0]].index("dpmptsp")  # column 9: the second id, `dpmptsp`


def test_hostile_text_is_escaped() -> None:
    rule = Rule("X001", "bad\x1b[31mname", Severity.ERROR, "sum\u202emary", "why\x07", "test")
    example = Example("X001", "ex\x1b]0;title\x07", False, yaml="a: \x1b[2Jb\n", line=1, column=4)
    text = explain(rule, [example])
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    marked = next(line for line in text.splitlines() if line.startswith("  > "))
    caret = text.splitlines()[text.splitlines().index(marked) + 1]
    assert marked[caret.index("^")] == "\\"  # under the escaped character, not three columns early
    assert "\x1b" not in rules_table([rule])


def test_missing_examples_are_said_not_invented() -> None:
    text = explain(registry()["C001"], [])
    assert "Fails: no example yet" in text and "Passes: no example yet" in text


def test_rules_table_is_the_listing() -> None:
    rules = list(registry().values())
    table = rules_table(rules)
    assert table.splitlines() == [
        f"{rule.code}  {rule.name:<28} {rule.severity.value:<8} {rule.summary}" + (" [fix]" if rule.fix else "")
        for rule in rules
    ]
    assert table.endswith("\n")


def test_every_rationale_is_prose_without_docstring_indentation() -> None:
    """SARIF and JSON readers show a rationale as written: paragraphs, one line each."""
    for code, rule in registry().items():
        paragraphs = rule.rationale.split("\n\n")
        assert all(p and p == p.strip() and "\n" not in p for p in paragraphs), (code, rule.rationale)


def test_the_fixable_rules_are_the_ones_mpptool_fix_fixes() -> None:
    from mpptool.authoring.fixes import FIXES

    assert {code for code, rule in registry().items() if rule.fix is not None} == FIXES
