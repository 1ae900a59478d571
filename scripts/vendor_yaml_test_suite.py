"""Vendor the official YAML test suite's inputs for the loader's conformance test.

Usage::

    python scripts/vendor_yaml_test_suite.py SRC_DIR

SRC_DIR is a checkout (or extracted archive) of the ``data`` branch of
https://github.com/yaml/yaml-test-suite: one folder per test id (``229Q``), some with numbered
sub-folders (``2JQS/00``, ``Y79Y/010``), each holding ``in.yaml`` (the input), ``===`` (the
test's name) and ``error`` when the input is invalid YAML. The ``name/`` and ``tags/`` folders
only link to the same tests and are skipped.

Writes ``tests/data/yaml-test-suite/cases.json``: a list sorted by id of
``{"id", "name", "yaml", "error"}`` (the input as text, exactly as in ``in.yaml``), and copies
the suite's licence (MIT) to ``tests/data/yaml-test-suite/LICENSE``. Nothing else is kept:
the expected events and JSON are not needed to check that invalid inputs are rejected.
The output is stable: running it again on the same source gives the same bytes.
Standard library only.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "tests" / "data" / "yaml-test-suite"
_ID = re.compile(r"[0-9A-Z]{4}\Z")
_SUB = re.compile(r"[0-9]{2,3}\Z")


def collect(src: Path) -> list[dict[str, object]]:
    """Every test case under ``src``, sorted by id (``ABCD`` or ``ABCD/01``)."""
    cases: list[dict[str, object]] = []
    for top in sorted(p for p in src.iterdir() if p.is_dir() and not p.is_symlink() and _ID.match(p.name)):
        subs = sorted(p for p in top.iterdir() if p.is_dir() and _SUB.match(p.name))
        for folder in subs or [top]:
            source = folder / "in.yaml"
            if not source.is_file():
                continue
            case_id = top.name if folder == top else f"{top.name}/{folder.name}"
            cases.append(
                {
                    "id": case_id,
                    "name": (folder / "===").read_text(encoding="utf-8").strip(),
                    # bytes, decoded: the input's own line breaks (\r\n, \r) are kept as they are
                    "yaml": source.read_bytes().decode("utf-8"),
                    "error": (folder / "error").exists(),
                }
            )
    cases.sort(key=lambda case: str(case["id"]))
    return cases


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not Path(argv[1]).is_dir():
        print(__doc__, file=sys.stderr)
        return 2
    src = Path(argv[1])
    cases = collect(src)
    if not cases:
        print(f"no test cases (folders with in.yaml) under {src}", file=sys.stderr)
        return 1
    OUT.mkdir(parents=True, exist_ok=True)
    text = json.dumps(cases, ensure_ascii=True, indent=1, sort_keys=True) + "\n"
    (OUT / "cases.json").write_text(text, encoding="utf-8", newline="\n")
    shutil.copyfile(src / "License", OUT / "LICENSE")
    invalid = sum(1 for case in cases if case["error"])
    print(f"wrote {len(cases)} cases ({invalid} invalid) to {OUT / 'cases.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
