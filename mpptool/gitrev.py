"""Catalog files as they were at a git revision, for ``mpptool diff --rev``.

git is driven without a shell, with prompts, optional locks, pagers, hooks and pathspec magic
turned off, so a revision or a path from the command line can only ever name a revision or a
path. Files are listed with one ``git ls-tree`` and read with one ``git cat-file --batch``, so
500 files cost two processes, not 500. Nothing here compares anything: it returns contents.

Files at the revision follow the working-tree rules of :mod:`mpptool.files`: folders yield
their ``*.yaml``/``*.yml`` files, hidden names below a folder are skipped, a file named
explicitly is taken whatever its name, and only regular files up to 4 MiB are read. A path
that does not exist at the revision yields no files: the caller reports it as added.
"""

from __future__ import annotations

import os
import re
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass

from mpptool.errors import UsageError
from mpptool.files import MAX_FILE_BYTES, is_yaml_name, shown

GIT_TIMEOUT = 120.0
"""Seconds one git process may take; reading 500 files takes well under one."""

_LOCATION_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_COMMON_DIR", "GIT_INDEX_FILE", "GIT_PREFIX")
"""Set inside git hooks; they would make ``git -C root`` look at another repository."""

_OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")
_REGULAR_MODES = frozenset({"100644", "100755"})
_SYMLINK_MODE = "120000"
_SUBMODULE_MODE = "160000"


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision as the user typed it and the commit it names."""

    given: str
    commit: str


@dataclass(frozen=True, slots=True)
class BlobFile:
    """A catalog file at a revision: ``text`` when it could be read, else ``problem`` says why.

    ``path`` is relative to the repository root with ``/`` separators; ``display`` is built
    from the path the user gave, exactly as :func:`mpptool.files.discover` builds it for the
    working tree, so the same file shows the same way on both sides of a diff.
    """

    path: str
    display: str
    text: str | None
    problem: str | None


@dataclass(frozen=True, slots=True)
class _Entry:
    """One line of ``git ls-tree --long``."""

    mode: str
    oid: str
    size: int | None
    path: str


def repository_root(cwd: str | None = None) -> str:
    """The top folder of the working tree that contains ``cwd`` (the current folder by default)."""
    folder = os.getcwd() if cwd is None else cwd
    result = _run(["rev-parse", "--show-toplevel"], folder, check=False)
    if result.returncode != 0:
        reason = _first_line(result.stderr)
        if "not a git repository" in reason or "must be run in a work tree" in reason:
            raise UsageError(
                f"not inside a git repository: {shown(folder)}: run mpptool from inside a git working tree",
                "E006",
            )
        raise UsageError(f"git rev-parse --show-toplevel failed in {shown(folder)}: {reason}", "E006")
    root = os.fsdecode(result.stdout).removesuffix("\n")
    if not root:
        raise UsageError(f"not inside a git repository: {shown(folder)}: git gave no top folder", "E006")
    return root


def resolve(rev: str, root: str, option: str = "--rev") -> Revision:
    """The commit ``rev`` names; refused before git sees it if it could be read as an option.

    ``option`` is the command-line option that gave it, for the messages.
    """
    if not rev:
        raise UsageError(f"{option}: empty revision; give a commit, branch or tag, e.g. {option} origin/main", "E006")
    if rev.startswith("-"):
        raise UsageError(
            f"{option}: {_clean(rev)!r} looks like an option, not a revision; give a commit, branch or tag",
            "E006",
        )
    if "\x00" in rev:
        raise UsageError(f"{option}: a revision cannot contain a NUL character", "E006")
    result = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root, check=False)
    commit = result.stdout.decode("ascii", errors="replace").strip()
    if result.returncode == 0 and _OBJECT_ID.fullmatch(commit):
        return Revision(rev, commit)
    reason = _first_line(result.stderr)
    if result.returncode not in (0, 1):
        raise UsageError(f"{option} {_clean(rev)!r}: git rev-parse failed: {reason}", "E006")
    if _is_shallow(root):
        raise UsageError(
            f"{option} {_clean(rev)!r}: not found, and this clone is shallow (it holds only recent history): "
            "run `git fetch --unshallow`, or `git fetch --depth=N origin <branch>` deep enough to reach it; "
            "with actions/checkout, set `fetch-depth: 0`",
            "E006",
        )
    raise UsageError(
        f"{option} {_clean(rev)!r}: unknown revision, or not a commit{f' ({reason})' if reason else ''}: "
        "check the name, or run `git fetch` if it is a remote branch or tag this clone has not seen",
        "E006",
    )


def files_at(revision: Revision, paths: Sequence[str], root: str, cwd: str | None = None) -> list[BlobFile]:
    """The catalog files under ``paths`` (relative to ``cwd``) at ``revision``, sorted by path."""
    folder = os.getcwd() if cwd is None else cwd
    wanted = [(given, _repo_path(given, folder, root)) for given in paths]
    if not wanted:
        return []
    pathspecs = [] if any(prefix == "" for _, prefix in wanted) else sorted({prefix for _, prefix in wanted})
    entries = _list_tree(revision.commit, pathspecs, root)
    chosen: dict[str, tuple[_Entry, str]] = {}
    for given, prefix in wanted:
        for entry in entries:
            display = _display(entry, given, prefix)
            if display is not None and entry.path not in chosen:
                chosen[entry.path] = (entry, display)
    readable = [entry for entry, _ in chosen.values() if _problem(entry) is None]
    contents = _read_blobs(sorted({entry.oid for entry in readable}), root)
    files = []
    for path in sorted(chosen):
        entry, display = chosen[path]
        problem = _problem(entry)
        text = None
        if problem is None:
            text, problem = _decode(contents.get(entry.oid))
        files.append(BlobFile(path, display, text, problem))
    return files


def _repo_path(given: str, cwd: str, root: str) -> str:
    """``given`` relative to the repository root with ``/`` separators; ``""`` for the root itself."""
    if "\x00" in given:
        raise UsageError(f"{shown(given)!r}: a path cannot contain a NUL character", "E006")
    joined = os.path.join(cwd, given).rstrip("/" + os.sep) or os.sep
    head, tail = os.path.split(joined)
    # The last part is not resolved: a symlink named by the user is reported, not followed.
    real = os.path.realpath(joined) if tail in ("", ".", "..") else os.path.join(os.path.realpath(head), tail)
    try:
        relative = os.path.relpath(real, os.path.realpath(root))
    except ValueError:  # another drive on Windows
        relative = os.pardir
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise UsageError(f"{shown(given)}: outside the git repository {shown(root)}", "E006")
    return "" if relative == os.curdir else relative.replace(os.sep, "/")


def _display(entry: _Entry, given: str, prefix: str) -> str | None:
    """How ``entry`` shows when found under ``given``, or None when ``given`` does not take it."""
    if entry.path == prefix:
        return shown(given)  # named explicitly: taken whatever its name, like discover()
    if prefix and not entry.path.startswith(prefix + "/"):
        return None
    below = entry.path[len(prefix) + 1 :] if prefix else entry.path
    parts = below.split("/")
    if any(part.startswith(".") for part in parts):
        return None  # .git, editors' swap folders, hidden files
    if entry.mode != _SUBMODULE_MODE and not is_yaml_name(parts[-1]):
        return None
    return shown(os.path.join(given, *parts))


def _problem(entry: _Entry) -> str | None:
    """Why ``entry`` is not read, or None when it is a regular file within the size limit."""
    if entry.mode == _SYMLINK_MODE:
        return "not a regular file (symlink): only regular YAML files are read"
    if entry.mode == _SUBMODULE_MODE:
        return "a submodule: its files belong to another repository and are not read"
    if entry.mode not in _REGULAR_MODES:
        return f"not a regular file (git mode {entry.mode}): only regular YAML files are read"
    if entry.size is not None and entry.size > MAX_FILE_BYTES:
        return _too_large(entry.size)
    return None


def _too_large(size: int) -> str:
    return f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MiB: {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit"


def _decode(data: bytes | str | None) -> tuple[str | None, str | None]:
    """Strict UTF-8 with a leading BOM allowed, as for working-tree files; a str is a problem."""
    if data is None:
        return None, "object missing from this clone: run `git fetch`"
    if isinstance(data, str):
        return None, data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        return None, f"not UTF-8 at byte {exc.start} (0x{bad}): save the file as UTF-8"
    return text.removeprefix("\ufeff"), None


def _list_tree(commit: str, pathspecs: Sequence[str], root: str) -> list[_Entry]:
    """Every blob, symlink and submodule under ``pathspecs`` at ``commit`` (all of them for none)."""
    result = _run(["ls-tree", "-r", "-z", "--long", "--full-tree", commit, "--", *pathspecs], root)
    entries = []
    for record in result.stdout.split(b"\x00"):
        if not record:
            continue
        header, tab, name = record.partition(b"\t")
        fields = header.split()
        if not tab or len(fields) != 4:
            raise UsageError(f"git ls-tree gave an unexpected line: {_clean(os.fsdecode(record))[:120]}", "E006")
        mode, _kind, oid, size = (field.decode("ascii", errors="replace") for field in fields)
        entries.append(_Entry(mode, oid, int(size) if size.isdigit() else None, os.fsdecode(name)))
    return entries


def _read_blobs(oids: Sequence[str], root: str) -> dict[str, bytes | str]:
    """The content of each blob, read by one ``git cat-file --batch``; a str says why one was not read."""
    if not oids:
        return {}
    request = "".join(f"{oid}\n" for oid in oids).encode("ascii")
    output = _run(["cat-file", "--batch"], root, stdin=request).stdout
    contents: dict[str, bytes | str] = {}
    position = 0
    for oid in oids:
        end = output.find(b"\n", position)
        if end < 0:
            raise UsageError("git cat-file --batch stopped early: the repository may be damaged", "E006")
        fields = output[position:end].decode("ascii", errors="replace").split()
        position = end + 1
        if len(fields) == 2 and fields[0] == oid and fields[1] == "missing":
            continue  # reported by _decode as missing
        if len(fields) != 3 or fields[0] != oid or not fields[2].isdigit():
            raise UsageError(f"git cat-file --batch gave an unexpected header: {_clean(' '.join(fields))}", "E006")
        size = int(fields[2])
        data = output[position : position + size]
        position += size + 1
        if len(data) != size:
            raise UsageError("git cat-file --batch stopped early: the repository may be damaged", "E006")
        if fields[1] != "blob":
            contents[oid] = f"not a file (git object type {fields[1]})"
        elif size > MAX_FILE_BYTES:
            contents[oid] = _too_large(size)
        else:
            contents[oid] = data
    return contents


def _is_shallow(root: str) -> bool:
    result = _run(["rev-parse", "--is-shallow-repository"], root, check=False)
    return result.returncode == 0 and result.stdout.strip() == b"true"


def _run(
    args: Sequence[str], where: str, *, check: bool = True, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in ``where``: no shell, no prompt, no pager, no hooks, no locks, a timeout."""
    command = [
        "git",
        "--no-pager",
        "--literal-pathspecs",
        "-C",
        where,
        "-c",
        "core.quotePath=false",
        "-c",
        "core.fsmonitor=false",
        "-c",
        f"core.hooksPath={os.devnull}",
        *args,
    ]
    env = {name: value for name, value in os.environ.items() if name not in _LOCATION_VARIABLES}
    env.update(GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0", LC_ALL="C", GIT_NO_LAZY_FETCH="1")
    try:
        result = subprocess.run(
            command, input=stdin, capture_output=True, check=False, timeout=GIT_TIMEOUT, env=env, shell=False
        )
    except FileNotFoundError:
        raise UsageError("git is not installed or not on PATH", "E006") from None
    except subprocess.TimeoutExpired:
        raise UsageError(
            f"git {args[0]} took more than {GIT_TIMEOUT:.0f} s: is the repository on a slow disk?", "E006"
        ) from None
    except OSError as exc:
        raise UsageError(f"cannot run git: {exc.strerror}", "E006") from None
    if check and result.returncode != 0:
        raise UsageError(f"git {args[0]} failed: {_first_line(result.stderr)}", "E006")
    return result


def _first_line(stderr: bytes) -> str:
    """git's own reason: its first fatal/error line, else its first line, without control characters."""
    lines = [_clean(line.decode("utf-8", errors="replace")).strip() for line in stderr.splitlines()]
    lines = [line for line in lines if line]
    for line in lines:
        if line.startswith(("fatal:", "error:")):
            return line
    return lines[0] if lines else ""


def _clean(text: str) -> str:
    return _CONTROL.sub("", text)


def changed_paths(revision: Revision, root: str) -> frozenset[str]:
    """Real paths of the files that differ between ``revision`` and the working tree, untracked ones included.

    Staged and unstaged changes both count (``git diff REV`` compares with the working tree);
    a renamed file counts under its new name, a deleted one under its old name (a deleted
    configuration file changes the verdict too).
    """
    diff = _run(["diff", "--name-only", "-z", "--no-ext-diff", "--no-textconv", revision.commit, "--"], root)
    untracked = _run(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], root)
    names = [name for output in (diff.stdout, untracked.stdout) for name in output.split(b"\0") if name]
    return frozenset(os.path.realpath(os.path.join(root, os.fsdecode(name))) for name in names)
