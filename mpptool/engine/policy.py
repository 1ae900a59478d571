"""What a run reports: rule selection, per-file ignores, severity overrides and inline suppressions.

Applied after every check ran, to located findings: so the per-file results (and the cache)
do not depend on the configuration, and catalog-wide findings are treated exactly like
per-file ones. Selection follows ruff: the most specific selector wins (``C001`` beats
``C``, which beats ``ALL``), and on a tie ``ignore`` wins. Findings that mean a file could
not be checked at all (:data:`~mpptool.rules.UNIGNORABLE`) are always reported.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from mpptool.engine.config import UNIGNORABLE_REASON, Config, compile_glob, names_a_rule, selected, unknown_code
from mpptool.errors import UsageError
from mpptool.loaders.comments import NONE, Suppression, Suppressions
from mpptool.model import Finding, Rule, Severity
from mpptool.rules import UNIGNORABLE, registry
from mpptool.text.i18n import Text, msg

UNUSED = "M001"
INVALID = "M002"


@dataclass(frozen=True, slots=True)
class Selection:
    """Rule selection given on the command line; it refines the configuration file's."""

    select: tuple[str, ...] | None = None
    """Replaces the configuration's ``select``."""
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    """Added to the configuration's ``ignore``."""


@dataclass(frozen=True, slots=True)
class FileNotes:
    """What the policy needs to know about one checked file besides its findings."""

    mpp: str | None = None
    suppressions: Suppressions = NONE
    checked: bool = True
    """False when the file could not be parsed: its suppressions are then not judged unused."""


@dataclass(frozen=True, slots=True)
class Applied:
    """The findings a run reports and those inline comments silenced, both sorted."""

    findings: tuple[Finding, ...]
    suppressed: tuple[Finding, ...]


@dataclass(frozen=True, slots=True)
class Policy:
    """The codes a run reports, and how, for one command and one configuration."""

    ran: frozenset[str]
    """Codes the command runs: a suppression of any other code is not judged unused."""
    enabled: frozenset[str]
    severity: Mapping[str, Severity] = field(default_factory=dict)
    per_file: tuple[tuple[str, tuple[str, ...]], ...] = ()
    base: str = "."

    def apply(self, findings: Iterable[Finding], files: Mapping[str, FileNotes]) -> Applied:
        """Drop deselected findings, silence suppressed ones, report suppressions that silence nothing."""
        kept: list[Finding] = []
        silenced: list[Finding] = []
        used: set[tuple[str, int, int, str]] = set()
        ignored_here: dict[str, frozenset[str]] = {}
        indexes: dict[str, _Index] = {}
        for finding in findings:
            code = finding.code
            if code not in UNIGNORABLE:
                if code not in self.enabled or code in self._ignored(finding.file, ignored_here):
                    continue
                notes = files.get(finding.file)
                match = None
                if notes is not None and notes.suppressions:
                    if finding.file not in indexes:
                        indexes[finding.file] = _index(notes.suppressions)
                    match = _matching(indexes[finding.file], finding)
                if match is not None:
                    used.add((finding.file, match.line, match.column, code))
                    silenced.append(finding)
                    continue
            kept.append(self._severity(finding))
        for file, notes in files.items():
            for finding in self._judge(file, notes, used, self._ignored(file, ignored_here)):
                if finding.code in self.enabled and finding.code not in self._ignored(file, ignored_here):
                    kept.append(self._severity(finding))
        kept.sort(key=Finding.sort_key)
        silenced.sort(key=Finding.sort_key)
        return Applied(tuple(kept), tuple(silenced))

    def _ignored(self, file: str, memo: dict[str, frozenset[str]]) -> frozenset[str]:
        """The codes ``per-file-ignores`` switch off for ``file`` (computed once per file)."""
        if file not in memo:
            path = os.path.relpath(os.path.abspath(file), self.base).replace(os.sep, "/")
            name = path.rsplit("/", 1)[-1]
            codes: set[str] = set()
            for pattern, selectors in self.per_file:
                glob = compile_glob(pattern)
                if glob.match(path) or ("/" not in pattern and glob.match(name)):
                    codes.update(code for code in self.enabled if any(selected(s, code) for s in selectors))
            memo[file] = frozenset(codes - UNIGNORABLE)
        return memo[file]

    def _severity(self, finding: Finding) -> Finding:
        level = self.severity.get(finding.code)
        return finding if level is None or level is finding.severity else dataclasses.replace(finding, severity=level)

    def _judge(
        self, file: str, notes: FileNotes, used: Collection[tuple[str, int, int, str]], dropped: Collection[str]
    ) -> Iterable[Finding]:
        """M-findings for one file: unreadable comments, unknown codes, suppressions that silence nothing."""
        if not notes.suppressions:
            return  # nearly every file: no registry lookup, no work
        known = registry()
        severity = {code: known[code].severity for code in (UNUSED, INVALID)}
        for bad in notes.suppressions.malformed:
            yield Finding.said(
                INVALID,
                severity[INVALID],
                msg(
                    "M002.malformed",
                    "{problem}; write `# mpptool: ignore[CODE,...]` (this line or the next) "
                    "or `# mpptool: ignore-file[CODE,...]`",
                    problem=bad.message,
                ),
                file,
                bad.line,
                bad.column,
                mpp=notes.mpp,
            )
        for entry in notes.suppressions.entries:
            for code in entry.codes:
                silenced = (file, entry.line, entry.column, code) in used or code in dropped
                verdict = self._verdict(entry, code, known, silenced, notes)
                if verdict is not None:
                    kind, message = verdict
                    yield Finding.said(kind, severity[kind], message, file, entry.line, entry.column, mpp=notes.mpp)

    def _verdict(
        self, entry: Suppression, code: str, known: Mapping[str, Rule], used: bool, notes: FileNotes
    ) -> tuple[str, Text] | None:
        """(M-code, message) for one code of one comment, or None when it is in order."""
        if code not in known:
            near = difflib.get_close_matches(code, list(known), n=1)
            hint = msg("M002.did-you-mean", " (did you mean {code}?)", code=near[0]) if near else ""
            return INVALID, msg(
                "M002.unknown-code",
                "{code} is not a rule code{hint}: fix or remove it from the comment",
                code=code,
                hint=hint,
            )
        if code in UNIGNORABLE:
            return INVALID, msg(
                "M002.unignorable",
                "{code} cannot be silenced: it means the file could not be checked; fix the file instead",
                code=code,
            )
        if used or not notes.checked or code not in self.ran or code not in self.enabled:
            return None
        if entry.target is None:
            return UNUSED, msg(
                "M001.file",
                "`# mpptool: ignore-file[{code}]` silences nothing: no {code} finding is left to it in this file "
                "(none is reported, or a line suppression takes each); remove it",
                code=code,
            )
        return UNUSED, msg(
            "M001.line",
            "`# mpptool: ignore[{code}]` silences nothing: {code} is not reported on line {line:d}; remove it",
            code=code,
            line=entry.target,
        )


_Index = tuple[dict[int, list[Suppression]], tuple[Suppression, ...]]


def _matching(index: _Index, finding: Finding) -> Suppression | None:
    """The first suppression that silences ``finding``: a line one before a file-wide one.

    Looked up by the finding's line in an index built once per file (:func:`_index`), so
    findings times comments is never scanned."""
    by_line, file_wide = index
    for entry in by_line.get(finding.line, ()):
        if finding.code in entry.codes:
            return entry
    for entry in file_wide:
        if finding.code in entry.codes:
            return entry
    return None


def _index(suppressions: Suppressions) -> _Index:
    by_line: dict[int, list[Suppression]] = {}
    file_wide = []
    for entry in suppressions.entries:
        if entry.target is None:
            file_wide.append(entry)
        else:
            by_line.setdefault(entry.target, []).append(entry)
    return by_line, tuple(file_wide)


def make_policy(config: Config, ran: Mapping[str, Rule], overrides: Selection = Selection()) -> Policy:
    """The policy of one run: the configuration refined by the command line, over the codes ``ran``."""
    known = registry()
    given = (("--select", overrides.select or ()), ("--extend-select", overrides.extend_select))
    for option, values in (*given, ("--ignore", overrides.ignore)):
        for value in values:
            if not names_a_rule(value, known):
                raise UsageError(f"{option}: " + unknown_code(value, known), "E002")
            if option == "--ignore" and value.strip().upper() in UNIGNORABLE:
                said = msg(
                    "errors.cannot-ignore", "{code} cannot be ignored: {reason}", code=value, reason=UNIGNORABLE_REASON
                )
                raise UsageError("--ignore: " + said, "E002")
    base = overrides.select if overrides.select is not None else config.select
    select = [s.strip().upper() for s in (base if base is not None else ("ALL",))]
    select += [s.strip().upper() for s in (*config.extend_select, *overrides.extend_select)]
    ignore = [s.strip().upper() for s in (*config.ignore, *overrides.ignore)]
    enabled = frozenset(code for code in ran if _wins(code, select, ignore)) | (UNIGNORABLE & set(ran))
    return Policy(frozenset(ran), enabled, dict(config.severity), config.per_file_ignores, config.base)


def _wins(code: str, select: Sequence[str], ignore: Sequence[str]) -> bool:
    """Whether the most specific selector matching ``code`` selects it (ties go to ignore)."""
    chosen = max((_specificity(s) for s in select if selected(s, code)), default=-1)
    dropped = max((_specificity(s) for s in ignore if selected(s, code)), default=-1)
    return chosen >= 0 and chosen > dropped


def _specificity(selector: str) -> int:
    return 0 if selector == "ALL" else len(selector)
