"""`mpptool fix` as text: each fix, each fix held back, what remains, and one summary line (or the diff)."""

from __future__ import annotations

from mpptool.commands.fix import FixResult
from mpptool.formats.shared import PLAIN, Style, files
from mpptool.text.i18n import Text, msg
from mpptool.text.safe import log_text


def _findings(count: int) -> Text:
    return (
        msg("fix.finding", "{count} finding", count=count)
        if count == 1
        else msg("fix.findings", "{count} findings", count=count)
    )


def _where(display: str, line: int, column: int) -> str:
    shown = log_text(display)
    return ("./" + shown if shown.lstrip().startswith("::") else shown) + f":{line}:{column}:"


def render(result: FixResult, style: Style = PLAIN) -> str:
    """Fixes in file order; ``--diff`` shows the unified diff instead of the list of fixes."""
    lines: list[str] = []
    lang = style.lang
    verb = msg("fix.fixed", "fixed") if result.wrote else msg("fix.would-fix", "would fix")
    for file in result.files:
        if not result.wrote and file.diff:
            lines.extend(log_text(part) for part in file.diff.rstrip("\n").split("\n"))
        for edit in file.edits:
            if result.wrote:
                before, after = log_text(edit.before), log_text(edit.text)
                said = msg("fix.edit", "{verb}: {before} -> {after}", verb=verb, before=before, after=after)
                lines.append(f"{_where(file.display, edit.line, edit.column)} {edit.code} {said.render(lang)}")
        for edit in file.held_back:
            before, after = log_text(edit.before), log_text(edit.text)
            said = msg(
                "fix.guess",
                "not fixed, a guess: {before} -> {after} (--unsafe-fixes applies it)",
                before=before,
                after=after,
            )
            lines.append(f"{_where(file.display, edit.line, edit.column)} {edit.code} {said.render(lang)}")
        if file.refused:
            said = msg("fix.refused", "not fixed: a fix would have changed another value; please report it")
            lines.append(f"{log_text(file.display)}: {said.render(lang)}")
    remaining = result.remaining
    if remaining:
        heading = msg("fix.remaining", "Remaining:") if lines else msg("fix.nothing", "Nothing to fix; remaining:")
        lines.append(heading.render(lang))
        for finding in remaining:
            where = _where(finding.file, finding.line, finding.column)
            lines.append(f"{where} {finding.code} {finding.severity.value} {log_text(finding.say(lang))}")
    changed = sum(1 for file in result.files if file.edits)
    held = sum(len(file.held_back) for file in result.files)
    summary = msg(
        "fix.summary",
        "{verb} {fixed} in {files}",
        verb=msg("fix.fixed-cap", "Fixed") if result.wrote else msg("fix.would-fix-cap", "Would fix"),
        fixed=_findings(result.fixed),
        files=files(changed),
    )
    if held:
        summary += (
            msg("fix.guess-held", "; {count} guess held back (--unsafe-fixes)", count=held)
            if held == 1
            else msg("fix.guesses-held", "; {count} guesses held back (--unsafe-fixes)", count=held)
        )
    summary += (
        msg("fix.remains", "; {findings} remains", findings=_findings(len(remaining)))
        if len(remaining) == 1
        else msg("fix.remain", "; {findings} remain", findings=_findings(len(remaining)))
    )
    lines.append(summary.render(lang) + ".")
    return "\n".join(lines) + "\n"
