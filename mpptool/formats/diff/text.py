"""Diff as text: one line per change, grouped by MPP; side-by-side figures; a presence matrix."""

from __future__ import annotations

from functools import partial

from mpptool.commands.diff import DiffResult, Matrix, RegionComparison, RevisionDiff
from mpptool.formats.diff import view as diff_view
from mpptool.formats.shared import PLAIN, Style
from mpptool.text.i18n import msg
from mpptool.text.safe import log_text

_SIGN = {"added": "+", "removed": "-", "changed": "~"}


def render(result: DiffResult, style: Style = PLAIN) -> str:
    """The diff as plain text; every catalog string made safe for terminals and CI logs."""
    lang = style.lang
    lines = diff_view.by_kind(
        result, partial(_revisions, lang=lang), partial(_regions, lang=lang), partial(_matrix, lang=lang)
    )
    return "\n".join(log_text(line).rstrip() for line in lines) + "\n"


def _revisions(diff: RevisionDiff, lang: str) -> list[str]:
    lines: list[str] = []
    current: str | None = "\0"
    for change in diff.changes:
        if change.mpp != current:
            current = change.mpp
            lines.append(f"MPP {current or diff_view.no_mpp_id(lang)}")  # never a catalog string at the start of a line
        line = f"  {_SIGN[change.op]} {diff_view.subject(change, lang)}"
        if change.op == "changed" or change.field is not None:
            line += ": " + " -> ".join(diff_view.values(change, lang))
        else:
            line += f": {diff_view.value(change.new if change.op == 'added' else change.old)}"
        lines.append(f"{line}  ({diff_view.where(change)})")
    for finding in diff.problems:
        lines.append(diff_view.problem_line(finding, lang))
    lines.append(diff_view.revision_summary(diff, lang))
    return lines


def _regions(comparison: RegionComparison, lang: str) -> list[str]:
    a, b = comparison.a.id, comparison.b.id
    rows = diff_view.headline_rows(comparison, lang)
    width = max(len(label) for label, _, _ in rows)
    column = max(len(left) for _, left, _ in rows)
    lines = [f"{label:<{width}}  {left:<{column}}  {right}" for label, left, right in rows]
    for ident, only in ((a, comparison.only_a), (b, comparison.only_b)):
        heading = msg("diff.only-at-heading", "Service types only at {id} ({count:d}):", id=ident, count=len(only))
        lines += ["", heading.render(lang)]
        lines += [f"  {code} {name}: {diff_view.offer_text(offer, lang)}" for code, name, offer in only]
    different = [shared for shared in comparison.shared if shared.differs]
    heading = msg(
        "diff.shared-heading",
        "Shared service types ({shared:d}), offered differently ({different:d}):",
        shared=len(comparison.shared),
        different=len(different),
    )
    lines += ["", heading.render(lang)]
    for shared in different:
        lines.append(f"  {shared.code} {shared.name}")
        lines.append(f"    {a}: {diff_view.offer_text(shared.a, lang)}")
        lines.append(f"    {b}: {diff_view.offer_text(shared.b, lang)}")
    return lines


def _matrix(matrix: Matrix, lang: str) -> list[str]:
    lines = [diff_view.matrix_summary(matrix, lang), ""]
    if len(matrix.mpps) <= diff_view.MATRIX_COLUMNS:
        for position, ident in enumerate(matrix.mpps):
            lines.append(f"{'':11}{'|  ' * position}{ident}")
        lines.append(f"{'':11}{'|  ' * len(matrix.mpps)}")
        for row in matrix.rows:
            marks = "".join("x  " if here else ".  " for here in row.present)
            lines.append(f"  {row.code:<9}{marks}{diff_view.share(row):>6}  {row.name}")
    else:
        for row in matrix.rows:
            gap = diff_view.who(matrix, row, lang)
            lines.append(f"  {row.code:<9}{diff_view.share(row):>6}  {row.name}{'; ' + gap if gap else ''}")
    for finding in matrix.problems:
        lines.append(diff_view.problem_line(finding, lang))
    return lines
