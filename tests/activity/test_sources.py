"""Reading queue logs: every file kind, hive partitions, row numbers as a person finds them, hostile text."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import duckdb
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_evidence import CATALOG

from mpptool.activity.run import ActivityOptions
from mpptool.activity.sources import column_sources, find_logs
from mpptool.activity.workbook import blank_lines, spreadsheet_row
from mpptool.commands.audit import audit_paths
from mpptool.model import AuditSettings
from mpptool.text.cells import cell_name, column_letter, sheet_name

_KEYS = ("mpp", "counter", "ticket", "called_at", "finished_at")
ROWS = [
    dict(zip(_KEYS, ("kab-contoh", "A01", "A001", "2025-03-27 08:05", "2025-03-27 08:15"), strict=True)),
    dict(zip(_KEYS, ("kab-contoh", "A02", "B001", "2025-03-27 08:06", ""), strict=True)),
    dict(zip(_KEYS, ("kab-contoh", "A09", "B002", "2025-03-27 08:07", ""), strict=True)),
]


def _run(tmp_path: Path, logs: Path, **options: object):  # type: ignore[no-untyped-def]
    folder = tmp_path / "catalog"
    folder.mkdir(exist_ok=True)
    (folder / "kab-contoh.yaml").write_text(CATALOG, encoding="utf-8")
    return audit_paths(
        [str(folder)], AuditSettings(as_of=dt.date(2026, 11, 22)), jobs=1,
        activity=ActivityOptions((str(logs),), **options),  # type: ignore[arg-type]
    )  # fmt: skip


def _summary(result) -> tuple[int, int, int, list[tuple[str, int, int]]]:  # type: ignore[no-untyped-def]
    activity = result.mpps[0].activity
    bad = sorted((f.code, f.line, f.column) for f in result.findings if f.code[0] == "L")
    return activity.served, activity.no_show, result.activity.rows, bad


def test_json_lines_are_located_by_line(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "q.jsonl").write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    assert _summary(_run(tmp_path, logs)) == (1, 1, 3, [("L005", 3, 2)])


def test_json_lines_are_judged_line_by_line_whatever_shape_the_others_have(tmp_path: Path) -> None:
    """DuckDB's read_json fixed each key's type from a sample and stopped the whole read at a line that
    differed (E009), or read a key of mixed types as JSON, quotes and all, rejecting every row. Each line
    is now judged on its own: past the sample a text ticket and a new key are read, an object in place
    of a counter id is that one row's L005, and a line that is no object is that row's L003."""
    logs = tmp_path / "logs"
    logs.mkdir()
    lines = [json.dumps({**ROWS[0], "ticket": number}) for number in range(25_000)]
    lines.append(json.dumps({**ROWS[0], "ticket": "X1", "note": "a key first seen here"}))
    lines.append(json.dumps({**ROWS[0], "ticket": "X2", "counter": {"id": "A01"}}))
    lines.append(json.dumps([1, 2]))
    (logs / "q.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _summary(_run(tmp_path, logs)) == (25_001, 0, 25_003, [("L003", 25_003, 1), ("L005", 25_002, 2)])


def test_json_keys_are_read_by_name_whatever_they_hold(tmp_path: Path) -> None:
    """A key is taken out by a quoted JSONPath: quotes, backslashes and a leading $ or / are only text."""
    logs = tmp_path / "logs"
    logs.mkdir()
    odd = {'loket "no"': "A01", "$.ticket\\x": "A001", "/mpp": "kab-contoh", "called_at": "2025-03-27 08:05"}
    (logs / "q.jsonl").write_text(json.dumps(odd) + "\n", encoding="utf-8")
    columns = {"counter": 'loket "no"', "ticket": "$.ticket\\x", "mpp": "/mpp"}
    assert _summary(_run(tmp_path, logs, columns=columns)) == (0, 1, 1, [])


def test_parquet_is_located_by_record(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    con = duckdb.connect()
    values = ", ".join(
        "(" + ", ".join(f"'{row[key]}'" for key in ("mpp", "counter", "ticket", "called_at", "finished_at")) + ")"
        for row in ROWS
    )
    con.execute(
        f"COPY (SELECT * FROM (VALUES {values}) t(mpp, counter, ticket, called_at, finished_at)) "
        f"TO '{logs / 'q.parquet'}' (FORMAT parquet)"
    )
    assert _summary(_run(tmp_path, logs)) == (1, 1, 3, [("L005", 3, 2)])


def test_a_hive_partition_supplies_the_mpp(tmp_path: Path) -> None:
    part = tmp_path / "logs" / "mpp=kab-contoh" / "month=2025-03"
    part.mkdir(parents=True)
    (part / "q.csv").write_text(
        "counter,ticket,called_at,finished_at\n"
        + "".join(f"{row['counter']},{row['ticket']},{row['called_at']},{row['finished_at']}\n" for row in ROWS),
        encoding="utf-8",
    )
    assert _summary(_run(tmp_path, tmp_path / "logs")) == (1, 1, 3, [("L005", 4, 1)])


def test_semicolons_and_tabs_are_detected(tmp_path: Path) -> None:
    for name, sep in (("semi", ";"), ("tab", "\t")):
        logs = tmp_path / name
        logs.mkdir()
        keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
        text = sep.join(keys) + "\n" + "".join(sep.join(row[k] for k in keys) + "\n" for row in ROWS)
        (logs / "q.csv").write_text(text, encoding="utf-8")
        assert _summary(_run(tmp_path / name, logs)) == (1, 1, 3, [("L005", 4, 2)])


def test_a_row_short_of_its_trailing_fields_is_read_as_blanks_there(tmp_path: Path) -> None:
    """Spreadsheets drop a row's trailing empty cells when they write CSV. DuckDB's sniffer then took the
    whole file for one column (every row left out as L002); the missing fields are now blank, and a row
    that lacks what it needs is that row's own finding."""
    logs = tmp_path / "logs"
    logs.mkdir()
    keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
    lines = [",".join(keys), *(",".join(row[k] for k in keys) for row in ROWS), "kab-contoh,A01,B003"]
    lines[2] = lines[2].rstrip(",")  # A02's row: called, never finished, its empty last field left out
    (logs / "q.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _summary(_run(tmp_path, logs)) == (1, 1, 4, [("L003", 5, 1), ("L005", 4, 2)])


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_blank_lines_before_the_header_are_skipped_and_counted(tmp_path: Path, newline: str) -> None:
    """With two empty lines first, the header is on row 3 and the rows follow it (the sniffer had read the
    header as a row, an unknown MPP 'mpp')."""
    logs = tmp_path / "logs"
    logs.mkdir()
    keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
    lines = ["", "", ",".join(keys), *(",".join(row[k] for k in keys) for row in ROWS)]
    (logs / "q.csv").write_bytes((newline.join(lines) + newline).encode())
    assert _summary(_run(tmp_path, logs)) == (1, 1, 3, [("L005", 6, 2)])


def test_a_csv_with_a_quoted_line_break_that_breaks_later_is_reported_where_it_breaks(tmp_path: Path) -> None:
    """Read again on one thread (quoted line break, short rows padded), the file is blamed on the row that
    broke it, not on the quoted line break the parallel reader refused."""
    logs = tmp_path / "logs"
    logs.mkdir()
    keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
    good = ",".join(ROWS[0][k] for k in keys if k != "ticket")
    lines = [",".join((*keys, "note")), good.replace("A01,", "A01,T0,", 1)]  # short: no note
    lines += [good.replace("A01,", f"A01,T{n},", 1) + ',"one\ntwo"' for n in range(1, 25_000)]
    lines.append(good.replace("A01,", "A01,X,", 1) + ",x,y,z")
    (logs / "q.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(tmp_path, logs)
    (broken,) = [f for f in result.findings if f.code == "L001"]
    assert broken.line > 25_000 and f"fix row {broken.line}" in broken.message


def test_a_csv_that_breaks_past_the_sample_is_reported_at_the_row_it_breaks(tmp_path: Path) -> None:
    """A row with more fields than the header, past the rows DuckDB samples, stops the file's read: the
    file is left out (L001) at that row, with what to fix, and the other logs are still read."""
    logs = tmp_path / "logs"
    logs.mkdir()
    keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
    good = ",".join(ROWS[0][k] for k in keys if k != "ticket")
    lines = [",".join(keys), *(good.replace("A01,", f"A01,T{n},", 1) for n in range(25_000)), good + ",x,y"]
    (logs / "broken.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (logs / "q.jsonl").write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    result = _run(tmp_path, logs)
    (broken,) = [f for f in result.findings if f.code == "L001"]
    assert (Path(broken.file).name, broken.line) == ("broken.csv", 25_002)
    assert "fix row 25002 (a field that holds the delimiter" in broken.message
    assert _summary(result) == (1, 1, 3, [("L001", 25_002, 1), ("L005", 3, 2)])


@pytest.mark.parametrize("short", [False, True])
def test_a_quoted_line_break_is_one_row_and_its_empty_line_no_blank_row(tmp_path: Path, short: bool) -> None:
    """A note of two paragraphs is one row to a spreadsheet: the rows after it keep their numbers, and
    the empty line inside it is no blank row. With a short row too, DuckDB reads the file on one thread
    (it pads short rows in parallel only without quoted line breaks)."""
    logs = tmp_path / "logs"
    logs.mkdir()
    keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
    rows = [",".join(row[k] for k in keys) for row in ROWS]
    note = '"first paragraph\n\nsecond paragraph"'
    lines = [",".join((*keys, "note")), rows[0] + "," + note, "", rows[1] + ("" if short else ","), rows[2] + ","]
    (logs / "q.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _summary(_run(tmp_path, logs)) == (1, 1, 3, [("L005", 5, 2)])


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["a,b\n", "\n", "\r\n", "c,d\r\n", 'x,"p\n\nq"\n', 'x,"p""\r\n\r\nq"\r\n', "e,f"]), max_size=12
    ),
    st.integers(0, 2),
    st.integers(1, 9),
)
def test_blank_rows_follow_quotes_as_a_csv_reader_does(pieces: list[str], leading: int, block: int) -> None:
    """The quote-aware count of blank rows agrees with Python's csv module, block seams included."""
    import csv
    import io
    import tempfile

    from mpptool.activity import workbook
    from mpptool.activity.workbook import line_count, quoted_blank_rows

    text = "\n" * leading + "h,i\n" + "".join(pieces)
    data = text.encode()
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as stream:
        stream.write(data)
    expected = tuple(n for n, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1) if row == [])
    saved, workbook._BLOCK = workbook._BLOCK, block
    try:
        assert quoted_blank_rows(stream.name) == expected
        assert line_count(stream.name) == data.count(b"\n") + (not data.endswith(b"\n"))
    finally:
        workbook._BLOCK = saved
        os.unlink(stream.name)


@pytest.mark.parametrize(
    ("above", "header_row"),
    [("Laporan antrean\n", 2), ("Laporan antrean\n\n", 3), ("\ufeff\n", 2), ("", 1)],
    ids=["title", "title-and-empty-line", "bom-and-empty-line", "none"],
)
def test_rows_are_counted_from_the_header_under_a_title_line(tmp_path: Path, above: str, header_row: int) -> None:
    """A title line above the header (Indonesian reports have one) is skipped by DuckDB's sniffer; the rows
    are numbered from the header's own line."""
    logs = tmp_path / "logs"
    logs.mkdir()
    keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
    lines = [",".join(keys), *(",".join(row[k] for k in keys) for row in ROWS)]
    (logs / "q.csv").write_text(above + "\n".join(lines) + "\n", encoding="utf-8")
    assert _summary(_run(tmp_path, logs)) == (1, 1, 3, [("L005", header_row + 3, 2)])


def test_the_same_folder_given_twice_is_read_once(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    (logs / "sub").mkdir(parents=True)
    (logs / "sub" / "q.jsonl").write_text("".join(json.dumps(row) + "\n" for row in ROWS), encoding="utf-8")
    found = find_logs([str(logs), str(logs / "sub"), str(logs)])
    assert [Path(f.display).name for f in found.files] == ["q.jsonl"]


def test_a_file_that_is_not_its_kind_is_reported_and_the_rest_read(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "a.parquet").write_bytes(b"PAR1 not really")
    (logs / "b.csv").write_text("mpp,counter,ticket,called_at\nkab-contoh,A01,A001,2025-03-27 08:05\n")
    result = _run(tmp_path, logs)
    (broken,) = [f for f in result.findings if f.code == "L001"]
    assert broken.file.endswith("a.parquet") and broken.as_json()["column"] is None
    assert result.mpps[0].activity is not None and result.mpps[0].activity.rows_used == 1
    # In Indonesian the frame is translated; DuckDB's own wording stays as it said it.
    detail = broken.message.split(": ", 1)[1].split("; export it again")[0]
    assert broken.say("id") == (
        f"tidak dapat dibaca sebagai Parquet: {detail}; "
        "ekspor ulang sebagai CSV (UTF-8), Parquet, JSON Lines, atau XLSX"
    )


def test_hostile_text_never_reaches_a_terminal(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "q.csv").write_text(
        "mpp,counter,ticket,called_at\nkab-contoh,\x1b]0;pwned\x07A01,A001,2025-03-27 08:05\n", encoding="utf-8"
    )
    from mpptool.formats import AuditFormat, render
    from mpptool.formats.shared import Style

    text = render(_run(tmp_path, logs), AuditFormat.TEXT, Style())
    assert "L005" in text and "\x1b" not in text and "\x07" not in text


def test_find_logs_skips_notes_and_hidden_files(tmp_path: Path) -> None:
    (tmp_path / ".hidden.csv").write_text("x")
    (tmp_path / "README.md").write_text("notes")
    (tmp_path / "q.csv").write_text("x")
    (tmp_path / "image.png").write_bytes(b"")
    found = find_logs([str(tmp_path)])
    assert [Path(f.display).name for f in found.files] == ["q.csv"]
    assert [Path(p).name for p in found.skipped] == ["image.png"]


def test_links_back_to_a_parent_folder_are_walked_once(tmp_path: Path) -> None:
    """Two links to the parent made the walk exponential (a hang); each folder is now read once."""
    inner = tmp_path / "logs" / "d"
    inner.mkdir(parents=True)
    (inner / "q.csv").write_text("x")
    (inner / "up1").symlink_to("..")
    (inner / "up2").symlink_to("..")
    (tmp_path / "logs" / "again").symlink_to("d")
    found = find_logs([str(tmp_path / "logs")])
    assert [Path(f.display).relative_to(tmp_path).as_posix() for f in found.files] == ["logs/again/q.csv"]
    assert found.skipped == ()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no named pipes here")
def test_a_pipe_named_like_a_log_is_never_read(tmp_path: Path) -> None:
    """Opening a FIFO waits for a writer forever: given, it is E001; in a folder, passed over and said."""
    from mpptool.errors import UsageError

    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "q.csv").write_text("x")
    found = find_logs([str(tmp_path)])
    assert [Path(f.display).name for f in found.files] == ["q.csv"]
    assert [Path(p).name for p in found.skipped] == ["pipe.csv"]
    with pytest.raises(UsageError) as raised:
        find_logs([str(tmp_path / "pipe.csv")])
    assert raised.value.code == "E001" and "not a regular file" in str(raised.value.message)


def test_column_map_applies_only_where_the_header_is() -> None:
    mapped = column_sources(["loket_id", "ticket"], {"counter": "loket_id"}, ())
    plain = column_sources(["counter", "ticket"], {"counter": "loket_id"}, ())
    assert mapped["counter"] == ("column", 0) and plain["counter"] == ("column", 0)
    assert column_sources([" Counter "], {}, ())["counter"] == ("column", 0)


def test_column_letters() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_cells_are_named_as_excel_names_them() -> None:
    assert cell_name("Layanan", 4, 12) == "Layanan!D12"
    assert cell_name("Sheet1", None, 12) == "Sheet1!12:12"  # a whole row
    assert sheet_name("Data 2025") == "'Data 2025'" and sheet_name("Ali's") == "'Ali''s'"
    assert sheet_name("A1") == "'A1'" and sheet_name("2025") == "'2025'"  # would read as a cell or a number
    assert [sheet_name(name) for name in ("R1C1", "RC", "R", "C", "Rekap")] == ["'R1C1'", "'RC'", "'R'", "'C'", "Rekap"]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["row", "blank"]), min_size=1, max_size=40), st.integers(0, 3))
def test_blank_lines_keep_spreadsheet_rows(lines: list[str], leading: int) -> None:
    """Each data row is found at the line a spreadsheet shows it on, whatever blank lines come before,
    the header's own included (line 1 has no newline before it to find it by)."""
    import tempfile

    text = "\n" * leading + "header\n" + "".join("r\n" if kind == "row" else "\n" for kind in lines)
    with tempfile.NamedTemporaryFile("w", suffix=".csv", delete=False) as stream:
        stream.write(text)
    blanks = blank_lines(stream.name)
    expected_blanks = tuple(n for n, line in enumerate(text.split("\n")[:-1], start=1) if line == "")
    assert blanks == expected_blanks
    rows = [n for n, line in enumerate(text.split("\n")[:-1], start=1) if line == "r"]
    assert [spreadsheet_row(record, blanks) for record in range(1, len(rows) + 1)] == rows


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["r\n", "\n", "\r\n", "r\r\n", "xyz", "\r"]), max_size=40), st.integers(1, 8))
def test_blank_lines_are_found_across_block_seams(pieces: list[str], block: int) -> None:
    """Read in blocks of 1 to 8 bytes, the search finds every blank line (LF, CRLF, runs) once.

    The reference: line n is blank when it holds nothing or a lone CR and a newline ends it
    (line 1 too, which no newline comes before).
    """
    import tempfile

    from mpptool.activity import workbook

    data = "".join(pieces).encode()
    with tempfile.NamedTemporaryFile("wb", suffix=".csv", delete=False) as stream:
        stream.write(data)
    parts = data.split(b"\n")
    expected = tuple(n for n in range(1, len(parts)) if parts[n - 1] in (b"", b"\r"))
    saved, workbook._BLOCK = workbook._BLOCK, block
    try:
        assert blank_lines(stream.name) == expected
    finally:
        workbook._BLOCK = saved
        os.unlink(stream.name)


def test_json_lines_keep_their_line_numbers_across_blank_lines(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    text = json.dumps(ROWS[0]) + "\n\n" + json.dumps(ROWS[1]) + "\n\n\n" + json.dumps(ROWS[2]) + "\n"
    (logs / "q.jsonl").write_text(text, encoding="utf-8")
    assert _summary(_run(tmp_path, logs))[3] == [("L005", 6, 2)]


def test_rows_read_in_parallel_keep_their_lines(tmp_path: Path) -> None:
    """CSV rows are numbered by their place in reading order, which DuckDB keeps on several threads.

    Two files of 300,000 rows (18 MB each: DuckDB reads a file in pieces of about 8 MB, each on a
    thread of its own), blank lines among them, and bad rows near the start, the middle, the end
    and the edges of the pieces: each is reported at the line a spreadsheet shows.
    """
    logs = tmp_path / "logs"
    logs.mkdir()
    expected: list[tuple[str, str, int, int]] = []
    for name in ("a.csv", "b.csv"):
        lines = ["mpp,counter,ticket,called_at,finished_at"]  # lines[n - 1] is line n
        lines += [f"kab-contoh,A01,{name[0]}{n:06d},2025-03-27 08:05,2025-03-27 08:15" for n in range(300_000)]
        shift = name == "b.csv"  # b.csv gets a blank line at 200,001: every later row one line down
        for at in (2, 77_777, 133_334, 150_001, 299_999, 300_001):
            lines[at - 1] = f"kab-contoh,A01,X{at},kemarin,2025-03-27 08:15"
            expected.append((name, "L007", at + (shift and at > 200_000), 4))
        lines[180_000 - 1] = f"kab-contoh,A01,{name[0]}000003,2025-03-27 08:05,2025-03-27 08:15"  # line 5's ticket
        expected.append((name, "L010", 180_000, 3))
        if shift:
            lines.insert(200_000, "")
        (logs / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = _run(tmp_path, logs, threads=4)
    bad = sorted((f.file.rsplit("/", 1)[-1], f.code, f.line, f.column) for f in result.findings if f.code[0] == "L")
    assert bad == sorted(expected)
    assert (result.activity.rows, result.activity.rows_left_out) == (600_000, 14)


def test_rows_are_numbered_by_the_window_when_reading_order_was_not_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The fallback: when the rows of ``c`` are not one run per file, the window numbers them, same lines."""
    from mpptool.activity import scan

    logs = tmp_path / "logs"
    logs.mkdir()
    lines = ["mpp,counter,ticket,called_at,finished_at"]
    lines += [f"kab-contoh,A01,T{n:04d},2025-03-27 08:05,2025-03-27 08:15" for n in range(2000)]
    lines[1500 - 1] = "kab-contoh,A01,X,kemarin,2025-03-27 08:15"
    lines.insert(1000, "")  # line 1,001 is blank: the bad row moves to line 1,501
    (logs / "a.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ordered = _summary(_run(tmp_path, logs))
    asked: list[list[int]] = []

    def not_kept(con: object, files: list[int]) -> bool:
        asked.append(list(files))
        return False

    monkeypatch.setattr(scan, "_number_rows", not_kept)
    assert _summary(_run(tmp_path, logs)) == ordered
    assert asked == [[0]] and ordered[3] == [("L007", 1501, 4)]


def test_a_log_named_like_a_glob_or_with_a_quote_is_read_as_that_file(tmp_path: Path) -> None:
    logs = tmp_path / "logs"
    logs.mkdir()
    keys = ("mpp", "counter", "ticket", "called_at", "finished_at")
    text = ",".join(keys) + "\n" + "".join(",".join(row[k] for k in keys) + "\n" for row in ROWS)
    (logs / "o'brien [1]*.csv").write_text(text, encoding="utf-8")
    (logs / "o'brien 1x.csv").write_text(",".join(keys) + "\n", encoding="utf-8")  # what the glob would also match
    assert _summary(_run(tmp_path, logs)) == (1, 1, 3, [("L005", 4, 2)])


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)))  # YAML cannot hold a lone surrogate (Y002)


@given(
    st.lists(
        st.tuples(
            st.none() | _TEXT,
            st.none() | st.integers(min_value=-(2**31), max_value=2**31 - 1),
            st.none() | st.dates(),
        ),
        min_size=1,
        max_size=40,
    )
)
@settings(max_examples=60, deadline=None)
def test_catalog_rows_reach_duckdb_exactly(rows: list[tuple[str | None, int | None, dt.date | None]]) -> None:
    """The catalog's side goes in as one bound JSON text: every string, number, date and null comes back as it was
    (a text that looks like JSON, `null` or SQL included)."""
    from mpptool.activity.scan import _insert

    con = duckdb.connect()
    con.execute("CREATE TABLE t (a VARCHAR, n BIGINT, d DATE)")
    _insert(con, "t", rows)
    assert sorted(con.execute("SELECT * FROM t").fetchall(), key=repr) == sorted(rows, key=repr)
