"""Text output: one line per finding, `file:line:col: CODE severity message`, then a summary.

The same text with or without colour; colour comes from Rich only when asked for (a
terminal), and every catalog string is made safe first, so no value can move the cursor,
recolour the screen or reorder the line.
"""

from __future__ import annotations

from mpptool.model import Finding, Severity
from mpptool.textsafe import safe
from mpptool.validate import ValidationResult

_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def summary(result: ValidationResult) -> str:
    """`3 files checked: 0 errors, 1 warning`."""
    parts = [_plural(result.count(Severity.ERROR), "error"), _plural(result.count(Severity.WARNING), "warning")]
    infos = result.count(Severity.INFO)
    if infos:
        parts.append(_plural(infos, "info"))
    return f"{_plural(len(result.files), 'file')} checked: {', '.join(parts)}"


def line(finding: Finding) -> tuple[str, str, str, str]:
    """The four parts of a finding's line: location, code, severity, message."""
    where = f"{safe(finding.file)}:{finding.line}:{finding.column}:"
    return where, finding.code, finding.severity.value, safe(finding.message)


def render(result: ValidationResult, color: bool = False) -> str:
    """The text report."""
    if not color:
        lines = [" ".join(line(finding)) for finding in result.findings]
        lines.append(summary(result))
        return "\n".join(lines) + "\n"
    return _render_rich(result)


def _render_rich(result: ValidationResult) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=True, color_system="standard", width=100_000, highlight=False)
    for finding in result.findings:
        where, code, severity, message = line(finding)
        text = Text()
        text.append(where, style="bold")
        text.append(" ")
        text.append(code, style=_STYLE[finding.severity])
        text.append(" ")
        text.append(severity, style=_STYLE[finding.severity])
        text.append(" ")
        text.append(message)
        console.print(text, soft_wrap=True)
    worst = result.worst()
    console.print(Text(summary(result), style=_STYLE[worst] if worst else "green"), soft_wrap=True)
    return buffer.getvalue()
