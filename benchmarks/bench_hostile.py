"""Hostile inputs: is every file up to the 4 MiB cap checked in under 5 s and 500 MB?

Generates one hostile input per class, each a file just under the 4 MiB file cap (``--size``
scales them down), built on ``tests/fixtures/valid-minimal.yaml`` where the class needs a
real MPP file, deterministically (the same ``--size`` gives the same bytes). Each input is then
checked by ``mpptool validate`` (and ``mpptool audit`` where the class targets the audit) in a
fresh process, ``--format json --no-cache --isolated`` with the report sent to /dev/null
(``glob`` reads its mpptool.toml; ``cache`` uses a ``--cache-dir`` in the inputs' folder, a
run that fills it, then a warm one), under a small Python wrapper that times it (wall clock),
samples the resident memory of the whole process tree from /proc, reads the peak of its
largest process from ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss``, caps its address
space (``--mem-limit``, so a runaway run fails instead of taking the machine) and kills it
after ``--timeout`` seconds. Beside each class, the floor: reading the input's bytes in a
fresh Python process.

A row is ``ok`` when it finished under the goal (5 s, and 500 MB for the larger of the two
memory figures; the cache rows: 5 s a file) with exit status 0, 1 or 2 and no traceback
(mpptool runs with MPPTOOL_DEBUG=1 so a bug shows its traceback); otherwise ``OVER``, with
the reasons. With ``--rounds N`` the seconds are the median of N runs and the memory the
highest; a run that fails is not repeated.

Usage: python benchmarks/bench_hostile.py [--size 4MiB] [--only CLASS]... [--rounds 1]
           [--timeout 120] [--mem-limit 4096] [--cache-files 40] [--out DIR] [--keep]
           [--findings] [--json]

Exit status: 0 when every verdict is ok, 1 when some row is OVER (so it can gate), 2 for
usage errors (and when ``python -m mpptool`` cannot start from this checkout).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
FIXTURE = REPO / "tests" / "fixtures" / "valid-minimal.yaml"
REGIONS = REPO / "mpptool" / "data" / "regions.csv"
PY = sys.executable
CAP = 4 * 1024 * 1024
"""mpptool's file size cap (``mpptool.loaders.files.MAX_FILE_BYTES``)."""
GOAL_S = 5.0
GOAL_MB = 500.0
AS_OF = "2026-11-22"
SLACK = 64
"""Bytes left under ``--size`` in every generated file."""

# The constants of the classes (the issue's figures).
ID_LEN = 4000  # long-ids: characters per long id
DISTINCT_KEYS = 100_000  # duplicate-keys: distinct keys, each repeated as often as the size allows
GLOB_STARS = 25  # glob: `*a` repeated, then `*b`
GLOB_NAME = 255  # glob: the catalog file name's length (NAME_MAX on Linux)
DEEP_LEVELS = 1200  # deep-folders
PER_LINE = 100  # million-findings: `{}` entries per line
LAUGHS = 10  # anchors: levels (and width) of the "billion laughs" aliases

# The wrapper runs one command: the report to /dev/null (or a file), stderr to a file, a
# memory cap, a timeout; it samples the RSS of the process tree from /proc and prints JSON.
WRAPPER = r"""
import json, os, resource, signal, subprocess, sys, time
spec = json.loads(sys.argv[1])
cap = spec["mem_limit_mb"] * 1024 * 1024

def limit():
    if cap:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

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

env = dict(os.environ, **spec["env"])
timed_out, tree_peak = False, 0
sampling = os.path.isdir("/proc/self")
with open(spec["stdout"], "wb") as out, open(spec["stderr"], "wb") as err:
    start = time.perf_counter()
    proc = subprocess.Popen(
        spec["cmd"], cwd=spec["cwd"], env=env, stdout=out, stderr=err, start_new_session=True, preexec_fn=limit
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:  # the command has a session of its own: a Ctrl-C or SIGTERM here must not leave it running
        while True:
            elapsed = time.perf_counter() - start
            try:
                rc = proc.wait(timeout=min(0.2, 0.02 + elapsed / 20))
                break
            except subprocess.TimeoutExpired:
                pass
            if sampling:
                tree_peak = max(tree_peak, tree_rss(proc.pid))
            if time.perf_counter() - start > spec["timeout"]:
                timed_out = True
                os.killpg(proc.pid, signal.SIGKILL)
                rc = proc.wait()
                break
    except BaseException:
        os.killpg(proc.pid, signal.SIGKILL)
        raise
    wall = time.perf_counter() - start
try:
    os.killpg(proc.pid, signal.SIGKILL)  # workers left behind, if any
except OSError:
    pass
maxrss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rc": rc, "maxrss_kb": maxrss, "tree_kb": tree_peak // 1024 if sampling else None,
                  "timed_out": timed_out}))
"""

# The floor: every YAML file under the paths read in one fresh process (an explicit stack:
# os.walk recurses in Python 3.11, and deep-folders is deeper than the recursion limit).
FLOOR = """\
import os, sys
stack, files, size = list(sys.argv[1:]), 0, 0
while stack:
    path = stack.pop()
    if os.path.isdir(path):
        stack.extend(os.path.join(path, name) for name in os.listdir(path))
    elif path.lower().endswith((".yaml", ".yml")):
        with open(path, "rb") as f:
            size += len(f.read())
        files += 1
print(f"{files} files, {size:,} bytes")
"""


# --------------------------------------------------------------------------- building files


def split_blocks(text: str) -> dict[str, str]:
    """The top-level blocks of a YAML file written in block style (leading comments dropped)."""
    blocks: dict[str, str] = {}
    key: str | None = None
    for line in text.splitlines(keepends=True):
        match = re.match(r"([A-Za-z_][\w-]*):", line)
        if match:
            key = match.group(1)
            blocks[key] = line
        elif key is not None:
            blocks[key] += line
    return blocks


@dataclass
class Doc:
    """An MPP file as its top-level blocks, to extend and render."""

    header: str
    blocks: dict[str, str]

    @classmethod
    def minimal(cls, what: str) -> Doc:
        """The valid minimal file, without its `declared` figures (the classes change the counts)."""
        blocks = split_blocks(FIXTURE.read_text(encoding="utf-8"))
        blocks.pop("declared", None)
        return cls(f"# bench_hostile.py: {what}\n", blocks)

    def add(self, key: str, text: str) -> None:
        """Append ``text`` (item lines, or a new block's body) to the block ``key``."""
        self.blocks[key] = self.blocks.get(key, f"{key}:\n") + text

    def render(self, *extra: str) -> str:
        return self.header + "".join(self.blocks.values()) + "".join(extra)

    def budget(self, size: int, *extra: str) -> int:
        """Bytes left for filling, once this document (and ``extra``) is written."""
        return size - len(self.render(*extra)) - SLACK


def fill(budget: int, item: Callable[[int], str]) -> list[str]:
    """``item(0)``, ``item(1)``, ... while they fit in ``budget`` bytes (ASCII)."""
    out: list[str] = []
    used = 0
    while True:
        text = item(len(out))
        if used + len(text) > budget:
            break
        out.append(text)
        used += len(text)
    return out


def write(path: Path, text: str, size: int = CAP) -> int:
    """Write an input (ASCII) and check it is within ``size`` and the cap."""
    data = text.encode("ascii")
    if len(data) > min(size, CAP):
        raise SystemExit(f"internal error: {path} is {len(data):,} bytes, over {min(size, CAP):,}")
    path.write_bytes(data)
    return len(data)


def long_id(stem: str, length: int = ID_LEN) -> str:
    """A slug of ``length`` characters starting with ``stem``; long ids differ only in their stem."""
    filler = "dinas-penanaman-modal-dan-pelayanan-terpadu-satu-pintu-kabupaten-"
    body = (filler * (length // len(filler) + 2))[: length - len(stem)]
    return stem + body


# --------------------------------------------------------------------------- the classes


@dataclass
class Input:
    """A generated input and how to check it."""

    target: str
    """The path given to mpptool, relative to ``cwd``."""
    cwd: Path
    files: int
    size: int
    facts: str
    isolated: bool = True
    audit: bool = False
    cache: Path | None = None


def gen_long_ids(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("long-ids: unknown agencies and counters next to ids of ~4,000 characters")
    budget = doc.budget(size)
    pair = len(long_id("agensi-000000-")) + len(long_id("G000000-")) + 100
    known = max(1, int(budget * 0.4) // pair)  # 40%: known agencies and counters with long ids
    doc.add(
        "agencies",
        "".join(
            f"  - {{id: {long_id(f'agensi-{i:06d}-')}, name: Instansi {i:06d}, category: vertical}}\n"
            for i in range(known)
        ),
    )
    doc.add(
        "counters",
        "".join(f"  - {{id: {long_id(f'G{i:06d}-')}, agencies: [dpmptsp], status: active}}\n" for i in range(known)),
    )

    def short(i: int) -> str:  # a short service naming its own unknown agency or counter (a valid id)
        if i % 2 == 0:
            return (
                f"  - {{id: svc-{i:06d}, type: ADM-01, name: Layanan {i:06d}, agency: agensi-{i:06d}x, "
                "channels: [online]}\n"
            )
        return (
            f"  - {{id: svc-{i:06d}, type: ADM-01, name: Layanan {i:06d}, agency: disdukcapil, "
            f"counters: [G{i:06d}x], channels: [counter]}}\n"
        )

    def long(i: int) -> str:  # a service with a long id naming an unknown id, long or shared by 8
        ident = long_id(f"svc-{i:06d}-")
        if i % 4 == 0:
            agency = long_id(f"agensi-{i:06d}y-")
            return f"  - {{id: {ident}, type: ADM-01, name: L, agency: {agency}, channels: [online]}}\n"
        if i % 4 == 1:
            return (
                f"  - {{id: {ident}, type: ADM-01, name: L, agency: disdukcapil, "
                f"counters: [{long_id(f'G{i:06d}y-')}], channels: [counter]}}\n"
            )
        if i % 4 == 2:
            return f"  - {{id: {ident}, type: ADM-01, name: L, agency: agensi-bersama-{i // 32}, channels: [online]}}\n"
        return (
            f"  - {{id: {ident}, type: ADM-01, name: L, agency: disdukcapil, counters: [GB{i // 32}], "
            "channels: [counter]}\n"
        )

    budget = doc.budget(size)
    shorts = fill(budget * 2 // 3, short)  # 40% of the file
    longs = fill(budget - sum(map(len, shorts)), long)  # the rest, 20%
    doc.add("services", "".join(shorts) + "".join(longs))
    path = folder / "long-ids.yaml"
    n = write(path, doc.render(), size)
    facts = (
        f"{known:,} known agencies and {known:,} known counters with ids of {ID_LEN:,} characters; "
        f"{len(shorts):,} services each naming its own unknown agency or counter (a valid id), whose findings "
        f"list the known ids; {len(longs):,} services with ids of {ID_LEN:,} characters, half naming unknown "
        f"ids that long, half naming an unknown agency or counter shared by 8 of them"
    )
    return Input(path.name, folder, 1, n, facts, audit=True)


def gen_million_findings(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("million-findings: services `{}`, each lacking its five required keys")
    line = "  " + "{}," * PER_LINE + "\n"
    head, tail = "services: [\n", "  {}]\n"
    doc.blocks["services"] = head
    lines = fill(doc.budget(size, tail), lambda _: line)
    doc.blocks["services"] = head + "".join(lines) + tail
    path = folder / "million-findings.yaml"
    n = write(path, doc.render(), size)
    entries = len(lines) * PER_LINE + 1
    facts = (
        f"{entries:,} services written `{{}}` ({PER_LINE} a line): 5 S001 each, {5 * entries:,} findings "
        f"expected from validate, one A007 more each from the audit"
    )
    return Input(path.name, folder, 1, n, facts, audit=True)


def gen_findings_under_cap(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("findings-under-cap: broken services `- {}`, spread out to stay under the value limit (Y013)")
    line = "    - {}  \n"  # two separators (`-`, `{`) in 11 bytes: about 760,000 in 4 MiB, under 1,000,000
    head = "services:\n"
    doc.blocks["services"] = head
    lines = fill(doc.budget(size, ""), lambda _: line)
    doc.blocks["services"] = head + "".join(lines)
    path = folder / "findings-under-cap.yaml"
    n = write(path, doc.render(), size)
    facts = (
        f"{len(lines):,} services written `- {{}}`, each lacking its five required keys: "
        f"{5 * len(lines):,} findings, the most a file under the value limit can hold"
    )
    return Input(path.name, folder, 1, n, facts, audit=True)


def gen_suppressions(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("suppressions: `# mpptool: ignore[C001]` comments among quoted values")
    comment = "# mpptool: ignore[C001]\n"
    head = (
        "  - id: svc-komentar\n    type: ADM-01\n    name: Layanan dengan banyak komentar\n"
        "    agency: disdukcapil\n    counters: [A01]\n    channels: [counter]\n"
        "    standard:\n      requirements:\n"
    )
    tail = (
        "      procedure: [Ambil antrean]\n      duration: {value: 1, unit: days}\n      fee: 0\n"
        "      product: Dokumen\n      complaints: [SP4N-LAPOR]\n"
    )

    def pair(i: int) -> str:  # a comment line, then a double-quoted or a block (`|-`) value
        value = f'        - "Persyaratan {i:06d}"\n' if i % 2 == 0 else f"        - |-\n          Persyaratan {i:06d}\n"
        return "        " + comment + value

    budget = doc.budget(size, head, tail)
    run = fill(budget // 3, lambda _: comment)  # one contiguous run at the top: each rescans forward
    pairs = fill(budget - len(comment) * len(run), pair)
    doc.header += "".join(run)
    doc.add("services", head + "".join(pairs) + tail)
    path = folder / "suppressions.yaml"
    n = write(path, doc.render(), size)
    facts = (
        f"{len(run) + len(pairs):,} suppression comments: {len(run):,} in one run at the top, {len(pairs):,} "
        f"each before one of {len(pairs):,} quoted values ({(len(pairs) + 1) // 2:,} double-quoted, "
        f"{len(pairs) // 2:,} block `|-`)"
    )
    return Input(path.name, folder, 1, n, facts)


def gen_duplicate_keys(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("duplicate-keys: one mapping whose keys come back again and again")
    head = "x-duplicates:\n"
    line_len = len("  k000000: 0\n")
    budget = doc.budget(size, head)
    distinct = max(1, min(DISTINCT_KEYS, budget // line_len // 2))
    lines = fill(budget, lambda i: f"  k{i % distinct:06d}: {i // distinct}\n")
    doc.add("x-duplicates", "".join(lines))
    path = folder / "duplicate-keys.yaml"
    n = write(path, doc.render(), size)
    facts = (
        f"one mapping (`x-duplicates`) of {len(lines):,} keys: {distinct:,} distinct, each repeated in turn, "
        f"so {len(lines) - distinct:,} duplicates, each first written {distinct:,} keys earlier"
    )
    return Input(path.name, folder, 1, n, facts)


def gen_agencies_counters(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("agencies-counters: thousands of agencies, each at three counters short of staff")

    def agency(i: int) -> str:
        return f"  - {{id: ag-{i:06d}, name: Instansi {i:06d}, category: vertical}}\n"

    def counter(i: int, n: int) -> str:
        seated = ", ".join(f"ag-{(i + k) % n:06d}" for k in range(3))
        return f"  - {{id: G{i:06d}, agencies: [{seated}], status: active, staff: {{required: 3, assigned: 1}}}}\n"

    def service(i: int) -> str:
        return (
            f"  - {{id: sv-{i:06d}, type: ADM-01, name: Layanan {i:06d}, agency: ag-{i:06d}, "
            f"counters: [G{i:06d}], channels: [counter]}}\n"
        )

    budget = doc.budget(size)
    per_unit = len(agency(0)) + len(counter(0, 1)) + len(service(0)) / 2  # a service for every other agency
    n = int(budget / per_unit) + 2
    while n > 3 and n * (len(agency(0)) + len(counter(0, n))) + (n + 1) // 2 * len(service(0)) > budget:
        n -= 1
    doc.add("agencies", "".join(agency(i) for i in range(n)))
    doc.add("counters", "".join(counter(i, n) for i in range(n)))
    doc.add("services", "".join(service(i) for i in range(0, n, 2)))
    path = folder / "agencies-counters.yaml"
    written = write(path, doc.render(), size)
    facts = (
        f"{n:,} agencies, {n:,} counters each seating 3 of them (3 staff planned, 1 posted), "
        f"{(n + 1) // 2:,} counter services (one for every other agency)"
    )
    return Input(path.name, folder, 1, written, facts, audit=True)


def gen_glob(folder: Path, size: int, args: argparse.Namespace) -> Input:
    pattern = "*a" * GLOB_STARS + "*b"
    limit = os.pathconf(folder, "PC_NAME_MAX") if hasattr(os, "pathconf") else GLOB_NAME
    name = "a" * (min(GLOB_NAME, limit) - len(".yaml")) + ".yaml"
    text = FIXTURE.read_text(encoding="utf-8")
    n = write(folder / name, text)
    (folder / "mpptool.toml").write_text(
        f'# bench_hostile.py: glob\n[per-file-ignores]\n"{pattern}" = ["C001"]\n', encoding="utf-8"
    )
    facts = (
        f"the valid minimal file named {len(name)} characters (`a` x {len(name) - 5} + `.yaml`), and an "
        f'mpptool.toml whose [per-file-ignores] holds "{pattern}" ({GLOB_STARS} `*a`, then `*b`)'
    )
    return Input(".", folder, 1, n, facts, isolated=False)


def gen_cache(folder: Path, size: int, args: argparse.Namespace) -> Input:
    regions = [
        row["code"]
        for row in csv.DictReader(REGIONS.open(encoding="utf-8"))
        if row["level"] != "province" and row["autonomous"] == "true"
    ]
    if args.cache_files > len(regions):
        raise SystemExit(f"--cache-files: at most {len(regions)} (one region per file)")
    per_file = int(size * 0.93)  # 3.9 MB of 4 MiB
    catalog = folder / "catalog"
    catalog.mkdir()
    total = services_each = 0
    agencies = 1000 if size >= 1024 * 1024 else 100

    def service(i: int) -> str:
        a = i % agencies
        return (
            f"  - {{id: sv-{i:07d}, type: ADM-01, name: Layanan {i:07d}, agency: ag-{a:06d}, "
            f"counters: [G{a:06d}], channels: [counter, online], standard: {{requirements: [KTP-el, "
            f"Kartu Keluarga], procedure: [Ambil antrean, Verifikasi berkas], duration: {{value: 1, unit: days}}, "
            f"fee: 0, product: Dokumen {i:07d}, complaints: [SP4N-LAPOR]}}}}\n"
        )

    for f in range(args.cache_files):
        doc = Doc.minimal(f"cache: a large valid MPP file ({f + 1} of {args.cache_files})")
        doc.blocks["mpp"] = (
            doc.blocks["mpp"]
            .replace("  id: kota-mojokerto\n", f"  id: kota-cache-{f:03d}\n")
            .replace('  region: "35.76"\n', f'  region: "{regions[f]}"\n')
        )
        doc.add(
            "agencies",
            "".join(f"  - {{id: ag-{a:06d}, name: Instansi {a:06d}, category: vertical}}\n" for a in range(agencies)),
        )
        doc.add(
            "counters",
            "".join(
                f"  - {{id: G{a:06d}, name: Gerai {a:06d}, agencies: [ag-{a:06d}], status: active, "
                f"staff: {{required: 2, assigned: 2}}}}\n"
                for a in range(agencies)
            ),
        )
        lines = fill(per_file - len(doc.render()) - SLACK, service)
        services_each = len(lines)
        doc.add("services", "".join(lines))
        total += write(catalog / f"kota-cache-{f:03d}.yaml", doc.render(), size)
    facts = (
        f"{args.cache_files} valid MPP files of ~{per_file / 1e6:.2f} MB ({total / 1e6:.1f} MB in all), each "
        f"{agencies:,} agencies, {agencies:,} counters, {services_each:,} services with full standards; "
        "checked twice with the cache on (--cache-dir in the temporary folder)"
    )
    return Input("catalog", folder, args.cache_files, total, facts, cache=folder / "cache-dir")


def gen_deep_folders(folder: Path, size: int, args: argparse.Namespace) -> Input:
    here = os.open(".", os.O_RDONLY)
    try:  # one level at a time, with relative paths: no path is ever longer than a name
        os.chdir(folder)
        for _ in range(DEEP_LEVELS):
            os.mkdir("d")
            os.chdir("d")
        n = write(Path("mpp.yaml"), FIXTURE.read_text(encoding="utf-8"))
    finally:
        os.fchdir(here)
        os.close(here)
    facts = (
        f"the valid minimal file at the bottom of {DEEP_LEVELS:,} nested folders `d/d/.../d/mpp.yaml` "
        f"(a relative path of {2 * DEEP_LEVELS + 8:,} characters)"
    )
    return Input("d", folder, 1, n, facts)


def gen_long_string(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("long-string (other): one value of nearly the whole file, on one line")
    doc.blocks["mpp"] = doc.blocks["mpp"].replace("  status: operating\n", "  status: operating\n  notes: ")
    words = fill(doc.budget(size, "\n"), lambda i: f"catatan {i:07d} ")
    doc.blocks["mpp"] = doc.blocks["mpp"].replace("  notes: ", "  notes: " + "".join(words).rstrip() + "\n")
    path = folder / "long-string.yaml"
    n = write(path, doc.render(), size)
    facts = f"`mpp.notes` a plain scalar of {len(''.join(words).rstrip()):,} characters on one line"
    return Input(path.name, folder, 1, n, facts)


def gen_wide_flow(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("wide-flow (other): one flow mapping of unknown keys, on one line")
    agencies = doc.blocks["agencies"]
    first = "  - {id: mpp-wide, name: Instansi Lebar, category: vertical"
    budget = doc.budget(size, first, "}\n")
    keys = fill(budget, lambda i: f", k{i:07d}: 1")
    doc.blocks["agencies"] = agencies + first + "".join(keys) + "}\n"
    path = folder / "wide-flow.yaml"
    n = write(path, doc.render(), size)
    facts = f"an agency written as one flow mapping on one line with {len(keys):,} unknown keys"
    return Input(path.name, folder, 1, n, facts)


def gen_anchors(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("anchors (other): a billion laughs, then anchors and aliases")
    laughs = "  lol0: &l0 [" + ", ".join(["lol"] * LAUGHS) + "]\n"
    for level in range(1, LAUGHS):
        laughs += f"  lol{level}: &l{level} [" + ", ".join([f"*l{level - 1}"] * LAUGHS) + "]\n"
    head = laughs + "  items:\n"
    pairs = fill(doc.budget(size, "x-anchors:\n", head), lambda i: f"    - &a{i:06d} Nilai {i:06d}\n    - *a{i:06d}\n")
    doc.add("x-anchors", head + "".join(pairs))
    path = folder / "anchors.yaml"
    n = write(path, doc.render(), size)
    facts = (
        f"{LAUGHS} levels of {LAUGHS} aliases each (10^{LAUGHS} `lol` if expanded), "
        f"then {len(pairs):,} anchored values each used once by an alias"
    )
    return Input(path.name, folder, 1, n, facts)


def gen_deep_nesting(folder: Path, size: int, args: argparse.Namespace) -> Input:
    doc = Doc.minimal("deep-nesting (other): flow sequences nested as deep as the size allows")
    depth = doc.budget(size, "x-deep: \n") // 2
    doc.blocks["x-deep"] = "x-deep: " + "[" * depth + "]" * depth + "\n"
    path = folder / "deep-nesting.yaml"
    n = write(path, doc.render(), size)
    return Input(path.name, folder, 1, n, f"`x-deep` holds {depth:,} nested flow sequences `[[[...]]]`")


@dataclass(frozen=True)
class Class:
    """A class of hostile input: its name, what it attacks, its generator."""

    name: str
    what: str
    generate: Callable[[Path, int, argparse.Namespace], Input]
    other: bool = False
    """Not in the issue: another input a hostile pull request would try."""


CLASSES = (
    Class("long-ids", "messages quote long values and list known ids (I004, I005)", gen_long_ids),
    Class("million-findings", "as many findings as fit in the file", gen_million_findings),
    Class("findings-under-cap", "as many findings as a file under the value limit holds", gen_findings_under_cap),
    Class("suppressions", "comments times quoted values; each comment rescans forward", gen_suppressions),
    Class("duplicate-keys", "each duplicate rescans its mapping", gen_duplicate_keys),
    Class("agencies-counters", "the audit compares every agency with every counter", gen_agencies_counters),
    Class("glob", "a per-file-ignores glob that backtracks catastrophically", gen_glob),
    Class("cache", "the parent holds every file's bytes at once", gen_cache),
    Class("deep-folders", "a catalog folder nested 1,200 levels deep", gen_deep_folders),
    Class("long-string", "a single value of nearly 4 MiB on one line", gen_long_string, other=True),
    Class("wide-flow", "one flow mapping with hundreds of thousands of keys on one line", gen_wide_flow, True),
    Class("anchors", "a billion laughs and many anchors (aliases are refused)", gen_anchors, other=True),
    Class("deep-nesting", "nesting millions of levels deep (refused past 32)", gen_deep_nesting, other=True),
)
BY_NAME = {c.name: c for c in CLASSES}


# --------------------------------------------------------------------------- running


@dataclass
class Row:
    """One measured command."""

    cls: str
    label: str
    cmd: list[str]
    cwd: Path
    floor: bool = False
    goal_s: float = GOAL_S
    timeout: float = 120.0
    input_text: str = ""
    once: bool = False
    """Run once whatever ``--rounds`` says (the cache rows: a second fill would be warm)."""
    walls: list[float] = field(default_factory=list)
    wall: float | None = None
    """The median of ``walls``."""
    rc: int | None = None
    peak_mb: float | None = None
    tree_mb: float | None = None
    timed_out: bool = False
    crash: str = ""
    traceback: str = ""
    findings: int | None = None
    note: str = ""
    ok: bool = True
    verdict: str = ""
    reasons: list[str] = field(default_factory=list)


def _stderr_text(path: Path) -> str:
    """The first and last 200 KB of a run's stderr."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(200_000)
            if size > 400_000:
                f.seek(size - 200_000)
                head += b"\n[...]\n" + f.read()
            elif size > 200_000:
                head += f.read()
    except OSError:
        return ""
    return head.decode("utf-8", errors="replace")


def _summary_findings(path: Path) -> int | None:
    """Errors + warnings + infos from the `summary` at the end of a JSON report."""
    try:
        size = path.stat().st_size
        with path.open("rb") as f:
            f.seek(max(0, size - 1_000_000))
            tail = f.read().decode("utf-8", errors="replace")
        at = tail.rfind('"summary":')
        if at < 0:
            return None
        summary, _ = json.JSONDecoder().raw_decode(tail[at + len('"summary":') :].lstrip())
        return sum(int(summary.get(k, 0)) for k in ("errors", "warnings", "infos"))
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def measure(row: Row, scratch: Path, args: argparse.Namespace) -> None:
    """Run ``row`` once more under the wrapper and record the figures (memory: the highest run's)."""
    out = scratch / "stdout" if args.findings and not row.floor else Path(os.devnull)
    err = scratch / "stderr"
    env = {
        "PYTHONPATH": os.pathsep.join(p for p in (str(REPO), os.environ.get("PYTHONPATH", "")) if p),
        "MPPTOOL_DEBUG": "1",
        "NO_COLOR": "1",
    }
    spec = {
        "cmd": row.cmd,
        "cwd": str(row.cwd),
        "env": env,
        "stdout": str(out),
        "stderr": str(err),
        "timeout": row.timeout,
        "mem_limit_mb": args.mem_limit,
    }
    with subprocess.Popen(
        [PY, "-c", WRAPPER, json.dumps(spec)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as wrapper:
        try:
            wout, werr = wrapper.communicate(timeout=row.timeout + 120)
        except subprocess.TimeoutExpired:  # a stuck wrapper: SIGTERM lets it kill the command first
            wrapper.terminate()
            wout, werr = wrapper.communicate()
        except BaseException:  # Ctrl-C: the same, then stop
            wrapper.terminate()
            wrapper.communicate()
            raise
    try:
        figures = json.loads(wout.strip().splitlines()[-1])
    except (ValueError, IndexError):
        row.rc, row.crash = -1, f"the wrapper failed: {(werr.strip().splitlines() or ['?'])[-1][:200]}"
        return
    row.walls.append(figures["wall"])
    row.rc, row.timed_out = figures["rc"], figures["timed_out"]
    row.peak_mb = max(row.peak_mb or 0.0, figures["maxrss_kb"] / 1024)
    if figures["tree_kb"] is not None:
        row.tree_mb = max(row.tree_mb or 0.0, figures["tree_kb"] / 1024)
    text = _stderr_text(err)
    if "Traceback (most recent call last)" in text:
        row.traceback = text[text.find("Traceback (most recent call last)") :]
        last = [ln for ln in row.traceback.splitlines() if ln.strip() and not ln.startswith(" ")]
        row.crash = last[-1][:200] if last else "traceback"
    elif "internal error" in text:
        row.crash = next(ln for ln in text.splitlines() if "internal error" in ln)[:200]
    elif row.floor:
        row.note = text.strip().splitlines()[-1][:120] if row.rc and text.strip() else ""
    elif row.rc == 2 and not row.timed_out:
        row.note = next((ln for ln in text.splitlines() if ln.startswith("mpptool: error")), "")[:160]
    if not row.floor and out != Path(os.devnull):
        row.findings = _summary_findings(out)
        out.unlink(missing_ok=True)
    err.unlink(missing_ok=True)


def judge(row: Row, args: argparse.Namespace) -> None:
    """The verdict of one row: `ok`, or `OVER` with the reasons; floors are never judged."""
    peak = max(row.peak_mb or 0.0, row.tree_mb or 0.0)
    reasons = []
    if row.timed_out:
        reasons.append(f"timed out after {row.timeout:.0f} s")
    elif row.crash:
        reasons.append(f"crash: {row.crash}")
    elif row.rc is not None and row.rc < 0:
        try:
            reasons.append(f"killed by {signal.Signals(-row.rc).name}")
        except ValueError:
            reasons.append(f"exit {row.rc}")
    elif row.rc not in (0, 1, 2):
        reasons.append(f"exit {row.rc}")
    if row.wall is not None and not row.timed_out and row.wall > row.goal_s:
        reasons.append(f"{row.wall:.1f} s > {row.goal_s:g} s")
    if peak > GOAL_MB:
        reasons.append(f"{peak:,.0f} MB > {GOAL_MB:.0f} MB")
    if args.mem_limit and peak >= 0.9 * args.mem_limit:
        reasons.append(f"at the --mem-limit cap of {args.mem_limit:,} MB")
    if row.floor:
        row.ok = not (row.crash or row.timed_out or row.rc)
        row.verdict = "floor" if row.ok else "floor failed: " + ("; ".join(reasons) or row.note)
        return
    row.ok = not reasons
    row.reasons = reasons
    row.verdict = "ok" if row.ok else "OVER: " + "; ".join(reasons)
    if row.note:
        row.verdict += f" ({row.note})"


def mpptool_cmd(command: str, inp: Input, audit_no_cache: bool) -> list[str]:
    cmd = [PY, "-m", "mpptool", command, inp.target, "--format", "json"]
    if command == "audit":
        cmd += ["--as-of", AS_OF] + (["--no-cache"] if audit_no_cache else [])
    elif inp.cache is not None:
        cmd += ["--cache-dir", str(inp.cache)]
    else:
        cmd += ["--no-cache"]
    if inp.isolated:
        cmd.append("--isolated")
    return cmd


def rows_for(cls: Class, inp: Input, args: argparse.Namespace, audit_no_cache: bool) -> list[Row]:
    """The floor, then validate (twice for the cache: filling it, then warm), then the audit."""
    size = human(inp.size) if inp.files == 1 else f"{inp.files} x {human(inp.size // inp.files)}"
    t = args.timeout
    rows = [Row(cls.name, "floor: read the bytes", [PY, "-c", FLOOR, inp.target], inp.cwd, True, timeout=t)]
    if inp.cache is not None:  # the time goal is 5 s a file
        goal = GOAL_S * inp.files
        cmd = mpptool_cmd("validate", inp, audit_no_cache)
        for label in ("validate, cache on (fills it)", "validate, cache on (warm)"):
            rows.append(Row(cls.name, label, cmd, inp.cwd, goal_s=goal, timeout=max(t, goal + 60), once=True))
    else:
        label = "validate" + ("" if inp.isolated else " (with mpptool.toml)")
        rows.append(Row(cls.name, label, mpptool_cmd("validate", inp, audit_no_cache), inp.cwd, timeout=t))
    if inp.audit:
        rows.append(Row(cls.name, "audit", mpptool_cmd("audit", inp, audit_no_cache), inp.cwd, timeout=t))
    for row in rows:
        row.input_text = size
    return rows


def human(size: int) -> str:
    """Bytes as MiB, or KiB under one MiB."""
    return f"{size / 1024 / 1024:.2f} MiB" if size >= 1024 * 1024 else f"{size / 1024:.1f} KiB"


def remove_deep(folder: Path) -> None:
    """Remove a deep-folders tree level by level (shutil.rmtree recurses, and fails past ~1,000)."""
    if not (folder / "d").is_dir():
        return
    here = os.open(".", os.O_RDONLY)
    try:
        os.chdir(folder)
        levels = 0
        while os.path.isdir("d"):
            os.chdir("d")
            levels += 1
        for name in os.listdir("."):
            os.unlink(name)
        for _ in range(levels):
            os.chdir("..")
            os.rmdir("d")
    finally:
        os.fchdir(here)
        os.close(here)


# --------------------------------------------------------------------------- facts & output


def run_text(cmd: Sequence[str]) -> str:
    env = dict(os.environ, PYTHONPATH=str(REPO), NO_COLOR="1")
    try:
        done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return f"unavailable ({exc})"
    if done.stdout.strip():
        return done.stdout.strip()
    lines = done.stderr.strip().splitlines()
    return f"unavailable (exit {done.returncode}: {lines[-1] if lines else ''})"


def machine_facts() -> dict[str, object]:
    """Where the figures were taken."""
    try:
        import yaml

        yaml_info = f"PyYAML {yaml.__version__}, libyaml {getattr(yaml, '__with_libyaml__', False)}"
    except ImportError:
        yaml_info = "PyYAML missing"
    try:
        nproc = len(os.sched_getaffinity(0))
    except AttributeError:
        nproc = os.cpu_count() or 0
    mem = ""
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            mem = f"{int(f.readline().split()[1]) / 1024 / 1024:.1f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {
        "nproc": nproc,
        "cpu_count": os.cpu_count(),
        "memory": mem,
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "yaml": yaml_info,
    }


def render_table(rows: list[Row]) -> str:
    """A plain-text table, no dependencies."""
    head = ["class", "command", "input", "s", "peak MB", "tree MB", "exit", "verdict"]

    def num(x: float | None, spec: str) -> str:
        return "-" if x is None else format(x, spec)

    body = [
        [
            r.cls,
            r.label,
            r.input_text,
            ("> " if r.timed_out else "") + num(r.wall, ".2f"),
            num(r.peak_mb, ",.0f"),
            num(r.tree_mb, ",.0f"),
            "-" if r.rc is None else "killed" if r.timed_out else str(r.rc),
            r.verdict
            + (f" [{r.findings:,} finding{'' if r.findings == 1 else 's'}]" if r.findings is not None else ""),
        ]
        for r in rows
    ]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]

    def line(cells: list[str]) -> str:
        parts = [
            c.ljust(w) if i in (0, 1, 7) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule, *(line(b) for b in body)])


def parse_size(text: str) -> int:
    match = re.fullmatch(r"\s*(\d+)\s*(k|kib|kb|m|mib|mb)?\s*", text.lower())
    if not match:
        raise argparse.ArgumentTypeError(f"{text!r}: give bytes, or KiB/MiB, e.g. 262144, 256KiB, 4MiB")
    unit = {"k": 1024, "kib": 1024, "kb": 1024, "m": 1024 * 1024, "mib": 1024 * 1024, "mb": 1024 * 1024}
    return int(match.group(1)) * unit.get(match.group(2) or "", 1)


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    doc = (__doc__ or "").split("\n\n")[0]
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("--size", type=parse_size, default=CAP, help="bytes per input, at most 4MiB (default 4MiB)")
    ap.add_argument(
        "--only", action="append", choices=list(BY_NAME), metavar="CLASS", help="run this class (repeatable)"
    )
    ap.add_argument("--rounds", type=int, default=1, help="runs of each command; seconds are their median")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds before a run is killed (default 120)")
    ap.add_argument("--cache-files", type=int, default=40, help="files in the cache class (default 40)")
    ap.add_argument("--mem-limit", type=int, default=4096, help="address-space cap per run in MB, 0 for none")
    ap.add_argument("--out", type=Path, help="generate the inputs into DIR (kept) instead of a temporary folder")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder of inputs")
    ap.add_argument("--findings", action="store_true", help="write each report to a file and count its findings")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    args = ap.parse_args(argv)
    if not 16 * 1024 <= args.size <= CAP:
        ap.error(f"--size must be from 16KiB to 4MiB ({CAP:,} bytes), the file cap")
    if args.cache_files < 1 or args.rounds < 1 or args.timeout <= 0 or args.mem_limit < 0:
        ap.error("--cache-files, --rounds and --timeout must be positive, --mem-limit 0 or more")
    if not FIXTURE.is_file():
        ap.error(f"{FIXTURE} is missing: the classes are built on it")
    if args.out is not None and args.out.exists() and any(args.out.iterdir()):
        ap.error(f"--out {args.out}: not empty")
    chosen = [BY_NAME[name] for name in dict.fromkeys(args.only)] if args.only else list(CLASSES)

    def log(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    def stop(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)  # so the run in progress is killed and the inputs removed

    signal.signal(signal.SIGTERM, stop)

    version = run_text([PY, "-m", "mpptool", "--version"]).removeprefix("mpptool ")
    if version.startswith("unavailable"):
        log(f"python -m mpptool cannot start from {REPO}: {version}")
        return 2
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        top = args.out.resolve()
    else:
        top = Path(tempfile.mkdtemp(prefix="mpp-bench-hostile-"))
    keep = args.keep or args.out is not None
    audit_no_cache = "--no-cache" in run_text([PY, "-m", "mpptool", "audit", "--help"])
    machine = machine_facts()
    started = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    log(f"inputs in {top}; {len(chosen)} classes at {args.size:,} bytes; mpptool: {version}")
    rows: list[Row] = []
    inputs: dict[str, Input] = {}
    scratch = top / ".scratch"
    scratch.mkdir(exist_ok=True)
    try:
        for cls in chosen:
            folder = top / cls.name
            folder.mkdir()
            log(f"{cls.name}: generating ...")
            inp = cls.generate(folder, args.size, args)
            inputs[cls.name] = inp
            log(f"  {inp.files} file(s), {inp.size:,} bytes: {inp.facts}")
            if inp.cache is not None:
                shutil.rmtree(inp.cache, ignore_errors=True)
            for row in rows_for(cls, inp, args, audit_no_cache):
                for _ in range(1 if row.once else args.rounds):
                    measure(row, scratch, args)
                    if row.timed_out or row.crash or row.rc not in (0, 1, 2):
                        break  # one failure is the verdict: no need to wait for it again
                row.wall = statistics.median(row.walls) if row.walls else None
                judge(row, args)
                rows.append(row)
                log(
                    f"  {row.label}: {row.wall or 0:.2f} s, {max(row.peak_mb or 0, row.tree_mb or 0):,.0f} MB, "
                    f"exit {row.rc}: {row.verdict}"
                )
            if not keep:
                remove_deep(folder)
                shutil.rmtree(folder, ignore_errors=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
        if not keep:
            for cls in chosen:
                remove_deep(top / cls.name)
            shutil.rmtree(top, ignore_errors=True)
        else:
            log(f"inputs kept in {top}")

    judged = [r for r in rows if not r.floor]
    over = [r for r in judged if not r.ok]
    report = {
        "date": started,
        "machine": machine,
        "mpptool": version,
        "goal": {"seconds": GOAL_S, "mb": GOAL_MB},
        "size": args.size,
        "rounds": args.rounds,
        "timeout": args.timeout,
        "mem_limit_mb": args.mem_limit,
        "inputs": {name: {"files": i.files, "bytes": i.size, "facts": i.facts} for name, i in inputs.items()},
        "rows": [
            {
                "class": r.cls,
                "command": r.label,
                "argv": r.cmd,
                "input": r.input_text,
                "seconds": None if r.wall is None else round(r.wall, 3),
                "peak_mb": None if r.peak_mb is None else round(r.peak_mb, 1),
                "tree_mb": None if r.tree_mb is None else round(r.tree_mb, 1),
                "exit": r.rc,
                "timed_out": r.timed_out,
                "crash": r.crash or None,
                "traceback": r.traceback[-4000:] or None,
                "findings": r.findings,
                "verdict": r.verdict,
            }
            for r in rows
        ],
        "over": len(over),
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 1 if over else 0
    print()
    print(f"goal: any input up to the {CAP:,}-byte file cap checked in under {GOAL_S:g} s and {GOAL_MB:.0f} MB")
    print(f"date: {started}")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    print(f"mpptool: {version} (python -m mpptool from {REPO})")
    print(
        f"inputs: {args.size:,} bytes each; {args.rounds} round(s); timeout {args.timeout:g} s; memory cap "
        f"{args.mem_limit:,} MB a run; each command in a fresh process, report to "
        + ("a file (--findings)" if args.findings else "/dev/null")
    )
    for name, inp in inputs.items():
        cls = BY_NAME[name]
        print(f"  {name} - {'other: ' if cls.other else ''}{cls.what}: {inp.files} file(s), {inp.size:,} bytes")
        print(f"    {inp.facts}")
    print()
    print(render_table(rows))
    print()
    print(
        "peak MB: the largest process (ru_maxrss); tree MB: the whole process tree, sampled from /proc; "
        "the verdict takes the larger. The cache rows' time goal is 5 s a file."
    )
    crashes = [r for r in rows if r.traceback]
    for r in crashes:
        print(f"\ntraceback, {r.cls} / {r.label}:")
        lines = r.traceback.strip().splitlines()
        print("\n".join(lines if len(lines) <= 24 else [*lines[:8], "  [...]", *lines[-14:]]))
    print(f"\n{len(judged) - len(over)} of {len(judged)} rows ok, {len(over)} OVER")
    return 1 if over else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        sys.exit(130)
