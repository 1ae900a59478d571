"""The command line as users and CI scripts see it: commands, options, exit codes, outputs.

Every test runs `mpptool` in a subprocess (tests/helpers.py) and checks the contract in
the catalog-format document: JSON shape, exit status 0/1/2, never a traceback.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from helpers import (
    BROKEN,
    FINDING_KEYS,
    SUMMARY_KEYS,
    VALID_MINIMAL,
    assert_no_traceback,
    check_validate_json,
    known_rule_codes,
    run_mpptool,
)

import mpptool

ANSI = re.compile(r"\x1b\[[0-9;]*m")
COMMANDS = ("validate", "schema", "types", "rules")


def _catalog_with(tmp_path: Path, *sources: Path) -> Path:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for source in sources:
        shutil.copyfile(source, folder / source.name)
    return folder


# Version and help.


def test_version() -> None:
    run = run_mpptool("--version")
    assert run.returncode == 0, run.describe()
    assert run.stdout == f"mpptool {mpptool.__version__}\n"
    assert re.fullmatch(r"\d+\.\d+\.\d+(?:[.-]?\w+)*", mpptool.__version__)
    assert run.stderr == ""


def test_python_dash_m_gives_the_same_version() -> None:
    run = run_mpptool("--version", command=[sys.executable, "-m", "mpptool"])
    assert run.returncode == 0, run.describe()
    assert run.stdout == f"mpptool {mpptool.__version__}\n"


def test_help_lists_every_command() -> None:
    run = run_mpptool("--help")
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    assert "Usage" in run.stdout
    for command in COMMANDS:
        assert re.search(rf"^\W*{command}\b", run.stdout, flags=re.MULTILINE), (command, run.stdout)


@pytest.mark.parametrize("command", COMMANDS)
def test_each_command_has_help(command: str) -> None:
    run = run_mpptool(command, "--help")
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    assert f"mpptool {command}" in run.stdout


def test_no_arguments_prints_help_and_exits_2() -> None:
    run = run_mpptool()
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()  # Click's convention for "no command given"
    assert "Usage" in run.stdout
    for command in COMMANDS:
        assert command in run.stdout


def test_unknown_command_is_a_usage_error() -> None:
    run = run_mpptool("lint")
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert "lint" in run.stderr


# validate: paths.


def test_validate_defaults_to_the_catalog_folder(tmp_path: Path) -> None:
    _catalog_with(tmp_path, VALID_MINIMAL, BROKEN / "declared-vs-listed.yaml")
    run = run_mpptool("validate", cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()  # the second file has a warning only
    assert run.stdout.splitlines()[-1] == "2 files checked: 0 errors, 1 warning"
    data = check_validate_json(run_mpptool("validate", "--format", "json", cwd=tmp_path))
    assert [finding["file"] for finding in data["findings"]] == ["catalog/declared-vs-listed.yaml"]


def test_validate_without_a_catalog_folder_is_a_usage_error(tmp_path: Path) -> None:
    run = run_mpptool("validate", cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert "catalog" in run.stderr
    assert run.stdout == ""


def test_valid_minimal_file_is_clean() -> None:
    run = run_mpptool("validate", "tests/fixtures/valid-minimal.yaml")
    assert run.returncode == 0, run.describe()
    assert run.stdout == "1 file checked: 0 errors, 0 warnings\n"
    data = check_validate_json(run_mpptool("validate", "tests/fixtures/valid-minimal.yaml", "--format", "json"))
    assert data == {"findings": [], "summary": {"files": 1, "errors": 0, "warnings": 0, "infos": 0}}


# validate: the JSON contract.


def test_json_output_follows_the_contract() -> None:
    run = run_mpptool("validate", "tests/broken", "--format", "json")
    data = check_validate_json(run)  # keys exactly as the contract, codes known, positions >= 1, exit 1
    assert run.returncode == 1
    findings: list[dict[str, Any]] = data["findings"]
    assert findings, "the broken corpus must produce findings"
    assert set(data["summary"]) == SUMMARY_KEYS
    assert data["summary"]["files"] == len(list(BROKEN.glob("*.yaml")))
    for finding in findings:
        assert set(finding) == FINDING_KEYS
        assert isinstance(finding["end_line"], int) and isinstance(finding["end_column"], int), finding
        assert (finding["end_line"], finding["end_column"]) >= (finding["line"], finding["column"]), finding
        assert finding["file"].startswith("tests/broken/"), finding  # as given on the command line
    order = [(f["file"], f["line"], f["column"], f["code"]) for f in findings]
    assert order == sorted(order), "findings must be sorted by file, line, column, code"
    assert run.stdout == json.dumps(data, indent=2, sort_keys=True) + "\n", "keys sorted, two-space indent"


def test_json_output_of_a_clean_run() -> None:
    run = run_mpptool("validate", "tests/fixtures/valid-minimal.yaml", "--format", "json")
    assert check_validate_json(run)["findings"] == []
    assert run.returncode == 0


def test_short_format_option() -> None:
    long = run_mpptool("validate", "tests/broken/bad-date.yaml", "--format", "json")
    short = run_mpptool("validate", "tests/broken/bad-date.yaml", "-f", "json")
    assert long.stdout == short.stdout and long.returncode == short.returncode == 1


def test_unknown_format_is_a_usage_error() -> None:
    run = run_mpptool("validate", "tests/fixtures/valid-minimal.yaml", "--format", "xml")
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert "xml" in run.stderr and "text" in run.stderr and "json" in run.stderr, run.stderr
    assert run.stdout == ""


def test_jobs_below_one_is_a_usage_error() -> None:
    run = run_mpptool("validate", "tests/fixtures/valid-minimal.yaml", "--jobs", "0")
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert "--jobs" in run.stderr


# validate: -o.


def test_output_file_is_written_and_nothing_printed(tmp_path: Path) -> None:
    folder = _catalog_with(tmp_path, VALID_MINIMAL, BROKEN / "bad-date.yaml")
    printed = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path)
    run = run_mpptool("validate", "catalog", "--format", "json", "-o", "out.json", cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 1, run.describe()  # the exit status still reports the error
    assert run.stdout == "" and run.stderr == ""
    assert (tmp_path / "out.json").read_text(encoding="utf-8") == printed.stdout
    assert sorted(path.name for path in folder.iterdir()) == ["bad-date.yaml", "valid-minimal.yaml"]
    assert sorted(path.name for path in tmp_path.iterdir()) == ["catalog", "out.json"], "no temporary left"


def test_output_file_never_has_colour(tmp_path: Path) -> None:
    _catalog_with(tmp_path, BROKEN / "bad-date.yaml")
    run = run_mpptool("validate", "catalog", "--output", "out.txt", cwd=tmp_path, env={"FORCE_COLOR": "1"})
    assert run.returncode == 1, run.describe()
    text = (tmp_path / "out.txt").read_text(encoding="utf-8")
    assert "\x1b" not in text
    assert text.endswith("1 file checked: 1 error, 0 warnings\n")


@pytest.mark.parametrize(
    ("command", "name", "fmt"),
    [
        (("validate", "catalog"), "out.sarif", "sarif"),
        (("validate", "catalog"), "out.sarif.json", "sarif"),
        (("validate", "catalog"), "out.JSON", "json"),
        (("validate", "catalog"), "out.xml", "junit"),
        (("validate", "catalog"), "out.md", "markdown"),
        (("audit", "catalog", "--as-of", "2026-11-22"), "out.csv", "csv"),
        (("audit", "catalog", "--as-of", "2026-11-22"), "out.sarif", "sarif"),
        (("report", "catalog", "--as-of", "2026-11-22"), "out.html", "html"),
        (("report", "catalog", "--as-of", "2026-11-22"), "out.htm", "html"),
        (("report", "catalog", "--as-of", "2026-11-22"), "out.sarif.json", "json"),
        (("report", "catalog", "--as-of", "2026-11-22"), "out.csv", "csv"),
    ],
)
def test_output_file_name_chooses_the_format(tmp_path: Path, command: tuple[str, ...], name: str, fmt: str) -> None:
    _catalog_with(tmp_path, VALID_MINIMAL, BROKEN / "bad-date.yaml")
    # Inside GitHub Actions too: a named file is what the user asked for, not the annotations.
    run = run_mpptool(*command, "-o", name, cwd=tmp_path, env={"GITHUB_ACTIONS": "true"})
    assert_no_traceback(run)
    assert run.returncode in (0, 1) and run.stdout == "", run.describe()
    shown = run_mpptool(*command, "--format", fmt, cwd=tmp_path)
    assert (tmp_path / name).read_bytes().decode("utf-8") == shown.stdout


@pytest.mark.parametrize(
    ("command", "given", "default"),
    [
        (("report", "catalog", "--as-of", "2026-11-22"), ("--format", "markdown"), None),
        (("report", "catalog", "--as-of", "2026-11-22"), (), "markdown"),
        (("audit", "catalog", "--as-of", "2026-11-22"), (), "text"),
        (("validate", "catalog"), (), "text"),
    ],
)
def test_format_given_or_unknown_ending_keeps_its_choice(
    tmp_path: Path, command: tuple[str, ...], given: tuple[str, ...], default: str | None
) -> None:
    _catalog_with(tmp_path, VALID_MINIMAL)
    name = "out.html" if given else "out.pdf"  # --format wins over the name; an unknown ending is no format
    run = run_mpptool(*command, *given, "-o", name, cwd=tmp_path)
    assert run.returncode in (0, 1) and run.stdout == "", run.describe()
    shown = run_mpptool(*command, *(given or ("--format", str(default))), cwd=tmp_path)
    assert (tmp_path / name).read_text(encoding="utf-8") == shown.stdout


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("catalog/kota-mojokerto.yaml", id="the-input-file"),
        pytest.param("./catalog/../catalog/kota-mojokerto.yaml", id="the-input-file-spelt-differently"),
        pytest.param("link-to-input.yaml", id="a-symlink-to-the-input-file"),
        pytest.param("catalog/new.yaml", id="a-new-yaml-file-inside-the-input-folder"),
    ],
)
def test_output_never_overwrites_an_input(tmp_path: Path, target: str) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    original = folder / "kota-mojokerto.yaml"
    shutil.copyfile(VALID_MINIMAL, original)
    (tmp_path / "link-to-input.yaml").symlink_to(original)
    before = original.read_bytes(), original.stat().st_mtime_ns
    run = run_mpptool("validate", "catalog", "--format", "json", "-o", target, cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert "refusing" in run.stderr, run.stderr
    assert run.stdout == ""
    assert (original.read_bytes(), original.stat().st_mtime_ns) == before
    assert sorted(path.name for path in folder.iterdir()) == ["kota-mojokerto.yaml"]


def test_output_given_the_input_file_itself(tmp_path: Path) -> None:
    source = tmp_path / "one.yaml"
    shutil.copyfile(VALID_MINIMAL, source)
    run = run_mpptool("validate", "one.yaml", "-o", "one.yaml", cwd=tmp_path)
    assert run.returncode == 2, run.describe()
    assert "refusing" in run.stderr
    assert source.read_bytes() == VALID_MINIMAL.read_bytes()


def test_output_into_a_missing_folder_is_a_usage_error(tmp_path: Path) -> None:
    run = run_mpptool("validate", str(VALID_MINIMAL), "-o", "no/such/dir/out.json", cwd=tmp_path)
    assert_no_traceback(run)
    assert run.returncode == 2, run.describe()
    assert run.stderr.startswith("mpptool: error"), run.stderr


# validate: text output and colour.


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_output_is_stable(fmt: str) -> None:
    first = run_mpptool("validate", "tests/broken", "--format", fmt)
    second = run_mpptool("validate", "tests/broken", "--format", fmt)
    assert first.returncode == second.returncode == 1
    assert first.stdout.encode("utf-8") == second.stdout.encode("utf-8")


def test_text_output_without_a_terminal_has_no_escapes() -> None:
    run = run_mpptool("validate", "tests/broken")
    assert_no_traceback(run)
    assert run.returncode == 1
    assert "\x1b" not in run.stdout
    lines = run.stdout.splitlines()
    for line in lines[:-1]:
        assert re.match(r"^tests/broken/[\w.-]+\.yaml:\d+:\d+: [A-Z]\d{3} (error|warning|info) \S", line), line
    assert re.fullmatch(r"\d+ files checked: \d+ errors, \d+ warnings(, \d+ infos?)?", lines[-1]), lines[-1]


def test_force_color_gives_ansi_colour() -> None:
    plain = run_mpptool("validate", "tests/broken/bad-date.yaml")
    coloured = run_mpptool("validate", "tests/broken/bad-date.yaml", env={"FORCE_COLOR": "1"})
    assert coloured.returncode == plain.returncode == 1
    assert ANSI.search(coloured.stdout), repr(coloured.stdout)
    assert ANSI.sub("", coloured.stdout) == plain.stdout, "colour must not change the text"


def test_no_color_wins_over_force_color() -> None:
    run = run_mpptool("validate", "tests/broken/bad-date.yaml", env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b" not in run.stdout


# The other commands.


def test_schema_prints_valid_json_schema() -> None:
    run = run_mpptool("schema")
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    schema = json.loads(run.stdout)
    assert isinstance(schema, dict)
    assert schema["type"] == "object"
    assert "mpp" in schema["properties"] and "schema_version" in schema["required"]
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)


def test_schema_accepts_the_valid_minimal_file() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    from mpptool.loaders.strict_yaml import parse_yaml

    loaded = parse_yaml(VALID_MINIMAL.read_text(encoding="utf-8"))
    assert loaded.problems == []
    schema = json.loads(run_mpptool("schema").stdout)
    jsonschema.Draft202012Validator(schema).validate(loaded.data)


def test_rules_lists_every_code() -> None:
    run = run_mpptool("rules")
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    lines = run.stdout.splitlines()
    codes = [line.split()[0] for line in lines]
    assert len(codes) == len(set(codes)) == len(known_rule_codes())
    assert codes == sorted(codes)
    for line in lines:
        assert re.match(r"^[A-Z]\d{3}  [a-z0-9-]+ +(error|warning|info) +\S", line), line
    families = {code[0] for code in codes}
    assert {"F", "Y", "S", "I", "C"} <= families


def test_types_lists_the_78_national_service_types() -> None:
    run = run_mpptool("types")
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    lines = run.stdout.splitlines()
    assert len(lines) == 78
    codes = [line.split()[0] for line in lines]
    assert len(set(codes)) == 78
    for code in codes:
        assert re.fullmatch(r"[A-Z]{3}-\d{2}", code), code
    assert {"ADM-01", "PRZ-01", "POL-01", "UTL-01", "ADM-04"} <= set(codes)  # used by valid-minimal


# Parallel validation gives the same answer as serial.


def _regions(count: int) -> list[str]:
    """Real Kemendagri kab/kota codes from the packaged list, outside the broken corpus's 35/36."""
    text = files("mpptool").joinpath("data", "regions.csv").read_text(encoding="utf-8")
    codes = [row["code"] for row in csv.DictReader(io.StringIO(text)) if "." in row["code"]]
    chosen = [code for code in codes if not code.startswith(("35.", "36."))][:count]
    assert len(chosen) == count
    return chosen


def _thirty_copies(folder: Path) -> None:
    folder.mkdir()
    valid = VALID_MINIMAL.read_text(encoding="utf-8")
    for index, region in enumerate(_regions(30)):
        text = valid.replace("id: kota-mojokerto", f"id: copy-{index:02d}").replace('"35.76"', f'"{region}"')
        assert text != valid
        (folder / f"copy-{index:02d}.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize("with_broken", [False, True], ids=["valid-copies", "valid-copies-and-broken-corpus"])
def test_jobs_do_not_change_the_result(tmp_path: Path, with_broken: bool) -> None:
    folder = tmp_path / "catalog"
    _thirty_copies(folder)
    if with_broken:
        for source in BROKEN.glob("*.yaml"):
            shutil.copyfile(source, folder / source.name)
    serial = run_mpptool("validate", "catalog", "--format", "json", "--jobs", "1", cwd=tmp_path)
    parallel = run_mpptool("validate", "catalog", "--format", "json", "--jobs", "2", cwd=tmp_path)
    default = run_mpptool("validate", "catalog", "--format", "json", cwd=tmp_path)
    data = check_validate_json(serial)
    assert data["summary"]["files"] == (75 if with_broken else 30)
    if not with_broken:
        assert data["findings"] == [], "distinct ids and real, distinct regions: nothing to report"
    assert parallel.stdout == serial.stdout, parallel.describe()
    assert default.stdout == serial.stdout
    assert parallel.returncode == serial.returncode == default.returncode == (1 if with_broken else 0)
