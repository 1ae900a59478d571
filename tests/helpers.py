"""Shared helpers for the CLI, broken-corpus and golden tests: run `mpptool` as a user would.

Every run goes through a real subprocess (the console script installed beside the running
Python, or `python -m mpptool` when there is none), with a timeout, a clean colour
environment and the output decoded strictly as UTF-8, so a hang, a traceback or a stray
byte fails the test instead of passing unnoticed.
"""

from __future__ import annotations

import atexit
import difflib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"
BROKEN = TESTS / "broken"
FIXTURES = TESTS / "fixtures"
GOLDEN = TESTS / "golden"
VALID_MINIMAL = FIXTURES / "valid-minimal.yaml"

UPDATE_GOLDENS = os.environ.get("MPPTOOL_UPDATE_GOLDENS", "") not in ("", "0")
"""Set MPPTOOL_UPDATE_GOLDENS=1 to rewrite the golden files instead of comparing against them."""

SIZE_LIMIT = 4 * 1024 * 1024
"""The documented size limit of a catalog file (4 MiB); larger files are F004."""

DEFAULT_TIMEOUT = 20.0
"""Seconds any single run may take; a FIFO or an alias bomb must not get near it."""

_COLOUR_VARIABLES = ("FORCE_COLOR", "NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "MPPTOOL_DEBUG", "TTY_COMPATIBLE")

FINDING_KEYS = frozenset(
    {"code", "severity", "message", "file", "line", "column", "pointer", "mpp", "end_line", "end_column", "cell"}
)
SUMMARY_KEYS = frozenset({"files", "errors", "warnings", "infos"})


@dataclass(frozen=True, slots=True)
class Run:
    """What one `mpptool` process did."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str
    seconds: float

    def json(self) -> dict[str, Any]:
        """stdout parsed as one JSON object (fails the test if it is not one)."""
        data = json.loads(self.stdout)
        assert isinstance(data, dict), f"JSON output is not an object: {self.stdout[:200]!r}"
        return data

    def describe(self) -> str:
        """For assertion messages."""
        return (
            f"mpptool {' '.join(self.args)} -> exit {self.returncode} in {self.seconds:.2f}s\n"
            f"--- stdout ---\n{self.stdout[:4000]}\n--- stderr ---\n{self.stderr[:4000]}"
        )


def mpptool_command() -> list[str]:
    """How to start mpptool: the console script of this interpreter's environment, if any."""
    script = Path(sys.executable).with_name("mpptool")
    if script.is_file() and os.access(script, os.X_OK):
        return [str(script)]
    found = shutil.which("mpptool")
    if found is not None and Path(found).parent == Path(sys.executable).parent:
        return [found]
    return [sys.executable, "-m", "mpptool"]


_CACHE_DIR = tempfile.mkdtemp(prefix="mpptool-test-cache-")
atexit.register(shutil.rmtree, _CACHE_DIR, True)


def clean_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The current environment without anything that changes colour, debug or format choice.

    ``GITHUB_ACTIONS`` would switch `--format auto` to annotations when the suite itself runs
    in GitHub Actions; the cache goes to one folder per test session, never the working folder.
    """
    env = {key: value for key, value in os.environ.items() if key not in _COLOUR_VARIABLES}
    env.pop("COLUMNS", None)
    env.pop("GITHUB_ACTIONS", None)
    env.pop("MPPTOOL_LANG", None)  # a tester's own language must not change the goldens
    env["MPPTOOL_CACHE_DIR"] = _CACHE_DIR
    if extra:
        env.update(extra)
    return env


def run_mpptool(
    *args: str | os.PathLike[str],
    cwd: str | os.PathLike[str] | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    command: Sequence[str] | None = None,
) -> Run:
    """Run mpptool with ``args`` (in ``cwd``, default the repository root) and capture everything."""
    given = tuple(os.fspath(arg) for arg in args)
    argv = [*(command if command is not None else mpptool_command()), *given]
    started = time.monotonic()
    completed = subprocess.run(
        argv,
        cwd=os.fspath(cwd) if cwd is not None else REPO,
        env=clean_env(env),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        timeout=timeout,
        check=False,
    )
    seconds = time.monotonic() - started
    return Run(
        given,
        completed.returncode,
        completed.stdout.decode("utf-8"),
        completed.stderr.decode("utf-8"),
        seconds,
    )


def assert_no_traceback(run: Run) -> None:
    """The contract: never a traceback, whatever the input."""
    for stream in (run.stdout, run.stderr):
        assert "Traceback" not in stream, run.describe()
        assert "internal error" not in stream, run.describe()


@cache
def known_rule_codes() -> frozenset[str]:
    """Every rule code `mpptool rules` lists (the first word of each line)."""
    run = run_mpptool("rules")
    assert run.returncode == 0, run.describe()
    codes = frozenset(line.split()[0] for line in run.stdout.splitlines() if line.strip())
    assert codes, run.describe()
    return codes


def check_validate_json(run: Run) -> dict[str, Any]:
    """Shape checks every `validate --format json` output must pass; returns the data."""
    assert_no_traceback(run)
    data = run.json()
    assert set(data) == {"findings", "summary"}, data.keys()
    assert set(data["summary"]) == SUMMARY_KEYS, data["summary"]
    codes = known_rule_codes()
    for finding in data["findings"]:
        assert set(finding) == FINDING_KEYS, finding
        assert finding["code"] in codes, finding
        assert finding["severity"] in ("error", "warning", "info"), finding
        assert isinstance(finding["line"], int) and finding["line"] >= 1, finding
        assert isinstance(finding["column"], int) and finding["column"] >= 1, finding
        assert isinstance(finding["message"], str) and finding["message"], finding
        assert isinstance(finding["file"], str) and finding["file"], finding
        assert isinstance(finding["pointer"], str), finding
        assert finding["pointer"] == "" or finding["pointer"].startswith("/"), finding
        assert finding["mpp"] is None or isinstance(finding["mpp"], str), finding
    severities = [finding["severity"] for finding in data["findings"]]
    assert data["summary"]["errors"] == severities.count("error"), data["summary"]
    assert data["summary"]["warnings"] == severities.count("warning"), data["summary"]
    assert data["summary"]["infos"] == severities.count("info"), data["summary"]
    expected_exit = 1 if "error" in severities else 0
    assert run.returncode == expected_exit, run.describe()
    return data


def compare_golden(golden: Path, actual: str, test_file: str = "tests/formats/test_golden.py") -> None:
    """Fail with a unified diff unless ``actual`` is byte for byte ``golden``; rewrite it under UPDATE_GOLDENS.

    ``test_file`` is the test module to name in the hint for regenerating the golden.
    """
    if UPDATE_GOLDENS:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(actual.encode("utf-8"))  # byte for byte: CSV lines end in CRLF
        return
    if not golden.is_file():
        pytest.fail(
            f"{golden.relative_to(REPO)} is missing: create it with "
            f"MPPTOOL_UPDATE_GOLDENS=1 python -m pytest {test_file}",
            pytrace=False,
        )
    expected = golden.read_bytes().decode("utf-8")
    if expected != actual:
        diff = difflib.unified_diff(
            expected.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            fromfile=f"{golden.relative_to(REPO)} (golden)",
            tofile="mpptool output (actual)",
        )
        pytest.fail(
            "output differs from the golden file; if the change is intended, regenerate with "
            f"MPPTOOL_UPDATE_GOLDENS=1 python -m pytest {test_file}\n\n" + "".join(diff),
            pytrace=False,
        )


GIT_SETUP = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_PREFIX", "GIT_EXTERNAL_DIFF")
"""Variables a git hook or the user's shell may set that would point git at another repository."""


def isolate_git(monkeypatch: pytest.MonkeyPatch, ceiling: Path) -> None:
    """No user or system git configuration, no hook-set GIT_DIR, no repository found above ``ceiling``."""
    for name in GIT_SETUP:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(ceiling))
