"""Catalog files as they were at a git revision, for ``mpptool diff --rev``, and which files
changed since one, for ``mpptool validate --changed-since``.

The repository is attacker-controlled in CI (a pull request's checkout, its ``.git/config``,
``.gitattributes``), so git is only ever asked to read the object database and the index, never
to look at the working tree through its own machinery: no command configured in the
repository can run. Every call goes through :func:`_run`: no shell, no prompt, no pager, no
hooks, no fsmonitor, no untracked cache, no external diff, no replace objects or commit-graph,
no lazy fetch and no transport at all (a partial clone's missing objects are an error, never a
fetch that runs ``remote.*.uploadpack`` or ``core.sshCommand``), literal pathspecs, optional
locks off and a timeout. Files are listed with one ``git ls-tree`` and read with one
``git cat-file --batch``, so 500 files cost two processes, not 500. Nothing here compares
catalog contents: it returns them.

Files at the revision follow the working-tree rules of :mod:`mpptool.loaders.files`: folders yield
their ``*.yaml``/``*.yml`` files, hidden names below a folder are skipped, a file named
explicitly is taken whatever its name, and only regular files up to 4 MiB are read. A path
that does not exist at the revision yields no files: the caller reports it as added.

Paths are bytes to git; here they are ``str`` decoded with :func:`os.fsdecode` (undecodable
bytes become lone surrogates, so the ``str`` is the bytes exactly). They are displayed only
through :func:`mpptool.loaders.files.shown`.
"""

from __future__ import annotations

import hashlib
import os
import re
import stat
import subprocess
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from mpptool.errors import UsageError
from mpptool.loaders.files import MAX_FILE_BYTES, is_yaml_name, shown
from mpptool.text.i18n import Text, msg
from mpptool.text.safe import safe

GIT_TIMEOUT = 120.0
"""Seconds one git process may take; reading 500 files takes well under one."""

_LOCATION_VARIABLES = frozenset(
    {
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_COMMON_DIR",
        "GIT_INDEX_FILE",
        "GIT_PREFIX",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_NAMESPACE",
        "GIT_GRAFT_FILE",
        "GIT_REPLACE_REF_BASE",
    }
)
"""Set inside git hooks; they would make ``git -C root`` look at another repository."""

_COMMAND_VARIABLES = frozenset({"GIT_EXTERNAL_DIFF", "GIT_PAGER", "PAGER", "GIT_DIFF_OPTS", "GIT_EDITOR"})
"""Commands git could be told to run by the environment: removed (the pager is set to ``cat``)."""

_SAFE_CONFIG = (
    "core.quotePath=false",
    "core.fsmonitor=false",
    f"core.hooksPath={os.devnull}",
    "core.untrackedCache=false",
    "core.pager=cat",
    "core.useReplaceRefs=false",
    "core.commitGraph=false",
    "diff.external=",
    "protocol.allow=never",
)
"""``-c`` settings for every call: they win over the repository's own configuration."""

_SAFE_ENVIRONMENT = {
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_OPTIONAL_LOCKS": "0",
    "GIT_NO_LAZY_FETCH": "1",
    "GIT_NO_REPLACE_OBJECTS": "1",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_ALLOW_PROTOCOL": "",
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "LC_ALL": "C",
}
"""``GIT_ALLOW_PROTOCOL`` set and empty allows no transport, whatever ``protocol.<name>.allow``
the repository sets (``protocol.allow=never`` alone would yield to those): a partial clone
cannot lazily fetch, so no ``remote.*.uploadpack`` or ``core.sshCommand`` runs even on a git
older than 2.44, which ignores ``GIT_NO_LAZY_FETCH``."""

_OBJECT_ID = re.compile(r"[0-9a-f]{40}(?:[0-9a-f]{24})?")
_REGULAR_MODES = frozenset({"100644", "100755"})
_SYMLINK_MODE = "120000"
_SUBMODULE_MODE = "160000"
_TREE_MODE = "040000"
_HASH_LIMIT = 256 * 1024 * 1024
"""A working-tree file larger than this counts as changed without being hashed."""


@dataclass(frozen=True, slots=True)
class Revision:
    """A revision as the user typed it and the commit it names."""

    given: str
    commit: str


@dataclass(frozen=True, slots=True)
class BlobFile:
    """A catalog file at a revision: ``text`` when it could be read, else ``problem`` says why.

    ``path`` is relative to the repository root with ``/`` separators; ``display`` is built
    from the path the user gave, exactly as :func:`mpptool.loaders.files.discover` builds it for the
    working tree, so the same file shows the same way on both sides of a diff.
    """

    path: str
    display: str
    text: str | None
    problem: str | Text | None
    code: str | None = None
    """The F or Y rule that says the same of a working-tree file, when there is a ``problem``."""


@dataclass(frozen=True, slots=True)
class _Entry:
    """One line of ``git ls-tree --long``."""

    mode: str
    oid: str
    size: int | None
    path: str


def repository_root(cwd: str | None = None) -> str:
    """The top folder of the working tree that contains ``cwd`` (the current folder by default).

    It must be the folder that holds the ``.git`` git found: a ``core.worktree`` in the
    repository's configuration cannot move the working tree elsewhere (to ``/``, say, so every
    path on the machine would count as inside the repository).
    """
    folder = os.getcwd() if cwd is None else cwd
    result = _run(["rev-parse", "--show-toplevel"], folder, check=False)
    if result.returncode != 0:
        reason = _first_line(result.stderr)
        if "not a git repository" in reason or "must be run in a work tree" in reason:
            raise UsageError(
                msg(
                    "errors.not-in-git",
                    "not inside a git repository: {folder}: run mpptool from inside a git working tree",
                    folder=shown(folder),
                ),
                "E006",
            )
        raise UsageError(
            msg(
                "errors.toplevel-failed",
                "git rev-parse --show-toplevel failed in {folder}: {reason}",
                folder=shown(folder),
                reason=reason,
            ),
            "E006",
        )
    root = os.fsdecode(result.stdout).removesuffix("\n")
    if not root:
        raise UsageError(
            msg(
                "errors.no-top-folder",
                "not inside a git repository: {folder}: git gave no top folder",
                folder=shown(folder),
            ),
            "E006",
        )
    holder = _folder_holding_git(folder)
    if holder is None or holder != os.path.realpath(root):
        raise UsageError(
            msg(
                "errors.worktree-elsewhere",
                "git puts the working tree of the repository at {folder} in {root}, not in the "
                "folder that holds its .git ({holder}): core.worktree in its configuration? "
                "mpptool only reads the working tree that holds .git",
                folder=shown(folder),
                root=shown(root),
                holder=shown(holder or "?"),
            ),
            "E006",
        )
    return root


def _folder_holding_git(folder: str) -> str | None:
    """The nearest folder at or above ``folder`` (real path) with a ``.git`` entry, or None."""
    current = os.path.realpath(folder)
    while True:
        if os.path.lexists(os.path.join(current, ".git")):
            return current
        parent = os.path.dirname(current)
        if parent == current:
            return None
        current = parent


def resolve(rev: str, root: str, option: str = "--rev") -> Revision:
    """The commit ``rev`` names; refused before git sees it if it could be read as an option.

    ``option`` is the command-line option that gave it, for the messages.
    """
    if not rev:
        raise UsageError(
            msg(
                "errors.empty-revision",
                "{option}: empty revision; give a commit, branch or tag, e.g. {option} origin/main",
                option=option,
            ),
            "E006",
        )
    if rev.startswith("-"):
        raise UsageError(
            msg(
                "errors.revision-option",
                "{option}: {rev} looks like an option, not a revision; give a commit, branch or tag",
                option=option,
                rev=repr(_clean(rev)),
            ),
            "E006",
        )
    if "\x00" in rev:
        raise UsageError(
            msg("errors.revision-nul", "{option}: a revision cannot contain a NUL character", option=option), "E006"
        )
    result = _run(["rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}"], root, check=False)
    commit = result.stdout.decode("ascii", errors="replace").strip()
    if result.returncode == 0 and _OBJECT_ID.fullmatch(commit):
        return Revision(rev, commit)
    reason = _first_line(result.stderr)
    if result.returncode not in (0, 1):
        raise UsageError(
            msg(
                "errors.rev-parse-failed",
                "{option} {rev}: git rev-parse failed: {reason}",
                option=option,
                rev=repr(_clean(rev)),
                reason=reason,
            ),
            "E006",
        )
    if _is_shallow(root):
        raise UsageError(
            msg(
                "errors.shallow",
                "{option} {rev}: not found, and this clone is shallow (it holds only recent history): "
                "run `git fetch --unshallow`, or `git fetch --depth=N origin <branch>` deep enough to reach it; "
                "with actions/checkout, set `fetch-depth: 0`",
                option=option,
                rev=repr(_clean(rev)),
            ),
            "E006",
        )
    raise UsageError(
        msg(
            "errors.unknown-revision",
            "{option} {rev}: unknown revision, or not a commit{reason}: "
            "check the name, or run `git fetch` if it is a remote branch or tag this clone has not seen",
            option=option,
            rev=repr(_clean(rev)),
            reason=f" ({reason})" if reason else "",
        ),
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
        code, message = problem if problem is not None else (None, None)
        files.append(BlobFile(path, display, text, message, code))
    return files


def _repo_path(given: str, cwd: str, root: str) -> str:
    """``given`` relative to the repository root with ``/`` separators; ``""`` for the root itself."""
    if "\x00" in given:
        raise UsageError(
            msg("errors.path-nul", "{path}: a path cannot contain a NUL character", path=repr(shown(given))), "E006"
        )
    joined = os.path.join(cwd, given).rstrip("/" + os.sep) or os.sep
    head, tail = os.path.split(joined)
    # The last part is not resolved: a symlink named by the user is reported, not followed.
    real = os.path.realpath(joined) if tail in ("", ".", "..") else os.path.join(os.path.realpath(head), tail)
    try:
        relative = os.path.relpath(real, os.path.realpath(root))
    except ValueError:  # another drive on Windows
        relative = os.pardir
    if relative == os.pardir or relative.startswith(os.pardir + os.sep):
        raise UsageError(
            msg("errors.outside-git", "{path}: outside the git repository {root}", path=shown(given), root=shown(root)),
            "E006",
        )
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


Problem = tuple[str, Text]
"""(code, message): why a file at a revision is not read, as the F or Y rule the working tree would use."""


def _problem(entry: _Entry) -> Problem | None:
    """Why ``entry`` is not read, or None when it is a regular file within the size limit."""
    if entry.mode == _SYMLINK_MODE:
        return "F001", msg(
            "F001.not-regular", "not a regular file ({kind}): only regular YAML files are read", kind="symlink"
        )
    if entry.mode == _SUBMODULE_MODE:
        return "F001", msg("F001.submodule", "a submodule: its files belong to another repository and are not read")
    if entry.mode not in _REGULAR_MODES:
        return "F001", msg(
            "F001.not-regular",
            "not a regular file ({kind}): only regular YAML files are read",
            kind=msg("F001.git-mode", "git mode {mode}", mode=entry.mode),
        )
    if entry.size is not None and entry.size > MAX_FILE_BYTES:
        return _too_large(entry.size)
    return None


def _too_large(size: int) -> Problem:
    return "F004", msg(
        "F004.larger",
        "larger than {mib} MiB: {size} bytes, over the {limit}-byte limit",
        mib=MAX_FILE_BYTES // (1024 * 1024),
        size=size,
        limit=MAX_FILE_BYTES,
    )


def _decode(data: bytes | Problem | None) -> tuple[str | None, Problem | None]:
    """Strict UTF-8 with a leading BOM allowed, as for working-tree files."""
    if data is None:
        return None, ("F003", msg("F003.missing-object", "object missing from this clone: run `git fetch`"))
    if isinstance(data, tuple):
        return None, data
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = data[exc.start : exc.start + 1].hex()
        return None, (
            "Y002",
            msg(
                "files.not-utf8-at",
                "not UTF-8 at byte {offset:d} (0x{byte}): save the file as UTF-8",
                offset=exc.start,
                byte=bad,
            ),
        )
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
            raise _unexpected("ls-tree", record)
        mode, _kind, oid, size = (field.decode("ascii", errors="replace") for field in fields)
        entries.append(_Entry(mode, oid, int(size) if size.isdigit() else None, os.fsdecode(name)))
    return entries


def _read_blobs(oids: Sequence[str], root: str) -> dict[str, bytes | Problem]:
    """The content of each blob, read by one ``git cat-file --batch``; a str says why one was not read."""
    if not oids:
        return {}
    request = "".join(f"{oid}\n" for oid in oids).encode("ascii")
    output = _run(["cat-file", "--batch"], root, stdin=request).stdout
    contents: dict[str, bytes | Problem] = {}
    position = 0
    for oid in oids:
        end = output.find(b"\n", position)
        if end < 0:
            raise UsageError(
                msg("errors.cat-file-early", "git cat-file --batch stopped early: the repository may be damaged"),
                "E006",
            )
        fields = output[position:end].decode("ascii", errors="replace").split()
        position = end + 1
        if len(fields) == 2 and fields[0] == oid and fields[1] == "missing":
            continue  # reported by _decode as missing
        if len(fields) != 3 or fields[0] != oid or not fields[2].isdigit():
            raise UsageError(
                msg(
                    "errors.cat-file-header",
                    "git cat-file --batch gave an unexpected header: {header}",
                    header=_clean(" ".join(fields)),
                ),
                "E006",
            )
        size = int(fields[2])
        data = output[position : position + size]
        position += size + 1
        if len(data) != size:
            raise UsageError(
                msg("errors.cat-file-early", "git cat-file --batch stopped early: the repository may be damaged"),
                "E006",
            )
        if fields[1] != "blob":
            contents[oid] = ("F003", msg("F003.not-a-blob", "not a file (git object type {type})", type=fields[1]))
        elif size > MAX_FILE_BYTES:
            contents[oid] = _too_large(size)
        else:
            contents[oid] = data
    return contents


def _unexpected(command: str, record: bytes) -> UsageError:
    return UsageError(
        msg(
            "errors.git-unexpected-line",
            "git {command} gave an unexpected line: {line}",
            command=command,
            line=_clean(shown(os.fsdecode(record)))[:120],
        ),
        "E006",
    )


def _is_shallow(root: str) -> bool:
    result = _run(["rev-parse", "--is-shallow-repository"], root, check=False)
    return result.returncode == 0 and result.stdout.strip() == b"true"


def _run(
    args: Sequence[str], where: str, *, check: bool = True, stdin: bytes | None = None
) -> subprocess.CompletedProcess[bytes]:
    """Run one git command in ``where``, hardened against the repository's own configuration.

    No shell, no prompt, no pager, no hooks, no fsmonitor, no untracked cache, no external
    diff, no replace objects, no commit-graph, no transport (so no lazy fetch), no optional
    locks, no system configuration, a timeout; the environment's location and command
    variables are removed.
    """
    command = ["git", "--no-pager", "--literal-pathspecs", "-C", where, "--no-replace-objects"]
    for setting in _SAFE_CONFIG:
        command += ["-c", setting]
    command += args
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in _LOCATION_VARIABLES and name not in _COMMAND_VARIABLES
    }
    env.update(_SAFE_ENVIRONMENT)
    try:
        result = subprocess.run(
            command, input=stdin, capture_output=True, check=False, timeout=GIT_TIMEOUT, env=env, shell=False
        )
    except FileNotFoundError:
        raise UsageError(msg("errors.no-git", "git is not installed or not on PATH"), "E006") from None
    except subprocess.TimeoutExpired:
        raise UsageError(
            msg(
                "errors.git-timeout",
                "git {command} took more than {seconds:.0f} s: is the repository on a slow disk?",
                command=args[0],
                seconds=float(GIT_TIMEOUT),
            ),
            "E006",
        ) from None
    except OSError as exc:
        raise UsageError(
            msg("errors.cannot-run-git", "cannot run git: {reason}", reason=str(exc.strerror)), "E006"
        ) from None
    if check and result.returncode != 0:
        reason = _first_line(result.stderr)
        if b"promisor remote" in result.stderr or "transport" in reason:
            reason += " (objects missing from this partial clone: mpptool never fetches; run `git fetch` first)"
        raise UsageError(
            msg("errors.git-failed", "git {command} failed: {reason}", command=args[0], reason=reason), "E006"
        )
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
    """git's own words, made safe to print like any other text (:func:`mpptool.text.safe.safe`)."""
    return safe(text)


def changed_paths(revision: Revision, root: str) -> frozenset[str]:
    """Real paths of the files that differ between ``revision`` and the working tree, untracked ones included.

    Staged and unstaged changes both count; a renamed file counts under its new name (and its
    old one), a deleted one under its old name (a deleted configuration file changes the
    verdict too). git only reads its object database and index here, never the working tree
    through its own machinery, so no clean filter, textconv, external diff or fsmonitor hook
    configured in the repository can run: the revision's blobs are listed by ``git ls-tree``,
    the index's entries by ``git ls-files --stage``, the untracked files by ``git ls-files
    --others --exclude-standard``, and each working-tree file is hashed here as a git blob
    (``blob <size>\\0<bytes>``, in the repository's object format, which the length of each
    object id tells: SHA-1 or SHA-256)
    and compared with the revision's. Anything that cannot be compared exactly counts as
    changed: a file rewritten by a filter or line-ending conversion, a path under a symlinked
    folder, a file too large to hash, a symlink or special file where the revision has a file;
    every file in a submodule or a nested repository counts as changed.

    The set holds, for each changed name, ``os.path.realpath`` of the root-joined name as
    :func:`os.fsdecode` gives it (undecodable bytes as lone surrogates, so the string is the
    name's bytes exactly), and the same location with the last part not resolved when it is
    a symlink. So that a caller can match a file by its display, a name with undecodable bytes
    is also there as :func:`mpptool.loaders.files.shown` shows it (``\\xNN``): ``os.path.realpath`` of
    a display built by :func:`mpptool.loaders.files.discover` from a relative path gives exactly that.
    Matching the files' own paths (not their displays) is the exact way: see
    :mod:`mpptool.engine.checker`.
    """
    real_root = os.path.realpath(root)
    at_revision = _revision_entries(revision.commit, root)
    indexed = _index_entries(root)
    untracked = _untracked(root)
    base = os.fsencode(real_root)
    checker = _WorkingTree(base)
    changed: set[bytes] = set()
    whole: set[bytes] = set()  # folders every file of which counts: submodules, nested repositories
    for name in sorted(at_revision.keys() | indexed.keys() | untracked):
        if name.endswith(b"/"):  # an untracked nested repository: git does not look inside
            whole.add(name.rstrip(b"/"))
            continue
        mode = indexed.get(name)
        if mode in (_SUBMODULE_MODE, _TREE_MODE):
            whole.add(name)
        entry = at_revision.get(name)
        if entry is None:
            changed.add(name)  # added, staged or untracked
            continue
        if entry[0] == _SUBMODULE_MODE:
            whole.add(name)
        if not checker.same(name, *entry):
            changed.add(name)
    for folder in sorted(whole):
        changed.add(folder)
        changed.update(_files_below(base, folder))
    real: set[str] = set()
    for name in changed:
        real.update(_real_names(base, name))
    return frozenset(real)


def _revision_entries(commit: str, root: str) -> dict[bytes, tuple[str, str]]:
    """Every entry of ``commit``'s tree, recursively: name (bytes) to (mode, object id)."""
    result = _run(["ls-tree", "-r", "-z", "--full-tree", "--end-of-options", commit], root)
    entries: dict[bytes, tuple[str, str]] = {}
    for fields, name in _records(result.stdout, "ls-tree"):
        mode, _kind, oid = (field.decode("ascii", errors="replace") for field in fields)
        entries[name] = (mode, oid)
    return entries


def _records(output: bytes, command: str) -> Iterator[tuple[list[bytes], bytes]]:
    """(three header fields, name) of each NUL-terminated `MODE X Y<TAB>NAME` record."""
    for record in output.split(b"\x00"):
        if not record:
            continue
        header, tab, name = record.partition(b"\t")
        fields = header.split()
        if not tab or not name or len(fields) != 3:
            raise _unexpected(command, record)
        yield fields, name


def _index_entries(root: str) -> dict[bytes, str]:
    """Every entry of the index (staged files included): name (bytes) to mode."""
    result = _run(["ls-files", "--stage", "-z"], root)
    return {name: fields[0].decode("ascii", errors="replace") for fields, name in _records(result.stdout, "ls-files")}


def _untracked(root: str) -> set[bytes]:
    """Untracked files that ``.gitignore`` does not cover; a nested repository ends with ``/``."""
    result = _run(["ls-files", "--others", "--exclude-standard", "-z", "--", "."], root)
    return {name for name in result.stdout.split(b"\x00") if name}


class _WorkingTree:
    """Compares working-tree entries with a revision's, by hashing them as git would store them."""

    def __init__(self, base: bytes) -> None:
        self.base = base
        self._plain_folders: dict[bytes, bool] = {}

    def same(self, name: bytes, mode: str, oid: str) -> bool:
        """Whether the working tree holds exactly ``mode``'s kind of entry with the blob ``oid``."""
        path = self.base + b"/" + name
        if not self._plain_folder(os.path.dirname(path)):
            return False  # a folder on the way is a symlink or gone: the name means something else now
        try:
            info = os.lstat(path)
        except OSError:
            return False  # deleted
        if mode == _SYMLINK_MODE:
            if not stat.S_ISLNK(info.st_mode):
                return False
            try:
                return _blob_id(os.readlink(path), oid) == oid
            except OSError:
                return False
        if mode in _REGULAR_MODES and stat.S_ISREG(info.st_mode):
            return _file_id(path, oid) == oid
        return False

    def _plain_folder(self, folder: bytes) -> bool:
        """Whether ``folder`` is a real folder reached without any symlink (cached per folder)."""
        known = self._plain_folders.get(folder)
        if known is None:
            known = os.path.realpath(folder) == folder and os.path.isdir(folder)
            self._plain_folders[folder] = known
        return known


def _hasher(oid: str) -> hashlib._Hash:
    """SHA-256 for a 64-digit object id, else SHA-1: the repository's object format."""
    if len(oid) == 64:
        return hashlib.sha256()
    return hashlib.sha1(usedforsecurity=False)  # git's object ids: an address, not a security check


def _blob_id(data: bytes, oid: str) -> str:
    """The id git gives ``data`` as a blob, in the object format of ``oid``."""
    digest = _hasher(oid)
    digest.update(b"blob %d\x00" % len(data))
    digest.update(data)
    return digest.hexdigest()


def _file_id(path: bytes, oid: str) -> str | None:
    """The blob id of the regular file at ``path`` (never through a symlink), or None when it cannot be hashed."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > _HASH_LIMIT:
            return None
        digest = _hasher(oid)
        digest.update(b"blob %d\x00" % info.st_size)
        remaining = info.st_size
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                return None  # shrank while being read
            digest.update(chunk)
            remaining -= len(chunk)
        if os.read(fd, 1):
            return None  # grew while being read
        return digest.hexdigest()
    except OSError:
        return None
    finally:
        os.close(fd)


def _files_below(base: bytes, folder: bytes) -> Iterable[bytes]:
    """Every entry below ``folder`` (a name relative to ``base``), symlinks not followed, ``.git`` left out."""
    top = base + b"/" + folder
    for current, folders, files in os.walk(top, followlinks=False):
        folders[:] = [name for name in folders if name != b".git"]
        relative = folder + current[len(top) :]
        for name in (*files, *folders):
            if name != b".git":
                yield relative + b"/" + name


def _real_names(base: bytes, name: bytes) -> set[str]:
    """The real path of ``base/name``, its location with the last part unresolved, and how each shows."""
    path = base + b"/" + name
    resolved = os.fsdecode(os.path.realpath(path))
    located = os.fsdecode(os.path.join(os.path.realpath(os.path.dirname(path)), os.path.basename(path)))
    return {resolved, located, shown(resolved), shown(located)}
