"""The source lines findings point at, for `--show-source` (rustc and ruff show the line and a caret).

Read again after the checks, only when asked, only the lines wanted, and only from regular
text files: a FIFO or a device is never opened for reading (opened non-blocking, then
checked), a workbook or Parquet file has no lines, and a long log is read only up to
:data:`MAX_BYTES`. A line that cannot be decoded shows with replacement characters.
"""

from __future__ import annotations

import os
import re
import stat
from collections.abc import Iterable, Mapping

TEXT_SUFFIXES = (".yaml", ".yml", ".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".json")
"""Files whose findings sit on a line of text (catalog files and queue logs)."""
MAX_BYTES = 64 * 1024 * 1024
"""How far into one file excerpts are looked for: a finding deeper in a huge log has none."""
YAML_SUFFIXES = (".yaml", ".yml")
YAML_BREAKS = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
"""What YAML counts as a line break (so a line number from the parser names the same line here)."""
MAX_YAML_BYTES = 4 * 1024 * 1024 + 1
"""A catalog file is read whole (the size cap is 4 MiB): its lines split as the parser split them."""
MAX_LINE = 64 * 1024
"""The most of one line kept (a minified JSON line is cut; the caret is shown only within it)."""


def source_lines(wanted: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
    """``(file, line) -> text`` for every wanted line that could be read; anything else is left out."""
    by_file: dict[str, set[int]] = {}
    for file, line in wanted:
        if line >= 1 and file.lower().endswith(TEXT_SUFFIXES):
            by_file.setdefault(file, set()).add(line)
    found: dict[tuple[str, int], str] = {}
    for file, lines in sorted(by_file.items()):
        for number, text in _read(file, lines).items():
            found[(file, number)] = text
    return found


def _read(path: str, lines: set[int]) -> Mapping[int, str]:
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return {}
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return {}
        if path.lower().endswith(YAML_SUFFIXES):
            return _yaml_lines(fd, lines)
        last = max(lines)
        out: dict[int, str] = {}
        read = 0
        number = 0
        with os.fdopen(fd, "rb", closefd=False) as stream:
            while read <= MAX_BYTES and number < last:
                raw = stream.readline(MAX_LINE)
                if not raw:
                    break
                number += 1
                read += len(raw)
                rest = raw
                while not rest.endswith(b"\n") and len(rest) == MAX_LINE and read <= MAX_BYTES:
                    rest = stream.readline(MAX_LINE)  # the rest of an overlong line: counted, not kept
                    read += len(rest)
                if number in lines:
                    text = raw.decode("utf-8", errors="replace").rstrip("\r\n")
                    out[number] = text[1:] if number == 1 and text.startswith("\ufeff") else text
        return out
    except OSError:
        return {}
    finally:
        os.close(fd)


def _yaml_lines(fd: int, lines: set[int]) -> Mapping[int, str]:
    """A catalog file's wanted lines, split where the YAML parser breaks lines (CR, NEL, U+2028 too)."""
    with os.fdopen(fd, "rb", closefd=False) as stream:
        raw = stream.read(MAX_YAML_BYTES)
    if len(raw) >= MAX_YAML_BYTES:
        return {}  # over the size cap (F004): nothing was parsed, nothing to show
    text = raw.decode("utf-8", errors="replace").removeprefix("\ufeff")
    if not text.strip():
        return {}  # an empty file has no line to show
    rows = YAML_BREAKS.split(text)
    return {number: rows[number - 1][:MAX_LINE] for number in lines if number <= len(rows)}
