"""Text output: one line per finding, `file:line:col: CODE severity message`, then a summary.

The same text with or without colour; colour comes from Rich only when asked for (a
terminal), and every catalog string is made safe first, so no value can move the cursor,
recolour the screen, reorder the line or be read by a CI runner as a log command.
"""

from __future__ import annotations

from collections import Counter

from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style, excerpt, files, severity_counts
from mpptool.loaders.files import is_yaml_name
from mpptool.model import Finding, Severity, worst_severity
from mpptool.text.i18n import msg
from mpptool.text.safe import log_text

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def summary(result: ValidationResult, lang: str = "en") -> str:
    """`3 files checked: 0 errors, 1 warning` (`3 berkas diperiksa: 0 galat, 1 peringatan`)."""
    counts = severity_counts(
        result.count(Severity.ERROR), result.count(Severity.WARNING), result.count(Severity.INFO), lang
    )
    return msg("output.checked", "{files} checked: {counts}", files=files(len(result.files)), counts=counts).render(
        lang
    )


def location(file: str) -> str:
    """``file`` as the start of a line: a GitHub runner trims leading space and then reads a line
    starting with ``::`` as a workflow command, so such a name gets ``./`` in front."""
    shown = log_text(file)
    return "./" + shown if shown.lstrip().startswith("::") else shown


def line(finding: Finding, lang: str = "en") -> tuple[str, str, str, str]:
    """The four parts of a finding's line: location, code, severity, message (in ``lang``).

    The severity stays the English token in every language, as the code does: problem matchers
    and scripts read ``file:line:col: CODE severity`` whatever language the message is in.
    """
    where = f"{location(finding.file)}{log_text(finding.place())}:"
    return where, finding.code, finding.severity.value, log_text(finding.say(lang))


def source(result: ValidationResult, finding: Finding) -> tuple[str, ...]:
    """``--show-source``: the line under the finding and a caret under its column, when it was read."""
    text = result.excerpts.get((finding.file, finding.line))
    if text is None:
        return ()
    end = finding.end_column if finding.end_line == finding.line else None
    return excerpt(finding.line, text, finding.column, end, "  ", caret=is_yaml_name(finding.file))


def code_counts(result: ValidationResult) -> list[tuple[str, int, str, Severity]]:
    """Per code, sorted by code: (code, findings, rule name, worst severity); for statistics."""
    from mpptool.rules import registry

    rules = registry()
    counts = Counter(finding.code for finding in result.findings)
    rows = []
    for code in sorted(counts):
        worst = worst_severity(finding for finding in result.findings if finding.code == code)
        assert worst is not None
        rows.append((code, counts[code], rules[code].name if code in rules else "", worst))
    return rows


def statistics_line(code: str, count: int, name: str) -> str:
    """`   12  C001  declared-breakdown`, as flake8 --statistics counts."""
    return f"{count:>5}  {code}  {name}".rstrip()


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    color, statistics = style.color, style.statistics
    """The text report; with ``statistics``, a count per code before the summary."""
    if color:
        return _render_rich(result, statistics, style.lang)
    lines = []
    for finding in result.findings:
        lines.append(" ".join(line(finding, style.lang)))
        lines.extend(source(result, finding))
    if statistics:
        lines.extend(statistics_line(code, count, name) for code, count, name, _ in code_counts(result))
    lines.append(summary(result, style.lang))
    return "\n".join(lines) + "\n"


def _render_rich(result: ValidationResult, statistics: bool, lang: str) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=100_000, highlight=False)
    for finding in result.findings:
        where, code, severity, message = line(finding, lang)
        text = Text()
        text.append(where, style="bold")
        text.append(" ")
        text.append(code, style=_STYLE[finding.severity])
        text.append(" ")
        text.append(severity, style=_STYLE[finding.severity])
        text.append(" ")
        text.append(message)
        console.print(text, soft_wrap=True)
        for shown in source(result, finding):
            gutter, _, rest = shown.partition(" | ")
            excerpt_line = Text(gutter + " | ", style="dim")
            excerpt_line.append(rest, style=_STYLE[finding.severity] if rest.lstrip().startswith("^") else "")
            console.print(excerpt_line, soft_wrap=True)
    if statistics:
        for code, count, name, severity in code_counts(result):
            text = Text(statistics_line(code, count, name))
            start = len(f"{count:>5}  ")
            text.stylize(_STYLE[severity], start, start + len(code))
            console.print(text, soft_wrap=True)
    worst = result.worst()
    console.print(Text(summary(result, lang), style=_STYLE[worst] if worst else "green"), soft_wrap=True)
    return buffer.getvalue()
