"""The bundled sample catalog: valid, faithful to the seed reports, honest about what is invented."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from mpptool.commands.validate import validate_paths
from mpptool.loaders.strict_yaml import parse_yaml
from mpptool.model import Severity

CATALOG = Path(__file__).resolve().parents[2] / "catalog"


def _load(name: str) -> dict[str, Any]:
    data = parse_yaml((CATALOG / name).read_text(encoding="utf-8")).data
    assert isinstance(data, dict)
    return data


def test_bundled_catalog_has_no_errors_and_surfaces_the_cirebon_breakdown() -> None:
    result = validate_paths([str(CATALOG)])
    assert len(result.files) == 3
    assert [f for f in result.findings if f.severity is Severity.ERROR] == []
    breakdown = [f for f in result.findings if f.code == "C001"]
    assert len(breakdown) == 1
    assert breakdown[0].mpp == "kab-cirebon"
    assert "sum to 35" in breakdown[0].message and "total is 37" in breakdown[0].message
    # Kantor Imigrasi joined on paper (no counter yet): a fact about the MPP, so the audit
    # reports it (A001), not validate
    assert {f.code for f in result.findings} == {"C001"}


def test_kabupaten_cirebon_figures_from_seed_001() -> None:
    data = _load("kab-cirebon.yaml")
    assert data["mpp"]["region"] == "32.09"
    assert data["mpp"]["inaugurated"] == "2023-07"  # seed 001: "diresmikan sejak Juli 2023"
    assert data["mpp"]["opened"] == "2023-01-30"  # soft launch, Bisnis.com 2023-02-21 (in mpp.sources)
    assert data["declared"]["agencies"] == {
        "total": 37,
        "vertical": 9,
        "soe": 9,
        "opd_local": 13,
        "opd_province": 2,
        "private": 2,
    }
    assert data["declared"]["services"] == 126
    assert len(data["services"]) == 126
    assert {"from": "2023-08-01", "to": "2024-02-29", "visitors": 1867}.items() <= data["metrics"][0].items()
    assert len(data["mpp"]["digital"]["services"]) == 2
    publishers = " ".join(source["publisher"] for source in data["mpp"]["sources"])
    assert "ANTARA" in publishers


def test_kota_cirebon_figures_from_seed_002() -> None:
    data = _load("kota-cirebon.yaml")
    assert data["mpp"]["region"] == "32.74"
    assert data["mpp"]["inaugurated"] == "2025-09-24"
    assert data["declared"]["counters"] == 15
    assert len(data["counters"]) == 15
    assert "8,412" in str(data) or "8412" in str(data)


def test_kota_mojokerto_figures_from_seed_003() -> None:
    data = _load("kota-mojokerto.yaml")
    assert data["mpp"]["region"] == "35.76"
    assert data["declared"]["services"] == 178
    assert len(data["services"]) == 178
    assert data["mpp"]["digital"]["enabled"] is True


@pytest.mark.parametrize("name", ["kab-cirebon.yaml", "kota-cirebon.yaml", "kota-mojokerto.yaml"])
def test_invented_entries_are_labelled_illustrative(name: str) -> None:
    text = (CATALOG / name).read_text(encoding="utf-8")
    data = _load(name)
    assert "illustrative" in data["mpp"].get("notes", "").lower()
    assert "illustrative" in text.split("schema_version")[0].lower(), "the header comment must say so too"
    labelled = sum(
        1 for key in ("agencies", "services", "counters") for entry in data[key] if entry.get("illustrative")
    )
    assert labelled > 0
    for source in data["mpp"]["sources"]:
        assert source["publisher"] and source["title"]
