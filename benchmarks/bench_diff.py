"""Time ``mpptool diff --rev`` on a git repository holding a national benchmark tree.

Copies TREE into a temporary git repository, commits it, changes ``--changes`` values spread
over the files (a counter's posted staff, a service name, a metrics figure), commits again,
and times, each in a fresh process (median of ``--rounds``):

- ``mpptool diff --rev HEAD~1..HEAD --format json`` (two revisions, all blobs from git);
- ``mpptool diff --rev HEAD~1 --format json`` (a revision against the working tree).

Usage: python benchmarks/bench_diff.py TREE [--changes 300] [--files N] [--rounds 3]
Exit status 0 when the measurements ran; 2 for usage errors or when git is missing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PY = sys.executable
_ASSIGNED = re.compile(r"assigned: (\d+)")


def _git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-C", str(repo), "-c", "user.name=bench", "-c", "user.email=bench@example.org", *args],
        check=True,
        capture_output=True,
    )


def _change(files: list[Path], count: int, spread: int) -> int:
    """Bump `staff.assigned` in ``count`` places over ``spread`` files taken evenly from the tree."""
    chosen = files[:: max(1, len(files) // max(1, spread))][:spread]
    per_file = -(-count // len(chosen))
    done = 0
    for path in chosen:
        left = min(per_file, count - done)
        if left <= 0:
            break
        text, made = _ASSIGNED.subn(
            lambda m: f"assigned: {int(m.group(1)) + 1}", path.read_text(encoding="utf-8"), left
        )
        path.write_text(text, encoding="utf-8")
        done += made
    return done


def _time(cmd: list[str], cwd: Path) -> tuple[float, dict[str, object]]:
    start = time.perf_counter()
    run = subprocess.run(cmd, cwd=cwd, capture_output=True, check=False)
    wall = time.perf_counter() - start
    if run.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(cmd)} exited {run.returncode}: {run.stderr.decode()[-400:]}")
    return wall, json.loads(run.stdout)["summary"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--changes", type=int, default=300)
    parser.add_argument(
        "--files", type=int, default=0, help="spread the changes over this many files (default: one each)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if shutil.which("git") is None or not args.tree.is_dir():
        print("needs git and an existing TREE (python benchmarks/generate.py TREE)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        repo = Path(scratch) / "repo"
        shutil.copytree(args.tree, repo / "catalog")
        _git(repo, "init", "-q")
        _git(repo, "add", ".")
        _git(repo, "commit", "-q", "-m", "national tree")
        files = sorted((repo / "catalog").rglob("*.yaml"))
        spread = args.files or args.changes
        made = _change(files, args.changes, spread)
        _git(repo, "commit", "-q", "-am", f"{made} changes")
        _change(files, args.changes, spread)  # and as many again, uncommitted, for the working-tree row
        rows = {
            "diff --rev HEAD~1..HEAD": [PY, "-m", "mpptool", "diff", "--rev", "HEAD~1..HEAD", "-f", "json"],
            "diff --rev HEAD~1 (vs working tree)": [PY, "-m", "mpptool", "diff", "--rev", "HEAD~1", "-f", "json"],
        }
        print(f"tree: {len(files)} files; {made} values changed per revision, in {min(spread, len(files))} files")
        for label, cmd in rows.items():
            walls, summary = [], {}
            for _ in range(args.rounds):
                wall, summary = _time(cmd, repo)
                walls.append(wall)
            print(f"{label:<40} median {statistics.median(walls):.2f} s  min {min(walls):.2f} s  {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
