"""Reading ``# mpptool: ignore[...]`` comments: which line each one reaches, what is malformed,
and that a ``#`` inside a value is data, never a suppression.

:mod:`mpptool.loaders.comments` only reads; tests/engine/test_policy.py proves what the
comments silence and tests/engine/test_config.py does both end to end.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpptool.loaders.comments import NONE, Suppression, outside_values, read_suppressions


def test_a_text_without_the_word_has_none() -> None:
    assert read_suppressions("mpp:\n  id: kota-a # ignore[C001]\n") is NONE
    assert not NONE


def test_a_trailing_comment_reaches_its_own_line() -> None:
    found = read_suppressions("mpp:\n  id: kota-a  # mpptool: ignore[C001]\n")
    assert found.entries == (Suppression(2, 15, ("C001",), 2),)


def test_a_comment_on_its_own_line_reaches_the_next_line_with_data() -> None:
    text = "mpp:\n  # mpptool: ignore[C001]\n\n  # why: the source says so\n  id: kota-a\n"
    (entry,) = read_suppressions(text).entries
    assert (entry.line, entry.column, entry.target) == (2, 3, 5)


def test_ignore_file_reaches_every_line() -> None:
    (entry,) = read_suppressions("# mpptool: ignore-file[C001, i002]\nmpp: {}\n").entries
    assert entry.target is None
    assert entry.codes == ("C001", "I002")
    assert entry.covers(1) and entry.covers(10_000)


def test_codes_are_upper_cased_and_said_once() -> None:
    (entry,) = read_suppressions("a: 1  # mpptool: ignore[c001 C001,c002]\n").entries
    assert entry.codes == ("C001", "C002")


def test_spacing_around_the_mark_is_free() -> None:
    (entry,) = read_suppressions("a: 1  #mpptool:ignore[C001]\n").entries
    assert entry.codes == ("C001",)


@pytest.mark.parametrize(
    ("line", "message"),
    [
        ("a: 1  # mpptool: ignore C001", "cannot read this `# mpptool:` comment"),
        ("a: 1  # mpptool: ignore[]", "it names no rule code"),
        ("a: 1  # mpptool: ignore[C01]", "'C01' is not a rule code"),
        ("a: 1  # mpptool: ignore[C001]x", "cannot read this `# mpptool:` comment"),
        ("a: 1  # mpptool: noqa", "cannot read this `# mpptool:` comment"),
    ],
)
def test_a_malformed_comment_is_kept_with_its_reason(line: str, message: str) -> None:
    found = read_suppressions(line + "\n")
    assert found.entries == ()
    (bad,) = found.malformed
    assert (bad.line, bad.column, str(bad.message)) == (1, 7, message)


def test_a_hash_without_space_before_it_is_not_a_comment() -> None:
    assert read_suppressions("a: b#mpptool: ignore[C001]\n") == NONE.__class__((), ())


def test_two_comments_on_one_line_are_both_read() -> None:
    found = read_suppressions("a: 1  # mpptool: ignore[C001] # mpptool: ignore[C002]\n")
    assert [entry.codes for entry in found.entries] == [("C001",), ("C002",)]


def test_a_comment_inside_a_value_is_dropped_once_the_values_are_known() -> None:
    lines = [
        'note: "x # mpptool: ignore[C001] y"',
        'other: "a # mpptool: ignore[C001]"',
        "block: |",
        "  # mpptool: ignore[C002]",
        "id: x  # mpptool: ignore[C003]",
    ]
    found = read_suppressions("\n".join(lines) + "\n")
    assert [entry.codes for entry in found.entries] == [("C001",), ("C002",), ("C003",)]
    assert [bad.line for bad in found.malformed] == [2]  # `]"` ends no comment: read as malformed
    # two quoted scalars, and a block scalar: its text starts on the line after its `|`
    values = [(1, 7, 1, len(lines[0]) + 1), (2, 8, 2, len(lines[1]) + 1), (4, 0, 5, 1)]
    kept = outside_values(found, values)
    assert [entry.codes for entry in kept.entries] == [("C003",)]
    assert kept.malformed == ()


def test_the_last_comment_of_a_file_reaches_past_its_end() -> None:
    (entry,) = read_suppressions("a: 1\n# mpptool: ignore[C001]\n").entries
    assert entry.target == 3  # no line holds data after it: it silences nothing, and M001 will say so


FRAGMENTS = [
    *("a: 1", "  - b", "", "#", "  # note", "x: 'q # r'", "\t", ":", "\r", "ignore[C001]"),
    *("# mpptool: ignore[C001]", "# mpptool: ignore-file[i002]", "# mpptool: ignore[", "# mpptool:"),
    " # mpptool: ignore[C001,c0x1]",
]


@given(st.lists(st.lists(st.sampled_from(FRAGMENTS), max_size=3).map(" ".join), max_size=30).map("\n".join))
def test_any_text_reads_without_error_and_targets_lie_ahead(text: str) -> None:
    found = read_suppressions(text)
    lines = len(text.splitlines())
    for entry in found.entries:
        assert entry.codes and all(re.fullmatch(r"[A-Z]\d{3}", code) for code in entry.codes)
        assert entry.target is None or entry.line <= entry.target <= lines + 1
    for bad in found.malformed:
        assert 1 <= bad.line <= lines and bad.message
