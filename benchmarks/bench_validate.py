"""Time and size ``mpptool validate`` and ``audit`` against bare PyYAML and check-jsonschema.

Every measured command runs in a fresh process under a tiny Python wrapper that
``subprocess.run``s it, times it (wall clock) and reads the peak resident set size of the
process tree from ``resource.getrusage(RUSAGE_CHILDREN).ru_maxrss`` (the largest single
process, not a sum over workers). Rows over the whole tree take the median of ``--rounds``
runs, interleaved round by round; the one-file cold-start rows take the median of
``--cold-runs`` runs.

Usage: python benchmarks/bench_validate.py [TREE] [--rounds 3] [--skip-slow] [--json]

Without TREE a 509-file tree is generated into a temporary folder (and removed after);
a TREE that does not exist yet is generated there and kept. The exit status is 0 when the
measurements ran, whatever the rows found; 2 for usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
GENERATE = Path(__file__).resolve().parent / "generate.py"
SCHEMA = REPO / "schemas" / "mpp-catalog-v1.schema.json"
SMALL_FILE = Path("catalog") / "kab-cirebon.yaml"
PY = sys.executable
CHECK_JSONSCHEMA = Path(PY).parent / "check-jsonschema"

WRAPPER = """\
import json, resource, subprocess, sys, time
out, err, cmd = sys.argv[1], sys.argv[2], sys.argv[3:]
with open(out, "wb") as fo, open(err, "wb") as fe:
    t0 = time.perf_counter()
    rc = subprocess.run(cmd, stdout=fo, stderr=fe).returncode
    wall = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"wall": wall, "rc": rc, "maxrss_kb": rss}))
"""

READ_BYTES = """\
import pathlib, sys
n = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.y*ml")):
    n += len(p.read_bytes())
print(f"{n:,} bytes")
"""

YAML_LOAD = """\
import json, pathlib, sys, yaml
files = errors = 0
for p in sorted(pathlib.Path(sys.argv[1]).rglob("*.y*ml")):
    files += 1
    with open(p, "rb") as f:
        try:
            yaml.load(f, Loader=yaml.CSafeLoader)
        except yaml.YAMLError:
            errors += 1
print(f"{files} files, {errors} YAML errors")
"""

MPPTOOL_PROBE = """\
import importlib.util, sys
sys.exit(0 if importlib.util.find_spec("mpptool.__main__") else 3)
"""


@dataclass
class Run:
    """One measured run."""

    wall: float
    rc: int
    maxrss_kb: int


@dataclass
class Row:
    """One line of the result table."""

    key: str
    label: str
    cmd: list[str] | None
    judge: Callable[[Run, str, str], tuple[bool, str]] = field(repr=False)
    shown: str = ""  # the command as reported (file lists abbreviated)
    status: str = "pending"  # ok | findings | failed | skipped | unavailable
    note: str = ""
    runs: list[Run] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        """Figures for the table and for ``--json``."""
        walls = [r.wall for r in self.runs]
        return {
            "key": self.key,
            "label": self.label,
            "command": self.shown or (" ".join(self.cmd) if self.cmd else None),
            "status": self.status,
            "note": self.note,
            "runs": len(walls),
            "median_s": round(statistics.median(walls), 4) if walls else None,
            "min_s": round(min(walls), 4) if walls else None,
            "peak_mb": round(max(r.maxrss_kb for r in self.runs) / 1024, 1) if walls else None,
            "walls_s": [round(w, 4) for w in walls],
        }


# --------------------------------------------------------------------------- judging runs


def _tail(text: str) -> str:
    lines = [ln for ln in text.strip().splitlines() if ln.strip()]
    return lines[-1][:200] if lines else ""


def judge_plain(run: Run, out: str, err: str) -> tuple[bool, str]:
    """Helper snippets: exit 0 expected; their stdout is the note."""
    if run.rc != 0:
        return False, f"exit {run.rc}: {_tail(err)}"
    return True, out.strip()[:200]


def judge_mpptool(run: Run, out: str, err: str) -> tuple[bool, str]:
    """Judge `mpptool --format json`: 0 clean, 1 findings (JSON on stdout); else a failure."""
    if run.rc not in (0, 1):
        return False, f"exit {run.rc}: {_tail(err) or _tail(out)}"
    try:
        summary = json.loads(out)["summary"]
    except (ValueError, KeyError, TypeError):
        return False, f"exit {run.rc} without a JSON report on stdout: {_tail(err) or _tail(out)}"
    return True, "exit {} ({} files, {} errors, {} warnings)".format(
        run.rc, summary.get("files"), summary.get("errors"), summary.get("warnings")
    )


def judge_mpptool_text(run: Run, out: str, err: str) -> tuple[bool, str]:
    """mpptool with its default text output: 0 clean, 1 findings; 2 or else a failure."""
    if run.rc not in (0, 1):
        return False, f"exit {run.rc}: {_tail(err) or _tail(out)}"
    if "Traceback (most recent call last)" in err:
        return False, f"traceback: {_tail(err)}"
    return True, f"exit {run.rc}"


def judge_check_jsonschema(run: Run, out: str, err: str) -> tuple[bool, str]:
    """check-jsonschema: 0 all valid, 1 some invalid; anything else is a failure."""
    if run.rc == 0:
        return True, "exit 0: " + (_tail(out) or "all valid")
    if run.rc == 1 and ("validation errors" in out or "failed to parse" in out.lower()):
        n = out.count("::$")  # one "file::$.pointer: message" line per schema error
        m = out.count("Failed to parse ")
        return True, f"exit 1: {n} schema errors, {m} files failed to parse"
    return False, f"exit {run.rc}: {_tail(err) or _tail(out)}"


# --------------------------------------------------------------------------- running


def measure(cmd: Sequence[str], timeout: float) -> tuple[Run, str, str]:
    """Run ``cmd`` under the wrapper in REPO; return the run, its stdout and its stderr."""
    with tempfile.TemporaryDirectory(prefix="mppbench-") as tmp:
        out_p, err_p = Path(tmp) / "out", Path(tmp) / "err"
        proc = subprocess.Popen(
            [PY, "-c", WRAPPER, str(out_p), str(err_p), *cmd],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            wout, werr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return Run(timeout, -9, 0), "", f"timed out after {timeout:.0f} s"
        out = out_p.read_text(errors="replace") if out_p.exists() else ""
        err = err_p.read_text(errors="replace") if err_p.exists() else ""
    try:
        d = json.loads(wout.strip().splitlines()[-1])
        return Run(float(d["wall"]), int(d["rc"]), int(d["maxrss_kb"])), out, err
    except (ValueError, IndexError, KeyError):
        return Run(0.0, -1, 0), out, f"wrapper failed: {_tail(werr)}"


def step(row: Row, timeout: float, log: Callable[[str], None]) -> None:
    """Run a row once more, unless it already failed."""
    if row.status in ("failed", "skipped", "unavailable") or row.cmd is None:
        return
    run, out, err = measure(row.cmd, timeout)
    ok, note = row.judge(run, out, err)
    if not ok:
        row.status, row.note = "failed", note
        log(f"  {row.label}: FAILED ({note})")
        return
    row.runs.append(run)
    row.note = note
    row.status = "findings" if run.rc == 1 else "ok"
    log(f"  {row.label}: {run.wall:.3f} s, {run.maxrss_kb / 1024:.0f} MB, {note}")


def mpptool_available() -> tuple[bool, str]:
    """Whether ``python -m mpptool`` can start from the repository root."""
    r = subprocess.run([PY, "-c", MPPTOOL_PROBE], cwd=REPO, capture_output=True, text=True, check=False)
    if r.returncode == 0:
        return True, ""
    return False, "mpptool not importable" + (f": {_tail(r.stderr)}" if r.stderr.strip() else "")


# --------------------------------------------------------------------------- facts & output


def tree_facts(files: Sequence[Path]) -> dict[str, object]:
    """File count, bytes and lines of the tree."""
    size = lines = 0
    for p in files:
        data = p.read_bytes()
        size += len(data)
        lines += data.count(b"\n")
    return {"files": len(files), "total_mb": round(size / 1e6, 2), "total_lines": lines}


def machine_facts() -> dict[str, object]:
    """Where the figures were taken."""
    try:
        import yaml

        yaml_info = f"PyYAML {yaml.__version__}, libyaml {getattr(yaml, '__with_libyaml__', False)}"
    except ImportError:
        yaml_info = "PyYAML missing"
    # check-jsonschema parses YAML with ruamel.yaml: ~3x slower without its C extension
    ruamel_c = importlib.util.find_spec("_ruamel_yaml") is not None
    try:
        affinity = len(os.sched_getaffinity(0))
    except AttributeError:
        affinity = os.cpu_count() or 0
    return {
        "nproc": affinity,
        "cpu_count": os.cpu_count(),
        "loadavg": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "yaml": yaml_info,
        "ruamel_yaml_clib": ruamel_c,
    }


def _fmt(x: object, spec: str = ".3f") -> str:
    return "-" if x is None else format(x, spec)


def render_table(rows: list[dict[str, object]]) -> str:
    """A plain-text table, no dependencies."""
    head = ["row", "median s", "min s", "peak MB", "runs", "status / note"]
    body = [
        [
            str(r["label"]),
            _fmt(r["median_s"]),
            _fmt(r["min_s"]),
            _fmt(r["peak_mb"], ".0f"),
            str(r["runs"]),
            f"{r['status']}: {r['note']}" if r["note"] else str(r["status"]),
        ]
        for r in rows
    ]
    widths = [max(len(x[i]) for x in [head, *body]) for i in range(len(head))]
    widths[-1] = min(widths[-1], 70)

    def line(cells: list[str]) -> str:
        parts = [c.ljust(w) if i in (0, 5) else c.rjust(w) for i, (c, w) in enumerate(zip(cells, widths, strict=True))]
        return "  ".join(parts).rstrip()

    rule = "  ".join("-" * w for w in widths)
    return "\n".join([line(head), rule, *(line(b) for b in body)])


def ratio(a: dict[str, object], b: dict[str, object]) -> float | None:
    """Median of row a over median of row b, when both rows produced figures."""
    x, y = a.get("median_s"), b.get("median_s")
    if isinstance(x, float) and isinstance(y, float) and y > 0:
        return round(x / y, 2)
    return None


# --------------------------------------------------------------------------- main


def main(argv: Sequence[str] | None = None) -> int:
    """Command-line entry point."""
    doc = (__doc__ or "").split("\n\n")[0]
    ap = argparse.ArgumentParser(description=doc)
    ap.add_argument("tree", nargs="?", type=Path, help="catalog tree (default: generate one)")
    ap.add_argument("--rounds", type=int, default=3, help="runs per whole-tree row (median)")
    ap.add_argument("--cold-runs", type=int, default=15, help="runs per one-file row (median)")
    ap.add_argument("--skip-slow", action="store_true", help="skip check-jsonschema (50-150 s a run)")
    ap.add_argument("--broken", type=int, default=0, metavar="N", help="when generating the tree, corrupt N files")
    ap.add_argument(
        "--small",
        type=Path,
        default=SMALL_FILE,
        help=f"file for the cold-start rows (default {SMALL_FILE}, from the repo root)",
    )
    ap.add_argument("--timeout", type=float, default=900, help="seconds before a run is killed")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON on stdout")
    args = ap.parse_args(argv)
    if args.rounds < 1 or args.cold_runs < 1:
        ap.error("--rounds and --cold-runs must be at least 1")

    def log(msg: str) -> None:
        print(msg, file=sys.stderr if args.json else sys.stdout, flush=True)

    tmpdir: str | None = None
    generated: dict[str, object] | None = None
    tree: Path = args.tree
    if tree is None:
        tmpdir = tempfile.mkdtemp(prefix="mpp-bench-tree-")
        tree = Path(tmpdir) / "tree"
    elif tree.exists() and not tree.is_dir():
        ap.error(f"{tree} is not a folder")
    try:
        if not tree.exists():
            log(f"generating 509 files into {tree} ...")
            t0 = time.perf_counter()
            gen = subprocess.run(
                [PY, str(GENERATE), str(tree), "--count", "509", "--broken", str(args.broken), "--json"],
                capture_output=True,
                text=True,
                check=False,
            )
            if gen.returncode != 0:
                log(f"generate.py failed (exit {gen.returncode}): {_tail(gen.stderr)}")
                return 2
            generated = json.loads(gen.stdout)
            generated["wall_s"] = round(time.perf_counter() - t0, 2)
        return run_all(args, tree.resolve(), generated, log)
    finally:
        if tmpdir:
            shutil.rmtree(tmpdir, ignore_errors=True)


def run_all(
    args: argparse.Namespace,
    tree: Path,
    generated: dict[str, object] | None,
    log: Callable[[str], None],
) -> int:
    """Measure every row and print the report."""
    files = sorted(p for p in tree.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())
    if not files:
        log(f"no *.yaml files under {tree}")
        return 2
    facts = tree_facts(files)
    machine = machine_facts()
    has_mpptool, why = mpptool_available()
    small = args.small if args.small.is_absolute() else REPO / args.small
    small_label = str(args.small)
    if not small.is_file():
        small = min(files, key=lambda p: p.stat().st_size)
        small_label = f"{small.name} (smallest in tree; {args.small} missing)"
    cj = CHECK_JSONSCHEMA if CHECK_JSONSCHEMA.exists() else None

    schema = str(SCHEMA.relative_to(REPO))
    cache_dir = Path(tempfile.mkdtemp(prefix="mpptool-bench-cache-"))
    big = [
        Row(
            "read_bytes",
            "read all bytes (floor)",
            [PY, "-c", READ_BYTES, str(tree)],
            judge_plain,
            "python -c <read every file> TREE",
        ),
        Row(
            "yaml_load",
            "yaml.load CSafeLoader, all files",
            [PY, "-c", YAML_LOAD, str(tree)],
            judge_plain,
            "python -c <yaml.load(f, Loader=yaml.CSafeLoader) for every file> TREE",
        ),
        Row(
            "mpptool",
            "mpptool validate TREE --format json --no-cache (cold)",
            [PY, "-m", "mpptool", "validate", str(tree), "--format", "json", "--no-cache"],
            judge_mpptool,
            "python -m mpptool validate TREE --format json --no-cache",
        ),
        Row(
            "mpptool_warm",
            "mpptool validate TREE --format json, warm cache",
            [PY, "-m", "mpptool", "validate", str(tree), "--format", "json", "--cache-dir", str(cache_dir)],
            judge_mpptool,
            "python -m mpptool validate TREE --format json --cache-dir DIR (cache filled by a first run)",
        ),
        Row(
            "mpptool_audit",
            "mpptool audit TREE --format json",
            [PY, "-m", "mpptool", "audit", str(tree), "--format", "json", "--as-of", "2026-11-22"],
            judge_mpptool,
            "python -m mpptool audit TREE --format json --as-of 2026-11-22",
        ),
        Row(
            "check_jsonschema",
            "check-jsonschema, all files",
            [str(cj), "--schemafile", schema, *map(str, files)] if cj else None,
            judge_check_jsonschema,
            f"check-jsonschema --schemafile {schema} <{len(files)} files>",
        ),
    ]
    cold = [
        Row("python_pass", "python -c pass (floor)", [PY, "-c", "pass"], judge_plain, "python -c pass"),
        Row(
            "mpptool_small",
            f"mpptool validate {small_label}",
            [PY, "-m", "mpptool", "validate", str(small), "--no-cache"],
            judge_mpptool_text,
            f"python -m mpptool validate {small}",
        ),
        Row(
            "check_jsonschema_small",
            "check-jsonschema, one file",
            [str(cj), "--schemafile", schema, str(small)] if cj else None,
            judge_check_jsonschema,
            f"check-jsonschema --schemafile {schema} {small}",
        ),
    ]
    for r in big + cold:
        if r.key.startswith("mpptool") and not has_mpptool:
            r.status, r.note = "unavailable", why
        elif r.key.startswith("check_jsonschema") and cj is None:
            r.status, r.note = "unavailable", f"{CHECK_JSONSCHEMA} not found"
        elif r.key.startswith("check_jsonschema") and args.skip_slow:
            r.status, r.note = "skipped", "--skip-slow"

    log(
        f"tree {tree}: {facts['files']} files, {facts['total_mb']} MB, "
        f"{facts['total_lines']:,} lines; nproc {machine['nproc']}, "
        f"Python {machine['python']}, load {machine['loadavg']}"
    )
    if has_mpptool:
        shutil.rmtree(cache_dir, ignore_errors=True)
        filling = Row("mpptool_fill", "", list(big[3].cmd or []), judge_mpptool)
        step(filling, args.timeout, log)  # the first run: checks every file and writes the cache
        log(f"  cold run that fills the cache: {filling.summary()['median_s']} s")
    for i in range(args.rounds):
        log(f"round {i + 1}/{args.rounds}")
        for r in big:
            step(r, args.timeout, log)
    log(f"cold start, {args.cold_runs} runs each")
    for _ in range(args.cold_runs):
        for r in cold:
            step(r, args.timeout, lambda _m: None)
    for r in cold:
        if r.runs or r.status == "failed":
            log(f"  {r.label}: {r.status} {r.note}")

    shutil.rmtree(cache_dir, ignore_errors=True)
    rows = [r.summary() for r in big + cold]
    by = {str(r["key"]): r for r in rows}
    ratios = {
        "check_jsonschema_over_mpptool": ratio(by["check_jsonschema"], by["mpptool"]),
        "mpptool_over_yaml_load": ratio(by["mpptool"], by["yaml_load"]),
        "audit_over_validate": ratio(by["mpptool_audit"], by["mpptool"]),
        "cold_over_warm": ratio(by["mpptool"], by["mpptool_warm"]),
        "mpptool_small_over_python_pass": ratio(by["mpptool_small"], by["python_pass"]),
    }
    report = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": machine,
        "tree": {"path": str(tree), **facts, "generated": generated},
        "rounds": args.rounds,
        "cold_runs": args.cold_runs,
        "rows": rows,
        "ratios": ratios,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    print()
    print(f"date: {report['date']}")
    print("machine: " + ", ".join(f"{k} {v}" for k, v in machine.items()))
    print(f"tree: {tree} - {facts['files']} files, {facts['total_mb']} MB, {facts['total_lines']:,} lines")
    if generated:
        print(f"generated in {generated['wall_s']} s (seed {generated['seed']})")
    print(f"rounds: {args.rounds} (whole tree), {args.cold_runs} (one file)\n")
    print(render_table(rows))
    print()
    names = {
        "check_jsonschema_over_mpptool": "check-jsonschema / mpptool",
        "mpptool_over_yaml_load": "mpptool / bare yaml.load",
        "audit_over_validate": "mpptool audit / mpptool validate",
        "cold_over_warm": "validate cold / validate warm cache",
        "mpptool_small_over_python_pass": "mpptool one file / python -c pass",
    }
    for k, v in ratios.items():
        print(f"{names[k]}: {'n/a' if v is None else f'{v}x'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
