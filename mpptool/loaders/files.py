"""Finding catalog files and reading them safely.

Only regular files inside the folders given are read; a symlink that leaves its folder, a
FIFO, a device or an oversized file becomes a located finding instead of a hang or a crash.
A path that does not exist is a usage error (exit 2), not a finding.
"""

from __future__ import annotations

import hashlib
import os
import stat
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from mpptool.errors import UsageError
from mpptool.text.i18n import Text, join, msg

MAX_FILE_BYTES = 4 * 1024 * 1024
"""A large real MPP file is ~150 KB; 4 MiB leaves room and caps memory per file."""

YAML_SUFFIXES = (".yaml", ".yml")
"""Compared case-insensitively: `KAB-GARUT.YAML` from a Windows export is an MPP file too."""


def is_yaml_name(name: str) -> bool:
    """Whether a file name marks an MPP file (`*.yaml`, `*.yml`, in any case)."""
    return name.lower().endswith(YAML_SUFFIXES)


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
    message: str | Text


@dataclass(frozen=True, slots=True)
class Skipped:
    """A YAML file in a catalog folder that is not checked, and why: said, never silently dropped."""

    display: str
    reason: str | Text


@dataclass(frozen=True, slots=True)
class Discovery:
    """Files to check, problems met on the way and files passed over, all in a stable order."""

    targets: tuple[Target, ...]
    problems: tuple[FileProblem, ...]
    skipped: tuple[Skipped, ...] = ()

    def notes(self, lang: str = "en") -> tuple[str, ...]:
        """One line per skipped file, for stderr, in ``lang``."""
        return tuple(note.render(lang) for note in self.texts())

    def texts(self) -> tuple[Text, ...]:
        """One line per skipped file, for stderr, as a :class:`Text` (said in the run's language)."""
        return tuple(
            f"{item.display}: " + msg("files.not-checked", "not checked: {reason}", reason=item.reason)
            for item in self.skipped
        )


@dataclass(slots=True)
class _Tally:
    """What a walk of one folder met, to explain a folder that holds no MPP file."""

    files: int = 0
    hidden: int = 0
    other: dict[str, int] = field(default_factory=dict)

    def explain(self) -> Text:
        if not self.files and not self.hidden:
            return msg("errors.folder-empty", "it is empty")
        parts: list[Text] = []
        if self.files:
            kinds = join(
                *(
                    part
                    for index, (suffix, count) in enumerate(sorted(self.other.items()))
                    for part in (
                        ", " if index else "",
                        msg("errors.suffix-count", "{count:d} {suffix}", count=count, suffix=suffix)
                        if suffix
                        else msg("errors.no-suffix-count", "{count:d} without a suffix", count=count),
                    )
                )
            )
            parts.append(msg("errors.other-files", "{count:d} other file(s) ({kinds})", count=self.files, kinds=kinds))
        if self.hidden:
            parts.append(
                msg("errors.hidden-entry", "{count:d} hidden entry (names starting with '.')", count=self.hidden)
                if self.hidden == 1
                else msg(
                    "errors.hidden-entries", "{count:d} hidden entries (names starting with '.')", count=self.hidden
                )
            )
        said = parts[0] if len(parts) == 1 else msg("errors.and", "{a} and {b}", a=parts[0], b=parts[1])
        return msg("errors.folder-holds", "it holds {parts}", parts=said)


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
    """Expand files and folders into catalog files; folders are walked in sorted order.

    A path that does not exist, or a folder that holds no MPP file at all, is a usage error
    (exit 2): a CI gate over a misspelt or emptied folder must fail, not pass on nothing.
    """
    targets: list[Target] = []
    problems: list[FileProblem] = []
    skipped: list[Skipped] = []
    seen: dict[str, str] = {}
    for given in paths:
        if not os.path.lexists(given):
            raise UsageError(msg("errors.no-such-path", "{path}: no such file or directory", path=shown(given)))
        if os.path.isdir(given):
            root = os.path.realpath(given)
            tally = _Tally()
            before = len(targets) + len(problems)
            for item in _walk(given, root, tally):
                _add(item, targets, problems, skipped, seen)
            if len(targets) + len(problems) == before:
                raise UsageError(
                    msg(
                        "errors.no-mpp-file",
                        "{path}: no MPP file here: searched this folder and every folder below it for "
                        "*.yaml and *.yml files (any case, hidden entries left out), and {found}; "
                        "give the folder that holds the MPP files",
                        path=shown(given),
                        found=tally.explain(),
                    ),
                    "E001",
                )
        else:
            _add(Target(shown(given), given, follow=True), targets, problems, skipped, seen)
    return Discovery(tuple(targets), tuple(problems), tuple(skipped))


def _add(
    item: Target | FileProblem | Skipped,
    targets: list[Target],
    problems: list[FileProblem],
    skipped: list[Skipped],
    seen: dict[str, str],
) -> None:
    if isinstance(item, FileProblem):
        problems.append(item)
        return
    if isinstance(item, Skipped):
        skipped.append(item)
        return
    real = os.path.realpath(item.path)
    if real in seen:
        if seen[real] != item.display:
            skipped.append(
                Skipped(
                    item.display,
                    msg("files.same-file", "the same file as {other}, which is checked once", other=seen[real]),
                )
            )
        return
    seen[real] = item.display
    targets.append(item)


def _walk(top: str, root: str, tally: _Tally) -> Iterator[Target | FileProblem | Skipped]:
    """Every entry below ``top`` in sorted order, depth first, with an explicit stack: a folder
    1,200 levels deep is walked like any other (no recursion limit to hit)."""
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _listing(top)
    if isinstance(listing, FileProblem):
        yield listing
        return
    stack.append(iter(listing))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        for item in _visit(entry, root, tally):
            if isinstance(item, str):  # a folder to descend into
                below = _listing(item)
                if isinstance(below, FileProblem):
                    yield below
                else:
                    stack.append(iter(below))
            else:
                yield item


def _listing(folder: str) -> list[os.DirEntry[str]] | FileProblem:
    try:
        return sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as exc:
        return FileProblem(
            shown(folder),
            "F003",
            msg("F003.list", "cannot list this folder: {reason}", reason=str(exc.strerror)),
        )


def _visit(entry: os.DirEntry[str], root: str, tally: _Tally) -> Iterator[Target | FileProblem | Skipped | str]:
    """What one folder entry yields: a target, a problem, a skipped file, or a folder (its path)."""
    path = entry.path
    display = shown(path)
    is_yaml = is_yaml_name(entry.name)
    if entry.name.startswith("."):
        tally.hidden += 1  # .git, editors' swap folders, hidden files
        if is_yaml and not entry.is_dir():
            yield Skipped(
                display,
                msg(
                    "files.hidden",
                    "its name starts with '.', which marks a hidden file; rename it to check it",
                ),
            )
        return
    if entry.is_symlink():
        real = os.path.realpath(path)
        if os.path.commonpath([root, real]) != root:
            if is_yaml or os.path.isdir(path):
                yield FileProblem(
                    display,
                    "F002",
                    msg(
                        "F002.outside",
                        "symlink points outside the catalog folder: copy the file in or remove the link",
                    ),
                )
        elif is_yaml and not os.path.isdir(path):
            yield Target(display, path, follow=True)
        return  # links to folders inside the catalog are walked through their real path
    try:
        is_dir = entry.is_dir(follow_symlinks=False)
    except OSError:
        is_dir = False
    if is_dir:
        yield path
    elif is_yaml:
        yield Target(display, path)
    else:
        tally.files += 1
        suffix = os.path.splitext(entry.name)[1].lower()
        tally.other[suffix] = tally.other.get(suffix, 0) + 1


def read_bytes(target: Target, limit: int = MAX_FILE_BYTES) -> bytes | FileProblem:
    """Read a regular file without blocking on FIFOs or following unexpected links."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    if not target.follow:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(target.path, flags)
    except OSError as exc:
        return FileProblem(
            target.display, "F003", msg("F003.open", "cannot open the file: {reason}", reason=str(exc.strerror))
        )
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            kind = _kind(info.st_mode)
            return FileProblem(
                target.display,
                "F001",
                msg("F001.not-regular", "not a regular file ({kind}): only regular YAML files are read", kind=kind),
            )
        if info.st_size > limit:
            return FileProblem(
                target.display,
                "F004",
                msg(
                    "F004.too-large",
                    "file is {size} bytes, over the {limit}-byte limit: split it or trim it",
                    size=info.st_size,
                    limit=limit,
                ),
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
            return FileProblem(
                target.display,
                "F004",
                msg("F004.grew", "file grew past the {limit}-byte limit while being read", limit=limit),
            )
        return data
    except OSError as exc:
        return FileProblem(
            target.display, "F003", msg("F003.read", "cannot read the file: {reason}", reason=str(exc.strerror))
        )
    finally:
        os.close(fd)


def _kind(mode: int) -> Text:
    if stat.S_ISFIFO(mode):
        return msg("F001.fifo", "a FIFO")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return msg("F001.device", "a device")
    if stat.S_ISSOCK(mode):
        return msg("F001.socket", "a socket")
    if stat.S_ISDIR(mode):
        return msg("F001.folder", "a folder")
    return msg("F001.other", "not a regular file")


def content_digest(data: bytes) -> str:
    """A file's content as a short key (BLAKE2b, 128 bits): what the cache answers for."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def decode(data: bytes) -> tuple[str | None, tuple[int, int, Text] | None]:
    """Strict UTF-8 (a leading BOM is allowed); on failure the line, column and why."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        line_start = before.rfind(b"\n") + 1
        column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
        bad = data[exc.start : exc.start + 1].hex()
        return None, (
            line,
            column,
            msg("files.not-utf8", "not valid UTF-8 (byte 0x{byte}): save the file as UTF-8", byte=bad),
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None
