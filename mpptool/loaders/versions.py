"""Where the versions a diff compares come from: the working tree, git revisions, MPP ids.

The only module of `diff` that reads files or runs git; :mod:`mpptool.commands.diff` computes on what
this returns.

The working-tree side of a revision diff reads only inside the git repository: a path, or a
symlink (to a file or a folder) whose real path leaves the repository or enters its ``.git``
folder is reported as a problem, located, and never read. Every name that reaches an output
is escaped: a version's ``display`` by :func:`mpptool.loaders.files.shown`, its ``path`` (the key that
pairs the two sides, and what CI annotations name) by :func:`path_key`, which is built from
the bytes of the name on both sides, so a file whose name is not UTF-8 pairs with itself.
"""

from __future__ import annotations

import dataclasses
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from mpptool.errors import UsageError
from mpptool.loaders.files import FileProblem, Target, decode, discover, read_bytes, relative_path, shown
from mpptool.loaders.strict_yaml import parse_yaml
from mpptool.model import Finding, Severity
from mpptool.text.i18n import Text, msg
from mpptool.text.safe import safe
from mpptool.vocab.access import section, text

WORKING_TREE = "the working tree"


@dataclass(frozen=True, slots=True)
class Version:
    """One version of one file: what to call it and its text (None when it could not be read)."""

    path: str
    display: str
    text: str | None
    problem: str | Text | None = None
    code: str = "F003"
    """The F or Y rule a ``problem`` is reported under (set where the problem is found, never
    read back from its wording)."""


_LITERAL_ESCAPE = re.compile(r"\\(?=x[0-9A-Fa-f]{2})")
"""A backslash in a name that :func:`mpptool.loaders.files.shown` output could be mistaken for."""


def path_key(path: str) -> str:
    """A path relative to the repository root as diffs key and show it: printable, one per name.

    Undecodable bytes (lone surrogates from :func:`os.fsdecode`) are shown as ``\\xNN`` like
    :func:`mpptool.loaders.files.shown`; a backslash that a name already holds before ``xNN`` is shown
    as ``\\x5c`` first, so two names never share a key (``caf\\xe9`` written out and ``caf``
    followed by the byte 0xE9 stay apart) and no file of a diff is lost to another.
    """
    return shown(_LITERAL_ESCAPE.sub(r"\\x5c", path))


def working_versions(paths: Sequence[str], root: str | None, missing_ok: bool = False) -> list[Version]:
    """The catalog files under ``paths`` as they are on disk; ``path`` relative to ``root``.

    With a ``root`` (the git repository of a revision diff) only files inside it are read: a
    path outside it is a usage error, and a symlink (named or met in a folder) whose real path
    leaves the repository or enters its ``.git`` folder is a problem, never read.
    ``missing_ok``: a path that does not exist (deleted since the revision) holds no files.
    """
    if missing_ok:
        paths = [path for path in paths if os.path.lexists(path)]
        if not paths:
            return []
    if root is not None:
        return _repository_versions(paths, root)
    found = discover(paths)
    versions = [_unread(relative_path(p.display, root), p.display, p) for p in found.problems]
    for target in found.targets:
        versions.append(_read(relative_path(target.display, root), target))
    return versions


def _unread(path: str, display: str, problem: FileProblem) -> Version:
    return Version(path, display, None, problem.message, problem.code)


def _read(path: str, target: Target) -> Version:
    """One discovered file read and decoded; a file that cannot be is a version with its problem."""
    raw = read_bytes(target)
    if isinstance(raw, FileProblem):
        return _unread(path, target.display, raw)
    content, bad = decode(raw)
    if content is not None:
        return Version(path, target.display, content)
    return Version(path, target.display, None, bad[2] if bad else msg("versions.not-utf8", "not valid UTF-8"), "Y002")


def _repository_versions(paths: Sequence[str], root: str) -> list[Version]:
    """:func:`working_versions` inside the git repository at ``root``."""
    real_root = os.path.realpath(root)
    versions: list[Version] = []
    readable: list[str] = []
    for given in paths:
        location = _location(given)
        if not _inside(location, real_root):
            raise UsageError(
                msg(
                    "errors.outside-git",
                    "{path}: outside the git repository {root}",
                    path=shown(given),
                    root=shown(root),
                ),
                "E006",
            )
        refusal = _refusal(given, real_root)
        if refusal is not None:
            versions.append(Version(_key(location, real_root), shown(given), None, refusal, "F001"))
        else:
            readable.append(given)
    if not readable:
        return _unique(versions)
    found = discover(readable)
    versions.extend(_unread(relative_path(p.display, real_root), p.display, p) for p in found.problems)
    for target in found.targets:
        key = _key(_location(target.path), real_root)
        problem = _refusal(target.path, real_root)
        if problem is not None:
            versions.append(Version(key, target.display, None, problem, "F001"))
            continue
        versions.append(_read(key, target))
    return _unique(versions)


def _unique(versions: list[Version]) -> list[Version]:
    """``versions`` with no two sharing a ``path``, the key a diff pairs files by: none is lost.

    Targets have keys of their own (:func:`path_key` of their bytes); a folder's problems only
    have a display, which a file named with a written-out ``\\xNN`` could share.
    """
    seen: set[str] = set()
    kept = []
    for version in versions:
        path, number = version.path, 1
        while path in seen:
            number += 1
            path = f"{version.path}#{number}"
        seen.add(path)
        kept.append(version if path == version.path else dataclasses.replace(version, path=path))
    return kept


def _location(path: str) -> str:
    """Where ``path`` is: absolute, the folders on the way resolved, the last part not (a symlink stays one)."""
    joined = os.path.join(os.getcwd(), path).rstrip("/" + os.sep) or os.sep
    head, tail = os.path.split(joined)
    if tail in ("", ".", ".."):
        return os.path.realpath(joined)
    return os.path.join(os.path.realpath(head), tail)


def _inside(path: str, folder: str) -> bool:
    try:
        return os.path.commonpath([folder, path]) == folder
    except ValueError:  # another drive on Windows
        return False


def _refusal(path: str, real_root: str) -> Text | None:
    """Why the file or folder at ``path`` is not read, or None when its real path is inside the repository.

    Reported as F001, as a symlink at a revision is.
    """
    real = os.path.realpath(path)
    what = (
        msg("versions.symlink-points", "symlink points")
        if os.path.islink(path)
        else msg("versions.real-path", "not a regular file: its real path is")
    )
    if not _inside(real, real_root):
        return msg(
            "versions.outside",
            "{what} outside the git repository: only files inside the repository are read; "
            "copy the file in or remove the link",
            what=what,
        )
    if ".git" in os.path.relpath(real, real_root).split(os.sep):
        return msg(
            "versions.in-git", "{what} inside the repository's .git folder: git's own files are never read", what=what
        )
    return None


def _key(location: str, real_root: str) -> str:
    return path_key(os.path.relpath(location, real_root).replace(os.sep, "/"))


def revision_versions(rev: str, paths: Sequence[str], root: str) -> tuple[str, list[Version]]:
    """The catalog files under ``paths`` at git revision ``rev``: (label, versions)."""
    from mpptool.loaders import git as gitrev

    revision = gitrev.resolve(rev, root)
    files = gitrev.files_at(revision, paths, root)
    label = f"{safe(shown(rev))} ({revision.commit[:12]})"
    return label, [
        Version(path_key(blob.path), blob.display, blob.text, blob.problem, blob.code or "F003") for blob in files
    ]


def load_catalog(
    paths: Sequence[str], mentioning: str | None = None
) -> tuple[list[tuple[str, str, dict[str, Any]]], list[Finding]]:
    """Every readable MPP under ``paths`` as (id, display, data); the rest as located findings.

    ``mentioning``: parse only the files whose text contains it, so looking up one id among
    hundreds of files does not cost a parse of each.
    """
    mpps: list[tuple[str, str, dict[str, Any]]] = []
    problems: list[Finding] = []
    for version in working_versions(paths, None):
        if mentioning is not None and version.text is not None and mentioning not in version.text:
            continue
        data = _parse(version, problems)
        if data is not None:
            ident = text(section(data, "mpp").get("id")) or version.display
            mpps.append((ident, version.display, data))
    return mpps, problems


def _parse(version: Version, problems: list[Finding]) -> dict[str, Any] | None:
    if version.text is None:
        message = version.problem or unreadable()
        problems.append(Finding.said(version.code, Severity.ERROR, message, version.display, 1, 1))
        return None
    loaded = parse_yaml(version.text)
    if not isinstance(loaded.data, dict):
        first = loaded.problems[0] if loaded.problems else None
        line, column = (first.line, first.column) if first else (1, 1)
        said = first.message if first else not_a_mapping()
        problems.append(
            Finding.said(first.code if first else "Y011", Severity.ERROR, said, version.display, line, column)
        )
        return None
    return loaded.data


def unreadable() -> Text:
    """What is said of a version that could not be read, when nothing more precise is known."""
    return msg("versions.unreadable", "cannot be read")


def not_a_mapping() -> Text:
    """What is said of a version whose top level is not a mapping, when YAML said nothing."""
    return msg("versions.not-a-mapping", "the top level is not a mapping")
