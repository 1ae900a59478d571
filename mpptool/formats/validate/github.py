"""Validation findings as GitHub Actions workflow commands: each one an annotation on its line.

Files are named as ``ValidationResult.path`` gives them (relative to the repository root when
the run sets one), as GitHub expects. Every property value goes through
:func:`~mpptool.text.safe.workflow_property` and every message through
:func:`~mpptool.text.safe.workflow_data`, so no file name or catalog value can end the command
or start another one (``::add-mask::``, ``::stop-commands::``...). The closing summary is plain
text that starts with a digit, so the runner never reads it as a command.
"""

from __future__ import annotations

from collections.abc import Mapping

from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style
from mpptool.formats.validate.text import summary
from mpptool.model import Finding, Rule, Severity
from mpptool.text.safe import workflow_data, workflow_property

_COMMAND = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
"""GitHub has no `info` annotation; `notice` is its lowest level."""


def command(finding: Finding, result: ValidationResult, rules: Mapping[str, Rule], lang: str = "en") -> str:
    """One ``::error file=…,line=…,col=…,title=…::message`` line for ``finding``."""
    properties = [("file", result.path(finding.file)), ("line", str(finding.line)), ("col", str(finding.column))]
    if finding.end_line is not None:
        properties.append(("endLine", str(finding.end_line)))
    if finding.end_column is not None:
        properties.append(("endColumn", str(finding.end_column)))
    rule = rules.get(finding.code)
    properties.append(("title", f"{finding.code} {rule.name}" if rule is not None else finding.code))
    joined = ",".join(f"{key}={workflow_property(value)}" for key, value in properties)
    # The code leads the message too: the log shows the message, not the title; so does a workbook's cell.
    where = f" {finding.cell}:" if finding.cell else ""
    return f"::{_COMMAND[finding.severity]} {joined}::{workflow_data(f'{finding.code}{where} {finding.say(lang)}')}"


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    """One workflow command per finding, then the summary line."""
    from mpptool.rules import registry

    rules = registry()
    lines = [command(finding, result, rules, style.lang) for finding in result.findings]
    lines.append(workflow_data(summary(result, style.lang)))
    return "\n".join(lines) + "\n"
