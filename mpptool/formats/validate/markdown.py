"""Validation as Markdown: for a GitHub job summary ($GITHUB_STEP_SUMMARY) or a PR comment.

A verdict line, a count per rule, then the findings; every catalog string is escaped by the
audit's :func:`~mpptool.formats.audit.markdown.table`, so no value can add markup, links,
HTML or mentions. A PR comment holds at most 65,536 characters, so the findings table stops
at :data:`MAX_ROWS` rows or when the document would pass :data:`MAX_CHARS`, and says how many
findings it left out.
"""

from __future__ import annotations

from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style, counted, files, table
from mpptool.formats.validate.text import code_counts
from mpptool.model import Severity
from mpptool.text.i18n import Text, msg

CODE = msg("output.code", "Code")
RULE = msg("output.rule-name", "Rule")
SEVERITY = msg("output.severity", "Severity")
COUNT = msg("output.count", "Count")
LOCATION = msg("output.location", "Location")
MESSAGE = msg("output.message", "Message")


def _words(lang: str, *words: Text) -> tuple[str, ...]:
    return tuple(word.render(lang) for word in words)


MAX_ROWS = 500
MAX_CHARS = 60_000
"""Below GitHub's 65,536 characters for a comment, with room for a heading of the caller's."""


def verdict(result: ValidationResult, lang: str = "en") -> str:
    """`**Fails**: 2 errors, 1 warning, 0 infos in 3 files checked.`"""
    word = msg("output.fails", "Fails") if result.failed() else msg("output.passes", "Passes")
    checked = files(len(result.files))
    if not result.findings:
        line = msg("output.verdict-clean", "**{word}**: no findings in {files} checked", word=word, files=checked)
    else:
        counts = ", ".join(counted(result.count(severity), severity).render(lang) for severity in Severity)
        line = msg("output.verdict", "**{word}**: {counts} in {files} checked", word=word, counts=counts, files=checked)
    if result.suppressed:
        line += msg("output.silenced", "; {count:d} silenced inline", count=len(result.suppressed))
    return line.render(lang) + "."


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    """The Markdown report."""
    lang = style.lang
    out = [f"## mpptool {result.command}", "", verdict(result, lang), ""]
    if not result.findings:
        return "\n".join(out)
    counts = [(code, name, worst.value, str(count)) for code, count, name, worst in code_counts(result)]
    out.extend(table(_words(lang, CODE, RULE, SEVERITY, COUNT), counts))
    out.append("")
    rows = [(f"{result.path(f.file)}{f.place()}", f.code, f.severity.value, f.say(lang)) for f in result.findings]
    lines = table(_words(lang, LOCATION, CODE, SEVERITY, MESSAGE), rows)
    size = sum(len(text) + 1 for text in out)
    kept = 2  # the header and its rule
    size += len(lines[0]) + len(lines[1]) + 2
    while kept < len(lines) and kept - 2 < MAX_ROWS and size + len(lines[kept]) + 1 <= MAX_CHARS:
        size += len(lines[kept]) + 1
        kept += 1
    out.extend(lines[:kept])
    left = len(rows) - (kept - 2)
    if left:
        out.extend(
            [
                "",
                msg(
                    "output.left-out",
                    "_{shown:d} of {total:d} findings shown; {left:d} more left out "
                    "(a comment holds at most {limit} characters): run `mpptool {command}` for all._",
                    command=result.command,
                    shown=kept - 2,
                    total=len(rows),
                    left=left,
                    limit=65_536,
                ).render(lang),
            ]
        )
    out.append("")
    return "\n".join(out)
