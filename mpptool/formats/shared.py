"""What every format shares: how a render is asked for (:class:`Style`), words (counts with
their plurals, severities summed up), figures as text (rates, staff, agency categories) and
Markdown tables. One module, so no format family borrows from another.
"""

from __future__ import annotations

import enum
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mpptool.model import Severity
from mpptool.text.i18n import Text, msg
from mpptool.text.safe import log_text, markdown, markdown_code_spans
from mpptool.text.words import ordinal, plural
from mpptool.vocab.state import CATEGORIES

if TYPE_CHECKING:  # an annotation only: `validate` output never needs the audit figures
    from mpptool.vocab.figures import MppFigures

__all__ = [
    "PLAIN",
    "Lang",
    "Style",
    "category_counts",
    "counted",
    "files",
    "json_text",
    "ordinal",
    "plural",
    "rate",
    "severity_counts",
    "severity_totals",
    "staff",
    "table",
]


class Lang(enum.StrEnum):
    """Languages a report is written in (the words themselves are in ``formats/report/i18n``)."""

    EN = "en"
    ID = "id"


@dataclass(frozen=True, slots=True)
class Style:
    """How one render is asked for; each format reads what applies to it (one call shape for all)."""

    color: bool = False
    """Text on a terminal: colour (text formats only)."""
    statistics: bool = False
    """`validate` text: a count per rule after the findings."""
    lang: Lang = Lang.EN
    """The language of labels and sentences (finding messages included); codes and keys never change."""
    summary_only: bool = False
    """`report --summary`: the executive summary page alone."""


PLAIN = Style()


def severity_totals(count: Callable[[Severity], int]) -> dict[str, int]:
    """The ``errors``, ``warnings`` and ``infos`` of a JSON summary, from a result's ``count``."""
    return {"errors": count(Severity.ERROR), "warnings": count(Severity.WARNING), "infos": count(Severity.INFO)}


def json_text(data: object) -> str:
    """Every JSON output's text: ASCII only (a hostile character is an escape, never a byte a
    terminal acts on), keys sorted, two-space indent, one newline at the end."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def severity_counts(errors: int, warnings: int, infos: int, lang: str = "en") -> str:
    """`3 errors, 1 warning, 2 infos` (infos only when there are some); `3 galat, 1 peringatan` in Indonesian."""
    parts = [counted(errors, Severity.ERROR), counted(warnings, Severity.WARNING)]
    if infos:
        parts.append(counted(infos, Severity.INFO))
    return ", ".join(part.render(lang) for part in parts)


def counted(count: int, severity: Severity) -> Text:
    """`1 error`, `3 warnings`: findings of one severity, counted in any language."""
    if severity is Severity.ERROR:
        return (
            msg("output.error", "{count} error", count=count)
            if count == 1
            else msg("output.errors", "{count} errors", count=count)
        )
    if severity is Severity.WARNING:
        return (
            msg("output.warning", "{count} warning", count=count)
            if count == 1
            else msg("output.warnings", "{count} warnings", count=count)
        )
    return (
        msg("output.info", "{count} info", count=count)
        if count == 1
        else msg("output.infos", "{count} infos", count=count)
    )


def files(count: int) -> Text:
    """`1 file`, `3 files` (`3 berkas`)."""
    return (
        msg("output.file", "{count} file", count=count)
        if count == 1
        else msg("output.files", "{count} files", count=count)
    )


def rate(value: float | None) -> str:
    """A per-day figure to one decimal, or a dash when unknown."""
    return "-" if value is None else f"{value:,.1f}"


def staff(mpp: MppFigures) -> str:
    """`60/75` posted of planned, a dash when no counter records staff, `?` when one cannot be read."""
    if mpp.staff_required is None or mpp.staff_assigned is None:
        return "?"
    return f"{mpp.staff_assigned:,}/{mpp.staff_required:,}" if mpp.staff_required or mpp.staff_assigned else "-"


def category_counts(mpp: MppFigures) -> dict[str, int]:
    """Agencies by category, every category present, plus ``total``."""
    counts = dict.fromkeys(CATEGORIES, 0)
    counts.update(dict(mpp.agencies))
    counts["total"] = mpp.agencies_total
    return counts


def table(header: tuple[str, ...], rows: Sequence[tuple[str, ...]]) -> list[str]:
    """A GitHub pipe table with every cell escaped (quoted ids as code)."""
    lines = ["| " + " | ".join(markdown(cell) for cell in header) + " |", "|" + "---|" * len(header)]
    lines.extend("| " + " | ".join(markdown_code_spans(cell) for cell in row) + " |" for row in rows)
    return lines


EXCERPT_WIDTH = 160
"""The most of a source line shown under a finding; a longer line is cut around the column."""


def excerpt(
    number: int, text: str, column: int, end_column: int | None, indent: str = "", caret: bool = True
) -> tuple[str, ...]:
    """The line a finding points at and a caret line under its column (``--show-source``), terminal-safe.

    A tab shows as one space (a column counts it as one); the carets start under the escaped
    text of everything before the column, so a control character cannot shift them; a line
    longer than :data:`EXCERPT_WIDTH` is cut around the column, marked with ``…``. Without
    ``caret`` (a queue log, whose column is a field number, not a character) the line alone.
    """
    plain = text.replace("\t", " ")
    start = max(0, min(column - 1 - EXCERPT_WIDTH // 3, len(plain) - EXCERPT_WIDTH))
    shown = plain[start : start + EXCERPT_WIDTH]
    head = "…" if start > 0 else ""
    tail = "…" if start + EXCERPT_WIDTH < len(plain) else ""
    at = max(0, column - 1 - start)
    width = 1 if end_column is None or end_column <= column else end_column - column
    width = max(1, min(width, len(shown) - at)) if at < len(shown) else 1
    gutter = str(number)
    source = f"{indent}{gutter} | {head}{log_text(shown)}{tail}".rstrip()
    if not caret:
        return (source,)
    carets = f"{indent}{' ' * len(gutter)} | {' ' * (len(head) + len(log_text(shown[:at])))}{'^' * width}"
    return source, carets
