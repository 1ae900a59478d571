"""Where output goes: stdout, or a file written atomically that is never one of the inputs."""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Sequence

from mpptool.errors import UsageError
from mpptool.files import is_yaml_name


def write_atomic(path: str, text: str, inputs: Sequence[str] = (), follow_symlinks: bool = True) -> None:
    """Write ``text`` to ``path`` via a temporary file and rename; refuse to replace an input.

    A device or FIFO (``-o /dev/stdout``, ``/dev/null``) is written to directly: renaming over
    it would replace the device with a file. With ``follow_symlinks`` false (the cache), a
    symlink at ``path`` is refused rather than written through, so a link committed into a
    repository cannot make mpptool overwrite a file elsewhere.
    """
    if not path:
        raise UsageError("empty output path: give a file name", "E003")
    if not follow_symlinks and os.path.islink(path):
        raise UsageError(f"{path}: is a symlink; refusing to write through it", "E003")
    target = os.path.realpath(path) if follow_symlinks else os.path.abspath(path)
    for given in inputs:
        real = os.path.realpath(given)
        if target == real or (
            os.path.isdir(real) and os.path.commonpath([real, target]) == real and is_yaml_name(target)
        ):
            raise UsageError(f"{path}: refusing to write over an input file; choose another output path", "E003")
    try:
        mode = os.stat(path if follow_symlinks else target).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(f"{path}: is a folder; give a file name", "E003")
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        _write_stream(path, text)
        return
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise UsageError(f"{path}: folder {folder} does not exist", "E003")
    temp = None
    try:
        handle, temp = tempfile.mkstemp(prefix=".mpptool-", dir=folder)
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
        umask = os.umask(0o022)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
        os.replace(temp, target)
    except OSError as exc:
        if temp is not None:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        raise UsageError(f"{path}: cannot write: {exc.strerror}", "E003") from None


def _write_stream(path: str, text: str) -> None:
    try:
        with open(path, "w", encoding="utf-8", newline="\n") as stream:
            stream.write(text)
    except OSError as exc:
        raise UsageError(f"{path}: cannot write: {exc.strerror}", "E003") from None
