"""`mpptool export` and `mpptool import`: one MPP file to a workbook a clerk keeps, and back.

Options in, a file out, written atomically and never over an input. The workbook layout and
the cell rules are :mod:`mpptool.authoring.workbook`; the YAML file read for the export is
parsed by the strict loader (a file it cannot read is refused, with the validate command to
run), and the YAML written by the import is checked by the same loader before it is written.
"""

from __future__ import annotations

import io
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mpptool.authoring.workbook import from_workbook, left_out, to_workbook, yaml_text
from mpptool.engine.output import write_atomic
from mpptool.errors import UsageError
from mpptool.loaders.files import decode
from mpptool.loaders.locate import Locator
from mpptool.loaders.strict_yaml import parse_yaml
from mpptool.model import Finding, Severity
from mpptool.text.cells import cell_name, cell_position
from mpptool.text.i18n import Text, msg


@dataclass(frozen=True, slots=True)
class SpreadsheetOptions:
    """`export FILE -o BOOK` or `import BOOK -o FILE`."""

    source: str
    output: str
    lang: str = "id"
    force: bool = False


@dataclass(frozen=True, slots=True)
class SpreadsheetRun:
    """What was written, and the cells the import could not read (each located)."""

    output: str
    problems: tuple[str | Text, ...] = ()
    lost: bool = False
    """Whether a problem lost a value (a missing sheet, an unknown column, a formula, merged cells);
    a hidden row or column loses nothing: it is said, and read."""

    @property
    def exit_status(self) -> int:
        """1 when the import left something out (every such cell is named), else 0."""
        return 1 if self.lost else 0


def _refuse_existing(options: SpreadsheetOptions) -> None:
    if os.path.realpath(options.output) == os.path.realpath(options.source):
        raise UsageError(
            msg("errors.output-is-source", "{path}: is the input; write the result elsewhere", path=options.output),
            "E003",
        )
    if os.path.lexists(options.output) and not options.force:
        raise UsageError(
            msg("errors.output-exists", "{path}: already exists; give --force to replace it", path=options.output),
            "E003",
        )


def run_export(options: SpreadsheetOptions) -> SpreadsheetRun:
    """The MPP file at ``source`` as an XLSX workbook at ``output``."""
    from mpptool.loaders.reference import load_service_types

    _refuse_existing(options)
    try:
        with open(options.source, "rb") as stream:
            raw = stream.read()
    except OSError as error:
        raise UsageError(
            msg(
                "errors.source-unreadable",
                "{path}: cannot be read ({reason})",
                path=options.source,
                reason=str(error.strerror),
            ),
            "E001",
        ) from None
    text, bad = decode(raw)
    if text is None:
        line, column, why = bad or (1, 1, "not UTF-8")
        raise UsageError(
            f"{options.source}:{line}:{column}: Y002 "
            + msg("errors.save-as-utf8", "{why}; save it as UTF-8 first", why=why),
            "E007",
        )
    loaded = parse_yaml(text)
    if loaded.problems:  # a value the YAML does not say for certain would travel as a guess
        first = loaded.problems[0]
        more = (
            msg("errors.and-more", " (and {count:d} more)", count=len(loaded.problems) - 1)
            if len(loaded.problems) > 1
            else ""
        )
        raise UsageError(
            msg(
                "errors.fix-first",
                "{where}: {code} {problem}{more}; fix it first (`mpptool fix {path}` fixes what is certain), "
                "then export",
                where=f"{options.source}:{first.line}:{first.column}",
                code=first.code,
                problem=first.message,
                more=more,
                path=options.source,
            ),
            "E007",
        )
    if not isinstance(loaded.data, dict):
        raise UsageError(
            msg(
                "errors.not-mapping",
                "{path}:1:1: not an MPP file (its top level is not a mapping)",
                path=options.source,
            ),
            "E007",
        )
    lost = left_out(loaded.data)
    if lost:  # a key the format does not define has no column: exporting would drop it silently
        span = Locator(loaded.root).span(lost[0], at_key=True)
        raise UsageError(
            msg(
                "errors.no-column",
                "{where}: `{name}` is not part of the format and has no place in a workbook; fix or remove it first "
                "(`mpptool validate {path}` says what it should be)",
                where=f"{options.source}:{span.line}:{span.column}",
                name=lost[0],
                path=options.source,
            ),
            "E007",
        )
    book = to_workbook(loaded.data, options.lang, sorted(load_service_types()))
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(options.output, buffer.getvalue(), [options.source])
    return SpreadsheetRun(options.output)


def run_import(options: SpreadsheetOptions) -> SpreadsheetRun:
    """The workbook at ``source`` back to an MPP file at ``output``."""
    _refuse_existing(options)
    return write_import(load_book(options.source), options.source, options.output)


def load_book(source: str) -> Any:
    """The workbook at ``source`` (formulas as typed, not as computed), or E001 when it is none."""
    from openpyxl import load_workbook

    if not os.path.isfile(source):
        what = (
            msg("errors.is-a-folder", "is a folder")
            if os.path.isdir(source)
            else msg("errors.no-such-file", "no such file")
        )
        raise UsageError(
            msg("errors.give-workbook", "{path}: {what}; give the path of an .xlsx workbook", path=source, what=what),
            "E001",
        )
    try:
        return load_workbook(source, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise UsageError(
            msg(
                "errors.not-xlsx",
                "{path}: cannot be read as an XLSX workbook ({error})",
                path=source,
                error=type(error).__name__,
            ),
            "E001",
        ) from None


def write_import(book: Any, source: str, output: str) -> SpreadsheetRun:
    """The MPP file a loaded workbook stands for, written at ``output``; its unreadable cells named."""
    data, problems = from_workbook(book)
    text = yaml_text(data)
    check = parse_yaml(text)
    if check.root is None or check.problems:  # pragma: no cover - the emitter quotes every string
        raise UsageError(
            msg(
                "errors.not-yaml",
                "{path}: the workbook's values do not make a YAML file; please report it",
                path=source,
            ),
            "E007",
        )
    write_atomic(output, text, [source])
    shown = tuple(
        f"{source}:{cell_name(problem.sheet, *_column_row(problem.cell))}: " + problem.message for problem in problems
    )
    return SpreadsheetRun(output, shown, any(problem.kind != "hidden" for problem in problems))


def _column_row(ref: str) -> tuple[int, int]:
    row, column = cell_position(ref)
    return column, row


def annotate(source: str, findings: Sequence[Finding], output: str, lang: str = "en") -> int:
    """A copy of the workbook ``source`` at ``output`` with every finding as a comment on its cell, the cell shaded.

    The cell is found again from each finding's JSON Pointer (never read back from a message);
    a finding about the workbook itself (a missing sheet) goes on the first sheet's A1. Errors
    are shaded red, the rest amber. Returns how many cells were annotated.
    """
    from openpyxl import load_workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import PatternFill

    from mpptool.authoring.workbook import cell_of, from_workbook

    if os.path.realpath(output) == os.path.realpath(source):
        raise UsageError(
            msg(
                "errors.annotate-input",
                "--annotate: {path} is the workbook being checked; write the copy elsewhere",
                path=output,
            ),
            "E003",
        )
    try:
        book = load_workbook(source)
    except Exception as error:
        raise UsageError(
            msg(
                "errors.annotate-unreadable",
                "--annotate: {path} cannot be read as a workbook ({error})",
                path=source,
                error=type(error).__name__,
            ),
            "E001",
        ) from None
    cells: dict[str, tuple[str, str]] = {}
    from_workbook(book, cells)
    first = book.sheetnames[0]
    notes: dict[tuple[str, str], list[Finding]] = {}
    for finding in findings:
        where = cell_of(finding.pointer, cells) if finding.pointer else None
        if where is None or where[0] not in book.sheetnames:
            where = (first, "A1")
        notes.setdefault(where, []).append(finding)
    for (sheet, ref), found in sorted(notes.items()):
        cell = book[sheet][ref]
        text = "\n".join(f"{f.code} {f.severity.value}: {f.say(lang)}" for f in found)
        cell.comment = Comment(text[:30000], "mpptool")
        worst = "FFC7CE" if any(f.severity is Severity.ERROR for f in found) else "FFEB9C"
        cell.fill = PatternFill(fill_type="solid", fgColor=worst)
    buffer = io.BytesIO()
    book.save(buffer)
    write_atomic(output, buffer.getvalue(), [source])
    return len(notes)
