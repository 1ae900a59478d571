"""Hostile input, round two: bounded work, nothing escapes the project, no forged CI output,
no lost bytes, never an internal error.

mpptool is run by CI on pull requests from anyone: a catalog, a configuration file and a cache
folder are attacker-controlled. Each test here builds one such input for real and checks the
guarantee the README's "Hostile input" section makes. How long the worst inputs take is
measured by `benchmarks/bench_hostile.py`, not here.
"""

from __future__ import annotations

import json
import os
import re
import resource
import shutil
import signal
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import VALID_MINIMAL, assert_no_traceback, clean_env, mpptool_command, run_mpptool
from hypothesis import given, settings
from hypothesis import strategies as st

from mpptool.engine import output
from mpptool.engine.checker import MAX_FINDINGS_PER_CODE, MAX_MESSAGE, FileChecker
from mpptool.engine.config import compile_glob
from mpptool.loaders.comments import outside_values, read_suppressions
from mpptool.text.safe import Medium, guard_lines, markdown, safe

MINIMAL = VALID_MINIMAL.read_text(encoding="utf-8")
CHECKER = FileChecker()


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "m.yaml").write_text(MINIMAL, encoding="utf-8")
    return folder


# --- work that grows faster than the input ------------------------------------------------------


def _many_bad_days(count: int) -> str:
    days = ", ".join("senin" for _ in range(count))
    return MINIMAL.replace("hours: {days: [mon, tue, wed, thu, fri]", f"hours: {{days: [{days}]")


def test_findings_of_one_code_are_capped_with_a_closing_count() -> None:
    outcome = CHECKER.check_text("m.yaml", _many_bad_days(5_000))
    s004 = [finding for finding in outcome.findings if finding.code == "S004"]
    assert len(s004) == MAX_FINDINGS_PER_CODE + 1
    closing = s004[-1]
    assert closing.message.startswith(f"and {5_000 - MAX_FINDINGS_PER_CODE:,} more S004 findings in this file")
    assert "max-findings-per-code" in closing.message
    assert (closing.line, closing.pointer) == (12, f"/mpp/hours/days/{MAX_FINDINGS_PER_CODE}")


def test_the_cap_is_configurable_and_keys_the_cache(catalog: Path) -> None:
    (catalog / "m.yaml").write_text(_many_bad_days(40), encoding="utf-8")
    first = run_mpptool("validate", "catalog", "-f", "json", cwd=catalog.parent).json()
    assert len([f for f in first["findings"] if f["code"] == "S004"]) == 40
    (catalog.parent / "mpptool.toml").write_text("max-findings-per-code = 5\n", encoding="utf-8")
    capped = run_mpptool("validate", "catalog", "-f", "json", cwd=catalog.parent).json()  # not the cache's answer
    assert len([f for f in capped["findings"] if f["code"] == "S004"]) == 6
    (catalog.parent / "mpptool.toml").write_text("max-findings-per-code = 0\n", encoding="utf-8")
    bad = run_mpptool("validate", "catalog", cwd=catalog.parent)
    assert bad.returncode == 2 and "max-findings-per-code" in bad.stderr and "E008" in bad.stderr


def test_every_message_and_pointer_stays_short_whatever_the_values() -> None:
    long_id = "x" * 4_000
    text = MINIMAL.replace("agency: disdukcapil", f"agency: {long_id}").replace("id: A01", f"id: A{'1' * 4_000}")
    text = text.replace("  status: operating", f"  status: operating\n  {long_id}: 1")
    for finding in CHECKER.check_text("m.yaml", text).findings:
        assert len(finding.message) <= MAX_MESSAGE, finding.message[:200]
        assert len(finding.pointer) <= 1_000


def test_comment_lines_in_a_row_each_silence_the_next_data_line() -> None:
    lines = ["a: 1"] + ["# mpptool: ignore[C001]"] * 3 + ["", "# plain", "b: 2", "# mpptool: ignore[C002]"]
    found = read_suppressions("\n".join(lines) + "\n")
    assert [(entry.line, entry.target) for entry in found.entries] == [(2, 7), (3, 7), (4, 7), (8, 9)]


def test_a_comment_inside_a_quoted_value_is_data_wherever_the_values_are() -> None:
    values = [(1, 5, 1, 30), (3, 1, 6, 2), (10, 4, 10, 9)]
    lines = "\n".join("x: 1 # mpptool: ignore[C001]" for _ in range(12)) + "\n"
    found = read_suppressions(lines)
    kept = outside_values(found, values)
    # (1, 6) lies in the first value, lines 3 to 5 in the second (line 6's column 6 is after its
    # end), line 10's column 6 in the third
    assert [entry.line for entry in kept.entries] == [2, 6, 7, 8, 9, 11, 12]


_GLOB_PIECES = st.lists(st.sampled_from(["a", "b", "/", "*", "?", "**", "**/", "."]), max_size=8)
_PATHS = st.text(alphabet="ab/.", max_size=10)


def _reference(pattern: str) -> re.Pattern[str]:
    """The old regex translation, kept as the oracle on inputs too small to backtrack for long."""
    pattern = pattern.removeprefix("./")
    parts: list[str] = []
    index = 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        else:
            char = pattern[index]
            parts.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            index += 1
    return re.compile("".join(parts) + r"\Z")


@settings(max_examples=400, deadline=None)
@given(pieces=_GLOB_PIECES, path=_PATHS)
def test_glob_matching_agrees_with_the_regex_it_replaced(pieces: list[str], path: str) -> None:
    pattern = "".join(pieces)
    assert compile_glob(pattern).match(path) is bool(_reference(pattern).match(path)), (pattern, path)


@pytest.fixture
def alarm() -> Iterator[None]:
    """A hang becomes a failure after 20 seconds (the catastrophic regex ran for minutes)."""

    def fail(_number: int, _frame: Any) -> None:
        raise AssertionError("still running after 20 s: the matcher backtracks")

    previous = signal.signal(signal.SIGALRM, fail)
    signal.alarm(20)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def test_a_pattern_that_backtracks_catastrophically_as_a_regex_does_not_here(alarm: None) -> None:
    pattern = "*a" * 30 + "*b"
    assert compile_glob(pattern).match("a" * 200) is False
    assert compile_glob(pattern).match("a" * 200 + "b") is True


# --- no forged CI output ------------------------------------------------------------------------


HOSTILE_ID = "::add-mask::secret"


def _hostile_catalog(folder: Path) -> None:
    text = MINIMAL.replace("id: kota-mojokerto", f'id: "{HOSTILE_ID}"')
    text = text.replace("type: POL-01", 'type: "##[group]x"').replace("id: A01", 'id: "::error::forged"')
    text = text.replace("agency: pln", 'agency: "::stop-commands::t"')
    (folder / "m.yaml").write_text(text, encoding="utf-8")
    other = MINIMAL.replace("id: kota-mojokerto", "id: kota-b").replace('"35.76"', '"35.77"')
    (folder / "b.yaml").write_text(other.replace("type: ADM-04", 'type: "::warning::x"'), encoding="utf-8")


def _runner_command(line: str) -> bool:
    """Whether GitHub's runner reads ``line`` as a command: `::` after leading white space, or
    the legacy `##[` (and Azure's `##vso[`) anywhere."""
    return line.lstrip().startswith("::") or re.search(r"##\w*\[", line) is not None


COMMANDS = [
    *(("validate", "catalog", "-f", fmt) for fmt in ("text", "json", "sarif", "junit", "markdown")),
    *(("audit", "catalog", "--as-of", "2026-11-22", "-f", fmt) for fmt in ("text", "json", "markdown", "csv")),
    *(("report", "catalog", "--as-of", "2026-11-22", "-f", fmt) for fmt in ("markdown", "html", "json", "csv")),
    *(("diff", "--matrix", "catalog", "-f", fmt) for fmt in ("text", "json", "markdown")),
    *(("diff", "catalog/m.yaml", "catalog/b.yaml", "-f", fmt) for fmt in ("text", "json", "markdown")),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda args: " ".join(a for a in args if not a.startswith("20")))
def test_no_line_of_any_output_is_a_runner_command(catalog: Path, args: tuple[str, ...]) -> None:
    _hostile_catalog(catalog)
    run = run_mpptool(*args, cwd=catalog.parent)
    assert_no_traceback(run)
    assert HOSTILE_ID.split("::")[1] in run.stdout or "add-mask" in run.stdout, run.describe()
    for line in run.stdout.splitlines() + run.stderr.splitlines():
        assert not _runner_command(line), line
    if args[-1] == "json" and args[0] != "report":
        json.loads(run.stdout)  # the escapes keep it valid, and equal once parsed


@pytest.mark.parametrize("fmt", ["github"])
@pytest.mark.parametrize("command", [("validate", "catalog"), ("diff", "--rev", "HEAD", "catalog")])
def test_workflow_commands_are_ours_alone(catalog: Path, fmt: str, command: tuple[str, ...]) -> None:
    _hostile_catalog(catalog)
    if command[0] == "diff":
        for git in (["init", "-q"], ["add", "."], ["-c", "user.name=t", "-c", "user.email=t@t", "commit", "-qm", "x"]):
            subprocess.run(["git", *git], cwd=catalog.parent, check=True, capture_output=True)
        (catalog / "m.yaml").write_text((catalog / "m.yaml").read_text() + "# ::add-mask::x\n", encoding="utf-8")
        (catalog / "b.yaml").write_text((catalog / "b.yaml").read_text().replace("5120", "5121"), encoding="utf-8")
    run = run_mpptool(*command, "-f", fmt, cwd=catalog.parent)
    commands = [line for line in run.stdout.splitlines() if _runner_command(line)]
    assert all(re.match(r"::(error|warning|notice) ", line) for line in commands), commands


def test_guard_lines_escapes_what_each_reader_undoes() -> None:
    text = "ok\n::add-mask::x\n \u00a0::error::y ##[group] ##vso[task]\n"
    assert guard_lines(text, Medium.TEXT) == "ok\n\\x3a:add-mask::x\n \u00a0\\x3a:error::y ##\\[group] ##vso\\[task]\n"
    parsed = json.loads(guard_lines(json.dumps({"m": "##[group] ##vso[x]"}), Medium.JSON))
    assert parsed == {"m": "##[group] ##vso[x]"}
    assert guard_lines("::error file=a::b\nx ::y\n", Medium.WORKFLOW) == "::error file=a::b\nx ::y\n"
    assert "'::" in guard_lines("::add-mask::x,1\n", Medium.CSV)


@pytest.mark.parametrize(
    "char", ["\u061c", "\u2060", "\u2062", "\u2066", "\u00ad", "\ufeff", "\u3164", "\u2800", "\U000e0041"]
)
def test_every_invisible_format_character_is_escaped(char: str) -> None:
    shown = safe(f"a{char}b")
    assert char not in shown and shown.startswith("a\\") and shown.endswith("b")


def test_ordinary_text_is_untouched() -> None:
    assert safe("Dinas Pemuda — Olahraga, Cafe\u0301 é ñ 漢字 …") == "Dinas Pemuda — Olahraga, Cafe\u0301 é ñ 漢字 …"


def test_markdown_neutralises_issue_and_commit_references() -> None:
    shown = markdown("see #12, GH-7 and deadbeef12 (c0ffee1); not 20230221 or x#1")
    assert "#12" not in shown and "GH-7" not in shown and "deadbeef12" not in shown and "c0ffee1" not in shown
    assert "20230221" in shown and "x#1" in shown


# --- no lost bytes ------------------------------------------------------------------------------


def _run_raw(args: list[str], cwd: Path, **options: Any) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([*mpptool_command(), *args], cwd=cwd, env=clean_env(), capture_output=False, **options)


def test_a_full_disk_is_an_error_not_a_pass(catalog: Path) -> None:
    if not os.path.exists("/dev/full"):
        pytest.skip("no /dev/full here")
    with open("/dev/full", "w") as full:
        done = _run_raw(["validate", "catalog", "-f", "json"], catalog.parent, stdout=full, stderr=subprocess.PIPE)
    assert done.returncode == 2
    assert b"could not be written in full" in done.stderr and b"No space left" in done.stderr


def test_a_file_size_limit_is_an_error_not_a_short_report(catalog: Path, tmp_path: Path) -> None:
    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (2_048, 2_048))

    target = tmp_path / "out.json"
    with open(target, "wb") as stream:
        done = _run_raw(
            ["audit", "catalog", "-f", "json", "--as-of", "2026-11-22"],
            catalog.parent,
            stdout=stream,
            stderr=subprocess.PIPE,
            preexec_fn=limit,
        )
    assert done.returncode == 2, done.stderr
    assert b"could not be written in full" in done.stderr


def test_a_closed_stdout_is_an_error(catalog: Path) -> None:
    done = _run_raw(
        ["validate", "catalog"], catalog.parent, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        preexec_fn=lambda: os.close(1),
    )  # fmt: skip
    assert done.returncode == 2 and b"stdout" in done.stderr, done.stderr


def test_a_reader_that_goes_away_ends_the_run_quietly(catalog: Path) -> None:
    for number in range(60):  # enough output to fill a pipe
        (catalog / f"m{number}.yaml").write_text(MINIMAL.replace("kota-mojokerto", f"k{number}"), encoding="utf-8")
    process = subprocess.Popen(
        [*mpptool_command(), "audit", "catalog", "-f", "json", "--as-of", "2026-11-22"],
        cwd=catalog.parent,
        env=clean_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.read(10)
    process.stdout.close()
    error = process.stderr.read()
    assert process.wait(timeout=60) == 141
    assert b"Traceback" not in error and b"internal error" not in error


def test_a_signal_during_the_write_leaves_no_partial_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    real = output._write_all

    def interrupted(fd: int, data: bytes) -> None:
        real(fd, data[:10])
        os.kill(os.getpid(), signal.SIGTERM)

    monkeypatch.setattr(output, "_write_all", interrupted)
    with pytest.raises(output.Interrupted) as caught:
        output.write_atomic(str(tmp_path / "report.json"), "x" * 1_000)
    assert caught.value.number == signal.SIGTERM
    assert list(tmp_path.iterdir()) == []
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # put back as it was


@pytest.mark.parametrize("name", ["mpptool.toml", "pyproject.toml"])
def test_an_output_never_replaces_the_configuration_it_read(catalog: Path, name: str) -> None:
    config = catalog.parent / name
    body = "strict = true\n" if name == "mpptool.toml" else "[tool.mpptool]\nstrict = true\n"
    config.write_text(body, encoding="utf-8")
    for command in (["validate", "catalog"], ["audit", "catalog"], ["report", "catalog"]):
        run = run_mpptool(*command, "-o", name, cwd=catalog.parent)
        assert run.returncode == 2 and "refusing to write over an input file" in run.stderr, run.describe()
    assert config.read_text(encoding="utf-8") == body


def test_an_output_never_replaces_the_cache_it_read(catalog: Path) -> None:
    cache = catalog.parent / "cache"
    run_mpptool("validate", "catalog", "--cache-dir", str(cache), cwd=catalog.parent)
    stored = (cache / "validate.json").read_text(encoding="utf-8")
    run = run_mpptool(
        "validate", "catalog", "--cache-dir", str(cache), "-o", str(cache / "validate.json"), cwd=catalog.parent
    )
    assert run.returncode == 2 and "refusing to write over an input file" in run.stderr, run.describe()
    assert (cache / "validate.json").read_text(encoding="utf-8") == stored


# --- nothing escapes the project ----------------------------------------------------------------


def test_a_cache_folder_that_is_a_symlink_out_of_the_project_is_not_used(
    catalog: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (catalog.parent / ".mpptool_cache").symlink_to(elsewhere)
    env = clean_env()
    env.pop("MPPTOOL_CACHE_DIR")
    done = subprocess.run(
        [*mpptool_command(), "validate", "catalog"], cwd=catalog.parent, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert "cache not used" in done.stderr
    assert list(elsewhere.iterdir()) == []


def test_a_configured_cache_dir_through_a_symlink_out_of_the_project_is_refused(
    catalog: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    (catalog.parent / "inside").symlink_to(elsewhere)
    (catalog.parent / "mpptool.toml").write_text('cache-dir = "inside/cache"\n', encoding="utf-8")
    env = clean_env()
    env.pop("MPPTOOL_CACHE_DIR")
    done = subprocess.run(
        [*mpptool_command(), "validate", "catalog"], cwd=catalog.parent, env=env, capture_output=True, text=True
    )
    assert done.returncode == 2 and "E008" in done.stderr and "symlink" in done.stderr
    assert list(elsewhere.iterdir()) == []


# --- never an internal error --------------------------------------------------------------------


def test_a_deeply_nested_configuration_is_a_located_error(catalog: Path) -> None:
    (catalog.parent / "mpptool.toml").write_text("x = " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8")
    run = run_mpptool("validate", "catalog", cwd=catalog.parent)
    assert_no_traceback(run)
    assert run.returncode == 2 and "E008" in run.stderr and "mpptool.toml:1:1" in run.stderr, run.describe()


def test_a_deeply_nested_pyproject_that_is_not_ours_is_no_crash(catalog: Path) -> None:
    (catalog.parent / "pyproject.toml").write_text(
        "# mentions mpptool\nx = " + "[" * 5_000 + "]" * 5_000 + "\n", encoding="utf-8"
    )
    run = run_mpptool("validate", "catalog", cwd=catalog.parent)
    assert_no_traceback(run)
    assert run.returncode == 2 and "E008" in run.stderr


def test_a_deeply_nested_cache_file_is_a_miss(catalog: Path) -> None:
    cache = catalog.parent / "cache"
    cache.mkdir()
    (cache / "validate.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    run = run_mpptool("validate", "catalog", "--cache-dir", str(cache), cwd=catalog.parent)
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()


def test_a_folder_1200_levels_deep_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    deepest = str(folder)
    os.mkdir(deepest)
    for _ in range(1_200):  # os.makedirs recurses once per level
        deepest = os.path.join(deepest, "d")
        os.mkdir(deepest)
    shutil.copy(VALID_MINIMAL, os.path.join(deepest, "m.yaml"))
    try:
        run = run_mpptool("validate", "catalog", "-f", "json", cwd=tmp_path)
    finally:  # remove it bottom up: shutil.rmtree (and pytest's clean-up of old runs) recurses per level
        os.unlink(os.path.join(deepest, "m.yaml"))
        while deepest != str(folder):
            os.rmdir(deepest)
            deepest = os.path.dirname(deepest)
    assert_no_traceback(run)
    assert run.returncode == 0 and run.json()["summary"]["files"] == 1, run.describe()


@pytest.mark.parametrize("date", ["9999-12-31", "0001-01-01", "3000-01-01"])
@pytest.mark.parametrize("command", ["audit", "report"])
def test_an_as_of_date_at_the_calendar_edge_is_a_usage_error(catalog: Path, command: str, date: str) -> None:
    run = run_mpptool(command, "catalog", "--as-of", date, "-f", "json", cwd=catalog.parent)
    assert_no_traceback(run)
    assert run.returncode == 2 and "E005" in run.stderr, run.describe()
