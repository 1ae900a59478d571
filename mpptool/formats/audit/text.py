"""Audit text: an overview table, then per MPP a headline and its problems, worst first.

Laid out once as styled segments; printed plain (files, pipes, CI logs) or coloured by Rich
on a terminal. Every catalog string passes through :func:`log_text` first (no escapes, no CI log commands).
"""

from __future__ import annotations

from collections.abc import Iterable

from mpptool.commands.audit import AuditResult
from mpptool.formats.audit import view as audit_view
from mpptool.formats.shared import PLAIN, Style, excerpt
from mpptool.loaders.files import is_yaml_name
from mpptool.model import Finding, Severity
from mpptool.text.safe import log_text

Segment = tuple[str, str | None]
_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
_LABEL = 10


def _finding(finding: Finding, lang: str) -> list[Segment]:
    style = _STYLE[finding.severity]
    return [
        ("    ", None),
        (f"{finding.severity.value:<7} ", style),
        (f"{finding.code} ", style),
        (f"{log_text(finding.file)}{log_text(finding.place())}: ", "bold"),
        (log_text(finding.say(lang)), None),
    ]


def _findings(findings: Iterable[Finding], result: AuditResult, lang: str) -> list[list[Segment]]:
    """Each finding's line, and under it (``--show-source``) its source line with a caret under the column."""
    out = []
    for finding in findings:
        out.append(_finding(finding, lang))
        text = result.excerpts.get((finding.file, finding.line))
        if text is None:
            continue
        end = finding.end_column if finding.end_line == finding.line else None
        shown = excerpt(finding.line, text, finding.column, end, " " * 12, caret=is_yaml_name(finding.file))
        out.append([(shown[0], "dim")])
        if len(shown) > 1:
            gutter, _, rest = shown[1].partition(" | ")
            out.append([(gutter + " | ", "dim"), (rest, _STYLE[finding.severity])])
    return out


def _table(header: tuple[str, ...], rows: list[tuple[str, ...]]) -> list[list[Segment]]:
    cells = [tuple(log_text(cell) for cell in row) for row in rows]
    widths = [max(len(row[i]) for row in [header, *cells]) for i in range(len(header))]

    def line(row: tuple[str, ...]) -> str:
        return "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()

    table: list[list[Segment]] = [[(line(header), "bold")]]
    table.extend([(line(row), None)] for row in cells)
    return table


def lines(result: AuditResult, lang: str = "en") -> list[list[Segment]]:
    """The report as lines of (text, style) segments, in ``lang``."""
    out: list[list[Segment]] = [[(audit_view.title(result, lang), "bold")], []]
    if len(result.mpps) > 1:
        out.extend(_table(audit_view.overview_header(lang), audit_view.overview_rows(result, lang)))
        out.append([])
    for audit in result.mpps:
        mpp = audit.figures
        title = [(log_text(mpp.id), "bold"), (" · ", None), (log_text(mpp.name), "bold")]
        out.append([*title, (f" ({log_text(mpp.file)})", "dim")])
        said = audit_view.headline(audit, result.settings, lang)
        width = max(_LABEL, *(len(label) + 1 for label, _ in said))
        for label, text in said:
            out.append([(f"  {label:<{width}}", "bold"), (log_text(text), None)])
        out.extend(_findings(audit.findings, result, lang))
        out.append([])
    if (logs := audit_view.log_summary(result, lang)) is not None:
        out.append([(logs, "bold")])
        out.extend(_findings(audit_view.log_findings(result), result, lang))
        out.append([])
    if result.unattached:
        out.append([(audit_view.UNAUDITED.render(lang), "bold")])
        out.extend(_findings(result.unattached, result, lang))
        out.append([])
    worst = result.worst()
    out.append([(audit_view.summary(result, lang), _STYLE[worst] if worst else "green")])
    return out


def render(result: AuditResult, style: Style = PLAIN) -> str:
    """The audit report as text, coloured when ``style.color``."""
    laid_out = lines(result, style.lang)
    if not style.color:
        return "\n".join("".join(text for text, _ in line).rstrip() for line in laid_out) + "\n"
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=100_000, highlight=False)
    for line in laid_out:
        text = Text()
        for part, colour in line:
            text.append(part, style=colour or "")
        console.print(text, soft_wrap=True)
    return buffer.getvalue()
