"""`--show-source`: the lines findings point at, read safely, shown with a caret under the column."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mpptool.formats.shared import EXCERPT_WIDTH, excerpt
from mpptool.loaders import excerpts
from mpptool.loaders.excerpts import source_lines


def test_lines_are_read_as_written(tmp_path: Path) -> None:
    crlf = tmp_path / "a.yaml"
    crlf.write_bytes(b"\xef\xbb\xbfschema_version: 1\r\nmpp:\r\n  id: x\r\n")
    log = tmp_path / "q.csv"
    log.write_bytes(b"mpp,counter\n" + b"kab,A01\n" * 5 + b"kab,\xe9\n")
    found = source_lines([(str(crlf), 1), (str(crlf), 3), (str(log), 7), (str(log), 99), (str(crlf), 0)])
    assert found == {(str(crlf), 1): "schema_version: 1", (str(crlf), 3): "  id: x", (str(log), 7): "kab,\ufffd"}


def test_no_text_no_excerpt(tmp_path: Path) -> None:
    book = tmp_path / "k.xlsx"
    book.write_bytes(b"PK\x03\x04")
    assert source_lines([(str(book), 1), (str(tmp_path / "missing.yaml"), 1), (str(tmp_path), 1)]) == {}


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_a_fifo_is_never_read(tmp_path: Path) -> None:
    pipe = tmp_path / "kab.yaml"
    os.mkfifo(pipe)
    assert source_lines([(str(pipe), 1)]) == {}  # returns at once: opened non-blocking, then refused


def test_an_overlong_line_is_cut_and_the_numbering_kept(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(excerpts, "MAX_LINE", 16)
    path = tmp_path / "a.jsonl"
    path.write_text("x" * 100 + "\nsecond\n", encoding="utf-8")
    found = source_lines([(str(path), 1), (str(path), 2)])
    assert found[(str(path), 1)] == "x" * 16 and found[(str(path), 2)] == "second"


def test_the_caret_sits_under_the_column() -> None:
    assert excerpt(12, "  days: [mon, sat]", 16, 19, "  ") == ("  12 |   days: [mon, sat]", "     |                ^^^")
    source, carets = excerpt(3, "a\tb\x1b[2Jc: 1", 8, None)  # column 8 is the c
    assert source == "3 | a b\\x1b[2Jc: 1" and carets.index("^") == source.index("c: 1")


@given(st.text(max_size=400), st.integers(min_value=1, max_value=420), st.none() | st.integers(1, 500))
def test_a_caret_is_always_shown_inside_the_shown_width(text: str, column: int, end: int | None) -> None:
    source, carets = excerpt(7, text, column, end)
    assert carets.count("^") >= 1 and set(carets[len("7 | ") :].strip()) == {"^"}
    assert len(source) <= len("7 | ") + 2 + 4 * 10 * EXCERPT_WIDTH  # escaped characters are at most ten wide
    assert "\n" not in source and "\x1b" not in source


def test_yaml_lines_break_where_the_parser_breaks_them(tmp_path: Path) -> None:
    """A U+2028 or NEL inside a quoted value is a line break to YAML: the excerpt counts it too, so
    line 4 is the line a finding on line 4 means; a file with CR line endings has lines as well."""
    path = tmp_path / "a.yaml"
    path.write_text('mpp:\n  name: "Mal\u2028Pelayanan"\n  status: operating\n', encoding="utf-8")
    found = source_lines([(str(path), 4)])
    assert found == {(str(path), 4): "  status: operating"}
    old_mac = tmp_path / "b.yaml"
    old_mac.write_bytes(b"a: 1\rb: 2\r")
    assert source_lines([(str(old_mac), 2)]) == {(str(old_mac), 2): "b: 2"}


def test_a_log_line_has_no_caret(tmp_path: Path) -> None:
    """A queue log's column is a field number, not a character: its line is shown without a caret."""
    assert excerpt(3, "kota-cirebon,A01,T1", 2, None, caret=False) == ("3 | kota-cirebon,A01,T1",)
