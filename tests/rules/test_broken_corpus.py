"""The broken corpus: every file in tests/broken/ holds one problem, and mpptool must say so.

Each file is tests/fixtures/valid-minimal.yaml with one edit (tests/broken/README.md lists
them). The table below gives, for each file, the finding it must produce at the line and
column worked out by hand from the file, the other codes it may legitimately produce and
words its message must contain. Every file runs through `mpptool validate FILE --format json`
in a subprocess; exit status, JSON shape, rule codes and positions are checked for all.

Problems that cannot be committed (a FIFO, symlinks, a 4 MiB file, an unreadable file, a
missing path) are built in a temporary folder at test time.
"""

from __future__ import annotations

import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    BROKEN,
    SIZE_LIMIT,
    VALID_MINIMAL,
    Run,
    assert_no_traceback,
    check_validate_json,
    run_mpptool,
)

Position = tuple[str, int, int]


@dataclass(frozen=True, slots=True)
class Expect:
    """What one corpus file must produce."""

    code: str
    line: int
    column: int
    exit: int = 1
    also_at: tuple[Position, ...] = ()
    """Further findings of the same mistake made again elsewhere, (code, line, column): never a
    consequence of the first, which one mistake, one finding forbids."""
    says: tuple[str, ...] = ()
    """Words the primary finding's message must contain."""
    never_says: tuple[str, ...] = ()
    """Words it must not contain."""
    codes: frozenset[str] = field(init=False)

    def __post_init__(self) -> None:
        codes = {self.code, *(code for code, _, _ in self.also_at)}
        object.__setattr__(self, "codes", frozenset(codes))


def _e(code: str, line: int, column: int, **details: Any) -> Expect:
    return Expect(code, line, column, **details)


CORPUS: dict[str, Expect] = {
    # YAML that does not parse, or is not UTF-8.
    "syntax-error.yaml": _e("Y001", 7, 10, says=("syntax error",)),  # the ':' after the over-indented `region`
    "tab-indent.yaml": _e("Y001", 8, 1, says=("tab",)),  # the tab itself
    "unclosed-quote.yaml": _e("Y001", 6, 9, says=("never closed",)),  # the opening quote, not the end of file
    "not-utf8.yaml": _e("Y002", 6, 60, says=("0xe9", "UTF-8")),  # the é byte of "(Caf\xe9)"
    "control-char.yaml": _e("Y002", 29, 27, says=("0x07",)),  # the BEL after "Resor"
    # YAML the format forbids.
    "duplicate-key.yaml": _e("Y004", 10, 3, says=("`status`", "first at line 8")),
    "duplicate-key-nested.yaml": _e("Y004", 86, 7, says=("`fee`", "first at line 85")),
    "non-string-key.yaml": _e("Y005", 12, 3, says=("`yes`", '"yes"')),
    "alias.yaml": _e("Y006", 105, 11, says=("*weekdays",)),  # the alias, not the anchor (12:17)
    "billion-laughs.yaml": _e(
        "Y006",
        17,
        23,  # the first *a; a file with aliases gets no schema or rule checks (its data is not as written)
        says=("*a", "79 more"),  # one finding for every alias: using aliases is one mistake
    ),
    "explicit-tag.yaml": _e("Y007", 7, 11, also_at=(("Y007", 8, 11),), says=("explicit tag",)),
    "multiple-documents.yaml": _e("Y008", 122, 1, says=("more than one YAML document",)),  # the second `---`
    "deep-nesting.yaml": _e(
        "Y009",
        43,
        49,  # the 29th '[' (depth 32: root 0, services 1, service 2, standard 3, requirements 4)
        says=("32",),  # no schema findings follow: the data below the limit is cut off
    ),
    "ambiguous-bool.yaml": _e("Y010", 88, 9, says=("`no`", '"no"')),
    "ambiguous-octal.yaml": _e("Y010", 85, 12, says=("030000",)),
    "empty-file.yaml": _e("Y011", 1, 1, says=("no content",)),
    "list-root.yaml": _e("Y011", 2, 1, says=("a list",)),
    "scalar-root.yaml": _e("Y011", 2, 1, says=("a single value",)),
    # Schema.
    "missing-required.yaml": _e("S001", 4, 1, says=("`name`",)),  # the `mpp` key that lacks it
    "unknown-key.yaml": _e(
        "S002",
        30,
        5,
        # not also S001 (`category` missing: the same mistake) nor C002 (the vertical count is unknown)
        says=("`categroy`", "did you mean `category`", "required"),
    ),
    "unquoted-region.yaml": _e("S003", 7, 11, says=("32.10", "quote"), never_says=("`32.1`", "32.1 ")),
    "hostile-strings.yaml": _e("S003", 85, 12, says=("whole number", "\x1b[2J", "\u202e")),
    "wrong-enum.yaml": _e("S004", 111, 13, says=("`open`", "active")),
    "bad-date.yaml": _e("S005", 31, 36, says=("2023-02-30", "not a valid date")),
    "bad-time.yaml": _e("S005", 12, 66, says=("25:00",)),
    "negative-count.yaml": _e("S006", 121, 50, says=("-5120",)),
    # Integrity.
    "duplicate-agency-id.yaml": _e("I001", 32, 9, says=("`polres`", "the 3rd agency")),
    "dangling-service-agency.yaml": _e(
        "I004",
        65,
        13,
        says=("`dinkes`",),  # reported once: C008 does not repeat it for the agency's counter
    ),
    "dangling-counter-agency.yaml": _e("I004", 110, 25, says=("`bapenda`",)),
    "manager-not-agency.yaml": _e("I004", 11, 12, says=("`dpmptsp-kota`",)),
    "dangling-counter.yaml": _e("I005", 79, 16, says=("`Z99`",)),
    "unknown-service-type.yaml": _e("I006", 50, 11, says=("`ADM-99`",)),
    "unknown-region.yaml": _e("I007", 7, 11, says=("`35.99`",)),
    # Consistency.
    "breakdown-mismatch.yaml": _e("C001", 17, 21, exit=0, says=("sum to 2", "total is 4")),
    "declared-vs-listed.yaml": _e("C002", 18, 13, exit=0, says=("declared 6 services", "lists 5")),
    "counter-day-closed.yaml": _e("C003", 105, 37, says=("`A01`", "sat")),
    "staffed-day-unscheduled.yaml": _e("C004", 119, 25, says=("`C01`", "tue")),
    "metric-reversed.yaml": _e("C005", 121, 28, says=("2024-01-01", "2024-03-31")),
    "metric-before-opened.yaml": _e("C005", 121, 12, says=("2019-06-01", "2019-12")),
    "metric-overlap.yaml": _e("C006", 122, 12, exit=0, says=("2024-03-01", "the 1st period")),
    "counter-channel-no-counter.yaml": _e("C007", 92, 15, exit=0, says=("`pasang-baru`",)),
    "counter-not-of-agency.yaml": _e("C008", 79, 16, says=("`skck`", "`A01`")),
    "inaugurated-before-opened.yaml": _e("C009", 10, 16, says=("2019-11-20", "2019-12")),
    "hours-reversed.yaml": _e("C010", 12, 66, says=("08:00", "15:00")),
    "digital-disabled.yaml": _e("C011", 13, 22, exit=0, says=("disabled",)),
}

KNOWN_BUGS: dict[tuple[str, str], str] = {}
"""(file, check) -> reason, for mpptool bugs found and not yet fixed: they run as strict xfails."""


def _params(check: str) -> list[Any]:
    """One parameter per corpus file; the known mpptool bugs of this check are strict xfails."""
    params = []
    for name in sorted(CORPUS):
        reason = KNOWN_BUGS.get((name, check))
        marks = [pytest.mark.xfail(reason=reason, strict=True)] if reason else []
        params.append(pytest.param(name, id=name.removesuffix(".yaml"), marks=marks))
    return params


@pytest.fixture(scope="module")
def corpus_runs() -> dict[str, Run]:
    """`mpptool validate FILE --format json` for every corpus file, run a few at a time."""
    names = sorted(path.name for path in BROKEN.glob("*.yaml"))
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = pool.map(lambda name: run_mpptool("validate", f"tests/broken/{name}", "--format", "json"), names)
        return dict(zip(names, runs, strict=True))


def _findings(run: Run) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = run.json()["findings"]
    return findings


def _primary(name: str, run: Run) -> dict[str, Any]:
    expect = CORPUS[name]
    for finding in _findings(run):
        if (finding["code"], finding["line"], finding["column"]) == (expect.code, expect.line, expect.column):
            return finding
    raise AssertionError(f"no {expect.code} at {expect.line}:{expect.column}\n{run.describe()}")


def test_the_table_covers_the_corpus_exactly() -> None:
    on_disk = {path.name for path in BROKEN.glob("*.yaml")}
    assert on_disk == set(CORPUS)


def test_every_expected_code_is_a_listed_rule() -> None:
    listed = {line.split()[0] for line in run_mpptool("rules").stdout.splitlines()}
    assert {expect.code for expect in CORPUS.values()} - listed == set()


def test_the_readme_lists_every_file_with_its_code() -> None:
    readme = (BROKEN / "README.md").read_text(encoding="utf-8")
    listed = dict(re.findall(r"^\| `([^`]+\.yaml)` \| (\w\d{3})", readme, flags=re.MULTILINE))
    assert listed == {name: expect.code for name, expect in CORPUS.items()}


@pytest.mark.parametrize("name", _params("exit"))
def test_exit_status_and_json_shape(name: str, corpus_runs: dict[str, Run]) -> None:
    run = corpus_runs[name]
    data = check_validate_json(run)  # exit 1 iff an error-level finding; codes known; line, column >= 1
    assert run.returncode == CORPUS[name].exit, run.describe()
    assert data["summary"]["files"] == 1
    assert run.stderr == "", run.describe()
    for finding in data["findings"]:
        assert finding["file"] == f"tests/broken/{name}", finding


@pytest.mark.parametrize("name", _params("position"))
def test_expected_findings_at_their_positions(name: str, corpus_runs: dict[str, Run]) -> None:
    run = corpus_runs[name]
    expect = CORPUS[name]
    found = {(f["code"], f["line"], f["column"]) for f in _findings(run)}
    for wanted in ((expect.code, expect.line, expect.column), *expect.also_at):
        assert wanted in found, f"expected {wanted}\n{run.describe()}"
    primary = _primary(name, run)
    assert primary["severity"] == ("warning" if expect.exit == 0 else "error"), primary


@pytest.mark.parametrize("name", _params("codes"))
def test_no_unexpected_codes(name: str, corpus_runs: dict[str, Run]) -> None:
    run = corpus_runs[name]
    assert {f["code"] for f in _findings(run)} == CORPUS[name].codes, run.describe()


@pytest.mark.parametrize("name", _params("root"))
def test_each_file_yields_exactly_its_one_root_finding(name: str, corpus_runs: dict[str, Run]) -> None:
    # One mistake, one finding: no consequence of it (a cascade) is reported beside it.
    expect = CORPUS[name]
    found = sorted((f["code"], f["line"], f["column"]) for f in _findings(corpus_runs[name]))
    assert found == sorted([(expect.code, expect.line, expect.column), *expect.also_at]), corpus_runs[name].describe()


@pytest.mark.parametrize("name", _params("message"))
def test_primary_message(name: str, corpus_runs: dict[str, Run]) -> None:
    expect = CORPUS[name]
    message = _primary(name, corpus_runs[name])["message"]
    for words in expect.says:
        assert words in message, message
    for words in expect.never_says:
        assert words not in message, message


def test_findings_of_a_parsed_file_name_its_mpp(corpus_runs: dict[str, Run]) -> None:
    for name in ("duplicate-key.yaml", "wrong-enum.yaml", "metric-overlap.yaml"):
        for finding in _findings(corpus_runs[name]):
            assert finding["mpp"] == "broken-" + name.removesuffix(".yaml"), finding
    for name in ("syntax-error.yaml", "not-utf8.yaml", "empty-file.yaml"):
        for finding in _findings(corpus_runs[name]):
            assert finding["mpp"] is None, finding


def test_pointers_of_schema_and_rule_findings(corpus_runs: dict[str, Run]) -> None:
    expected = {
        "unquoted-region.yaml": "/mpp/region",
        "missing-required.yaml": "/mpp",
        "bad-date.yaml": "/agencies/2/agreement/signed",
        "dangling-counter.yaml": "/services/3/counters/0",
        "staffed-day-unscheduled.yaml": "/counters/2/staffed_days/1",
        "duplicate-key.yaml": "/mpp/status",
    }
    for name, pointer in expected.items():
        assert _primary(name, corpus_runs[name])["pointer"] == pointer, name


def test_billion_laughs_is_refused_at_once(corpus_runs: dict[str, Run]) -> None:
    run = corpus_runs["billion-laughs.yaml"]
    assert run.seconds < 5, run.describe()
    assert len(run.stdout) < 200_000, "the aliases must not be expanded into the output"


def test_unquoted_region_keeps_the_text_as_written(corpus_runs: dict[str, Run]) -> None:
    message = _primary("unquoted-region.yaml", corpus_runs["unquoted-region.yaml"])["message"]
    assert '"32.10"' in message, message  # the hint shows the quoted form to write


def test_hostile_strings_are_escaped_in_text_output() -> None:
    run = run_mpptool("validate", "tests/broken/hostile-strings.yaml")
    assert_no_traceback(run)
    assert run.returncode == 1
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout, repr(run.stdout)
    assert "\\x1b[2J\\x1b[31mRp 30.000\\u202e" in run.stdout, run.stdout


def test_hostile_strings_are_escaped_in_colour_output() -> None:
    run = run_mpptool("validate", "tests/broken/hostile-strings.yaml", env={"FORCE_COLOR": "1"})
    assert_no_traceback(run)
    assert "\x1b[" in run.stdout  # mpptool's own colours...
    assert "\x1b[2J" not in run.stdout and "\u202e" not in run.stdout, repr(run.stdout)  # ...never the file's
    assert "\\x1b[2J" in run.stdout


def test_hostile_strings_are_ascii_escaped_in_json(corpus_runs: dict[str, Run]) -> None:
    run = corpus_runs["hostile-strings.yaml"]
    assert run.stdout.isascii(), repr(run.stdout)
    assert "\x1b[2J" in _primary("hostile-strings.yaml", run)["message"]  # the value itself, losslessly


def test_hostile_file_name_is_escaped(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "evil\x1b[2J\u202e.yaml").write_text("- not a mapping\n", encoding="utf-8")
    run = run_mpptool("validate", folder, cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 1
    assert "\x1b" not in run.stdout and "\u202e" not in run.stdout, repr(run.stdout)
    assert "evil\\x1b[2J\\u202e.yaml:1:1: Y011" in run.stdout, run.stdout


# Problems that cannot be committed: built at test time.


def _catalog(tmp_path: Path) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "kota-mojokerto.yaml").write_bytes(VALID_MINIMAL.read_bytes())
    return folder


def _by_file(data: dict[str, Any]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for finding in data["findings"]:
        found.setdefault(Path(finding["file"]).name, []).append(finding["code"])
    return found


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_is_reported_without_hanging(tmp_path: Path) -> None:
    folder = _catalog(tmp_path)
    os.mkfifo(folder / "pipe.yaml")
    run = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path, timeout=20)
    data = check_validate_json(run)
    assert _by_file(data) == {"pipe.yaml": ["F001"]}
    assert data["findings"][0]["file"] == "catalog/pipe.yaml"
    assert data["summary"]["files"] == 2


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this platform")
def test_fifo_named_on_the_command_line_is_reported_without_hanging(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.yaml")
    run = run_mpptool("validate", "pipe.yaml", "--format", "json", cwd=tmp_path, timeout=20)
    assert _by_file(check_validate_json(run)) == {"pipe.yaml": ["F001"]}


def test_symlink_leaving_the_folder_is_refused(tmp_path: Path) -> None:
    folder = _catalog(tmp_path)
    outside = tmp_path / "elsewhere.yaml"
    outside.write_bytes(VALID_MINIMAL.read_bytes().replace(b"kota-mojokerto", b"kota-lain"))
    (folder / "linked.yaml").symlink_to(outside)
    run = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path)
    data = check_validate_json(run)
    assert _by_file(data) == {"linked.yaml": ["F002"]}


def test_symlink_inside_the_folder_is_read_once(tmp_path: Path) -> None:
    folder = _catalog(tmp_path)
    (folder / "zz-same-file.yaml").symlink_to("kota-mojokerto.yaml")
    (folder / "aa-same-file.yml").symlink_to(folder / "kota-mojokerto.yaml")
    run = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path)
    data = check_validate_json(run)
    assert data["summary"]["files"] == 1, run.describe()  # no I002/I003 against itself
    assert data["findings"] == []


def test_oversized_file_is_refused_before_parsing(tmp_path: Path) -> None:
    folder = _catalog(tmp_path)
    line = b"# padding padding padding padding padding padding padding padding\n"
    with (folder / "huge.yaml").open("wb") as handle:
        handle.write(VALID_MINIMAL.read_bytes().replace(b"kota-mojokerto", b"huge"))
        handle.write(line * (SIZE_LIMIT // len(line) + 1))
    assert (folder / "huge.yaml").stat().st_size > SIZE_LIMIT
    run = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path)
    data = check_validate_json(run)
    assert _by_file(data) == {"huge.yaml": ["F004"]}
    assert run.seconds < 10


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root can read a chmod 000 file")
def test_unreadable_file_is_reported(tmp_path: Path) -> None:
    folder = _catalog(tmp_path)
    locked = folder / "locked.yaml"
    locked.write_bytes(VALID_MINIMAL.read_bytes().replace(b"kota-mojokerto", b"locked"))
    locked.chmod(0)
    try:
        run = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path)
    finally:
        locked.chmod(0o644)
    data = check_validate_json(run)
    assert _by_file(data) == {"locked.yaml": ["F003"]}


@pytest.mark.parametrize("command", ["validate", "audit", "report"])
def test_a_folder_without_mpp_files_is_an_error_not_a_pass(tmp_path: Path, command: str) -> None:
    # A CI gate over a misspelt, emptied or wrong folder must fail, and say what it searched.
    folder = tmp_path / "catalog"
    (folder / "docs").mkdir(parents=True)
    (folder / "README.md").write_text("# nothing to check\n", encoding="utf-8")
    (folder / "docs" / "notes.txt").write_text("no yaml here\n", encoding="utf-8")
    (folder / ".hidden.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    run = run_mpptool(command, "catalog", cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert run.stdout == ""
    assert "error [E001]: catalog: no MPP file here" in run.stderr
    assert "2 other file(s) (1 .md, 1 .txt) and 1 hidden entry" in run.stderr


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    run = run_mpptool("validate", "catalog", cwd=tmp_path)
    assert run.returncode == 2 and "it is empty" in run.stderr, run.describe()


def test_upper_case_suffixes_are_mpp_files_and_skipped_files_are_said(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    shutil.copy(VALID_MINIMAL, folder / "KOTA-MOJOKERTO.YAML")
    shutil.copy(VALID_MINIMAL, folder / ".draft.yml")
    (folder / "same.Yml").symlink_to("KOTA-MOJOKERTO.YAML")
    run = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path)
    assert run.returncode == 0, run.describe()
    assert run.json()["summary"]["files"] == 1
    assert run.stderr.splitlines() == [
        "mpptool: note: catalog/.draft.yml: not checked: its name starts with '.', which marks a hidden file; "
        "rename it to check it",
        "mpptool: note: catalog/same.Yml: not checked: the same file as catalog/KOTA-MOJOKERTO.YAML, which is "
        "checked once",
    ]


def test_nonexistent_path_is_a_usage_error(tmp_path: Path) -> None:
    run = run_mpptool("validate", "no-such-catalog", cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert "no such file" in run.stderr.lower(), run.stderr
    assert "no-such-catalog" in run.stderr
    assert run.stdout == ""
