"""`mpptool fix` as text: each fix, each fix held back, what remains, and one summary line (or the diff)."""

from __future__ import annotations

from mpptool.commands.fix import FixResult
from mpptool.formats.shared import PLAIN, Style, plural
from mpptool.text.safe import log_text


def _where(display: str, line: int, column: int) -> str:
    shown = log_text(display)
    return ("./" + shown if shown.lstrip().startswith("::") else shown) + f":{line}:{column}:"


def render(result: FixResult, style: Style = PLAIN) -> str:
    """Fixes in file order; ``--diff`` shows the unified diff instead of the list of fixes."""
    lines: list[str] = []
    verb = "fixed" if result.wrote else "would fix"
    for file in result.files:
        if not result.wrote and file.diff:
            lines.extend(log_text(part) for part in file.diff.rstrip("\n").split("\n"))
        for edit in file.edits:
            if result.wrote:
                before, after = log_text(edit.before), log_text(edit.text)
                lines.append(f"{_where(file.display, edit.line, edit.column)} {edit.code} {verb}: {before} -> {after}")
        for edit in file.held_back:
            before, after = log_text(edit.before), log_text(edit.text)
            lines.append(
                f"{_where(file.display, edit.line, edit.column)} {edit.code} not fixed, a guess: {before} -> {after} "
                "(--unsafe-fixes applies it)"
            )
        if file.refused:
            lines.append(
                f"{log_text(file.display)}: not fixed: a fix would have changed another value; please report it"
            )
    remaining = result.remaining
    if remaining:
        lines.append("Remaining:" if lines else "Nothing to fix; remaining:")
        for finding in remaining:
            where = _where(finding.file, finding.line, finding.column)
            lines.append(f"{where} {finding.code} {finding.severity.value} {log_text(finding.message)}")
    changed = sum(1 for file in result.files if file.edits)
    held = sum(len(file.held_back) for file in result.files)
    summary = f"{verb.capitalize()} {plural(result.fixed, 'finding')} in {plural(changed, 'file')}"
    if held:
        summary += f"; {held:,} {'guess' if held == 1 else 'guesses'} held back (--unsafe-fixes)"
    summary += f"; {plural(len(remaining), 'finding')} " + ("remains" if len(remaining) == 1 else "remain")
    lines.append(summary + ".")
    return "\n".join(lines) + "\n"
