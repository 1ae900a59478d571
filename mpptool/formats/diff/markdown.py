"""Diff Markdown: a count summary line, then grouped tables; fits a PR comment or job summary."""

from __future__ import annotations

from mpptool.commands.diff import DiffResult, Matrix, RegionComparison, RevisionDiff
from mpptool.formats.diff import view as diff_view
from mpptool.formats.shared import PLAIN, Style, table
from mpptool.text.safe import markdown


def render(result: DiffResult, style: Style = PLAIN) -> str:
    """The diff as Markdown; every catalog string escaped."""
    lines = diff_view.by_kind(result, _revisions, _regions, _matrix)
    return "\n".join(lines) + "\n"


def _revisions(diff: RevisionDiff) -> list[str]:
    lines = [f"**mpptool diff**: {markdown(diff_view.revision_summary(diff))}", ""]
    by_mpp: dict[str | None, list[tuple[str, ...]]] = {}
    for change in diff.changes:
        by_mpp.setdefault(change.mpp, []).append(
            (
                change.op,
                change.entity,
                change.id or "",
                change.field or "",
                *diff_view.values(change),
                diff_view.where(change),
            )
        )
    for mpp, rows in by_mpp.items():
        lines += [f"### {markdown(mpp or '(no mpp.id)')}", ""]
        lines += table(("Op", "Entity", "Id", "Field", "Old", "New", "Where"), rows)
        lines.append("")
    if diff.problems:
        rows = [(f.code, f"{f.file}{f.place()}", f.message) for f in diff.problems]
        lines += ["### Files that could not be read", "", *table(("Code", "Where", "Problem"), rows), ""]
    return lines


def _regions(comparison: RegionComparison) -> list[str]:
    a, b = comparison.a.id, comparison.b.id
    lines = [f"## {markdown(a)} and {markdown(b)}", ""]
    lines += table(("", a, b), diff_view.headline_rows(comparison)[1:])
    for label, only in ((a, comparison.only_a), (b, comparison.only_b)):
        lines += ["", f"### Only at {markdown(label)} ({len(only)})", ""]
        rows = [(code, name, diff_view.offer_text(offer)) for code, name, offer in only]
        lines += table(("Type", "Name", "Provider; channels"), rows) if rows else ["None."]
    different = [shared for shared in comparison.shared if shared.differs]
    lines += ["", f"### Shared, offered differently ({len(different)} of {len(comparison.shared)})", ""]
    pairs = [(s.code, s.name, diff_view.offer_text(s.a), diff_view.offer_text(s.b)) for s in different]
    lines += table(("Type", "Name", a, b), pairs) if pairs else ["None."]
    return lines


def _matrix(matrix: Matrix) -> list[str]:
    lines = [markdown(diff_view.matrix_summary(matrix)) + ".", ""]
    if len(matrix.mpps) <= diff_view.MATRIX_COLUMNS:
        header = ("Type", "Name", *matrix.mpps, "Share")
        rows = [
            (row.code, row.name, *("yes" if here else "" for here in row.present), diff_view.share(row))
            for row in matrix.rows
        ]
    else:
        header = ("Type", "Name", "Share", "Offered by")
        rows = [(row.code, row.name, diff_view.share(row), diff_view.who(matrix, row)) for row in matrix.rows]
    return lines + table(header, rows)
