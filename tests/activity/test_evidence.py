"""Queue-log evidence against a hand-computed log: every definition of activity-format.md.

The log below was worked out by hand (the figures in the comments): holidays and collective
leave (Nyepi and Idul Fitri 2025), a time with an offset, a counter shared by two agencies, a
cancelled ticket with no counter, and a day the MPP was scheduled to open with no ticket at all.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpptool.activity.run import ActivityOptions
from mpptool.commands.audit import audit_paths
from mpptool.model import AuditSettings

CATALOG = """\
schema_version: 1
mpp:
  id: kab-contoh
  name: MPP Kabupaten Contoh
  region: "32.09"
  status: operating
  opened: 2025-01
  manager: dpmptsp
  hours: {days: [mon, tue, wed, thu, fri], open: "08:00", close: "15:00"}
agencies:
  - {id: dpmptsp, name: DPMPTSP, category: opd_local}
  - {id: disdukcapil, name: Disdukcapil, category: opd_local}
counters:
  - {id: A01, name: Gerai Bersama, agencies: [disdukcapil, dpmptsp], status: active}
  - {id: A02, name: Gerai DPMPTSP, agencies: [dpmptsp], status: active}
"""

HEAD = "mpp,counter,ticket,issued_at,called_at,finished_at,status\n"
LOG = HEAD + (
    # Thu 2025-03-27: A01 served (wait 5, service 10); A02 no-show (wait 10); one cancelled, never called
    "kab-contoh,A01,A001,2025-03-27 08:00,2025-03-27 08:05,2025-03-27 08:15,\n"
    "kab-contoh,A02,B001,2025-03-27 08:10,2025-03-27 08:20,,\n"
    "kab-contoh,,A002,2025-03-27 09:00,,,cancelled\n"
    # 03-28 cuti bersama Nyepi, 03-31..04-07 Idul Fitri and its collective leave: not scheduled
    # Tue 2025-04-08: A01 served, times with offsets (01:00Z = 08:00 WIB; wait 30, service 20); A02 empty
    "kab-contoh,A01,A001,2025-04-08T01:00:00Z,2025-04-08 08:30+07:00,2025-04-08 08:50,served\n"
    # Wed 2025-04-09: no ticket at all -> an MPP closed day, not an empty day of any counter
    # Thu 2025-04-10: A01 served (wait 0, service 10); A02 empty
    "kab-contoh,A01,A001,2025-04-10 08:00,2025-04-10 08:00,2025-04-10 08:10,served\n"
)


def _audit(tmp_path: Path, log: str = LOG, catalog: str = CATALOG, **options: object):  # type: ignore[no-untyped-def]
    folder, logs = tmp_path / "catalog", tmp_path / "logs"
    folder.mkdir(exist_ok=True)
    logs.mkdir(exist_ok=True)
    (folder / "kab-contoh.yaml").write_text(catalog, encoding="utf-8")
    (logs / "q.csv").write_text(log, encoding="utf-8")
    return audit_paths(
        [str(folder)],
        AuditSettings(as_of=dt.date(2026, 11, 22)),
        jobs=1,
        activity=ActivityOptions((str(logs),), **options),  # type: ignore[arg-type]
    )


def test_hand_computed_log(tmp_path: Path) -> None:
    result = _audit(tmp_path)
    (audit,) = result.mpps
    assert audit.activity is not None
    assert audit.activity.as_json() == {
        "from": "2025-03-27",
        "to": "2025-04-10",
        "rows": 5,
        "rows_used": 5,
        "served": 3,
        "no_show": 1,
        "cancelled": 1,
        "open_days": 3,
        "closed_days": ["2025-04-09"],
        "visitors_per_open_day": 1.0,
        "wait_p50_min": 5.0,  # waits 0, 5, 10, 30: nearest rank ceil(0.5 * 4) = 2nd
        "wait_p90_min": 30.0,  # ceil(0.9 * 4) = 4th
        "service_p50_min": 10.0,  # services 10, 10, 20: ceil(1.5) = 2nd
        "counters": [
            {
                "id": "A01",
                "scheduled_days": 4,  # 03-27, 04-08, 04-09 (MPP closed day included), 04-10
                "active_days": 3,
                "empty_days": [],
                "served": 3,
                "utilisation": 0.03,  # 40 service minutes / (420 open minutes x 3 active days)
                "wait_p90_min": 30.0,
            },
            {
                "id": "A02",
                "scheduled_days": 4,
                "active_days": 1,  # a no-show was called: the counter was there
                "empty_days": ["2025-04-08", "2025-04-10"],
                "served": 0,
                "utilisation": 0.0,
                "wait_p90_min": 10.0,
            },
        ],
    }
    # The report's heatmap: weeks by their Monday; the Idul Fitri week has no scheduled day at all,
    # and the MPP's closed day (04-09) is left out of its week.
    assert audit.activity.weeks == (dt.date(2025, 3, 24), dt.date(2025, 3, 31), dt.date(2025, 4, 7))
    assert audit.activity.weekly == {"A01": (1.0, None, 1.0), "A02": (1.0, None, 0.0)}
    codes = sorted((f.code, f.line) for f in result.findings if f.code[0] in "LV")
    assert codes == [("V001", 15), ("V003", 9)]
    (empty,) = [f for f in result.findings if f.code == "V001"]
    assert "2 of its 3 scheduled days (67%)" in empty.message and "2025-04-08, 2025-04-10" in empty.message
    assert result.activity is not None and result.activity.rows_left_out == 0


def test_figures_are_the_same_when_the_values_would_not_fit_in_memory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Past the memory limit the percentiles are computed apart, by methods that spill: the same figures."""
    import mpptool.activity.scan as scan

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    in_memory = _audit(tmp_path / "a").mpps[0].activity
    monkeypatch.setattr(scan, "_fits", lambda rows, limit: False)
    spilling = _audit(tmp_path / "b").mpps[0].activity
    assert in_memory is not None and spilling is not None
    assert spilling.as_json() == in_memory.as_json() and spilling.as_json()["wait_p90_min"] == 30.0


def test_time_zone_from_the_province(tmp_path: Path) -> None:
    # Bali (51) is WITA, UTC+8: 00:30Z is 08:30 local, inside the hours; in WIB it would be 07:30, before them.
    catalog = CATALOG.replace('"32.09"', '"51.71"')
    log = HEAD + "kab-contoh,A01,A001,,2025-03-27T00:30:00Z,2025-03-27T00:40:00Z,served\n"
    result = _audit(tmp_path, log, catalog)
    assert [f.code for f in result.findings if f.code[0] == "L"] == []
    wib = _audit(tmp_path, log, CATALOG)
    assert [f.code for f in wib.findings if f.code[0] == "L"] == ["L012"]


def test_declared_timezone_wins(tmp_path: Path) -> None:
    catalog = CATALOG.replace("  manager: dpmptsp\n", "  manager: dpmptsp\n  timezone: WITA\n")
    log = HEAD + "kab-contoh,A01,A001,,2025-03-27T00:30:00Z,2025-03-27T00:40:00Z,served\n"
    assert [f.code for f in _audit(tmp_path, log, catalog).findings if f.code[0] == "L"] == []


BAD = HEAD + (
    "kab-contoh,A01,A001,2025-03-27 08:00,2025-03-27 08:05,2025-03-27 08:15,\n"  # row 2: good
    "\n"  # row 3: blank (a spreadsheet shows it; DuckDB skips it)
    "kab-contoh,A09,A002,2025-03-27 08:00,2025-03-27 08:05,,\n"  # row 4: unknown counter
    "kab-contoh,A01,A003,2025-03-27 08:00,27/03/2025 08:05,,\n"  # row 5: unreadable time
    "kab-contoh,A01,A001,2025-03-27 08:00,2025-03-27 08:06,,\n"  # row 6: duplicate of row 2
    "kab-contoh,A01,A004,2025-03-27 08:00,2025-03-27 08:05,2025-03-27 08:01,\n"  # row 7: finished before called
    "kab-contoh,A01,A005,2025-03-28 08:00,2025-03-28 08:05,,\n"  # row 8: cuti bersama
    "kab-contoh,A01,A006,2025-03-27 08:00,2025-03-27 20:05,,\n"  # row 9: past closing + 2 h
    "kab-contoh,A01,A007,2025-03-27 08:00,2025-03-27 08:05,,done\n"  # row 10: unknown status
    "kab-kontoh,A01,A008,2025-03-27 08:00,2025-03-27 08:05,,\n"  # row 11: unknown MPP
    "kab-contoh,A01,,2025-03-27 08:00,2025-03-27 08:05,,\n"  # row 12: no ticket
)


def test_every_bad_row_is_located_left_out_and_counted(tmp_path: Path) -> None:
    result = _audit(tmp_path, BAD)
    found = sorted((f.code, f.line, f.column) for f in result.findings if f.code[0] == "L")
    assert found == [
        ("L003", 12, 3),
        ("L004", 11, 1),
        ("L005", 4, 2),
        ("L007", 5, 5),
        ("L008", 10, 7),
        ("L009", 7, 6),
        ("L010", 6, 3),
        ("L011", 8, 5),
        ("L012", 9, 5),
    ]
    assert result.activity is not None
    assert (result.activity.rows, result.activity.rows_used, result.activity.rows_left_out) == (10, 1, 9)
    (holiday,) = [f for f in result.findings if f.code == "L011"]
    assert "Nyepi" in holiday.message or "Cuti Bersama" in holiday.message


def test_a_time_no_queue_machine_could_write_is_unreadable_never_a_crash(tmp_path: Path) -> None:
    """Years a reset clock writes (0001, 1970), years Python cannot hold after the offset (0, 10000), and offsets
    beyond ±14:00 are L007 at their cell, with why; the good row's figures are unchanged."""
    good = "kab-contoh,A01,A001,2025-03-27 08:00,2025-03-27 08:05,2025-03-27 08:15,\n"
    rows = [
        "kab-contoh,A01,A002,0001-01-01 00:30+08:00,2025-03-27 08:05,2025-03-27 08:15,\n",
        "kab-contoh,A01,A003,2025-03-27 08:00,9999-12-31 23:30-05:00,,\n",
        "kab-contoh,A01,A004,0000-01-06 08:00,2025-03-27 08:05,,\n",
        "kab-contoh,A01,A005,1970-01-01 07:00,2025-03-27 08:05,,\n",
        "kab-contoh,A01,A006,2025-03-27 08:00+99:00,2025-03-27 08:05,,\n",
        "kab-contoh,A01,A007,2025-03-27 08:00,2025-03-27 08:05+14:30,,\n",
        "kab-contoh,A01,A008,2099-12-31 23:30-05:00,2025-03-27 08:05,,\n",
    ]
    result = _audit(tmp_path, HEAD + good + "".join(rows))
    found = sorted((f.line, f.column, f.message.split(" ")[0]) for f in result.findings if f.code == "L007")
    assert found == [
        (3, 4, "issued_at"),
        (4, 5, "called_at"),
        (5, 4, "issued_at"),
        (6, 4, "issued_at"),
        (7, 4, "issued_at"),
        (8, 5, "called_at"),
        (9, 4, "issued_at"),
    ]
    said = {f.line: f.message for f in result.findings if f.code == "L007"}
    assert all("outside the years 2000 to 2099" in said[line] for line in (3, 4, 5, 6, 9))
    assert all("which no clock uses" in said[line] for line in (7, 8))
    assert result.activity is not None
    (audit,) = result.mpps
    assert audit.activity is not None
    shown = audit.activity.as_json()
    assert (shown["from"], shown["to"], shown["rows"], shown["rows_used"], shown["served"]) == (
        "2025-03-27",
        "2025-03-27",
        8,
        1,
        1,
    )


def test_a_status_is_quoted_as_written_and_a_ticket_finished_uncalled_says_so(tmp_path: Path) -> None:
    rows = (
        "kab-contoh,A01,A001,2025-03-27 08:00,2025-03-27 08:05,2025-03-27 08:15,=CMD|Calc\n"
        "kab-contoh,A01,A002,2025-03-27 08:00,,2025-03-27 08:15,\n"
        "kab-contoh,A01,A003,2025-03-27 08:00,2025-03-27 08:05,,Served\n"
        "kab-contoh,A01,A004,2025-03-27 08:00,2025-03-27 08:05,2025-03-27 08:15,SERVED\n"
    )
    result = _audit(tmp_path, HEAD + rows)
    said = {(f.line, f.column): f.message for f in result.findings if f.code == "L008"}
    assert sorted(said) == [(2, 7), (3, 6), (4, 7)]
    assert said[2, 7].startswith("status '=CMD|Calc' is not served")
    assert said[3, 6].startswith("finished_at is filled but called_at is blank")
    assert said[4, 7].startswith("status 'Served' does not match the times")
    assert result.activity is not None and result.activity.rows_used == 1


def test_holidays_cover_the_logs_years_whatever_the_as_of_date(tmp_path: Path) -> None:
    """A log of tickets after --as-of is judged by its own year's holidays (2025-01-01 is New Year's Day)."""
    log = HEAD + "kab-contoh,A01,A001,2025-01-01 08:00,2025-01-01 08:05,2025-01-01 08:15,\n"
    _audit(tmp_path, log)  # writes the catalog and the log
    result = audit_paths(
        [str(tmp_path / "catalog")],
        AuditSettings(as_of=dt.date(2023, 6, 1)),
        jobs=1,
        activity=ActivityOptions((str(tmp_path / "logs"),)),
    )
    (holiday,) = [f for f in result.findings if f.code == "L011"]
    assert holiday.line == 2 and "Tahun Baru" in holiday.message


def test_an_unknown_id_is_reported_once_with_its_first_rows(tmp_path: Path) -> None:
    rows = "".join(f"kab-contoh,Z9,A{n:03},2025-03-27 08:00,2025-03-27 08:05,,\n" for n in range(7))
    result = _audit(tmp_path, HEAD + rows)
    (unknown,) = [f for f in result.findings if f.code == "L005"]
    assert unknown.line == 2 and "7 row(s) left out" in unknown.message and "rows 2, 3, 4, 5, 6" in unknown.message


def test_findings_per_code_are_capped_and_the_rest_counted_where_the_first_left_out_is(tmp_path: Path) -> None:
    """Unknown ids obey the per-file limit like bad rows; the closing finding stands at the first row not listed."""
    unknown = "".join(f"kab-contoh,Z{n},A{n:03},2025-03-27 08:00,2025-03-27 08:05,,\n" for n in range(5))
    bad = "".join(f"kab-contoh,A01,B{n:03},2025-03-27 08:00,2025-03-27 08:05,,odd{n}\n" for n in range(4))
    result = _audit(tmp_path, HEAD + unknown + bad, max_per_code=3)
    said = sorted((f.code, f.line, f.message) for f in result.findings if f.code in ("L005", "L008"))
    assert [(code, line) for code, line, _ in said] == [
        ("L005", 2),
        ("L005", 3),
        ("L005", 4),
        ("L005", 5),
        ("L008", 7),
        ("L008", 8),
        ("L008", 9),
        ("L008", 10),
    ]
    assert (
        said[3][2].startswith("and 2 more unknown id(s) first seen in ")
        and "L005 (2 row(s) in all the logs)" in said[3][2]
    )
    assert said[7][2].startswith("and 1 more row(s) of ") and "for L008" in said[7][2]


def test_a_huge_value_is_quoted_clipped(tmp_path: Path) -> None:
    counter = "Z" * 100_000
    result = _audit(tmp_path, HEAD + f"kab-contoh,{counter},A001,2025-03-27 08:00,2025-03-27 08:05,,\n")
    (finding,) = [f for f in result.findings if f.code == "L005"]
    assert "Z" * 59 + "…" in finding.message and len(finding.message) < 400


def test_queue_log_findings_speak_indonesian(tmp_path: Path) -> None:
    """Bad rows and evidence in Indonesian: the same codes and places, numbers and dates in Indonesian style."""
    (tmp_path / "bad").mkdir()
    said = {f.code: f.say("id") for f in _audit(tmp_path / "bad", BAD).findings if f.code[0] == "L"}
    assert said["L005"] == (
        "gerai 'A09' bukan gerai MPP kab-contoh (mungkin maksudnya A02, A01?): 1 baris tidak dipakai, "
        "yang pertama di baris 4"
    )
    assert said["L011"].startswith("dipanggil pada 2025-03-28 08:05:00, hari ketika MPP kab-contoh tidak buka: ")
    assert "28 Maret 2025 adalah hari libur nasional atau cuti bersama" in said["L011"]
    assert said["L003"] == "nomor tiket kosong; baris ini tidak dapat dibedakan dari baris lain"
    (tmp_path / "log").mkdir()
    (empty,) = [f for f in _audit(tmp_path / "log").findings if f.code == "V001"]
    assert empty.say("id") == (
        "gerai A02 kosong pada 2 dari 3 hari terjadwalnya (67%) sementara gerai lain di MPP itu memanggil tiket: "
        "8 April 2025, 10 April 2025; tempatkan petugasnya, atau catat hari gerai itu tidak buka di `days` atau "
        "`staffed_days`"
    )
    assert empty.say("en") == empty.message and "2025-04-08, 2025-04-10" in empty.message
    (tmp_path / "many").mkdir()
    rows = "".join(f"kab-contoh,Z9,A{n:04},2025-03-27 08:00,2025-03-27 08:05,,\n" for n in range(1200))
    (unknown,) = [f for f in _audit(tmp_path / "many", HEAD + rows).findings if f.code == "L005"]
    assert "1,200 row(s) left out" in unknown.message and "1.200 baris tidak dipakai" in unknown.say("id")


def test_one_mpp_named_on_the_command_line_needs_no_mpp_column(tmp_path: Path) -> None:
    log = "counter,ticket,called_at,finished_at\nA01,A001,2025-03-27 08:05,2025-03-27 08:15\n"
    result = _audit(tmp_path, log, single_mpp="kab-contoh")
    assert result.mpps[0].activity is not None and result.mpps[0].activity.served == 1
    missing = _audit(tmp_path, log)
    (whole,) = [f for f in missing.findings if f.code[0] == "L"]
    assert whole.code == "L002"
    assert (whole.as_json()["line"], whole.as_json()["column"], whole.pointer) == (1, None, "/mpp")


def test_column_map_renames_an_exports_headers(tmp_path: Path) -> None:
    log = "mpp;loket_id;no_antrean;waktu_panggil\nkab-contoh;A01;A001;2025-03-27 08:05\n"
    result = _audit(
        tmp_path, log, columns={"counter": "loket_id", "ticket": "no_antrean", "called_at": "waktu_panggil"}
    )
    assert [f.code for f in result.findings if f.code[0] == "L"] == []
    assert result.mpps[0].activity is not None and result.mpps[0].activity.no_show == 1


def test_xlsx_rows_are_located_by_sheet_and_cell(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Antrean"
    sheet.append(["mpp", "counter", "ticket", "called_at"])
    sheet.append(["kab-contoh", "A01", 1, dt.datetime(2025, 3, 27, 8, 5)])
    sheet.append(["kab-contoh", "A01", 2, "27/03/2025 08:05"])
    (tmp_path / "logs").mkdir()
    book.save(tmp_path / "logs" / "q.xlsx")
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "kab-contoh.yaml").write_text(CATALOG, encoding="utf-8")
    result = audit_paths(
        [str(folder)],
        AuditSettings(as_of=dt.date(2026, 11, 22)),
        jobs=1,
        activity=ActivityOptions((str(tmp_path / "logs"),)),
    )
    (bad,) = [f for f in result.findings if f.code[0] == "L"]
    assert (bad.code, bad.line, bad.column) == ("L007", 3, 4)
    assert bad.cell == "Antrean!D3" and bad.place() == ":Antrean!D3" and "Antrean" not in bad.message
    wrong = audit_paths(
        [str(folder)],
        AuditSettings(as_of=dt.date(2026, 11, 22)),
        jobs=1,
        activity=ActivityOptions((str(tmp_path / "logs"),), sheet="Nope"),
    )
    (missing,) = [f for f in wrong.findings if f.code[0] == "L"]
    assert missing.message == "no sheet named 'Nope'; its sheets are 'Antrean': give one of them to --sheet"


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["A01", "A02", ""]),
            st.integers(0, 9),  # day offset from 2025-04-07 (a Monday after Idul Fitri leave? no: 04-07 is leave)
            st.integers(0, 400),  # minutes after 08:00 called
            st.sampled_from(["served", "no_show", "cancelled", ""]),
        ),
        min_size=1,
        max_size=30,
    )
)
def test_properties(tmp_path_factory: pytest.TempPathFactory, rows: list[tuple[str, int, int, str]]) -> None:
    """served + no_show + cancelled = rows used; no empty day on a day the MPP was closed."""
    lines = []
    for number, (counter, offset, minute, status) in enumerate(rows):
        day = dt.date(2025, 4, 7) + dt.timedelta(days=offset)
        called = f"{day} {8 + minute // 60:02}:{minute % 60:02}"
        finished = f"{day} {8 + (minute + 5) // 60:02}:{(minute + 5) % 60:02}" if status in ("served", "") else ""
        if status == "cancelled" or not counter:
            called, finished, status = "", "", "cancelled"
        lines.append(f"kab-contoh,{counter},T{number},{day} 07:59,{called},{finished},{status}\n")
    result = _audit(tmp_path_factory.mktemp("p"), HEAD + "".join(lines))
    activity = result.mpps[0].activity
    if activity is None:
        return
    assert activity.served + activity.no_show + activity.cancelled == activity.rows_used
    closed = set(activity.closed_days)
    for counter in activity.counters:
        assert not closed & set(counter.empty_days)
        assert all(day.weekday() < 5 for day in counter.empty_days)


def test_a_counter_with_its_own_hours(tmp_path: Path) -> None:
    catalog = CATALOG.replace(
        "{id: A02, name: Gerai DPMPTSP, agencies: [dpmptsp], status: active}",
        '{id: A02, name: Gerai DPMPTSP, agencies: [dpmptsp], status: active, hours: {open: "10:00", close: "12:00"}}',
    )
    log = HEAD + (
        "kab-contoh,A01,A001,,2025-03-27 09:00,2025-03-27 09:10,\n"  # the MPP opens at 08:00: fine
        "kab-contoh,A02,B001,,2025-03-27 09:00,2025-03-27 09:10,\n"  # row 3: A02 opens at 10:00
        "kab-contoh,A02,B002,,2025-03-27 14:30,2025-03-27 14:40,\n"  # row 4: over two hours after 12:00
        "kab-contoh,A02,B003,,2025-03-27 13:30,2025-03-27 13:40,\n"  # within two hours of closing: fine
    )
    result = _audit(tmp_path, log, catalog)
    assert sorted((f.code, f.line) for f in result.findings if f.code[0] == "L") == [("L012", 3), ("L012", 4)]
    (audit,) = result.mpps
    assert audit.activity is not None
    a02 = next(c for c in audit.activity.counters if c.id == "A02")
    assert a02.utilisation == 10 / 120  # 10 minutes of service over its own 120 open minutes


def test_unknown_ids_take_precedence_over_later_faults(tmp_path: Path) -> None:
    log = HEAD + (
        "kab-contoh,A09,A001,,2025-03-27 09:00,2025-03-27 08:50,served\n"  # unknown counter and finished first
        "kab-contoh,A01,A002,,2025-03-27 09:00,2025-03-27 08:50,served\n"  # finished before called
        "kab-contoh,A09,A003,bad-ts,2025-03-27 09:00,,\n"  # an unreadable time comes first
    )
    result = _audit(tmp_path, log.replace(",bad-ts,", ",kemarin,").replace("HEAD", ""))
    found = sorted((f.code, f.line) for f in result.findings if f.code[0] == "L")
    assert found == [("L005", 2), ("L007", 4), ("L009", 3)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(0, 7200), min_size=1, max_size=200), st.sampled_from(["memory", "histogram", "sort"]))
def test_percentiles_are_nearest_rank(waits: list[int], method: str) -> None:
    """p = the smallest value with at least ceil(p * n) values at or under it, exactly, in whole numbers."""
    import math

    import duckdb

    from mpptool.activity.scan import _percentiles

    con = duckdb.connect()
    con.execute("CREATE TABLE c (mpp VARCHAR, s BIGINT, code VARCHAR)")
    con.execute("INSERT INTO c SELECT 'm', unnest(?), NULL", [waits])
    ((key, (p50, p90)),) = _percentiles(con, "code IS NULL", ("mpp",), "s", "TRUE", method)
    ordered = sorted(waits)
    assert key == ("m",)
    assert p50 == ordered[math.ceil(len(waits) * 5 / 10) - 1] / 60
    assert p90 == ordered[math.ceil(len(waits) * 9 / 10) - 1] / 60
