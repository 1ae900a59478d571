"""`mpptool new`: start a catalog file for a region in a minute.

Options in, a file out: the region looked up in the packaged Kemendagri list, the text made by
:mod:`mpptool.authoring.scaffold`, written atomically where asked (by default
``catalog/<id>.yaml``, the folder made if needed), never over an existing file.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from mpptool.authoring.scaffold import find_region, mpp_id, scaffold
from mpptool.engine.output import write_atomic
from mpptool.errors import UsageError
from mpptool.loaders.reference import load_regions


@dataclass(frozen=True, slots=True)
class NewOptions:
    """Everything `mpptool new` was asked to do."""

    region: str
    output: str | None = None
    lang: str = "id"


@dataclass(frozen=True, slots=True)
class NewRun:
    """The file written and the MPP id it holds."""

    path: str
    id: str
    exit_status: int = 0


def run_new(options: NewOptions) -> NewRun:
    """Write the new file; refuse to replace anything that exists."""
    regions = load_regions()
    region = find_region(options.region, regions)
    path = options.output or os.path.join("catalog", f"{mpp_id(region)}.yaml")
    made = scaffold(region, regions, options.lang, path)
    if os.path.lexists(path):
        raise UsageError(
            f"{path}: already exists; mpptool new never overwrites a file: give another path with -o, "
            "or edit the file you have",
            "E003",
        )
    folder = os.path.dirname(path)
    if folder:
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError as error:
            raise UsageError(f"{folder}: cannot make the folder ({error.strerror})", "E003") from None
    write_atomic(path, made.text)
    return NewRun(path, made.id)
