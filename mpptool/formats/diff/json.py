"""Diff JSON: the revision diff as the contract fixes it; region comparison and matrix as documented."""

from __future__ import annotations

from typing import Any

from mpptool.commands.diff import DiffResult, Offer, RegionComparison, RevisionDiff
from mpptool.formats.shared import PLAIN, Style, category_counts, json_text


def _offer(offer: Offer) -> dict[str, Any]:
    return {
        "services": list(offer.services),
        "providers": list(offer.providers),
        "categories": list(offer.categories),
        "channels": list(offer.channels),
    }


def as_data(result: DiffResult, lang: str = "en") -> dict[str, Any]:
    """The diff as data; only finding messages are said in ``lang`` (keys and tokens never change)."""
    if isinstance(result, RevisionDiff):
        return {
            "old": result.old_label,
            "new": result.new_label,
            "changes": [change.as_json() for change in result.changes],
            "problems": [finding.as_json(lang) for finding in result.problems],
            "summary": {
                "added": result.count("added"),
                "removed": result.count("removed"),
                "changed": result.count("changed"),
                "files": result.files_compared,
                "unchanged_files": result.files_unchanged,
            },
        }
    if isinstance(result, RegionComparison):
        side = {}
        for key, mpp in (("a", result.a), ("b", result.b)):
            side[key] = {
                "id": mpp.id,
                "name": mpp.name,
                "region": mpp.region,
                "agencies": category_counts(mpp),
                "services": mpp.services,
                "counters": {"total": mpp.counters, "empty": mpp.counters_empty, "part_time": mpp.counters_part_time},
                "staff": {"required": mpp.staff_required, "assigned": mpp.staff_assigned, "gap": mpp.staff_gap},
                "visitors_per_day": None if mpp.visitors_per_day is None else round(mpp.visitors_per_day, 2),
                "digital": {"enabled": mpp.digital_enabled, "services": list(mpp.digital_services)},
            }
        return {
            **side,
            "only_a": [{"type": code, "name": name, **_offer(offer)} for code, name, offer in result.only_a],
            "only_b": [{"type": code, "name": name, **_offer(offer)} for code, name, offer in result.only_b],
            "shared": [
                {"type": s.code, "name": s.name, "differs": s.differs, "a": _offer(s.a), "b": _offer(s.b)}
                for s in result.shared
            ],
        }
    return {
        "mpps": list(result.mpps),
        "left_out": [{"id": ident, "status": status} for ident, status in result.left_out],
        "types": [
            {
                "type": row.code,
                "name": row.name,
                "share": None if row.share is None else round(row.share, 4),
                "offered_by": [m for m, here in zip(result.mpps, row.present, strict=True) if here],
                "lacking": [m for m, here in zip(result.mpps, row.present, strict=True) if not here],
            }
            for row in result.rows
        ],
        "problems": [finding.as_json(lang) for finding in result.problems],
    }


def render(result: DiffResult, style: Style = PLAIN) -> str:
    """ASCII-only JSON, keys sorted, two-space indent."""
    return json_text(as_data(result, style.lang))
