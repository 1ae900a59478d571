"""Configuration files, rule selection and inline suppression: found, checked, applied.

Unknown keys and codes must fail loudly with the file, line and key; selection follows the
most specific selector; a suppression silences exactly what it names where it stands, and
one that silences nothing is reported.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from mpptool.engine.config import Config, find_config, load_config
from mpptool.engine.policy import FileNotes, Selection, make_policy
from mpptool.engine.settings import audit_settings, configuration
from mpptool.errors import UsageError
from mpptool.loaders.comments import read_suppressions
from mpptool.model import AuditSettings, Finding, Severity
from mpptool.rules import UNIGNORABLE, registry, validation_rules


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _load(tmp_path: Path, text: str, name: str = "mpptool.toml") -> Config:
    return load_config(str(_write(tmp_path / name, text)), registry())


def _error(tmp_path: Path, text: str, name: str = "mpptool.toml") -> str:
    with pytest.raises(UsageError) as caught:
        _load(tmp_path, text, name)
    assert caught.value.code == "E008"
    return str(caught.value)


# --- discovery -------------------------------------------------------------------------------


def test_nearest_file_wins_and_mpptool_toml_beats_pyproject(tmp_path: Path) -> None:
    _write(tmp_path / "pyproject.toml", "[tool.mpptool]\nstrict = true\n")
    catalog = tmp_path / "repo" / "catalog"
    catalog.mkdir(parents=True)
    assert find_config([str(catalog)]) == str(tmp_path / "pyproject.toml")
    _write(tmp_path / "repo" / "pyproject.toml", "[project]\nname = 'x'\n")  # no [tool.mpptool]: passed over
    assert find_config([str(catalog)]) == str(tmp_path / "pyproject.toml")
    _write(tmp_path / "repo" / "pyproject.toml", "[tool.mpptool]\nignore = ['C001']\n")
    assert find_config([str(catalog)]) == str(tmp_path / "repo" / "pyproject.toml")
    _write(tmp_path / "repo" / "mpptool.toml", "ignore = ['C002']\n")
    assert find_config([str(catalog / "kab-x.yaml")]) == str(tmp_path / "repo" / "mpptool.toml")
    _write(catalog / "mpptool.toml", "")
    assert find_config([str(catalog)]) == str(catalog / "mpptool.toml")


def test_isolated_reads_nothing_and_refuses_a_config_file(tmp_path: Path) -> None:
    _write(tmp_path / "mpptool.toml", "strict = true\n")
    assert configuration([str(tmp_path)], isolated=True) == Config()
    assert configuration([str(tmp_path)]).strict is True
    with pytest.raises(UsageError, match="do not combine"):
        configuration([str(tmp_path)], str(tmp_path / "mpptool.toml"), isolated=True)
    with pytest.raises(UsageError, match="is not a file") as caught:
        configuration([str(tmp_path)], str(tmp_path / "missing.toml"))
    assert caught.value.code == "E008"


def test_every_key_is_read(tmp_path: Path) -> None:
    config = _load(
        tmp_path,
        'select = ["C", "I001"]\nextend-select = ["A0"]\nignore = ["c002"]\nstrict = true\ncache-dir = "cache"\n'
        '[per-file-ignores]\n"legacy/*.yaml" = ["C001"]\n'
        '[severity]\nC001 = "error"\n'
        "[audit]\nexpiring-within = 30\nbenchmark = 2000\nlow-throughput = 10\npeer-share = 0.25\n",
    )
    assert config.select == ("C", "I001")
    assert config.extend_select == ("A0",)
    assert config.ignore == ("C002",)
    assert config.per_file_ignores == (("legacy/*.yaml", ("C001",)),)
    assert config.severity == {"C001": Severity.ERROR}
    assert config.strict is True
    assert config.cache_dir == "cache"
    assert config.base == str(tmp_path)
    settings = audit_settings(config, dt.date(2026, 11, 22), {"benchmark": 3000})
    assert settings == AuditSettings(dt.date(2026, 11, 22), 30, 3000, 10, 0.25)
    assert audit_settings(Config(), dt.date(2026, 11, 22), {}) == AuditSettings(dt.date(2026, 11, 22))


def test_pyproject_table_is_read_under_its_own_name(tmp_path: Path) -> None:
    config = _load(tmp_path, "[project]\nname = 'x'\n[tool.mpptool]\nignore = ['C001']\n", "pyproject.toml")
    assert config.ignore == ("C001",)
    message = _error(tmp_path, "[tool.mpptool]\nselekt = ['C001']\n", "pyproject.toml")
    assert message.endswith("pyproject.toml:2:1: tool.mpptool.selekt: unknown key; did you mean 'select'?")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("selekt = ['C001']\n", "mpptool.toml:1:1: selekt: unknown key; did you mean 'select'?"),
        ("[audit]\nbenchmrk = 1\n", "mpptool.toml:2:1: audit.benchmrk: unknown key; did you mean 'benchmark'?"),
        ("\nignore = ['C001', 'X999']\n", ":2:20: ignore: unknown rule code 'X999'; `mpptool rules` lists them"),
        ("select = ['C01']\nignore = ['C0011']\n", ":2:12: ignore: unknown rule code 'C0011'; did you mean C011?"),
        ("ignore = 'C001'\n", 'mpptool.toml:1:1: ignore: must be a list of rule codes, e.g. ["C001", "A0"]'),
        ("[severity]\nC001 = 'fatal'\n", "2:1: severity.C001: 'fatal' is not a severity; use \"error\""),
        ("[severity]\nQ001 = 'error'\n", ":2:1: severity.Q001: unknown rule code 'Q001'; did you mean Y001?"),
        ("ignore = ['Y001']\n", "mpptool.toml:1:12: ignore: Y001 cannot be ignored"),
        ("[severity]\nF003 = 'info'\n", "mpptool.toml:2:1: severity.F003: F003 stays an error"),
        ("[per-file-ignores]\n'a/*' = ['Y002']\n", "per-file-ignores.a/*: Y002 cannot be ignored"),
        ("strict = 'yes'\n", "mpptool.toml:1:1: strict: must be true or false"),
        ("[audit]\npeer-share = 2\n", "mpptool.toml:2:1: audit.peer-share: must be a number from 0 to 1"),
        ("[audit]\nbenchmark = 0\n", "mpptool.toml:2:1: audit.benchmark: must be a whole number of at least 1"),
        ("audit = 3\n", "mpptool.toml:1:1: audit: must be a table"),
        ("ignore = [\n", "mpptool.toml:2:1: not valid TOML: Invalid value at the end of the file"),
        ("ignore = [1,\n]]\n", ":2:2: not valid TOML: Expected newline or end of document after a statement"),
    ],
)
def test_bad_configuration_names_file_place_and_key(tmp_path: Path, text: str, expected: str) -> None:
    assert expected in _error(tmp_path, text)


def test_configuration_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mpptool.toml"
    path.write_bytes(b"ignore = ['\xff']\n")
    with pytest.raises(UsageError, match="not UTF-8"):
        load_config(str(path), registry())


# --- selection -------------------------------------------------------------------------------


def _enabled(config: Config | None = None, selection: Selection | None = None) -> frozenset[str]:
    return make_policy(config or Config(), validation_rules(), selection or Selection()).enabled


def test_default_selection_is_every_rule_the_command_runs() -> None:
    assert _enabled() == frozenset(validation_rules())
    assert not any(code.startswith("A") for code in _enabled())  # validate never runs the audit rules


def test_most_specific_selector_wins_and_ties_go_to_ignore() -> None:
    enabled = _enabled(Config(select=("C",), ignore=("C00",)), Selection(extend_select=("C001",)))
    assert "C001" in enabled  # C001 is more specific than C00
    assert "C002" not in enabled
    assert "C010" in enabled
    assert "I001" not in enabled
    assert enabled >= UNIGNORABLE  # a file that cannot be checked is always reported
    assert "C001" not in _enabled(Config(select=("C001",), ignore=("C001",)))


def test_command_line_select_replaces_and_ignore_adds() -> None:
    config = Config(select=("C",), ignore=("C001",))
    enabled = _enabled(config, Selection(select=("I",), ignore=("I002",)))
    assert "C003" not in enabled
    assert {"I001", "I003"} <= enabled
    assert "I002" not in enabled
    assert _enabled(Config(select=())) == UNIGNORABLE & frozenset(validation_rules())


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (Selection(select=("Q",)), "--select: unknown rule code 'Q'"),
        (Selection(extend_select=("C999",)), "--extend-select: unknown rule code 'C999'"),
        (Selection(ignore=("F001",)), "--ignore: F001 cannot be ignored"),
    ],
)
def test_bad_command_line_selection(selection: Selection, message: str) -> None:
    with pytest.raises(UsageError, match=message) as caught:
        make_policy(Config(), validation_rules(), selection)
    assert caught.value.code == "E002"


# --- policy: per-file ignores, severities, suppressions --------------------------------------


def _finding(code: str, line: int, file: str = "catalog/kab-x.yaml", severity: Severity = Severity.WARNING) -> Finding:
    return Finding(code, severity, f"{code} here", file, line, 3)


def test_per_file_ignores_and_severity_overrides(tmp_path: Path) -> None:
    config = Config(
        base=str(tmp_path),
        per_file_ignores=(("legacy/*.yaml", ("C",)), ("kab-y.yaml", ("C002",))),
        severity={"C002": Severity.ERROR},
    )
    policy = make_policy(config, validation_rules())
    legacy, plain, named = (str(tmp_path / name) for name in ("legacy/kab-x.yaml", "kab-z.yaml", "sub/kab-y.yaml"))
    findings = [_finding("C001", 1, legacy), _finding("Y001", 1, legacy, Severity.ERROR), _finding("C002", 2, plain)]
    findings.append(_finding("C002", 4, named))
    applied = policy.apply(findings, {})
    assert [(f.code, f.file, f.severity) for f in applied.findings] == [
        ("C002", plain, Severity.ERROR),  # re-graded
        ("Y001", legacy, Severity.ERROR),  # per-file ignores never hide an unreadable file
    ]


SUPPRESSED = """\
schema_version: 1  # mpptool: ignore[C001]
# mpptool: ignore[c002 I001]

# a comment between the suppression and its line
mpp: {}
text: "a#mpptool: ignore[C003]"
# mpptool: ignore-file[I005]
# mpptool: ignore
# mpptool: ignore[C1]
# mpptool: noqa
"""


def test_reading_suppression_comments() -> None:
    found = read_suppressions(SUPPRESSED)
    assert [(e.line, e.column, e.codes, e.target) for e in found.entries] == [
        (1, 20, ("C001",), 1),
        (2, 1, ("C002", "I001"), 5),  # the next line with data, past blanks and comments
        (7, 1, ("I005",), None),
    ]
    assert [(m.line, str(m.message)) for m in found.malformed] == [
        (8, "cannot read this `# mpptool:` comment"),
        (9, "'C1' is not a rule code"),
        (10, "cannot read this `# mpptool:` comment"),
    ]
    assert not read_suppressions("a: 1\n")


def test_suppressions_silence_what_they_name_where_they_stand() -> None:
    notes = {"catalog/kab-x.yaml": FileNotes("kab-x", read_suppressions(SUPPRESSED))}
    findings = [
        _finding("C001", 1),  # silenced by the trailing comment
        _finding("C001", 5),  # not on line 1: kept
        _finding("C002", 5),  # silenced by the line above
        _finding("I005", 40),  # silenced file-wide
        _finding("Y001", 1, severity=Severity.ERROR),
    ]
    applied = make_policy(Config(), validation_rules()).apply(findings, notes)
    assert [(f.code, f.line) for f in applied.suppressed] == [("C001", 1), ("C002", 5), ("I005", 40)]
    reported = [(f.code, f.line, f.message) for f in applied.findings]
    assert ("C001", 5, "C001 here") in reported
    assert ("Y001", 1, "Y001 here") in reported
    unused = [(line, message) for code, line, message in reported if code == "M001"]
    assert unused == [(2, "`# mpptool: ignore[I001]` silences nothing: I001 is not reported on line 5; remove it")]
    assert [line for code, line, _ in reported if code == "M002"] == [8, 9, 10]
    assert all(f.mpp == "kab-x" for f in applied.findings if f.code.startswith("M"))


def test_unknown_unignorable_and_unrun_codes_in_suppressions() -> None:
    text = "a: 1  # mpptool: ignore[Z001, Y001, A002, C001]\n"
    notes = {"f.yaml": FileNotes(None, read_suppressions(text))}
    applied = make_policy(Config(), validation_rules()).apply([_finding("Y001", 1, "f.yaml", Severity.ERROR)], notes)
    messages = [(f.code, f.message) for f in applied.findings]
    assert ("Y001", "Y001 here") in messages  # cannot be silenced
    assert ("M002", "Z001 is not a rule code (did you mean Y001?): fix or remove it from the comment") in messages
    assert any(code == "M002" and message.startswith("Y001 cannot be silenced") for code, message in messages)
    assert any(code == "M001" and "C001" in message for code, message in messages)
    assert not any("A002" in message for _, message in messages)  # an audit code: validate did not run it


def test_no_unused_report_for_a_file_that_was_not_checked_or_a_deselected_code() -> None:
    notes = {"f.yaml": FileNotes(None, read_suppressions("a: 1  # mpptool: ignore[C001]\n"), checked=False)}
    assert make_policy(Config(), validation_rules()).apply([], notes).findings == ()
    notes = {"f.yaml": FileNotes(None, read_suppressions("a: 1  # mpptool: ignore[C001]\n"))}
    assert make_policy(Config(ignore=("C001",)), validation_rules()).apply([], notes).findings == ()
    assert make_policy(Config(ignore=("M",)), validation_rules()).apply([], notes).findings == ()


# --- review fixes ------------------------------------------------------------------------------


def test_discovery_parses_pyproject_rather_than_searching_its_text(tmp_path: Path) -> None:
    _write(tmp_path / "mpptool.toml", "ignore = ['C001']\n")
    repo = tmp_path / "repo"
    _write(repo / "pyproject.toml", "# see [tool.mpptool] in the docs\n[project]\nname = 'x'\n")
    assert find_config([str(repo)]) == str(tmp_path / "mpptool.toml")  # a mention in a comment is no table
    _write(repo / "pyproject.toml", "[tool]\nmpptool = {ignore = ['C002']}\n")
    assert find_config([str(repo)]) == str(repo / "pyproject.toml")
    assert load_config(str(repo / "pyproject.toml"), registry()).ignore == ("C002",)


def test_a_named_file_without_the_table_is_an_error(tmp_path: Path) -> None:
    message = _error(tmp_path, "[project]\nname = 'x'\n", "pyproject.toml")
    assert message.endswith("pyproject.toml: has no [tool.mpptool] table; add one, or name another file")
    other = _load(tmp_path, "[tool.mpptool]\nignore = ['C001']\n", "ci.toml")  # --config accepts either spelling
    assert other.ignore == ("C001",)
    assert _error(tmp_path, "tool = 5\n", "pyproject.toml").endswith("tool.mpptool: `tool` must be a table")


def test_errors_point_into_the_mpptool_table(tmp_path: Path) -> None:
    text = "[tool.mypy]\nstrict = true\n\n[tool.mpptool]\nstrict = 'yes'\n"
    assert ":5:1: tool.mpptool.strict: must be true or false" in _error(tmp_path, text, "pyproject.toml")
    text = "[tool.mpptool]\nstrict = true\n[tool.mpptool.audit]\nbenchmark = -1\n"
    assert ":4:1: tool.mpptool.audit.benchmark: must be" in _error(tmp_path, text, "pyproject.toml")


def test_codes_are_trimmed_and_case_blind_everywhere(tmp_path: Path) -> None:
    assert "F001 cannot be ignored" in _error(tmp_path, "ignore = [' F001 ']\n")
    assert _load(tmp_path, "[severity]\nc001 = 'error'\n").severity == {"C001": Severity.ERROR}


@pytest.mark.parametrize("pattern", ["/abs/*.yaml", "../x/*.yaml", ""])
def test_per_file_patterns_stay_inside_the_config_folder(tmp_path: Path, pattern: str) -> None:
    assert "a pattern is relative to this file's folder" in _error(
        tmp_path, f'[per-file-ignores]\n"{pattern}" = ["C001"]\n'
    )


@pytest.mark.parametrize(
    ("pattern", "path", "matches"),
    [
        ("catalog/**/*.yaml", "catalog/kab-x.yaml", True),
        ("catalog/**/*.yaml", "catalog/a/b/kab-x.yaml", True),
        ("catalog/*.yaml", "catalog/sub/kab-x.yaml", False),
        ("./catalog/kab-x.yaml", "catalog/kab-x.yaml", True),
        ("k?b-*.yaml", "kab-x.yaml", True),
        ("catalog/kab-x.yaml", "catalog/kab-x.yaml.bak", False),
    ],
)
def test_per_file_glob_semantics(pattern: str, path: str, matches: bool) -> None:
    from mpptool.engine.config import compile_glob

    assert compile_glob(pattern).match(path) is matches


def test_two_suppressions_on_one_line_and_none_inside_values() -> None:
    text = (
        "mpp:\n"
        '  name: "x # mpptool: ignore[C001]"\n'
        "  note: |  # mpptool: ignore[C003]\n"
        "    # mpptool: ignore-file[C001]\n"
        "    text\n"
        "declared: {total: 5}  # mpptool: ignore[C002] # mpptool: ignore[C001]\n"
    )
    from mpptool.engine.checker import FileChecker

    found = FileChecker().check_text("x.yaml", text).suppressions
    assert [(e.line, e.codes, e.target) for e in found.entries] == [
        (3, ("C003",), 3),
        (6, ("C002",), 6),
        (6, ("C001",), 6),
    ]
    assert found.malformed == ()


def test_unused_file_wide_suppression_says_so() -> None:
    notes = {"f.yaml": FileNotes(None, read_suppressions("# mpptool: ignore-file[C001]\na: 1\n"))}
    (finding,) = make_policy(Config(), validation_rules()).apply([], notes).findings
    assert finding.message.startswith("`# mpptool: ignore-file[C001]` silences nothing")
