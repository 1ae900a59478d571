"""Audit Markdown: for a job summary, a PR comment or a briefing note; renders on GitHub.

Tables of figures and findings; every catalog string is escaped with
:func:`mpptool.text.safe.markdown`, so no value can add markup, links, HTML or mentions.
"""

from __future__ import annotations

from mpptool.commands.audit import AuditResult
from mpptool.formats.audit import view as audit_view
from mpptool.formats.shared import PLAIN, Style, table
from mpptool.model import Finding
from mpptool.text.safe import markdown, markdown_code_spans


def _findings(findings: tuple[Finding, ...]) -> list[str]:
    rows = [
        (finding.severity.value, finding.code, f"{finding.file}{finding.place()}", finding.message)
        for finding in findings
    ]
    return table(("Severity", "Code", "Where", "Problem"), rows)


def render(result: AuditResult, style: Style = PLAIN) -> str:
    """The audit report as Markdown."""
    out = [f"# MPP audit as of {result.settings.as_of}", "", markdown(audit_view.summary(result)) + ".", ""]
    if len(result.mpps) > 1:
        out.extend(table(audit_view.OVERVIEW_HEADER, audit_view.overview_rows(result)))
        out.append("")
    for audit in result.mpps:
        mpp = audit.figures
        out.append(f"## {markdown(mpp.id)}: {markdown(mpp.name)}")
        out.append("")
        for label, text in audit_view.headline(audit, result.settings):
            escaped = markdown_code_spans(text)
            out.append(f"- **{label}**: {escaped}" if label else f"  - {escaped}")
        out.append("")
        if audit.findings:
            out.extend(_findings(audit.findings))
            out.append("")
    if (logs := audit_view.log_summary(result)) is not None:
        out.extend(["## Queue logs", "", markdown(logs) + ".", ""])
        if found := audit_view.log_findings(result):
            out.extend([*_findings(found), ""])
    if result.unattached:
        out.extend(["## Files that could not be audited", "", *_findings(result.unattached), ""])
    return "\n".join(out)
