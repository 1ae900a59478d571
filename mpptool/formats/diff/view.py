"""What a diff report says, before it is formatted: shared wording for text and Markdown."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from mpptool.commands.diff import Change, DiffResult, Matrix, MatrixRow, Offer, RegionComparison, RevisionDiff
from mpptool.formats.shared import plural, rate, staff
from mpptool.text.safe import clip

T = TypeVar("T")

MATRIX_COLUMNS = 12
"""Beyond this many MPPs a matrix is shown as shares and gaps, not one column per MPP."""


def value(item: Any) -> str:
    """A value as written in the catalog, shortened: strings bare, the rest as JSON."""
    if item is None:
        return "-"
    return clip(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, sort_keys=True), 80)


_KIND = {str: "text", bool: "boolean", int: "number", float: "number", list: "list", dict: "mapping"}


def values(change: Change) -> tuple[str, str]:
    """Old and new value as written; when they read the same but differ in type (`"32.05"` text
    and `32.05` a number), each is shown with its type, so a change never reads `32.05 -> 32.05`."""
    old, new = value(change.old), value(change.new)
    if old == new and change.old is not None and change.new is not None:
        return _typed(change.old), _typed(change.new)
    return old, new


def _typed(item: Any) -> str:
    shown = clip(json.dumps(item, ensure_ascii=False, sort_keys=True), 80)
    return f"{shown} ({_KIND.get(type(item), type(item).__name__)})"


def subject(change: Change) -> str:
    """`agency disdukcapil`, `mpp kab-cirebon name`, `metrics 2023-08-01..2024-02-29 visitors`."""
    parts = [change.entity]
    if change.id is not None and change.entity not in ("mpp", "declared"):
        parts.append(change.id)
    if change.field is not None:
        parts.append(change.field)
    return " ".join(parts)


def where(change: Change) -> str:
    """`file:line` in the new version, or in the old one for a removal."""
    if change.op == "removed" or change.new_file is None:
        return f"{change.old_file}:{change.old_line}"
    return f"{change.new_file}:{change.new_line}"


def revision_summary(diff: RevisionDiff) -> str:
    """`3 added, 1 removed, 5 changed between HEAD and the working tree (12 files, 9 unchanged)`."""
    counts = ", ".join(f"{diff.count(op)} {op}" for op in ("added", "removed", "changed"))
    text = f"{counts} between {diff.old_label} and {diff.new_label} "
    text += f"({plural(diff.files_compared, 'file')}, {diff.files_unchanged} unchanged)"
    if diff.problems:
        text += f"; {plural(len(diff.problems), 'file problem')}"
    return text


def offer_text(offer: Offer) -> str:
    """`disdukcapil (opd_local); counter, online`."""
    providers = ", ".join(f"{provider}" for provider in offer.providers) or "?"
    return f"{providers} ({', '.join(offer.categories)}); {', '.join(offer.channels) or 'no channel'}"


def headline_rows(comparison: RegionComparison) -> list[tuple[str, str, str]]:
    """Figures side by side: (label, A, B)."""
    a, b = comparison.a, comparison.b
    rows = [("MPP", a.id, b.id), ("Name", a.name, b.name), ("Region", a.region, b.region)]
    for name, number in a.agencies:
        other = dict(b.agencies)[name]
        rows.append((f"Agencies {name}", str(number), str(other)))
    rows += [
        ("Agencies total", str(a.agencies_total), str(b.agencies_total)),
        ("Services", str(a.services), str(b.services)),
        (
            "Service types",
            str(len(comparison.shared) + len(comparison.only_a)),
            str(len(comparison.shared) + len(comparison.only_b)),
        ),
        ("Counters", str(a.counters), str(b.counters)),
        ("Counters empty", str(a.counters_empty), str(b.counters_empty)),
        ("Counters part-time", str(a.counters_part_time), str(b.counters_part_time)),
        ("Staff posted/planned", staff(a), staff(b)),
        ("Visitors per day", rate(a.visitors_per_day), rate(b.visitors_per_day)),
        ("MPP Digital", _digital(a.digital_enabled), _digital(b.digital_enabled)),
    ]
    return rows


def _digital(enabled: bool | None) -> str:
    return "enabled" if enabled else "not enabled" if enabled is False else "not recorded"


def matrix_summary(matrix: Matrix) -> str:
    """`78 service types over 3 operating MPPs: 12 offered by all, 40 by none; left out: ...`."""
    everywhere = sum(1 for row in matrix.rows if row.present and all(row.present))
    nowhere = sum(1 for row in matrix.rows if not any(row.present))
    text = (
        f"{plural(len(matrix.rows), 'service type')} over {plural(len(matrix.mpps), 'operating MPP')}: "
        f"{everywhere:,} offered by all, {nowhere:,} by none"
    )
    if matrix.left_out:
        shown = ", ".join(f"{ident} ({status})" for ident, status in matrix.left_out[:LISTED])
        more = f" and {len(matrix.left_out) - LISTED:,} more" if len(matrix.left_out) > LISTED else ""
        text += f"; not operating, so left out as in the report: {shown}{more}"
    return text


LISTED = 12
"""MPP ids listed in one cell of a text or Markdown matrix; JSON lists them all."""


def share(row: MatrixRow) -> str:
    """`58%`, or a dash when no MPP operates."""
    return "-" if row.share is None else f"{100 * row.share:.0f}%"


def who(matrix: Matrix, row: MatrixRow) -> str:
    """The shorter of the two lists: `not at a, b` or `only at x`, at most :data:`LISTED` ids."""
    missing = [ident for ident, here in zip(matrix.mpps, row.present, strict=True) if not here]
    offering = [ident for ident, here in zip(matrix.mpps, row.present, strict=True) if here]
    if not missing or not offering:
        return ""
    label, ids = ("not at", missing) if len(missing) <= len(offering) else ("only at", offering)
    more = f" and {len(ids) - LISTED:,} more" if len(ids) > LISTED else ""
    return f"{label} {', '.join(ids[:LISTED])}{more}"


def by_kind(
    result: DiffResult,
    revisions: Callable[[RevisionDiff], T],
    regions: Callable[[RegionComparison], T],
    matrix: Callable[[Matrix], T],
) -> T:
    """Call the function for this kind of diff: every format handles all three."""
    if isinstance(result, RevisionDiff):
        return revisions(result)
    if isinstance(result, RegionComparison):
        return regions(result)
    return matrix(result)
