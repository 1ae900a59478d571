"""The audit's cache: a warm audit or report says exactly what a cold one does, figures and
schedules included, and a changed setting or a tampered entry is a miss, never a stale answer."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import math
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import BROKEN, FIXTURES, REPO, run_mpptool
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mpptool.commands.audit import AuditOptions, LogRequest, audit_paths, run_audit
from mpptool.commands.report import ReportOptions, run_report
from mpptool.engine.cache import OutcomeCache, _Bad, _decode, _encode, _typed, _value, audit_cache_file, run_key
from mpptool.engine.catalog import check_catalog
from mpptool.engine.checker import FileChecker, FileOutcome
from mpptool.model import AuditSettings
from mpptool.rules import audit_rules
from mpptool.vocab.figures import MppFigures
from mpptool.vocab.schedule import MppSchedule

TODAY = dt.date(2025, 10, 31)
LOGS = str(REPO / "examples" / "activity")


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    shutil.copytree(REPO / "catalog", folder)
    shutil.copytree(BROKEN, folder / "broken")
    return folder


def _audit(catalog: Path, cache_dir: Path | None, logs: bool = False, **changes: Any) -> Any:
    options = AuditOptions(
        (str(catalog),),
        isolated=True,
        logs=LogRequest((LOGS,)) if logs else None,
        cache=cache_dir is not None,
        cache_dir=str(cache_dir) if cache_dir else None,
        **changes,
    )
    run = run_audit(options, TODAY)
    assert run.result.notes == tuple(n for n in run.result.notes if "cache" not in str(n))  # no cache note
    return run


def _outcomes(catalog: Path, schedules: bool) -> list[FileOutcome]:
    checker = FileChecker(audit_rules(schedules), settings=AuditSettings(TODAY, schedules=schedules))
    return check_catalog([str(catalog)], checker, jobs=1)[0]


@pytest.mark.parametrize("logs", [False, True], ids=["catalog", "activity"])
def test_a_warm_audit_equals_a_cold_one(catalog: Path, tmp_path: Path, logs: bool) -> None:
    cache_dir = tmp_path / "cache"
    uncached = _audit(catalog, None, logs)
    cold = _audit(catalog, cache_dir, logs)
    assert (cache_dir / audit_cache_file(logs)).is_file()
    warm = _audit(catalog, cache_dir, logs)
    assert cold.result == uncached.result
    assert warm.result == uncached.result
    assert [m.figures for m in warm.result.mpps] == [m.figures for m in uncached.result.mpps]
    assert str(cache_dir / audit_cache_file(logs)) in warm.read  # an output never replaces the cache
    if logs:
        assert any(m.activity is not None and m.activity.counters for m in warm.result.mpps)


def test_every_outcome_is_answered_from_the_cache(catalog: Path, tmp_path: Path) -> None:
    """Counted, not assumed: a decoder that failed on some field would make every run a silent miss."""
    settings_ = AuditSettings(TODAY, schedules=True)
    rules = audit_rules(True)
    key = run_key(rules, 100, settings_)
    first = OutcomeCache(str(tmp_path / "c"), key, audit_cache_file(True))
    cold = audit_paths([str(catalog)], settings_, jobs=1, cache=first)
    assert first.save() is None
    again = OutcomeCache(str(tmp_path / "c"), key, audit_cache_file(True))
    warm = audit_paths([str(catalog)], settings_, jobs=1, cache=again)
    readable = [o for o in _outcomes(catalog, True) if o.digest is not None]
    assert again.hits == len(readable) > 40
    assert warm == cold


def test_figures_and_schedules_of_real_files_round_trip(catalog: Path) -> None:
    outcomes = [o for o in _outcomes(catalog, True) if o.figures is not None]
    assert sum(1 for o in outcomes if o.schedule is not None and o.schedule.counters) >= 3
    for outcome in outcomes:
        stored = json.loads(json.dumps(_encode(outcome), allow_nan=False))
        assert _decode(outcome.display, stored) == dataclasses.replace(outcome, digest=None)


def test_settings_enter_the_key(catalog: Path, tmp_path: Path) -> None:
    """Figures and findings depend on the date and thresholds: another setting is never answered by a stale entry."""
    cache_dir = tmp_path / "cache"
    _audit(catalog, cache_dir)
    for changes in ({"as_of": "2024-01-01"}, {"thresholds": {"low_throughput": 5000}}):
        assert _audit(catalog, cache_dir, **changes).result == _audit(catalog, None, **changes).result


def test_the_audit_and_the_audit_with_logs_keep_their_own_files(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    _audit(catalog, cache_dir)
    _audit(catalog, cache_dir, logs=True)
    assert sorted(p.name for p in cache_dir.iterdir()) == [".gitignore", "audit-activity.json", "audit.json"]


def test_a_warm_report_equals_a_cold_one(catalog: Path, tmp_path: Path) -> None:
    cache_dir = tmp_path / "cache"
    uncached = run_report(ReportOptions((str(catalog),), isolated=True, cache=False), TODAY)
    for _ in range(2):
        run = run_report(ReportOptions((str(catalog),), isolated=True, cache_dir=str(cache_dir)), TODAY)
        assert run.report == uncached.report
    assert (cache_dir / "audit.json").is_file()


def _tamper(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Entries edited one way each: a wrong type, a bad date, a field too many or too few, another file's name."""
    figures = entry["figures"]
    edits = []
    for part, index, value in (
        ("figures", 3, 7),  # region: a number for a text
        ("figures", 9, "12"),  # services: a text for a number
        ("figures", 9, True),  # a boolean is not a count
        ("figures", 9, -1.5),  # a float for an int
        ("schedule", 7, "2024-13-40"),  # opened: no such date
        ("schedule", 7, "2024-1-1"),
        ("figures", 0, "elsewhere.yaml"),  # an entry moved to another file
    ):
        copy = json.loads(json.dumps(entry))
        copy[part][index] = value
        edits.append(copy)
    for part, changed in (("figures", [*figures, 1]), ("figures", figures[:-1]), ("schedule", {"id": 1})):
        copy = json.loads(json.dumps(entry))
        copy[part] = changed
        edits.append(copy)
    copy = json.loads(json.dumps(entry))
    copy["schedule"][8][0] = [1, 2]  # a counter that is a pair of numbers
    edits.append(copy)
    copy = json.loads(json.dumps(entry))
    del copy["figures"]
    edits.append(copy)
    return edits


def test_a_tampered_entry_is_a_miss(catalog: Path, tmp_path: Path) -> None:
    target = catalog / "kab-cirebon.yaml"
    settings_ = AuditSettings(TODAY, schedules=True)
    key = run_key(audit_rules(True), 100, settings_)
    cache_dir = tmp_path / "cache"
    fresh = OutcomeCache(str(cache_dir), key, audit_cache_file(True))
    expected = audit_paths([str(target)], settings_, jobs=1, cache=fresh)
    assert fresh.save() is None
    stored = json.loads((cache_dir / audit_cache_file(True)).read_text(encoding="utf-8"))
    ((display, (content, entry)),) = stored["files"].items()
    assert entry["schedule"][7] is not None, "the fixture needs an opening date to tamper with"
    for edited in _tamper(entry):
        stored["files"] = {display: [content, edited]}
        (cache_dir / audit_cache_file(True)).write_text(json.dumps(stored), encoding="utf-8")
        cache = OutcomeCache(str(cache_dir), key, audit_cache_file(True))
        assert audit_paths([str(target)], settings_, jobs=1, cache=cache) == expected
        assert cache.hits == 0, edited


def test_a_value_json_cannot_hold_is_not_stored() -> None:
    with pytest.raises(_Bad):
        _value(math.nan)
    with pytest.raises(_Bad):
        _value(dt.datetime(2025, 1, 1))  # a time where a date belongs
    with pytest.raises(_Bad):
        _value(object())


def _every_field(kind: type) -> st.SearchStrategy[Any]:
    """Values of ``kind`` with every field drawn, those with defaults too (``builds`` alone leaves them)."""
    import typing

    hints = typing.get_type_hints(kind)
    return st.builds(kind, **{f.name: st.from_type(hints[f.name]) for f in dataclasses.fields(kind)})


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_every_field(MppFigures))
def test_any_figures_round_trip_or_are_refused(figures: MppFigures) -> None:
    _round_trip(MppFigures, figures)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_every_field(MppSchedule))
def test_any_schedule_round_trips_or_is_refused(schedule: MppSchedule) -> None:
    _round_trip(MppSchedule, schedule)


def _round_trip(kind: type, value: Any) -> None:
    """What :func:`_value` writes reads back equal; what it cannot write (a NaN) it refuses, never garbles."""
    try:
        data = _value(value)
    except _Bad:
        return
    stored = json.loads(json.dumps(data, allow_nan=False))
    assert _typed(kind, stored) == value


def test_cli_audit_and_report_take_no_cache_and_cache_dir(tmp_path: Path) -> None:
    folder = tmp_path / "given"
    run = run_mpptool("audit", str(REPO / "catalog"), "--format", "json", "--cache-dir", str(folder))
    assert run.returncode == 0, run.stderr
    assert (folder / "audit.json").is_file()
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(FIXTURES / "valid-minimal.yaml", work / "valid.yaml")
    for command in (["audit", "valid.yaml", "--format", "json"], ["report", "valid.yaml", "--format", "json"]):
        run = run_mpptool(*command, "--no-cache", cwd=work, env={"MPPTOOL_CACHE_DIR": ""})
        assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in work.iterdir()) == ["valid.yaml"]
