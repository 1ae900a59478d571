"""Audit Markdown: for a job summary, a PR comment or a briefing note; renders on GitHub.

Tables of figures and findings; every catalog string is escaped with
:func:`mpptool.text.safe.markdown`, so no value can add markup, links, HTML or mentions.
"""

from __future__ import annotations

from mpptool.commands.audit import AuditResult
from mpptool.formats.audit import view as audit_view
from mpptool.formats.shared import PLAIN, Style, table
from mpptool.model import Finding
from mpptool.text.i18n import msg
from mpptool.text.safe import markdown, markdown_code_spans

HEADER = (
    msg("audit.severity", "Severity"),
    msg("audit.code", "Code"),
    msg("audit.where", "Where"),
    msg("audit.problem", "Problem"),
)


def _findings(findings: tuple[Finding, ...], lang: str) -> list[str]:
    rows = [
        (finding.severity.value, finding.code, f"{finding.file}{finding.place()}", finding.say(lang))
        for finding in findings
    ]
    return table(tuple(word.render(lang) for word in HEADER), rows)


def render(result: AuditResult, style: Style = PLAIN) -> str:
    """The audit report as Markdown."""
    lang = style.lang
    out = [f"# {audit_view.title(result, lang)}", "", markdown(audit_view.summary(result, lang)) + ".", ""]
    if len(result.mpps) > 1:
        out.extend(table(audit_view.overview_header(lang), audit_view.overview_rows(result, lang)))
        out.append("")
    for audit in result.mpps:
        mpp = audit.figures
        out.append(f"## {markdown(mpp.id)}: {markdown(mpp.name)}")
        out.append("")
        for label, text in audit_view.headline(audit, result.settings, lang):
            escaped = markdown_code_spans(text)
            out.append(f"- **{label}**: {escaped}" if label else f"  - {escaped}")
        out.append("")
        if audit.findings:
            out.extend(_findings(audit.findings, lang))
            out.append("")
    if (logs := audit_view.log_summary(result, lang)) is not None:
        out.extend([f"## {audit_view.QUEUE_LOGS.render(lang)}", "", markdown(logs) + ".", ""])
        if found := audit_view.log_findings(result):
            out.extend([*_findings(found, lang), ""])
    if result.unattached:
        out.extend([f"## {audit_view.UNAUDITED.render(lang)}", "", *_findings(result.unattached, lang), ""])
    return "\n".join(out)
