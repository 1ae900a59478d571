"""mpptool.loaders.git against real temporary git repositories: revisions, listing, reading, changed
files, refusals, and how git is run."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from helpers import isolate_git

from mpptool.errors import UsageError
from mpptool.loaders.files import shown
from mpptool.loaders.git import BlobFile, Revision, changed_paths, files_at, repository_root, resolve

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

SIZE_LIMIT = 4 * 1024 * 1024


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git config (signing, hooks, default branch) and no hook-set GIT_DIR."""
    isolate_git(monkeypatch, tmp_path.parent)


def git(repo: Path, *args: str, stdin: bytes | None = None) -> str:
    """Run git in ``repo`` for the test's own setup; fail loudly."""
    result = subprocess.run(["git", "-C", str(repo), *args], input=stdin, capture_output=True, check=False, timeout=60)
    assert result.returncode == 0, result.stderr.decode(errors="replace")
    return result.stdout.decode(errors="surrogateescape").strip()


def make_repo(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    git(path, "-c", "init.defaultBranch=main", "init", "-q")
    return path


def write(repo: Path, files: dict[str, bytes | str]) -> None:
    for name, content in files.items():
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode() if isinstance(content, str) else content)


def commit(repo: Path, message: str = "change") -> str:
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def add_entry(repo: Path, mode: str, oid: str, path: str) -> None:
    """Put an index entry in without the file system (symlinks, submodules, odd names)."""
    git(repo, "update-index", "-z", "--index-info", stdin=f"{mode} {oid}\t{path}\x00".encode())


def blob(repo: Path, content: bytes) -> str:
    return git(repo, "hash-object", "-w", "--stdin", stdin=content)


def commit_index(repo: Path, message: str = "index") -> str:
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", message)
    return git(repo, "rev-parse", "HEAD")


def head(repo: Path) -> Revision:
    return resolve("HEAD", str(repo))


def paths(files: Sequence[BlobFile]) -> list[str]:
    return [file.path for file in files]


@pytest.fixture
def history(tmp_path: Path) -> Iterator[tuple[Path, list[str]]]:
    """Three commits on main, a tag on the first and a branch on the second."""
    repo = make_repo(tmp_path / "repo")
    commits = []
    for number in range(3):
        write(repo, {"catalog/a.yaml": f"version: {number}\n"})
        commits.append(commit(repo, f"commit {number}"))
    git(repo, "tag", "v1", commits[0])
    git(repo, "branch", "feature", commits[1])
    yield repo, commits


# -- repository_root ---------------------------------------------------------------------------


def test_root_from_a_subfolder(history: tuple[Path, list[str]]) -> None:
    repo, _ = history
    assert repository_root(str(repo / "catalog")) == os.path.realpath(repo)


def test_root_outside_a_repository(tmp_path: Path) -> None:
    outside = tmp_path / "plain"
    outside.mkdir()
    with pytest.raises(UsageError) as caught:
        repository_root(str(outside))
    assert caught.value.code == "E006"
    assert str(caught.value).startswith("not inside a git repository: ")


def test_root_uses_the_current_folder_by_default(
    history: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo, _ = history
    monkeypatch.chdir(repo / "catalog")
    assert repository_root() == os.path.realpath(repo)


def test_missing_git(history: tuple[Path, list[str]], monkeypatch: pytest.MonkeyPatch) -> None:
    repo, _ = history
    monkeypatch.setenv("PATH", str(repo / "no-such-bin"))
    with pytest.raises(UsageError) as caught:
        repository_root(str(repo))
    assert caught.value.code == "E006"
    assert str(caught.value) == "git is not installed or not on PATH"


# -- resolve -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("rev", "index"), [("HEAD", 2), ("HEAD~1", 1), ("v1", 0), ("feature", 1), ("main", 2)])
def test_resolve(history: tuple[Path, list[str]], rev: str, index: int) -> None:
    repo, commits = history
    assert resolve(rev, str(repo)) == Revision(rev, commits[index])


def test_resolve_an_abbreviated_commit(history: tuple[Path, list[str]]) -> None:
    repo, commits = history
    assert resolve(commits[0][:10], str(repo)).commit == commits[0]


@pytest.mark.parametrize("rev", ["--output=x", "-x", "-", "--all"])
def test_resolve_refuses_options(history: tuple[Path, list[str]], rev: str) -> None:
    repo, _ = history
    with pytest.raises(UsageError) as caught:
        resolve(rev, str(repo))
    assert caught.value.code == "E006"
    assert "looks like an option" in str(caught.value)
    assert not (repo / "x").exists()


def test_resolve_refuses_empty(history: tuple[Path, list[str]]) -> None:
    repo, _ = history
    with pytest.raises(UsageError) as caught:
        resolve("", str(repo))
    assert caught.value.code == "E006"


@pytest.mark.parametrize("rev", ["no-such-branch", "HEAD~9", "HEAD:catalog/a.yaml", "HEAD^{tree}"])
def test_resolve_unknown(history: tuple[Path, list[str]], rev: str) -> None:
    repo, _ = history
    with pytest.raises(UsageError) as caught:
        resolve(rev, str(repo))
    assert caught.value.code == "E006"
    assert "unknown revision" in str(caught.value)
    assert "git fetch" in str(caught.value)
    assert "shallow" not in str(caught.value)


def test_resolve_in_a_shallow_clone(history: tuple[Path, list[str]], tmp_path: Path) -> None:
    repo, commits = history
    shallow = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", repo.as_uri(), str(shallow)], check=True, capture_output=True, timeout=60
    )
    assert resolve("HEAD", str(shallow)).commit == commits[2]
    with pytest.raises(UsageError) as caught:
        resolve("HEAD~2", str(shallow))
    message = str(caught.value)
    assert caught.value.code == "E006"
    assert "shallow" in message
    assert "git fetch --unshallow" in message
    assert "--depth=" in message
    assert "fetch-depth: 0" in message


# -- files_at ----------------------------------------------------------------------------------


@pytest.fixture
def catalog_repo(tmp_path: Path) -> Path:
    repo = make_repo(tmp_path / "repo")
    write(
        repo,
        {
            "catalog/jabar/kab-cirebon.yaml": "id: cirebon\n",
            "catalog/jabar/deep/kota-bogor.yml": "id: bogor\n",
            "catalog/jabar/notes.txt": "not yaml\n",
            "catalog/jabar/UPPER.YAML": "id: upper\n",
            "catalog/.drafts/hidden.yaml": "id: hidden\n",
            "catalog/jabar/.swap.yaml": "id: swap\n",
            "catalog/with space.yaml": "id: space\n",
            "catalog/dki/kota-jakarta-selatan-ñ.yaml": "id: jaksel\n",
            "catalog/bom.yaml": b"\xef\xbb\xbfid: bom\n",
            "other/x.yaml": "id: x\n",
            "README.md": "# readme\n",
        },
    )
    commit(repo)
    return repo


def test_nested_folders_hidden_and_non_yaml_skipped(catalog_repo: Path) -> None:
    # `*.YAML` counts as in the working tree (a Windows export writes upper-case suffixes).
    files = files_at(head(catalog_repo), ["catalog"], str(catalog_repo), cwd=str(catalog_repo))
    assert paths(files) == [
        "catalog/bom.yaml",
        "catalog/dki/kota-jakarta-selatan-ñ.yaml",
        "catalog/jabar/UPPER.YAML",
        "catalog/jabar/deep/kota-bogor.yml",
        "catalog/jabar/kab-cirebon.yaml",
        "catalog/with space.yaml",
    ]
    by_path = {file.path: file for file in files}
    assert by_path["catalog/jabar/kab-cirebon.yaml"] == BlobFile(
        "catalog/jabar/kab-cirebon.yaml", "catalog/jabar/kab-cirebon.yaml", "id: cirebon\n", None
    )
    assert by_path["catalog/with space.yaml"].text == "id: space\n"
    assert by_path["catalog/dki/kota-jakarta-selatan-ñ.yaml"].text == "id: jaksel\n"
    assert by_path["catalog/bom.yaml"].text == "id: bom\n"  # a BOM is allowed, as in the working tree


def test_whole_repository_and_explicit_files(catalog_repo: Path) -> None:
    root = str(catalog_repo)
    everything = files_at(head(catalog_repo), ["."], root, cwd=root)
    assert "other/x.yaml" in paths(everything)
    assert not any("/." in path or path.startswith(".") for path in paths(everything))
    assert {file.display for file in everything} >= {"./other/x.yaml", "./catalog/jabar/kab-cirebon.yaml"}
    # A file named on the command line is taken whatever its name or folder, like discover().
    named = files_at(head(catalog_repo), ["catalog/.drafts/hidden.yaml", "README.md"], root, cwd=root)
    assert [(file.path, file.display, file.text) for file in named] == [
        ("README.md", "README.md", "# readme\n"),
        ("catalog/.drafts/hidden.yaml", "catalog/.drafts/hidden.yaml", "id: hidden\n"),
    ]


def test_overlapping_paths_give_each_file_once(catalog_repo: Path) -> None:
    root = str(catalog_repo)
    files = files_at(head(catalog_repo), ["catalog/jabar", "catalog", "catalog/jabar/kab-cirebon.yaml"], root, root)
    assert paths(files) == sorted(set(paths(files)))
    assert len(files) == 6


def test_display_relative_to_a_subfolder(catalog_repo: Path) -> None:
    root = str(catalog_repo)
    cwd = str(catalog_repo / "catalog")
    files = files_at(head(catalog_repo), ["jabar", "../other", "with space.yaml"], root, cwd=cwd)
    assert [(file.path, file.display) for file in files] == [
        ("catalog/jabar/UPPER.YAML", "jabar/UPPER.YAML"),
        ("catalog/jabar/deep/kota-bogor.yml", "jabar/deep/kota-bogor.yml"),
        ("catalog/jabar/kab-cirebon.yaml", "jabar/kab-cirebon.yaml"),
        ("catalog/with space.yaml", "with space.yaml"),
        ("other/x.yaml", "../other/x.yaml"),
    ]
    dot = files_at(head(catalog_repo), ["."], root, cwd=str(catalog_repo / "catalog" / "jabar"))
    assert [file.display for file in dot] == ["./UPPER.YAML", "./deep/kota-bogor.yml", "./kab-cirebon.yaml"]


def test_cwd_defaults_to_the_current_folder(catalog_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(catalog_repo / "catalog")
    files = files_at(head(catalog_repo), ["jabar/kab-cirebon.yaml"], repository_root())
    assert [(file.path, file.display) for file in files] == [
        ("catalog/jabar/kab-cirebon.yaml", "jabar/kab-cirebon.yaml")
    ]


def test_absent_paths_give_no_files(catalog_repo: Path) -> None:
    root = str(catalog_repo)
    old = head(catalog_repo)
    write(catalog_repo, {"catalog/new/added.yaml": "id: added\n"})
    commit(catalog_repo)
    assert files_at(old, ["catalog/new", "catalog/new/added.yaml", "nowhere"], root, cwd=root) == []
    assert paths(files_at(head(catalog_repo), ["catalog/new"], root, cwd=root)) == ["catalog/new/added.yaml"]


def test_pathspec_magic_is_not_interpreted(catalog_repo: Path) -> None:
    root = str(catalog_repo)
    for given in ["catalog/*.yaml", ":(glob)catalog/**", "catalog/jabar/kab-*"]:
        assert files_at(head(catalog_repo), [given], root, cwd=root) == []


def test_a_path_outside_the_repository(catalog_repo: Path, tmp_path: Path) -> None:
    with pytest.raises(UsageError) as caught:
        files_at(head(catalog_repo), [str(tmp_path)], str(catalog_repo), cwd=str(catalog_repo))
    assert caught.value.code == "E006"
    assert "outside the git repository" in str(caught.value)


def test_odd_names(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    content = blob(repo, b"id: odd\n")
    names = ["catalog/line\nbreak.yaml", "catalog/tab\there.yaml", "catalog/日本 語.yml", "catalog/-dash.yaml"]
    for name in names:
        add_entry(repo, "100644", content, name)
    commit_index(repo)
    files = files_at(head(repo), ["catalog"], str(repo), cwd=str(repo))
    assert paths(files) == sorted(names)
    assert all(file.text == "id: odd\n" and file.problem is None for file in files)
    assert {file.display for file in files} == set(names)


def test_entries_that_are_not_read(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(
        repo,
        {
            "catalog/big.yaml": b"a" * (SIZE_LIMIT + 1),
            "catalog/at-limit.yaml": b"#" * SIZE_LIMIT,
            "catalog/latin1.yaml": b"nama: Caf\xe9\n",
            "catalog/ok.yaml": "id: ok\n",
            "catalog/run.yaml": "id: run\n",
        },
    )
    os.chmod(repo / "catalog/run.yaml", 0o755)
    git(repo, "add", "-A")
    add_entry(repo, "120000", blob(repo, b"../../etc/passwd"), "catalog/link.yaml")
    add_entry(repo, "160000", commit(make_repo(tmp_path / "sub")), "catalog/vendored")
    commit_index(repo)
    files = {file.path: file for file in files_at(head(repo), ["catalog"], str(repo), cwd=str(repo))}
    assert sorted(files) == [
        "catalog/at-limit.yaml",
        "catalog/big.yaml",
        "catalog/latin1.yaml",
        "catalog/link.yaml",
        "catalog/ok.yaml",
        "catalog/run.yaml",
        "catalog/vendored",
    ]
    link = files["catalog/link.yaml"]
    assert link.text is None and link.problem is not None
    assert str(link.problem).startswith("not a regular file (symlink)")
    big = files["catalog/big.yaml"]
    assert big.text is None and big.problem is not None and str(big.problem).startswith("larger than 4 MiB")
    latin1 = files["catalog/latin1.yaml"]
    assert latin1.text is None and latin1.problem is not None
    assert str(latin1.problem).startswith("not UTF-8 at byte 9 ")
    submodule = files["catalog/vendored"]
    assert submodule.text is None and submodule.problem is not None and str(submodule.problem).startswith("a submodule")
    assert files["catalog/at-limit.yaml"].text == "#" * SIZE_LIMIT
    assert files["catalog/ok.yaml"] == BlobFile("catalog/ok.yaml", "catalog/ok.yaml", "id: ok\n", None)
    assert files["catalog/run.yaml"].text == "id: run\n"
    # each problem carries the code the working tree would report it under, set where it is found
    codes = {path: file.code for path, file in files.items()}
    assert codes == {
        "catalog/at-limit.yaml": None,
        "catalog/big.yaml": "F004",
        "catalog/latin1.yaml": "Y002",
        "catalog/link.yaml": "F001",
        "catalog/ok.yaml": None,
        "catalog/run.yaml": None,
        "catalog/vendored": "F001",
    }


def test_an_unknown_commit_is_a_usage_error(catalog_repo: Path) -> None:
    bogus = Revision("bogus", "0123456789abcdef0123456789abcdef01234567")
    with pytest.raises(UsageError) as caught:
        files_at(bogus, ["catalog"], str(catalog_repo), cwd=str(catalog_repo))
    assert caught.value.code == "E006"
    assert str(caught.value).startswith("git ls-tree failed: fatal:")
    assert "\n" not in str(caught.value)


class _Recorder:
    """Wraps subprocess.run to record every git command gitrev starts."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def __call__(self, args: list[str], **kwargs: Any) -> Any:
        self.calls.append((list(args), kwargs))
        return self.real(args, **kwargs)


def test_many_files_use_one_cat_file_process(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, {f"catalog/p{index // 50}/mpp-{index:03}.yaml": f"id: mpp-{index}\n" for index in range(300)})
    write(repo, {"catalog/same-a.yaml": "id: same\n", "catalog/same-b.yaml": "id: same\n"})
    commit(repo)
    revision = head(repo)
    recorder = _Recorder(subprocess.run)
    monkeypatch.setattr(subprocess, "run", recorder)
    processes = _Recorder(subprocess.Popen)  # every process started, whichever API starts it
    monkeypatch.setattr(subprocess, "Popen", processes)
    files = files_at(revision, ["catalog"], str(repo), cwd=str(repo))
    assert len(files) == 302
    assert all(file.problem is None for file in files)
    assert files[0].text == "id: mpp-0\n"
    assert files[-1].path == "catalog/same-b.yaml" and files[-1].text == "id: same\n"
    subcommands = [next(arg for arg in args if arg in ("ls-tree", "cat-file")) for args, _ in recorder.calls]
    assert subcommands == ["ls-tree", "cat-file"]
    assert len(processes.calls) == 2


def test_git_is_run_hardened(catalog_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    recorder = _Recorder(subprocess.run)
    monkeypatch.setattr(subprocess, "run", recorder)
    monkeypatch.setenv("GIT_DIR", "/nonexistent")
    root = repository_root(str(catalog_repo))
    files_at(resolve("HEAD", root), ["catalog"], root, cwd=root)
    with pytest.raises(UsageError):
        resolve("nope", root)
    assert len(recorder.calls) == 6  # show-toplevel, rev-parse, ls-tree, cat-file, rev-parse, is-shallow
    for args, kwargs in recorder.calls:
        assert_hardened(args, kwargs, root)


HARDENING = (
    "core.quotePath=false",
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",
    "core.untrackedCache=false",
    "core.pager=cat",
    "diff.external=",
    "protocol.allow=never",
    "core.useReplaceRefs=false",
)


def assert_hardened(args: list[str], kwargs: dict[str, Any], root: str) -> None:
    """One git call as gitrev makes every one: global options, ``-c`` settings, environment."""
    assert args[:3] == ["git", "--no-pager", "--literal-pathspecs"]
    assert args[3] == "-C" and os.path.realpath(args[4]) == os.path.realpath(root)
    assert args[5] == "--no-replace-objects"
    settings = [args[index + 1] for index, arg in enumerate(args) if arg == "-c"]
    assert set(HARDENING) <= set(settings), settings
    assert not kwargs.get("shell")
    assert kwargs["capture_output"] is True and kwargs["check"] is False and kwargs["timeout"] > 0
    env = kwargs["env"]
    assert env["GIT_TERMINAL_PROMPT"] == "0" and env["GIT_OPTIONAL_LOCKS"] == "0" and env["LC_ALL"] == "C"
    assert env["GIT_NO_LAZY_FETCH"] == "1" and env["GIT_NO_REPLACE_OBJECTS"] == "1"
    assert env["GIT_CONFIG_NOSYSTEM"] == "1" and env["GIT_PAGER"] == "cat"
    assert env["GIT_ALLOW_PROTOCOL"] == ""  # set and empty: no transport at all, whatever the repository allows
    for name in ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_OBJECT_DIRECTORY", "GIT_EXTERNAL_DIFF"):
        assert name not in env


def test_a_worktree_moved_by_the_configuration_is_refused(catalog_repo: Path) -> None:
    git(catalog_repo, "config", "core.worktree", "/")
    with pytest.raises(UsageError) as caught:
        repository_root(str(catalog_repo / "catalog"))
    assert caught.value.code == "E006" and "core.worktree" in str(caught.value)


# -- changed_paths -----------------------------------------------------------------------------


def real(repo: Path, *names: str | bytes) -> set[str]:
    """What changed_paths gives for ``names``: real paths, and the escaped form of undecodable ones."""
    base = os.fsencode(os.path.realpath(repo))
    found = set()
    for name in names:
        path = os.fsdecode(os.path.realpath(base + b"/" + (name if isinstance(name, bytes) else name.encode())))
        found |= {path, shown(path)}
    return found


def test_changed_paths_unchanged_is_empty(catalog_repo: Path) -> None:
    assert changed_paths(head(catalog_repo), str(catalog_repo)) == frozenset()
    os.chmod(catalog_repo / "catalog/bom.yaml", 0o755)  # a mode change leaves the text as it was
    os.utime(catalog_repo / "catalog/with space.yaml", (1, 1))  # so does a touch
    assert changed_paths(head(catalog_repo), str(catalog_repo)) == frozenset()


def test_changed_paths_every_kind_of_change(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    names = ("a", "b", "c", "d", "e", "keep")
    write(repo, {f"catalog/{name}.yaml": f"id: {name}\n" for name in names})
    write(repo, {"mpptool.toml": "strict = true\n", ".gitignore": "*.log\n", "catalog/sub/s.yaml": "id: s\n"})
    os.symlink("a.yaml", repo / "catalog/link.yaml")
    commit(repo)
    revision = head(repo)
    write(repo, {"catalog/a.yaml": "id: a2\n"})  # edited, not staged
    write(repo, {"catalog/b.yaml": "id: b2\n"})
    git(repo, "add", "catalog/b.yaml")  # edited and staged
    git(repo, "mv", "catalog/c.yaml", "catalog/c-renamed.yaml")
    (repo / "catalog/d.yaml").unlink()
    (repo / "mpptool.toml").unlink()  # a deleted configuration file must be seen
    write(repo, {"catalog/new.yaml": "id: new\n", "catalog/staged.yaml": "id: staged\n", "catalog/x.log": "x"})
    git(repo, "add", "catalog/staged.yaml")
    (repo / "catalog/link.yaml").unlink()
    os.symlink("nowhere.yaml", repo / "catalog/link.yaml")  # retargeted
    (repo / "catalog/e.yaml").unlink()
    os.symlink("keep.yaml", repo / "catalog/e.yaml")  # a file become a symlink to an unchanged one
    shutil.rmtree(repo / "catalog/sub")
    (repo / "other").mkdir()
    write(repo, {"other/s.yaml": "id: s\n"})
    os.symlink("../other", repo / "catalog/sub")  # the same text, reached through a symlinked folder
    changed = changed_paths(revision, str(repo))
    location = os.path.join(os.path.realpath(repo), "catalog")
    expected = real(
        repo,
        "catalog/a.yaml",
        "catalog/b.yaml",
        "catalog/c.yaml",
        "catalog/c-renamed.yaml",
        "catalog/d.yaml",
        "mpptool.toml",
        "catalog/new.yaml",
        "catalog/staged.yaml",
        "catalog/link.yaml",  # the symlink's target, now catalog/nowhere.yaml
        "catalog/e.yaml",  # catalog/keep.yaml, the target
        "catalog/sub",
        "catalog/sub/s.yaml",
        "other/s.yaml",
    ) | {os.path.join(location, "link.yaml"), os.path.join(location, "e.yaml"), os.path.join(location, "sub")}
    assert changed == expected


def test_changed_paths_look_inside_submodules_and_nested_repositories(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, {"catalog/a.yaml": "id: a\n"})
    git(repo, "add", "-A")
    add_entry(repo, "160000", commit(make_repo(tmp_path / "sub")), "catalog/vendored")
    commit_index(repo)
    revision = head(repo)
    write(repo, {"catalog/vendored/v.yaml": "id: v\n"})  # a submodule's files: git does not list them
    nested = make_repo(repo / "catalog" / "nested")
    write(nested, {"n.yaml": "id: n\n", "deep/m.yaml": "id: m\n"})
    commit(nested)
    changed = changed_paths(revision, str(repo))
    inside = real(repo, "catalog/vendored/v.yaml", "catalog/nested/n.yaml", "catalog/nested/deep/m.yaml")
    assert inside <= changed
    assert not any(os.sep + ".git" in path for path in changed)
    assert real(repo, "catalog/a.yaml").isdisjoint(changed)


def test_changed_paths_keep_names_that_are_not_utf8(tmp_path: Path) -> None:
    repo = make_repo(tmp_path / "repo")
    write(repo, {"catalog/a.yaml": "id: a\n"})
    name = b"catalog/kab-caf\xe9.yaml"
    with open(os.fsencode(repo) + b"/" + name, "wb") as handle:
        handle.write(b"id: cafe\n")
    commit(repo)
    revision = head(repo)
    assert changed_paths(revision, str(repo)) == frozenset()
    with open(os.fsencode(repo) + b"/" + name, "wb") as handle:
        handle.write(b"mpp: [\n")
    changed = changed_paths(revision, str(repo))
    path = os.path.join(os.path.realpath(repo), os.fsdecode(name))
    assert changed == {path, shown(path)}
    assert os.fsencode(path).endswith(name)  # the bytes exactly
    assert shown(path).endswith("catalog/kab-caf\\xe9.yaml")  # what os.path.realpath(display) gives


def test_changed_paths_in_a_sha256_repository(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    repo.mkdir()
    done = subprocess.run(["git", "-C", str(repo), "init", "-q", "--object-format=sha256"], capture_output=True)
    if done.returncode != 0:
        pytest.skip("this git cannot make SHA-256 repositories")
    write(repo, {"catalog/a.yaml": "id: a\n", "catalog/b.yaml": "id: b\n"})
    commit(repo)
    revision = head(repo)
    assert len(revision.commit) == 64
    assert changed_paths(revision, str(repo)) == frozenset()
    write(repo, {"catalog/b.yaml": "id: b2\n"})
    assert changed_paths(revision, str(repo)) == real(repo, "catalog/b.yaml")


def test_changed_paths_reads_only_the_object_database_and_the_index(
    catalog_repo: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write(catalog_repo, {"catalog/jabar/kab-cirebon.yaml": "id: changed\n"})
    root = str(catalog_repo)
    revision = head(catalog_repo)
    recorder = _Recorder(subprocess.run)
    monkeypatch.setattr(subprocess, "run", recorder)
    monkeypatch.setenv("GIT_EXTERNAL_DIFF", "/bin/false")
    monkeypatch.setenv("GIT_OBJECT_DIRECTORY", "/nonexistent")
    assert changed_paths(revision, root) == real(catalog_repo, "catalog/jabar/kab-cirebon.yaml")
    commands = [
        next(arg for arg in args if arg in ("ls-tree", "ls-files", "diff", "status")) for args, _ in recorder.calls
    ]
    assert sorted(commands) == ["ls-files", "ls-files", "ls-tree"]  # never diff or status: they run filters
    for args, kwargs in recorder.calls:
        assert_hardened(args, kwargs, root)
