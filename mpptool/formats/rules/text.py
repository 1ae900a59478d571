"""`mpptool rules`: the rule listing, and one rule explained with a failing and a passing example.

Pure: rules and examples in, plain text out. The examples are the ones the test suite proves
(:mod:`mpptool.rules.examples`), so what a user is shown is known to behave as shown. Every
string goes through :func:`~mpptool.text.safe.safe`: the examples are ours, but this text goes
to terminals, and an example may hold a control character on purpose (Y002).

The words are said in the language asked for (``--lang id``): the summary, rationale and fix
description from the catalog's ``[rules]``, ``[rationale]`` and ``[rule-fix]`` tables, the
explanation's own words from ``[rules-text]``; codes, names, severities and the examples (catalog
text) are the same in every language.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Iterator, Mapping, Sequence

from mpptool.commands.rules import RulesResult
from mpptool.formats.shared import PLAIN, Style
from mpptool.model import Rule
from mpptool.rules import AUDIT_FAMILY, UNIGNORABLE
from mpptool.rules.examples import Example, ExampleFile
from mpptool.text.i18n import Text, msg, say
from mpptool.text.safe import safe

WIDTH = 88
"""Prose is wrapped to this width; example lines are shown as they are."""
CATALOG = "catalog/"
"""The folder a several-file example's files are shown in (the tests build it under that name)."""


def render(result: RulesResult, style: Style = PLAIN) -> str:
    """The one rule explained, or the listing."""
    del style  # plain text only
    if result.explained is not None:
        return explain(
            result.explained,
            result.examples,
            result.summaries,
            rationales=result.rationales,
            fixes=result.fixes,
            lang=result.lang,
        )
    return rules_table(result.rules, result.summaries, result.lang)


def rules_table(rules: Iterable[Rule], summaries: Mapping[str, str] | None = None, lang: str = "en") -> str:
    """One line per rule: code, name, default severity and summary (and "[fix]" when `mpptool fix` fixes it)."""
    said = summaries or {}
    fixable = " " + say(msg("rules-text.fixable-mark", "[fix]"), lang)
    return "".join(
        f"{safe(rule.code)}  {safe(rule.name):<28} {safe(rule.severity.value):<8} "
        f"{safe(said.get(rule.code, rule.summary))}" + (fixable if rule.fix is not None else "") + "\n"
        for rule in rules
    )


def explain(
    rule: Rule,
    examples: Sequence[Example],
    summaries: Mapping[str, str] | None = None,
    *,
    rationales: Mapping[str, str] | None = None,
    fixes: Mapping[str, str] | None = None,
    lang: str = "en",
) -> str:
    """``rule`` in full: summary, rationale, its first failing and first passing example, how to silence it.

    ``summaries``, ``rationales`` and ``fixes`` give the rule's texts in ``lang`` by code (the
    rule's own English when it has none there); ``lang`` says the explanation's own words.
    """
    summary = (summaries or {}).get(rule.code, rule.summary)
    rationale = (rationales or {}).get(rule.code, rule.rationale)
    lines = [f"{safe(rule.code)} {safe(rule.name)} ({safe(rule.severity.value)})", *_wrap(summary)]
    if rule.family == AUDIT_FAMILY:
        lines.append(
            say(msg("rules-text.audit-only", "Checked by `mpptool audit` only: it judges the MPP, not the file."), lang)
        )
    for paragraph in rationale.split("\n\n"):
        lines += ["", *_wrap(paragraph)]
    failing = next((example for example in examples if not example.passes), None)
    passing = next((example for example in examples if example.passes), None)
    titles = (msg("rules-text.fails", "Fails"), msg("rules-text.passes", "Passes"))
    for title, example in zip(titles, (failing, passing), strict=True):
        lines.append("")
        if example is None:
            lines.append(say(msg("rules-text.no-example", "{title}: no example yet", title=title), lang))
        else:
            lines += [f"{say(title, lang)}: {safe(example.name)}", *_example(example, lang)]
    if rule.fix is not None:
        fix = (fixes or {}).get(rule.code, rule.fix)
        lines += ["", *_wrap(say(msg("rules-text.fixable", "Fixable by `mpptool fix`: {fix}.", fix=fix), lang))]
    lines += ["", say(_silencing(rule.code), lang)]
    return "\n".join(line.rstrip() for line in lines) + "\n"


def _silencing(code: str) -> Text:
    """One line, never wrapped, so both ways to silence the rule can be copied as they are."""
    shown = safe(code)
    if code in UNIGNORABLE:
        return msg(
            "rules-text.unignorable",
            "{code} cannot be silenced: it means a file could not be checked at all, and such a file is never clean.",
            code=shown,
        )
    if code.startswith("X"):
        return msg(
            "rules-text.silence-workbook",
            'To silence it: `ignore = ["{code}"]` in [tool.mpptool], or `per-file-ignores` for one workbook '
            "(a workbook has no comment lines).",
            code=shown,
        )
    if code.startswith("M"):
        return msg(
            "rules-text.silence-config",
            'To silence it: `ignore = ["{code}"]` in [tool.mpptool] (a comment cannot silence a comment).',
            code=shown,
        )
    return msg(
        "rules-text.silence",
        'To silence it: `# mpptool: ignore[{code}]` on the line or the line above, or `ignore = ["{code}"]` '
        "in [tool.mpptool].",
        code=shown,
    )


def _wrap(text: str, indent: str = "") -> list[str]:
    """A paragraph of prose (a docstring's lines joined), wrapped; codes and ranges are never split."""
    joined = safe(" ".join(text.split()))
    return textwrap.wrap(
        joined, WIDTH, initial_indent=indent, subsequent_indent=indent, break_long_words=False, break_on_hyphens=False
    ) or [indent]


def _example(example: Example, lang: str = "en") -> Iterator[str]:
    """The example's situation, where it is reported, and its text with that place marked."""
    if example.situation is not None:
        yield from _wrap(example.situation, "  ")
    if not example.passes and example.line is not None and example.column is not None:
        folder = "" if example.logs else CATALOG
        at = {"line": example.line, "column": example.column}
        reported = (
            msg("rules-text.reported", "reported at line {line:d}, column {column:d}", **at)
            if example.file is None
            else msg(
                "rules-text.reported-in",
                "reported in {file} at line {line:d}, column {column:d}",
                file=folder + safe(example.file),
                **at,
            )
        )
        yield "  " + say(reported, lang)
    mark = (example.line, example.column) if not example.passes else None
    if example.yaml is not None:
        if example.logs:
            yield f"  {CATALOG}case.yaml"
        yield from _numbered(example.yaml, mark if example.file is None else None, "  ")
    for name, text in example.logs:
        shown = f"logs/{name}"
        yield "  " + say(msg("rules-text.log-file", "{file} (read with --activity logs)", file=safe(shown)), lang)
        yield from _numbered(text, mark if example.file == shown else None, "    ")
    for spec in example.files:
        marked = mark if spec.name == example.file else None
        yield f"  {'>' if marked and spec.text is None else ' '} {CATALOG}{safe(spec.name)}{_described(spec, lang)}"
        if spec.text is not None:
            yield from _numbered(spec.text, marked, "    ")
        elif spec.workbook is not None:
            yield from _numbered(spec.workbook.yaml, None, "    ")


def _described(spec: ExampleFile, lang: str = "en") -> str:
    """What makes a file special, after its name; nothing for a plain UTF-8 file."""
    if spec.fifo:
        return say(msg("rules-text.fifo", ": a named pipe (FIFO)"), lang)
    if spec.symlink is not None:
        return f" -> {safe(spec.symlink)}"
    if spec.workbook is not None:
        edits = [
            say(msg("rules-text.merged", "{cells} merged", cells=safe(cells)), lang) for cells in spec.workbook.merge
        ]
        edits += [say(msg("rules-text.hidden", "{part} hidden", part=safe(part)), lang) for part in spec.workbook.hide]
        workbook = msg("rules-text.workbook", ": the workbook `mpptool export` writes from this YAML")
        if edits:
            return say(
                msg(
                    "rules-text.workbook-edited", "{workbook}, then {edits}", workbook=workbook, edits=", ".join(edits)
                ),
                lang,
            )
        return say(workbook, lang)
    notes = []
    if spec.encoding != "utf-8":
        notes.append(msg("rules-text.encoding", "saved as {encoding}", encoding=safe(spec.encoding)))
    if spec.mode is not None:
        notes.append(msg("rules-text.mode", "permissions {mode:03o}", mode=spec.mode))
    if spec.pad_to is not None:
        notes.append(msg("rules-text.padded", "this text, then comment lines up to {size} bytes", size=spec.pad_to))
    return f" ({', '.join(say(note, lang) for note in notes)})" if notes else ""


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
