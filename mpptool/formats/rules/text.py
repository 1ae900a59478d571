"""`mpptool rules`: the rule listing, and one rule explained with a failing and a passing example.

Pure: rules and examples in, plain text out. The examples are the ones the test suite proves
(:mod:`mpptool.rules.examples`), so what a user is shown is known to behave as shown. Every
string goes through :func:`~mpptool.text.safe.safe`: the examples are ours, but this text goes
to terminals, and an example may hold a control character on purpose (Y002).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence

from mpptool.commands.rules import RulesResult
from mpptool.formats.shared import PLAIN, Style
from mpptool.model import Rule
from mpptool.rules import AUDIT_FAMILY, UNIGNORABLE
from mpptool.rules.examples import Example, ExampleFile
from mpptool.text.safe import safe

WIDTH = 88
"""Prose is wrapped to this width; example lines are shown as they are."""
CATALOG = "catalog/"
"""The folder a several-file example's files are shown in (the tests build it under that name)."""


def render(result: RulesResult, style: Style = PLAIN) -> str:
    """The one rule explained, or the listing."""
    del style  # plain text only
    if result.explained is not None:
        return explain(result.explained, result.examples, result.summaries)
    return rules_table(result.rules, result.summaries)


def rules_table(rules: Iterable[Rule], summaries: Mapping[str, str] | None = None) -> str:
    """One line per rule: code, name, default severity and summary (and "[fix]" when `mpptool fix` fixes it)."""
    said = summaries or {}
    return "".join(
        f"{safe(rule.code)}  {safe(rule.name):<28} {safe(rule.severity.value):<8} "
        f"{safe(said.get(rule.code, rule.summary))}" + (" [fix]" if rule.fix is not None else "") + "\n"
        for rule in rules
    )


def explain(rule: Rule, examples: Sequence[Example], summaries: Mapping[str, str] | None = None) -> str:
    """``rule`` in full: summary, rationale, its first failing and first passing example, how to silence it."""
    summary = (summaries or {}).get(rule.code, rule.summary)
    lines = [f"{safe(rule.code)} {safe(rule.name)} ({safe(rule.severity.value)})", *_wrap(summary)]
    if rule.family == AUDIT_FAMILY:
        lines.append("Checked by `mpptool audit` only: it judges the MPP, not the file.")
    for paragraph in rule.rationale.split("\n\n"):
        lines += ["", *_wrap(paragraph)]
    failing = next((example for example in examples if not example.passes), None)
    passing = next((example for example in examples if example.passes), None)
    for title, example in (("Fails", failing), ("Passes", passing)):
        lines.append("")
        if example is None:
            lines.append(f"{title}: no example yet")
        else:
            lines += [f"{title}: {safe(example.name)}", *_example(example)]
    if rule.fix is not None:
        lines += ["", *_wrap(f"Fixable by `mpptool fix`: {rule.fix}.")]
    lines += ["", _silencing(rule.code)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _silencing(code: str) -> str:
    """One line, never wrapped, so both ways to silence the rule can be copied as they are."""
    shown = safe(code)
    if code in UNIGNORABLE:
        return (
            f"{shown} cannot be silenced: it means a file could not be checked at all, and such a file is never clean."
        )
    if code.startswith("X"):
        return (
            f'To silence it: `ignore = ["{shown}"]` in [tool.mpptool], or `per-file-ignores` for one workbook '
            "(a workbook has no comment lines)."
        )
    if code.startswith("M"):
        return f'To silence it: `ignore = ["{shown}"]` in [tool.mpptool] (a comment cannot silence a comment).'
    return (
        f'To silence it: `# mpptool: ignore[{shown}]` on the line or the line above, or `ignore = ["{shown}"]` '
        "in [tool.mpptool]."
    )


def _wrap(text: str, indent: str = "") -> list[str]:
    """A paragraph of prose (a docstring's lines joined), wrapped; codes and ranges are never split."""
    joined = safe(" ".join(text.split()))
    return textwrap.wrap(
        joined, WIDTH, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    ) or [indent]


def _example(example: Example) -> Iterator[str]:
    """The example's situation, where it is reported, and its text with that place marked."""
    if example.situation is not None:
        yield from _wrap(example.situation, "  ")
    if not example.passes and example.line is not None and example.column is not None:
        folder = "" if example.logs else CATALOG
        where = f" in {folder}{safe(example.file)}" if example.file is not None else ""
        yield f"  reported{where} at line {example.line}, column {example.column}"
    mark = (example.line, example.column) if not example.passes else None
    if example.yaml is not None:
        if example.logs:
            yield f"  {CATALOG}case.yaml"
        yield from _numbered(example.yaml, mark if example.file is None else None, "  ")
    for name, text in example.logs:
        shown = f"logs/{name}"
        yield f"  {safe(shown)} (read with --activity logs)"
        yield from _numbered(text, mark if example.file == shown else None, "    ")
    for spec in example.files:
        marked = mark if spec.name == example.file else None
        yield f"  {'>' if marked and spec.text is None else ' '} {CATALOG}{safe(spec.name)}{_described(spec)}"
        if spec.text is not None:
            yield from _numbered(spec.text, marked, "    ")
        elif spec.workbook is not None:
            yield from _numbered(spec.workbook.yaml, None, "    ")


def _described(spec: ExampleFile) -> str:
    """What makes a file special, after its name; nothing for a plain UTF-8 file."""
    if spec.fifo:
        return ": a named pipe (FIFO)"
    if spec.symlink is not None:
        return f" -> {safe(spec.symlink)}"
    if spec.workbook is not None:
        edits = [f"{safe(cells)} merged" for cells in spec.workbook.merge]
        edits += [f"{safe(part)} hidden" for part in spec.workbook.hide]
        return f": the workbook `mpptool export` writes from this YAML{', then ' + ', '.join(edits) if edits else ''}"
    notes = []
    if spec.encoding != "utf-8":
        notes.append(f"saved as {safe(spec.encoding)}")
    if spec.mode is not None:
        notes.append(f"permissions {spec.mode:03o}")
    if spec.pad_to is not None:
        notes.append(f"this text, then comment lines up to {spec.pad_to:,} bytes")
    return f" ({', '.join(notes)})" if notes else ""


def _numbered(text: str, mark: tuple[int | None, int | None] | None, indent: str) -> Iterator[str]:
    """Numbered lines; the reported line gets a ``>`` in the gutter and a ``^`` under its column."""
    rows = text.splitlines()
    width = len(str(len(rows)))
    line, column = mark if mark is not None else (None, None)
    for number, row in enumerate(rows, 1):
        here = number == line
        yield f"{indent}{'>' if here else ' '} {number:>{width}} | {safe(row)}"
        if here and column is not None:
            yield f"{indent}  {'':>{width}} | {' ' * len(safe(row[: column - 1]))}^"
