"""Where a diff's versions come from (:mod:`mpptool.loaders.versions`): the working tree, a git
revision and MPP ids, each file with its text or its problem and the code that problem is
reported under, keyed so no two files are ever confused.

tests/commands/test_diff.py computes diffs over such versions; tests/hostile/test_git_safety.py
holds the working-tree side of a revision diff against hostile repositories.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from helpers import VALID_MINIMAL, isolate_git

from mpptool.errors import UsageError
from mpptool.loaders.versions import Version, load_catalog, path_key, revision_versions, working_versions

MINIMAL = VALID_MINIMAL.read_text(encoding="utf-8")


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_git(monkeypatch, tmp_path.parent)


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, timeout=60)


def by_path(versions: list[Version]) -> dict[str, Version]:
    return {version.path: version for version in versions}


def test_working_files_come_with_their_text_or_their_problem_and_its_code(tmp_path: Path) -> None:
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "ok.yaml").write_text("id: ok\n", encoding="utf-8")
    (catalog / "latin1.yaml").write_bytes(b"nama: Caf\xe9\n")
    (catalog / "big.yaml").write_bytes(b"a" * (4 * 1024 * 1024 + 1))
    (catalog / "out.yaml").symlink_to(tmp_path / "elsewhere.yaml")
    (tmp_path / "elsewhere.yaml").write_text("id: x\n", encoding="utf-8")
    versions = by_path(working_versions([str(catalog)], str(tmp_path)))
    assert versions["catalog/ok.yaml"] == Version("catalog/ok.yaml", str(catalog / "ok.yaml"), "id: ok\n")
    assert {path: (v.text is None, v.code if v.problem else None) for path, v in versions.items()} == {
        "catalog/ok.yaml": (False, None),
        "catalog/latin1.yaml": (True, "Y002"),
        "catalog/big.yaml": (True, "F004"),
        "catalog/out.yaml": (True, "F002"),  # a symlink out of the catalog folder, as validate says
    }


def test_a_deleted_path_holds_no_files_when_allowed(tmp_path: Path) -> None:
    assert working_versions([str(tmp_path / "gone")], None, missing_ok=True) == []
    with pytest.raises(UsageError):
        working_versions([str(tmp_path / "gone")], None)


def test_inside_a_repository_a_link_out_of_it_is_never_read(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    git(repo, "init", "-q")
    (tmp_path / "secret.yaml").write_text("id: secret\n", encoding="utf-8")
    (repo / "catalog" / "ok.yaml").write_text("id: ok\n", encoding="utf-8")
    (repo / "catalog" / "secret.yaml").symlink_to(tmp_path / "secret.yaml")
    versions = by_path(working_versions([str(repo / "catalog")], str(repo)))
    assert versions["catalog/ok.yaml"].text == "id: ok\n"
    met = versions["catalog/secret.yaml"]  # met in a folder: out of the catalog folder, as validate says
    assert (met.text, met.code) == (None, "F002")
    (named,) = working_versions([str(repo / "catalog" / "secret.yaml")], str(repo))  # named: refused
    assert (named.path, named.text, named.code) == ("catalog/secret.yaml", None, "F001")
    assert named.problem is not None and "outside the git repository" in str(named.problem)
    with pytest.raises(UsageError) as raised:
        working_versions([str(tmp_path / "secret.yaml")], str(repo))
    assert raised.value.code == "E006"


def test_a_revision_gives_each_file_at_that_commit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    git(repo, "-c", "init.defaultBranch=main", "init", "-q")
    (repo / "catalog" / "kota.yaml").write_text(MINIMAL, encoding="utf-8")
    (repo / "catalog" / "bad.yaml").write_bytes(b"nama: Caf\xe9\n")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "one")
    (repo / "catalog" / "kota.yaml").write_text("changed since\n", encoding="utf-8")
    monkeypatch.chdir(repo)
    label, versions = revision_versions("HEAD", ["catalog"], str(repo))
    assert label.startswith("HEAD (") and label.endswith(")")
    files = by_path(versions)
    assert files["catalog/kota.yaml"].text == MINIMAL  # the commit, not the working tree
    assert (files["catalog/bad.yaml"].text, files["catalog/bad.yaml"].code) == (None, "Y002")


def test_path_keys_are_printable_and_never_shared() -> None:
    undecodable = os.fsdecode(b"caf\xe9.yaml")
    written_out = "caf\\xe9.yaml"
    assert path_key(undecodable) == "caf\\xe9.yaml"
    assert path_key(written_out) == "caf\\x5cxe9.yaml"
    assert path_key("plain/kota.yaml") == "plain/kota.yaml"


def test_load_catalog_parses_only_files_that_mention_the_id(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(MINIMAL, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(MINIMAL.replace("kota-mojokerto", "kota-b"), encoding="utf-8")
    (tmp_path / "broken.yaml").write_text("mpp: [unclosed\n", encoding="utf-8")
    mpps, problems = load_catalog([str(tmp_path)], mentioning="kota-b")
    assert [ident for ident, _, _ in mpps] == ["kota-b"]
    assert problems == []  # the broken file does not mention the id: never parsed
    mpps, problems = load_catalog([str(tmp_path)])
    assert sorted(ident for ident, _, _ in mpps) == ["kota-b", "kota-mojokerto"]
    assert [(p.code, Path(p.file).name) for p in problems] == [("Y001", "broken.yaml")]
