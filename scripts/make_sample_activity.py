#!/usr/bin/env python3
"""Generate the ILLUSTRATIVE queue logs in ``examples/activity/`` for the bundled catalog.

The logs are synthetic: no queue machine (*mesin antrean*) produced them and they are not an
export from any MPP. They exist so that ``mpptool audit catalog --activity`` has a realistic
sample to run on, and so that tests know exactly what the audit must find. Every row says so
in its ``note`` column (``ILUSTRATIF: data sintetis, bukan ekspor mesin antrean asli``).

Output (one row per ticket; columns as in the activity contract, ``activity-format.md``):

- ``examples/activity/kota-cirebon.csv``: 2024-12-30 (soft launch) to 2025-08-31.
- ``examples/activity/kab-cirebon.csv``: 2023-08-01 to 2024-02-29.

Kota Mojokerto gets no log: its catalog reports no visitor figures to be consistent with.

Columns ``mpp,counter,ticket,service,issued_at,called_at,finished_at,status,note``; local time
(both MPPs are in Jawa Barat, province 32: WIB) as ``YYYY-MM-DD HH:MM:SS`` without an offset,
empty when absent. ``served`` rows have all three times; ``no_show`` rows were called but not
served (no ``finished_at``); ``cancelled`` rows were never called: no counter, no ``called_at``.
Tickets are numbered per MPP and day with the zone letter of the counter they were for
(``A001``, ``B001``...), in the order they were issued.

What the logs agree with (the catalog's facts are read from ``catalog/*.yaml``):

- served tickets over each catalog ``metrics`` period equal its reported visitors exactly:
  Kota Cirebon 8,412 (2024-12-30 to 2025-08-31; seed 002 and ANTARA Jawa Barat), Kabupaten
  Cirebon 1,867 (2023-08-01 to 2024-02-29; seed 001, ANTARA 2024-03-04);
- tickets only on the MPP's ``hours.days``, never before ``mpp.opened``, never on a public
  holiday or collective leave day (cuti bersama) of Indonesia, as the ``holidays`` library
  lists them (``categories=("public", "government")``; generated with holidays 0.109);
- every ticket called within the opening hours (08:00-15:00);
- counters that are ``empty``/``closed``/``planned``, have ``staff.assigned: 0`` or
  ``staffed_days: []`` never call a ticket, and no ticket is issued for their services;
  a counter with ``staffed_days`` calls tickets on those weekdays only;
- a ticket's service is one offered at that counter (``services[].counters``, ``counter``
  channel); every such service at a counter that calls tickets is served at least once;
- in Kota Cirebon, the services of the two agencies announced for 2025 start on the date
  their agreement was signed (catalog ``agreement.signed``): Imigrasi on 2025-02-17 (MoU),
  BPJS Kesehatan on 2025-03-10 (PKS); their counters (B04, D01) serve the other agency
  before that.

Planted in Kota Cirebon (so that the audit has something to find; tests rely on these):

- counter **A05** (DPUTR dan DPRKP, one of two staff posted) has no ticket at all on 12
  scheduled days: 2025-01-16, 2025-01-20, 2025-01-24, 2025-02-06, 2025-02-26, 2025-03-20,
  2025-05-14, 2025-06-02, 2025-06-16, 2025-07-28, 2025-08-07, 2025-08-26;
- counter **B05** (KPP Pratama Cirebon Satu, one staff) has no ticket at all on 10 scheduled
  days, four of them in the March tax-return season: 2025-01-09, 2025-01-10, 2025-01-15,
  2025-02-20, 2025-03-04, 2025-03-05, 2025-03-20, 2025-03-25, 2025-05-06, 2025-06-05;
- **2025-07-17** (a Thursday, no holiday) is an MPP closed day: no ticket at all was issued.

Every other scheduled counter-day of a Kota Cirebon counter that calls tickets has at least
one called ticket (B04 only on Tuesdays and Thursdays, its ``staffed_days``).

Kabupaten Cirebon plants nothing, but 1,867 visitors over 145 open days is about 13 a day for
31 counters that call tickets: Disdukcapil A01 and A02, DPMPTSP A04, Polresta B01, BPJS
Kesehatan D01 and Samsat E01 call tickets on every open day; the other counters only on some
days (the quiet MPP of seeds 001 and 004), so the audit finds many empty counter-days there.
Counters A11, A12, A15, B08, C05, D04 and E02 never appear; there is no MPP closed day.

Demand is weighted by counter (population administration, Samsat, BPJS and immigration
busiest), lower on Fridays (and around Friday prayers), higher in the morning and on the first
day after a long break. About 6% of tickets on top of the served ones are no-shows and about
3% are cancelled. Waits (``called_at - issued_at``) are mostly 2-40 minutes with a tail;
service times (``finished_at - called_at``) 3-25 minutes.

Deterministic: one ``random.Random(2025)``, so running it twice writes byte-identical files.
Standard library only, plus ``holidays``.

Usage: ``python scripts/make_sample_activity.py [--check]``; ``--check`` writes nothing and
exits 1 when the files on disk differ from what the script would write.
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime as dt
import io
import math
import os
import random
import re
import sys
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import holidays

ROOT = Path(__file__).resolve().parents[1]
CATALOG_DIR = ROOT / "catalog"
OUTPUT_DIR = ROOT / "examples" / "activity"
SEED = 2025
COLUMNS = ("mpp", "counter", "ticket", "service", "issued_at", "called_at", "finished_at", "status", "note")
NOTE = "ILUSTRATIF: data sintetis, bukan ekspor mesin antrean asli"
WEEK = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
WIB_PROVINCES = ("31", "32", "33", "34", "35", "36")
"""Java's provinces (among others) keep WIB; the logs are written in WIB local time."""

WAIT_MEDIAN = 8.0
"""Minutes from taking a ticket to being called when nobody is ahead (lognormal median)."""
WAIT_SIGMA = 0.75
SERVICE_SIGMA = 0.4
FRIDAY = 0.7
"""Demand on a Friday relative to other days."""
AFTER_BREAK = 1.35
"""Demand on the first open day after four or more closed days."""


# --------------------------------------------------------------------------- the catalog


@dataclass(frozen=True)
class Counter:
    id: str
    status: str
    agencies: tuple[str, ...]
    days: tuple[str, ...] | None
    staffed: tuple[str, ...] | None
    assigned: int | None
    open_min: int | None = None
    close_min: int | None = None


@dataclass(frozen=True)
class Service:
    id: str
    agency: str
    counters: tuple[str, ...]
    channels: tuple[str, ...]


@dataclass
class Catalog:
    """The few facts of a catalog file the sample must agree with."""

    id: str = ""
    region: str = ""
    opened: dt.date | None = None
    days: tuple[str, ...] = ()
    open_min: int = 0
    close_min: int = 0
    counters: list[Counter] = field(default_factory=list)
    services: list[Service] = field(default_factory=list)
    signed: dict[str, dt.date] = field(default_factory=dict)
    metrics: list[tuple[dt.date, dt.date, int]] = field(default_factory=list)

    def counter_days(self, counter: Counter) -> tuple[str, ...]:
        """Weekdays on which the counter calls tickets: its days (else the MPP's), cut to staffed_days."""
        days = counter.days if counter.days is not None else self.days
        if counter.staffed is not None:
            days = tuple(day for day in days if day in counter.staffed)
        return days

    def calls_tickets(self, counter: Counter) -> bool:
        """Active, someone posted, and not monitored as never staffed."""
        return (
            counter.status == "active"
            and counter.assigned != 0
            and counter.staffed != ()
            and bool(self.counter_days(counter))
        )

    def services_at(self, counter_id: str) -> list[Service]:
        """Services offered in person at the counter, in catalog order."""
        return [s for s in self.services if "counter" in s.channels and counter_id in s.counters]


def _strip_comment(line: str) -> str:
    """The line without a trailing ``# comment`` (a ``#`` outside quotes, after a space)."""
    quote = ""
    for index, char in enumerate(line):
        if quote:
            if char == quote:
                quote = ""
        elif char in "\"'":
            quote = char
        elif char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[:index].rstrip()
    return line.rstrip()


def _flow_list(value: str, where: str) -> tuple[str, ...]:
    """``[a, b]`` as ``("a", "b")``; anything else stops the script (the scanner reads flow style only)."""
    match = re.fullmatch(r"\[(.*)\]", value.strip())
    if not match:
        raise SystemExit(f"make_sample_activity: {where}: expected a [flow, list], got {value!r}")
    return tuple(item.strip().strip("\"'") for item in match.group(1).split(",") if item.strip())


def _minute(value: str) -> int:
    hours, minutes = value.split(":")
    return int(hours) * 60 + int(minutes)


def _hours(value: str, where: str) -> tuple[tuple[str, ...] | None, int | None, int | None]:
    days = re.search(r"days: (\[[^\]]*\])", value)
    opens = re.search(r"open: \"?(\d\d:\d\d)", value)
    closes = re.search(r"close: \"?(\d\d:\d\d)", value)
    if not value.startswith("{"):
        raise SystemExit(f"make_sample_activity: {where}: expected hours as a {{flow: map}}")
    return (
        _flow_list(days.group(1), where) if days else None,
        _minute(opens.group(1)) if opens else None,
        _minute(closes.group(1)) if closes else None,
    )


def read_catalog(path: Path) -> Catalog:
    """Scan the catalog's plain subset (standard library only) for what the sample depends on.

    The bundled catalogs write ids, days, counters, channels, staff, hours and agreements in
    flow style on one line; anything else stops the script rather than being guessed.
    """
    catalog = Catalog()
    section = ""
    item: dict[str, str] = {}
    items: dict[str, list[dict[str, str]]] = {"agencies": [], "services": [], "counters": []}
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = _strip_comment(raw)
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        if top := re.fullmatch(r"([a-z_]+):(.*)", line):
            section = top.group(1)
            continue
        if section == "mpp" and (key := re.fullmatch(r"  ([a-z_]+): (.+)", line)):
            name, value = key.group(1), key.group(2).strip()
            if name == "id":
                catalog.id = value
            elif name == "region":
                catalog.region = value.strip("\"'")
            elif name == "opened":
                catalog.opened = dt.date.fromisoformat(value)
            elif name == "hours":
                days, opens, closes = _hours(value, where)
                if days is None or opens is None or closes is None:
                    raise SystemExit(f"make_sample_activity: {where}: mpp.hours needs days, open and close")
                catalog.days, catalog.open_min, catalog.close_min = days, opens, closes
        elif section in items:
            if start := re.fullmatch(r"  - id: (\S+)", line):
                item = {"id": start.group(1)}
                items[section].append(item)
            elif key := re.fullmatch(r"    ([a-z_]+):(.*)", line):
                item[key.group(1)] = key.group(2).strip()
        elif section == "metrics" and line.startswith("  - "):
            found = re.search(r"from: (\d{4}-\d\d-\d\d), to: (\d{4}-\d\d-\d\d), visitors: (\d+)", line)
            if not found:
                raise SystemExit(f"make_sample_activity: {where}: expected a one-line metrics entry")
            first, last = dt.date.fromisoformat(found.group(1)), dt.date.fromisoformat(found.group(2))
            catalog.metrics.append((first, last, int(found.group(3))))
    for agency in items["agencies"]:
        if signed := re.search(r"signed: (\d{4}-\d\d-\d\d)", agency.get("agreement", "")):
            catalog.signed[agency["id"]] = dt.date.fromisoformat(signed.group(1))
    for entry in items["services"]:
        where = f"{path.name}: service {entry['id']}"
        catalog.services.append(
            Service(
                entry["id"],
                entry.get("agency", ""),
                _flow_list(entry["counters"], where) if "counters" in entry else (),
                _flow_list(entry["channels"], where) if "channels" in entry else (),
            )
        )
    for entry in items["counters"]:
        where = f"{path.name}: counter {entry['id']}"
        assigned = re.search(r"assigned: (\d+)", entry.get("staff", ""))
        _, opens, closes = _hours(entry["hours"], where) if "hours" in entry else (None, None, None)
        catalog.counters.append(
            Counter(
                entry["id"],
                entry.get("status", ""),
                _flow_list(entry.get("agencies", "[]"), where),
                _flow_list(entry["days"], where) if "days" in entry else None,
                _flow_list(entry["staffed_days"], where) if "staffed_days" in entry else None,
                int(assigned.group(1)) if assigned else None,
                opens,
                closes,
            )
        )
    if not (catalog.id and catalog.days and catalog.counters and catalog.services):
        raise SystemExit(f"make_sample_activity: {path.name}: could not read mpp, hours, counters or services")
    return catalog


# --------------------------------------------------------------------------- the plan


@dataclass(frozen=True)
class Desk:
    """What the sample invents about one counter: relative daily demand and median service minutes."""

    weight: float
    minutes: float


@dataclass(frozen=True)
class Plan:
    """How one MPP's sample is drawn: everything here is illustrative, except the period and total."""

    catalog: str
    period: tuple[dt.date, dt.date]
    served: int
    desks: dict[str, Desk]
    """Every counter that calls tickets, and only those (checked against the catalog)."""
    every_day: tuple[str, ...] | None
    """Counters with at least one served ticket on each of their days; None: all of them."""
    no_show: float
    cancelled: float
    month: dict[str, float] = field(default_factory=dict)
    boost: dict[tuple[str, str], float] = field(default_factory=dict)
    """(counter, YYYY-MM) -> demand factor."""
    joins: tuple[str, ...] = ()
    """Agencies whose services start on the day their agreement was signed."""
    empty: dict[str, tuple[dt.date, ...]] = field(default_factory=dict)
    """Planted: counter -> days with no ticket at all."""
    closed: tuple[dt.date, ...] = ()
    """Planted: scheduled days on which no ticket at all was issued."""


def _days(*values: str) -> tuple[dt.date, ...]:
    return tuple(dt.date.fromisoformat(value) for value in values)


SERVICE_WEIGHT = {
    # where the catalog order (first is commonest) is not a good guess
    "paspor-baru": 5.0,
    "paspor-elektronik": 2.5,
    "paspor-penggantian": 1.5,
    "konsultasi-kepabeanan": 0.6,
    "nppbkc-asistensi": 0.3,
    "jkn-ubah-data": 3.0,
    "jkn-daftar": 2.0,
    "jkn-informasi": 2.0,
    "bpjstk-bpu": 1.2,
    "bpjstk-perusahaan": 0.4,
    "jht-klaim": 2.2,
    "ikd": 0.8,
    "skck-perpanjangan": 1.3,
    "izin-keramaian": 0.2,
}

PLANS = (
    Plan(
        catalog="kota-cirebon.yaml",
        period=(dt.date(2024, 12, 30), dt.date(2025, 8, 31)),
        served=8412,
        desks={
            "A01": Desk(14.0, 11.0),  # Disdukcapil
            "A02": Desk(6.0, 14.0),  # DPMPTSP
            "A03": Desk(2.5, 10.0),  # Dinkes, Dinsos
            "A04": Desk(3.0, 9.0),  # Disnaker (AK1), DKUKMPP
            "A05": Desk(1.5, 15.0),  # DPUTR, DPRKP
            "A06": Desk(4.0, 9.0),  # Bapenda (PBB)
            "B01": Desk(3.0, 13.0),  # Kantor Pertanahan
            "B02": Desk(2.0, 12.0),  # Kemenag
            "B03": Desk(6.0, 8.0),  # Polres (SKCK)
            "B04": Desk(14.0, 14.0),  # Imigrasi, Bea Cukai: Tuesdays and Thursdays
            "B05": Desk(2.0, 10.0),  # KPP Pratama
            "C01": Desk(10.0, 7.0),  # Samsat
            "C02": Desk(3.0, 6.0),  # bank bjb
            "C03": Desk(3.0, 8.0),  # PLN, PDAM
            "D01": Desk(8.0, 9.0),  # BPJS
        },
        every_day=None,
        no_show=0.063,
        cancelled=0.029,
        # soft launch in the last days of 2024, growing through 2025
        month={
            "2024-12": 0.55,
            "2025-01": 0.7,
            "2025-02": 0.85,
            "2025-03": 0.95,
            "2025-07": 1.15,
            "2025-08": 1.1,
        },
        boost={("B05", "2025-03"): 2.0},  # annual tax returns are due at the end of March
        joins=("imigrasi-cirebon", "bpjs-kesehatan"),
        empty={
            "A05": _days(
                "2025-01-16",
                "2025-01-20",
                "2025-01-24",
                "2025-02-06",
                "2025-02-26",
                "2025-03-20",
                "2025-05-14",
                "2025-06-02",
                "2025-06-16",
                "2025-07-28",
                "2025-08-07",
                "2025-08-26",
            ),
            "B05": _days(
                "2025-01-09",
                "2025-01-10",
                "2025-01-15",
                "2025-02-20",
                "2025-03-04",
                "2025-03-05",
                "2025-03-20",
                "2025-03-25",
                "2025-05-06",
                "2025-06-05",
            ),
        },
        closed=_days("2025-07-17"),
    ),
    Plan(
        catalog="kab-cirebon.yaml",
        period=(dt.date(2023, 8, 1), dt.date(2024, 2, 29)),
        served=1867,
        desks={
            "A01": Desk(10.0, 11.0),  # Disdukcapil: KTP-el, KIA
            "A02": Desk(6.0, 12.0),  # Disdukcapil: KK, pindah datang
            "A03": Desk(4.0, 12.0),  # Disdukcapil: akta, IKD
            "A04": Desk(5.0, 14.0),  # DPMPTSP: perizinan berusaha
            "A05": Desk(3.0, 12.0),  # DPMPTSP: nonberusaha, tenaga kesehatan
            "A06": Desk(4.0, 9.0),  # Bappenda
            "A07": Desk(1.0, 10.0),  # Dinkes: Mondays and Wednesdays
            "A08": Desk(2.0, 9.0),  # Disnaker
            "A09": Desk(2.0, 10.0),  # Dinsos
            "A10": Desk(0.6, 12.0),  # Dishub: Tuesdays and Thursdays
            "A13": Desk(0.5, 15.0),  # Dinas Koperasi dan UKM: Monday to Wednesday
            "A14": Desk(0.4, 8.0),  # Kesbangpol, Perpustakaan
            "B01": Desk(5.0, 8.0),  # Polresta: SKCK
            "B02": Desk(4.0, 9.0),  # Polresta: SIM, Monday to Thursday
            "B03": Desk(3.0, 13.0),  # Kantor Pertanahan
            "B04": Desk(1.5, 10.0),  # KPP Pratama Sumber: Mon, Wed, Thu
            "B05": Desk(2.0, 12.0),  # Kemenag
            "B06": Desk(1.0, 15.0),  # Pengadilan Agama: Mon, Wed
            "B07": Desk(0.8, 10.0),  # Pengadilan Negeri: Thursdays
            "B09": Desk(0.3, 15.0),  # Bea Cukai: Wednesdays
            "C01": Desk(1.5, 8.0),  # PLN
            "C02": Desk(1.0, 8.0),  # Perumdam Tirta Jati
            "C03": Desk(2.0, 6.0),  # bank bjb
            "C04": Desk(1.0, 7.0),  # BRI
            "C06": Desk(0.5, 7.0),  # Bank Mandiri: Mon, Tue
            "C07": Desk(0.7, 5.0),  # Pos Indonesia
            "C08": Desk(1.0, 10.0),  # Taspen: Tue, Thu
            "D01": Desk(4.0, 9.0),  # BPJS Kesehatan
            "D02": Desk(3.0, 10.0),  # BPJS Ketenagakerjaan
            "D03": Desk(0.6, 8.0),  # BCA
            "E01": Desk(8.0, 7.0),  # Samsat
        },
        every_day=("A01", "A02", "A04", "B01", "D01", "E01"),
        no_show=0.058,
        cancelled=0.022,
        month={"2023-12": 0.85, "2024-02": 0.9},
    ),
)
"""Kota Cirebon first: the order the single random stream is used in."""


# --------------------------------------------------------------------------- drawing


@dataclass
class Ticket:
    counter: str
    service: str
    status: str
    issued: int = 0
    """Seconds after local midnight; so are called and finished."""
    called: int | None = None
    finished: int | None = None


def holiday_set(period: tuple[dt.date, dt.date]) -> holidays.HolidayBase:
    """Indonesia's public holidays and collective leave days over the period's years."""
    years = range(period[0].year, period[1].year + 1)
    return holidays.country_holidays("ID", years=years, categories=("public", "government"))


def open_days(catalog: Catalog, period: tuple[dt.date, dt.date]) -> list[dt.date]:
    """Days the MPP is scheduled to open: its weekdays, after it opened, not a holiday."""
    closed = holiday_set(period)
    days, day = [], period[0]
    while day <= period[1]:
        opened = catalog.opened is None or day >= catalog.opened
        if WEEK[day.weekday()] in catalog.days and opened and day not in closed:
            days.append(day)
        day += dt.timedelta(days=1)
    return days


def service_weights(services: Sequence[Service]) -> list[float]:
    """Relative demand of the services at one counter: commoner first in the catalog, unless named."""
    return [SERVICE_WEIGHT.get(s.id, 1.0 / (index + 1) ** 0.7) for index, s in enumerate(services)]


def check_plan(plan: Plan, catalog: Catalog, days: Sequence[dt.date]) -> None:
    """Stop when the plan and the catalog disagree (the catalog changed: the plan must follow)."""
    name = plan.catalog
    wanted = [(start, end, visitors) for start, end, visitors in catalog.metrics if (start, end) == plan.period]
    if wanted != [(plan.period[0], plan.period[1], plan.served)]:
        raise SystemExit(f"make_sample_activity: {name}: no metrics entry {plan.period} with {plan.served} visitors")
    if catalog.region.split(".")[0] not in WIB_PROVINCES:
        raise SystemExit(f"make_sample_activity: {name}: region {catalog.region} is not in WIB")
    calling = [c.id for c in catalog.counters if catalog.calls_tickets(c)]
    if sorted(calling) != sorted(plan.desks):
        raise SystemExit(f"make_sample_activity: {name}: desks {sorted(plan.desks)} != calling counters {calling}")
    for agency in plan.joins:
        if agency not in catalog.signed:
            raise SystemExit(f"make_sample_activity: {name}: {agency} has no agreement date")
    by_id = {c.id: c for c in catalog.counters}
    for counter, dates in plan.empty.items():
        for day in dates:
            if day not in days or day in plan.closed or WEEK[day.weekday()] not in catalog.counter_days(by_id[counter]):
                raise SystemExit(f"make_sample_activity: {name}: planted {counter} {day} is not a scheduled day")
    for day in plan.closed:
        if day not in days:
            raise SystemExit(f"make_sample_activity: {name}: planted closed day {day} is not a scheduled day")


def draw_issue_minute(rng: random.Random, day: dt.date, opens: int, closes: int) -> float:
    """When a ticket is taken: a morning peak over a flat day, fewer at lunch and Friday prayers."""
    while True:
        peak = rng.random() < 0.65
        minute = rng.gauss(opens + 100, 55) if peak else rng.uniform(opens - 10, closes - 40)
        if not opens - 10 <= minute <= closes - 40:
            continue
        if day.weekday() == 4 and opens + 195 <= minute < opens + 315 and rng.random() < 0.75:
            continue  # Friday prayers, 11:15 to 13:15
        if opens + 240 <= minute < opens + 300 and rng.random() < 0.45:
            continue  # lunch (istirahat), 12:00 to 13:00
        return minute


def run_day(
    rng: random.Random,
    day: dt.date,
    tickets: list[Ticket],
    servers: int,
    minutes: float,
    opens: int,
    closes: int,
) -> None:
    """Give one counter's tickets of one day their times: first come, first called, ``servers`` staff."""
    for _attempt in range(200):
        rng.shuffle(tickets)
        issued = sorted(draw_issue_minute(rng, day, opens, closes) for _ in tickets)
        free = [float(opens)] * servers
        last_called = 0.0
        late = False
        for ticket, taken in zip(tickets, issued, strict=True):
            ticket.issued = round(taken * 60)
            ticket.called = ticket.finished = None
            if ticket.status == "cancelled":
                continue
            wait = min(max(rng.lognormvariate(math.log(WAIT_MEDIAN), WAIT_SIGMA), 1.5), 150.0)
            ready = taken + wait
            if ready < opens:
                ready = opens + rng.uniform(0.3, 6.0)
            server = min(range(servers), key=free.__getitem__)
            called = max(ready, free[server] + rng.uniform(0.2, 1.2), last_called + rng.uniform(0.1, 0.6))
            if called > closes - 1:
                late = True
                break
            last_called = called
            ticket.called = max(round(called * 60), ticket.issued + 30)
            if ticket.status == "served":
                service = min(max(rng.lognormvariate(math.log(minutes), SERVICE_SIGMA), 3.0), 25.0)
                ticket.finished = ticket.called + round(service * 60)
                free[server] = ticket.finished / 60
            else:  # no_show: called twice, then skipped
                free[server] = called + rng.uniform(1.0, 3.0)
        if not late:
            return
    raise SystemExit(f"make_sample_activity: {day}: cannot fit {len(tickets)} tickets in the day")


def draw_mpp(rng: random.Random, plan: Plan) -> tuple[Catalog, list[dt.date], list[tuple[dt.date, Ticket]]]:
    """Every ticket of one MPP over the plan's period, unnumbered."""
    catalog = read_catalog(CATALOG_DIR / plan.catalog)
    days = open_days(catalog, plan.period)
    check_plan(plan, catalog, days)
    counters = [c for c in catalog.counters if c.id in plan.desks]
    offered = {c.id: catalog.services_at(c.id) for c in counters}
    weights = {c.id: service_weights(offered[c.id]) for c in counters}

    def available(service: Service, day: dt.date) -> bool:
        return service.agency not in plan.joins or day >= catalog.signed[service.agency]

    # the counter-days that call tickets, and their demand
    cells: list[tuple[dt.date, Counter]] = []
    demand: list[float] = []
    previous: dt.date | None = None
    for day in days:
        if day in plan.closed:
            continue
        factor = FRIDAY if day.weekday() == 4 else 1.0
        if previous is not None and (day - previous).days >= 4:
            factor *= AFTER_BREAK
        factor *= plan.month.get(day.strftime("%Y-%m"), 1.0)
        previous = day
        for counter in counters:
            if WEEK[day.weekday()] not in catalog.counter_days(counter) or day in plan.empty.get(counter.id, ()):
                continue
            share = sum(w for s, w in zip(offered[counter.id], weights[counter.id], strict=True) if available(s, day))
            if not share:
                continue
            boost = plan.boost.get((counter.id, day.strftime("%Y-%m")), 1.0)
            cells.append((day, counter))
            demand.append(plan.desks[counter.id].weight * factor * boost * share / sum(weights[counter.id]))

    # served tickets: one on each guaranteed counter-day, one per service somewhere, the rest by demand
    served: list[list[str | None]] = [[] for _ in cells]
    for index, (_, counter) in enumerate(cells):
        if plan.every_day is None or counter.id in plan.every_day:
            served[index].append(None)
    for counter in counters:
        for service in offered[counter.id]:
            where = [i for i, (day, c) in enumerate(cells) if c.id == counter.id and available(service, day)]
            if not where:
                raise SystemExit(f"make_sample_activity: {plan.catalog}: {service.id} at {counter.id} never offered")
            served[rng.choice(where)].append(service.id)
    rest = plan.served - sum(len(designated) for designated in served)
    if rest < 0:
        raise SystemExit(f"make_sample_activity: {plan.catalog}: {plan.served} served is too few for the plan")
    for index in _weighted(rng, demand, rest):
        served[index].append(None)

    # no-shows and cancelled tickets on top, where people were being served
    busy = [float(len(designated)) for designated in served]
    extra_no_show = [0] * len(cells)
    extra_cancelled = [0] * len(cells)
    for index in _weighted(rng, busy, round(plan.served * plan.no_show)):
        extra_no_show[index] += 1
    for index in _weighted(rng, busy, round(plan.served * plan.cancelled)):
        extra_cancelled[index] += 1

    out: list[tuple[dt.date, Ticket]] = []
    by_day: dict[dt.date, list[Ticket]] = {}
    for index, (day, counter) in enumerate(cells):
        now = [(s, w) for s, w in zip(offered[counter.id], weights[counter.id], strict=True) if available(s, day)]
        choices, cum = [s for s, _ in now], _cumulative(w for _, w in now)

        def pick(choices: list[Service] = choices, cum: list[float] = cum) -> str:
            return choices[bisect.bisect(cum, rng.random() * cum[-1])].id

        tickets = [Ticket(counter.id, service or pick(), "served") for service in served[index]]
        tickets += [Ticket(counter.id, pick(), "no_show") for _ in range(extra_no_show[index])]
        tickets += [Ticket(counter.id, pick(), "cancelled") for _ in range(extra_cancelled[index])]
        opens = counter.open_min if counter.open_min is not None else catalog.open_min
        closes = counter.close_min if counter.close_min is not None else catalog.close_min
        run_day(rng, day, tickets, max(counter.assigned or 1, 1), plan.desks[counter.id].minutes, opens, closes)
        by_day.setdefault(day, []).extend(tickets)
    for day in sorted(by_day):
        out.extend((day, ticket) for ticket in by_day[day])
    return catalog, days, out


def _cumulative(weights: Iterable[float]) -> list[float]:
    total, cum = 0.0, []
    for weight in weights:
        total += weight
        cum.append(total)
    return cum


def _weighted(rng: random.Random, weights: Sequence[float], k: int) -> list[int]:
    """``k`` indices drawn with replacement, in proportion to ``weights``."""
    cum = _cumulative(weights)
    return [bisect.bisect(cum, rng.random() * cum[-1]) for _ in range(k)]


# --------------------------------------------------------------------------- writing


def _stamp(day: dt.date, seconds: int | None) -> str:
    if seconds is None:
        return ""
    hours, rest = divmod(seconds, 3600)
    return f"{day.isoformat()} {hours:02d}:{rest // 60:02d}:{rest % 60:02d}"


def render(mpp: str, order: Sequence[str], tickets: Sequence[tuple[dt.date, Ticket]]) -> str:
    """The CSV text: per day, tickets numbered per zone letter in the order they were issued."""
    rank = {counter: index for index, counter in enumerate(order)}
    rows: list[tuple[dt.date, int, str, list[str]]] = []
    by_day: dict[dt.date, list[Ticket]] = {}
    for day, ticket in tickets:
        by_day.setdefault(day, []).append(ticket)
    for day in sorted(by_day):
        numbers: dict[str, int] = {}
        for ticket in sorted(by_day[day], key=lambda t: (t.issued, rank[t.counter], t.service)):
            zone = ticket.counter[0]
            numbers[zone] = numbers.get(zone, 0) + 1
            number = f"{zone}{numbers[zone]:03d}"
            counter = "" if ticket.status == "cancelled" else ticket.counter
            row = [
                mpp,
                counter,
                number,
                ticket.service,
                _stamp(day, ticket.issued),
                _stamp(day, ticket.called),
                _stamp(day, ticket.finished),
                ticket.status,
                NOTE,
            ]
            rows.append((day, ticket.issued, number, row))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(row for *_, row in sorted(rows, key=lambda r: r[:3]))
    return buffer.getvalue()


def build() -> dict[Path, str]:
    """Every output file and its text."""
    rng = random.Random(SEED)
    files: dict[Path, str] = {}
    for plan in PLANS:
        catalog, _, tickets = draw_mpp(rng, plan)
        files[OUTPUT_DIR / f"{catalog.id}.csv"] = render(catalog.id, [c.id for c in catalog.counters], tickets)
    return files


def write(path: Path, text: str) -> None:
    """Write atomically."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)  # mkstemp makes it private; a sample file is for everyone
        os.replace(temporary, path)
    except BaseException:
        os.unlink(temporary)
        raise


def summary(text: str) -> str:
    rows = list(csv.DictReader(io.StringIO(text)))
    counts = {status: sum(row["status"] == status for row in rows) for status in ("served", "no_show", "cancelled")}
    return f"{len(rows)} rows ({', '.join(f'{k} {v}' for k, v in counts.items())})"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if the files on disk differ")
    args = parser.parse_args(argv)
    files = build()
    if args.check:
        stale = [p for p, text in files.items() if not p.is_file() or p.read_bytes() != text.encode("utf-8")]
        for path in stale:
            print(f"{path.relative_to(ROOT)}: differs from what the script writes", file=sys.stderr)
        if stale:
            print("run: python scripts/make_sample_activity.py", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        write(path, text)
        print(f"wrote {path.relative_to(ROOT)}: {summary(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
