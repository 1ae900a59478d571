"""mpptool as the check a catalog repository runs: options, configuration, changed-only runs,
the pre-commit hook and the documented GitHub Actions workflow, end to end through the CLI.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import REPO, VALID_MINIMAL, assert_no_traceback, mpptool_command, run_mpptool

GIT = shutil.which("git")
BASH = shutil.which("bash")
SARIF_SCHEMA = REPO.parent / "shared" / "schemas" / "sarif-2.1.0.json"
MINIMAL = VALID_MINIMAL.read_text(encoding="utf-8")
WORKFLOW = REPO / "examples" / "github-actions.yml"
HOOKS = REPO / ".pre-commit-hooks.yaml"


def _git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        check=True,
        capture_output=True,
    )
    return done.stdout.decode().strip()


def _mpp(ident: str, region: str, total: int = 4) -> str:
    """The minimal valid file as another MPP; ``total`` other than 4 makes C002 fire on line 17."""
    text = MINIMAL.replace("kota-mojokerto", ident).replace('region: "35.76"', f'region: "{region}"')
    return text.replace("agencies: {total: 4,", f"agencies: {{total: {total},")


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """Two valid MPP files in tmp/catalog."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "kota-a.yaml").write_text(_mpp("kota-a", "35.76"), encoding="utf-8")
    (folder / "kota-b.yaml").write_text(_mpp("kota-b", "35.77"), encoding="utf-8")
    return folder


# --- exit status and statistics ------------------------------------------------------------------


def test_strict_exit_zero_and_statistics(catalog: Path) -> None:
    (catalog / "kota-b.yaml").write_text(_mpp("kota-b", "35.77", total=5), encoding="utf-8")
    plain = run_mpptool("validate", "-f", "text", cwd=catalog.parent)
    assert plain.returncode == 0, plain.describe()  # a warning does not fail by default
    assert "catalog/kota-b.yaml:17:21: C002 warning" in plain.stdout
    strict = run_mpptool("validate", "-f", "text", "--strict", cwd=catalog.parent)
    assert strict.returncode == 1 and strict.stdout == plain.stdout, strict.describe()
    stats = run_mpptool("validate", "-f", "text", "--strict", "--exit-zero", cwd=catalog.parent)
    assert stats.returncode == 2 and "do not combine" in stats.stderr, stats.describe()
    stats = run_mpptool("validate", "-f", "text", "--statistics", "--exit-zero", cwd=catalog.parent)
    assert stats.returncode == 0
    assert re.search(r"^\s+1\s+C002\s+declared-vs-listed", stats.stdout, re.M), stats.describe()
    (catalog / "kota-b.yaml").write_text("mpp: [", encoding="utf-8")
    broken = run_mpptool("validate", "-f", "text", "--exit-zero", cwd=catalog.parent)
    assert broken.returncode == 0 and "Y001 error" in broken.stdout, broken.describe()
    assert run_mpptool("validate", "-f", "text", cwd=catalog.parent).returncode == 1


# --- configuration from the command line and files ---------------------------------------------


def test_config_file_select_and_ignore(catalog: Path) -> None:
    (catalog / "kota-b.yaml").write_text(_mpp("kota-b", "35.77", total=5), encoding="utf-8")
    (catalog.parent / "mpptool.toml").write_text('[severity]\nC002 = "error"\n', encoding="utf-8")
    run = run_mpptool("validate", "-f", "json", cwd=catalog.parent)
    assert run.returncode == 1, run.describe()
    assert [(f["code"], f["severity"]) for f in run.json()["findings"]] == [("C001", "warning"), ("C002", "error")]
    isolated = run_mpptool("validate", "-f", "json", "--isolated", cwd=catalog.parent)
    assert isolated.returncode == 0 and isolated.json()["findings"][1]["severity"] == "warning"
    ignored = run_mpptool("validate", "-f", "json", "--ignore", "C0", cwd=catalog.parent)
    assert ignored.returncode == 0 and ignored.json()["findings"] == [], ignored.describe()
    selected = run_mpptool("validate", "-f", "json", "--select", "I,Y", cwd=catalog.parent)
    assert selected.json()["findings"] == [], selected.describe()
    other = catalog.parent / "other.toml"
    other.write_text('ignore = ["C00"]\n', encoding="utf-8")
    given = run_mpptool("validate", "-f", "json", "--config", str(other), cwd=catalog.parent)
    assert given.returncode == 0 and given.json()["findings"] == [], given.describe()


@pytest.mark.parametrize(
    ("args", "toml", "expected"),
    [
        ((), "selekt = []\n", "mpptool.toml:1:1: selekt: unknown key; did you mean 'select'?"),
        ((), "ignore = ['C9']\n", "mpptool.toml:1:12: ignore: unknown rule code 'C9'"),
        (("--select", "Q1"), "", "--select: unknown rule code 'Q1'"),
        (("--ignore", "Y001"), "", "--ignore: Y001 cannot be ignored"),
        (("--config", "missing.toml"), "", "--config: missing.toml is not a file"),
        (("--isolated", "--config", "mpptool.toml"), "", "--config and --isolated do not combine"),
    ],
)
def test_configuration_errors_exit_2_and_say_where(
    catalog: Path, args: tuple[str, ...], toml: str, expected: str
) -> None:
    (catalog.parent / "mpptool.toml").write_text(toml, encoding="utf-8")
    for command in ("validate", "audit"):
        run = run_mpptool(command, *args, cwd=catalog.parent)
        assert_no_traceback(run)
        assert run.returncode == 2, run.describe()
        assert expected in run.stderr and run.stdout == "", run.describe()
        assert run.stderr.startswith("mpptool: error [E00"), run.describe()


def test_audit_reads_thresholds_and_selection_from_the_config(catalog: Path) -> None:
    args = ("audit", "-f", "json", "--as-of", "2026-11-22")
    before = run_mpptool(*args, cwd=catalog.parent).json()
    assert "A008" in {f["code"] for f in before["findings"]}  # the civil registry's agreement expired in 2024
    (catalog.parent / "mpptool.toml").write_text('ignore = ["A008"]\n[audit]\nbenchmark = 2000\n', encoding="utf-8")
    after = run_mpptool(*args, cwd=catalog.parent).json()
    assert "A008" not in {f["code"] for f in after["findings"]}
    still_ignored = run_mpptool(*args, "--select", "A008", cwd=catalog.parent).json()
    assert still_ignored["findings"] == []  # --select replaces the config's select, not its ignore
    isolated = run_mpptool(*args, "--isolated", "--select", "A008", cwd=catalog.parent).json()
    assert {f["code"] for f in isolated["findings"]} == {"A008"}


def test_inline_suppression_through_the_cli(catalog: Path) -> None:
    text = _mpp("kota-b", "35.77", total=5).replace(
        "agencies: {total: 5,", "# mpptool: ignore[C001, C002]\n  agencies: {total: 5,"
    )
    (catalog / "kota-b.yaml").write_text(text + "# mpptool: ignore[I001]\n", encoding="utf-8")
    run = run_mpptool("validate", "-f", "json", cwd=catalog.parent)
    codes = [(f["code"], f["line"]) for f in run.json()["findings"]]
    assert codes == [("M001", len(text.splitlines()) + 1)], run.describe()  # I001 silences nothing
    sarif = run_mpptool("validate", "-f", "sarif", cwd=catalog.parent).json()
    suppressed = [r for r in sarif["runs"][0]["results"] if r.get("suppressions")]
    assert [r["ruleId"] for r in suppressed] == ["C001", "C002"]


# --- --changed-since ---------------------------------------------------------------------------


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_changed_since_reports_changed_files_but_checks_the_whole_catalog(catalog: Path) -> None:
    repo = catalog.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    base = _git(repo, "rev-parse", "HEAD")
    (catalog / "kota-a.yaml").write_text(_mpp("kota-a", "35.76", total=5), encoding="utf-8")
    _git(repo, "commit", "-qam", "kota-a drifts")
    start = _git(repo, "rev-parse", "HEAD")
    (catalog / "kota-c.yaml").write_text(_mpp("kota-b", "35.78", total=6), encoding="utf-8")  # untracked, dup id
    run = run_mpptool("validate", "-f", "json", "--changed-since", start, cwd=repo)
    found = {(Path(f["file"]).name, f["code"]) for f in run.json()["findings"]}
    assert found == {("kota-c.yaml", "C001"), ("kota-c.yaml", "C002"), ("kota-c.yaml", "I002")}, run.describe()
    assert run.json()["summary"]["files"] == 1
    everything = run_mpptool("validate", "-f", "json", "--changed-since", base, cwd=repo)
    assert {Path(f["file"]).name for f in everything.json()["findings"]} == {"kota-a.yaml", "kota-c.yaml"}
    for rev, message in (
        ("--output=x", "--changed-since: '--output=x' looks like an option, not a revision"),
        ("no-such-branch", "--changed-since 'no-such-branch': unknown revision"),
    ):
        bad = run_mpptool("validate", "--changed-since", rev, cwd=repo)
        assert bad.returncode == 2 and message in bad.stderr and "E006" in bad.stderr, bad.describe()


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_changed_since_in_a_shallow_clone_says_how_to_fetch(catalog: Path, tmp_path: Path) -> None:
    origin = catalog.parent
    _git(origin, "init", "-q")
    _git(origin, "add", ".")
    _git(origin, "commit", "-q", "-m", "one")
    first = _git(origin, "rev-parse", "HEAD")
    (catalog / "kota-a.yaml").write_text(_mpp("kota-a", "35.76", total=5), encoding="utf-8")
    _git(origin, "commit", "-qam", "two")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--depth=1", f"file://{origin}", str(clone)], check=True)
    run = run_mpptool("validate", "--changed-since", first, cwd=clone)
    assert run.returncode == 2, run.describe()
    assert "this clone is shallow" in run.stderr and "fetch-depth: 0" in run.stderr, run.describe()


@pytest.mark.skipif(GIT is None, reason="git is not installed")
@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("mpptool.toml", 'extend-select = ["C"]\nstrict = true\n'),
        ("pyproject.toml", "[tool.mpptool]\nstrict = true\n"),
        ("catalog/mpptool.toml", "strict = true\n"),
        ("requirements.txt", "mpptool==0.2.0\n"),
    ],
)
def test_changed_since_checks_everything_when_what_decides_the_verdict_changed(
    catalog: Path, path: str, text: str
) -> None:
    # A pull request that only tightens the configuration must fail in the pull request.
    repo = catalog.parent
    (catalog / "kota-a.yaml").write_text(_mpp("kota-a", "35.76", total=5), encoding="utf-8")  # a C002 warning
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    before = run_mpptool("validate", "-f", "json", "--changed-since", "HEAD", cwd=repo)
    assert before.returncode == 0 and before.json()["findings"] == [], before.describe()
    (repo / path).write_text(text, encoding="utf-8")
    run = run_mpptool("validate", "-f", "json", "--changed-since", "HEAD", cwd=repo)
    assert {Path(f["file"]).name for f in run.json()["findings"]} == {"kota-a.yaml"}, run.describe()
    assert run.json()["summary"]["files"] == 2
    assert "changed since HEAD, so every file is checked" in run.stderr, run.describe()
    if "strict" in text:
        assert run.returncode == 1
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "config")
    (repo / path).unlink()  # deleting it changes the verdict too
    gone = run_mpptool("validate", "-f", "json", "--changed-since", "HEAD", cwd=repo)
    assert gone.json()["summary"]["files"] == 2, gone.describe()


@pytest.mark.skipif(GIT is None, reason="git is not installed")
@pytest.mark.parametrize("new_name", ["aa-new.yaml", "zz-new.yaml"])
def test_a_shared_id_is_the_same_finding_in_the_pull_request_and_after_the_merge(catalog: Path, new_name: str) -> None:
    repo = catalog.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    (catalog / new_name).write_text(_mpp("kota-b", "35.77"), encoding="utf-8")
    in_pr = run_mpptool("validate", "-f", "json", "--changed-since", "HEAD", cwd=repo).json()["findings"]
    after = run_mpptool("validate", "-f", "json", cwd=repo).json()["findings"]
    assert {(Path(f["file"]).name, f["code"]) for f in after} == {
        (name, code) for name in (new_name, "kota-b.yaml") for code in ("I002", "I003")
    }
    assert in_pr == [f for f in after if Path(f["file"]).name == new_name]
    for finding in after:
        other = new_name if finding["file"].endswith("kota-b.yaml") else "kota-b.yaml"
        assert f"catalog/{other}" in finding["message"], finding
        assert "old one" not in finding["message"] or "if one replaced the other" in finding["message"]


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_changed_since_blames_the_new_file_for_a_shared_id_whatever_the_names(
    catalog: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    repo = catalog.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    (catalog / "aa-new.yaml").write_text(_mpp("kota-b", "35.77"), encoding="utf-8")  # sorts before kota-b.yaml
    run = run_mpptool("validate", "-f", "json", "--changed-since", "HEAD", cwd=repo)
    found = {(Path(f["file"]).name, f["code"]) for f in run.json()["findings"]}
    assert found == {("aa-new.yaml", "I002"), ("aa-new.yaml", "I003")}, run.describe()
    assert run.returncode == 1
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    outside = run_mpptool("validate", str(catalog), str(elsewhere), "--changed-since", "HEAD", cwd=repo)
    assert outside.returncode == 2 and "is outside the git repository" in outside.stderr, outside.describe()


def test_exit_zero_changes_the_exit_status_not_the_verdict(catalog: Path) -> None:
    (catalog / "kota-b.yaml").write_text("mpp: [", encoding="utf-8")
    summary = run_mpptool("validate", "-f", "markdown", "--exit-zero", cwd=catalog.parent)
    assert summary.returncode == 0 and "**Fails**" in summary.stdout, summary.describe()
    junit = run_mpptool("validate", "-f", "junit", "--exit-zero", cwd=catalog.parent)
    assert junit.returncode == 0 and 'failures="1"' in junit.stdout, junit.describe()


def test_output_to_a_device_writes_to_it_and_leaves_it_a_device(catalog: Path) -> None:
    import stat

    run = run_mpptool("validate", "-o", os.devnull, cwd=catalog.parent)
    assert run.returncode == 0 and run.stdout == "" and run.stderr == "", run.describe()
    assert stat.S_ISCHR(os.stat(os.devnull).st_mode)
    folder = run_mpptool("validate", "-o", str(catalog.parent), cwd=catalog.parent)
    assert folder.returncode == 2 and "is a folder" in folder.stderr, folder.describe()
    empty = run_mpptool("validate", "-o", "", cwd=catalog.parent)
    assert empty.returncode == 2 and "empty output path" in empty.stderr, empty.describe()


def test_an_empty_selection_is_refused(catalog: Path) -> None:
    run = run_mpptool("validate", "--select", ",", cwd=catalog.parent)
    assert run.returncode == 2 and "--select: names no rule code" in run.stderr, run.describe()


def test_rules_all_and_a_family() -> None:
    every = run_mpptool("rules", "ALL")
    assert every.stdout == run_mpptool("rules").stdout and len(every.stdout.splitlines()) >= 50
    family = run_mpptool("rules", "m")
    assert [line.split()[0] for line in family.stdout.splitlines()] == ["M001", "M002"]


def test_changed_since_outside_git_is_a_usage_error(catalog: Path) -> None:
    outside = {"GIT_CEILING_DIRECTORIES": str(catalog.parent.parent)}
    run = run_mpptool("validate", "--changed-since", "HEAD", cwd=catalog.parent, env=outside)
    assert run.returncode == 2 and "not inside a git repository" in run.stderr, run.describe()


# --- the pre-commit hook -----------------------------------------------------------------------


def test_pre_commit_hook_runs_the_installed_command(catalog: Path) -> None:
    (hook,) = yaml.safe_load(HOOKS.read_text(encoding="utf-8"))
    assert hook["id"] == "mpptool-validate" and hook["language"] == "python"
    assert hook["pass_filenames"] is False  # cross-file rules need the whole catalog
    assert re.search(hook["files"], "catalog/kab-x.yaml") and re.search(hook["files"], "mpptool.toml")
    entry = shlex.split(hook["entry"])
    assert entry[0] == "mpptool"  # the console script pyproject.toml installs
    scripts = (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert 'mpptool = "mpptool.cli:main"' in scripts
    command = [*mpptool_command(), *entry[1:]]
    clean = run_mpptool(*entry[1:], command=command[: len(mpptool_command())], cwd=catalog.parent)
    assert clean.returncode == 0, clean.describe()
    (catalog / "kota-b.yaml").write_text("mpp: [", encoding="utf-8")
    broken = run_mpptool(*entry[1:], command=command[: len(mpptool_command())], cwd=catalog.parent)
    assert broken.returncode == 1 and "catalog/kota-b.yaml:2:1: Y001 error" in broken.stdout, broken.describe()


# --- the documented GitHub Actions workflow ----------------------------------------------------


def _expression(text: str, values: dict[str, str]) -> str:
    """Substitute the workflow's ``${{ ... }}`` expressions the way the runner would."""
    return re.sub(r"\$\{\{\s*(.*?)\s*\}\}", lambda m: values[m.group(1)], text)


def _condition(expression: str | None, event: str, failed: bool) -> bool:
    if expression is None:
        return not failed
    if expression == "always()":
        return True
    match = re.fullmatch(r"github\.event_name (==|!=) '(\w+)'", expression)
    assert match, f"the test does not know how to evaluate `if: {expression}`"
    return (event == match.group(2)) == (match.group(1) == "==") and not failed


def test_readme_shows_the_workflow_verbatim() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert f"```yaml\n{WORKFLOW.read_text(encoding='utf-8')}```" in readme


@pytest.mark.skipif(GIT is None or BASH is None, reason="git and bash are needed")
@pytest.mark.parametrize("event", ["pull_request", "push"])
def test_the_documented_workflow_runs_in_a_temporary_repository(catalog: Path, tmp_path: Path, event: str) -> None:
    """Run the workflow's own `run:` steps, as the runner would, on a pull request that breaks a file."""
    workflow: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    (job,) = workflow["jobs"].values()
    repo = catalog.parent
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "base")
    base = _git(repo, "rev-parse", "HEAD")
    (catalog / "kota-b.yaml").write_text(_mpp("kota-b", "35.77", total=5).replace("5120", "-1"), encoding="utf-8")
    _git(repo, "commit", "-qam", "the pull request")
    summary = tmp_path / "summary.md"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    launcher = bin_dir / "mpptool"
    launcher.write_text("#!/bin/sh\nexec " + " ".join(map(shlex.quote, mpptool_command())) + ' "$@"\n')
    launcher.chmod(0o755)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "MPPTOOL_"))},
        "GITHUB_ACTIONS": "true",
        "GITHUB_STEP_SUMMARY": str(summary),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
    }
    values = {"github.event.pull_request.base.sha": base if event == "pull_request" else ""}
    failed = False
    outputs: dict[str, subprocess.CompletedProcess[str]] = {}
    for step in job["steps"]:
        if "run" not in step:
            uploads = step["uses"].startswith("github/codeql-action/upload-sarif")
            if uploads and _condition(step.get("if"), event, failed):
                _check_sarif(json.loads((repo / step["with"]["sarif_file"]).read_text(encoding="utf-8")))
            continue
        if "pip install" in step["run"] or not _condition(step.get("if"), event, failed):
            continue
        step_env = {**env, **{k: _expression(str(v), values) for k, v in step.get("env", {}).items()}}
        done = subprocess.run(
            [BASH, "-e", "-c", step["run"]], cwd=repo, env=step_env, capture_output=True, text=True, timeout=60
        )
        assert "Traceback" not in done.stderr, done.stderr
        outputs[step["name"]] = done
        failed = failed or done.returncode != 0
    audited = outputs["Audit (annotations where a counter stands empty or an agreement lapses)"]
    assert audited.returncode == 0 and all(line.startswith("::") for line in audited.stdout.splitlines()[:-1])
    name = "Validate (annotations on the changed files)" if event == "pull_request" else "Validate (annotations)"
    annotations = outputs[name]
    assert annotations.returncode == 1, annotations
    assert re.search(r"^::error file=catalog/kota-b\.yaml,line=\d+,col=\d+", annotations.stdout, re.M), annotations
    assert "::warning file=catalog/kota-b.yaml,line=17,col=21" in annotations.stdout
    assert outputs["SARIF for code scanning"].returncode == 0
    assert outputs["Job summary"].returncode == 0
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("#") and "C002" in text and "kota-b.yaml" in text


def _check_sarif(sarif: dict[str, Any]) -> None:
    assert sarif["version"] == "2.1.0"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in sarif["runs"][0]["results"]}
    assert uris == {"catalog/kota-b.yaml"}
    if SARIF_SCHEMA.is_file():
        import jsonschema

        jsonschema.validate(sarif, json.loads(SARIF_SCHEMA.read_text(encoding="utf-8")))


def test_the_readme_pre_commit_example_names_a_commit_that_has_the_hook() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme[readme.index("  - repo: https://github.com/your-org/mpptool") :]
    rev = re.search(r"rev: (\S+)", block)
    hook = re.search(r"- id: (\S+)", block)
    assert rev is not None and hook is not None
    if GIT is None or not (REPO / ".git").exists():
        pytest.skip("not a git checkout")
    shallow = _git(REPO, "rev-parse", "--is-shallow-repository") == "true"
    found = subprocess.run(
        ["git", "-C", str(REPO), "show", f"{rev.group(1)}:.pre-commit-hooks.yaml"], capture_output=True, check=False
    )
    if found.returncode != 0 and shallow:
        pytest.skip("a shallow clone lacks the commit the README names")
    assert found.returncode == 0, f"README's pre-commit rev {rev.group(1)} is not a commit of this repository"
    assert hook.group(1) in {entry["id"] for entry in yaml.safe_load(found.stdout)}
