"""Time and size ``mpptool audit --activity`` on a year of queue logs, beside a DuckDB floor and pandas.

For each ``--rows`` size and each ``--formats`` format, the data (a 300-MPP catalog and a year of
ticket logs, ``activity_generate.py``) is generated or reused, then four rows are measured, each
in a fresh process under a small Python wrapper that times it (wall clock), samples the resident
memory of its process tree from /proc and reads the peak of its largest process from
``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the table shows the larger of the two):

- the floor: one DuckDB pass over the same files, reading every column the figures need:
  a ``GROUP BY mpp, counter, local day`` (tickets called, served, service and wait seconds) and
  the duplicate tickets (``GROUP BY mpp, day, ticket HAVING count(*) > 1``);
- mpptool: ``python -m mpptool audit CATALOG --activity LOGS --format json -o FILE --no-cache``,
  cold: the catalog parsed as on a first run. The goals are judged on this row;
- warm: the same with the audit's cache filled beforehand (untimed, with an empty log), as on
  every later run against an unchanged catalog: only the logs are read;
- pandas: a straightforward implementation of the same figures (read every file, parse the
  timestamps, leave out bad rows, per MPP: served, no_show, cancelled, days with tickets, visitors
  per open day, wait p50/p90 and service p50 nearest-rank; per counter: active days and served).

The goals, printed beside the figures: mpptool reads 10 M Parquet rows in under 15 s (1.5 s a
million rows above that) and under 1.5 GB peak, and stays within 3x of the floor from 10 M rows
on (below, the start-up and the catalog weigh more than the rows). mpptool's and pandas' totals
are checked against the figures ``planted.json`` expects.

Usage: python benchmarks/bench_activity.py [--rows 1000000,10000000] [--formats parquet,csv]
           [--rounds 1] [--keep DIR] [--max-rows-by-disk] [--no-pandas] [--json]

Exit status: 0 when every judged goal is met (or mpptool has no ``--activity`` yet: the row
says "not available" and nothing is judged), 1 when a goal is missed or the mpptool row fails,
2 for usage errors or when the data cannot be generated.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATE = Path(__file__).resolve().parent / "activity_generate.py"
PY = sys.executable
SELF = Path(__file__).resolve()

GOAL_ROWS = 10_000_000
GOAL_S_PER_M = 1.5  # 15 s for 10 M Parquet rows
GOAL_MB = 1536  # 1.5 GB
GOAL_RATIO = 3.0
BYTES_PER_ROW = {"parquet": 60, "csv": 120}  # disk budget; measured ~23 and ~119
DISK_MARGIN = 1 << 30  # keep 1 GiB free

WRAPPER = r"""
import json, os, resource, signal, subprocess, sys, time
cmd, out, err, timeout = json.loads(sys.argv[1]), sys.argv[2], sys.argv[3], float(sys.argv[4])
PAGE = os.sysconf("SC_PAGE_SIZE")

def tree_rss(root):
    parent = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                with open(f"/proc/{name}/stat", "rb") as f:
                    parent[int(name)] = int(f.read().rsplit(b")", 1)[1].split()[1])
            except (OSError, ValueError, IndexError):
                pass
    children = {}
    for pid, ppid in parent.items():
        children.setdefault(ppid, []).append(pid)
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            with open(f"/proc/{pid}/statm", "rb") as f:
                total += int(f.read().split()[1]) * PAGE
        except (OSError, ValueError, IndexError):
            pass
        stack.extend(children.get(pid, ()))
    return total

sampling = os.path.isdir("/proc/self")
timed_out, tree_peak = False, 0
with open(out, "wb") as fo, open(err, "wb") as fe:
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=fo, stderr=fe, start_new_session=True)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        while True:
            elapsed = time.perf_counter() - start
            try:
                rc = proc.wait(timeout=min(0.25, 0.02 + elapsed / 20))
                break
            except subprocess.TimeoutExpired:
                pass
            if sampling:
                tree_peak = max(tree_peak, tree_rss(proc.pid))
            if time.perf_counter() - start > timeout:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                rc = proc.wait()
                break
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    wall = time.perf_counter() - start
try:
    os.killpg(proc.pid, signal.SIGKILL)
except OSError:
    pass
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rc": rc, "maxrss_kb": maxrss, "tree_kb": tree_peak // 1024, "timed_out": timed_out}))
"""


# --------------------------------------------------------------------------- the floor (DuckDB)


def source_sql(src: str, fmt: str) -> str:
    """A DuckDB table function over every log file of ``src``, all columns as strings."""
    if fmt == "parquet":
        return f"read_parquet('{src}/**/*.parquet', hive_partitioning = false)"
    return f"read_csv('{src}/**/*.csv', header = true, all_varchar = true)"


def worker_floor(src: str, fmt: str) -> int:
    """The floor: the per counter-day aggregation and the duplicate tickets, in DuckDB."""
    import duckdb

    con = duckdb.connect()
    ts = "try_strptime({}, '%Y-%m-%d %H:%M:%S')"
    con.execute(
        f"""CREATE TEMP VIEW t AS
        SELECT mpp, counter, ticket, status, {ts.format("issued_at")} AS i, {ts.format("called_at")} AS c,
               {ts.format("finished_at")} AS f
        FROM {source_sql(src, fmt)}"""
    )
    con.execute(
        """CREATE TEMP TABLE per_day AS
        SELECT mpp, counter, CAST(coalesce(c, i) AS DATE) AS day, count(c) AS called,
               count(*) FILTER (WHERE status = 'served') AS served,
               sum(epoch(f - c)) AS service_s, sum(epoch(c - i)) AS wait_s
        FROM t GROUP BY ALL"""
    )
    dup = con.execute(
        """SELECT count(*), coalesce(sum(n - 1), 0) FROM (
             SELECT mpp, CAST(coalesce(c, i) AS DATE) AS day, ticket, count(*) AS n FROM t GROUP BY ALL
             HAVING count(*) > 1)"""
    ).fetchone()
    groups, called, served = con.execute("SELECT count(*), sum(called), sum(served) FROM per_day").fetchone()  # type: ignore[misc]
    print(f"{groups:,} counter-days, {called:,} called, {served:,} served; {dup[0]:,} duplicate tickets")  # type: ignore[index]
    return 0


# --------------------------------------------------------------------------- pandas


def worker_pandas(src: str, fmt: str, catalog: str) -> int:
    """A straightforward pandas implementation of the figures; prints its totals as JSON."""
    import glob

    import numpy as np
    import pandas as pd
    import yaml

    hours: dict[str, tuple[int, int]] = {}
    known: set[str] = set()
    for path in sorted(glob.glob(os.path.join(catalog, "**", "*.y*ml"), recursive=True)):
        with open(path, "rb") as f:
            doc = yaml.load(f, Loader=yaml.CSafeLoader)
        mpp = doc["mpp"]
        h = mpp.get("hours") or {}
        op, cl = (str(h.get(k, v)).split(":") for k, v in (("open", "00:00"), ("close", "23:59")))
        hours[mpp["id"]] = (int(op[0]) * 60 + int(op[1]), int(cl[0]) * 60 + int(cl[1]))
        known.update(f"{mpp['id']}\x00{c['id']}" for c in doc.get("counters") or [])

    cols = ["mpp", "counter", "ticket", "service", "issued_at", "called_at", "finished_at", "status"]
    if fmt == "parquet":
        files = sorted(glob.glob(os.path.join(src, "**", "*.parquet"), recursive=True))
        df = pd.concat([pd.read_parquet(p, columns=cols) for p in files], ignore_index=True)
    else:
        files = sorted(glob.glob(os.path.join(src, "**", "*.csv"), recursive=True))
        frames = [pd.read_csv(p, dtype=str, keep_default_na=False, na_values=[""]) for p in files]
        df = pd.concat(frames, ignore_index=True)
    rows = len(df)

    bad = pd.Series(False, index=df.index)
    kinds: dict[str, int] = {}

    def flag(name: str, mask: pd.Series) -> None:
        mask = mask.fillna(False).astype(bool) & ~bad
        kinds[name] = int(mask.sum())
        bad.loc[mask] = True

    stamps = {}
    unreadable = pd.Series(False, index=df.index)
    for c in ("issued_at", "called_at", "finished_at"):
        stamps[c] = pd.to_datetime(df[c], format="%Y-%m-%d %H:%M:%S", errors="coerce")
        unreadable |= df[c].notna() & stamps[c].isna()
    issued, called, finished = stamps["issued_at"], stamps["called_at"], stamps["finished_at"]
    flag("unknown_mpp", ~df["mpp"].isin(hours.keys()))
    flag("unknown_counter", df["counter"].notna() & ~(df["mpp"] + "\x00" + df["counter"]).isin(known))
    flag("unreadable_timestamp", unreadable)
    flag("finished_before_called", finished < called)
    flag("called_before_issued", called < issued)
    minute = called.dt.hour * 60 + called.dt.minute
    opens = df["mpp"].map({m: h[0] for m, h in hours.items()})
    closes = df["mpp"].map({m: h[1] for m, h in hours.items()})
    flag("outside_hours", called.notna() & ((minute < opens) | (minute > closes + 120)))
    day = called.fillna(issued).dt.normalize()
    flag("duplicate_ticket", df.assign(day=day).duplicated(["mpp", "day", "ticket"], keep="first"))

    used = df.loc[~bad].copy()
    used["day"] = day[~bad]
    status = used["status"].copy()
    derived = np.where(finished[~bad].notna(), "served", np.where(called[~bad].notna(), "no_show", "cancelled"))
    used["status"] = status.fillna(pd.Series(derived, index=used.index))
    used["wait"] = (called[~bad] - issued[~bad]).dt.total_seconds() / 60
    used["service_min"] = (finished[~bad] - called[~bad]).dt.total_seconds() / 60
    used["called"] = called[~bad].notna()
    used["is_served"] = used["status"] == "served"

    by_status = used.groupby(["mpp", "status"]).size().unstack(fill_value=0)
    open_days = used.groupby("mpp")["day"].nunique()

    def nearest_rank(frame: pd.DataFrame, value: str, p: float) -> pd.Series:
        d = frame[["mpp", value]].dropna().sort_values(["mpp", value])
        n = d.groupby("mpp")[value].transform("size")
        r = d.groupby("mpp").cumcount()
        k = np.ceil(p * n - 1e-9).astype(int) - 1
        return d.loc[r == k].set_index("mpp")[value]

    wait_p50 = nearest_rank(used, "wait", 0.5)
    wait_p90 = nearest_rank(used, "wait", 0.9)
    service_p50 = nearest_rank(used.loc[used["status"] == "served"], "service_min", 0.5)
    per_counter = (
        used.loc[used["called"]]
        .groupby(["mpp", "counter"])
        .agg(active_days=("day", "nunique"), served=("is_served", "sum"))
    )
    per_mpp = {}
    for mpp in sorted(open_days.index):
        served = int(by_status.loc[mpp].get("served", 0))
        per_mpp[mpp] = {
            "served": served,
            "no_show": int(by_status.loc[mpp].get("no_show", 0)),
            "cancelled": int(by_status.loc[mpp].get("cancelled", 0)),
            "open_days": int(open_days[mpp]),
            "visitors_per_open_day": round(served / int(open_days[mpp]), 2),
            "wait_p50_min": round(float(wait_p50.get(mpp, np.nan)), 2),
            "wait_p90_min": round(float(wait_p90.get(mpp, np.nan)), 2),
            "service_p50_min": round(float(service_p50.get(mpp, np.nan)), 2),
        }
    totals = {
        "rows": rows,
        "rows_used": len(used),
        "bad_rows": kinds,
        "served": sum(m["served"] for m in per_mpp.values()),
        "no_show": sum(m["no_show"] for m in per_mpp.values()),
        "cancelled": sum(m["cancelled"] for m in per_mpp.values()),
        "open_days": sum(m["open_days"] for m in per_mpp.values()),
        "active_counter_days": int(per_counter["active_days"].sum()),
        "counters_with_tickets": len(per_counter),
    }
    print(json.dumps(totals))
    return 0


# --------------------------------------------------------------------------- measuring


@dataclass
class Run:
    """One measured run."""

    wall: float
    rc: int
    peak_kb: int
    timed_out: bool = False


@dataclass
class Row:
    """One command measured at one size and format."""

    key: str  # floor | mpptool | pandas
    cmd: list[str] | None
    judge: Callable[[Run, str, str], tuple[bool, str, dict[str, object]]] = field(repr=False)
    status: str = "pending"  # ok | failed | not available | skipped
    note: str = ""
    facts: dict[str, object] = field(default_factory=dict)
    runs: list[Run] = field(default_factory=list)

    @property
    def median_s(self) -> float | None:
        return statistics.median(r.wall for r in self.runs) if self.runs else None

    @property
    def peak_mb(self) -> float | None:
        return max(r.peak_kb for r in self.runs) / 1024 if self.runs else None


def _tail(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


def measure(cmd: Sequence[str], timeout: float) -> tuple[Run, str, str]:
    """Run ``cmd`` under the wrapper in REPO; return the run, its stdout and its stderr."""
    with tempfile.TemporaryDirectory(prefix="mppbench-") as tmp:
        out_p, err_p = Path(tmp) / "out", Path(tmp) / "err"
        w = subprocess.run(
            [PY, "-c", WRAPPER, json.dumps(list(cmd)), str(out_p), str(err_p), str(timeout)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        out = out_p.read_text(errors="replace") if out_p.exists() else ""
        err = err_p.read_text(errors="replace") if err_p.exists() else ""
    try:
        d = json.loads(w.stdout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return Run(0.0, -1, 0), out, f"wrapper failed: {_tail(w.stderr)}"
    peak = max(int(d["maxrss_kb"]), int(d["tree_kb"] or 0))
    return Run(float(d["wall"]), int(d["rc"]), peak, bool(d["timed_out"])), out, err


def step(row: Row, timeout: float, log: Callable[[str], None], label: str) -> None:
    """Run a row once more, unless it already failed or cannot run."""
    if row.status in ("failed", "not available", "skipped") or row.cmd is None:
        return
    run, out, err = measure(row.cmd, timeout)
    if run.timed_out:
        row.status, row.note = "failed", f"timed out after {timeout:.0f} s"
    else:
        ok, note, facts = row.judge(run, out, err)
        if ok:
            row.runs.append(run)
            row.status, row.note, row.facts = "ok", note, facts
            log(f"  {label} {row.key}: {run.wall:.2f} s, {run.peak_kb / 1024:.0f} MB; {note}")
            return
        row.status, row.note = "failed", note
    log(f"  {label} {row.key}: FAILED ({row.note})")


def judge_floor(run: Run, out: str, err: str) -> tuple[bool, str, dict[str, object]]:
    """The floor prints one line: counter-days, called, served, duplicates."""
    if run.rc != 0:
        return False, f"exit {run.rc}: {_tail(err)}", {}
    return True, out.strip()[:200], {}


def judge_pandas(run: Run, out: str, err: str) -> tuple[bool, str, dict[str, object]]:
    """The pandas worker prints its totals as JSON."""
    if run.rc != 0:
        return False, f"exit {run.rc}: {_tail(err)}", {}
    try:
        facts = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        return False, f"no JSON totals: {_tail(err) or _tail(out)}", {}
    return True, f"{facts['rows_used']:,} rows used, {facts['served']:,} served", facts


def make_judge_mpptool(report: Path) -> Callable[[Run, str, str], tuple[bool, str, dict[str, object]]]:
    """mpptool audit: exit 0 or 1 and a JSON report whose MPPs carry ``activity``."""

    def judge(run: Run, out: str, err: str) -> tuple[bool, str, dict[str, object]]:
        if run.rc not in (0, 1):
            return False, f"exit {run.rc}: {_tail(err) or _tail(out)}", {}
        if "Traceback (most recent call last)" in err:
            return False, f"traceback: {_tail(err)}", {}
        try:
            doc = json.loads(report.read_text(encoding="utf-8"))
            acts = [m.get("activity") for m in doc["mpps"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return False, f"exit {run.rc} without a JSON report with mpps[]: {_tail(err) or _tail(out)}", {}
        finally:
            report.unlink(missing_ok=True)
        acts = [a for a in acts if isinstance(a, dict)]
        if not acts:
            return False, f"exit {run.rc}: no MPP has an `activity` entry", {}

        def total(key: str) -> int:
            return sum(int(a.get(key) or 0) for a in acts)

        counters = [c for a in acts for c in a.get("counters") or []]
        facts: dict[str, object] = {
            "mpps_with_activity": len(acts),
            "rows": total("rows"),
            "rows_used": total("rows_used"),
            "served": total("served"),
            "no_show": total("no_show"),
            "cancelled": total("cancelled"),
            "open_days": total("open_days"),
            "closed_days": sum(len(a.get("closed_days") or []) for a in acts),
            "scheduled_counter_days": sum(int(c.get("scheduled_days") or 0) for c in counters),
            "active_counter_days": sum(int(c.get("active_days") or 0) for c in counters),
            "empty_counter_days": sum(len(c.get("empty_days") or []) for c in counters),
            "findings": len(doc.get("findings") or []),
        }
        return True, f"exit {run.rc}, {len(acts)} MPPs with activity, {facts['findings']:,} findings", facts

    return judge


def mpptool_has_activity() -> tuple[bool, str]:
    """Whether ``python -m mpptool audit`` takes ``--activity`` in this checkout."""
    env = dict(os.environ, COLUMNS="200", NO_COLOR="1", TERM="dumb")
    r = subprocess.run(
        [PY, "-m", "mpptool", "audit", "--help"], cwd=REPO, capture_output=True, text=True, check=False, env=env
    )
    if r.returncode != 0:
        return False, "mpptool does not start" + (f" ({_tail(r.stderr)})" if r.stderr.strip() else "")
    if "--activity" not in r.stdout:
        return False, "`mpptool audit` has no --activity option yet"
    return True, ""


# --------------------------------------------------------------------------- data


def ensure_data(
    base: Path, rows: int, formats: Sequence[str], args: argparse.Namespace, log: Callable[[str], None]
) -> tuple[Path, dict[str, object]] | None:
    """Generate the data for ``rows`` under ``base`` (or reuse what an earlier run left there)."""
    out = base / f"rows-{rows}"
    planted = out / "planted.json"
    if planted.is_file():
        try:
            old = json.loads(planted.read_text(encoding="utf-8"))
        except ValueError:
            old = {}
        same = (old.get("rows"), old.get("seed"), old.get("mpps")) == (rows, args.seed, args.mpps)
        if same and set(formats) <= set(old.get("formats", ())):
            log(f"reusing {out}")
            old["reused"] = True
            return out, old
    need = sum(BYTES_PER_ROW[f] for f in formats) * rows
    free = shutil.disk_usage(base).free
    if need + DISK_MARGIN > free:
        log(f"skipping {rows:,} rows: ~{need / 1e9:.1f} GB needed, {free / 1e9:.1f} GB free")
        return None
    fmt = "both" if len(formats) > 1 else formats[0]
    tail = ("--format", fmt, "--force", "--json")
    log(f"generating {rows:,} rows ({fmt}) into {out} ...")
    t0 = time.perf_counter()
    gen = subprocess.run(
        [PY, str(GENERATE), str(out), "--rows", str(rows), "--mpps", str(args.mpps), "--seed", str(args.seed), *tail],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    if gen.returncode != 0:
        log(f"activity_generate.py failed (exit {gen.returncode}): {_tail(gen.stderr)}")
        return None
    facts = json.loads(planted.read_text(encoding="utf-8"))
    facts["generate_wall_s"] = round(time.perf_counter() - t0, 2)
    log(f"  generated in {facts['generate_wall_s']} s: {facts['bytes']}")
    return out, facts


def disk_max_rows(base: Path, formats: Sequence[str]) -> int:
    """The largest row count whose data fits on the free disk, rounded down to two significant digits."""
    free = shutil.disk_usage(base).free - DISK_MARGIN
    rows = int(free * 0.9 / sum(BYTES_PER_ROW[f] for f in formats))
    if rows < 1000:
        return 0
    scale = 10 ** (len(str(rows)) - 2)
    return int(rows // scale * scale)


# --------------------------------------------------------------------------- report


def machine_facts() -> dict[str, object]:
    """Where the figures were taken."""
    versions = {}
    for mod in ("duckdb", "pandas", "pyarrow"):
        try:
            versions[mod] = __import__(mod).__version__
        except ImportError:
            versions[mod] = None
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    return {
        "nproc": nproc,
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "platform": platform.platform(),
        **versions,
    }


def _f(x: object, spec: str) -> str:
    return "-" if x is None else format(x, spec)


def render_table(lines: list[dict[str, object]]) -> str:
    """A plain-text table, no dependencies."""
    head = [
        "rows",
        "format",
        "floor s",
        "floor MB",
        "mpptool s",
        "mpptool MB",
        "warm s",
        "pandas s",
        "pandas MB",
        "mpptool/floor",
        "warm/floor",
        "mpptool s/M rows",
        "goals",
    ]
    body = []
    for r in lines:
        body.append(
            [
                f"{r['rows']:,}",
                str(r["format"]),
                _f(r["floor_s"], ".2f"),
                _f(r["floor_mb"], ".0f"),
                _f(r["mpptool_s"], ".2f") if r["mpptool_s"] is not None else str(r["mpptool_status"]),
                _f(r["mpptool_mb"], ".0f"),
                _f(r["warm_s"], ".2f") if r["warm_s"] is not None else str(r["warm_status"]),
                _f(r["pandas_s"], ".2f") if r["pandas_s"] is not None else str(r["pandas_status"]),
                _f(r["pandas_mb"], ".0f"),
                _f(r["ratio"], ".2f") + ("x" if r["ratio"] is not None else ""),
                _f(r["warm_ratio"], ".2f") + ("x" if r["warm_ratio"] is not None else ""),
                _f(r["s_per_m"], ".2f"),
                str(r["goals"]),
            ]
        )
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        parts = [c.ljust(w) if i in (1, 13) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    return "\n".join([line(head), "  ".join("-" * w for w in widths), *(line(b) for b in body)])


def judge_goals(rows: int, fmt: str, mpp: Row, floor: Row) -> tuple[str, list[str], bool]:
    """The verdict of one line: the goals that apply, what was missed, and whether any was judged."""
    if mpp.status == "not available":
        return "not judged", [], False
    if mpp.status == "failed":
        return "FAILED", [f"mpptool failed: {mpp.note}"], True
    if mpp.median_s is None:
        return "-", [], False
    missed, judged = [], False
    if fmt == "parquet":
        judged = True
        limit_s = GOAL_S_PER_M * max(rows, GOAL_ROWS) / 1e6
        if mpp.median_s > limit_s:
            missed.append(f"{mpp.median_s:.1f} s > {limit_s:.0f} s")
        if (mpp.peak_mb or 0) > GOAL_MB:
            missed.append(f"{mpp.peak_mb:.0f} MB > {GOAL_MB} MB")
    if rows >= GOAL_ROWS and floor.median_s:
        judged = True
        ratio = mpp.median_s / floor.median_s
        if ratio > GOAL_RATIO:
            missed.append(f"{ratio:.1f}x the floor > {GOAL_RATIO:.0f}x")
    if not judged:
        return "n/a", [], False
    return ("MISSED: " + "; ".join(missed)) if missed else "met", missed, True


CHECKED = (
    "rows",
    "rows_used",
    "served",
    "no_show",
    "cancelled",
    "open_days",
    "closed_days",
    "scheduled_counter_days",
    "active_counter_days",
    "empty_counter_days",
)
PANDAS_CHECKED = ("rows", "rows_used", "served", "no_show", "cancelled", "open_days", "active_counter_days")


def check_totals(expected: dict[str, object], facts: dict[str, object], keys: Sequence[str]) -> list[str]:
    """The totals that differ from what planted.json expects, as ``key: got X, expected Y``."""
    out = []
    for k in keys:
        if k in facts and k in expected and facts[k] != expected[k]:
            out.append(f"{k}: got {facts[k]}, expected {expected[k]}")
    return out


# --------------------------------------------------------------------------- main


def parse_rows(text: str) -> list[int]:
    """``1000000,10M,2.5e6`` -> [1000000, 10000000, 2500000]."""
    out = []
    for part in text.split(","):
        p = part.strip().upper().replace("_", "")
        mult = 1
        if p.endswith("M"):
            p, mult = p[:-1], 1_000_000
        elif p.endswith("K"):
            p, mult = p[:-1], 1_000
        out.append(int(float(p) * mult))
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["--worker"]:  # the measured commands run this file again
        kind, rest = argv[1], argv[2:]
        return worker_floor(*rest) if kind == "floor" else worker_pandas(*rest)
    ap = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    ap.add_argument("--rows", default="1000000,10000000", help="comma-separated sizes (1000000, 10M, 2.5e6)")
    ap.add_argument("--formats", default="parquet,csv", help="comma-separated: parquet, csv")
    ap.add_argument("--rounds", type=int, default=1, help="runs per row (median; memory: the highest)")
    ap.add_argument("--keep", type=Path, metavar="DIR", help="generate into DIR/rows-N and keep it (reused next time)")
    ap.add_argument("--mpps", type=int, default=300, help="MPPs in the generated catalog")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument(
        "--max-rows-by-disk",
        action="store_true",
        help="add the largest size the free disk allows (and drop listed sizes that do not fit)",
    )
    ap.add_argument("--no-pandas", action="store_true", help="skip the pandas row")
    ap.add_argument(
        "--pandas-max-rows", type=parse_rows_one, default=20_000_000, help="skip pandas above this size [20M]"
    )
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before a run is killed")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    args = ap.parse_args(argv)
    try:
        sizes = sorted(set(parse_rows(args.rows)))
    except ValueError:
        ap.error(f"--rows: not a list of sizes: {args.rows}")
    formats = [f.strip() for f in args.formats.split(",") if f.strip()]
    if not formats or any(f not in BYTES_PER_ROW for f in formats):
        ap.error("--formats takes parquet and/or csv")
    if args.rounds < 1 or any(n < 1000 for n in sizes):
        ap.error("--rounds must be at least 1 and every size at least 1000 rows")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    tmpdir = None
    if args.keep:
        base = args.keep.resolve()
        base.mkdir(parents=True, exist_ok=True)
    else:
        tmpdir = tempfile.mkdtemp(prefix="mpp-bench-activity-")
        base = Path(tmpdir)
    try:
        if args.max_rows_by_disk:
            fit = disk_max_rows(base, formats)
            log(f"free disk allows ~{fit:,} rows of {'+'.join(formats)} (budget {BYTES_PER_ROW} bytes a row)")
            sizes = sorted({n for n in sizes if n <= fit} | ({fit} if fit >= 1000 else set()))
        return run_all(args, base, sizes, formats, log)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


def parse_rows_one(text: str) -> int:
    """One size for argparse."""
    return parse_rows(text)[0]


def prime(catalog: Path, scratch: Path, cache: Path) -> None:
    """Fill the audit's cache for the ``warm`` row: the catalog's outcomes, read with an empty log (untimed).

    The cache holds what the catalog says (findings, figures, schedules), never the logs, so a
    log without rows primes it as well as the real one would, in a second instead of a full run.
    """
    empty = scratch / "empty.csv"
    empty.write_text("mpp,counter,ticket,called_at\n", encoding="utf-8")
    command = [PY, "-m", "mpptool", "audit", str(catalog), "--activity", str(empty), "--cache-dir", str(cache)]
    subprocess.run([*command, "--format", "json", "-o", os.devnull], cwd=REPO, capture_output=True, check=False)


def as_json(report: Path) -> list[str]:
    """mpptool's options for a JSON report written to ``report``."""
    return ["--format", "json", "-o", str(report)]


def run_all(
    args: argparse.Namespace, base: Path, sizes: list[int], formats: list[str], log: Callable[[str], None]
) -> int:
    """Generate, measure, print; the exit status."""
    machine = machine_facts()
    has_mpptool, why = mpptool_has_activity()
    log(
        f"sizes {[f'{n:,}' for n in sizes]}, formats {formats}, rounds {args.rounds}; nproc {machine['nproc']}, "
        f"load {machine['loadavg']}, duckdb {machine['duckdb']}, pandas {machine['pandas']}"
    )
    if not has_mpptool:
        log(f"mpptool: {why}")
    lines: list[dict[str, object]] = []
    scratch = Path(tempfile.mkdtemp(prefix="mpp-bench-out-"))
    exit_status = 0
    try:
        for n in sizes:
            got = ensure_data(base, n, formats, args, log)
            if got is None:
                exit_status = 2
                continue
            data, planted = got
            expected = planted.get("expected", {})
            assert isinstance(expected, dict)
            for fmt in formats:
                src = str(data / f"logs-{fmt}")
                report = scratch / f"audit-{n}-{fmt}.json"
                audit = [PY, "-m", "mpptool", "audit", str(data / "catalog"), "--activity", src, *as_json(report)]
                cache = scratch / f"cache-{n}-{fmt}"
                rows = {
                    "floor": Row("floor", [PY, str(SELF), "--worker", "floor", src, fmt], judge_floor),
                    "mpptool": Row("mpptool", [*audit, "--no-cache"], make_judge_mpptool(report)),
                    "warm": Row("warm", [*audit, "--cache-dir", str(cache)], make_judge_mpptool(report)),
                    "pandas": Row(
                        "pandas",
                        [PY, str(SELF), "--worker", "pandas", src, fmt, str(data / "catalog")],
                        judge_pandas,
                    ),
                }
                if not has_mpptool:
                    for key in ("mpptool", "warm"):
                        rows[key].status, rows[key].note = "not available", why
                else:
                    prime(data / "catalog", scratch, cache)
                if args.no_pandas:
                    rows["pandas"].status, rows["pandas"].note = "skipped", "--no-pandas"
                elif n > args.pandas_max_rows:
                    rows["pandas"].status = "skipped"
                    rows["pandas"].note = f"above --pandas-max-rows {args.pandas_max_rows:,}"
                label = f"{n:,} {fmt}"
                for i in range(args.rounds):
                    log(f"{label}: round {i + 1}/{args.rounds}")
                    for r in rows.values():
                        step(r, args.timeout, log, label)
                lines.append(summarise(n, fmt, rows, planted, expected))
    finally:
        shutil.rmtree(scratch, ignore_errors=True)

    missed = [ln for ln in lines if ln["missed"]]
    judged = any(ln["judged"] for ln in lines)
    if missed:
        exit_status = 1
    result: dict[str, object] = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "goals": {
            "parquet_s": f"{GOAL_S_PER_M * GOAL_ROWS / 1e6:.0f} s for {GOAL_ROWS:,} rows ({GOAL_S_PER_M} s a million "
            "above that)",
            "parquet_peak_mb": GOAL_MB,
            "mpptool_over_floor": f"at most {GOAL_RATIO:.0f}x from {GOAL_ROWS:,} rows on",
        },
        "mpptool": "available" if has_mpptool else why,
        "lines": lines,
        "exit_status": exit_status,
    }
    if args.json:
        print(json.dumps(result, indent=2, default=str))
        return exit_status
    print()
    print(f"date: {result['date']}")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    print(f"rounds: {args.rounds}; data: {base if args.keep else '(temporary)'}\n")
    print(render_table(lines))
    print()
    print(
        f"goals: mpptool reads {GOAL_ROWS // 1_000_000} M Parquet rows in under {GOAL_S_PER_M * GOAL_ROWS / 1e6:.0f} s "
        f"({GOAL_S_PER_M} s a million rows above that) and under {GOAL_MB / 1024:.1f} GB peak; "
        f"within {GOAL_RATIO:.0f}x of the floor from {GOAL_ROWS // 1_000_000} M rows on (any format)."
    )
    for ln in lines:
        gen = ln["generate_wall_s"]
        print(
            f"- {ln['rows']:,} {ln['format']}: data {ln['mb']} MB"
            + (f", generated in {gen} s" if gen is not None else ", reused")
        )
        for key in ("floor", "mpptool", "warm", "pandas"):
            print(f"    {key}: {ln[key + '_status']}: {ln[key + '_note']}")
        for what in ("mpptool", "warm", "pandas"):
            diffs = ln[what + "_check"]
            if isinstance(diffs, list) and diffs:
                print(f"    {what} totals differ from planted.json: " + "; ".join(diffs))
            elif ln[what + "_s"] is not None:
                print(f"    {what} totals match planted.json")
    if not has_mpptool:
        print(f"\nmpptool: {why}; no goal judged.")
    elif not judged:
        print("\nno goal applies to these sizes (time and memory: Parquet; the ratio: 10 M rows and more).")
    print(f"\nexit status {exit_status}" + (" (a goal was missed)" if missed else ""))
    return exit_status


def summarise(
    n: int, fmt: str, rows: dict[str, Row], planted: dict[str, object], expected: dict[str, object]
) -> dict[str, object]:
    """One line of the table, with its notes and checks."""
    fl, mp, pd_, warm = rows["floor"], rows["mpptool"], rows["pandas"], rows["warm"]
    verdict, missed, judged = judge_goals(n, fmt, mp, fl)
    ratio = mp.median_s / fl.median_s if mp.median_s and fl.median_s else None
    warm_ratio = warm.median_s / fl.median_s if warm.median_s and fl.median_s else None
    sizes = planted.get("bytes", {})
    assert isinstance(sizes, dict)
    return {
        "rows": n,
        "format": fmt,
        "mb": round(int(sizes.get(fmt, 0)) / 1e6, 1),
        "generate_wall_s": None if planted.get("reused") else planted.get("generate_wall_s"),
        **{
            f"{k}_{what}": val
            for k, r in rows.items()
            for what, val in (
                ("s", None if r.median_s is None else round(r.median_s, 3)),
                ("mb", None if r.peak_mb is None else round(r.peak_mb, 1)),
                ("status", r.status),
                ("note", r.note),
                ("walls", [round(x.wall, 3) for x in r.runs]),
            )
        },
        "ratio": None if ratio is None else round(ratio, 2),
        "warm_ratio": None if warm_ratio is None else round(warm_ratio, 2),
        "s_per_m": None if mp.median_s is None else round(mp.median_s / (n / 1e6), 3),
        "goals": verdict,
        "missed": missed,
        "judged": judged,
        "expected": {k: expected.get(k) for k in CHECKED},
        "mpptool_totals": mp.facts,
        "pandas_totals": pd_.facts,
        "mpptool_check": check_totals(expected, mp.facts, CHECKED) if mp.facts else [],
        "warm_check": check_totals(expected, warm.facts, CHECKED) if warm.facts else [],
        "pandas_check": check_totals(expected, pd_.facts, PANDAS_CHECKED) if pd_.facts else [],
    }


if __name__ == "__main__":
    sys.exit(main())
