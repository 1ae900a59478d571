"""Diff Markdown: a count summary line, then grouped tables; fits a PR comment or job summary."""

from __future__ import annotations

from functools import partial

from mpptool.commands.diff import DiffResult, Matrix, RegionComparison, RevisionDiff
from mpptool.formats.diff import view as diff_view
from mpptool.formats.shared import PLAIN, Style, table
from mpptool.text.i18n import Text, msg
from mpptool.text.safe import markdown

TYPE = msg("diff.type", "Type")
NAME = msg("diff.name", "Name")
NONE = msg("diff.none", "None.")
WHERE = msg("diff.where", "Where")


def _words(lang: str, *words: Text) -> tuple[str, ...]:
    return tuple(word.render(lang) for word in words)


def render(result: DiffResult, style: Style = PLAIN) -> str:
    """The diff as Markdown; every catalog string escaped."""
    lang = style.lang
    lines = diff_view.by_kind(
        result, partial(_revisions, lang=lang), partial(_regions, lang=lang), partial(_matrix, lang=lang)
    )
    return "\n".join(lines) + "\n"


def _revisions(diff: RevisionDiff, lang: str) -> list[str]:
    lines = [f"**mpptool diff**: {markdown(diff_view.revision_summary(diff, lang))}", ""]
    by_mpp: dict[str | None, list[tuple[str, ...]]] = {}
    for change in diff.changes:
        by_mpp.setdefault(change.mpp, []).append(
            (
                diff_view.op(change, lang),
                diff_view.entity(change, lang),
                change.id or "",
                change.field or "",
                *diff_view.values(change, lang),
                diff_view.where(change),
            )
        )
    header = _words(
        lang,
        msg("diff.op", "Op"),
        msg("diff.entity", "Entity"),
        msg("diff.id", "Id"),
        msg("diff.field", "Field"),
        msg("diff.old", "Old"),
        msg("diff.new", "New"),
        WHERE,
    )
    for mpp, rows in by_mpp.items():
        lines += [f"### {markdown(mpp or diff_view.no_mpp_id(lang))}", ""]
        lines += table(header, rows)
        lines.append("")
    if diff.problems:
        rows = [(f.code, f"{f.file}{f.place()}", f.say(lang)) for f in diff.problems]
        heading = msg("diff.unreadable", "### Files that could not be read").render(lang)
        header = _words(lang, msg("diff.code", "Code"), WHERE, msg("diff.problem-column", "Problem"))
        lines += [heading, "", *table(header, rows), ""]
    return lines


def _regions(comparison: RegionComparison, lang: str) -> list[str]:
    a, b = comparison.a.id, comparison.b.id
    lines = [msg("diff.pair", "## {a} and {b}", a=markdown(a), b=markdown(b)).render(lang), ""]
    lines += table(("", a, b), diff_view.headline_rows(comparison, lang)[1:])
    for label, only in ((a, comparison.only_a), (b, comparison.only_b)):
        heading = msg("diff.only-at-section", "### Only at {id} ({count:d})", id=markdown(label), count=len(only))
        lines += ["", heading.render(lang), ""]
        rows = [(code, name, diff_view.offer_text(offer, lang)) for code, name, offer in only]
        header = _words(lang, TYPE, NAME, msg("diff.provider-channels", "Provider; channels"))
        lines += table(header, rows) if rows else [NONE.render(lang)]
    different = [shared for shared in comparison.shared if shared.differs]
    heading = msg(
        "diff.shared-section",
        "### Shared, offered differently ({different:d} of {shared:d})",
        different=len(different),
        shared=len(comparison.shared),
    )
    lines += ["", heading.render(lang), ""]
    pairs = [(s.code, s.name, diff_view.offer_text(s.a, lang), diff_view.offer_text(s.b, lang)) for s in different]
    lines += table((*_words(lang, TYPE, NAME), a, b), pairs) if pairs else [NONE.render(lang)]
    return lines


def _matrix(matrix: Matrix, lang: str) -> list[str]:
    lines = [markdown(diff_view.matrix_summary(matrix, lang)) + ".", ""]
    share = msg("diff.share", "Share")
    if len(matrix.mpps) <= diff_view.MATRIX_COLUMNS:
        header = (*_words(lang, TYPE, NAME), *matrix.mpps, share.render(lang))
        yes = msg("diff.yes", "yes").render(lang)
        rows = [
            (row.code, row.name, *(yes if here else "" for here in row.present), diff_view.share(row))
            for row in matrix.rows
        ]
    else:
        header = _words(lang, TYPE, NAME, share, msg("diff.offered-by", "Offered by"))
        rows = [(row.code, row.name, diff_view.share(row), diff_view.who(matrix, row, lang)) for row in matrix.rows]
    return lines + table(header, rows)
