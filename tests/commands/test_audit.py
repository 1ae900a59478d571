"""`mpptool audit`: the figures, the comparisons, the formats and the command line.

Figures are checked against the seed reports the bundled catalog records (seed 001: Kab
Cirebon, 1,867 visitors Aug 2023 - Feb 2024, about 266 a month) and against brute force.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from pathlib import Path

import pytest
from helpers import REPO, VALID_MINIMAL, assert_no_traceback, run_mpptool
from hypothesis import given
from hypothesis import strategies as st

from mpptool.commands.audit import SCORE_WEIGHTS, audit_paths, parse_as_of
from mpptool.commands.validate import validate_paths
from mpptool.errors import UsageError
from mpptool.formats import AuditFormat, render
from mpptool.model import AuditSettings, Severity
from mpptool.text.safe import csv_cell, markdown, markdown_code_spans
from mpptool.vocab.figures import WEEK, _months, _open_days, peer_standings

CATALOG = REPO / "catalog"
SETTINGS = AuditSettings(as_of=dt.date(2026, 11, 22))
MINIMAL = VALID_MINIMAL.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def catalog_audit():  # type: ignore[no-untyped-def]
    return audit_paths([str(CATALOG)], SETTINGS)


def _mpp(result, ident):  # type: ignore[no-untyped-def]
    return next(audit for audit in result.mpps if audit.figures.id == ident)


def test_kab_cirebon_reproduces_seed_001(catalog_audit) -> None:  # type: ignore[no-untyped-def]
    audit = _mpp(catalog_audit, "kab-cirebon")
    mpp = audit.figures
    assert mpp.visitors == 1867
    (period,) = mpp.periods
    assert (period.start, period.end) == (dt.date(2023, 8, 1), dt.date(2024, 2, 29))
    assert period.months == 7 and int(period.per_month) == 266  # "rata-rata 266 orang per bulan"
    assert period.calendar_days == 213 and period.open_days == 153  # 30 weeks of 5 days + Tue-Thu
    assert mpp.agencies_total == 37 and dict(mpp.agencies)["public_body"] == 2
    assert mpp.on_paper == ("imigrasi-cirebon",)  # Kantor Imigrasi joined with no counter
    assert mpp.counters == 38 and mpp.counters_empty == 7 and mpp.counters_part_time == 6
    codes = [finding.code for finding in audit.findings]
    assert codes.count("A002") == 7 and codes.count("A001") == 1
    assert audit.findings[0].code == "A001"  # worst first: errors lead
    assert [f.severity.rank for f in audit.findings] == sorted((f.severity.rank for f in audit.findings), reverse=True)


def test_headline_figures_agree_with_findings(catalog_audit) -> None:  # type: ignore[no-untyped-def]
    for audit in catalog_audit.mpps:
        codes = [finding.code for finding in audit.findings]
        assert codes.count("A002") == audit.figures.counters_empty, audit.figures.id
        assert codes.count("A003") == audit.figures.counters_part_time, audit.figures.id
        assert codes.count("A001") == len(audit.figures.on_paper), audit.figures.id


def test_validate_leaves_the_audit_rules_out() -> None:
    result = validate_paths([str(CATALOG)])
    assert not [finding for finding in result.findings if finding.code.startswith("A")]


def test_parallel_audit_equals_serial() -> None:
    serial = audit_paths([str(CATALOG)], SETTINGS, jobs=1)
    parallel = audit_paths([str(CATALOG)], SETTINGS, jobs=2)
    assert parallel == serial


@given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)), st.integers(0, 800), st.sets(st.sampled_from(WEEK)))
def test_open_days_match_counting_day_by_day(start: dt.date, length: int, days: set[str]) -> None:
    end = start + dt.timedelta(days=length)
    ordered = tuple(day for day in WEEK if day in days)
    expected = sum(1 for n in range(length + 1) if WEEK[(start + dt.timedelta(days=n)).weekday()] in days)
    assert _open_days(start, end, ordered) == expected


@given(st.dates(dt.date(2000, 1, 1), dt.date(2040, 1, 1)), st.integers(0, 400), st.integers(0, 400))
def test_months_add_up_over_adjacent_periods(start: dt.date, first: int, second: int) -> None:
    middle = start + dt.timedelta(days=first)
    end = middle + dt.timedelta(days=second + 1)
    whole = _months(start, end)
    assert whole == pytest.approx(_months(start, middle) + _months(middle + dt.timedelta(days=1), end))
    assert whole == pytest.approx(((end - start).days + 1) / 30.44, rel=0.1)  # months are 28-31 days


def _write(folder: Path, ident: str, visitors: int | None, **replace: str) -> Path:
    text = MINIMAL.replace("id: kota-mojokerto", f"id: {ident}")
    if visitors is None:
        text = text.replace("  - {from: 2024-01-01, to: 2024-03-31, visitors: 5120}\n", "").replace(
            "metrics:\n", "metrics: []\n"
        )
    else:
        text = text.replace("visitors: 5120", f"visitors: {visitors}")
    for old, new in replace.items():
        text = text.replace(old, new)
    path = folder / f"{ident}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_an_mpp_far_below_its_peers_is_reported(tmp_path: Path) -> None:
    for ident, visitors in (("kota-a", 6000), ("kota-b", 5000), ("kota-c", 1000), ("kota-d", None)):
        _write(tmp_path, ident, visitors)
    result = audit_paths([str(tmp_path)], SETTINGS)
    below = [finding for finding in result.findings if finding.code == "A011"]
    assert [finding.mpp for finding in below] == ["kota-c"]
    assert "rank 3 of 3" in below[0].message
    assert (below[0].line, below[0].column) == (120, 1)  # the `metrics:` key
    standings = {audit.figures.id: audit.standing for audit in result.mpps}
    assert standings["kota-d"] is None and standings["kota-a"] is not None and standings["kota-a"].rank == 1
    narrowed = audit_paths([str(tmp_path)], SETTINGS, only=("kota-c",))
    assert [audit.figures.id for audit in narrowed.mpps] == ["kota-c"]
    assert narrowed.mpps[0].standing == standings["kota-c"]  # peers still counted
    assert {finding.mpp for finding in narrowed.findings} == {"kota-c"}


def test_a_closed_or_planned_mpp_is_no_peer(tmp_path: Path) -> None:
    _write(tmp_path, "kota-a", 6000)
    _write(tmp_path, "kota-b", 1000, **{'region: "35.76"': 'region: "35.77"'})
    _write(tmp_path, "kota-c", 5, **{'region: "35.76"': 'region: "35.78"', "status: operating": "status: closed"})
    result = audit_paths([str(tmp_path)], SETTINGS)
    standings = {audit.figures.id: audit.standing for audit in result.mpps}
    assert standings["kota-c"] is None
    assert standings["kota-b"] is not None and standings["kota-b"].of == 2
    assert [finding.mpp for finding in result.findings if finding.code == "A011"] == ["kota-b"]


def test_absurd_figures_are_left_out_not_crashed_on(tmp_path: Path) -> None:
    _write(tmp_path, "kota-a", 10**400)
    _write(
        tmp_path,
        "kota-b",
        10,
        **{
            'region: "35.76"': 'region: "35.77"',
            "from: 2024-01-01, to: 2024-03-31": "from: 9999-12-01, to: 9999-12-31",
        },
    )
    result = audit_paths([str(tmp_path)], SETTINGS)
    periods = {audit.figures.id: audit.figures.periods for audit in result.mpps}
    assert periods["kota-a"] == ()  # S006 says the figure is out of range
    assert periods["kota-b"][0].months == 1
    assert any(finding.code == "S006" and finding.mpp == "kota-a" for finding in result.findings)
    for fmt in AuditFormat:
        render(result, fmt)


def test_every_agency_counts_in_the_total(tmp_path: Path) -> None:
    _write(tmp_path, "kota-a", 100, **{"category: soe": "category: bumn"})
    (audit,) = audit_paths([str(tmp_path)], SETTINGS).mpps
    assert audit.figures.agencies_total == 4 and dict(audit.figures.agencies)["soe"] == 0


def test_unknown_mpp_id_suggests_the_nearest(tmp_path: Path) -> None:
    _write(tmp_path, "kota-mojokerto", 100)
    with pytest.raises(UsageError) as caught:
        audit_paths([str(tmp_path)], SETTINGS, only=("kota-mojokerta",))
    assert caught.value.code == "E004" and "kota-mojokerto" in str(caught.value)


def test_peer_standings_rank_and_median(catalog_audit) -> None:  # type: ignore[no-untyped-def]
    figures = [audit.figures for audit in catalog_audit.mpps]
    standings = dict(zip([mpp.id for mpp in figures], peer_standings(figures), strict=True))
    assert standings["kota-mojokerto"] is None  # no visitor figures
    assert standings["kota-cirebon"] is not None and standings["kota-cirebon"].rank == 1
    assert standings["kab-cirebon"] is not None and standings["kab-cirebon"].of == 2


def test_as_of_is_a_date() -> None:
    assert parse_as_of(None, dt.date(2026, 1, 2)) == dt.date(2026, 1, 2)
    assert parse_as_of("2025-12-31", dt.date(2026, 1, 2)) == dt.date(2025, 12, 31)
    with pytest.raises(UsageError) as caught:
        parse_as_of("31/12/2025", dt.date(2026, 1, 2))
    assert caught.value.code == "E005"


HOSTILE_NAME = "<script>alert(1)</script> | @everyone [x](javascript:alert(1)) **b** `c` \x1b[31m\u202e"


@pytest.fixture()
def hostile_audit(tmp_path: Path):  # type: ignore[no-untyped-def]
    _write(
        tmp_path,
        "kota-mojokerto",
        100,
        **{
            "name: Mal Pelayanan Publik Gajah Mada Kota Mojokerto": f"name: {json.dumps(HOSTILE_NAME)}",
            "  - id: C01\n": '  - id: "=HYPERLINK(\\"http://x\\")|`x"\n',
        },
    )
    return audit_paths([str(tmp_path)], SETTINGS)


def test_markdown_cannot_be_injected(hostile_audit) -> None:  # type: ignore[no-untyped-def]
    text = render(hostile_audit, AuditFormat.MARKDOWN)
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert "@everyone" not in text and "\x1b" not in text and "\u202e" not in text
    assert not re.search(r"(?<!\\)\]\(", text) and "\\](javascript" in text  # no link, only its text
    rows = [line for line in text.splitlines() if line.startswith("| ")]
    findings_table = [row for row in rows if row.startswith(("| Severity", "| error", "| warning", "| info"))]
    assert any("HYPERLINK" in row for row in findings_table)
    assert {len(_split_row(row)) for row in findings_table} == {4}, findings_table  # an escaped `|` adds no column


def _split_row(row: str) -> list[str]:
    cells, current, escaped = [], "", False
    for char in row.strip().strip("|"):
        if char == "|" and not escaped:
            cells.append(current)
            current = ""
        else:
            current += char
        escaped = char == "\\" and not escaped
    return [*cells, current]


def test_csv_cannot_run_formulas(hostile_audit) -> None:  # type: ignore[no-untyped-def]
    rows = list(csv.reader(io.StringIO(render(hostile_audit, AuditFormat.CSV))))
    assert rows[0][:3] == ["severity", "code", "rule"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), row
            assert "\x1b" not in cell and "\n" not in cell
    assert csv_cell("=1+1") == "'=1+1" and csv_cell("-2") == "'-2" and csv_cell("\uff1dSUM()") == "'\uff1dSUM()"
    assert csv_cell("Rp 30.000") == "Rp 30.000"


def test_text_and_json_escape_control_characters(hostile_audit) -> None:  # type: ignore[no-untyped-def]
    for fmt in (AuditFormat.TEXT, AuditFormat.JSON):
        text = render(hostile_audit, fmt)
        assert "\x1b" not in text and "\u202e" not in text, fmt


def test_markdown_escapes() -> None:
    assert markdown("a|b") == "a\\|b"
    assert markdown("[x](y)") == "\\[x\\](y)"
    assert markdown("@all <b>") == "&#64;all &lt;b&gt;"
    assert markdown_code_spans("agency `a<b>` here") == "agency <code>a&lt;b&gt;</code> here"
    assert markdown_code_spans("odd ` tick") == "odd \\` tick"


def test_json_contract(catalog_audit) -> None:  # type: ignore[no-untyped-def]
    data = json.loads(render(catalog_audit, AuditFormat.JSON))
    assert data["as_of"] == "2026-11-22"
    required = {"id", "region", "name", "agencies", "services", "counters", "staff", "visitors_per_day"}
    for mpp in data["mpps"]:
        assert required <= set(mpp)
        assert {"total", "empty", "part_time"} <= set(mpp["counters"])
        assert set(mpp["staff"]) == {"required", "assigned", "gap"}
        assert mpp["agencies"]["total"] == sum(v for k, v in mpp["agencies"].items() if k != "total")
    mojokerto = next(mpp for mpp in data["mpps"] if mpp["id"] == "kota-mojokerto")
    assert mojokerto["visitors_per_day"] is None
    assert data["summary"]["errors"] == sum(1 for f in data["findings"] if f["severity"] == "error")


# The command line


def test_cli_audits_the_default_catalog_and_never_fails_by_default() -> None:
    run = run_mpptool("audit", "--as-of", "2026-11-22", cwd=REPO)
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    assert "1,867 visitors = 266.7 a month" in run.stdout
    assert "kab-cirebon" in run.stdout and "7 empty" in run.stdout
    assert run.stderr == ""


@pytest.mark.parametrize(("fail_on", "exit_code"), [("never", 0), ("error", 1), ("warning", 1), ("info", 1)])
def test_cli_fail_on(fail_on: str, exit_code: int) -> None:
    run = run_mpptool("audit", "catalog", "--as-of", "2026-11-22", "--fail-on", fail_on, "-f", "json", cwd=REPO)
    assert run.returncode == exit_code, run.describe()
    json.loads(run.stdout)


def test_cli_fail_on_error_passes_a_clean_mpp() -> None:
    args = ("--mpp", "kota-cirebon", "--as-of", "2026-11-22", "--fail-on", "error")
    run = run_mpptool("audit", "catalog", *args, cwd=REPO)
    assert run.returncode == 0, run.describe()
    assert "kab-cirebon" not in run.stdout


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("--as-of", "22-11-2026"), "E005"),
        (("--as-of", "20261122"), "E005"),
        (("--as-of", "2026-02-30"), "E005"),
        (("--peer-share", "nan"), "E002"),
        (("--mpp", "kab-cirebom"), "E004"),
        (("--format", "html"), "E002"),
        (("--fail-on", "sometimes"), "E002"),
    ],
)
def test_cli_usage_errors(args: tuple[str, ...], code: str) -> None:
    run = run_mpptool("audit", "catalog", *args, cwd=REPO)
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert f"[{code}]" in run.stderr and run.stdout == ""


def test_cli_writes_the_report_atomically_and_never_over_an_input(tmp_path: Path) -> None:
    target = tmp_path / "audit.md"
    run = run_mpptool("audit", "catalog", "--as-of", "2026-11-22", "-f", "markdown", "-o", target, cwd=REPO)
    assert run.returncode == 0 and run.stdout == "", run.describe()
    assert target.read_text(encoding="utf-8").startswith("# MPP audit as of 2026-11-22")
    victim = CATALOG / "kota-cirebon.yaml"
    before = victim.read_bytes()
    run = run_mpptool("audit", "catalog", "-o", victim, cwd=REPO)
    assert run.returncode == 2 and "[E003]" in run.stderr
    assert victim.read_bytes() == before


def test_cli_without_a_catalog_folder(tmp_path: Path) -> None:
    run = run_mpptool("audit", cwd=tmp_path)
    assert run.returncode == 2 and "[E001]" in run.stderr, run.describe()


def test_progress_bar_stays_silent_when_disabled_or_quick(capsys: pytest.CaptureFixture[str]) -> None:
    from mpptool.engine.progress import progress_bar

    with progress_bar("Auditing", False) as callback:
        assert callback is None
    with progress_bar("Auditing", True) as callback:
        assert callback is not None
        callback(1, 10)  # well within the delay: no bar yet
        callback(10, 10)
    assert capsys.readouterr().err == ""


def test_worst_first_ranks_by_what_citizens_meet_not_by_error_count(tmp_path: Path) -> None:
    # One closed counter with 22 services behind it is 22 errors (A006) but one decision to
    # undo; an empty counter is what the minister saw in Cirebon. The empty counter comes first.
    extra = "".join(
        f"  - {{id: s{number}, type: POL-01, name: Layanan {number}, agency: polres, counters: [C01], "
        "channels: [counter], standard: {requirements: [KTP-el], procedure: [Datang], "
        "duration: {value: 1, unit: days}, fee: 0, product: Surat, complaints: [SP4N-LAPOR]}}\n"
        for number in range(21)
    )
    _write(
        tmp_path,
        "kota-closed",
        6000,
        **{
            "counters:\n  - id: A01": extra + "counters:\n  - id: A01",
            "    days: [mon, wed, fri]\n    staff: {required: 2, assigned: 1}\n    staffed_days: [mon, wed]\n": (
                "    days: [mon, wed, fri]\n"
            ),
            "name: Gerai Polres\n    agencies: [polres]\n    status: active": (
                "name: Gerai Polres\n    agencies: [polres]\n    status: closed"
            ),
            "services: 5": "services: 26",
        },
    )
    _write(
        tmp_path,
        "kota-empty",
        6000,
        **{
            'region: "35.76"': 'region: "35.77"',
            "name: Gerai Perizinan Berusaha\n    agencies: [dpmptsp]\n    status: active": (
                "name: Gerai Perizinan Berusaha\n    agencies: [dpmptsp]\n    status: empty"
            ),
        },
    )
    result = audit_paths([str(tmp_path)], SETTINGS)
    by_id = {audit.figures.id: audit for audit in result.mpps}
    closed, empty = by_id["kota-closed"], by_id["kota-empty"]
    assert [f.code for f in closed.findings].count("A006") == 22
    assert closed.count(Severity.ERROR) > empty.count(Severity.ERROR)  # raw counts would rank it first
    assert closed.figures.counters_stranding == 1 and closed.figures.services_unreachable == 22
    assert empty.score > closed.score
    text = render(result, AuditFormat.TEXT)
    assert text.index("\nkota-empty ") < text.index("\nkota-closed ")
    data = json.loads(render(result, AuditFormat.JSON))
    assert {mpp["id"]: mpp["to_fix"] for mpp in data["mpps"]} == {
        "kota-closed": closed.score,
        "kota-empty": empty.score,
    }


def test_the_score_is_documented_with_its_weights() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for what, weight in SCORE_WEIGHTS:
        assert f"| {what} | {weight} |" in readme, what
