"""`mpptool diff`: entity matching by id, located field changes, region comparison, the matrix."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import REPO, VALID_MINIMAL, assert_no_traceback, run_mpptool

from mpptool.commands.diff import Version, diff_versions
from mpptool.formats import DiffFormat, render

MINIMAL = VALID_MINIMAL.read_text(encoding="utf-8")
PATH = "catalog/kota-mojokerto.yaml"


def _diff(old: str, new: str):  # type: ignore[no-untyped-def]
    return diff_versions([Version(PATH, PATH, old)], [Version(PATH, PATH, new)], "HEAD", "the working tree")


def test_identical_text_is_not_even_parsed() -> None:
    result = _diff("not: [valid", "not: [valid")
    assert result.changes == () and result.problems == () and result.files_unchanged == 1


def test_field_changes_carry_old_new_and_lines() -> None:
    new = MINIMAL.replace("visitors: 5120", "visitors: 6000").replace(
        "    staff: {required: 2, assigned: 1}", "    staff: {required: 2, assigned: 2}"
    )
    changes = {(c.entity, c.id, c.field): c for c in _diff(MINIMAL, new).changes}
    metric = changes[("metrics", "2024-01-01..2024-03-31", "visitors")]
    assert (metric.op, metric.old, metric.new, metric.old_line, metric.new_line) == ("changed", 5120, 6000, 121, 121)
    staff = changes[("counter", "C01", "staff.assigned")]
    assert (staff.old, staff.new, staff.new_line) == (1, 2, 118)
    assert len(changes) == 2


def test_a_moved_entry_is_no_change_and_ids_match_entries() -> None:
    agencies = MINIMAL[MINIMAL.index("agencies:\n  - id: dpmptsp") : MINIMAL.index("services:\n")]
    blocks = agencies.split("\n  - ")
    moved = "\n  - ".join([blocks[0], *reversed(blocks[1:])])
    moved = moved if moved.endswith("\n") else moved + "\n"
    new = MINIMAL.replace(agencies, moved)
    assert new != MINIMAL
    assert _diff(MINIMAL, new).changes == ()


def test_added_removed_and_changed_entities() -> None:
    new = MINIMAL.replace("  - id: pln\n    name: PT PLN (Persero) UP3 Mojokerto\n    category: soe\n", "")
    new = new.replace("agency: pln", "agency: dpmptsp").replace(
        "services:\n", "  - {id: bpjs, name: BPJS Kesehatan, category: public_body}\nservices:\n", 1
    )
    ops = {(c.op, c.entity, c.id, c.field) for c in _diff(MINIMAL, new).changes}
    assert ("removed", "agency", "pln", None) in ops
    assert ("added", "agency", "bpjs", None) in ops
    assert ("changed", "service", "pasang-baru", "agency") in ops


def test_added_and_removed_files_are_mpps_and_a_moved_file_is_matched_by_id() -> None:
    other = MINIMAL.replace("id: kota-mojokerto", "id: kota-baru")
    result = diff_versions(
        [Version("a.yaml", "a.yaml", MINIMAL), Version("gone.yaml", "gone.yaml", other)],
        [Version("b/a.yaml", "b/a.yaml", MINIMAL.replace("visitors: 5120", "visitors: 1"))],
    )
    ops = {(c.op, c.entity, c.mpp, c.field) for c in result.changes}
    assert ("removed", "mpp", "kota-baru", None) in ops
    assert ("changed", "mpp", "kota-mojokerto", "file") in ops
    assert ("changed", "metrics", "kota-mojokerto", "visitors") in ops
    assert result.count("added") == 0


def test_a_file_that_does_not_parse_at_one_revision_is_reported_and_the_rest_goes_on() -> None:
    result = diff_versions(
        [Version("a.yaml", "a.yaml", "mpp: [unclosed\n"), Version("b.yaml", "b.yaml", MINIMAL)],
        [Version("a.yaml", "a.yaml", MINIMAL), Version("b.yaml", "b.yaml", MINIMAL.replace("5120", "5121"))],
        "HEAD~1",
        "HEAD",
    )
    assert [(f.code, f.file) for f in result.problems] == [("Y001", "a.yaml (HEAD~1)")]
    assert (result.problems[0].line, result.problems[0].column) == (1, 6)  # the `[` that is never closed
    # a.yaml cannot be compared (it was not readable before), b.yaml still is
    assert [(c.mpp, c.field) for c in result.changes] == [("kota-mojokerto", "visitors")]
    assert result.changes[0].new_file == "b.yaml"


def test_an_mpp_level_change_carries_the_mpp_id_and_a_change_of_type_shows_as_one() -> None:
    new = MINIMAL.replace('region: "35.76"', "region: 35.76").replace("services: 5", "services: 6")
    result = _diff(MINIMAL, new)
    data = json.loads(render(result, DiffFormat.JSON))
    by_field = {change["field"]: change for change in data["changes"]}
    assert by_field["region"]["id"] == "kota-mojokerto" and by_field["region"]["entity"] == "mpp"
    assert (by_field["region"]["old"], by_field["region"]["new"]) == ("35.76", 35.76)
    assert by_field["services"]["id"] == "kota-mojokerto" and by_field["services"]["entity"] == "declared"
    text = render(result, DiffFormat.TEXT)
    assert '~ mpp region: "35.76" (text) -> 35.76 (number)' in text, text
    assert "~ declared services: 5 -> 6" in text, text
    assert "35.76 -> 35.76" not in render(result, DiffFormat.MARKDOWN)
    assert "35.76 -> 35.76" not in render(result, DiffFormat.GITHUB)


def test_json_follows_the_contract() -> None:
    data = json.loads(render(_diff(MINIMAL, MINIMAL.replace("5120", "5121")), DiffFormat.JSON))
    (change,) = data["changes"]
    assert {"op", "entity", "mpp", "id", "field", "old", "new"} <= set(change)
    assert data["summary"] == {"added": 0, "removed": 0, "changed": 1, "files": 1, "unchanged_files": 0}


def test_github_annotations_cannot_be_injected() -> None:
    hostile = MINIMAL.replace(
        "name: Mal Pelayanan Publik Gajah Mada Kota Mojokerto", 'name: "x\\n::set-output name=a::b %0A, y: z"'
    )
    out = render(_diff(MINIMAL, hostile), DiffFormat.GITHUB)
    lines = out.splitlines()
    assert len(lines) == 2 and not lines[1].startswith("::")  # one annotation, then the summary
    assert "\n::" not in out and "%250A" in out  # the value's newline and % cannot start a command
    assert lines[0].startswith("::notice file=catalog/kota-mojokerto.yaml,line=6,title=mpptool diff%3A changed mpp")


def test_markdown_escapes_values() -> None:
    hostile = MINIMAL.replace("name: Mal Pelayanan Publik Gajah Mada Kota Mojokerto", 'name: "<img src=x> | @all"')
    out = render(_diff(MINIMAL, hostile), DiffFormat.MARKDOWN)
    assert "<img" not in out and "@all" not in out and "\\|" in out
    assert out.startswith("**mpptool diff**: 0 added, 0 removed, 1 changed")


# Across regions and the matrix, from the command line


def test_cli_compares_two_mpps_by_id() -> None:
    run = run_mpptool("diff", "kota-mojokerto", "kab-cirebon", "-f", "json", cwd=REPO)
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    data = json.loads(run.stdout)
    assert data["a"]["id"] == "kota-mojokerto" and data["b"]["id"] == "kab-cirebon"
    only_b = {row["type"] for row in data["only_b"]}
    assert "PRZ-13" in only_b and "BNK-03" in only_b  # provincial permits, private banks
    assert data["b"]["agencies"]["private"] == 2


def test_cli_exit_code_and_unknown_id() -> None:
    run = run_mpptool("diff", "kota-mojokerto", "kab-cirebon", "--exit-code", cwd=REPO)
    assert run.returncode == 1 and "Service types only at kab-cirebon" in run.stdout, run.describe()
    run = run_mpptool("diff", "kota-mojokerto", "kab-cirebom", cwd=REPO)
    assert run.returncode == 2 and "[E004]" in run.stderr and "kab-cirebon" in run.stderr, run.describe()
    run = run_mpptool("diff", "kota-mojokerto", cwd=REPO)
    assert run.returncode == 2 and "[E002]" in run.stderr, run.describe()


def test_cli_matrix_shows_shares() -> None:
    run = run_mpptool("diff", "--matrix", "catalog", "-f", "json", cwd=REPO)
    assert run.returncode == 0, run.describe()
    data = json.loads(run.stdout)
    assert data["mpps"] == ["kab-cirebon", "kota-cirebon", "kota-mojokerto"]
    types = {row["type"]: row for row in data["types"]}
    assert types["ADM-01"]["share"] == 1.0
    assert types["ADM-09"]["offered_by"] == ["kab-cirebon", "kota-mojokerto"]


# Across git revisions, in a temporary repository

GIT = shutil.which("git")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@t", *args], check=True,
                   capture_output=True)  # fmt: skip


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_cli_rev_compares_working_tree_and_revisions(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    (repo / "catalog" / "kota-mojokerto.yaml").write_text(MINIMAL, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    (repo / "catalog" / "kota-mojokerto.yaml").write_text(MINIMAL.replace("5120", "6000"), encoding="utf-8")
    run = run_mpptool("diff", "--rev", "HEAD", "-f", "json", "--exit-code", cwd=repo)
    assert_no_traceback(run)
    assert run.returncode == 1, run.describe()
    (change,) = json.loads(run.stdout)["changes"]
    assert (change["entity"], change["old"], change["new"], change["new_line"]) == ("metrics", 5120, 6000, 121)
    _git(repo, "commit", "-q", "-am", "two")
    run = run_mpptool("diff", "--rev", "HEAD~1..HEAD", cwd=repo)
    assert run.returncode == 0 and "5120 -> 6000" in run.stdout, run.describe()
    run = run_mpptool("diff", "--rev", "--output=x", cwd=repo)
    assert run.returncode == 2 and "option" in run.stderr, run.describe()
    run = run_mpptool("diff", "--rev", "no-such-rev", cwd=repo)
    assert run.returncode == 2 and "[E006]" in run.stderr, run.describe()
    assert not os.path.exists(repo / "x")


def test_parallel_diff_equals_serial() -> None:
    old = [Version(f"c/{n}.yaml", f"c/{n}.yaml", MINIMAL.replace("kota-mojokerto", f"kota-{n}")) for n in range(20)]
    new = [Version(v.path, v.display, (v.text or "").replace("5120", "5121")) for v in old]
    serial = diff_versions(old, new, jobs=1)
    assert diff_versions(old, new, jobs=2) == serial and len(serial.changes) == 20


def test_repeated_ids_and_type_only_changes_are_not_lost() -> None:
    old = MINIMAL.replace("  - id: polres\n", "  - id: dpmptsp\n")
    new = old.replace("name: Kepolisian Resor Mojokerto Kota", "name: Polres Mojokerto Kota")
    new = new.replace("    staff: {required: 3, assigned: 3}", "    staff: {required: 3.0, assigned: 3}")
    fields = {(c.entity, c.id, c.field) for c in _diff(old, new).changes}
    assert ("agency", "dpmptsp#2", "name") in fields  # the second `dpmptsp` (an I001 error) is kept apart
    assert ("counter", "A01", "staff.required") in fields  # 3 -> 3.0 is a change


@pytest.mark.skipif(GIT is None, reason="git is not installed")
def test_cli_rev_edge_cases(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    for name in ("a", "b"):
        text = MINIMAL.replace("id: kota-mojokerto", f"id: kota-{name}")
        (repo / "catalog" / f"{name}.yaml").write_text(text, encoding="utf-8")
    _git(repo, "init", "-q")
    _git(repo, "add", ".")
    _git(repo, "commit", "-q", "-m", "one")
    # a file deleted in the working tree, named explicitly: a removed MPP, not a usage error
    (repo / "catalog" / "b.yaml").unlink()
    run = run_mpptool("diff", "--rev", "HEAD", "catalog/b.yaml", "-f", "json", cwd=repo)
    assert run.returncode == 0, run.describe()
    assert [(c["op"], c["entity"], c["mpp"]) for c in json.loads(run.stdout)["changes"]] == [
        ("removed", "mpp", "kota-b")
    ]
    # a file that no longer parses is a difference for --exit-code
    (repo / "catalog" / "a.yaml").write_text(MINIMAL + "foo: [\n", encoding="utf-8")
    run = run_mpptool("diff", "--rev", "HEAD", "catalog/a.yaml", "--exit-code", cwd=repo)
    assert run.returncode == 1 and "Y001" in run.stdout, run.describe()
    # annotations name files from the repository root, wherever mpptool runs
    edited = MINIMAL.replace("id: kota-mojokerto", "id: kota-a").replace("5120", "1")
    (repo / "catalog" / "a.yaml").write_text(edited, encoding="utf-8")
    run = run_mpptool("diff", "--rev", "HEAD", ".", "-f", "github", cwd=repo / "catalog")
    assert "::notice file=catalog/a.yaml,line=121," in run.stdout, run.describe()
    run = run_mpptool("diff", "--rev", "HEAD...HEAD", cwd=repo)
    assert run.returncode == 2 and "A..B" in run.stderr, run.describe()


def test_cli_never_writes_over_an_mpp_named_by_id(tmp_path: Path) -> None:
    shutil.copytree(REPO / "catalog", tmp_path / "catalog")
    victim = tmp_path / "catalog" / "kota-mojokerto.yaml"
    before = victim.read_bytes()
    run = run_mpptool("diff", "kota-mojokerto", "kab-cirebon", "-o", victim, cwd=tmp_path)
    assert run.returncode == 2 and "[E003]" in run.stderr, run.describe()
    assert victim.read_bytes() == before


def test_the_matrix_counts_operating_mpps_as_the_report_does(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for ident, region, status in (("kota-a", "35.76", "operating"), ("kota-b", "35.77", "operating"),
                                  ("kota-p", "35.78", "planned")):  # fmt: skip
        text = MINIMAL.replace("kota-mojokerto", ident).replace('"35.76"', f'"{region}"')
        if ident == "kota-b":
            text = text.replace("type: POL-01", "type: POL-02")
        (folder / f"{ident}.yaml").write_text(text.replace("status: operating", f"status: {status}"), encoding="utf-8")
    (folder / "broken.yaml").write_text("mpp: [\n", encoding="utf-8")
    matrix = run_mpptool("diff", "--matrix", "catalog", "--format", "json", cwd=tmp_path).json()
    report = run_mpptool("report", "catalog", "--format", "json", "--as-of", "2026-11-22", cwd=tmp_path).json()
    assert matrix["mpps"] == ["kota-a", "kota-b"]
    assert matrix["left_out"] == [{"id": "kota-p", "status": "planned"}]
    assert [(p["file"], p["code"]) for p in matrix["problems"]] == [("catalog/broken.yaml", "Y001")]
    shares = {row["type"]: (row["share"], row["offered_by"]) for row in matrix["types"]}
    for row in report["service_types"]:
        assert shares[row["code"]] == (row["share"], row["offered_by"]), row["code"]
    by_type = {row["type"]: row for row in matrix["types"]}
    assert by_type["POL-01"]["lacking"] == ["kota-b"] and by_type["POL-02"]["lacking"] == ["kota-a"]
    text = run_mpptool("diff", "--matrix", "catalog", cwd=tmp_path).stdout
    assert "over 2 operating MPPs" in text and "left out as in the report: kota-p (planned)" in text


def test_a_wide_matrix_lists_the_shorter_of_who_offers_and_who_lacks(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    folder.mkdir()
    for number in range(14):
        text = MINIMAL.replace("kota-mojokerto", f"kota-{number:02}").replace('"35.76"', f'"35.{number + 1:02}"')
        if number == 3:
            text = text.replace("type: POL-01", "type: POL-02")
        (folder / f"kota-{number:02}.yaml").write_text(text, encoding="utf-8")
    text = run_mpptool("diff", "--matrix", "catalog", cwd=tmp_path).stdout
    pol01 = next(line for line in text.splitlines() if line.startswith("  POL-01"))
    pol02 = next(line for line in text.splitlines() if line.startswith("  POL-02"))
    assert pol01.endswith("; not at kota-03"), pol01
    assert pol02.endswith("; only at kota-03"), pol02


def test_cli_refuses_an_id_that_two_files_claim(tmp_path: Path) -> None:
    folder = tmp_path / "catalog"
    (folder / "jatim").mkdir(parents=True)
    for name, ident, region in (
        ("kota-a.yaml", "kota-a", "35.76"),
        ("jatim/kota-a-copy.yaml", "kota-a", "35.77"),
        ("kota-b.yaml", "kota-b", "35.78"),
    ):
        text = MINIMAL.replace("kota-mojokerto", ident).replace('"35.76"', f'"{region}"')
        (folder / name).write_text(text, encoding="utf-8")
    for args in (("kota-a", "kota-b"), ("kota-b", "kota-a")):
        run = run_mpptool("diff", *args, "-f", "json", cwd=tmp_path)
        assert_no_traceback(run)
        assert run.returncode == 2 and run.stdout == "" and "[E004]" in run.stderr, run.describe()
        assert "catalog/kota-a.yaml" in run.stderr and "catalog/jatim/kota-a-copy.yaml" in run.stderr, run.describe()
        assert "2 files" in run.stderr and "pass the file path" in run.stderr, run.describe()
    run = run_mpptool("diff", "catalog/jatim/kota-a-copy.yaml", "kota-b", "-f", "json", cwd=tmp_path)
    assert run.returncode == 0 and json.loads(run.stdout)["a"]["region"] == "35.77", run.describe()


# In Indonesian (--lang id): the words change, ids, catalog text, JSON keys and op tokens do not


def test_cli_speaks_indonesian_on_the_bundled_catalog() -> None:
    run = run_mpptool("diff", "kota-mojokerto", "kab-cirebon", "--lang", "id", cwd=REPO)
    assert_no_traceback(run)
    assert run.returncode == 0, run.describe()
    rows = {line.split("  ")[0]: line.split() for line in run.stdout.splitlines()}
    assert rows["Total instansi"][-2:] == ["33", "37"] and rows["Gerai kosong"][-2:] == ["1", "7"], run.stdout
    assert rows["Pengunjung per hari"][-2:] == ["-", "8,8"], run.stdout  # a decimal comma, not 8.8
    assert rows["MPP Digital"][-2:] == ["aktif", "aktif"], run.stdout
    assert "Jenis layanan yang hanya ada di kab-cirebon (5):" in run.stdout, run.stdout
    assert "  PRZ-13 Perizinan kewenangan provinsi: dpmptsp-jabar (opd_province); counter, online" in run.stdout
    for english in ("Agencies", "Service types only at", "Visitors per day", "enabled\n"):
        assert english not in run.stdout, english
    markdown = run_mpptool("diff", "kota-mojokerto", "kab-cirebon", "-f", "markdown", "--lang", "id", cwd=REPO)
    assert markdown.stdout.startswith("## kota-mojokerto dan kab-cirebon\n"), markdown.stdout
    assert (
        "### Hanya di kab-cirebon (5)" in markdown.stdout
        and "| Jenis | Nama | Penyelenggara; kanal |" in markdown.stdout
    )
    matrix = run_mpptool("diff", "--matrix", "catalog", "-f", "markdown", "--lang", "id", cwd=REPO)
    assert matrix.returncode == 0, matrix.describe()
    assert matrix.stdout.startswith(
        "78 jenis layanan di 3 MPP yang beroperasi: 53 ditawarkan di semua MPP, 5 tidak ditawarkan di mana pun.\n"
    ), matrix.stdout
    assert "| ADM-09 | Legalisir dokumen kependudukan | ya |  | ya | 67% |" in matrix.stdout
    english = json.loads(run_mpptool("diff", "--matrix", "catalog", "-f", "json", cwd=REPO).stdout)
    indonesian = json.loads(run_mpptool("diff", "--matrix", "catalog", "-f", "json", "--lang", "id", cwd=REPO).stdout)
    assert indonesian == english  # no finding here: JSON has no words but finding messages


def test_a_revision_diff_in_indonesian_translates_words_and_writes_indonesian_numbers() -> None:
    from mpptool.commands.diff import WORKING_TREE, RevisionDiff
    from mpptool.formats.shared import Lang, Style

    indonesian = Style(lang=Lang.ID)
    new = MINIMAL.replace("visitors: 5120", "visitors: 6000").replace('region: "35.76"', "region: 35.76")
    new = new.replace("  - id: pln\n    name: PT PLN (Persero) UP3 Mojokerto\n    category: soe\n", "")
    result = diff_versions(
        [Version(PATH, PATH, MINIMAL), Version("b.yaml", "b.yaml", MINIMAL)],
        [Version(PATH, PATH, new), Version("b.yaml", "b.yaml", "mpp: [unclosed\n")],
        "HEAD",
        WORKING_TREE,
    )
    text = render(result, DiffFormat.TEXT, indonesian)
    assert "  - instansi pln: PT PLN (Persero) UP3 Mojokerto" in text, text
    assert '  ~ mpp region: "35.76" (teks) -> 35.76 (angka)' in text, text
    assert "  ~ periode 2024-01-01..2024-03-31 visitors: 5120 -> 6000" in text, text  # catalog values as written
    assert "  masalah b.yaml (the working tree):1:6: Y001 " in text, text  # the file field is a location: as is
    assert text.endswith(
        "0 ditambahkan, 1 dihapus, 2 diubah antara HEAD dan salinan kerja (2 berkas, 0 tidak berubah); "
        "1 masalah berkas\n"
    ), text
    markdown = render(result, DiffFormat.MARKDOWN, indonesian)
    assert "| Perubahan | Entitas | Id | Isian | Lama | Baru | Lokasi |" in markdown, markdown
    assert "| dihapus | instansi | pln |" in markdown and "### Berkas yang tidak dapat dibaca" in markdown, markdown
    github = render(result, DiffFormat.GITHUB, indonesian)
    assert "title=mpptool diff%3A instansi pln dihapus::" in github and "\n::error title=Y001::b.yaml" in github
    data = json.loads(render(result, DiffFormat.JSON, indonesian))
    assert data == json.loads(render(result, DiffFormat.JSON)) | {"problems": data["problems"]}  # only messages change
    assert {change["op"] for change in data["changes"]} == {"removed", "changed"}  # op tokens never translate
    # counts: Indonesian writes thousands with a dot; English keeps what it wrote (files with a comma, the rest bare)
    many = RevisionDiff("HEAD", WORKING_TREE, (), (), 1867, 1867)
    assert render(many, DiffFormat.TEXT, indonesian).endswith("(1.867 berkas, 1.867 tidak berubah)\n")
    assert render(many, DiffFormat.TEXT).endswith("(1,867 files, 1867 unchanged)\n")
