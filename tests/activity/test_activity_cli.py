"""`audit --activity` and `activity check` from the command line: exit codes, streams and a golden per format."""

from __future__ import annotations

import csv
import json
import sys

import pytest
from helpers import GOLDEN, REPO, assert_no_traceback, compare_golden, run_mpptool

EXPORT = "examples/broken-queue-export.csv"
AUDIT = ("audit", "catalog", "--as-of", "2026-11-22", "--activity", "examples/activity")


@pytest.mark.parametrize("fmt", ["text", "json", "markdown", "csv"])
def test_audit_with_activity_golden(fmt: str) -> None:
    run = run_mpptool(*AUDIT, "--format", fmt, timeout=60)
    assert_no_traceback(run)
    assert run.returncode == 0, run.stderr
    suffix = {"text": "txt", "json": "json", "markdown": "md", "csv": "csv"}[fmt]
    compare_golden(GOLDEN / "activity" / f"audit.{suffix}", run.stdout, "tests/activity/test_activity_cli.py")


@pytest.mark.parametrize("fmt", ["text", "json", "github", "sarif", "junit", "markdown"])
def test_activity_check_golden(fmt: str) -> None:
    run = run_mpptool("activity", "check", EXPORT, "--catalog", "catalog", "--format", fmt, timeout=60)
    assert_no_traceback(run)
    assert run.returncode == 1
    assert "13 log row(s) read, 2 usable, 11 left out" in run.stderr
    suffix = {"text": "txt", "json": "json", "github": "github.txt", "sarif": "sarif.json", "junit": "junit.xml"}
    compare_golden(
        GOLDEN / "activity" / f"check.{suffix.get(fmt, 'md')}", run.stdout, "tests/activity/test_activity_cli.py"
    )


def test_audit_json_follows_the_contract() -> None:
    run = run_mpptool(*AUDIT, "--format", "json", timeout=60)
    data = json.loads(run.stdout)
    assert data["activity"] == {
        "files": ["examples/activity/kab-cirebon.csv", "examples/activity/kota-cirebon.csv"],
        "rows": 11202,
        "rows_left_out": 0,
        "rows_outside_period": 0,
        "rows_used": 11202,
    }
    by_id = {mpp["id"]: mpp["activity"] for mpp in data["mpps"]}
    assert by_id["kota-mojokerto"] is None  # no log row names it
    kota = by_id["kota-cirebon"]
    assert set(kota) == {
        "from", "to", "rows", "rows_used", "served", "no_show", "cancelled", "open_days", "closed_days",
        "visitors_per_open_day", "wait_p50_min", "wait_p90_min", "service_p50_min", "counters",
    }  # fmt: skip
    assert kota["served"] == 8412 and by_id["kab-cirebon"]["served"] == 1867  # the catalog's sourced figures
    assert kota["closed_days"] == ["2025-07-17"]  # the day planted in the sample
    empties = {c["id"]: c["empty_days"] for c in kota["counters"] if c["empty_days"] and c["id"] != "B04"}
    assert {ident: len(days) for ident, days in empties.items()} == {"A05": 12, "B05": 10}
    assert kota["served"] + kota["no_show"] + kota["cancelled"] == kota["rows_used"]


def test_log_options_need_activity() -> None:
    run = run_mpptool("audit", "catalog", "--from", "2025-01-01")
    assert run.returncode == 2 and "E002" in run.stderr and "--activity" in run.stderr


def test_a_missing_log_is_a_usage_error() -> None:
    run = run_mpptool("audit", "catalog", "--activity", "no/such/logs")
    assert run.returncode == 2 and "E001" in run.stderr
    assert_no_traceback(run)


def test_a_missing_log_names_no_option_the_command_lacks() -> None:
    run = run_mpptool("activity", "check", "no/such/logs", "--catalog", "catalog")
    assert run.returncode == 2 and run.stdout == ""
    assert run.stderr == "mpptool: error [E001]: queue log no/such/logs: no such file or folder\n"


def test_a_mistyped_mpp_is_a_usage_error_not_a_clean_check() -> None:
    run = run_mpptool("activity", "check", EXPORT, "--catalog", "catalog", "--mpp", "kota-cirbon")
    assert run.returncode == 2 and run.stdout == ""
    assert "E004" in run.stderr and "did you mean kota-cirebon" in run.stderr


def test_an_mpp_whose_catalog_file_is_unreadable_is_no_usage_error(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """E004 would call the MPP absent; its file is there but broken, which the note says."""
    import shutil

    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    with (tmp_path / "catalog" / "kota-mojokerto.yaml").open("a", encoding="utf-8") as stream:
        stream.write("key: [unclosed\n")
    run = run_mpptool(
        "activity",
        "check",
        REPO / "examples" / "activity",
        "--catalog",
        tmp_path / "catalog",
        "--mpp",
        "kota-mojokerto",
    )
    assert run.returncode == 0 and "E004" not in run.stderr
    assert "could not be read as an MPP" in run.stderr and "kota-mojokerto.yaml" in run.stderr


def test_bad_period_is_a_usage_error() -> None:
    run = run_mpptool(*AUDIT, "--from", "2025-02-01", "--to", "2025-01-01")
    assert run.returncode == 2 and "E005" in run.stderr


def test_the_period_narrows_the_figures() -> None:
    run = run_mpptool(*AUDIT, "--mpp", "kota-cirebon", "--from", "2025-07-01", "--to", "2025-07-31", "-f", "json")
    (kota,) = json.loads(run.stdout)["mpps"]
    assert (kota["activity"]["from"], kota["activity"]["to"]) == ("2025-07-01", "2025-07-31")
    assert kota["activity"]["closed_days"] == ["2025-07-17"]
    # A counter's active days are the days of July it called a ticket, counted from the log itself.
    called: dict[str, set[str]] = {}
    with (REPO / "examples" / "activity" / "kota-cirebon.csv").open(encoding="utf-8", newline="") as log:
        for row in csv.DictReader(log):
            if row["counter"] and row["called_at"].startswith("2025-07-"):
                called.setdefault(row["counter"], set()).add(row["called_at"][:10])
    active = {c["id"]: c["active_days"] for c in kota["activity"]["counters"] if c["active_days"]}
    assert active == {counter: len(days) for counter, days in called.items()}


def test_output_never_replaces_a_log(tmp_path) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "q.csv"
    log.write_bytes((REPO / EXPORT).read_bytes())
    run = run_mpptool("audit", "catalog", "--activity", log, "-o", log)
    assert run.returncode == 2
    assert log.read_bytes() == (REPO / EXPORT).read_bytes()


def test_sample_logs_are_current() -> None:
    run = run_mpptool(
        command=[sys.executable, str(REPO / "scripts" / "make_sample_activity.py"), "--check"], timeout=120
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_no_stray_activity_goldens() -> None:
    audit = {f"audit.{suffix}" for suffix in ("txt", "json", "md", "csv")}
    check = {f"check.{suffix}" for suffix in ("txt", "json", "github.txt", "sarif.json", "junit.xml", "md")}
    report = {f"report.{suffix}" for suffix in ("md", "id.md", "json", "csv", "html")}  # test_report_activity.py
    present = {path.name for path in (GOLDEN / "activity").iterdir()}
    assert present == audit | check | report


def test_output_never_replaces_a_log_inside_a_folder(tmp_path) -> None:  # type: ignore[no-untyped-def]
    logs = tmp_path / "logs"
    logs.mkdir()
    log = logs / "q.csv"
    log.write_bytes((REPO / EXPORT).read_bytes())
    for args in (("audit", "catalog", "--activity", logs), ("activity", "check", logs, "--catalog", "catalog")):
        run = run_mpptool(*args, "-o", log)
        assert run.returncode == 2, run.stderr
        assert log.read_bytes() == (REPO / EXPORT).read_bytes()


def test_memory_limit_is_checked_and_running_out_is_a_usage_error() -> None:
    bad = run_mpptool(*AUDIT, "--memory-limit", "lots")
    assert bad.returncode == 2 and "E002" in bad.stderr
    starved = run_mpptool(*AUDIT, "--memory-limit", "1MB", "-f", "json", timeout=60)
    assert starved.returncode == 2 and "E009" in starved.stderr and "--memory-limit" in starved.stderr
    assert_no_traceback(starved)


HEAVY = """
import sys
from mpptool.cli import main
sys.argv = ["mpptool", *sys.argv[1:]]
try:
    main()
except SystemExit:
    pass
heavy = ("duckdb", "holidays", "python_calamine", "mpptool.activity", "mpptool.vocab.schedule")
print(sorted(name for name in sys.modules if name.startswith(heavy)))
"""


@pytest.mark.parametrize("args", [("validate", "catalog/kab-cirebon.yaml"), ("audit", "catalog")])
def test_no_heavy_import_without_activity(args: tuple[str, ...]) -> None:
    run = run_mpptool(*args, command=[sys.executable, "-c", HEAVY], timeout=60)
    assert run.stdout.strip().splitlines()[-1] == "[]", run.stdout[-500:]


def test_evidence_findings_obey_ignore_select_and_suppression(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil

    catalog = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", catalog)
    kota = catalog / "kota-cirebon.yaml"
    text = kota.read_text(encoding="utf-8")
    assert text.count("  - id: A05\n") == 1
    kota.write_text(text.replace("  - id: A05\n", "  - id: A05  # mpptool: ignore[V001]\n"), encoding="utf-8")
    common = ("audit", catalog, "--mpp", "kota-cirebon", "--activity", REPO / "examples" / "activity", "-f", "json")
    codes = [f["code"] for f in json.loads(run_mpptool(*common, timeout=60).stdout)["findings"]]
    assert codes.count("V001") == 1 and "M001" not in codes  # A05's is silenced, B05's stays
    ignored = [f["code"] for f in json.loads(run_mpptool(*common, "--ignore", "V", timeout=60).stdout)["findings"]]
    assert not [code for code in ignored if code.startswith("V")]
    only = {f["code"] for f in json.loads(run_mpptool(*common, "--select", "V003", timeout=60).stdout)["findings"]}
    assert only == {"V003"}
    without = run_mpptool("audit", catalog, "--mpp", "kota-cirebon", "-f", "json", timeout=60)
    assert "M001" not in {f["code"] for f in json.loads(without.stdout)["findings"]}  # not judged without logs
    validated = run_mpptool("validate", catalog / "kota-cirebon.yaml", "-f", "json", timeout=60)
    assert "M001" not in {f["code"] for f in json.loads(validated.stdout)["findings"]}
