"""The rollout report's words in English and Bahasa Indonesia, and its numbers per language.

English here, Bahasa Indonesia in the message catalog (``[report]`` of ``mpptool/messages/id.toml``),
with the same keys (a test holds them to that). Values are plain
text templates filled with :meth:`str.format`; each format escapes the result for its medium,
so a label never needs markup. Numbers: English writes 1,867.5, Indonesian 1.867,5.
"""

from __future__ import annotations

from collections.abc import Mapping

from mpptool.formats.shared import Lang
from mpptool.text.i18n import localise, report_words

__all__ = ["EN", "ID", "Lang", "decimal", "integer", "percent", "words"]


EN: Mapping[str, str] = {
    "lang_code": "en",
    "title": "MPP rollout report",
    "title_province": "MPP rollout report: {code} {name}",
    "as_of": "As of {date}. Catalog files read: {files}; MPPs reported: {mpps}.",
    "scope_note": "Narrowed to province {code} {name}; national coverage and milestones stay national.",
    "findings_total": "Findings: {errors} errors, {warnings} warnings, {infos} infos (validation and audit rules).",
    "unreadable": "Files that could not be read as an MPP: {files}.",
    "sec_coverage": "National coverage",
    "sec_milestones": "Reported national milestones",
    "sec_provinces": "Provinces",
    "sec_mpps": "MPPs",
    "sec_agencies": "Agencies by category",
    "sec_staffing": "Staffing gap",
    "sec_findings": "Findings by severity",
    "sec_service_types": "Service-type coverage",
    "sec_sources": "Sources",
    "cov_mpps": "MPPs in the catalog: {total} ({operating} operating, {planned} planned, {closed} closed{unknown}).",
    "cov_unknown": ", {count} without a valid status",
    "cov_share": "Local governments with an operating MPP in the catalog: {covered} of {denominator} = {share}.",
    "cov_mpp_vs_lg": (
        "The {operating} operating MPPs serve {covered} local governments: a local government with two MPPs "
        "counts once, and an MPP whose region is not a local government counts for none."
    ),
    "cov_denominator": (
        "The denominator is the ministry's: {denominator} local governments, the {autonomous} autonomous "
        "kabupaten/kota plus {running}, whose administrative cities and regency are not autonomous, so the "
        "province runs their services. Kementerian PANRB measures MPP coverage against this base."
    ),
    "cov_catalog_note": (
        "This share counts only the MPPs in the catalog read; the figures reported for Indonesia as a whole "
        "are the milestones below."
    ),
    "milestones_intro": (
        "National MPP counts as reported by the ministry and the press (packaged reference data). "
        "The share of {denominator} is computed here; the reported share is the source's own, on its own base. "
        "A row marked not verified has not been checked against a primary source."
    ),
    "catalog_point": "this catalog",
    "sec_summary": "Summary",
    "brief_coverage_label": "Coverage",
    "brief_coverage": (
        "{covered} of {denominator} local governments ({share}) have an operating MPP in this catalog; "
        "nationally, {latest} MPPs were reported on {date} ({latest_share} of {denominator})."
    ),
    "brief_mpps_label": "MPPs",
    "brief_mpps": "{operating} operating, counted below; {planned} planned and {closed} closed, counted apart.",
    "brief_counters_label": "Counters",
    "brief_counters": (
        "{empty} of {counters} counters at operating MPPs stand empty; {part_time} are staffed only some days."
    ),
    "brief_days_label": "Counter-days",
    "brief_days": "{empty} of {scheduled} scheduled counter-days ({share}) empty by the queue logs.",
    "brief_staff_label": "Staff",
    "brief_staff": "{assigned} posted of {required} planned (a gap of {gap}).",
    "brief_staff_unknown": " Staff of {count} operating MPPs cannot be read.",
    "brief_paper_label": "On paper",
    "brief_paper": "{agencies} agency(ies) at {mpps} MPP(s) offer counter services but sit at no counter.",
    "brief_services_label": "Services",
    "brief_services": "{unreachable} of {services} services cannot be reached in person.",
    "brief_low_label": "Throughput",
    "brief_low": "{count} operating MPP(s) report a period under the visitors-per-open-day threshold (A010).",
    "brief_fix": "The MPPs with the most to fix",
    "brief_provinces": "Provinces furthest from full coverage",
    "brief_rules": "Findings by rule",
    "brief_rules_more": "and {count} more rules with {findings} findings (every finding: mpptool audit)",
    "staffing_in_print": (
        "Every MPP's staff posted and planned, and its gap, are columns of the table of each MPP below."
    ),
    "sev_error": "error",
    "sev_warning": "warning",
    "sev_info": "info",
    "h_rank": "#",
    "h_to_fix": "To fix",
    "h_uncovered": "Not covered",
    "h_rule": "Rule",
    "h_findings": "Findings",
    "h_severity": "Severity",
    "chart_map": "Coverage by province: share of local governments with an operating MPP in the catalog",
    "map_tile": "{name}: {covered} of {total} local governments ({share}), {operating} operating MPPs",
    "map_none": "none",
    "map_outside": "outside the province chosen (--province)",
    "map_label": (
        "A tile per province, placed by geography and shaded by coverage: {any} of {count} provinces have at least "
        "one local government with an operating MPP in the catalog, {full} have all; the table below lists every "
        "province."
    ),
    "catalog_point_partial": "this catalog: part of the country, not comparable with the national count",
    "catalog_partial_note": (
        "This catalog covers part of the country: {catalog} operating MPPs on {date} ({covered} of {denominator} "
        "local governments), not drawn on the national line."
    ),
    "chart_timeline_label_partial": (
        "MPPs reported nationally from {first} to {last} ({low} to {high}), against the {denominator} local "
        "governments. This catalog covers part of the country ({catalog} operating MPPs on {date}) and is not drawn "
        "on the national line."
    ),
    "h_date": "Date",
    "h_mpps": "MPPs",
    "h_share_of": "Share of {denominator}",
    "h_reported": "Reported share",
    "h_note": "Note",
    "h_source": "Source",
    "h_verified": "Verified",
    "yes": "yes",
    "not_verified": "not verified",
    "provinces_intro": (
        "Kab/kota in the Kemendagri list; local governments as counted in the denominator (DK Jakarta: one); "
        "the catalog's MPPs by province; coverage = local governments with an operating MPP over the province's."
    ),
    "h_code": "Code",
    "h_province": "Province",
    "h_kab_kota": "Kab/kota",
    "h_local_governments": "Local governments",
    "h_operating": "Operating",
    "h_planned": "Planned",
    "h_covered": "Covered",
    "h_coverage": "Coverage",
    "mpps_intro": (
        "Figures as the audit computes them (README, What the audit figures mean): counters empty or "
        "part-time, staff posted against planned at open counters, visitors per calendar day over all "
        "reported periods. A dash: not reported."
    ),
    "no_mpps": "No MPP in scope.",
    "h_mpp": "MPP",
    "h_name": "Name",
    "h_region": "Region",
    "h_status": "Status",
    "h_agencies": "Agencies",
    "h_services": "Services",
    "h_types": "Service types",
    "h_counters": "Counters",
    "h_empty": "Empty",
    "h_part_time": "Part-time",
    "h_staff": "Staff posted/planned",
    "h_gap": "Gap",
    "h_visitors": "Visitors/day",
    "h_visitors_open": "Visitors/open day",
    "h_digital": "MPP Digital",
    "h_total": "Total",
    "h_name_region": "Name (region)",
    "sec_mpp_details": "Each MPP, by province",
    "mpp_details_intro": (
        "Provinces by code, the MPPs of each by id, one row per MPP: the figures of the audit, the agencies listed by "
        "category, the validation and audit findings (errors/warnings/infos), MPP Digital. Names are written with "
        "MPP for Mal Pelayanan Publik; the region's code follows the name, its name too when the MPP's name "
        "does not say it. MPP Digital lists the service types it offers, ADM-01/02 for ADM-01 and ADM-02."
    ),
    "mpps_in_province": "{province}: {count} MPP(s), {operating} operating",
    "province_unknown": "province not known",
    "metric_sources": "Reported periods",
    "source_supports": "{source} (supports: {supports})",
    "cat_vertical": "Vertical",
    "cat_soe": "BUMN/BUMD",
    "cat_public_body": "Public body",
    "cat_opd_local": "OPD kab/kota",
    "cat_opd_province": "OPD province",
    "cat_private": "Private",
    "agencies_intro": (
        "Agencies listed in each file, by category (an agency of no known category counts in the total only)."
    ),
    "staffing_intro": "Staff planned minus staff posted at the open counters, worst first.",
    "findings_intro": (
        "Validation findings come from the catalog-format rules, audit findings from the audit rules "
        "(A001-A012); mpptool audit --mpp ID lists them."
    ),
    "h_validation": "Validation",
    "h_audit": "Audit",
    "h_errors": "errors",
    "h_warnings": "warnings",
    "h_infos": "infos",
    "types_intro": (
        "For each type of the packaged national taxonomy (a working list, not an official one), how many of "
        "the {count} operating MPPs in scope offer it."
    ),
    "types_none": "No operating MPP in scope: no shares to compute.",
    "h_service_type": "Service type",
    "h_category": "Category",
    "h_offered": "Offered by",
    "h_share": "Share",
    "sources_intro": (
        "Each MPP's figures come from the sources its catalog file cites (mpp.sources, and source on "
        "reported periods); the national milestones each carry their own source (above); the reference lists "
        "come from:"
    ),
    "h_publisher": "Publisher",
    "h_title": "Title",
    "h_url": "Address",
    "h_supports": "Supports",
    "no_sources": "No sources cited.",
    "metric_source": "Reported period",
    "ref_regions": "Regions",
    "ref_denominator": "Denominator",
    "ref_milestones": "National milestones",
    "ref_service_types": "Service-type taxonomy",
    "status_operating": "operating",
    "status_planned": "planned",
    "status_closed": "closed",
    "status_unknown": "not given",
    "digital_on": "on: {services}",
    "digital_on_empty": "on",
    "digital_off": "off",
    "digital_unknown": "not recorded",
    "chart_timeline": "Coverage timeline: MPPs reported nationally",
    "chart_timeline_label": (
        "MPPs reported nationally from {first} to {last} ({low} to {high}), and {catalog} operating MPPs in "
        "this catalog on {date}, against the {denominator} local governments."
    ),
    "chart_agencies": "Agencies by category, per MPP",
    "chart_agencies_label": "Stacked bars: each MPP's agencies by category; the table below holds the numbers.",
    "chart_staffing": "Staffing gap by MPP, worst first",
    "chart_staffing_label": "Bars: staff planned minus staff posted, per MPP, worst first: {items}.",
    "chart_no_data": "No data",
    "chart_all_mpps": "all {count} MPPs",
    "chart_worst_of": "The {shown} worst of {count} MPPs; the table lists all.",
    "chart_unverified": "open circle: not verified",
    "data_table": "Data table",
    "sec_activity": "Queue-log evidence",
    "activity_intro": (
        "What the queue machines' logs (--activity) prove against the catalog. A scheduled counter-day is a day "
        "a counter is expected to serve (one of its days, the MPP open, not a national holiday); it is empty when "
        "the counter called no ticket while other counters of the MPP did. An MPP closed day is a day the MPP was "
        "scheduled to open and no counter called a ticket, counted once for the MPP."
    ),
    "act_mpps": "MPPs with queue logs: {with_logs} of {mpps}{without}.",
    "act_without": "; no log row names {ids}",
    "act_rows": "Log files read: {files}; rows read: {rows}, used: {used}, left out: {left_out}{outside}.",
    "act_outside": ", outside the period: {count}",
    "act_rows_note": "Rows are counted over every log read, whatever the province.",
    "act_counter_days": "Empty counter-days: {empty} of {scheduled} scheduled = {share}.",
    "act_closed": "MPP closed days (scheduled to open, no counter called a ticket): {count}.",
    "act_worst": "Most empty counter-days: {items}.",
    "act_none": "No MPP in scope is named by a log row.",
    "act_more": "{shown} and {count} more",
    "act_table": "MPPs by empty counter-days, most first",
    "act_mpp_line": (
        "{start} to {end}: {served} served on {open_days} open days; {empty} of {scheduled} scheduled "
        "counter-days empty ({share}); MPP closed on {closed} scheduled day(s){dates}."
    ),
    "act_mpp_unusable": "{rows} log row(s) name it, none usable: no period to chart.",
    "h_period": "Log period",
    "h_served": "Served",
    "h_open_days": "Open days",
    "h_served_open": "Served/open day",
    "h_scheduled_cd": "Scheduled counter-days",
    "h_empty_cd": "Empty counter-days",
    "h_empty_share": "Empty share",
    "h_closed_days": "MPP closed days",
    "h_emptiest": "Emptiest counters",
    "h_counter": "Counter",
    "h_scheduled_days": "Scheduled days",
    "h_active_days": "Active days",
    "h_empty_days": "Empty days",
    "h_utilisation": "Utilisation",
    "h_wait_p90": "Wait p90 (min)",
    "heat_howto": (
        "How to read the heatmaps: each row is a counter, in catalog order, each column a week, labelled by "
        "month at its first Monday. A cell is the share of the counter's scheduled days that week on which it "
        "called a ticket: dark red, it stood empty (none); pale yellow, it served on every one; hatched grey, it "
        "had no scheduled day that week (a holiday week, a closed or planned counter, the MPP closed). The "
        "numbers on the right are the counter's empty and scheduled days over the period. A dark row is a "
        "counter that stands empty; a dark column, a week the MPP ran short."
    ),
    "chart_heatmap": "Counters by week: share of scheduled days staffed",
    "chart_heatmap_label": (
        "Heatmap of {counters} counters over {weeks} weeks, {first} to {last}: each cell is the share of the "
        "week's scheduled days on which the counter called a ticket, dark for none, light for all. "
        "Most empty days: {items}."
    ),
    "heat_row": (
        "{counter}, share of scheduled days staffed, week by week from {first} (a dash: none scheduled): {shares}"
    ),
    "heat_legend": "Share of the week's scheduled days on which the counter called a ticket",
    "heat_none": "no scheduled day",
    "heat_right": "empty/scheduled",
    "heat_items_none": "none",
    "month_names": "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec",
    "findings_intro_activity": (
        "Validation findings come from the catalog-format rules, audit findings from the audit rules "
        "(A001-A012) and, with queue logs, the evidence and log rules (V, L); mpptool audit --mpp ID "
        "--activity LOGS lists them."
    ),
    "footer": "Written by mpptool report from the catalog files and the packaged reference data.",
}

ID: Mapping[str, str] = report_words("id")
"""Bahasa Indonesia, from the ``[report]`` table of ``mpptool/messages/id.toml`` (a translator edits it there)."""

LABELS: Mapping[Lang, Mapping[str, str]] = {Lang.EN: EN, Lang.ID: ID}
"""Every language's words, by language."""


def words(lang: Lang) -> Mapping[str, str]:
    """The labels and sentences of ``lang``."""
    return LABELS[lang]


def _localise(text: str, lang: Lang) -> str:
    """Swap the English separators for Indonesian ones (``,`` thousands, ``.`` decimals), as messages do."""
    return localise(text, lang.value)


def integer(value: int | None, lang: Lang) -> str:
    """1,867 (en) or 1.867 (id); a dash when unknown."""
    return "-" if value is None else _localise(f"{value:,}", lang)


def decimal(value: float | None, lang: Lang, places: int = 1) -> str:
    """8.8 (en) or 8,8 (id); a dash when unknown."""
    return "-" if value is None else _localise(f"{value:,.{places}f}", lang)


def percent(share: float | None, lang: Lang, places: int = 1) -> str:
    """A share as a percentage: 58.2% (en) or 58,2% (id); a dash when unknown."""
    return "-" if share is None else decimal(100 * share, lang, places) + "%"
