"""F-rules: files that cannot be read as catalog files. Reported by `mpptool.loaders.files`."""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "files"

RULES = (
    Rule.define(
        "F001",
        "not-a-regular-file",
        Severity.ERROR,
        "A catalog path is a FIFO, device or socket.",
        FAMILY,
        reported_by="mpptool.loaders.files",
        rationale="Reading a FIFO or device could hang or read forever; only regular files are catalog files.",
    ),
    Rule.define(
        "F002",
        "symlink-outside-catalog",
        Severity.ERROR,
        "A symlink in the catalog points outside its folder.",
        FAMILY,
        reported_by="mpptool.loaders.files",
        rationale="A catalog is checked as a self-contained tree; a link that leaves it could pull in any file "
        "on the machine, so it is refused rather than followed.",
    ),
    Rule.define(
        "F003",
        "unreadable-file",
        Severity.ERROR,
        "A catalog file or folder cannot be opened or read.",
        FAMILY,
        reported_by="mpptool.loaders.files",
        rationale="Permissions or I/O errors would otherwise silently shrink the catalog being checked.",
    ),
    Rule.define(
        "F004",
        "file-too-large",
        Severity.ERROR,
        "A catalog file is larger than the size limit (4 MiB).",
        FAMILY,
        reported_by="mpptool.loaders.files",
        rationale="A real MPP file is well under 200 KB; the cap bounds memory and time before parsing starts.",
    ),
)
