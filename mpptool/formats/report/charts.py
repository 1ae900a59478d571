"""The HTML report's charts, drawn as inline SVG in Python: no script, no network, no fonts.

Every chart is ``<svg class="chart" data-chart=NAME role="img" width height viewBox
aria-label>`` with a ``<title>`` first, NAME one of :data:`CHART_NAMES` (the browser test and
the page's readers rely on that). Every string placed in the SVG, labels and catalog text
alike, goes through :func:`markupsafe.escape`; numbers are formatted here. The result is
:class:`markupsafe.Markup`, so the autoescaping template inserts it as it is and nothing else.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence

from markupsafe import Markup, escape

from mpptool.commands.report import MppRow, Report
from mpptool.formats.report.i18n import Lang, integer, percent, words
from mpptool.formats.report.tiles import COLUMNS, ROWS, TILES
from mpptool.formats.report.view import catalog_is_partial, category_labels, emptiest, staffing_order
from mpptool.text.safe import safe
from mpptool.vocab.state import CATEGORIES

CHART_NAMES = ("coverage-timeline", "agencies-by-category", "staffing-gap", "province-map")
HEATMAP_NAME = "counter-activity"
"""With ``--activity``: one counters-by-weeks heatmap per MPP with evidence (``data-mpp`` names it)."""
WIDTH = 720
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00")
"""Okabe-Ito colours, told apart by colour-blind readers; one per agency category."""
MAX_BARS = 40
"""Beyond this many MPPs a chart would be metres long: agencies become one national bar, and the
staffing chart shows the worst; the tables beside them always list every MPP."""
INK = "#222222"
MUTED = "#767676"


def _esc(text: str) -> str:
    """Text for SVG: control and bidi characters shown as escapes, then markup escaped."""
    return str(escape(safe(text)))


def _clip(text: str, limit: int = 22) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(name: str, width: int, height: int, title: str, label: str, body: Sequence[str], extra: str = "") -> Markup:
    head = (
        f'<svg class="chart" data-chart="{_esc(name)}"{extra} role="img" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" aria-label="{_esc(label)}" preserveAspectRatio="xMinYMin meet">'
        f"<title>{_esc(title)}</title>"
    )
    return Markup(head + "".join(body) + "</svg>")


def _text(x: float, y: float, content: str, anchor: str = "start", extra: str = "") -> str:
    return f'<text x="{x:.1f}" y="{y:.1f}" text-anchor="{anchor}"{extra}>{_esc(content)}</text>'


def _no_data(name: str, title: str, lang: Lang) -> Markup:
    message = words(lang)["chart_no_data"]
    return _svg(name, WIDTH, 80, title, f"{title}: {message}", [_text(WIDTH / 2, 45, message, "middle")])


def _month(date: str) -> dt.date:
    """A reported date of any precision (``2022-06``, ``2024-12-12``) as a day, the first if partial."""
    parts = [int(part) for part in date.split("-")]
    return dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)


def timeline(report: Report, lang: Lang) -> Markup:
    """MPPs reported nationally over time, against the 509, with the catalog's own count."""
    t = words(lang)
    partial = catalog_is_partial(report)
    name, title = CHART_NAMES[0], t["chart_timeline"]
    points = []
    for row in report.milestones:
        try:
            points.append((_month(row.date), row.mpps, row.verified))
        except ValueError:
            continue
    if not points:
        return _no_data(name, title, lang)
    height, left, right, top, bottom = 300, 56, 150, 20, 40
    denominator = report.coverage.local_governments
    start = dt.date(min(point[0] for point in points).year, 1, 1)
    end = max(max(point[0] for point in points), report.as_of)
    end = dt.date(end.year + 1, 1, 1)
    span = (end - start).days or 1
    catalog = report.coverage.operating
    top_value = max(denominator, *(point[1] for point in points), 0 if partial else catalog) or 1
    plot_w, plot_h = WIDTH - left - right, height - top - bottom

    def x(day: dt.date) -> float:
        return left + plot_w * (day - start).days / span

    def y(value: float) -> float:
        return top + plot_h * (1 - value / top_value)

    body = [f'<g fill="{INK}" font-size="11">']
    for tick in range(0, top_value + 1, 100):
        body.append(f'<line x1="{left}" x2="{left + plot_w}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="#e5e5e5"/>')
        body.append(_text(left - 6, y(tick) + 4, integer(tick, lang), "end"))
    for year in range(start.year, end.year + 1):
        at = x(dt.date(year, 1, 1))
        body.append(f'<line x1="{at:.1f}" x2="{at:.1f}" y1="{top + plot_h}" y2="{top + plot_h + 4}" stroke="{INK}"/>')
        body.append(_text(at, top + plot_h + 18, str(year), "middle"))
    body.append(
        f'<line x1="{left}" x2="{left + plot_w}" y1="{y(denominator):.1f}" y2="{y(denominator):.1f}" '
        f'stroke="{MUTED}" stroke-dasharray="4 3"/>'
    )
    body.append(_text(left + plot_w + 6, y(denominator) + 4, f"{integer(denominator, lang)}"))
    line = " ".join(f"{x(day):.1f},{y(value):.1f}" for day, value, _ in points)
    body.append(f'<polyline points="{line}" fill="none" stroke="{PALETTE[0]}" stroke-width="2"/>')
    for day, value, verified in points:
        fill = PALETTE[0] if verified else "#ffffff"
        body.append(
            f'<circle cx="{x(day):.1f}" cy="{y(value):.1f}" r="4" fill="{fill}" stroke="{PALETTE[0]}" '
            f'stroke-width="2"><title>{_esc(day.isoformat()[:7])}: {_esc(integer(value, lang))}</title></circle>'
        )
        body.append(_text(x(day), y(value) - 9, integer(value, lang), "middle"))
    facts = {
        "catalog": integer(catalog, lang),
        "date": report.as_of.isoformat(),
        "covered": integer(report.coverage.covered, lang),
        "denominator": integer(denominator, lang),
    }
    if partial:  # a part of the country is said beside the national line, never drawn on its axis
        import textwrap

        note = textwrap.wrap(t["catalog_partial_note"].format(**facts), 78)  # ~430 px at 11 px: inside the plot
        for index, part in enumerate(note):  # under the 509 line, left, where the national line never climbs
            body.append(_text(left + 8, y(denominator) + 34 + 14 * index, part, extra=f' fill="{PALETTE[5]}"'))
    else:
        cx, cy = x(report.as_of), y(catalog)
        body.append(f'<rect x="{cx - 5:.1f}" y="{cy - 5:.1f}" width="10" height="10" fill="{PALETTE[5]}"/>')
        body.append(
            _text(cx - 8, cy - 8, f"{t['catalog_point']}: {integer(catalog, lang)}", "end", f' fill="{PALETTE[5]}"')
        )
    body.append(_text(left + 8, y(denominator) + 16, t["chart_unverified"], extra=f' fill="{MUTED}"'))
    body.append("</g>")
    values = [value for _, value, _ in points]
    label = t["chart_timeline_label_partial" if partial else "chart_timeline_label"].format(
        first=points[0][0].isoformat()[:7],
        last=points[-1][0].isoformat()[:7],
        low=integer(min(values), lang),
        high=integer(max(values), lang),
        catalog=integer(catalog, lang),
        date=report.as_of.isoformat(),
        denominator=integer(denominator, lang),
    )
    return _svg(name, WIDTH, height, title, label, body)


def agencies(report: Report, lang: Lang) -> Markup:
    """One stacked bar per MPP (one bar for them all beyond MAX_BARS): agencies by category."""
    t = words(lang)
    name, title = CHART_NAMES[1], t["chart_agencies"]
    if not report.mpps:
        return _no_data(name, title, lang)
    bars = [(row.id, row.agencies, row.agencies_total) for row in report.mpps]
    if len(bars) > MAX_BARS:
        totals = [(category, sum(dict(row.agencies)[category] for row in report.mpps)) for category in CATEGORIES]
        label = t["chart_all_mpps"].format(count=integer(len(bars), lang))
        bars = [(label, tuple(totals), sum(row.agencies_total for row in report.mpps))]
    labels = category_labels(lang)
    left, right, top, bar, gap = 170, 50, 10, 20, 10
    legend_top = top + len(bars) * (bar + gap) + 10
    height = legend_top + 20 * ((len(labels) + 2) // 3) + 10
    widest = max(sum(number for _, number in counts) for _, counts, _ in bars) or 1
    scale = (WIDTH - left - right) / widest
    body = [f'<g fill="{INK}" font-size="11">']
    for index, (ident, counts, total) in enumerate(bars):
        y = top + index * (bar + gap)
        body.append(_text(left - 8, y + bar * 0.7, _clip(ident), "end"))
        x = float(left)
        for (category, number), colour in zip(counts, PALETTE, strict=False):
            if not number:
                continue
            tip = f"{ident}: {labels[category]} {integer(number, lang)}"
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{number * scale:.1f}" height="{bar}" fill="{colour}">'
                f"<title>{_esc(tip)}</title></rect>"
            )
            x += number * scale
        body.append(_text(x + 6, y + bar * 0.7, integer(total, lang)))
    for index, (category, colour) in enumerate(zip(labels, PALETTE, strict=False)):
        lx, ly = left + (index % 3) * 180, legend_top + (index // 3) * 20
        body.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour}"/>')
        body.append(_text(lx + 18, ly + 10, labels[category]))
    body.append("</g>")
    return _svg(name, WIDTH, height, title, t["chart_agencies_label"], body)


def staffing(report: Report, lang: Lang) -> Markup:
    """One bar per MPP, worst first: staff planned minus staff posted."""
    t = words(lang)
    name, title = CHART_NAMES[2], t["chart_staffing"]
    ordered = staffing_order(report)
    if not ordered:
        return _no_data(name, title, lang)
    rows = ordered[:MAX_BARS]
    left, right, top, bar, gap = 170, 120, 10, 15, 5  # 40 bars fit a printed page beside the agencies chart
    height = top + len(rows) * (bar + gap) + (26 if len(ordered) > len(rows) else 10)
    worst = max(row.staff_gap or 0 for row in rows) or 1
    scale = (WIDTH - left - right) / worst
    body = [f'<g fill="{INK}" font-size="11">']
    for index, row in enumerate(rows):
        y = top + index * (bar + gap)
        body.append(_text(left - 8, y + bar * 0.7, _clip(row.id), "end"))
        width = (row.staff_gap or 0) * scale
        body.append(
            f'<rect x="{left}" y="{y}" width="{width:.1f}" height="{bar}" fill="{PALETTE[5]}">'
            f"<title>{_esc(f'{row.id}: {integer(row.staff_gap, lang)}')}</title></rect>"
        )
        planned = f"{integer(row.staff_assigned, lang)}/{integer(row.staff_required, lang)}"
        body.append(_text(left + width + 6, y + bar * 0.7, f"{integer(row.staff_gap, lang)} ({planned})"))
    body.append("</g>")
    items = ", ".join(f"{row.id} {integer(row.staff_gap, lang)}" for row in rows[:10])
    label = t["chart_staffing_label"].format(items=items)
    if len(ordered) > len(rows):
        label += " " + t["chart_worst_of"].format(shown=len(rows), count=integer(len(ordered), lang))
        body.insert(-1, _text(left, height - 4, t["chart_worst_of"].format(shown=len(rows), count=len(ordered))))
    return _svg(name, WIDTH, height, title, label, body)


HEAT_COLOURS = ("#800026", "#e31a1c", "#fd8d3c", "#feb24c", "#fed976", "#ffffcc")
"""ColorBrewer YlOrRd, darkest first: a week with no staffed day is alarming (dark), a week
staffed on every scheduled day is light; lightness alone carries the order, for colour-blind
readers and greyscale print."""
HEAT_BINS = ("0%", "1–24%", "25–49%", "50–74%", "75–99%", "100%")
"""The share each colour stands for (the legend)."""
HEAT_NONE = "#eeeeee"
"""A week without a scheduled day: grey with a diagonal hatch, told apart from any share."""
HEAT_HATCH = "#9a9a9a"


def heat_bin(share: float) -> int:
    """Which of :data:`HEAT_COLOURS` a share from 0 to 1 is drawn in: 0, under 25%, ..., 100%."""
    if share <= 0:
        return 0
    if share >= 1:
        return len(HEAT_COLOURS) - 1
    return 1 + min(3, int(share * 4))


def heatmap(row: MppRow, lang: Lang) -> Markup | None:
    """One MPP's counters (rows, catalog order) by weeks (columns, labelled by their Monday), each
    cell shaded by the share of the counter's scheduled days that week on which it called a
    ticket; None when the MPP has no usable log period.

    Drawn compactly, as 300 MPPs' heatmaps drawn a ``<rect>`` and a ``<title>`` per cell were 37 MB
    of HTML that no browser printed in 30 s: the commonest shade is one ground ``<rect>``, the cells
    of each other shade one ``<path>`` (a subpath each, row by row), and one white ``<path>`` draws
    the 1-pixel gaps between cells. Each counter's row is a transparent ``<rect>`` whose ``<title>``
    gives every week's share, a dash for a week with no scheduled day."""
    found = row.activity
    if found is None or found.weekly is None or not found.weeks or found.start is None or found.end is None:
        return None
    t = words(lang)
    months = t["month_names"].split()
    weeks = found.weeks
    counters = found.counters
    labels = [_clip(counter.id, 14) for counter in counters]
    left = max(48, 14 + 7 * max((len(label) for label in labels), default=4))
    right, top, row_h = 100, 34, 14
    cell_w = max(6, min(22, (WIDTH - left - right) // len(weeks)))
    grid_w = cell_w * len(weeks)
    grid_bottom = top + row_h * len(counters)
    legend_top = grid_bottom + 14
    width = max(left + grid_w + right, 640)
    height = legend_top + 46
    body = [f'<g fill="{INK}" font-size="11">']
    body.append(_text(left + grid_w + 8, top - 6, t["heat_right"], extra=f' fill="{MUTED}" font-size="10"'))
    for x, text in _month_ticks(weeks, found.start, left, cell_w, months):
        body.append(f'<line x1="{x}" x2="{x}" y1="{top - 12}" y2="{top - 1}" stroke="{MUTED}"/>')
        if text:
            body.append(_text(x + 2, top - 15, text))
    grid = [
        [shares[index] if index < len(shares) else None for index in range(len(weeks))]
        for shares in (found.weekly.get(counter.id, ()) for counter in counters)
    ]
    colours = [[HEAT_NONE if share is None else HEAT_COLOURS[heat_bin(share)] for share in line] for line in grid]
    ground = max(HEAT_COLOURS, key=lambda colour: sum(line.count(colour) for line in colours))
    shades: dict[str, list[str]] = {colour: [] for colour in (*HEAT_COLOURS, HEAT_NONE) if colour != ground}
    last: dict[str, tuple[int, int]] = {}
    hatch: list[str] = []
    rows: list[str] = []
    for position, (counter, label, line) in enumerate(zip(counters, labels, grid, strict=True)):
        y = top + position * row_h
        body.append(_text(left - 6, y + row_h - 3.5, label, "end"))
        index = 0
        for colour, run in itertools.groupby(colours[position]):
            length = len(list(run))
            x = left + index * cell_w
            index += length
            if colour == ground:
                continue
            before = last.get(colour)
            move = f"M{x} {y}" if before is None else f"m{x - before[0]} {y - before[1]}"
            shades[colour].append(f"{move}h{length * cell_w}v{row_h}h-{length * cell_w}z")
            last[colour] = (x, y)
            if colour == HEAT_NONE:
                hatch.extend(f"M{x + k * cell_w} {y + row_h - 1}l{cell_w - 1} {1 - row_h}" for k in range(length))
        tip = t["heat_row"].format(counter=counter.id, first=weeks[0].isoformat(), shares=_runs(line, lang))
        rows.append(
            f'<rect x="{left}" y="{y}" width="{grid_w}" height="{row_h}" fill="none" pointer-events="all" '
            f'data-counter="{_esc(counter.id)}"><title>{_esc(tip)}</title></rect>'
        )
        empty = f"{integer(len(counter.empty_days), lang)}/{integer(counter.scheduled_days, lang)}"
        body.append(_text(left + grid_w + 8, y + row_h - 3.5, empty))
    body.append(
        f'<g class="cells" data-weeks="{len(weeks)}" data-cell="{cell_w} {row_h}">'
        f'<rect class="ground" x="{left}" y="{top}" width="{grid_w}" height="{grid_bottom - top}" fill="{ground}"/>'
    )
    body.extend(f'<path fill="{colour}" d="{"".join(parts)}"/>' for colour, parts in shades.items() if parts)
    if hatch:
        body.append(f'<path class="hatch" fill="none" stroke="{HEAT_HATCH}" d="{"".join(hatch)}"/>')
    gaps = [f"M{left + index * cell_w - 0.5} {top}v{grid_bottom - top}" for index in range(1, len(weeks) + 1)]
    gaps += [f"M{left} {top + index * row_h - 0.5}h{grid_w}" for index in range(1, len(counters) + 1)]
    body.append(f'<path class="gaps" fill="none" stroke="#ffffff" d="{"".join(gaps)}"/>')
    body.append("</g>")
    body.append(f'<g class="rows">{"".join(rows)}</g>')
    body.append(_legend(left, legend_top, t["heat_legend"], t["heat_none"]))
    body.append("</g>")
    worst = emptiest(found, 3)
    items = ", ".join(f"{ident} {integer(days, lang)}" for ident, days in worst) or t["heat_items_none"]
    label = t["chart_heatmap_label"].format(
        counters=integer(len(counters), lang),
        weeks=integer(len(weeks), lang),
        first=weeks[0].isoformat(),
        last=weeks[-1].isoformat(),
        items=items,
    )
    title = f"{row.id}: {t['chart_heatmap']}"
    return _svg(HEATMAP_NAME, width, height, title, label, body, f' data-mpp="{_esc(row.id)}"')


def _runs(shares: Sequence[float | None], lang: Lang) -> str:
    """`100% ×12, 80%, -, 100% ×39`: each week's share (a dash for none scheduled), a run of equal
    ones once with how many weeks it lasts."""
    shown = ("-" if share is None else percent(share, lang, 0) for share in shares)
    return ", ".join(
        text if (count := len(list(run))) == 1 else f"{text} ×{count}" for text, run in itertools.groupby(shown)
    )


def _month_ticks(
    weeks: Sequence[dt.date], start: dt.date, left: int, cell_w: int, months: Sequence[str]
) -> list[tuple[int, str]]:
    """A tick where a new month begins (a week belongs to the month of its Monday, the first week to
    the period's first day), labelled when there is room; the first label and January's carry the year."""
    ticks: list[tuple[int, dt.date]] = []
    for index, monday in enumerate(weeks):
        shown = max(monday, start)
        if not ticks or (ticks[-1][1].year, ticks[-1][1].month) != (shown.year, shown.month):
            ticks.append((left + index * cell_w, shown))
    labelled: list[tuple[int, dt.date]] = []
    for x, day in ticks:
        if labelled and x - labelled[-1][0] < 44:
            if labelled[-1][0] != left:
                continue
            labelled.pop()  # a first month of a week or two gives its label to the next one
        labelled.append((x, day))
    names = {}
    for position, (x, day) in enumerate(labelled):
        name = months[day.month - 1]
        names[x] = f"{name} {day.year}" if position == 0 or day.month == 1 else name
    return [(x, names.get(x, "")) for x, _ in ticks]


def _legend(left: int, top: int, caption: str, none: str) -> str:
    """The heatmap's key: one swatch per share band, darkest first, then the hatched blank."""
    parts = [f'<g class="legend">{_text(left, top + 10, caption)}']
    x = left
    for colour, band in zip(HEAT_COLOURS, HEAT_BINS, strict=True):
        parts.append(f'<rect x="{x}" y="{top + 18}" width="14" height="14" fill="{colour}" stroke="#cccccc"/>')
        parts.append(_text(x + 18, top + 29, band))
        x += 30 + 7 * len(band)
    parts.append(f'<rect x="{x}" y="{top + 18}" width="14" height="14" fill="{HEAT_NONE}" stroke="#cccccc"/>')
    parts.append(f'<line x1="{x}" y1="{top + 32}" x2="{x + 14}" y2="{top + 18}" stroke="{HEAT_HATCH}"/>')
    parts.append(_text(x + 18, top + 29, none))
    parts.append("</g>")
    return "".join(parts)


MAP_SHADES = ("#f2f2f2", "#c6dbef", "#9ecae1", "#6baed6", "#3182bd", "#08519c")
"""Coverage classes, light to dark (ColorBrewer Blues): none, up to 25%, 50%, 75%, under 100%, all."""


SMALL = ' font-size="8"'
"""A long short name (``Gorontalo``, ``Bengkulu``) in a smaller type, to fit its 40-pixel tile."""


def coverage_class(share: float) -> int:
    """The shade of a province's coverage: 0 for none, 1-4 by quarter, 5 for every local government."""
    if share <= 0:
        return 0
    if share >= 1:
        return 5
    return min(4, 1 + int(share * 4 - 1e-9))


def province_map(report: Report, lang: Lang) -> Markup:
    """The 38 provinces as tiles placed by geography, shaded by the share of their local governments with
    an operating MPP in the catalog; each tile labelled and titled with its figures, a legend below, and the
    province table after it holds every number."""
    t = words(lang)
    name, title = CHART_NAMES[3], t["chart_map"]
    rows = {row.code: row for row in report.provinces}
    tile, gap, left, top = 40, 4, 8, 8
    legend_top = top + ROWS * (tile + gap) + 8
    height, width = legend_top + 44, max(WIDTH, left + COLUMNS * (tile + gap))
    body = ['<g font-size="9">']
    for code, (column, line, short) in sorted(TILES.items()):
        x, y = left + column * (tile + gap), top + line * (tile + gap)
        row = rows.get(code)
        if row is None or row.share is None:  # outside --province, or a province with no local government
            body.append(
                f'<rect x="{x}" y="{y}" width="{tile}" height="{tile}" fill="none" stroke="{MUTED}" '
                'stroke-dasharray="3 2"/>'
            )
            body.append(_text(x + tile / 2, y + tile / 2 + 3, short, "middle", f' fill="{MUTED}" font-size="8"'))
            continue
        shade = coverage_class(row.share)
        ink = "#ffffff" if shade >= 4 else INK
        tip = t["map_tile"].format(
            name=row.name,
            covered=integer(row.covered, lang),
            total=integer(row.local_governments, lang),
            share=percent(row.share, lang),
            operating=integer(row.operating, lang),
        )
        body.append(
            f'<g><title>{_esc(tip)}</title><rect x="{x}" y="{y}" width="{tile}" height="{tile}" '
            f'fill="{MAP_SHADES[shade]}" stroke="#ffffff"/>'
            + _text(x + tile / 2, y + 17, short, "middle", f' fill="{ink}"' + (SMALL if len(short) > 7 else ""))
            + _text(x + tile / 2, y + 30, percent(row.share, lang), "middle", f' fill="{ink}"')
            + "</g>"
        )
    labels = [t["map_none"], "≤ 25%", "≤ 50%", "≤ 75%", "< 100%", "100%"]  # as coverage_class cuts
    for index, (colour, label) in enumerate(zip(MAP_SHADES, labels, strict=True)):
        x = left + index * 92
        body.append(f'<rect x="{x}" y="{legend_top}" width="14" height="14" fill="{colour}" stroke="{MUTED}"/>')
        body.append(_text(x + 18, legend_top + 11, label, extra=f' fill="{INK}" font-size="11"'))
    if report.province is not None:
        body.append(
            f'<rect x="{left}" y="{legend_top + 22}" width="14" height="14" fill="none" stroke="{MUTED}" '
            'stroke-dasharray="3 2"/>'
        )
        body.append(_text(left + 18, legend_top + 33, t["map_outside"], extra=f' fill="{MUTED}" font-size="11"'))
    body.append("</g>")
    shaded = [row for row in report.provinces if row.share is not None]
    label = t["map_label"].format(
        any=integer(sum(1 for row in shaded if row.covered), lang),
        count=integer(len(shaded), lang),
        full=integer(sum(1 for row in shaded if row.share is not None and row.share >= 1), lang),
    )
    return _svg(name, width, height, title, label, body)
