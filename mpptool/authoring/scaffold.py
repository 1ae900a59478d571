"""A new MPP file for one region: every part of the format once, with what to fill in, in Indonesian or English.

Pure: from a Kemendagri region to the file's text. The text validates with no error and no
warning as written (a test checks every region), so a clerk starts from a clean file and each
finding they see afterwards is about what they changed. Nothing in it pretends to be data:
the worked examples are marked ``illustrative: true`` where the format allows it, and every
example value is named as one in a comment next to it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass

from mpptool.errors import UsageError
from mpptool.loaders.reference import Region
from mpptool.text.i18n import msg

LANGS = ("id", "en")


@dataclass(frozen=True, slots=True)
class Scaffold:
    """The file to write: its MPP id (the file's name in the catalog's convention) and its text."""

    id: str
    text: str

    @property
    def file_name(self) -> str:
        """``kab-garut.yaml``."""
        return f"{self.id}.yaml"


def mpp_id(region: Region) -> str:
    """The catalog's id convention: ``kab-garut``, ``kota-cirebon``, ``kota-jakarta-pusat``, ``prov-jawa-barat``."""
    name = region.name
    for prefix, short in (
        ("Kabupaten Administrasi ", "kab-"),
        ("Kota Administrasi ", "kota-"),
        ("Kabupaten ", "kab-"),
        ("Kota ", "kota-"),
    ):
        if name.startswith(prefix):
            return short + _slug(name[len(prefix) :])
    return "prov-" + _slug(name) if region.is_province else _slug(name)


def _slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "mpp"


def find_region(given: str, regions: Mapping[str, Region]) -> Region:
    """The region ``--region`` names: a Kemendagri code (``32.05``); a name is answered with its code."""
    code = given.strip()
    if code in regions:
        return regions[code]
    wanted = _slug(code)
    named = [region for region in regions.values() if wanted and wanted in _slug(region.name)]
    if named:
        shown = ", ".join(f"{region.code} ({region.name})" for region in sorted(named, key=lambda r: r.code)[:5])
        hint = msg("errors.region-give-code", "give its Kemendagri code: {regions}", regions=shown)
    else:
        hint = msg(
            "errors.region-example",
            "give a Kemendagri code such as 32.05 (Kabupaten Garut); `mpptool report` lists the provinces",
        )
    raise UsageError(
        msg(
            "errors.not-a-region",
            "--region: {given} is not a Kemendagri region code; {hint}",
            given=repr(given),
            hint=hint,
        ),
        "E004",
    )


_TEXT = {
    "id": {
        "head": "File MPP baru untuk {name}. Isi bagian yang bertanda ISI, hapus contoh yang tidak berlaku,\n"
        "# lalu periksa dengan `mpptool validate {file}` dan `mpptool audit {file}`.",
        "schema": "Format katalog MPP versi 1 (lihat README mpptool).",
        "id": "pengenal unik di seluruh katalog; sama dengan nama file",
        "region": "kode wilayah Kemendagri, selalu dalam tanda kutip: {name}, Provinsi {province}",
        "status": "planned (direncanakan), operating (beroperasi) atau closed (tutup)",
        "opened": "ISI saat mulai melayani: tahun, tahun-bulan atau tanggal (2025, 2025-07, 2025-07-14)",
        "manager": "id instansi pengelola MPP (lihat daftar agencies di bawah)",
        "hours": "hari dan jam buka MPP (CONTOH: sesuaikan)",
        "sources": "ISI sumber angka dan daftar di file ini: penerbit, judul, tanggal, tautan",
        "source": "CONTOH: ganti dengan sumber sebenarnya",
        "agencies": "instansi yang bergabung; kategori: vertical, soe, public_body, opd_local, opd_province, private",
        "agency": "CONTOH instansi: ganti atau tambah sesuai perjanjian (mou/pks) yang ditandatangani",
        "services": "layanan; type = kode jenis layanan nasional (README, Reference data)",
        "service": "CONTOH layanan dengan enam komponen standar pelayanan",
        "standard": "standar pelayanan: persyaratan, prosedur, waktu, biaya (rupiah, 0 = gratis), produk, pengaduan",
        "counters": "gerai; status: active, empty (tanpa petugas), closed atau planned",
        "counter": "CONTOH gerai: ganti dengan gerai sebenarnya",
        "staff": "petugas yang direncanakan dan yang benar-benar ditempatkan",
        "metrics": "jumlah pengunjung yang dilaporkan, satu entri per periode",
        "metric": "CONTOH: tulis `metrics:` tanpa `[]`, hapus # di baris berikut, isi angka resmi dan sumbernya",
    },
    "en": {
        "head": "A new MPP file for {name}. Fill in what is marked FILL IN, delete the examples that do not\n"
        "# apply, then check it with `mpptool validate {file}` and `mpptool audit {file}`.",
        "schema": "MPP catalog format version 1 (see mpptool's README).",
        "id": "unique across the catalog; the same as the file's name",
        "region": "Kemendagri region code, always quoted: {name}, province of {province}",
        "status": "planned, operating or closed",
        "opened": "FILL IN when it began serving: a year, year-month or date (2025, 2025-07, 2025-07-14)",
        "manager": "id of the agency that runs the MPP (see agencies below)",
        "hours": "the MPP's opening days and hours (AN EXAMPLE: adjust)",
        "sources": "FILL IN where the figures and lists of this file come from: publisher, title, date, link",
        "source": "AN EXAMPLE: replace with the real source",
        "agencies": "agencies that joined; categories: vertical, soe, public_body, opd_local, opd_province, private",
        "agency": "AN EXAMPLE agency: replace or add as the signed agreements (mou/pks) say",
        "services": "services; type = the national service-type code (README, Reference data)",
        "service": "AN EXAMPLE service with the six parts of its service standard",
        "standard": "service standard: requirements, procedure, duration, fee (rupiah, 0 = free), product, complaints",
        "counters": "counters; status: active, empty (no staff), closed or planned",
        "counter": "AN EXAMPLE counter: replace with the real ones",
        "staff": "staff planned against staff actually posted",
        "metrics": "reported visitor figures, one entry per period",
        "metric": "AN EXAMPLE: write `metrics:` without `[]`, remove the # below, put an official figure, its source",
    },
}

_SAMPLE = {
    "mpp_name": "Mal Pelayanan Publik {name}",
    "dpmptsp": "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu {name}",
    "disdukcapil": "Dinas Kependudukan dan Pencatatan Sipil {name}",
    "service": "Perekaman KTP-el",
    "requirements": "[Kartu Keluarga asli]",
    "procedure": "[Ambil nomor antrean, Verifikasi data, Perekaman biometrik]",
    "product": "KTP-el",
    "counter": "Gerai Disdukcapil",
}
"""The worked examples' values: Indonesian in both languages, as the real entries are."""
_EXAMPLE = {
    "id": {**_SAMPLE, "publisher": "CONTOH Pemerintah {name}", "title": "CONTOH judul berita atau laporan"},
    "en": {**_SAMPLE, "publisher": "EXAMPLE Pemerintah {name}", "title": "EXAMPLE title of a news story or report"},
}


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar (region names are plain letters, but quote them anyway)."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pad(line: str) -> str:
    """A line padded so that its comment starts in column 35, as the other commented lines do."""
    return line.ljust(34) + (" " if len(line) >= 34 else "")


def scaffold(region: Region, regions: Mapping[str, Region], lang: str = "id", path: str | None = None) -> Scaffold:
    """The text of a new MPP file for ``region`` (its province named from ``regions``), to be saved at ``path``.

    No figure is invented: the metrics example is a comment, so an audit of the new file
    reports no visitors rather than made-up ones.
    """
    if lang not in LANGS:
        raise UsageError(
            msg(
                "errors.not-a-language", "--lang: {lang} is not a language of mpptool; choose id or en", lang=repr(lang)
            ),
            "E002",
        )
    words = _TEXT[lang]
    province = regions.get(region.province_code)
    province_name = province.name if province is not None else region.province_code
    ident = mpp_id(region)
    fill = {"name": region.name, "province": province_name, "file": path or f"catalog/{ident}.yaml"}
    example = {key: value.format(**fill) for key, value in _EXAMPLE[lang].items()}

    def say(key: str) -> str:
        return words[key].format(**fill)

    text = f"""# {say("head")}
# {say("schema")}
schema_version: 1
mpp:
{_pad(f"  id: {ident}")}# {say("id")}
  name: {_quoted(example["mpp_name"])}
{_pad(f"  region: {_quoted(region.code)}")}# {say("region")}
  status: planned                 # {say("status")}
  # opened: 2025-07               # {say("opened")}
  manager: dpmptsp                # {say("manager")}
  hours: {{days: [mon, tue, wed, thu, fri], open: "08:00", close: "15:00"}}   # {say("hours")}
  sources:                        # {say("sources")}
    - {{publisher: {_quoted(example["publisher"])}, title: {_quoted(example["title"])}}}   # {say("source")}
# {say("agencies")}
agencies:
  - id: dpmptsp
    name: {_quoted(example["dpmptsp"])}
    category: opd_local
  # {say("agency")}
  - id: disdukcapil
    name: {_quoted(example["disdukcapil"])}
    category: opd_local
    illustrative: true
# {say("services")}
services:
  # {say("service")}
  - id: ktp-el
    type: ADM-01
    name: {_quoted(example["service"])}
    agency: disdukcapil
    counters: [A01]
    channels: [counter]
    standard:                     # {say("standard")}
      requirements: {example["requirements"]}
      procedure: {example["procedure"]}
      duration: {{value: 1, unit: working_days}}
      fee: 0
      product: {example["product"]}
      complaints: [SP4N-LAPOR]
    illustrative: true
# {say("counters")}
counters:
  # {say("counter")}
  - id: A01
    name: {_quoted(example["counter"])}
    agencies: [disdukcapil]
    status: active
    days: [mon, tue, wed, thu, fri]
    staff: {{required: 2, assigned: 2}}   # {say("staff")}
    illustrative: true
# {say("metrics")}
metrics: []
# {say("metric")}
#  - {{from: 2025-01-01, to: 2025-01-31, visitors: 1234, source: {_quoted(example["title"])}}}
"""
    return Scaffold(ident, text)
