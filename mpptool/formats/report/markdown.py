"""Rollout report as Markdown: GitHub tables through tabulate, every value escaped first.

Each cell goes through :func:`mpptool.text.safe.markdown` before tabulate sees it, with number
parsing off, so tabulate lays the text out but never re-reads it: a ``|`` in a value stays
``\\|`` and cannot add a column, and no value can become markup, a link, HTML or a mention.
"""

from __future__ import annotations

from mpptool.commands.report import Report
from mpptool.formats.report import view as view
from mpptool.formats.report.i18n import Lang, words
from mpptool.formats.shared import PLAIN, Style
from mpptool.text.safe import markdown


def table(data: view.Table) -> list[str]:
    """A GitHub pipe table; numbers right-aligned."""
    from tabulate import tabulate

    text = tabulate(
        [[markdown(cell) for cell in row] for row in data.rows],
        headers=[markdown(cell) for cell in data.header],
        tablefmt="github",
        disable_numparse=True,
        colalign=["right" if numeric else "left" for numeric in data.numeric],
    )
    return [*text.splitlines(), ""]


def _section(heading: str, intro: list[str], body: list[str]) -> list[str]:
    out = [f"## {markdown(heading)}", ""]
    out.extend(f"{markdown(line)}" for line in intro)
    if intro:
        out.append("")
    return out + body


def render(report: Report, style: Style = PLAIN) -> str:
    """The report as Markdown, in ``style.lang``."""
    lang = style.lang
    t = words(lang)
    out = [f"# {markdown(view.title(report, lang))}", ""]
    out.extend(markdown(line) for line in view.intro(report, lang))
    out.append("")
    if report.briefing is not None:
        out.extend(_summary(report, lang))
    if style.summary_only:
        out.append(f"_{markdown(t['footer'])}_")
        return "\n".join(out) + "\n"
    out.extend(_section(t["sec_coverage"], [], [f"- {markdown(line)}" for line in view.coverage(report, lang)] + [""]))
    intro = [t["milestones_intro"].format(denominator=report.coverage.local_governments)]
    out.extend(_section(t["sec_milestones"], intro, table(view.milestones(report, lang))))
    out.extend(_section(t["sec_provinces"], [t["provinces_intro"]], table(view.provinces(report, lang))))
    if report.mpps:
        out.extend(_section(t["sec_mpps"], [t["mpps_intro"]], table(view.mpps(report, lang))))
        out.extend(_section(t["sec_agencies"], [t["agencies_intro"]], table(view.agencies(report, lang))))
        out.extend(_section(t["sec_staffing"], [t["staffing_intro"]], table(view.staffing(report, lang))))
        findings_intro = t["findings_intro_activity"] if report.activity is not None else t["findings_intro"]
        out.extend(_section(t["sec_findings"], [findings_intro], table(view.findings(report, lang))))
    else:
        out.extend(_section(t["sec_mpps"], [t["no_mpps"]], []))
    if report.activity is not None:
        summary = [f"- {markdown(line)}" for line in view.activity_summary(report, lang)] + [""]
        evidence = table(view.activity_mpps(report, lang)) if view.evidence_order(report) else []
        out.extend(_section(t["sec_activity"], [t["activity_intro"]], summary + evidence))
    count = view.operating_in_scope(report)
    if count:
        types_intro = [t["types_intro"].format(count=count)]
        out.extend(_section(t["sec_service_types"], types_intro, table(view.service_types(report, lang))))
    else:
        out.extend(_section(t["sec_service_types"], [t["types_none"]], []))
    out.extend(_section(t["sec_sources"], [t["sources_intro"]], _sources(report, lang)))
    out.append(f"_{markdown(t['footer'])}_")
    return "\n".join(out) + "\n"


def _summary(report: Report, lang: Lang) -> list[str]:
    """The executive summary: the key figures, the MPPs with the most to fix, the provinces furthest
    from full coverage and the rules found most (the map is the HTML report's)."""
    t = words(lang)
    body = [f"- **{markdown(label)}**: {markdown(line)}" for label, line in view.briefing_lines(report, lang)]
    body.append("")
    body += [f"**{markdown(t['brief_fix'])}**", "", *table(view.briefing_fix(report, lang))]
    body += [f"**{markdown(t['brief_provinces'])}**", "", *table(view.briefing_provinces(report, lang))]
    rules, more = view.briefing_rules(report, lang)
    body += [f"**{markdown(t['brief_rules'])}**", "", *table(rules)]
    if more:
        body += [markdown(more), ""]
    return _section(t["sec_summary"], [], body)


def _sources(report: Report, lang: Lang) -> list[str]:
    t = words(lang)
    out = [f"- **{markdown(what)}**: {markdown(citation)}" for what, citation in view.reference_sources(report, lang)]
    out.append("")
    for row in report.mpps:
        out.extend([f"### {markdown(row.id)}: {markdown(row.name)}", ""])
        if not row.sources and not row.metric_sources:
            out.extend([markdown(t["no_sources"]), ""])
            continue
        for source in row.sources:
            out.append(f"- {markdown(view.source_line(source))}")
            out.extend(f"  - {markdown(item)}" for item in source.supports)
        out.extend(f"- {markdown(t['metric_source'])}: {markdown(item)}" for item in row.metric_sources)
        out.append("")
    return out
