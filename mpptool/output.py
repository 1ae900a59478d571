"""Where output goes: stdout, or a file written atomically that is never one of the inputs."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Sequence

from mpptool.errors import UsageError


def write_atomic(path: str, text: str, inputs: Sequence[str] = ()) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename; refuse to replace an input."""
    target = os.path.realpath(path)
    for given in inputs:
        real = os.path.realpath(given)
        if target == real or (
            os.path.isdir(real) and os.path.commonpath([real, target]) == real and target.endswith((".yaml", ".yml"))
        ):
            raise UsageError(f"{path}: refusing to write over an input file; choose another output path", "E003")
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"{path}: folder {folder} does not exist", "E003")
    handle, temp = tempfile.mkstemp(prefix=".mpptool-", dir=folder)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        os.replace(temp, target)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise UsageError(f"{path}: cannot write: {exc.strerror}", "E003") from None
