"""JUnit XML for GitLab merge-request test reports and Jenkins' junit step.

One ``<testsuite>`` per checked file and one ``<testcase>`` per finding; a finding that fails
the run (``ValidationResult.failing``) carries a ``<failure>``, one below the threshold passes
with its text in ``<system-out>``, and a file without findings gets one passing test case so
that it counts. Every catalog string goes through :func:`~mpptool.text.safe.xml_text` and the
document is ASCII with character references, so no file name or value can break the XML or
its encoding. Findings silenced inline are left out, as in the text report.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Mapping

from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style
from mpptool.model import Finding, Rule
from mpptool.text.i18n import msg, rule_summaries
from mpptool.text.safe import xml_text

CLEAN_CASE = "no findings"
"""The name of the test case a file without findings gets."""


def case_name(finding: Finding) -> str:
    """`C001 line 4 col 21` (in a workbook, `C001 Layanan!D12`): what GitLab and Jenkins list."""
    if finding.cell:
        return f"{finding.code} {xml_text(finding.cell)}"
    return f"{finding.code} line {finding.line} col {finding.column}"


def details(finding: Finding, path: str, rule: Rule | None, lang: str = "en") -> str:
    """The failure's text: where, how bad, what, and what the rule is for (in ``lang``)."""
    lines = [
        f"{path}{finding.place()}: {finding.severity.value} {finding.code}"
        + (f" {rule.name}" if rule is not None else ""),
        finding.say(lang),
    ]
    if rule is not None:
        summary = rule_summaries(lang).get(rule.code, rule.summary)
        lines.append(msg("output.rule", "Rule: {summary}", summary=summary).render(lang))
    return "\n".join(xml_text(text) for text in lines)


def _suite(
    result: ValidationResult, path: str, findings: list[Finding], rules: Mapping[str, Rule], lang: str
) -> ET.Element:
    suite = ET.Element("testsuite", name=xml_text(path))
    names: Counter[str] = Counter()
    failures = 0
    for finding in findings:
        name = case_name(finding)
        names[name] += 1
        if names[name] > 1:  # two findings of one code at one place: keep the names unique
            name = f"{name} ({names[name]})"
        case = ET.SubElement(suite, "testcase", classname=xml_text(path), name=xml_text(name))
        text = details(finding, path, rules.get(finding.code), lang)
        if result.failing(finding):
            failures += 1
            failure = ET.SubElement(case, "failure", type=xml_text(finding.code), message=xml_text(finding.say(lang)))
            failure.text = text
        else:
            ET.SubElement(case, "system-out").text = text
    if not findings:
        ET.SubElement(suite, "testcase", classname=xml_text(path), name=CLEAN_CASE)
    suite.set("tests", str(max(1, len(findings))))
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    return suite


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    """The JUnit document, ASCII only, with an XML declaration and a trailing newline."""
    from mpptool.rules import registry

    rules = registry()
    by_path: dict[str, list[Finding]] = {result.path(file): [] for file in result.files}
    for finding in result.findings:
        by_path.setdefault(result.path(finding.file), []).append(finding)
    root = ET.Element("testsuites", name=f"mpptool {result.command}")
    tests = failures = 0
    for path in sorted(by_path):
        suite = _suite(result, path, by_path[path], rules, style.lang)
        root.append(suite)
        tests += int(suite.get("tests", "0"))
        failures += int(suite.get("failures", "0"))
    root.set("tests", str(tests))
    root.set("failures", str(failures))
    root.set("errors", "0")
    ET.indent(root, space="  ")
    body: bytes = ET.tostring(root, encoding="us-ascii", xml_declaration=False)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body.decode("ascii") + "\n"
