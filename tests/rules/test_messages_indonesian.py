"""The consistency, integrity, file, suppression and workbook findings say themselves in Indonesian.

English stays the finding's ``message`` (and the golden files); ``Finding.say("id")`` renders the
same :class:`~mpptool.text.i18n.Text` from ``messages/id.toml``, numbers and dates in Indonesian
style, ids and catalog values untouched.
"""

from __future__ import annotations

import io
from pathlib import Path

from helpers import BROKEN, REPO

from mpptool.authoring.workbook import to_workbook
from mpptool.engine.catalog import check_catalog
from mpptool.engine.checker import FileChecker
from mpptool.engine.policy import FileNotes, Policy
from mpptool.loaders.comments import read_suppressions
from mpptool.loaders.files import Target, read_bytes
from mpptool.loaders.strict_yaml import parse_yaml
from mpptool.model import Finding
from mpptool.rules import registry
from mpptool.text.i18n import say

GROUP = ("C", "I", "F", "M", "X")


def _broken_findings() -> list[Finding]:
    _, findings, _ = check_catalog([str(BROKEN)], FileChecker(), jobs=1)
    return [finding for finding in findings if finding.code.startswith(GROUP)]


def test_every_rule_finding_of_the_broken_corpus_is_said_in_indonesian() -> None:
    findings = _broken_findings()
    assert {f.code for f in findings} >= {"C001", "C003", "C005", "C006", "I001", "I004", "I005", "I006", "I007"}
    for finding in findings:
        said = finding.say("id")
        assert finding.text is not None, finding  # data, not an English string
        assert said != finding.message and "{" not in said, (finding.code, said)
        assert finding.say("en") == finding.message == str(finding.text)


def test_positions_dates_and_suggestions_read_as_indonesian() -> None:
    said = {(f.file.rsplit("/", 1)[-1], f.code): f.say("id") for f in _broken_findings()}
    assert said["duplicate-agency-id.yaml", "I001"] == (
        "ID instansi `polres` sudah dipakai oleh instansi ke-3: beri setiap instansi ID-nya sendiri"
    )
    assert "periode dimulai 1 Juni 2019, sebelum MPP beroperasi (2019-12)" in said["metric-before-opened.yaml", "C005"]
    assert "mendahului periode ke-1 (berakhir 31 Maret 2024)" in said["metric-overlap.yaml", "C006"]
    assert said["manager-not-agency.yaml", "I004"].startswith(
        "pengelola MPP menyebut instansi `dpmptsp-kota`, yang tidak tercantum: mungkin maksudnya `dpmptsp`? "
    )


def test_a_file_over_the_limit_says_its_size_with_indonesian_separators(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_bytes(b"#" * 2_500)
    problem = read_bytes(Target(str(big), str(big)), limit=1_000)
    assert not isinstance(problem, bytes) and problem.code == "F004"
    assert str(problem.message) == "file is 2,500 bytes, over the 1,000-byte limit: split it or trim it"
    assert say(problem.message, "id") == (
        "ukuran berkas 2.500 byte, melebihi batas 1.000 byte: pecah atau pangkas berkasnya"
    )


def test_suppression_findings_are_said_in_indonesian() -> None:
    text = (REPO / "tests" / "fixtures" / "valid-minimal.yaml").read_text(encoding="utf-8")
    text = "# mpptool: ignore-file[C001, Y002, X1]\n" + text
    notes = FileNotes(suppressions=read_suppressions(text))
    assert parse_yaml(text).problems == []
    codes = frozenset(registry())
    applied = Policy(codes, codes).apply([], {"a.yaml": notes})
    said = sorted(finding.say("id") for finding in applied.findings)
    assert said == [
        "'X1' bukan kode aturan; tulis `# mpptool: ignore[CODE,...]` (untuk baris ini atau baris berikutnya) "
        "atau `# mpptool: ignore-file[CODE,...]`",
    ]
    text = "# mpptool: ignore-file[C001, Y002]\n" + text.split("\n", 1)[1]
    applied = Policy(codes, codes).apply([], {"a.yaml": FileNotes(suppressions=read_suppressions(text))})
    said = sorted(finding.say("id") for finding in applied.findings)
    assert said == [
        "Y002 tidak dapat dibungkam: temuan ini berarti berkas tidak dapat diperiksa; perbaiki berkasnya",
        "`# mpptool: ignore-file[C001]` tidak membungkam apa pun: tidak ada temuan C001 yang tersisa untuknya "
        "dalam berkas ini (tidak ada yang dilaporkan, atau setiap temuan sudah dibungkam komentar per baris); "
        "hapus komentar itu",
    ]


def test_merged_and_hidden_cells_are_said_in_indonesian() -> None:
    data = parse_yaml((REPO / "catalog" / "kota-mojokerto.yaml").read_text(encoding="utf-8")).data
    book = to_workbook(data, "id")
    services = book["Layanan"]
    services.merge_cells("D2:D4")
    services.row_dimensions[3].hidden = True
    buffer = io.BytesIO()
    book.save(buffer)
    outcome = FileChecker().check_bytes("k.xlsx", buffer.getvalue())
    said = {f.code: f.say("id") for f in outcome.findings if f.code in ("X001", "X002")}
    assert said["X001"] == (
        "sel D2:D4 digabung: hanya D2 yang menyimpan nilainya dan 2 sel lainnya terbaca kosong; "
        "pisahkan gabungannya (Unmerge) dan ketik nilainya di setiap sel"
    )
    assert said["X002"].startswith("baris 3 pada lembar 'Layanan' disembunyikan, tetapi tetap dibaca; ")


def test_a_file_passed_over_is_said_in_indonesian(tmp_path: Path) -> None:
    from mpptool.loaders.files import discover

    (tmp_path / "a.yaml").write_text("x: 1\n", encoding="utf-8")
    (tmp_path / ".b.yaml").write_text("x: 1\n", encoding="utf-8")
    found = discover([str(tmp_path)])
    hidden = str(tmp_path / ".b.yaml")
    assert found.notes() == (
        f"{hidden}: not checked: its name starts with '.', which marks a hidden file; rename it to check it",
    )
    assert found.notes("id") == (
        f"{hidden}: tidak diperiksa: namanya diawali '.', tanda berkas tersembunyi; ganti namanya agar diperiksa",
    )
