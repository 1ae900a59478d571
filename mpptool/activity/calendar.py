"""Days no MPP opens: Indonesia's national public holidays and collective leave (cuti bersama).

From the ``holidays`` package (vacanza/holidays, maintained, MIT), Indonesia with the
``public`` and ``government`` categories: the latter are the collective leave days of the
joint ministerial decrees (SKB 3 Menteri). The configuration may add days (``closed-days``).
Imported only when queue logs are read.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

YEARS = (2000, 2099)
"""The years a ticket's local time may fall in; outside them a timestamp is unreadable (L007)."""
FIRST_YEAR = YEARS[0]
"""Holidays are loaded for every year a ticket may fall in (the first MPPs opened in 2017)."""


def closed_days(extra: Iterable[dt.date] = (), also: Iterable[dt.date] = ()) -> Mapping[dt.date, str]:
    """Every national holiday and collective leave day of the years a ticket may fall in, named in Indonesian.

    Every year a log may hold, whatever the date of the run or ``--as-of``: a log of next year's
    tickets is judged against next year's holidays (loading 100 years costs what loading 13 does,
    0.08 s). ``also`` are dates the run looks at (``--from``, ``--to``): their years are loaded too.
    ``extra`` days (the configuration's) are added with the name "hari tutup (konfigurasi)".
    """
    import holidays

    years = set(range(FIRST_YEAR, YEARS[1] + 1)) | {day.year for day in also}
    found = holidays.country_holidays("ID", years=sorted(years), categories=("public", "government"), language="id")
    days = {day: str(name) for day, name in found.items()}
    for day in extra:
        days.setdefault(day, "hari tutup (konfigurasi)")
    return dict(sorted(days.items()))
