"""`mpptool new`: start a catalog file for a region in a minute, in YAML or in a workbook.

Options in, a file out: the region looked up in the packaged Kemendagri list, the text made by
:mod:`mpptool.authoring.scaffold`, written atomically where asked (by default
``catalog/<id>.yaml``, the folder made if needed), never over an existing file. An output
ending in ``.xlsx`` is the same file as the workbook `mpptool export` writes, for a clerk who
starts in Excel; ``--from-xlsx`` goes the other way, from a filled workbook to the MPP file.
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass
from typing import Any

from mpptool.authoring.scaffold import find_region, mpp_id, scaffold
from mpptool.engine.output import write_atomic
from mpptool.errors import UsageError
from mpptool.loaders.reference import load_regions
from mpptool.text.i18n import Text, msg

_ID = re.compile(r"[a-z0-9][a-z0-9-]*")


@dataclass(frozen=True, slots=True)
class NewOptions:
    """Everything `mpptool new` was asked to do."""

    region: str | None
    output: str | None = None
    lang: str = "id"
    from_xlsx: str | None = None
    """A filled workbook to start from instead of the worked examples."""


@dataclass(frozen=True, slots=True)
class NewRun:
    """The file written and the MPP id it holds; from a workbook, the cells it could not read."""

    path: str
    id: str
    exit_status: int = 0
    problems: tuple[str | Text, ...] = ()


def run_new(options: NewOptions) -> NewRun:
    """Write the new file; refuse to replace anything that exists."""
    if options.from_xlsx is not None:
        return _from_workbook(options, options.from_xlsx)
    if not options.region:
        raise UsageError(
            msg("errors.region-needed", "--region: give the Kemendagri code of the region (e.g. --region 32.05)"),
            "E002",
        )
    regions = load_regions()
    region = find_region(options.region, regions)
    path = options.output or os.path.join("catalog", f"{mpp_id(region)}.yaml")
    made = scaffold(region, regions, options.lang, path)
    _make_room(path)
    if path.lower().endswith(".xlsx"):
        write_atomic(path, _workbook(made.text, options.lang))
    else:
        write_atomic(path, made.text)
    return NewRun(path, made.id)


def _make_room(path: str) -> None:
    """Refuse an existing path; make the folder the new file goes in."""
    if os.path.lexists(path):
        raise UsageError(
            msg(
                "errors.new-exists",
                "{path}: already exists; mpptool new never overwrites a file: give another path with -o, "
                "or edit the file you have",
                path=path,
            ),
            "E003",
        )
    folder = os.path.dirname(path)
    if folder:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as error:
            raise UsageError(
                msg(
                    "errors.cannot-make-folder",
                    "{folder}: cannot make the folder ({reason})",
                    folder=folder,
                    reason=str(error.strerror),
                ),
                "E003",
            ) from None


def _workbook(text: str, lang: str) -> bytes:
    """The scaffold as the workbook `mpptool export` would write from it (its comments do not travel)."""
    from mpptool.authoring.workbook import to_workbook
    from mpptool.loaders.reference import load_service_types
    from mpptool.loaders.strict_yaml import parse_yaml

    loaded = parse_yaml(text)
    if loaded.problems or not isinstance(loaded.data, dict):  # pragma: no cover - a test validates every scaffold
        raise UsageError(msg("errors.read-back", "the new file could not be read back; please report it"), "E007")
    buffer = io.BytesIO()
    to_workbook(loaded.data, lang, sorted(load_service_types())).save(buffer)
    return buffer.getvalue()


def _from_workbook(options: NewOptions, source: str) -> NewRun:
    """The MPP file a filled workbook stands for, named by its MPP id (or the region's, or -o)."""
    from mpptool.authoring.workbook import from_workbook
    from mpptool.commands.spreadsheet import load_book, write_import

    book = load_book(source)
    data, _ = from_workbook(book)
    found = data.get("mpp")
    mpp: dict[str, Any] = found if isinstance(found, dict) else {}
    given = mpp.get("id")
    ident = given if isinstance(given, str) and _ID.fullmatch(given) else None
    if options.region:
        region = find_region(options.region, load_regions())
        typed = mpp.get("region")
        if typed not in (None, "") and str(typed) != region.code:
            raise UsageError(
                msg(
                    "errors.workbook-region",
                    "{source}: the workbook is for region {typed}, not {code} ({name}); "
                    "leave out --region, or correct the region on the MPP sheet",
                    source=source,
                    typed=repr(typed),
                    code=region.code,
                    name=region.name,
                ),
                "E002",
            )
        ident = ident or mpp_id(region)
    if ident is None and options.output is None:
        raise UsageError(
            msg(
                "errors.workbook-no-id",
                "{source}: the MPP sheet has no id to name the file by; fill in its `ID MPP`, or give --region or -o",
                source=source,
            ),
            "E002",
        )
    path = options.output or os.path.join("catalog", f"{ident}.yaml")
    if path.lower().endswith(".xlsx"):
        raise UsageError(
            msg(
                "errors.from-xlsx-yaml", "-o {path}: --from-xlsx writes the MPP file (YAML); name it *.yaml", path=path
            ),
            "E002",
        )
    if os.path.realpath(path) == os.path.realpath(source):
        raise UsageError(
            msg("errors.new-is-input", "{path}: is the input; write the new file elsewhere", path=path), "E003"
        )
    _make_room(path)
    run = write_import(book, source, path)
    return NewRun(path, ident or "", run.exit_status, run.problems)
