"""The policy on its own: selection, per-file ignores, severity overrides and inline suppressions
applied to findings, without a catalog, a configuration file or the command line.

:mod:`mpptool.engine.policy` runs after every check, so what it decides is exactly what a user
sees; tests/engine/test_config.py proves the same rules end to end through files and the CLI.
"""

from __future__ import annotations

import dataclasses
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpptool.engine.config import Config
from mpptool.engine.policy import FileNotes, Selection, make_policy
from mpptool.errors import UsageError
from mpptool.loaders.comments import read_suppressions
from mpptool.model import Finding, Severity
from mpptool.rules import UNIGNORABLE, registry, validation_rules

RULES = validation_rules()
F = "catalog/kota-a.yaml"


def finding(code: str, line: int = 3, file: str = F, severity: Severity = Severity.WARNING) -> Finding:
    return Finding(code, severity, f"{code} here", file, line, 1, mpp="kota-a")


NO_CONFIG = Config()
NO_OPTIONS = Selection()


def enabled(config: Config = NO_CONFIG, overrides: Selection = NO_OPTIONS) -> frozenset[str]:
    return make_policy(config, RULES, overrides).enabled


# --- selection ---------------------------------------------------------------------------------


def test_everything_the_command_runs_is_enabled_by_default() -> None:
    assert enabled() == frozenset(RULES)


def test_the_most_specific_selector_wins() -> None:
    on = enabled(Config(ignore=("C",), extend_select=("C001",)))
    assert "C001" in on
    assert "C002" not in on
    assert "I001" in on  # ALL still holds outside C


def test_a_tie_goes_to_ignore() -> None:
    assert "C001" not in enabled(Config(select=("C001",), ignore=("C001",)))


def test_the_command_line_replaces_select_and_adds_to_ignore() -> None:
    on = enabled(Config(select=("C",), ignore=("C002",)), Selection(select=("I",), ignore=("I002",)))
    assert {code for code in on if code not in UNIGNORABLE} == {c for c in RULES if c.startswith("I")} - {"I002"}


def test_files_that_cannot_be_checked_are_always_reported() -> None:
    on = enabled(Config(select=("C001",)))
    assert UNIGNORABLE & set(RULES) <= on


@pytest.mark.parametrize(
    ("overrides", "expected"),
    [
        (Selection(select=("C999",)), "--select: unknown rule code 'C999'"),
        (Selection(extend_select=("Q",)), "--extend-select: unknown rule code 'Q'"),
        (Selection(ignore=("Y002",)), "--ignore: Y002 cannot be ignored"),
    ],
)
def test_a_bad_selector_is_a_usage_error(overrides: Selection, expected: str) -> None:
    with pytest.raises(UsageError) as raised:
        make_policy(Config(), RULES, overrides)
    assert raised.value.code == "E002"
    assert expected in str(raised.value)


# --- applying ----------------------------------------------------------------------------------


def test_deselected_findings_are_dropped_and_overrides_change_severity() -> None:
    policy = make_policy(Config(ignore=("C002",), severity={"C001": Severity.ERROR}), RULES)
    applied = policy.apply([finding("C002"), finding("C001"), finding("Y002", severity=Severity.ERROR)], {})
    assert [(f.code, f.severity) for f in applied.findings] == [("C001", Severity.ERROR), ("Y002", Severity.ERROR)]


def test_per_file_ignores_match_paths_and_bare_names() -> None:
    config = Config(base=".", per_file_ignores=(("catalog/legacy/**", ("C",)), ("draft-*.yaml", ("I001",))))
    policy = make_policy(config, RULES)
    applied = policy.apply(
        [
            finding("C001", file="catalog/legacy/old/kab-x.yaml"),
            finding("C001", file="catalog/kab-y.yaml"),
            finding("I001", file="catalog/deep/draft-kab-z.yaml"),
            finding("Y002", file="catalog/legacy/broken.yaml", severity=Severity.ERROR),
        ],
        {},
    )
    assert [(f.code, f.file) for f in applied.findings] == [
        ("C001", "catalog/kab-y.yaml"),
        ("Y002", "catalog/legacy/broken.yaml"),  # never ignored: the file could not be checked
    ]


def _notes(text: str, checked: bool = True) -> dict[str, FileNotes]:
    return {F: FileNotes("kota-a", read_suppressions(text), checked)}


TEXT = "mpp:\n  # mpptool: ignore[C001]\n  id: kota-a  # mpptool: ignore[C002]\n  name: x\n"


def test_a_suppression_silences_its_target_line_only() -> None:
    applied = make_policy(Config(), RULES).apply(
        [finding("C001", 3), finding("C002", 3), finding("C002", 4)], _notes(TEXT)
    )
    assert [(f.code, f.line) for f in applied.suppressed] == [("C001", 3), ("C002", 3)]
    assert [(f.code, f.line) for f in applied.findings] == [("C002", 4)]


def test_a_suppression_that_silences_nothing_is_reported_where_it_is() -> None:
    applied = make_policy(Config(), RULES).apply([finding("C001", 3)], _notes(TEXT))
    assert [(f.code, f.line, f.column) for f in applied.findings] == [("M001", 3, 15)]
    assert "ignore[C002]` silences nothing: C002 is not reported on line 3" in applied.findings[0].message


@pytest.mark.parametrize(
    ("notes", "config"),
    [
        (_notes(TEXT, checked=False), Config()),  # a file that could not be parsed: its comments are not judged
        (_notes(TEXT), Config(ignore=("C002",))),  # the rule is off: the comment may wait for it
    ],
)
def test_unused_is_not_said_when_it_cannot_be_known(notes: dict[str, FileNotes], config: Config) -> None:
    applied = make_policy(config, RULES).apply([finding("C001", 3)], notes)
    assert [f.code for f in applied.findings] == []


def test_a_suppression_of_a_code_another_command_runs_is_not_unused() -> None:
    audit_only = next(code for code, rule in registry().items() if code not in RULES and code.startswith("A"))
    text = f"mpp:\n  id: kota-a  # mpptool: ignore[{audit_only}]\n"
    assert make_policy(Config(), RULES).apply([], _notes(text)).findings == ()


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("# mpptool: ignore[C01]", "'C01' is not a rule code"),
        ("# mpptool: ignore[C999]", "C999 is not a rule code"),
        ("# mpptool: ignore[C00l]", "is not a rule code"),
        ("# mpptool: ignore[Y002]", "Y002 cannot be silenced"),
        ("# mpptool: ignore C001", "cannot read this `# mpptool:` comment"),
    ],
)
def test_a_comment_that_cannot_silence_anything_is_m002(comment: str, expected: str) -> None:
    applied = make_policy(Config(), RULES).apply([], _notes(f"mpp:\n  id: kota-a  {comment}\n"))
    assert [f.code for f in applied.findings] == ["M002"]
    assert expected in applied.findings[0].message


def test_a_misspelt_code_is_given_the_nearest_one() -> None:
    applied = make_policy(Config(), RULES).apply([], _notes("mpp:\n  id: kota-a  # mpptool: ignore[I010]\n"))
    assert [f.code for f in applied.findings] == ["M002"]
    assert "I010 is not a rule code (did you mean " in applied.findings[0].message


def test_m_findings_follow_selection_like_any_other() -> None:
    applied = make_policy(Config(ignore=("M",)), RULES).apply([finding("C001", 3)], _notes(TEXT))
    assert applied.findings == ()


@given(st.randoms(use_true_random=False))
def test_the_order_findings_come_in_changes_nothing(rng: random.Random) -> None:
    findings = [finding(code, line) for code in ("C001", "C002", "I001", "Y002") for line in (2, 3, 4)]
    policy = make_policy(Config(severity={"I001": Severity.INFO}), RULES)
    expected = policy.apply(findings, _notes(TEXT))
    shuffled = findings[:]
    rng.shuffle(shuffled)
    assert policy.apply(shuffled, _notes(TEXT)) == expected
    assert list(expected.findings) == sorted(expected.findings, key=Finding.sort_key)


def test_applying_never_changes_a_finding_but_its_severity() -> None:
    original = finding("C001", 5)
    (kept,) = make_policy(Config(severity={"C001": Severity.INFO}), RULES).apply([original], {}).findings
    assert kept == dataclasses.replace(original, severity=Severity.INFO)
