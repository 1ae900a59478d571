"""`mpptool fix`: apply the fixes findings make certain, and say what remains.

Options in, a result out. Each file is checked as `validate` checks it (the project's
configuration and suppressions apply: a finding nobody reports is never fixed), the edits of
:mod:`mpptool.authoring.fixes` made, the text checked again, and so on until nothing more is
fixable (at most a few rounds; one usually), so running it twice changes nothing the second
time. A file is rewritten atomically, only when it changed and only when the strict loader
finds every value the fixes did not target exactly as it was.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass, field

from mpptool.authoring.fixes import Edit, apply, plan, unchanged_elsewhere
from mpptool.engine.checker import FileChecker
from mpptool.engine.output import write_atomic
from mpptool.engine.policy import Policy, Selection, make_policy
from mpptool.engine.settings import configuration
from mpptool.errors import UsageError
from mpptool.loaders.files import FileProblem, decode, discover, read_bytes
from mpptool.model import Finding, Severity
from mpptool.rules import validation_rules

ROUNDS = 4
"""A fix can reveal another (a quoted value then checked against its pattern); a few rounds reach the fixpoint."""


@dataclass(frozen=True, slots=True)
class FixOptions:
    """Everything `mpptool fix` was asked to do."""

    paths: tuple[str, ...]
    diff: bool = False
    unsafe: bool = False
    selection: Selection = field(default_factory=Selection)
    config_file: str | None = None
    isolated: bool = False


@dataclass(frozen=True, slots=True)
class FileFix:
    """One file: the edits made (or that would be, with ``--diff``), those held back, what remains."""

    display: str
    edits: tuple[Edit, ...]
    held_back: tuple[Edit, ...]
    remaining: tuple[Finding, ...]
    diff: str = ""
    refused: bool = False
    """The fixed text would have changed a value no fix targets: nothing was written."""


@dataclass(frozen=True, slots=True)
class FixResult:
    """Every file's fixes; formatters render this."""

    files: tuple[FileFix, ...]
    wrote: bool
    """Whether files were rewritten (false with ``--diff``)."""

    @property
    def fixed(self) -> int:
        """Edits made (or, with ``--diff``, that would be)."""
        return sum(len(file.edits) for file in self.files)

    @property
    def remaining(self) -> tuple[Finding, ...]:
        """Findings left after the fixes, in file order."""
        return tuple(finding for file in self.files for finding in file.remaining)


@dataclass(frozen=True, slots=True)
class FixRun:
    """A finished `fix` and its exit status."""

    result: FixResult
    read: tuple[str, ...] = ()

    @property
    def exit_status(self) -> int:
        """``--diff``: 1 when something would change; else 1 when an error remains, 0 when none does."""
        if not self.result.wrote:
            return 1 if self.result.fixed else 0
        return 1 if any(finding.severity is Severity.ERROR for finding in self.result.remaining) else 0


def _reported(checker: FileChecker, policy: Policy, display: str, text: str) -> list[Finding]:
    from mpptool.engine.catalog import file_notes

    outcome = checker.check_text(display, text)
    return list(policy.apply(outcome.findings, file_notes([outcome])).findings)


def fix_text(
    display: str, text: str, checker: FileChecker, policy: Policy, unsafe: bool
) -> tuple[str, list[Edit], list[Edit], list[Finding], bool]:
    """The fixed text, the edits made, the unsafe ones held back, what remains, and whether it was refused."""
    made: list[Edit] = []
    held: list[Edit] = []
    current = text
    for _ in range(ROUNDS):
        findings = _reported(checker, policy, display, current)
        edits = plan(current, findings)
        chosen = [edit for edit in edits if edit.safe or unsafe]
        held = [edit for edit in edits if not edit.safe and not unsafe]
        if not chosen:
            return current, made, held, findings, False
        fixed = apply(current, chosen)
        if not unchanged_elsewhere(current, fixed, chosen):
            return text, [], [], _reported(checker, policy, display, text), True
        made += chosen
        current = fixed
    return current, made, held, _reported(checker, policy, display, current), False


def run_fix(options: FixOptions) -> FixRun:
    """Fix every catalog file under the paths; write (or, with ``--diff``, show) the changes."""
    config = configuration(options.paths, options.config_file, options.isolated)
    rules = validation_rules()
    policy = make_policy(config, rules, options.selection)
    checker = FileChecker(rules)
    found = discover(options.paths)
    files = []
    for target in found.targets:
        raw = read_bytes(target)
        if isinstance(raw, FileProblem):
            raise UsageError(f"{target.display}: " + raw.message, "E001")
        text, _ = decode(raw)
        if text is None:
            files.append(FileFix(target.display, (), (), tuple(_reported(checker, policy, target.display, ""))))
            continue
        fixed, made, held, remaining, refused = fix_text(target.display, text, checker, policy, options.unsafe)
        diff = ""
        if fixed != text:
            diff = "".join(
                difflib.unified_diff(
                    text.splitlines(keepends=True),
                    fixed.splitlines(keepends=True),
                    fromfile=f"a/{target.display}",
                    tofile=f"b/{target.display}",
                )
            )
            if not options.diff:  # a byte-order mark the file had stays (decoding dropped it)
                write_atomic(target.path, ("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "") + fixed)
        files.append(FileFix(target.display, tuple(made), tuple(held), tuple(remaining), diff, refused))
    read = (config.source,) if config.source else ()
    return FixRun(FixResult(tuple(files), not options.diff), read)


def fixed_paths(result: FixResult) -> Sequence[str]:
    """The files a run changed (or would change)."""
    return [file.display for file in result.files if file.edits]
