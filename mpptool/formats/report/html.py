"""Rollout report as one self-contained HTML page: inline CSS, inline SVG charts, no script.

The template (package data, ``mpptool/templates/report.html.j2``) is rendered by Jinja2 with
autoescaping on, so every value it prints is escaped; the charts are built and escaped in
:mod:`mpptool.formats.report.charts` and arrive as Markup. A Content-Security-Policy meta tag
forbids scripts and every load from anywhere, so even a missed escape could not run code or
reach the network. Control, zero-width and bidi characters are shown as escapes first
(:func:`mpptool.text.safe.safe`), as in every other format.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from mpptool.commands.report import Report
from mpptool.formats.report import charts as report_charts
from mpptool.formats.report import view as report_view
from mpptool.formats.report.i18n import words
from mpptool.formats.shared import PLAIN, Style
from mpptool.text.safe import safe


@dataclass(frozen=True, slots=True)
class _MppEvidence:
    id: str
    name: str
    line: str
    heatmap: Markup | None
    counters: report_view.Table


def _visible(value: object) -> object:
    """Every printed string with control and bidi characters shown as escapes (then autoescaped)."""
    from markupsafe import Markup

    return safe(value) if isinstance(value, str) and not isinstance(value, Markup) else value


def render(report: Report, style: Style = PLAIN) -> str:
    """The report as a complete HTML document in ``style.lang``."""
    lang = style.lang
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("mpptool", "templates"),
        autoescape=True,
        finalize=_visible,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    template = environment.get_template("report.html.j2")
    t = words(lang)
    count = report_view.operating_in_scope(report)
    activity = None
    if report.activity is not None:
        activity = {
            "summary": report_view.activity_summary(report, lang),
            "table": report_view.activity_mpps(report, lang),
            "mpps": [
                _MppEvidence(
                    row.id,
                    row.name,
                    report_view.activity_line(row, lang),
                    report_charts.heatmap(row, lang),
                    report_view.activity_counters(row, lang),
                )
                for row in report_view.evidence_order(report)
            ],
        }
    rules, more = report_view.briefing_rules(report, lang)
    return template.render(
        t=t,
        summary_only=style.summary_only,
        briefing=report_view.briefing_lines(report, lang),
        brief_fix=report_view.briefing_fix(report, lang),
        brief_provinces=report_view.briefing_provinces(report, lang),
        brief_rules=rules,
        brief_rules_more=more,
        activity=activity,
        title=report_view.title(report, lang),
        intro=report_view.intro(report, lang),
        coverage=report_view.coverage(report, lang),
        milestones_intro=t["milestones_intro"].format(denominator=report.coverage.local_governments),
        timeline=report_view.timeline(report, lang),
        milestones=report_view.milestones(report, lang),
        provinces=report_view.provinces(report, lang),
        has_mpps=bool(report.mpps),
        mpp_details=report_view.mpp_details(report, lang),
        staffing=report_view.staffing(report, lang),
        types_intro=t["types_intro"].format(count=count) if count else "",
        service_types=report_view.service_types(report, lang),
        reference_sources=report_view.reference_sources(report, lang),
        sources=report_view.sources_by_province(report, lang),
        charts={
            "timeline": report_charts.timeline(report, lang),
            "agencies": report_charts.agencies(report, lang),
            "staffing": report_charts.staffing(report, lang),
            "map": report_charts.province_map(report, lang),
        },
    )
