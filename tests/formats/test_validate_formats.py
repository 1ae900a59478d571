"""The CI formats of `mpptool validate`: github, sarif, junit, markdown; text's CI fixes; format choice.

Goldens (tests/golden/validate-*) hold the CLI's output for the broken corpus and the minimal
valid file, run from the repository root. Regenerate after an intended change, and review:

    MPPTOOL_UPDATE_GOLDENS=1 python -m pytest tests/formats/test_validate_formats.py

The unit tests build ValidationResult directly: a root, silenced findings, every failing
threshold, and hostile file names and messages, which must stay text in every format. The
GitHub checks read the output with a model of the Actions runner's own parser (both the
``::cmd::`` form anchored at the start of a trimmed line and the legacy ``##[cmd]`` form
anywhere in a line), so an injection fails the test the way it would succeed in a real log.
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from helpers import GOLDEN, REPO, assert_no_traceback, compare_golden, run_mpptool
from hypothesis import given
from hypothesis import strategies as st

from mpptool import __version__
from mpptool.commands.validate import ValidationResult
from mpptool.formats import OutputFormat, Style, module_name, needs_root, render, resolve_format
from mpptool.formats.validate import markdown as validate_markdown
from mpptool.formats.validate import sarif as sarif_format
from mpptool.formats.validate import text as text_format
from mpptool.model import Finding, Severity
from mpptool.rules import registry
from mpptool.text.safe import log_text, safe, workflow_data, workflow_property, xml_text

THIS = "tests/formats/test_validate_formats.py"
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-2.1.0.json"

HOSTILE_MESSAGES = (
    "ends\n::add-mask::secret",
    "percent %0A::set-output name=x::y and %25",
    "carriage\r::error::forged",
    "legacy ##[add-mask]secret and ##[stop-commands]tok and ##vso[task.setvariable]x",
    "markup | <img src=x onerror=alert(1)> @octocat [link](https://evil.example) **bold** `code`",
    "xml <tag attr='1'>&amp; ]]> \"quoted\"",
    "controls \x00\x07\x1b[2J\x1b[31m bidi \u202e\u2066 zero-width \u200b",
    "nonchars \ufffe\uffff lone \ud800\udfff astral \U0001f600",
)
HOSTILE_FILES = ("a,b:c.yaml", "::error::x.yaml", " \u00a0::add-mask::y.yaml", "p%0Aq.yaml", "##[group]g.yaml")


def finding(
    code: str = "C001",
    severity: Severity = Severity.WARNING,
    message: str = "declared agencies by category sum to 35",
    file: str = "catalog/kab-a.yaml",
    line: int = 4,
    column: int = 21,
    pointer: str = "/declared/agencies",
    mpp: str | None = "kab-a",
    end_line: int | None = None,
    end_column: int | None = None,
) -> Finding:
    """A finding with plausible defaults; tests change only what they are about."""
    return Finding(code, severity, message, file, line, column, pointer, mpp, end_line, end_column)


def result_of(
    *findings: Finding,
    files: tuple[str, ...] | None = None,
    suppressed: tuple[Finding, ...] = (),
    fail_at: Severity | None = Severity.ERROR,
    root: str | None = None,
) -> ValidationResult:
    """A result as `validate` builds it: findings sorted, files from the findings unless given."""
    ordered = tuple(sorted(findings, key=Finding.sort_key))
    if files is None:
        files = tuple(sorted({f.file for f in (*findings, *suppressed)}))
    return ValidationResult(ordered, files, tuple(sorted(suppressed, key=Finding.sort_key)), fail_at, root)


def hostile_result() -> ValidationResult:
    severities = (Severity.ERROR, Severity.WARNING, Severity.INFO)
    found = [
        finding(
            code=("S002", "C002", "A012", "X999")[index % 4],
            severity=severities[index % 3],
            message=message,
            file=HOSTILE_FILES[index % len(HOSTILE_FILES)],
            line=index + 1,
            column=2,
            end_line=index + 1 if index % 2 else None,
            end_column=9 if index % 2 else None,
        )
        for index, message in enumerate(HOSTILE_MESSAGES)
    ]
    return result_of(*found, files=(*HOSTILE_FILES, "clean <ok>.yaml"))


# --- a model of the GitHub Actions runner's command parser (actions/runner ActionCommand.cs) ---

REGISTERED = frozenset(
    {"set-env", "set-output", "save-state", "add-mask", "add-path", "add-matcher", "remove-matcher"}
    | {"debug", "warning", "error", "notice", "group", "endgroup", "echo", "stop-commands"}
)


@dataclass(frozen=True)
class Command:
    name: str
    properties: dict[str, str]
    data: str


def _unescape(text: str, pairs: tuple[tuple[str, str], ...]) -> str:
    for escaped, char in pairs:
        text = text.replace(escaped, char)
    return text


_DATA = (("%0D", "\r"), ("%0A", "\n"), ("%25", "%"))
_PROPERTY = (("%0D", "\r"), ("%0A", "\n"), ("%3A", ":"), ("%2C", ","), ("%25", "%"))


def runner_parse(line: str) -> Command | None:
    """What the runner makes of one log line: ``::cmd k=v,...::data`` after trimming leading
    space, else the legacy ``##[cmd k=v;...]data`` anywhere in the line; None for plain text."""
    message = line.lstrip()
    if message.startswith("::"):
        end = message.find("::", 2)
        if end >= 0:
            info = message[2:end]
            name, _, props = info.partition(" ")
            if name in REGISTERED:
                properties = {}
                for part in filter(None, props.strip().split(",")):
                    key, sep, value = part.partition("=")
                    if sep and key and value:
                        properties[key] = _unescape(value, _PROPERTY)
                return Command(name, properties, _unescape(message[end + 2 :], _DATA))
    start = line.find("##[")
    if start >= 0:
        close = line.find("]", start)
        if close >= 0 and line[start + 3 : close].split(" ")[0] in REGISTERED:
            return Command(line[start + 3 : close].split(" ")[0], {}, line[close + 1 :])
    return None


def test_the_runner_model_sees_the_injections_it_is_meant_to_catch() -> None:
    """Without this the injection tests below could pass vacuously."""
    assert runner_parse("::add-mask::x") == Command("add-mask", {}, "x")
    assert runner_parse("  \u00a0::error file=a%2Cb,line=3::m%0An") == Command(
        "error", {"file": "a,b", "line": "3"}, "m\nn"
    )
    assert runner_parse("x.yaml:1:1: Y001 error see ##[stop-commands]tok") is not None
    assert runner_parse("x.yaml:1:1: plain") is None


# --- goldens over the CLI ---------------------------------------------------------------------

GOLDEN_CASES = {"broken": ("tests/broken", 1), "valid-minimal": ("tests/fixtures/valid-minimal.yaml", 0)}
GOLDEN_FORMATS = {"github": "github.txt", "sarif": "sarif.json", "junit": "junit.xml", "markdown": "md"}


def _golden_name(stem: str, fmt: str) -> str:
    return f"validate-{stem}.{GOLDEN_FORMATS[fmt]}"


@pytest.mark.parametrize("fmt", sorted(GOLDEN_FORMATS))
@pytest.mark.parametrize("stem", sorted(GOLDEN_CASES))
def test_golden_ci_format(stem: str, fmt: str) -> None:
    path, exit_status = GOLDEN_CASES[stem]
    run = run_mpptool("validate", path, "--format", fmt, cwd=REPO)
    assert_no_traceback(run)
    assert run.stderr == "", run.describe()
    assert run.returncode == exit_status, run.describe()
    assert str(REPO) not in run.stdout, "CI output must not hold absolute paths"
    compare_golden(GOLDEN / _golden_name(stem, fmt), run.stdout, THIS)


def test_no_stray_validate_goldens() -> None:
    expected = {_golden_name(stem, fmt) for stem in GOLDEN_CASES for fmt in GOLDEN_FORMATS}
    present = {path.name for path in GOLDEN.glob("validate-*")}
    assert present <= expected, f"golden files no test compares: {sorted(present - expected)}"


# --- choosing a format ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"GITHUB_ACTIONS": "true"}, OutputFormat.GITHUB),
        ({"GITHUB_ACTIONS": "TRUE"}, OutputFormat.GITHUB),
        ({"GITHUB_ACTIONS": "1"}, OutputFormat.GITHUB),
        ({"GITHUB_ACTIONS": "false"}, OutputFormat.TEXT),
        ({"GITHUB_ACTIONS": "0"}, OutputFormat.TEXT),
        ({"GITHUB_ACTIONS": ""}, OutputFormat.TEXT),
        ({"CI": "true", "GITLAB_CI": "true"}, OutputFormat.TEXT),
        ({}, OutputFormat.TEXT),
    ],
)
def test_auto_is_github_only_on_github_actions(environ: dict[str, str], expected: OutputFormat) -> None:
    assert resolve_format(OutputFormat.AUTO, environ) is expected


@pytest.mark.parametrize("fmt", [fmt for fmt in OutputFormat if fmt is not OutputFormat.AUTO])
def test_a_chosen_format_is_kept_whatever_the_environment(fmt: OutputFormat) -> None:
    assert resolve_format(fmt, {"GITHUB_ACTIONS": "true"}) is fmt


def test_every_format_has_a_renderer_and_auto_must_be_resolved_first() -> None:
    for fmt in OutputFormat:
        if fmt is not OutputFormat.AUTO:
            assert importlib.import_module(module_name(fmt)).render.__name__ == "render"
    result = result_of(finding())
    for fmt in OutputFormat:
        if fmt is OutputFormat.AUTO:
            with pytest.raises(ValueError, match="resolve"):
                render(result, fmt)
        else:
            assert render(result, fmt).endswith("\n"), fmt


def test_ci_formats_ask_for_a_root() -> None:
    assert {fmt for fmt in OutputFormat if needs_root(fmt)} == {
        OutputFormat.GITHUB,
        OutputFormat.SARIF,
        OutputFormat.JUNIT,
        OutputFormat.MARKDOWN,
    }


def test_render_dispatches_to_each_format() -> None:
    result = result_of(finding())
    assert render(result, OutputFormat.GITHUB).startswith("::warning ")
    assert json.loads(render(result, OutputFormat.SARIF))["version"] == "2.1.0"
    assert ET.fromstring(render(result, OutputFormat.JUNIT)).tag == "testsuites"
    assert render(result, OutputFormat.MARKDOWN).startswith("## mpptool validate\n")
    checked = dataclasses.replace(result, command="activity check")
    assert validate_markdown.render(checked).startswith("## mpptool activity check\n")
    counted = Style(statistics=True)
    assert render(result, OutputFormat.TEXT, counted) == text_format.render(result, counted)


# --- github -----------------------------------------------------------------------------------


def test_github_one_annotation_per_finding_with_level_position_and_title() -> None:
    result = result_of(
        finding(severity=Severity.ERROR, code="S002", line=7, column=3, end_line=7, end_column=11),
        finding(severity=Severity.WARNING, code="C001", line=9),
        finding(severity=Severity.INFO, code="A012", line=12, column=1),
    )
    lines = render(result, OutputFormat.GITHUB).splitlines()
    assert len(lines) == 4
    commands = [runner_parse(line) for line in lines[:3]]
    assert [c.name for c in commands if c] == ["error", "warning", "notice"]
    first, second, third = (c for c in commands if c)
    assert first.properties == {
        "file": "catalog/kab-a.yaml",
        "line": "7",
        "col": "3",
        "endLine": "7",
        "endColumn": "11",
        "title": "S002 unknown-key",
    }
    assert "endLine" not in second.properties and "endColumn" not in second.properties
    assert second.properties["title"] == "C001 declared-breakdown"
    assert third.properties["line"] == "12" and third.properties["col"] == "1"
    assert first.data.startswith("S002 ") and first.data.endswith("declared agencies by category sum to 35")
    assert runner_parse(lines[3]) is None
    assert lines[3] == "1 file checked: 1 error, 1 warning, 1 info"


def test_github_names_files_relative_to_the_root(tmp_path: Path) -> None:
    file = str(tmp_path / "catalog" / "sub" / "kab-a.yaml")
    result = result_of(finding(file=file), root=str(tmp_path))
    command = runner_parse(render(result, OutputFormat.GITHUB).splitlines()[0])
    assert command is not None and command.properties["file"] == "catalog/sub/kab-a.yaml"


def test_github_no_catalog_string_can_inject_a_command() -> None:
    result = hostile_result()
    lines = render(result, OutputFormat.GITHUB).splitlines()
    assert len(lines) == len(result.findings) + 1
    for line, found in zip(lines, result.findings, strict=False):
        command = runner_parse(line)
        assert command is not None and command.name in ("error", "warning", "notice"), line
        assert command.properties["file"] == safe(found.file)  # exactly the name: nothing leaked out of it
        assert command.properties["line"] == str(found.line)
        assert command.data == safe(f"{found.code} {found.message}")
        assert "\n" not in command.data and "\r" not in command.data
    assert runner_parse(lines[-1]) is None


@given(st.text(), st.text())
def test_github_any_file_name_and_message_round_trip(file: str, message: str) -> None:
    result = result_of(finding(file=file or "x", message=message))
    lines = render(result, OutputFormat.GITHUB).splitlines()
    assert len(lines) == 2
    command = runner_parse(lines[0])
    assert command is not None and command.name == "warning"
    assert command.properties["file"] == safe(file or "x")
    assert command.data == safe(f"C001 {message}")
    assert runner_parse(lines[1]) is None


def test_workflow_escapes_stay_one_line_and_one_property() -> None:
    assert workflow_property("a,b:c%d\ne") == "a%2Cb%3Ac%25d\\x0ae"
    assert workflow_data("50% done\n::x") == "50%25 done\\x0a::x"


# --- sarif ------------------------------------------------------------------------------------


def _sarif(result: ValidationResult) -> dict[str, Any]:
    data = json.loads(render(result, OutputFormat.SARIF))
    assert isinstance(data, dict)
    return data


def _validate_sarif(data: dict[str, Any]) -> None:
    if not SARIF_SCHEMA.is_file():
        pytest.skip(f"the official SARIF 2.1.0 schema is not at {SARIF_SCHEMA} (CI puts ../shared beside the repo)")
    import jsonschema  # type: ignore[import-untyped]

    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    validator = jsonschema.Draft4Validator(schema, format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)
    errors = sorted(validator.iter_errors(data), key=lambda error: list(error.absolute_path))
    assert not errors, "\n".join(f"{list(e.absolute_path)}: {e.message}" for e in errors[:10])


@pytest.mark.parametrize("stem", sorted(GOLDEN_CASES))
def test_sarif_goldens_validate_against_the_official_schema(stem: str) -> None:
    golden = GOLDEN / _golden_name(stem, "sarif")
    if not golden.is_file():
        pytest.skip(f"{golden.name} is not written yet")
    _validate_sarif(json.loads(golden.read_text(encoding="utf-8")))


@pytest.mark.parametrize("name", ["audit-catalog.sarif.json", "audit-broken.sarif.json"])
def test_audit_sarif_goldens_validate_against_the_official_schema(name: str) -> None:
    _validate_sarif(json.loads((GOLDEN / name).read_text(encoding="utf-8")))


def test_sarif_of_hostile_silenced_and_unknown_findings_validates_against_the_schema(tmp_path: Path) -> None:
    hostile = hostile_result()
    silenced = finding(code="C002", file=str(tmp_path / "catalog" / "kab-a.yaml"))
    result = ValidationResult(hostile.findings, hostile.files, (silenced,), Severity.WARNING, str(tmp_path))
    _validate_sarif(_sarif(result))


def test_sarif_run_tool_and_every_rule_in_code_order() -> None:
    data = _sarif(result_of(finding()))
    assert data["version"] == "2.1.0" and data["$schema"] == sarif_format.SCHEMA_URI
    (run,) = data["runs"]
    assert run["columnKind"] == "unicodeCodePoints"
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("mpptool", __version__)
    assert driver["informationUri"] == sarif_format.INFORMATION_URI
    rules = registry()
    assert [rule["id"] for rule in driver["rules"]] == sorted(rules)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for described in driver["rules"]:
        rule = rules[described["id"]]
        assert described["name"] == rule.name
        assert described["shortDescription"]["text"] == rule.summary
        assert described["fullDescription"]["text"].strip()
        assert not described["fullDescription"]["text"].startswith(" ")
        assert described["defaultConfiguration"]["level"] == levels[rule.severity.value]
        assert described["properties"]["family"] == rule.family
        assert rule.family in described["properties"]["tags"]
        assert described["help"]["text"]


def test_sarif_results_locate_and_point_at_their_rule(tmp_path: Path) -> None:
    file = str(tmp_path / "catalog" / "a b%#?.yaml")
    result = result_of(
        finding(severity=Severity.ERROR, code="S002", file=file, line=7, column=3, end_line=8, end_column=2),
        finding(severity=Severity.INFO, code="A012", file=file, line=9, column=1, pointer=""),
        root=str(tmp_path),
    )
    run = _sarif(result)["runs"][0]
    ids = [rule["id"] for rule in run["tool"]["driver"]["rules"]]
    first, second = run["results"]
    assert [r["ruleId"] for r in run["results"]] == ["S002", "A012"]
    assert ids[first["ruleIndex"]] == "S002" and ids[second["ruleIndex"]] == "A012"
    assert (first["level"], second["level"]) == ("error", "note")
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "catalog/a%20b%25%23%3F.yaml"
    assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
    assert location["region"] == {"startLine": 7, "startColumn": 3, "endLine": 8, "endColumn": 2}
    assert second["locations"][0]["physicalLocation"]["region"] == {"startLine": 9, "startColumn": 1}
    assert run["artifacts"] == [{"location": {"uri": "catalog/a%20b%25%23%3F.yaml", "uriBaseId": "%SRCROOT%"}}]
    assert str(tmp_path) not in json.dumps(run)


def test_sarif_uri_cannot_be_read_as_a_scheme_or_an_authority() -> None:
    assert sarif_format.artifact_location("a,b:c.yaml") == {"uri": "a%2Cb%3Ac.yaml", "uriBaseId": "%SRCROOT%"}
    assert sarif_format.artifact_location("javascript:alert(1)")["uri"] == "javascript%3Aalert%281%29"
    assert sarif_format.artifact_location("/abs/x y.yaml") == {"uri": "file:///abs/x%20y.yaml"}


def test_sarif_silenced_findings_are_kept_as_suppressed() -> None:
    active = finding(line=4)
    silenced = finding(code="C002", line=9, pointer="/declared/services")
    run = _sarif(result_of(active, suppressed=(silenced,)))["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    assert by_rule["C002"]["suppressions"] == [{"kind": "inSource"}]
    assert "suppressions" not in by_rule["C001"]


def _prints(result: ValidationResult) -> list[str]:
    return [r["partialFingerprints"][sarif_format.FINGERPRINT_KEY] for r in _sarif(result)["runs"][0]["results"]]


def test_sarif_fingerprints_survive_lines_moving_and_messages_changing() -> None:
    before = _prints(result_of(finding(line=4, column=21, message="sum to 35, declared 37")))
    after = _prints(result_of(finding(line=40, column=3, message="sum to 36, declared 37", end_line=40)))
    assert before == after
    assert re.fullmatch(r"[0-9a-f]{64}:1", before[0])


@pytest.mark.parametrize(
    "changed",
    [
        {"code": "C002"},
        {"file": "catalog/kab-b.yaml"},
        {"pointer": "/declared/services"},
        {"mpp": "kab-b"},
    ],
)
def test_sarif_fingerprints_tell_problems_apart(changed: dict[str, Any]) -> None:
    assert _prints(result_of(finding())) != _prints(result_of(finding(**changed)))


def test_sarif_fingerprints_number_duplicates_and_silencing_one_renumbers_none(tmp_path: Path) -> None:
    a, b, c = (finding(code="Y006", pointer="", line=line, message="alias") for line in (3, 7, 9))
    prints = _prints(result_of(a, b, c))
    assert [p.split(":")[1] for p in prints] == ["1", "2", "3"]
    assert len({p.split(":")[0] for p in prints}) == 1
    assert _prints(result_of(a, c, suppressed=(b,))) == prints
    # The same with a root: the hash is of the relative path, so it does not depend on the checkout.
    rooted = finding(code="Y006", pointer="", line=3, message="alias", file=str(tmp_path / "catalog/kab-a.yaml"))
    assert _prints(result_of(rooted, root=str(tmp_path)))[0] == prints[0]


def test_sarif_is_deterministic_ascii_with_sorted_keys() -> None:
    result = hostile_result()
    text = render(result, OutputFormat.SARIF)
    assert text == render(result, OutputFormat.SARIF)
    assert text.isascii() and text.endswith("}\n")
    assert text == json.dumps(json.loads(text), indent=2, sort_keys=True, ensure_ascii=True) + "\n"
    messages = [r["message"]["text"] for r in json.loads(text)["runs"][0]["results"]]
    assert not any("\x1b" in m or "\u202e" in m for m in messages)


# --- junit ------------------------------------------------------------------------------------


def _junit(result: ValidationResult) -> ET.Element:
    text = render(result, OutputFormat.JUNIT)
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>\n') and text.isascii()
    return ET.fromstring(text)


def test_junit_suites_per_file_cases_per_finding_failures_by_threshold() -> None:
    result = result_of(
        finding(severity=Severity.ERROR, code="S002", line=7, column=3),
        finding(severity=Severity.WARNING, code="C001", line=9),
        finding(severity=Severity.INFO, code="A012", file="catalog/kab-b.yaml", line=1, column=1),
        files=("catalog/kab-a.yaml", "catalog/kab-b.yaml", "catalog/kab-c.yaml"),
    )
    root = _junit(result)
    assert root.tag == "testsuites"
    assert root.attrib == {"name": "mpptool validate", "tests": "4", "failures": "1", "errors": "0"}
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == ["catalog/kab-a.yaml", "catalog/kab-b.yaml", "catalog/kab-c.yaml"]
    assert [(s.get("tests"), s.get("failures")) for s in suites] == [("2", "1"), ("1", "0"), ("1", "0")]
    first, second = suites[0].findall("testcase")
    assert (first.get("classname"), first.get("name")) == ("catalog/kab-a.yaml", "S002 line 7 col 3")
    failure = first.find("failure")
    assert failure is not None and failure.get("type") == "S002"
    assert failure.get("message") == "declared agencies by category sum to 35"
    assert failure.text is not None
    assert "catalog/kab-a.yaml:7:3" in failure.text and "error" in failure.text
    assert registry()["S002"].summary in failure.text
    assert second.find("failure") is None
    out = second.find("system-out")
    assert out is not None and out.text is not None and "catalog/kab-a.yaml:9:21: warning C001" in out.text
    (clean,) = suites[2].findall("testcase")
    assert clean.get("name") == "no findings" and len(clean) == 0


@pytest.mark.parametrize(("fail_at", "failures"), [(None, 0), (Severity.ERROR, 1), (Severity.WARNING, 2)])
def test_junit_failures_follow_the_failing_threshold(fail_at: Severity | None, failures: int) -> None:
    result = result_of(
        finding(severity=Severity.ERROR, line=1),
        finding(severity=Severity.WARNING, line=2),
        finding(severity=Severity.INFO, line=3),
        fail_at=fail_at,
    )
    root = _junit(result)
    assert root.get("failures") == str(failures)
    assert len(root.findall(".//failure")) == failures
    assert len(root.findall(".//system-out")) == 3 - failures


def test_junit_names_stay_unique_and_silenced_findings_stay_out() -> None:
    twice = (finding(pointer="/a"), finding(pointer="/b"))
    root = _junit(result_of(*twice, suppressed=(finding(code="C002", line=20),)))
    names = [case.get("name") for case in root.iter("testcase")]
    assert names == ["C001 line 4 col 21", "C001 line 4 col 21 (2)"]


def test_junit_hostile_strings_stay_text() -> None:
    result = hostile_result()
    root = _junit(result)
    assert {element.tag for element in root.iter()} == {"testsuites", "testsuite", "testcase", "failure", "system-out"}
    messages = [failure.get("message") for failure in root.iter("failure")]
    expected = [xml_text(f.message) for f in result.findings if result.failing(f)]
    assert messages == expected
    names = {suite.get("name") for suite in root.iter("testsuite")}
    assert names == {xml_text(name) for name in (*HOSTILE_FILES, "clean <ok>.yaml")}


@given(st.text(), st.text())
def test_junit_any_text_gives_well_formed_xml(file: str, message: str) -> None:
    root = _junit(result_of(finding(file=file, message=message, severity=Severity.ERROR)))
    failure = root.find("./testsuite/testcase/failure")
    assert failure is not None and failure.get("message") == xml_text(message)


def test_xml_text_removes_what_xml_cannot_hold() -> None:
    assert xml_text("a\x00b\x0bc\ud800d\ufffee\uffff") == "a\\x00b\\x0bc\\ud800d\\ufffee\\uffff"
    assert xml_text("<&> \U0001f600 é") == "<&> \U0001f600 é"  # markup characters are the serializer's job
    for char in ("\x00", "\x1f", "\ud800", "\udfff", "\ufffe", "\uffff"):
        element = ET.Element("x", a=xml_text(char))
        element.text = xml_text(char)
        ET.fromstring(ET.tostring(element, encoding="unicode"))


# --- markdown ---------------------------------------------------------------------------------


def test_markdown_clean_result_is_a_short_no_findings_line() -> None:
    text = render(result_of(files=("catalog/kab-a.yaml",)), OutputFormat.MARKDOWN)
    assert text == "## mpptool validate\n\n**Passes**: no findings in 1 file checked.\n"


def test_markdown_verdict_counts_table_and_findings_table() -> None:
    result = result_of(
        finding(severity=Severity.ERROR, code="S002", line=7, column=3),
        finding(severity=Severity.WARNING, code="C001", line=9),
        finding(severity=Severity.WARNING, code="C001", file="catalog/kab_b.yaml", line=2),
        suppressed=(finding(code="C002"),),
    )
    lines = render(result, OutputFormat.MARKDOWN).splitlines()
    assert lines[2] == "**Fails**: 1 error, 2 warnings, 0 infos in 2 files checked; 1 silenced inline."
    assert "| C001 | declared-breakdown | warning | 2 |" in lines
    assert "| S002 | unknown-key | error | 1 |" in lines
    assert "| catalog/kab\\_b.yaml:2:21 | C001 | warning | declared agencies by category sum to 35 |" in lines
    assert "left out" not in "\n".join(lines)


def test_markdown_passes_when_nothing_reaches_the_threshold() -> None:
    result = result_of(finding(severity=Severity.ERROR), fail_at=None)
    assert "**Passes**: 1 error, 0 warnings, 0 infos" in render(result, OutputFormat.MARKDOWN)
    strict = result_of(finding(severity=Severity.WARNING), fail_at=Severity.WARNING)
    assert "**Fails**" in render(strict, OutputFormat.MARKDOWN)


def test_markdown_hostile_strings_add_no_markup_or_rows() -> None:
    result = hostile_result()
    text = render(result, OutputFormat.MARKDOWN)
    for raw in ("<img", "<tag", "@octocat", "**bold**", "\x1b", "\u202e", "https://"):
        assert raw not in text, raw
    assert not re.search(r"(?<!\\)\]\(", text), "an unescaped ](: a link"
    rows = [line for line in text.splitlines() if line.startswith("| ") and line.count(":") >= 2]
    for row in rows:
        assert len(re.findall(r"(?<!\\)\|", row)) == 5, row  # four cells: no value opened another


def test_markdown_caps_the_findings_table_at_500_rows() -> None:
    many = [finding(line=line, message="short") for line in range(1, 1201)]
    text = render(result_of(*many), OutputFormat.MARKDOWN)
    rows = [line for line in text.splitlines() if line.startswith("| catalog/")]
    assert len(rows) == validate_markdown.MAX_ROWS == 500
    assert "_500 of 1200 findings shown; 700 more left out" in text


def test_markdown_stays_within_a_pr_comment() -> None:
    long = [finding(line=line, message="x" * 2000) for line in range(1, 101)]
    text = render(result_of(*long), OutputFormat.MARKDOWN)
    assert len(text) <= 65_536
    shown = len([line for line in text.splitlines() if line.startswith("| catalog/")])
    assert 0 < shown < 100
    assert f"_{shown} of 100 findings shown; {100 - shown} more left out" in text


# --- text -------------------------------------------------------------------------------------


@pytest.mark.parametrize("file", ["::error::x.yaml", " ::add-mask::x.yaml", "\u00a0\u3000::warning::x.yaml"])
def test_text_line_never_starts_a_workflow_command(file: str) -> None:
    text = render(result_of(finding(file=file)), OutputFormat.TEXT)
    first = text.splitlines()[0]
    # either the name is prefixed with ./ or its invisible spaces are shown as escapes
    assert first.startswith(("./", "\\xa0\\u3000::")), first
    assert runner_parse(first) is None
    assert render(result_of(finding(file="a::b.yaml")), OutputFormat.TEXT).startswith("a::b.yaml:4:21: ")


def test_text_no_catalog_string_becomes_a_log_command() -> None:
    result = hostile_result()
    for color in (False, True):
        for line in render(result, OutputFormat.TEXT, Style(color=color)).splitlines():
            assert runner_parse(line) is None, line
    assert log_text("##[add-mask]x ###[error]y ##VSO[task]z") == "##\\[add-mask]x ###\\[error]y ##VSO\\[task]z"


def test_text_statistics_count_each_code_before_the_summary() -> None:
    result = result_of(
        *(finding(line=line) for line in range(1, 13)),
        finding(code="S002", severity=Severity.ERROR, line=20),
        finding(code="A012", severity=Severity.INFO, line=30),
    )
    lines = render(result, OutputFormat.TEXT, Style(statistics=True)).splitlines()
    assert lines[-4:] == [
        "    1  A012  digital-off",
        "   12  C001  declared-breakdown",
        "    1  S002  unknown-key",
        "1 file checked: 1 error, 12 warnings, 1 info",
    ]
    assert render(result, OutputFormat.TEXT).splitlines()[-2].startswith("catalog/")  # off by default
    assert text_format.statistics_line("Z999", 3, "") == "    3  Z999"


def test_text_plain_and_colour_say_the_same() -> None:
    result = hostile_result()
    plain = render(result, OutputFormat.TEXT, Style(statistics=True))
    coloured = render(result, OutputFormat.TEXT, Style(color=True, statistics=True))
    assert "\x1b[" in coloured
    assert re.sub(r"\x1b\[[0-9;]*m", "", coloured) == plain


# --- end to end: hostile file names through the command line ----------------------------------


def test_cli_hostile_file_names_and_keys_stay_text(tmp_path: Path) -> None:
    content = 'schema_version: 1\nmpp:\n  id: x\n  "##[add-mask]k\\n::stop-commands::t": 1\n'
    names = ("a,b:c.yaml", "::error::x.yaml")
    for name in names:
        (tmp_path / name).write_text(content.replace("id: x", f"id: m{len(name)}"), encoding="utf-8")
    text = run_mpptool("validate", *names, "--format", "text", cwd=tmp_path)
    assert_no_traceback(text)
    assert text.returncode == 1, text.describe()
    assert any(line.startswith("./::error::x.yaml:") for line in text.stdout.splitlines()), text.describe()
    github = run_mpptool("validate", *names, "--format", "github", cwd=tmp_path)
    assert github.returncode == 1, github.describe()
    for output in (text, github):
        for line in output.stdout.splitlines():
            command = runner_parse(line)
            assert command is None or command.name == "error", line
            if command is not None:
                assert command.properties["file"] in names, line
                assert "\n" not in command.data, line
    parsed = [runner_parse(line) for line in github.stdout.splitlines()]
    assert {command.properties["file"] for command in parsed if command is not None} == set(names)


def test_sarif_in_indonesian_validates_and_keeps_ids_fingerprints_and_locations() -> None:
    english = run_mpptool("validate", "tests/broken", "--format", "sarif", cwd=REPO)
    said = run_mpptool("validate", "tests/broken", "--format", "sarif", "--lang", "id", cwd=REPO)
    en, id_ = json.loads(english.stdout), json.loads(said.stdout)
    _validate_sarif(id_)
    en_results, id_results = en["runs"][0]["results"], id_["runs"][0]["results"]
    assert [(r["ruleId"], r["partialFingerprints"], r["locations"]) for r in en_results] == [
        (r["ruleId"], r["partialFingerprints"], r["locations"]) for r in id_results
    ]
    assert sum(a["message"] != b["message"] for a, b in zip(en_results, id_results, strict=True)) > len(en_results) // 2
    rule = next(r for r in id_["runs"][0]["tool"]["driver"]["rules"] if r["id"] == "A002")
    assert rule["shortDescription"]["text"].startswith("Gerai kosong")
