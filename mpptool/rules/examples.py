"""Worked examples of every rule: one failing and one passing case at least, shipped with the package.

The same examples are the data-driven rule tests (tests/rules/test_rule_cases.py) and what
`mpptool rules CODE` shows, so no example a user reads can be wrong without a test failing.
They live in ``mpptool/rules/examples/<family>.yaml``, a list of entries of this form::

    - code: C001                      # the rule the example is about
      name: what the example shows    # unique per code
      fail: {line: 4, column: 21}     # where the finding must be reported; or `pass: true`,
                                      # which means the code must not be reported at all
      yaml: |                         # one complete MPP file (checked as `case.yaml`)
        schema_version: 1
        ...

A rule about queue logs (the L and V families) adds ``logs``: a mapping of a log's file name
to its text (CSV or JSON Lines), read as ``logs/<name>`` with ``--activity logs`` against the
example's ``yaml`` (``catalog/case.yaml``). Its ``fail`` names ``file: logs/<name>`` for a
finding in the log, and nothing for one in the YAML.

A rule that needs more than one file's text (I002, I003, A011 compare files; the F-rules
and Y002 are about the file itself, not its YAML) uses ``files`` instead of ``yaml``: a
catalog folder, checked as a whole, whose entries map a path inside the folder either to
its YAML text or to a mapping that says how to make the file:

- ``text``: the YAML text, as an editor shows it;
- ``encoding``: how the text is saved (Python codec name; default ``utf-8``), so a file in
  Windows-1252 or with a byte-order mark (``utf-8-sig``) is real, not described;
- ``pad_to``: comment lines are appended until the file is exactly this many bytes;
- ``fill``: with ``pad_to``, this line is appended instead of comment lines (what it holds
  counts, e.g. list items for Y013);
- ``fifo: true``: the entry is a named pipe; ``symlink: TARGET``: a symbolic link to TARGET
  (relative to the entry's folder, or absolute);
- ``mode``: permissions as octal text (``"000"``), applied after the file is written;
- ``workbook``: an XLSX workbook (the X-rules), as ``mpptool export`` writes it from the
  mapping's ``yaml``, then edited as a clerk would: ``merge`` lists ranges to merge
  (``Layanan!B3:B4``), ``hide`` lists rows (``Layanan!7``), columns (``Layanan!C``) or whole
  sheets (``Sumber``) to hide. The test builds it with openpyxl and checks it by its path.

A failing ``files`` example also names the file the finding must be in: ``fail: {file:
kab-cirebon.yaml, line: 1, column: 1}``. An optional ``situation`` says in words what the
example sets up (shown to users; the ``files`` make it real for the test). The folder is
called ``catalog/`` when the test builds it and when the example is shown, so a situation
names its files that way. An example with
a ``situation`` and neither ``yaml`` nor ``files`` cannot be proven; the tests allow that
only for rules no file can trigger today.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files
from typing import Any

import yaml as pyyaml

_EXAMPLE_KEYS = frozenset({"code", "name", "fail", "pass", "yaml", "files", "situation", "logs"})
_FILE_KEYS = frozenset({"text", "encoding", "pad_to", "fill", "fifo", "symlink", "mode", "workbook"})
_WORKBOOK_KEYS = frozenset({"yaml", "merge", "hide"})
_FAIL_KEYS = frozenset({"line", "column", "file"})
_PAD_LINE = b"#" * 79 + b"\n"


@dataclass(frozen=True, slots=True)
class ExampleWorkbook:
    """A workbook exported from ``yaml`` and then edited: ranges merged, rows, columns or sheets hidden."""

    yaml: str
    merge: tuple[str, ...] = ()
    """Ranges to merge, as ``Sheet!B3:B4``."""
    hide: tuple[str, ...] = ()
    """What to hide: ``Sheet!7`` (a row), ``Sheet!C`` (a column) or ``Sheet`` (the sheet)."""


@dataclass(frozen=True, slots=True)
class ExampleFile:
    """One entry of a ``files`` example: what to create at ``name`` inside the catalog folder."""

    name: str
    text: str | None = None
    encoding: str = "utf-8"
    pad_to: int | None = None
    fifo: bool = False
    symlink: str | None = None
    mode: int | None = None
    fill: str | None = None
    workbook: ExampleWorkbook | None = None

    def data(self) -> bytes:
        """The file's bytes: the text in its encoding, padded with comment lines to ``pad_to``.

        Padding is generated rather than stored so that a file of 4 MiB and one byte (F004)
        costs one line in the examples, and every byte of it is still a valid YAML comment.
        """
        body = (self.text or "").encode(self.encoding)
        if self.pad_to is None:
            return body
        missing = self.pad_to - len(body)
        line = self.fill.encode(self.encoding) if self.fill else _PAD_LINE
        whole, rest = divmod(missing, len(line))
        return body + line * whole + (b"#" * (rest - 1) + b"\n" if rest else b"")


@dataclass(frozen=True, slots=True)
class Example:
    """A worked example of one rule; ``line``/``column`` (and ``file`` for ``files``) when it fails."""

    code: str
    name: str
    passes: bool
    yaml: str | None = None
    files: tuple[ExampleFile, ...] = ()
    situation: str | None = None
    line: int | None = None
    column: int | None = None
    file: str | None = None
    source: str = ""
    """The examples file it comes from (``audit.yaml``), so a failing test points at it."""
    logs: tuple[tuple[str, str], ...] = ()
    """Queue logs (name, text) the example's catalog is held against, read from ``logs/``."""

    @property
    def provable(self) -> bool:
        """Whether the example sets something up that a test can check (YAML text or files)."""
        return self.yaml is not None or bool(self.files)


def examples(code: str | None = None) -> tuple[Example, ...]:
    """Every example (or only ``code``'s), in the order of the files and within each file."""
    found = _load_all()
    return found if code is None else tuple(example for example in found if example.code == code)


@cache
def _load_all() -> tuple[Example, ...]:
    """Read once per process: the examples are package data and never change while running."""
    folder = package_files("mpptool.rules") / "examples"
    loaded: list[Example] = []
    for entry in sorted(folder.iterdir(), key=lambda item: item.name):
        if entry.name.endswith(".yaml"):
            items = pyyaml.safe_load(entry.read_text(encoding="utf-8")) or []
            if not isinstance(items, list):
                raise ValueError(f"{entry.name}: expected a list of examples")
            loaded.extend(_example(item, f"{entry.name}[{index}]", entry.name) for index, item in enumerate(items))
    return tuple(loaded)


def _example(item: Any, where: str, source: str) -> Example:
    """One entry, checked strictly: a malformed example must fail loudly, not pass as empty."""
    if not isinstance(item, dict) or not set(item) <= _EXAMPLE_KEYS:
        raise ValueError(f"{where}: an example is a mapping of {', '.join(sorted(_EXAMPLE_KEYS))}")
    passes = item.get("pass") is True
    fail = item.get("fail")
    if passes == (fail is not None):
        raise ValueError(f"{where}: give either `pass: true` or `fail: {{line, column}}`")
    text = _optional_str(item, "yaml", where)
    entries = item.get("files") or {}
    if not isinstance(entries, dict):
        raise ValueError(f"{where}: `files` maps a file name to its text or to how to make it")
    made = tuple(_file(str(name), spec, f"{where}.files.{name}") for name, spec in entries.items())
    situation = _optional_str(item, "situation", where)
    if text is not None and made:
        raise ValueError(f"{where}: give `yaml` or `files`, not both")
    if text is None and not made and situation is None:
        raise ValueError(f"{where}: give `yaml`, `files` or at least a `situation`")
    logs = item.get("logs") or {}
    if not isinstance(logs, dict) or not all(isinstance(t, str) for t in logs.values()):
        raise ValueError(f"{where}: `logs` maps a log file name to its text")
    if logs and text is None:
        raise ValueError(f"{where}: `logs` are read against the example's `yaml`")
    line = column = None
    file = None
    if isinstance(fail, dict) and set(fail) <= _FAIL_KEYS and logs:
        line, column, file = fail.get("line"), fail.get("column"), fail.get("file")
        if not (isinstance(line, int) and isinstance(column, int)):
            raise ValueError(f"{where}: `fail` needs the line and column it is reported at")
        if file is not None and file not in {f"logs/{name}" for name in logs}:
            raise ValueError(f"{where}: `fail.file` names one of the example's `logs` as logs/<name>")
    elif isinstance(fail, dict) and set(fail) <= _FAIL_KEYS:
        line, column, file = fail.get("line"), fail.get("column"), fail.get("file")
        proven = text is not None or made
        if proven and not (isinstance(line, int) and isinstance(column, int)):
            raise ValueError(f"{where}: `fail` needs the line and column it is reported at")
        if (file is not None or made) and file not in {entry.name for entry in made}:
            raise ValueError(f"{where}: `fail.file` names one of the example's `files` (and only then)")
    elif fail is not None:
        raise ValueError(f"{where}: `fail` is a mapping of line, column and (with `files`) file")
    return Example(
        code=_required_str(item, "code", where),
        name=_required_str(item, "name", where),
        passes=passes,
        yaml=text,
        files=made,
        situation=situation,
        line=line,
        column=column,
        file=file,
        source=source,
        logs=tuple((str(name), value) for name, value in logs.items()),
    )


def _file(name: str, spec: Any, where: str) -> ExampleFile:
    if isinstance(spec, str):
        return ExampleFile(name, spec)
    if not isinstance(spec, dict) or not set(spec) <= _FILE_KEYS:
        raise ValueError(f"{where}: a file is its YAML text or a mapping of {', '.join(sorted(_FILE_KEYS))}")
    mode = _optional_str(spec, "mode", where)
    pad_to = spec.get("pad_to")
    if pad_to is not None and not isinstance(pad_to, int):
        raise ValueError(f"{where}: `pad_to` is a number of bytes")
    made = ExampleFile(
        name,
        _optional_str(spec, "text", where),
        _optional_str(spec, "encoding", where) or "utf-8",
        pad_to,
        spec.get("fifo") is True,
        _optional_str(spec, "symlink", where),
        int(mode, 8) if mode is not None else None,
        _optional_str(spec, "fill", where),
        _workbook(spec.get("workbook"), where),
    )
    if pad_to is not None and len(made.data()) != pad_to:
        raise ValueError(f"{where}: the text is longer than `pad_to`")
    return made


def _workbook(spec: Any, where: str) -> ExampleWorkbook | None:
    if spec is None:
        return None
    if not isinstance(spec, dict) or not set(spec) <= _WORKBOOK_KEYS:
        raise ValueError(f"{where}: a workbook is a mapping of {', '.join(sorted(_WORKBOOK_KEYS))}")
    lists = {key: spec.get(key) or [] for key in ("merge", "hide")}
    if not all(isinstance(value, list) and all(isinstance(v, str) for v in value) for value in lists.values()):
        raise ValueError(f"{where}: a workbook's `merge` and `hide` are lists of text")
    return ExampleWorkbook(_required_str(spec, "yaml", where), tuple(lists["merge"]), tuple(lists["hide"]))


def _optional_str(item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is not None and not isinstance(value, str):
        raise ValueError(f"{where}: `{key}` must be text")
    return value


def _required_str(item: dict[str, Any], key: str, where: str) -> str:
    value = _optional_str(item, key, where)
    if not value:
        raise ValueError(f"{where}: `{key}` is required")
    return value
