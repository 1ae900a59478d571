"""What reading a file finds (Y- and S-rules, places, look-alikes, a diff's unreadable files) said in
Indonesian: the same finding, its English unchanged, its Indonesian from `messages/id.toml`."""

from __future__ import annotations

from helpers import VALID_MINIMAL

from mpptool.commands.diff import Version, diff_versions
from mpptool.engine.checker import FileChecker
from mpptool.model import Finding


def _findings(text: str) -> dict[str, Finding]:
    outcome = FileChecker().check_text("mpp.yaml", text)
    return {finding.code: finding for finding in outcome.findings}


def test_schema_findings_name_the_place_and_the_fix_in_indonesian() -> None:
    text = VALID_MINIMAL.read_text(encoding="utf-8")
    text = text.replace("fee: 30000", "fee: 30.000")  # Indonesian thousands: YAML reads thirty
    text = text.replace("    category: vertical", "    categroy: vertical")  # a typo leaves `category` missing
    text = text.replace("agencies: [polres]\n    status: active", "agencies: [polres]\n    status: buka")
    found = _findings(text)
    assert set(found) >= {"S002", "S003", "S004"} and "S001" not in found  # the missing key folded into S002
    assert found["S003"].message == (
        "`standard.fee` of service `skck` must be a whole number, but YAML reads `30.000` as 30 "
        "(a dot is a decimal point, not a thousands separator): write 30000"
    )
    assert found["S003"].say("id") == (
        "`standard.fee` pada layanan `skck` harus berupa bilangan bulat, tetapi YAML membaca `30.000` sebagai 30 "
        "(titik adalah tanda desimal, bukan pemisah ribuan): tulis 30000"
    )
    assert found["S002"].say("id") == (
        "kunci `categroy` tidak dikenal di instansi `polres`: mungkin maksudnya `category`? "
        "(kunci wajib, yang menjadi tidak ada karena salah tulis ini)"
    )
    assert found["S004"].say("id") == (
        "`status` pada gerai `C01` bernilai `buka`; mungkin maksudnya `active`? "
        "Nilai yang diizinkan: active, empty, closed, planned"
    )


def test_yaml_findings_and_look_alikes_in_indonesian() -> None:
    found = _findings("schema_version: 1\nmpp:\n  id: a\n  name: x\n  id: b\n  digital: {enabled: no}\n")
    assert found["Y004"].say("id") == (
        "kunci `id` ganda (yang pertama pada baris 3): pertahankan salah satunya; YAML hanya menyimpan yang terakhir"
    )
    assert found["Y010"].say("id").startswith("`no` adalah boolean dalam YAML 1.1 tetapi teks dalam YAML 1.2")
    glued = _findings("schema_version: 1\nmpp:\n\u00a0 status: operating\n")
    assert "S002" in glued and glued["S002"].message.endswith(
        "the text holds a non-breaking space (U+00A0) at column 1, which YAML does not read as a space: "
        "type an ordinary space"
    )
    assert (
        glued["S002"]
        .say("id")
        .endswith(
            "teksnya memuat spasi tak terputus (U+00A0) pada kolom 1, yang tidak dibaca YAML sebagai spasi: "
            "ketik spasi biasa"
        )
    )


def test_a_diffs_unreadable_files_in_indonesian() -> None:
    good = VALID_MINIMAL.read_text(encoding="utf-8")
    result = diff_versions(
        [Version("a.yaml", "a.yaml", good), Version("b.yaml", "b.yaml", good)],
        [Version("a.yaml", "a.yaml", "schema_version: 1\nmpp: [1,\n"), Version("b.yaml", "b.yaml", None)],
    )
    said = {finding.file: (finding.message, finding.say("id")) for finding in result.problems}
    english, indonesian = said["a.yaml (new)"]
    assert english.startswith("YAML syntax error: ") and indonesian.startswith("kesalahan sintaks YAML: ")
    assert said["b.yaml (new)"] == ("cannot be read", "tidak dapat dibaca")
