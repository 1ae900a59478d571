"""Where output goes: stdout, or a file written atomically that is never one of the inputs.

Every byte is accounted for: a write that stops short (a full disk, a file-size limit, a
closed stdout) is an error with its own exit status, never a report cut off at exit 0; a
signal during ``-o`` removes the temporary file before the process ends.
"""

from __future__ import annotations

import contextlib
import errno
import os
import signal
import stat
import sys
import tempfile
from collections.abc import Iterator, Sequence

from mpptool.errors import UsageError
from mpptool.loaders.files import is_yaml_name
from mpptool.text.i18n import msg


def write_atomic(path: str, text: str | bytes, inputs: Sequence[str] = (), follow_symlinks: bool = True) -> None:
    """Write ``text`` (UTF-8, or bytes: a workbook) to ``path`` via a temporary file and rename; never over an input.

    A device or FIFO (``-o /dev/stdout``, ``/dev/null``) is written to directly: renaming over
    it would replace the device with a file. With ``follow_symlinks`` false (the cache), a
    symlink at ``path`` is refused rather than written through, so a link committed into a
    repository cannot make mpptool overwrite a file elsewhere.
    """
    if not path:
        raise UsageError(msg("errors.empty-output", "empty output path: give a file name"), "E003")
    if not follow_symlinks and os.path.islink(path):
        raise UsageError(
            msg("errors.output-symlink", "{path}: is a symlink; refusing to write through it", path=path), "E003"
        )
    target = os.path.realpath(path) if follow_symlinks else os.path.abspath(path)
    for given in inputs:
        real = os.path.realpath(given)
        if target == real or (
            os.path.isdir(real) and os.path.commonpath([real, target]) == real and is_yaml_name(target)
        ):
            raise UsageError(
                msg(
                    "errors.output-is-input",
                    "{path}: refusing to write over an input file; choose another output path",
                    path=path,
                ),
                "E003",
            )
    try:
        mode = os.stat(path if follow_symlinks else target).st_mode
    except OSError:
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        raise UsageError(msg("errors.output-folder", "{path}: is a folder; give a file name", path=path), "E003")
    if mode is not None and (stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        _write_stream(path, text)
        return
    folder = os.path.dirname(target) or "."
    if not os.path.isdir(folder):
        raise UsageError(
            msg("errors.output-no-folder", "{path}: folder {folder} does not exist", path=path, folder=folder), "E003"
        )
    temp = None
    try:
        with _signals_raise():
            handle, temp = tempfile.mkstemp(prefix=".mpptool-", dir=folder)
            try:
                _write_all(handle, _encoded(text))
            finally:
                os.close(handle)
            umask = os.umask(0o022)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual mode
            os.replace(temp, target)
            temp = None
    except OSError as exc:
        raise UsageError(
            msg("errors.cannot-write", "{path}: cannot write: {reason}", path=path, reason=str(exc.strerror or exc)),
            "E003",
        ) from None
    finally:
        if temp is not None:  # a failed write, an interrupt or a signal: no partial file is left
            with contextlib.suppress(OSError):
                os.unlink(temp)


class Interrupted(BaseException):
    """SIGTERM or SIGHUP arrived while an output was being written (exit status 128 + signal)."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


@contextlib.contextmanager
def _signals_raise() -> Iterator[None]:
    """SIGTERM and SIGHUP raise :class:`Interrupted` for the duration, so cleanup code runs
    (Python already turns SIGINT into KeyboardInterrupt); outside the main thread, no change."""
    wanted = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]

    def handler(number: int, _frame: object) -> None:
        raise Interrupted(number)

    try:
        previous = [(number, signal.signal(number, handler)) for number in wanted]
    except ValueError:  # not the main thread
        yield
        return
    try:
        yield
    finally:
        for number, old in previous:
            signal.signal(number, old)


def _write_all(fd: int, data: bytes) -> None:
    """Write every byte of ``data`` to ``fd``; a write that makes no progress is an error.

    A file-size limit (RLIMIT_FSIZE; Python ignores SIGXFSZ) makes a write stop short and the
    next one fail with EFBIG; a full disk fails with ENOSPC: each raises, none is silent.
    """
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        if written <= 0:
            raise OSError(errno.EIO, "the write made no progress")
        view = view[written:]


class StdoutClosed(Exception):
    """The reader of stdout went away (a closed pipe, as under ``| head``)."""


def write_stdout(text: str) -> None:
    """Write ``text`` to stdout entirely, or fail: a closed pipe raises :class:`StdoutClosed`;
    a full disk, a file-size limit or a closed descriptor is a usage error (E003, exit 2)."""
    data = text.encode("utf-8")
    stream = sys.stdout
    try:
        if stream is None:
            raise OSError(errno.EBADF, "stdout is closed")
        stream.flush()
        fd = stream.fileno()
    except (OSError, ValueError, AttributeError) as exc:
        if isinstance(exc, BrokenPipeError):
            raise StdoutClosed from None
        raise UsageError(
            msg("errors.stdout-closed", "cannot write to stdout (it is closed): give -o FILE"), "E003"
        ) from None
    try:
        _write_all(fd, data)
    except BrokenPipeError:
        raise StdoutClosed from None
    except OSError as exc:
        raise UsageError(
            msg(
                "errors.stdout-short",
                "stdout: the output could not be written in full ({size} bytes): {reason}; "
                "nothing after that point reached it",
                size=len(data),
                reason=str(exc.strerror or exc),
            ),
            "E003",
        ) from None


def _encoded(text: str | bytes) -> bytes:
    return text if isinstance(text, bytes) else text.encode("utf-8")


def _write_stream(path: str, text: str | bytes) -> None:
    try:
        fd = os.open(path, os.O_WRONLY)
        try:
            _write_all(fd, _encoded(text))
        finally:
            os.close(fd)
    except OSError as exc:
        raise UsageError(
            msg("errors.cannot-write", "{path}: cannot write: {reason}", path=path, reason=str(exc.strerror or exc)),
            "E003",
        ) from None
