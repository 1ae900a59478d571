"""`mpptool report`: the figures, the four formats, both languages, and hostile catalog text.

Figures are checked against the seeds the bundled catalog records (Kab Cirebon: 1,867
visitors Aug 2023 - Feb 2024 = 8.8 a day) and the ministry's denominator (509). The goldens
(tests/golden/report-catalog.*) are `mpptool report catalog --as-of 2026-11-22`; regenerate
them with MPPTOOL_UPDATE_GOLDENS=1 python -m pytest tests/commands/test_report.py and review the diff.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import string
from html.parser import HTMLParser
from pathlib import Path

import pytest
from helpers import GOLDEN, REPO, assert_no_traceback, compare_golden, run_mpptool

from mpptool.commands.report import Report, report_paths
from mpptool.formats import ReportFormat, Style, render
from mpptool.formats.report.charts import CHART_NAMES
from mpptool.formats.report.csv import HEADER
from mpptool.formats.report.i18n import EN, ID, Lang, decimal, integer, percent
from mpptool.model import AuditSettings

AS_OF = "2026-11-22"
SETTINGS = AuditSettings(as_of=dt.date(2026, 11, 22))
GOLDENS = {
    ("markdown", "en"): "report-catalog.md",
    ("markdown", "id"): "report-catalog.id.md",
    ("json", "en"): "report-catalog.json",
    ("csv", "en"): "report-catalog.csv",
}


@pytest.fixture(scope="module")
def catalog_report() -> Report:
    return report_paths([str(REPO / "catalog")], SETTINGS)


@pytest.fixture(scope="module")
def catalog_json() -> dict:  # type: ignore[type-arg]
    run = run_mpptool("report", "catalog", "--as-of", AS_OF, "--format", "json")
    assert run.returncode == 0, run.describe()
    return run.json()


@pytest.mark.parametrize(("fmt", "lang"), sorted(GOLDENS))
def test_golden_report(fmt: str, lang: str) -> None:
    run = run_mpptool("report", "catalog", "--as-of", AS_OF, "--format", fmt, "--lang", lang)
    assert_no_traceback(run)
    assert run.returncode == 0 and run.stderr == "", run.describe()
    compare_golden(GOLDEN / GOLDENS[(fmt, lang)], run.stdout, "tests/commands/test_report.py")


def test_default_format_is_markdown_in_english() -> None:
    run = run_mpptool("report", "catalog", "--as-of", AS_OF)
    assert run.returncode == 0, run.describe()
    assert run.stdout == (GOLDEN / "report-catalog.md").read_text(encoding="utf-8")


# --- figures ---------------------------------------------------------------------------------


def _mpp(data: dict, ident: str) -> dict:  # type: ignore[type-arg]
    return next(mpp for mpp in data["mpps"] if mpp["id"] == ident)


def test_national_coverage_against_509(catalog_json: dict) -> None:  # type: ignore[type-arg]
    coverage = catalog_json["coverage"]
    assert coverage["mpps"] == {"total": 3, "operating": 3, "planned": 0, "closed": 0, "unknown_status": 0}
    assert coverage["local_governments"] == 509
    assert coverage["autonomous_kab_kota"] == 508
    assert coverage["provinces_running_units"] == ["Daerah Khusus Jakarta"]
    assert coverage["covered"] == 3
    assert coverage["share"] == round(3 / 509, 4)
    assert "509" in coverage["denominator_note"]


def test_seed_figures(catalog_json: dict) -> None:  # type: ignore[type-arg]
    assert [mpp["id"] for mpp in catalog_json["mpps"]] == ["kab-cirebon", "kota-cirebon", "kota-mojokerto"]
    cirebon = _mpp(catalog_json, "kab-cirebon")
    assert cirebon["visitors_per_day"] == 8.77  # 1,867 visitors over 213 days (seed 001)
    assert cirebon["agencies"] == {
        "vertical": 9,
        "soe": 9,
        "public_body": 2,
        "opd_local": 13,
        "opd_province": 2,
        "private": 2,
        "total": 37,
    }
    assert cirebon["services"] == 126
    assert cirebon["counters"]["empty"] == 7
    assert cirebon["digital"] == {"enabled": True, "services": ["ADM-10", "PRZ-05"]}
    assert cirebon["region"] == "32.09" and cirebon["province"] == "32"
    assert any(source["publisher"] == "ANTARA" for source in cirebon["sources"])
    assert _mpp(catalog_json, "kota-cirebon")["visitors_per_day"] == 34.33
    assert _mpp(catalog_json, "kota-mojokerto")["visitors_per_day"] is None


def test_finding_counts_match_the_audit(catalog_json: dict) -> None:  # type: ignore[type-arg]
    audit = run_mpptool("audit", "catalog", "--as-of", AS_OF, "--format", "json").json()
    for entry in audit["mpps"]:
        counts = _mpp(catalog_json, entry["id"])["findings"]
        assert counts["total"] == entry["findings"], entry["id"]
        for severity in ("error", "warning", "info"):
            assert counts["validation"][severity] + counts["audit"][severity] == entry["findings"][severity]
    # The C001 warning on Kab Cirebon's declared breakdown is a validation finding.
    assert _mpp(catalog_json, "kab-cirebon")["findings"]["validation"]["warning"] >= 1
    summary = catalog_json["summary"]
    assert (summary["errors"], summary["warnings"], summary["infos"]) == (
        audit["summary"]["errors"],
        audit["summary"]["warnings"],
        audit["summary"]["infos"],
    )


def test_milestones_are_the_packaged_ones(catalog_json: dict) -> None:  # type: ignore[type-arg]
    rows = {row["date"]: row for row in catalog_json["milestones"]}
    assert [row["mpps"] for row in catalog_json["milestones"]] == [59, 103, 175, 208, 272, 296, 305]
    assert rows["2025-09-24"]["share_of_local_governments"] == round(296 / 509, 4)
    assert rows["2025-09-24"]["reported_share_percent"] == 58
    assert {date for date, row in rows.items() if not row["verified"]} == {"2022-12", "2023-11"}
    assert all(row["source"] for row in catalog_json["milestones"])


def test_provinces_sum_to_the_denominator(catalog_json: dict) -> None:  # type: ignore[type-arg]
    provinces = catalog_json["provinces"]
    assert len(provinces) == 38
    assert sum(row["local_governments"] for row in provinces) == 509
    assert [row["code"] for row in provinces] == sorted(row["code"] for row in provinces)
    java_west = next(row for row in provinces if row["code"] == "32")
    assert java_west["mpps"] == {"operating": 2, "planned": 0}
    assert java_west["covered"] == 2 and java_west["kab_kota"] == 27
    jakarta = next(row for row in provinces if row["code"] == "31")
    assert (jakarta["kab_kota"], jakarta["local_governments"]) == (6, 1)


def test_service_type_coverage(catalog_json: dict) -> None:  # type: ignore[type-arg]
    types = catalog_json["service_types"]
    assert len(types) == 78
    assert all(row["operating_mpps"] == 3 for row in types)
    for row in types:
        assert row["share"] == round(len(row["offered_by"]) / 3, 4)
        assert row["offered_by"] == sorted(row["offered_by"])
    ktp = next(row for row in types if row["code"] == "ADM-01")
    assert ktp["offered_by"] == ["kab-cirebon", "kota-cirebon", "kota-mojokerto"]


def test_markdown_shows_the_seed_figures_per_language() -> None:
    english = (GOLDEN / "report-catalog.md").read_text(encoding="utf-8")
    indonesian = (GOLDEN / "report-catalog.id.md").read_text(encoding="utf-8")
    assert "3 of 509 = 0.6%" in english
    assert "3 dari 509 = 0,6%" in indonesian
    assert re.search(r"\| kab-cirebon .*\|\s+8\.8 \|\s+12\.2 \|", english)
    assert re.search(r"\| kab-cirebon .*\|\s+8,8 \|\s+12,2 \|", indonesian)
    assert "Cakupan nasional" in indonesian and "National coverage" in english


# --- province --------------------------------------------------------------------------------


def test_province_narrows_all_but_the_national_figures() -> None:
    run = run_mpptool("report", "catalog", "--as-of", AS_OF, "--format", "json", "--province", "32")
    assert run.returncode == 0, run.describe()
    data = run.json()
    assert data["scope"] == {"province": "32", "province_name": "Jawa Barat"}
    assert [mpp["id"] for mpp in data["mpps"]] == ["kab-cirebon", "kota-cirebon"]
    assert [row["code"] for row in data["provinces"]] == ["32"]
    assert data["coverage"]["mpps"]["operating"] == 3  # national stays national
    assert data["coverage"]["covered"] == 3
    assert len(data["milestones"]) == 7
    assert all(row["operating_mpps"] == 2 for row in data["service_types"])
    assert data["summary"]["files"] == 2


@pytest.mark.parametrize(("given", "suggested"), [("99", None), ("3", "32"), ("32.09", "32"), ("jawa barat", "32")])
def test_unknown_province_is_a_usage_error(given: str, suggested: str | None) -> None:
    run = run_mpptool("report", "catalog", "--province", given)
    assert_no_traceback(run)
    assert run.returncode == 2 and run.stdout == "", run.describe()
    assert "[E004]" in run.stderr and "--province" in run.stderr
    if suggested is not None:
        assert "did you mean" in run.stderr and suggested in run.stderr, run.stderr


def test_unknown_format_and_language_are_usage_errors() -> None:
    for args in (("--format", "pdf"), ("--lang", "fr"), ("--as-of", "22-11-2026")):
        run = run_mpptool("report", "catalog", *args)
        assert run.returncode == 2, run.describe()
        assert_no_traceback(run)


def test_output_file_is_written_and_never_over_an_input(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    run = run_mpptool("report", "catalog", "--as-of", AS_OF, "-f", "html", "-o", target)
    assert run.returncode == 0 and run.stdout == "", run.describe()
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    before = (REPO / "catalog" / "kab-cirebon.yaml").read_bytes()
    run = run_mpptool("report", "catalog", "-o", "catalog/kab-cirebon.yaml")
    assert run.returncode == 2, run.describe()
    assert (REPO / "catalog" / "kab-cirebon.yaml").read_bytes() == before


# --- languages -------------------------------------------------------------------------------


def _fields(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_languages_have_the_same_keys_and_placeholders() -> None:
    assert set(EN) == set(ID)
    for key in EN:
        assert _fields(EN[key]) == _fields(ID[key]), key
        assert EN[key].strip() and ID[key].strip(), key


def test_numbers_per_language() -> None:
    assert integer(1867, Lang.EN) == "1,867"
    assert integer(1867, Lang.ID) == "1.867"
    assert decimal(1867.54, Lang.EN) == "1,867.5"
    assert decimal(1867.54, Lang.ID) == "1.867,5"
    assert percent(296 / 509, Lang.EN) == "58.2%"
    assert percent(296 / 509, Lang.ID) == "58,2%"
    assert decimal(None, Lang.ID) == percent(None, Lang.EN) == "-"


def test_every_format_renders_in_every_language(catalog_report: Report) -> None:
    for fmt in ReportFormat:
        for lang in Lang:
            assert render(catalog_report, fmt, Style(lang=lang))


# --- HTML ------------------------------------------------------------------------------------


class _Page(HTMLParser):
    """Every start tag with its attributes, and the text of each chart's first <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _parse(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    page.close()
    return page


ALLOWED_TAGS = {
    "html", "head", "meta", "title", "style", "body", "main", "header", "section", "h1", "h2", "h3", "p", "ul",
    "li", "strong", "figure", "figcaption", "div", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "footer", "svg", "g", "line", "polyline", "circle", "rect", "path", "text", "dl", "dt", "dd",
}  # fmt: skip


def check_html(html: str) -> _Page:
    """The page's safety contract: known tags only, no script, no handlers, nothing external."""
    page = _parse(html)
    tags = {tag for tag, _ in page.tags}
    assert tags <= ALLOWED_TAGS, tags - ALLOWED_TAGS
    assert "<script" not in html.lower()
    for tag, attrs in page.tags:
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("src", "href", "xlink:href", "action", "formaction", "poster", "srcset"):
                raise AssertionError(f"resource reference in <{tag} {name}={value!r}>")
    assert not re.search(r"@import|url\(", html, re.IGNORECASE)
    assert [attrs.get("http-equiv") for tag, attrs in page.tags if tag == "meta" and "http-equiv" in attrs] == [
        "Content-Security-Policy"
    ]
    assert "default-src 'none'" in html
    assert sum(1 for tag, _ in page.tags if tag == "style") == 1
    return page


def check_charts(html: str) -> None:
    """Each chart once, as the browser test expects: svg.chart with a name, a size and a title."""
    page = _parse(html)
    charts = [attrs for tag, attrs in page.tags if tag == "svg"]
    assert sorted(str(attrs.get("data-chart")) for attrs in charts) == sorted(CHART_NAMES)
    for attrs in charts:
        assert attrs.get("class") == "chart" and attrs.get("role") == "img", attrs
        assert int(str(attrs["width"])) > 0 and int(str(attrs["height"])) > 0, attrs
        assert re.fullmatch(r"0 0 \d+ \d+", str(attrs.get("viewbox"))), attrs
        assert str(attrs.get("aria-label") or "").strip(), attrs
    for match in re.finditer(r'<svg class="chart"[^>]*>', html):
        assert html[match.end() :].startswith("<title>"), html[match.start() : match.end() + 40]


@pytest.mark.parametrize("lang", ["en", "id"])
def test_html_is_self_contained_with_its_charts(lang: str) -> None:
    run = run_mpptool("report", "catalog", "--as-of", AS_OF, "--format", "html", "--lang", lang)
    assert run.returncode == 0 and run.stderr == "", run.describe()
    html = run.stdout
    assert html.startswith("<!DOCTYPE html>") and html.rstrip().endswith("</html>")
    assert f'<html lang="{lang}">' in html
    assert "@media print" in html and "break-before: page" in html
    check_html(html)
    check_charts(html)
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)


def test_charts_are_drawn_without_mpps(tmp_path: Path) -> None:
    (tmp_path / "broken.yaml").write_text("schema_version: 1\nmpp: [\n", encoding="utf-8")
    report = report_paths([str(tmp_path)], SETTINGS)
    assert report.mpps == () and report.unreadable
    for lang in Lang:
        html = render(report, ReportFormat.HTML, Style(lang=lang))
        check_html(html)
        check_charts(html)


# --- hostile input ---------------------------------------------------------------------------

HOSTILE = {
    "script": "<script>alert(1)</script>",
    "svg": "</svg><img src=x onerror=alert(1)>",
    "pipe": "| pipe | more |",
    "formula": '=HYPERLINK("http://evil.example/","x")',
    "template": "{{ 7*7 }}{% if true %}yes{% endif %}",
    "mention": "@mention **bold** [link](http://evil.example/)",
    "terminal": "red\x1b[31m\x1b]0;title\x07\u202eevil",
}


def _hostile_catalog(folder: Path) -> Path:
    """Two MPPs whose every free-text field carries the hostile strings; one with a hostile id."""
    minimal = (REPO / "tests" / "fixtures" / "valid-minimal.yaml").read_text(encoding="utf-8")
    joined = " ".join(HOSTILE.values())

    def quoted(text: str) -> str:
        return json.dumps(text)  # a JSON string is a YAML double-quoted scalar

    hostile = (
        minimal.replace(
            "name: Mal Pelayanan Publik Gajah Mada Kota Mojokerto", f"name: {quoted(HOSTILE['svg'] + joined)}"
        )
        .replace("name: Dinas Kependudukan dan Pencatatan Sipil Kota Mojokerto", f"name: {quoted(HOSTILE['script'])}")
        .replace("name: Kepolisian Resor Mojokerto Kota", f"name: {quoted(HOSTILE['formula'])}")
        .replace(
            "- {publisher: mpptool tests, title: Minimal valid MPP file, date: 2024-04-01}",
            f"- {{publisher: {quoted(HOSTILE['formula'])}, title: {quoted(joined)}, date: 2024-04-01, "
            f"supports: [{', '.join(quoted(value) for value in HOSTILE.values())}]}}",
        )
        .replace(
            "  - {from: 2024-01-01, to: 2024-03-31, visitors: 5120}",
            f"  - {{from: 2024-01-01, to: 2024-03-31, visitors: 5120, source: {quoted(HOSTILE['pipe'])}}}",
        )
    )
    assert hostile.count(HOSTILE["script"]) >= 3, "the fixture changed: update the replacements"
    (folder / "hostile.yaml").write_text(hostile, encoding="utf-8")
    bad_id = (
        minimal.replace("id: kota-mojokerto", f"id: {quoted(HOSTILE['svg'] + HOSTILE['pipe'])}")
        .replace('region: "35.76"', 'region: "35.16"')
        .replace("name: Mal Pelayanan Publik Gajah Mada Kota Mojokerto", f"name: {quoted(HOSTILE['mention'])}")
    )
    (folder / "bad-id.yaml").write_text(bad_id, encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def hostile_report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    folder = _hostile_catalog(tmp_path_factory.mktemp("hostile"))
    report = report_paths([str(folder)], SETTINGS)
    assert len(report.mpps) == 2
    assert any(HOSTILE["script"] in row.name for row in report.mpps)
    assert any(HOSTILE["svg"] in row.id for row in report.mpps)
    return report


@pytest.mark.parametrize("lang", list(Lang))
def test_hostile_html(hostile_report: Report, lang: Lang) -> None:
    html = render(hostile_report, ReportFormat.HTML, Style(lang=lang))
    page = check_html(html)
    check_charts(html)
    text = "".join(page.text)
    assert HOSTILE["script"] in text  # shown as text, not run
    assert "{{ 7*7 }}" in text and "49" not in text.replace("2049", "")  # never evaluated
    assert "\x1b" not in html and "\u202e" not in html and "\\x1b" in text
    assert not re.search(r"<img|<script|</svg><img", html, re.IGNORECASE)


@pytest.mark.parametrize("lang", list(Lang))
def test_hostile_markdown(hostile_report: Report, lang: Lang) -> None:
    text = render(hostile_report, ReportFormat.MARKDOWN, Style(lang=lang))
    assert "<script" not in text and "<img" not in text and "<svg" not in text
    assert "@mention" not in text and "\x1b" not in text
    assert not re.search(r"(?<!\\)\]\(", text)  # no link: the ] is escaped
    unescaped_pipe = re.compile(r"(?<!\\)\|")
    tables: list[list[str]] = []
    previous = ""
    for line in text.splitlines():
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    assert len(tables) >= 6
    for table in tables:  # every row has as many cell borders as its header: no value added a column
        columns = len(unescaped_pipe.findall(table[0]))
        assert all(len(unescaped_pipe.findall(row)) == columns for row in table), table
    assert "\\| pipe \\| more \\|" in text


def test_hostile_csv(hostile_report: Report) -> None:
    text = render(hostile_report, ReportFormat.CSV, Style(lang=Lang.EN))
    assert "\x1b" not in text
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == list(HEADER) and len(rows) == 3
    for row in rows:
        assert len(row) == len(HEADER)
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")), cell
    assert all(line.endswith("\r") or not line for line in text.split("\n"))


def test_hostile_json(hostile_report: Report) -> None:
    text = render(hostile_report, ReportFormat.JSON, Style(lang=Lang.EN))
    assert text.isascii()
    data = json.loads(text)
    names = {mpp["name"] for mpp in data["mpps"]}
    assert HOSTILE["mention"] in names  # data is kept exactly; escaping is the reader's medium's job
    hostile = next(mpp for mpp in data["mpps"] if HOSTILE["script"] in mpp["name"])
    assert hostile["sources"][0]["supports"] == list(HOSTILE.values())
    assert hostile["metric_sources"] == [HOSTILE["pipe"]]


def test_hostile_strings_through_the_command_line(tmp_path: Path) -> None:
    folder = _hostile_catalog(tmp_path)
    for fmt in ReportFormat:
        run = run_mpptool("report", folder, "--format", fmt.value, "--as-of", AS_OF)
        assert_no_traceback(run)
        assert run.returncode == 0, run.describe()
        assert "\x1b" not in run.stdout


def test_large_catalogs_keep_the_charts_readable(catalog_report: Report) -> None:
    """Beyond 40 MPPs: one national agency bar, the 40 worst staffing gaps; the tables keep all."""
    from dataclasses import replace

    from mpptool.formats.report import charts as report_charts

    many = replace(catalog_report, mpps=catalog_report.mpps * 20)
    agencies = str(report_charts.agencies(many, Lang.EN))
    staffing = str(report_charts.staffing(many, Lang.EN))
    assert "all 60 MPPs" in agencies and agencies.count("kab-cirebon") == 0
    assert staffing.count("<rect") == report_charts.MAX_BARS
    assert "The 40 worst of 60 MPPs" in staffing
    html = render(many, ReportFormat.HTML, Style(lang=Lang.EN))
    check_charts(html)
    assert html.count("<td>kab-cirebon</td>") == 20 * 2  # the per-province detail table and the staffing table


def test_each_mpp_is_one_row_of_its_province(catalog_report: Report) -> None:
    """The HTML report's detail: one table, a run of rows per province (by code), one row per MPP (by id), the
    MPP table, agencies by category and findings side by side."""
    from mpptool.formats.report import view

    for lang, caption in (
        (Lang.EN, "32 Jawa Barat: 2 MPP(s), 2 operating"),
        (Lang.ID, "32 Jawa Barat: 2 MPP, 2 beroperasi"),
    ):
        table = view.mpp_details(catalog_report, lang)
        assert table.sections[0] == (caption, 2) and table.sections[1][0].startswith("35 Jawa Timur: 1 MPP")
        assert [row[0] for row in table.rows] == ["kab-cirebon", "kota-cirebon", "kota-mojokerto"]
        assert len({len(table.header), len(table.numeric), *(len(row) for row in table.rows)}) == 1
        assert sum(span for _, span in table.groups) == len(table.header)
        top, below = table.header_rows
        assert sum(cell.columns for cell in top) == len(table.header)
        assert len(top) + len(below) == len(table.header) + 2  # two group cells above their columns
    english = view.mpp_details(catalog_report, Lang.EN)
    cirebon = dict(zip(english.header, english.rows[0], strict=True))
    assert cirebon["Name (region)"] == "MPP Kabupaten Cirebon (32.09)"
    assert cirebon["Staff posted/planned"] == "52/63" and cirebon["Total"] == "37"
    assert cirebon["Audit"] == "20/22/3" and cirebon["MPP Digital"] == "ADM-10, PRZ-05"
    mojokerto = view.mpp_details(catalog_report, Lang.ID).rows[2]
    assert mojokerto[1] == "MPP Gajah Mada Kota Mojokerto (35.76)"


def test_compact_cells_lose_nothing() -> None:
    """Codes with a common prefix say it once; the long form of MPP is shortened only at the start of a name."""
    from mpptool.formats.report import view

    assert view.joined_codes(["ADM-01", "ADM-02", "PRZ-01", "ADM-03"]) == "ADM-01/02, PRZ-01, ADM-03"
    assert view.joined_codes(["X", "-1", "Y-", "A-B-1", "A-B-2"]) == "X, -1, Y-, A-B-1/2"
    assert view.joined_codes([]) == ""
    assert view.short_name("Mal Pelayanan Publik Kota Cirebon") == "MPP Kota Cirebon"
    assert view.short_name("MAL PELAYANAN PUBLIK Sumber") == "MPP Sumber"
    assert view.short_name("Gedung Mal Pelayanan Publik") == "Gedung Mal Pelayanan Publik"


def test_sources_are_grouped_by_province_and_counted(catalog_report: Report) -> None:
    """Each MPP's sources on lines of their own, what a source supports after it; a reported period's source once."""
    from dataclasses import replace

    from mpptool.formats.report import view

    groups = view.sources_by_province(catalog_report, Lang.EN)
    assert [heading for heading, _ in groups] == ["32 Jawa Barat", "35 Jawa Timur"]
    assert [ident for _, mpps in groups for ident, _ in mpps] == ["kab-cirebon", "kota-cirebon", "kota-mojokerto"]
    row = catalog_report.mpps[0]
    lines = view.source_entries(row, Lang.EN)
    assert len(lines) == len(row.sources) + (1 if row.metric_sources else 0)
    assert any("(supports: " in line for line in lines)
    assert any("(mendukung: " in line for line in view.source_entries(row, Lang.ID))
    twice = replace(row, metric_sources=("Queue app", "Monthly report", "Queue app"))
    assert view.source_entries(twice, Lang.EN)[-1] == "Reported periods: Queue app (2×); Monthly report"
    once = replace(row, metric_sources=("Queue app",))
    assert view.source_entries(once, Lang.ID)[-1] == "Periode yang dilaporkan: Queue app"


def test_a_partial_catalog_is_never_drawn_on_the_national_line(catalog_report: Report) -> None:
    """3 MPPs beside 305 would read as a collapse: a part of the country is said beside the line, labelled."""
    import dataclasses

    from mpptool.formats.report.charts import timeline
    from mpptool.formats.report.view import catalog_is_partial

    assert catalog_is_partial(catalog_report)
    for lang, words in ((Lang.EN, "covers part of the country"), (Lang.ID, "mencakup sebagian wilayah")):
        svg = str(timeline(catalog_report, lang))
        assert "<rect" not in svg and words in svg
    national = dataclasses.replace(
        catalog_report, coverage=dataclasses.replace(catalog_report.coverage, operating=300, covered=300)
    )
    assert not catalog_is_partial(national)
    svg = str(timeline(national, Lang.EN))
    assert "<rect" in svg and "this catalog: 300" in svg and "part of the country" not in svg


def test_the_province_map_has_every_province_once_shaded_by_coverage(catalog_report: Report) -> None:
    import dataclasses

    from mpptool.formats.report.charts import MAP_SHADES, coverage_class, province_map
    from mpptool.formats.report.tiles import TILES

    shares = (0.0, 0.01, 0.25, 0.26, 0.5, 0.75, 0.76, 0.99, 1.0)
    assert [coverage_class(s) for s in shares] == [0, 1, 1, 2, 2, 3, 4, 4, 5]
    assert {row.code for row in catalog_report.provinces} == set(TILES)  # the tiles are the reference's 38 provinces
    svg = str(province_map(catalog_report, Lang.EN))
    assert svg.count("<title>") == 1 + 38 and 'data-chart="province-map"' in svg
    jabar = next(row for row in catalog_report.provinces if row.code == "32")
    assert jabar.covered == 2 and f'fill="{MAP_SHADES[coverage_class(jabar.share or 0)]}"' in svg
    assert "Jawa Barat: 2 of 27 local governments (7.4%), 2 operating MPPs" in svg
    indonesian = str(province_map(catalog_report, Lang.ID))
    assert "Jawa Barat: 2 dari 27 pemerintah daerah (7,4%), 2 MPP beroperasi" in indonesian
    narrowed = dataclasses.replace(
        catalog_report, province="32", provinces=tuple(r for r in catalog_report.provinces if r.code == "32")
    )
    one = str(province_map(narrowed, Lang.EN))
    assert one.count("<title>") == 2 and one.count('stroke-dasharray="3 2"') == 37 + 1  # 37 outlines, 1 legend key


@pytest.mark.parametrize("path", ["catalog", "tests/broken"])
def test_the_briefing_says_only_what_audit_and_report_json_say(path: str) -> None:
    """Every figure of the executive summary, recomputed from `audit --format json` and the report's own
    per-MPP and per-province JSON: a briefing never says a number the details do not."""
    from collections import Counter

    audit = json.loads(run_mpptool("audit", path, "--as-of", "2026-11-22", "-f", "json", cwd=REPO).stdout)
    report = json.loads(run_mpptool("report", path, "--as-of", "2026-11-22", "-f", "json", cwd=REPO).stdout)
    brief = report["briefing"]
    operating = [m for m in audit["mpps"] if m["status"] == "operating"]
    assert brief["mpps"] == {
        "operating": len(operating),
        "planned": sum(1 for m in audit["mpps"] if m["status"] == "planned"),
        "closed": sum(1 for m in audit["mpps"] if m["status"] == "closed"),
    }
    assert brief["counters"] == {
        "total": sum(m["counters"]["total"] for m in operating),
        "empty": sum(m["counters"]["empty"] for m in operating),
        "part_time": sum(m["counters"]["part_time"] for m in operating),
    }
    readable = [m for m in operating if m["staff"]["required"] is not None and m["staff"]["assigned"] is not None]
    assert brief["staff"] == {
        "required": sum(m["staff"]["required"] for m in readable),
        "assigned": sum(m["staff"]["assigned"] for m in readable),
        "gap": sum(m["staff"]["gap"] for m in readable),
        "mpps_unreadable": len(operating) - len(readable),
    }
    assert brief["agencies_on_paper"] == {
        "agencies": sum(len(m["agencies_on_paper"]) for m in operating),
        "mpps": sum(1 for m in operating if m["agencies_on_paper"]),
    }
    assert brief["services"]["unreachable_in_person"] == sum(m["services_unreachable"] for m in operating)
    codes = Counter(f["code"] for f in audit["findings"])
    assert {r["code"]: r["findings"] for r in brief["rules"]} == dict(codes)
    assert [r["findings"] for r in brief["rules"]] == sorted(codes.values(), reverse=True)
    assert sorted(brief["low_throughput"]) == sorted(
        {f["mpp"] for f in audit["findings"] if f["code"] == "A010" and f["mpp"] in {m["id"] for m in operating}}
    )
    ranked = sorted((m for m in operating if m["to_fix"] > 0), key=lambda m: (-m["to_fix"], m["id"]))[:10]
    assert [(m["id"], m["to_fix"]) for m in brief["most_to_fix"]] == [(m["id"], m["to_fix"]) for m in ranked]
    gaps = sorted(
        (p for p in report["provinces"] if p["local_governments"] > p["covered"]),
        key=lambda p: (p["covered"] - p["local_governments"], p["share"] or 0, p["code"]),
    )[:10]
    assert [p["code"] for p in brief["furthest_from_coverage"]] == [p["code"] for p in gaps]


def test_summary_is_for_people() -> None:
    run = run_mpptool("report", "catalog", "-f", "json", "--summary", cwd=REPO)
    assert run.returncode == 2 and "E002" in run.stderr and "--summary" in run.stderr
