"""Finding catalog files and reading them safely.

Only regular files inside the folders given are read; a symlink that leaves its folder, a
FIFO, a device or an oversized file becomes a located finding instead of a hang or a crash.
A path that does not exist is a usage error (exit 2), not a finding.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from mpptool.errors import UsageError

MAX_FILE_BYTES = 4 * 1024 * 1024
"""A large real MPP file is ~150 KB; 4 MiB leaves room and caps memory per file."""

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class Target:
    """A file to check: ``display`` as the user will see it, ``path`` to open."""

    display: str
    path: str
    follow: bool = False


@dataclass(frozen=True, slots=True)
class FileProblem:
    """A file that cannot be read as a catalog file (F-rules)."""

    display: str
    code: str
    message: str


@dataclass(frozen=True, slots=True)
class Discovery:
    """Files to check and problems met on the way, both in a stable order."""

    targets: tuple[Target, ...]
    problems: tuple[FileProblem, ...]


def shown(path: str) -> str:
    """A path as it can be displayed: undecodable bytes in file names become \\xNN."""
    if not any("\udc80" <= char <= "\udcff" for char in path):
        return path
    return "".join(f"\\x{ord(char) - 0xDC00:02x}" if "\udc80" <= char <= "\udcff" else char for char in path)


def relative_path(display: str, root: str | None) -> str:
    """``display`` relative to ``root`` with forward slashes, as CI systems name files; as is without a root."""
    if root is None:
        return display
    return os.path.relpath(os.path.abspath(display), root).replace(os.sep, "/")


def discover(paths: Sequence[str]) -> Discovery:
    """Expand files and folders into catalog files; folders are walked in sorted order."""
    targets: list[Target] = []
    problems: list[FileProblem] = []
    seen: set[str] = set()
    for given in paths:
        if not os.path.lexists(given):
            raise UsageError(f"{given}: no such file or directory")
        if os.path.isdir(given):
            root = os.path.realpath(given)
            for target_or_problem in _walk(given, root):
                _add(target_or_problem, targets, problems, seen)
        else:
            _add(Target(shown(given), given, follow=True), targets, problems, seen)
    return Discovery(tuple(targets), tuple(problems))


def _add(item: Target | FileProblem, targets: list[Target], problems: list[FileProblem], seen: set[str]) -> None:
    if isinstance(item, FileProblem):
        problems.append(item)
        return
    real = os.path.realpath(item.path)
    if real in seen:
        return
    seen.add(real)
    targets.append(item)


def _walk(folder: str, root: str) -> Iterator[Target | FileProblem]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        yield FileProblem(shown(folder), "F003", f"cannot list this folder: {exc.strerror}")
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue  # .git, editors' swap folders, hidden files
        path = os.path.join(folder, entry.name)
        display = shown(path)
        is_yaml = entry.name.endswith(YAML_SUFFIXES)
        if entry.is_symlink():
            real = os.path.realpath(path)
            if os.path.commonpath([root, real]) != root:
                if is_yaml or os.path.isdir(path):
                    yield FileProblem(
                        display,
                        "F002",
                        "symlink points outside the catalog folder: copy the file in or remove the link",
                    )
                continue
            if is_yaml and not os.path.isdir(path):
                yield Target(display, path, follow=True)
            continue  # links to folders inside the catalog are walked through their real path
        try:
            is_dir = entry.is_dir(follow_symlinks=False)
        except OSError:
            is_dir = False
        if is_dir:
            yield from _walk(path, root)
        elif is_yaml:
            yield Target(display, path)


def read_bytes(target: Target, limit: int = MAX_FILE_BYTES) -> bytes | FileProblem:
    """Read a regular file without blocking on FIFOs or following unexpected links."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not target.follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target.path, flags)
    except OSError as exc:
        return FileProblem(target.display, "F003", f"cannot open the file: {exc.strerror}")
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            return FileProblem(target.display, "F001", f"not a regular file ({kind}): only regular YAML files are read")
        if info.st_size > limit:
            return FileProblem(
                target.display,
                "F004",
                f"file is {info.st_size:,} bytes, over the {limit:,}-byte limit: split it or trim it",
            )
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:
            return FileProblem(target.display, "F004", f"file grew past the {limit:,}-byte limit while being read")
        return data
    except OSError as exc:
        return FileProblem(target.display, "F003", f"cannot read the file: {exc.strerror}")
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "not a regular file"


def decode(data: bytes) -> tuple[str | None, tuple[int, int, str] | None]:
    """Strict UTF-8 (a leading BOM is allowed); on failure the line, column and why."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return None, (line, column, f"not valid UTF-8 (byte 0x{bad}): save the file as UTF-8")
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None
