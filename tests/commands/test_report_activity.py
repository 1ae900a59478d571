"""`mpptool report --activity`: the queue-log evidence in every report format, and the heatmap.

The goldens (tests/golden/activity/report.*) are `mpptool report catalog --activity
examples/activity --as-of 2026-11-22` in each format; regenerate them with
MPPTOOL_UPDATE_GOLDENS=1 python -m pytest tests/commands/test_report_activity.py and review the
diff. Without --activity the report is what it was: the goldens of tests/commands/test_report.py
prove it byte for byte, and the tests here that no key, column, section or import is added. The
heatmap as a browser draws it is checked in tests/formats/test_report_browser.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from dataclasses import replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from helpers import GOLDEN, REPO, assert_no_traceback, compare_golden, run_mpptool
from test_report import HOSTILE, check_html

from mpptool.activity.evidence import CounterEvidence, MppEvidence
from mpptool.commands.report import MppRow, Report, report_paths
from mpptool.formats import ReportFormat, Style, render
from mpptool.formats.report import charts as report_charts
from mpptool.formats.report.csv import ACTIVITY_HEADER, HEADER
from mpptool.formats.report.i18n import Lang
from mpptool.model import AuditSettings

AS_OF = "2026-11-22"
LOGS = "examples/activity"
REPORT = ("report", "catalog", "--as-of", AS_OF, "--activity", LOGS)
TEST_FILE = "tests/commands/test_report_activity.py"
GOLDENS = {
    ("markdown", "en"): "report.md",
    ("markdown", "id"): "report.id.md",
    ("json", "en"): "report.json",
    ("csv", "en"): "report.csv",
    ("html", "en"): "report.html",
}
HEATMAP = report_charts.HEATMAP_NAME


def _run(*args: str) -> Any:
    run = run_mpptool(*REPORT, *args, timeout=60)
    assert_no_traceback(run)
    assert run.returncode == 0 and run.stderr == "", run.describe()
    return run


@pytest.fixture(scope="module")
def report_json() -> dict[str, Any]:
    return dict(_run("--format", "json").json())


@pytest.fixture(scope="module")
def audit_json() -> dict[str, Any]:
    run = run_mpptool("audit", "catalog", "--as-of", AS_OF, "--activity", LOGS, "--format", "json", timeout=60)
    assert run.returncode == 0, run.describe()
    return run.json()


@pytest.fixture(scope="module")
def report_html() -> str:
    return str(_run("--format", "html").stdout)


@pytest.mark.parametrize(("fmt", "lang"), sorted(GOLDENS))
def test_golden_report_with_activity(fmt: str, lang: str) -> None:
    run = _run("--format", fmt, "--lang", lang)
    compare_golden(GOLDEN / "activity" / GOLDENS[(fmt, lang)], run.stdout, TEST_FILE)


# --- without --activity: nothing changes -------------------------------------------------------


def _keys(data: object) -> set[str]:
    if isinstance(data, dict):
        return set(data) | {key for value in data.values() for key in _keys(value)}
    if isinstance(data, list):
        return {key for value in data for key in _keys(value)}
    return set()


def test_without_activity_nothing_is_added() -> None:
    """The goldens of test_report.py hold every format byte for byte; here, the shape itself."""
    data = run_mpptool("report", "catalog", "--as-of", AS_OF, "--format", "json").json()
    assert "activity" not in _keys(data)
    rows = list(csv.reader(io.StringIO(run_mpptool("report", "catalog", "--as-of", AS_OF, "-f", "csv").stdout)))
    assert rows[0] == list(HEADER)
    for fmt in ("markdown", "html"):
        text = run_mpptool("report", "catalog", "--as-of", AS_OF, "--format", fmt).stdout
        assert "Queue-log evidence" not in text and HEATMAP not in text and 'id="activity"' not in text


IMPORTS = """
import sys
from mpptool.cli import main
sys.argv = ["mpptool", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    assert not done.code, done.code
print(sorted(name for name in sys.modules if name == "duckdb" or name.startswith("mpptool.activity")))
"""


def test_duckdb_is_imported_only_with_activity(tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    command = [sys.executable, "-c", IMPORTS]
    plain = run_mpptool("report", "catalog", "--as-of", AS_OF, "-f", "html", "-o", out, command=command)
    assert plain.returncode == 0, plain.describe()
    assert plain.stdout.strip() == "[]", plain.stdout
    logs = run_mpptool(*REPORT, "-f", "html", "-o", out, command=command, timeout=60)
    assert logs.returncode == 0, logs.describe()
    assert "'duckdb'" in logs.stdout, logs.stdout


# --- the figures ---------------------------------------------------------------------------------


def test_json_carries_the_contract_per_mpp(report_json: dict[str, Any], audit_json: dict[str, Any]) -> None:
    """Each MPP's `activity` is the contract's object, the same as `audit --activity` gives."""
    audited = {mpp["id"]: mpp["activity"] for mpp in audit_json["mpps"]}
    reported = {mpp["id"]: mpp["activity"] for mpp in report_json["mpps"]}
    assert reported == audited
    assert reported["kota-mojokerto"] is None  # no log row names it
    assert reported["kota-cirebon"]["served"] == 8412 and reported["kab-cirebon"]["served"] == 1867


def test_json_summary_adds_the_counter_days(report_json: dict[str, Any], audit_json: dict[str, Any]) -> None:
    summary = report_json["activity"]
    assert {key: summary[key] for key in audit_json["activity"]} == audit_json["activity"]
    evidence = [mpp["activity"] for mpp in report_json["mpps"] if mpp["activity"] is not None]
    scheduled = sum(counter["scheduled_days"] for found in evidence for counter in found["counters"])
    empty = sum(len(counter["empty_days"]) for found in evidence for counter in found["counters"])
    assert (summary["scheduled_counter_days"], summary["empty_counter_days"]) == (scheduled, empty) == (7502, 3971)
    assert summary["mpps_with_logs"] == 2 and summary["mpp_closed_days"] == 1
    assert list(report_json) == sorted(report_json)


def test_findings_count_as_the_audit_counts_them(report_json: dict[str, Any], audit_json: dict[str, Any]) -> None:
    """V findings are counted on the audit side of the report's split, and the totals match the audit's."""
    for entry in audit_json["mpps"]:
        counts = next(mpp for mpp in report_json["mpps"] if mpp["id"] == entry["id"])["findings"]
        assert counts["total"] == entry["findings"], entry["id"]
    assert any(f["code"].startswith("V") and f["mpp"] == "kota-cirebon" for f in audit_json["findings"])
    kota = next(mpp for mpp in report_json["mpps"] if mpp["id"] == "kota-cirebon")
    assert kota["findings"]["validation"]["warning"] == 0 and kota["findings"]["audit"]["warning"] >= 3


def test_csv_adds_the_evidence_columns() -> None:
    rows = list(csv.DictReader(io.StringIO(_run("--format", "csv").stdout, newline="")))
    assert list(rows[0]) == [*HEADER, *ACTIVITY_HEADER]
    by_id = {row["id"]: row for row in rows}
    kota = by_id["kota-cirebon"]
    assert (kota["activity_from"], kota["activity_to"]) == ("2024-12-30", "2025-08-29")
    assert (kota["activity_served"], kota["activity_closed_days"]) == ("8412", "1")
    assert (kota["activity_scheduled_counter_days"], kota["activity_empty_counter_days"]) == ("2310", "112")
    assert all(by_id["kota-mojokerto"][column] == "" for column in ACTIVITY_HEADER)


def test_markdown_summary_in_both_languages() -> None:
    english = _run("--format", "markdown").stdout
    indonesian = _run("--format", "markdown", "--lang", "id").stdout
    assert "## Queue-log evidence" in english and "## Bukti log antrean" in indonesian
    assert "- Empty counter-days: 3,971 of 7,502 scheduled = 52.9%." in english
    assert "- Hari-gerai kosong: 3.971 dari 7.502 yang terjadwal = 52,9%." in indonesian
    assert "no log row names kota-mojokerto" in english
    worst = english.index("| kab-cirebon  | 2023-08-01")
    assert worst < english.index("| kota-cirebon | 2024-12-30")  # most empty counter-days first


def test_province_keeps_the_run_rows_and_narrows_the_counter_days() -> None:
    east_java = _run("--format", "json", "--province", "35").json()
    assert east_java["activity"]["rows"] == 11202  # the logs read, whatever the province
    assert east_java["activity"]["mpps_with_logs"] == 0
    assert east_java["activity"]["scheduled_counter_days"] == 0
    markdown = _run("--format", "markdown", "--province", "35").stdout
    assert "No MPP in scope is named by a log row." in markdown
    assert "whatever the province" in markdown
    html = _run("--format", "html", "--province", "35").stdout
    check_html(html)
    assert f'data-chart="{HEATMAP}"' not in html


def test_log_period_options_reach_the_report() -> None:
    data = _run("--format", "json", "--from", "2025-07-01", "--to", "2025-07-31").json()
    kota = next(mpp["activity"] for mpp in data["mpps"] if mpp["id"] == "kota-cirebon")
    assert (kota["from"], kota["to"]) == ("2025-07-01", "2025-07-31")
    assert kota["closed_days"] == ["2025-07-17"]
    assert data["activity"]["rows_outside_period"] > 0


def test_log_options_need_activity() -> None:
    for option, value in (
        ("--from", "2025-01-01"),
        ("--to", "2025-01-01"),
        ("--sheet", "x"),
        ("--memory-limit", "1GB"),
    ):
        run = run_mpptool("report", "catalog", option, value)
        assert_no_traceback(run)
        assert run.returncode == 2 and "E002" in run.stderr and "--activity" in run.stderr, run.describe()


def test_output_never_replaces_a_log(tmp_path: Path) -> None:
    folder = tmp_path / "logs"
    folder.mkdir()
    log = folder / "kota-cirebon.csv"
    original = (REPO / LOGS / "kota-cirebon.csv").read_bytes()
    log.write_bytes(original)
    for given in (log, folder):  # the file itself, and a file found in a folder given
        run = run_mpptool("report", "catalog", "--activity", given, "-f", "csv", "-o", log, timeout=60)
        assert run.returncode == 2 and "E003" in run.stderr, run.describe()
        assert log.read_bytes() == original


# --- the heatmap ---------------------------------------------------------------------------------


class _Heatmaps(HTMLParser):
    """Each heatmap's attributes, its drawing (ground, shade paths, rows with their tooltips), its legend
    swatches and first title; :func:`heatmaps` rebuilds the cells from the drawing."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.maps: list[dict[str, Any]] = []
        self._stack: list[str] = []
        self._title: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        self._stack.append(tag if tag != "g" else f"g.{found.get('class') or ''}")
        if tag == "svg" and found.get("data-chart") == HEATMAP:
            self.maps.append({"attrs": found, "grid": {}, "shapes": [], "rows": [], "legend": 0, "title": None})
        elif not self.maps or "svg" not in self._stack:
            return
        elif tag == "g" and found.get("class") == "cells":
            self.maps[-1]["grid"] = found
        elif tag == "rect" and "g.cells" in self._stack:
            self.maps[-1]["ground"] = found
        elif tag == "path" and "g.cells" in self._stack and not found.get("class"):
            self.maps[-1]["shapes"].append(found)
        elif tag == "rect" and "g.rows" in self._stack:
            self.maps[-1]["rows"].append({"counter": found.get("data-counter"), "tip": ""})
        elif tag == "rect" and "g.legend" in self._stack:
            self.maps[-1]["legend"] += 1
        elif tag == "title":
            self._title = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._title is not None and self.maps:
            text = "".join(self._title)
            heatmap = self.maps[-1]
            if heatmap["title"] is None:
                heatmap["title"] = text
            elif "g.rows" in self._stack and heatmap["rows"]:
                heatmap["rows"][-1]["tip"] = text
            self._title = None
        if self._stack:
            self._stack.pop()

    def handle_data(self, data: str) -> None:
        if self._title is not None:
            self._title.append(data)


_SUBPATH = re.compile(r"([Mm])(-?[\d.]+) (-?[\d.]+)h(\d+)v(\d+)h-(\d+)z")
_RUN = re.compile(r"(-|\d+%)(?: ×(\d+))?")


def _shares(tip: str) -> list[float | None]:
    """A row tooltip's week-by-week shares (``100% ×12, 80%, -``), one per week; percentages as fractions."""
    shares: list[float | None] = []
    for item in tip.rsplit(": ", 1)[1].split(", "):
        match = _RUN.fullmatch(item)
        assert match is not None, item
        value = None if match.group(1) == "-" else int(match.group(1)[:-1]) / 100
        shares.extend([value] * int(match.group(2) or 1))
    return shares


def _rebuild(heatmap: dict[str, Any]) -> list[dict[str, Any]]:
    """The cells, row by row: the ground's shade unless a shade path covers them, the row's tooltip and share."""
    weeks = int(heatmap["grid"]["data-weeks"])
    cell_w, row_h = (int(number) for number in heatmap["grid"]["data-cell"].split())
    ground = heatmap["ground"]
    left, top = int(ground["x"]), int(ground["y"])
    fills = [[ground["fill"]] * weeks for _ in heatmap["rows"]]
    for shape in heatmap["shapes"]:
        x = y = 0.0
        for move, dx, dy, across, high, back in _SUBPATH.findall(shape["d"]):
            x, y = (float(dx), float(dy)) if move == "M" else (x + float(dx), y + float(dy))
            assert across == back and int(high) == row_h and int(across) % cell_w == 0, shape["d"]
            row, column = int((y - top) / row_h), int((x - left) / cell_w)
            for week in range(column, column + int(across) // cell_w):
                fills[row][week] = shape["fill"]
    cells = []
    for row, line in zip(heatmap["rows"], fills, strict=True):
        shares = _shares(row["tip"])
        assert len(shares) == weeks, row
        cells.extend(
            {"fill": fill, "share": share, "tip": row["tip"]} for fill, share in zip(line, shares, strict=True)
        )
    return cells


def heatmaps(html: str) -> list[dict[str, Any]]:
    parser = _Heatmaps()
    parser.feed(html)
    parser.close()
    for heatmap in parser.maps:
        heatmap["cells"] = _rebuild(heatmap)
    return parser.maps


def _shades(share: float) -> set[str]:
    """The shades a share shown rounded to a whole percent may have been drawn in."""
    return {report_charts.HEAT_COLOURS[report_charts.heat_bin(min(1, max(0, share + d)))] for d in (-0.005, 0, 0.005)}


def _mondays(start: str, end: str) -> list[str]:
    first, last = dt.date.fromisoformat(start), dt.date.fromisoformat(end)
    monday = first - dt.timedelta(days=first.weekday())
    weeks = []
    while monday <= last:
        weeks.append(monday.isoformat())
        monday += dt.timedelta(days=7)
    return weeks


def test_html_draws_one_heatmap_per_mpp_with_logs(report_html: str, report_json: dict[str, Any]) -> None:
    check_html(report_html)
    found = heatmaps(report_html)
    assert [item["attrs"]["data-mpp"] for item in found] == ["kab-cirebon", "kota-cirebon"]  # most empty first
    for item in found:
        evidence = next(mpp["activity"] for mpp in report_json["mpps"] if mpp["id"] == item["attrs"]["data-mpp"])
        counters = [counter["id"] for counter in evidence["counters"]]
        weeks = _mondays(evidence["from"], evidence["to"])
        attrs = item["attrs"]
        assert attrs["class"] == "chart" and attrs["role"] == "img", attrs
        assert "aria-label" in attrs and f"{len(counters)} counters over {len(weeks)} weeks" in attrs["aria-label"]
        assert item["title"].startswith(f"{attrs['data-mpp']}: ")
        assert int(attrs["width"]) <= 760 and int(attrs["height"]) > 14 * len(counters)
        assert [row["counter"] for row in item["rows"]] == counters
        assert int(item["grid"]["data-weeks"]) == len(weeks)
        assert len(item["cells"]) == len(counters) * len(weeks)  # counters (rows) by weeks (columns)
        assert item["legend"] == len(report_charts.HEAT_COLOURS) + 1  # every band, and the hatched blank
        for position, cell in enumerate(item["cells"]):
            counter = counters[position // len(weeks)]
            assert cell["tip"].startswith(f"{counter}, share of scheduled days staffed, week by week from {weeks[0]}")
            if cell["share"] is None:
                assert cell["fill"] == report_charts.HEAT_NONE, cell
            else:
                assert cell["fill"] in _shades(cell["share"]), cell
    kota = found[1]["cells"]
    assert any(cell["share"] is None for cell in kota)  # the Lebaran week: no scheduled day
    b04 = [cell for cell in kota if cell["tip"].startswith("B04,") and cell["share"] is not None]
    assert max(cell["share"] for cell in b04) < 1  # the planted empty counter is never fully staffed


def test_html_evidence_section_in_both_languages(report_html: str) -> None:
    assert '<section id="activity" class="page">' in report_html and "Queue-log evidence" in report_html
    assert "How to read the heatmaps" in report_html
    assert "<td>kab-cirebon</td>" in report_html and "Data table: kota-cirebon" in report_html
    indonesian = _run("--format", "html", "--lang", "id").stdout
    check_html(indonesian)
    assert "Bukti log antrean" in indonesian and "Cara membaca peta panas" in indonesian
    assert "minggu mulai 2024-12-30" in indonesian and "Jan 2025" in indonesian
    assert len(heatmaps(indonesian)) == 2


def test_heat_bins() -> None:
    bins = [report_charts.heat_bin(share) for share in (0, 0.2, 0.25, 0.4, 0.5, 0.6, 0.75, 0.8, 0.99, 1)]
    assert bins == [0, 1, 2, 2, 3, 3, 4, 4, 4, 5]
    assert len(set(report_charts.HEAT_COLOURS)) == len(report_charts.HEAT_COLOURS)
    assert report_charts.HEAT_NONE not in report_charts.HEAT_COLOURS


# --- hostile and large ---------------------------------------------------------------------------


def _evidence(ident: str, counters: list[str], weeks: int, start: dt.date = dt.date(2024, 1, 1)) -> MppEvidence:
    mondays = tuple(start + dt.timedelta(days=7 * index) for index in range(weeks))
    end = mondays[-1] + dt.timedelta(days=4)
    shares = (0.0, 0.2, None, 0.6, 1.0, 0.8)
    return MppEvidence(
        id=ident,
        start=start,
        end=end,
        rows=10,
        rows_used=10,
        served=9,
        no_show=1,
        cancelled=0,
        open_days=5 * weeks,
        closed_days=(),
        visitors_per_open_day=1.0,
        wait_p50_min=None,
        wait_p90_min=None,
        service_p50_min=None,
        counters=tuple(CounterEvidence(name, 5 * weeks, 4 * weeks, (start,), 3, 0.5, 10.0) for name in counters),
        weeks=mondays,
        weekly={name: tuple(shares[(i + n) % len(shares)] for i in range(weeks)) for n, name in enumerate(counters)},
    )


@pytest.fixture(scope="module")
def catalog_report() -> Report:
    return report_paths([str(REPO / "catalog")], AuditSettings(as_of=dt.date(2026, 11, 22)))


def _with_evidence(report: Report, rows: list[MppRow]) -> Report:
    from mpptool.activity.run import ActivityResult
    from mpptool.commands.report import ActivitySummary

    logs = ActivityResult(("logs/<q>.csv",), (), 10, 10, 0, 0, {}, (), {})
    found = [row.activity for row in rows if row.activity is not None]
    summary = ActivitySummary(
        logs,
        tuple(row.id for row in rows),
        (),
        sum(item.scheduled_counter_days for item in found),
        sum(item.empty_counter_days for item in found),
        0,
    )
    return replace(report, mpps=tuple(rows), activity=summary)


@pytest.mark.parametrize("lang", list(Lang))
def test_hostile_counter_ids_are_escaped(catalog_report: Report, lang: Lang) -> None:
    base = catalog_report.mpps[0]
    counters = [HOSTILE["script"], HOSTILE["svg"], HOSTILE["terminal"], HOSTILE["template"]]
    row = replace(base, id=HOSTILE["svg"], activity=_evidence(HOSTILE["svg"], counters, 6))
    report = _with_evidence(catalog_report, [row])
    html = render(report, ReportFormat.HTML, Style(lang=lang))
    page = check_html(html)
    text = "".join(page.text)
    assert HOSTILE["script"] in text and "\x1b" not in html and "\u202e" not in html
    assert not re.search(r"<img|<script|</svg><img", html, re.IGNORECASE)
    assert heatmaps(html)[0]["attrs"]["data-mpp"] == HOSTILE["svg"]  # an attribute value, not markup
    assert len(heatmaps(html)[0]["cells"]) == 4 * 6
    assert "{{ 7*7 }}" in text and "\\x1b" in text
    markdown = render(report, ReportFormat.MARKDOWN, Style(lang=lang))
    assert "<script" not in markdown and "<svg" not in markdown and "\x1b" not in markdown
    data = json.loads(render(report, ReportFormat.JSON, Style(lang=lang)))
    assert [counter["id"] for counter in data["mpps"][0]["activity"]["counters"]] == counters  # data kept exactly


def test_large_heatmaps_stay_readable(catalog_report: Report) -> None:
    """~38 counters by ~35 weeks fit the page; two years of weeks narrow the cells, never vanish them."""
    for weeks, counters in ((35, 38), (104, 60)):
        names = [f"C{index:02d}" for index in range(counters)]
        row = replace(catalog_report.mpps[0], activity=_evidence("m", names, weeks))
        drawn = report_charts.heatmap(row, Lang.EN)
        assert drawn is not None
        svg = str(drawn)
        width = int(re.search(r'width="(\d+)"', svg).group(1))  # type: ignore[union-attr]
        assert svg.count("<title>") == 1 + counters  # the chart's, and one per counter's row
        cell = int(re.search(r'<g class="cells" [^>]*data-cell="(\d+) ', svg).group(1))  # type: ignore[union-attr]
        assert cell >= 5 and (width <= 760 if weeks <= 40 else width <= 1000), (weeks, width, cell)


def test_no_heatmap_without_a_usable_period(catalog_report: Report) -> None:
    unused = replace(_evidence("m", ["A01"], 1), start=None, end=None, weeks=(), weekly=None)
    row = replace(catalog_report.mpps[0], activity=unused)
    assert report_charts.heatmap(row, Lang.EN) is None
    html = render(_with_evidence(catalog_report, [row]), ReportFormat.HTML, Style(lang=Lang.EN))
    check_html(html)
    assert "none usable" in html and f'data-chart="{HEATMAP}"' not in html
