"""Hostile git repositories, through the CLI: `validate --changed-since` and `diff --rev` must
never run a command the repository configures, never read outside it, never lose a file whose
name is not UTF-8, and never print an undecodable byte or a lone surrogate.

Every command a repository could configure is a script that writes a marker file when it runs;
each test first shows that plain git does run them (so the test means something), then that
mpptool does not.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import VALID_MINIMAL, Run, assert_no_traceback, isolate_git, run_mpptool

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

MINIMAL = VALID_MINIMAL.read_text(encoding="utf-8")
FORMATS = ("text", "json", "markdown", "github")
SECRET = "kota-topsecret-4242"
"""Only in files outside the repository (or in .git): must never reach any output."""


def mpp(ident: str, region: str = "35.76", total: int = 4) -> str:
    """The minimal valid file as another MPP; ``total`` other than 4 makes C002 fire."""
    text = MINIMAL.replace("kota-mojokerto", ident).replace('region: "35.76"', f'region: "{region}"')
    return text.replace("agencies: {total: 4,", f"agencies: {{total: {total},")


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git configuration, no hook-set GIT_DIR, no repository above tmp_path."""
    isolate_git(monkeypatch, tmp_path)


def git(repo: Path, *args: str, check: bool = True) -> str:
    """Run git for the test's own setup (with the repository's configuration, hostile or not)."""
    result = subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args],
        capture_output=True,
        check=False,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    if check:
        assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode(errors="surrogateescape").strip()


def make_repo(path: Path, files: dict[str, str]) -> Path:
    path.mkdir(parents=True)
    git(path, "-c", "init.defaultBranch=main", "init", "-q")
    for name, text in files.items():
        (path / name).parent.mkdir(parents=True, exist_ok=True)
        (path / name).write_text(text, encoding="utf-8")
    git(path, "add", "-A")
    git(path, "commit", "-q", "-m", "base")
    return path


def fired(markers: Path) -> list[str]:
    return sorted(path.name for path in markers.iterdir())


def clear(markers: Path) -> None:
    for path in markers.iterdir():
        path.unlink()


def no_surrogates(text: str) -> bool:
    return not any("\ud800" <= char <= "\udfff" for char in text)


def walk_strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from walk_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk_strings(item)


def check_clean_output(run: Run) -> None:
    """No traceback, and nothing but valid, surrogate-free UTF-8 (run_mpptool decodes strictly);
    JSON holds no lone surrogate written as an escape either."""
    assert_no_traceback(run)
    assert no_surrogates(run.stdout) and no_surrogates(run.stderr), run.describe()
    if run.stdout.startswith("{"):
        assert all(no_surrogates(value) for value in walk_strings(run.json())), run.describe()


# --- 1. no command configured in the repository ever runs -----------------------------------------


def _scripts(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """Marker-writing stand-ins for every command a repository can configure: name -> path."""
    markers = tmp_path / "markers"
    markers.mkdir()
    folder = tmp_path / "bin"
    folder.mkdir()
    bodies = {
        "clean": "cat",
        "smudge": "cat",
        "textconv": 'cat "$1"',
        "driver": "exit 0",
        "external": "exit 0",
        "fsmonitor": "printf '/\\0'",
        "pager": "cat",
        "hook": "exit 0",
        "ssh": "exit 1",
        "askpass": "exit 1",
        "credential": "exit 1",
        "editor": "exit 0",
        "gpg": "exit 1",
    }
    paths = {}
    for name, body in bodies.items():
        script = folder / name
        script.write_text(f"#!/bin/sh\ntouch '{markers / name}'\n{body}\n", encoding="utf-8")
        script.chmod(0o755)
        paths[name] = str(script)
    return markers, paths


def _hostile_repo(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose .git/config and .gitattributes configure every command there is."""
    markers, scripts = _scripts(tmp_path)
    attributes = "* filter=evil diff=evil\n"
    repo = make_repo(
        tmp_path / "repo",
        {
            "catalog/kota-a.yaml": mpp("kota-a", "35.76"),
            "catalog/kota-b.yaml": mpp("kota-b", "35.77"),
            "catalog/kota-d.yaml": mpp("kota-d", "35.78"),
            ".gitattributes": attributes,
        },
    )
    (repo / ".git" / "info" / "attributes").write_text(attributes, encoding="utf-8")
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-index-change", "post-checkout", "reference-transaction", "pre-commit", "post-commit"):
        shutil.copy(scripts["hook"], hooks / hook)
    for key, value in {
        "filter.evil.clean": scripts["clean"],
        "filter.evil.smudge": scripts["smudge"],
        "diff.evil.textconv": scripts["textconv"],
        "diff.evil.command": scripts["driver"],
        "diff.external": scripts["external"],
        "core.fsmonitor": scripts["fsmonitor"],
        "core.pager": scripts["pager"],
        "pager.ls-files": scripts["pager"],
        "pager.ls-tree": scripts["pager"],
        "pager.cat-file": scripts["pager"],
        "pager.rev-parse": scripts["pager"],
        "core.hooksPath": str(hooks),
        "core.sshCommand": scripts["ssh"],
        "core.askPass": scripts["askpass"],
        "credential.helper": scripts["credential"],
        "core.editor": scripts["editor"],
        "gpg.program": scripts["gpg"],
        "core.untrackedCache": "true",
    }.items():
        git(repo, "config", key, value)
    return repo, markers


def test_plain_git_does_run_the_configured_commands(tmp_path: Path) -> None:
    # The control: the same repository makes plain git run its commands, so the tests below mean something.
    repo, markers = _hostile_repo(tmp_path)
    (repo / "catalog" / "kota-b.yaml").write_text(mpp("kota-b", "35.77", total=5), encoding="utf-8")
    git(repo, "status", "--short")
    assert "fsmonitor" in fired(markers) and "clean" in fired(markers)
    clear(markers)
    git(repo, "diff", "HEAD")
    assert {"clean", "driver"} <= set(fired(markers))
    clear(markers)
    git(repo, "diff", "--no-ext-diff", "HEAD")
    assert "textconv" in fired(markers)


@pytest.mark.parametrize("staged", [False, True])
def test_changed_since_and_diff_rev_run_nothing_the_repository_configures(tmp_path: Path, staged: bool) -> None:
    repo, markers = _hostile_repo(tmp_path)
    (repo / "catalog" / "kota-b.yaml").write_text(mpp("kota-b", "35.77", total=5), encoding="utf-8")  # C002
    (repo / "catalog" / "kota-c.yaml").write_text("mpp: [\n", encoding="utf-8")  # untracked, broken
    (repo / "catalog" / "kota-d.yaml").unlink()  # deleted
    if staged:
        git(repo, "add", "-A")  # runs the clean filter and the hooks: this is the test's own git
    clear(markers)
    for args in (
        ("validate", "catalog", "-f", "json", "--changed-since", "HEAD"),
        ("validate", "catalog", "-f", "text", "--changed-since", "HEAD"),
        *(("diff", "--rev", "HEAD", "catalog", "-f", fmt, "--exit-code") for fmt in FORMATS),
        ("diff", "--rev", "HEAD..HEAD", "catalog"),
    ):
        run = run_mpptool(*args, cwd=repo)
        check_clean_output(run)
        assert fired(markers) == [], f"{' '.join(args)} ran {fired(markers)}\n{run.describe()}"
        assert run.returncode in (0, 1), run.describe()
        if args[:2] == ("validate", "catalog") and args[3] == "json":
            found = {(Path(f["file"]).name, f["code"]) for f in run.json()["findings"]}
            assert ("kota-b.yaml", "C002") in found and ("kota-c.yaml", "Y001") in found, run.describe()
            assert all(name in ("kota-b.yaml", "kota-c.yaml") for name, _ in found), run.describe()
        if args[:3] == ("diff", "--rev", "HEAD") and args[5] == "json":
            changes = {(c["op"], c["mpp"], c["field"]) for c in run.json()["changes"]}
            assert changes == {("changed", "kota-b", "agencies.total"), ("removed", "kota-d", None)}, run.describe()
            assert run.returncode == 1


def test_a_partial_clone_never_fetches(tmp_path: Path) -> None:
    # A missing object would be fetched lazily, running the clone's remote.origin.uploadpack (or
    # core.sshCommand): whatever protocol.<name>.allow the repository sets, no transport is used.
    markers, scripts = _scripts(tmp_path)
    upload = tmp_path / "bin" / "upload"
    upload.write_text(f"#!/bin/sh\ntouch '{markers / 'upload'}'\nexec git-upload-pack \"$@\"\n", encoding="utf-8")
    upload.chmod(0o755)
    origin = make_repo(
        tmp_path / "origin", {"catalog/kota-a.yaml": mpp("kota-a"), "catalog/kota-b.yaml": mpp("kota-b", "35.77")}
    )
    (origin / "catalog" / "kota-b.yaml").write_text(mpp("kota-b", "35.77", total=5), encoding="utf-8")
    git(origin, "commit", "-qam", "kota-b drifts")
    git(origin, "config", "uploadpack.allowFilter", "true")

    def clone(name: str) -> Path:
        target = tmp_path / name
        git(tmp_path, "clone", "-q", "--filter=blob:none", origin.as_uri(), str(target))
        for key, value in {
            "remote.origin.uploadpack": str(upload),
            "protocol.file.allow": "always",
            "protocol.allow": "always",
            "core.sshCommand": scripts["ssh"],
        }.items():
            git(target, "config", key, value)
        clear(markers)
        return target

    control = clone("control")
    old_blob = git(control, "rev-parse", "HEAD~1:catalog/kota-b.yaml")
    git(control, "cat-file", "-p", old_blob)
    assert fired(markers) == ["upload"]  # plain git fetches, running the configured command

    repo = clone("repo")
    run = run_mpptool("validate", "catalog", "-f", "json", "--changed-since", "HEAD~1", cwd=repo)
    check_clean_output(run)
    found = {(Path(f["file"]).name, f["code"]) for f in run.json()["findings"]}
    assert ("kota-b.yaml", "C002") in found and {name for name, _ in found} == {"kota-b.yaml"}, run.describe()
    run = run_mpptool("diff", "--rev", "HEAD~1", "catalog", cwd=repo)
    check_clean_output(run)
    assert run.returncode == 2 and "[E006]" in run.stderr and "git fetch" in run.stderr, run.describe()
    assert fired(markers) == []


def test_replace_objects_cannot_hide_a_change(tmp_path: Path) -> None:
    # refs/replace/<base> pointing at the pull request's commit would make the base look like it.
    repo = make_repo(
        tmp_path / "repo", {"catalog/kota-a.yaml": mpp("kota-a"), "catalog/kota-b.yaml": mpp("kota-b", "35.77")}
    )
    base = git(repo, "rev-parse", "HEAD")
    (repo / "catalog" / "kota-b.yaml").write_text(mpp("kota-b", "35.77", total=5), encoding="utf-8")
    git(repo, "commit", "-qam", "kota-b drifts")
    git(repo, "replace", "-f", base, git(repo, "rev-parse", "HEAD"))
    assert git(repo, "rev-parse", f"{base}:catalog/kota-b.yaml") == git(repo, "rev-parse", "HEAD:catalog/kota-b.yaml")
    run = run_mpptool("validate", "catalog", "-f", "json", "--changed-since", base, cwd=repo)
    found = {(Path(f["file"]).name, f["code"]) for f in run.json()["findings"]}
    assert ("kota-b.yaml", "C002") in found and {name for name, _ in found} == {"kota-b.yaml"}, run.describe()
    run = run_mpptool("diff", "--rev", base, "catalog", "-f", "json", cwd=repo)
    assert [(c["mpp"], c["field"]) for c in run.json()["changes"]] == [("kota-b", "agencies.total")], run.describe()


def test_core_worktree_cannot_move_the_repository(tmp_path: Path) -> None:
    # core.worktree=/ would make every path on the machine "inside the repository".
    repo = make_repo(tmp_path / "repo", {"catalog/kota-a.yaml": mpp("kota-a")})
    git(repo, "config", "core.worktree", "/")
    for args in (("diff", "--rev", "HEAD", "catalog"), ("validate", "catalog", "--changed-since", "HEAD")):
        run = run_mpptool(*args, cwd=repo)
        check_clean_output(run)
        assert run.returncode == 2 and "[E006]" in run.stderr and "core.worktree" in run.stderr, run.describe()


# --- 2. nothing outside the repository is read --------------------------------------------------


@pytest.fixture
def leaky_repo(tmp_path: Path) -> Path:
    """Committed symlinks to a file and a folder outside the repository, and into .git."""
    outside = tmp_path / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.yaml").write_text(mpp(SECRET), encoding="utf-8")
    (outside / "folder" / "kota-leak.yaml").write_text(mpp(SECRET), encoding="utf-8")
    repo = make_repo(tmp_path / "repo", {"catalog/kota-a.yaml": mpp("kota-a")})
    links = {
        "catalog/leak.yaml": outside / "secret.yaml",
        "catalog/relative.yaml": Path("../../outside/secret.yaml"),
        "catalog/leakdir": outside / "folder",
        "linked": outside / "folder",
        "linked.yaml": outside / "secret.yaml",
        "catalog/gitconfig.yaml": Path("../.git/config"),
    }
    for name, target in links.items():
        os.symlink(target, repo / name)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "links")
    with (repo / ".git" / "config").open("a", encoding="utf-8") as config:
        config.write(f"[mpptool-test]\n\tsecret = {SECRET}\n")
    return repo


@pytest.mark.parametrize(
    ("paths", "links"),
    [
        (("catalog",), ("catalog/leak.yaml", "catalog/relative.yaml", "catalog/leakdir", "catalog/gitconfig.yaml")),
        (("catalog/leak.yaml",), ("catalog/leak.yaml",)),
        (("catalog/relative.yaml",), ("catalog/relative.yaml",)),
        (("catalog/leakdir",), ("catalog/leakdir",)),
        (("linked",), ("linked",)),
        (("linked.yaml", "catalog/kota-a.yaml"), ("linked.yaml",)),
        (("catalog/gitconfig.yaml",), ("catalog/gitconfig.yaml",)),
        ((".",), ("catalog/leak.yaml", "catalog/gitconfig.yaml", "linked.yaml")),
    ],
)
def test_diff_rev_never_follows_a_symlink_out_of_the_repository(
    leaky_repo: Path, paths: tuple[str, ...], links: tuple[str, ...]
) -> None:
    for fmt in FORMATS:
        run = run_mpptool("diff", "--rev", "HEAD", *paths, "-f", fmt, "--exit-code", cwd=leaky_repo)
        check_clean_output(run)
        assert SECRET not in run.stdout + run.stderr and "topsecret" not in (run.stdout + run.stderr).lower(), (
            run.describe()
        )
        assert run.returncode == 1, run.describe()  # an unreadable file is a difference
        if fmt == "json":
            problems = {
                p["file"].removesuffix(" (the working tree)").removeprefix("./"): p for p in run.json()["problems"]
            }
            for link in links:
                assert link in problems, run.describe()
                assert problems[link]["line"] == 1 and problems[link]["column"] == 1
                assert "symlink" in problems[link]["message"], problems[link]


def test_diff_rev_refuses_paths_through_a_symlinked_folder(leaky_repo: Path) -> None:
    for given in ("linked/kota-leak.yaml", "catalog/leakdir/kota-leak.yaml", "catalog/leakdir/../secret.yaml"):
        run = run_mpptool("diff", "--rev", "HEAD", given, "-f", "json", cwd=leaky_repo)
        check_clean_output(run)
        assert run.returncode == 2 and "[E006]" in run.stderr and "outside the git repository" in run.stderr, (
            run.describe()
        )
        assert SECRET not in run.stdout + run.stderr


# --- 3. names that are not UTF-8 ------------------------------------------------------------------

LATIN1 = b"catalog/kab-caf\xe9.yaml"
LATIN1_FOLDER = b"catalog/caf\xe9/kab-x.yaml"
LATIN1_SHOWN = "catalog/kab-caf\\xe9.yaml"


def write_bytes_path(repo: Path, name: bytes, content: str | bytes) -> None:
    path = os.fsencode(repo) + b"/" + name
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


@pytest.mark.parametrize("tracked", [False, True])
def test_changed_since_finds_a_broken_file_whose_name_is_latin1(tmp_path: Path, tracked: bool) -> None:
    repo = make_repo(tmp_path / "repo", {"catalog/kota-a.yaml": mpp("kota-a")})
    if tracked:  # committed valid, then broken in the pull request
        write_bytes_path(repo, LATIN1, mpp("kab-cafe", "32.09"))
        write_bytes_path(repo, LATIN1_FOLDER, mpp("kab-x", "32.10"))
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "latin-1 names")
    write_bytes_path(repo, LATIN1, "mpp: [\n")
    write_bytes_path(repo, LATIN1_FOLDER, "mpp: [\n")
    run = run_mpptool("validate", "catalog", "-f", "json", "--changed-since", "HEAD", cwd=repo)
    check_clean_output(run)
    found = {(f["file"], f["code"]) for f in run.json()["findings"]}
    assert found == {(LATIN1_SHOWN, "Y001"), ("catalog/caf\\xe9/kab-x.yaml", "Y001")}, run.describe()
    assert run.returncode == 1
    text = run_mpptool("validate", "catalog", "--changed-since", "HEAD", cwd=repo)
    check_clean_output(text)
    assert LATIN1_SHOWN in text.stdout and text.returncode == 1, text.describe()


def test_diff_rev_pairs_a_latin1_name_with_itself_and_prints_it_escaped(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"catalog/kota-a.yaml": mpp("kota-a")})
    write_bytes_path(repo, LATIN1, mpp("kab-cafe", "32.09"))
    write_bytes_path(repo, b"catalog/kab-caf\\xe9.yaml", mpp("kab-literal", "32.10"))  # a backslash, written out
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "latin-1 name")
    write_bytes_path(repo, LATIN1, mpp("kab-cafe", "32.09").replace("5120", "6000"))
    write_bytes_path(repo, b"catalog/kab-caf\\xe9.yaml", mpp("kab-literal", "32.10").replace("5120", "7000"))
    for rev in ("HEAD", None):
        if rev is None:
            git(repo, "commit", "-qam", "edit")
            rev = "HEAD~1..HEAD"
        for fmt in FORMATS:
            run = run_mpptool("diff", "--rev", rev, "catalog", "-f", fmt, cwd=repo)
            check_clean_output(run)
            assert run.returncode == 0, run.describe()
            assert LATIN1_SHOWN in run.stdout or fmt in ("markdown", "json"), run.describe()
        run = run_mpptool("diff", "--rev", rev, "catalog", "-f", "json", cwd=repo)
        data = run.json()
        # each file is paired with itself: two changed files, nothing added or removed, no file moved
        assert data["summary"] == {"added": 0, "removed": 0, "changed": 2, "files": 3, "unchanged_files": 1}, data
        paths = {change["mpp"]: (change["old_path"], change["new_path"]) for change in data["changes"]}
        assert paths == {
            "kab-cafe": (LATIN1_SHOWN, LATIN1_SHOWN),
            "kab-literal": ("catalog/kab-caf\\x5cxe9.yaml", "catalog/kab-caf\\x5cxe9.yaml"),
        }, data


def test_diff_rev_problems_and_labels_are_escaped(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo", {"catalog/kota-a.yaml": mpp("kota-a")})
    write_bytes_path(repo, LATIN1, b"nama: Caf\xe9\n")  # Latin-1 content too: a problem at both revisions
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "latin-1 content")
    git(repo, "branch", os.fsdecode(b"caf\xe9"))
    write_bytes_path(repo, LATIN1, "mpp: [\n")
    branch = os.fsdecode(b"caf\xe9")
    for fmt in FORMATS:
        run = run_mpptool("diff", "--rev", branch, "catalog", "-f", fmt, "--exit-code", cwd=repo)
        check_clean_output(run)
        assert run.returncode == 1, run.describe()
        if fmt in ("text", "github"):
            assert "between caf\\xe9 (" in run.stdout and LATIN1_SHOWN in run.stdout, run.describe()
    data = run_mpptool("diff", "--rev", branch, "catalog", "-f", "json", cwd=repo).json()
    assert data["old"].startswith("caf\\xe9 (")
    assert sorted(problem["file"] for problem in data["problems"]) == [
        f"{LATIN1_SHOWN} ({data['old']})",
        f"{LATIN1_SHOWN} (the working tree)",
    ], data
