"""Diff as text: one line per change, grouped by MPP; side-by-side figures; a presence matrix."""

from __future__ import annotations

from mpptool.commands.diff import DiffResult, Matrix, RegionComparison, RevisionDiff
from mpptool.formats.diff import view as diff_view
from mpptool.formats.shared import PLAIN, Style
from mpptool.text.safe import log_text

_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def render(result: DiffResult, style: Style = PLAIN) -> str:
    """The diff as plain text; every catalog string made safe for terminals and CI logs."""
    lines = diff_view.by_kind(result, _revisions, _regions, _matrix)
    return "\n".join(log_text(line).rstrip() for line in lines) + "\n"


def _revisions(diff: RevisionDiff) -> list[str]:
    lines: list[str] = []
    current: str | None = "\0"
    for change in diff.changes:
        if change.mpp != current:
            current = change.mpp
            lines.append(f"MPP {current or '(no mpp.id)'}")  # never a catalog string at the start of a line
        line = f"  {_SIGN[change.op]} {diff_view.subject(change)}"
        if change.op == "changed" or change.field is not None:
            line += ": " + " -> ".join(diff_view.values(change))
        else:
            line += f": {diff_view.value(change.new if change.op == 'added' else change.old)}"
        lines.append(f"{line}  ({diff_view.where(change)})")
    for finding in diff.problems:
        lines.append(f"  problem {finding.file}{finding.place()}: {finding.code} {finding.message}")
    lines.append(diff_view.revision_summary(diff))
    return lines


def _regions(comparison: RegionComparison) -> list[str]:
    a, b = comparison.a.id, comparison.b.id
    rows = diff_view.headline_rows(comparison)
    width = max(len(label) for label, _, _ in rows)
    column = max(len(left) for _, left, _ in rows)
    lines = [f"{label:<{width}}  {left:<{column}}  {right}" for label, left, right in rows]
    lines += ["", f"Service types only at {a} ({len(comparison.only_a)}):"]
    lines += [f"  {code} {name}: {diff_view.offer_text(offer)}" for code, name, offer in comparison.only_a]
    lines += ["", f"Service types only at {b} ({len(comparison.only_b)}):"]
    lines += [f"  {code} {name}: {diff_view.offer_text(offer)}" for code, name, offer in comparison.only_b]
    different = [shared for shared in comparison.shared if shared.differs]
    lines += ["", f"Shared service types ({len(comparison.shared)}), offered differently ({len(different)}):"]
    for shared in different:
        lines.append(f"  {shared.code} {shared.name}")
        lines.append(f"    {a}: {diff_view.offer_text(shared.a)}")
        lines.append(f"    {b}: {diff_view.offer_text(shared.b)}")
    return lines


def _matrix(matrix: Matrix) -> list[str]:
    lines = [diff_view.matrix_summary(matrix), ""]
    if len(matrix.mpps) <= diff_view.MATRIX_COLUMNS:
        for position, ident in enumerate(matrix.mpps):
            lines.append(f"{'':11}{'|  ' * position}{ident}")
        lines.append(f"{'':11}{'|  ' * len(matrix.mpps)}")
        for row in matrix.rows:
            marks = "".join("x  " if here else ".  " for here in row.present)
            lines.append(f"  {row.code:<9}{marks}{diff_view.share(row):>6}  {row.name}")
    else:
        for row in matrix.rows:
            gap = diff_view.who(matrix, row)
            lines.append(f"  {row.code:<9}{diff_view.share(row):>6}  {row.name}{'; ' + gap if gap else ''}")
    for finding in matrix.problems:
        lines.append(f"  problem {finding.file}{finding.place()}: {finding.code} {finding.message}")
    return lines
