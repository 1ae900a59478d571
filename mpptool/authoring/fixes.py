"""Fixes: the edits a finding makes certain, applied to the text as written.

A fix replaces exactly the characters of one scalar (its start and end in the file), so every
comment, blank line, key order and quoting style the author chose stays as it was; the strict
loader stays the judge: the fixed text is parsed again, and a fix that would change any value
it does not target, or leave the file less valid than it found it, is not written.

Safe fixes are certain from the format alone: a value YAML reads as a number where the format
wants text (``region: 32.10`` -> ``"32.10"``), a time written with a dot (``08.00`` ->
``"08:00"``), a YAML 1.1 boolean word where the format wants true/false (``yes`` -> ``true``),
a day named in Indonesian or in full (``senin`` -> ``mon``). Unsafe fixes are guesses, applied
only when asked: ``30.000`` -> ``30000`` where a whole number is expected (Indonesian writes a
dot between thousands, but it could be a decimal point).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mpptool.loaders.locate import split_pointer
from mpptool.loaders.schema import load_schema, meant_whole_number
from mpptool.loaders.strict_yaml import parse_yaml
from mpptool.model import Finding

FIXES = frozenset({"S003", "S004", "Y010"})
"""The codes a fixer below handles; each rule's ``fix`` text (``mpptool rules``) says what it does."""

DAYS = {
    "senin": "mon",
    "selasa": "tue",
    "rabu": "wed",
    "kamis": "thu",
    "jumat": "fri",
    "jum'at": "fri",
    "sabtu": "sat",
    "minggu": "sun",
    "ahad": "sun",
    "monday": "mon",
    "tuesday": "tue",
    "wednesday": "wed",
    "thursday": "thu",
    "friday": "fri",
    "saturday": "sat",
    "sunday": "sun",
    "mon": "mon",
    "tue": "tue",
    "wed": "wed",
    "thu": "thu",
    "fri": "fri",
    "sat": "sat",
    "sun": "sun",
}
_BOOLEANS = {"yes": "true", "y": "true", "on": "true", "no": "false", "n": "false", "off": "false"}
_DOTTED_TIME = re.compile(r"([01]?[0-9]|2[0-3])[.]([0-5][0-9])", re.ASCII)


@dataclass(frozen=True, slots=True)
class Edit:
    """Characters ``start:end`` of the text become ``text``; for finding ``code`` at ``pointer``."""

    start: int
    end: int
    text: str
    code: str
    pointer: str
    line: int
    column: int
    before: str
    safe: bool = True


def _node(root: Node | None, pointer: str) -> Node | None:
    """The node at exactly ``pointer``, or None (never an ancestor)."""
    node = root
    for token in split_pointer(pointer):
        if isinstance(node, MappingNode):
            node = next(
                (value for key, value in node.value if isinstance(key, ScalarNode) and key.value == token), None
            )
        elif isinstance(node, SequenceNode) and token.isdigit() and int(token) < len(node.value):
            node = node.value[int(token)]
        else:
            return None
        if node is None:
            return None
    return node


@cache
def _schema() -> Mapping[str, Any]:
    return load_schema()


def expected(pointer: str) -> Mapping[str, Any]:
    """The schema of the value at ``pointer`` ($refs resolved, every ``allOf`` part merged), or {} when unknown."""
    schema = _schema()

    def resolve(node: Mapping[str, Any]) -> Mapping[str, Any]:
        merged: dict[str, Any] = {}
        seen = 0
        while "$ref" in node and seen < 20:
            merged = {**node, **merged}
            node = schema["$defs"][node["$ref"].rsplit("/", 1)[-1]]
            seen += 1
        merged = {**node, **{k: v for k, v in merged.items() if k != "$ref"}}
        merged.pop("$ref", None)
        return merged

    node = resolve(schema)
    for token in split_pointer(pointer):
        if token in node.get("properties", {}):
            node = resolve(node["properties"][token])
        elif token.isdigit() and isinstance(node.get("items"), dict):
            node = resolve(node["items"])
        else:
            return {}
    return node


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _fix(finding: Finding, node: Node) -> tuple[str, bool] | None:
    """The new text of a finding's scalar and whether the fix is safe, or None when no fix is certain enough."""
    if not isinstance(node, ScalarNode) or node.style not in (None, ""):
        return None  # only plain scalars: a quoted one already says what it is
    written = str(node.value)
    want = expected(finding.pointer)
    kind = want.get("type")
    if finding.code == "S004" and written.strip().lower() in DAYS and "enum" in want:
        day = DAYS[written.strip().lower()]
        return (day, True) if day in want["enum"] and day != written else None
    if finding.code not in ("S003", "Y010"):
        return None
    if kind == "string":
        pattern = str(want.get("pattern", ""))
        dotted = _DOTTED_TIME.fullmatch(written)
        if dotted and "[0-5][0-9]" in pattern and ":" in pattern:
            return _quoted(f"{int(dotted.group(1)):02}:{dotted.group(2)}"), True
        return _quoted(written), True
    if kind == "boolean" and written.lower() in _BOOLEANS:
        return _BOOLEANS[written.lower()], True
    if kind == "integer" and (number := meant_whole_number(written)) is not None:
        return str(number), False
    return None


def plan(text: str, findings: Iterable[Finding]) -> list[Edit]:
    """The edits ``findings`` make certain (and the unsafe ones, marked), non-overlapping, in file order."""
    root = parse_yaml(text).root
    edits: list[Edit] = []
    for finding in findings:
        if finding.code not in FIXES:
            continue
        node = _node(root, finding.pointer)
        if node is None:
            continue
        fixed = _fix(finding, node)
        if fixed is None:
            continue
        start, end = node.start_mark.index, node.end_mark.index
        edits.append(
            Edit(
                start,
                end,
                fixed[0],
                finding.code,
                finding.pointer,
                finding.line,
                finding.column,
                text[start:end],
                fixed[1],
            )
        )
    edits.sort(key=lambda edit: (edit.start, edit.end))
    kept: list[Edit] = []
    for edit in edits:
        if kept and edit.start < kept[-1].end:
            continue  # two findings on one value: the first fix is enough
        kept.append(edit)
    return kept


def apply(text: str, edits: Sequence[Edit]) -> str:
    """``text`` with ``edits`` made, from the end backwards so that earlier offsets stay right."""
    for edit in sorted(edits, key=lambda edit: edit.start, reverse=True):
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def leaves(data: Any, pointer: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar of parsed data with its JSON Pointer, for checking that a fix changed nothing else."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, f"{pointer}/{str(key).replace('~', '~0').replace('/', '~1')}")
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, f"{pointer}/{index}")
    else:
        yield pointer, data


def unchanged_elsewhere(before: str, after: str, edits: Sequence[Edit]) -> bool:
    """Whether every value the edits do not target reads the same after them (the strict loader judges)."""
    old, new = parse_yaml(before), parse_yaml(after)
    if new.root is None or len(new.problems) > len(old.problems):
        return False
    targeted = {edit.pointer for edit in edits}
    old_values = {pointer: value for pointer, value in leaves(old.data) if pointer not in targeted}
    new_values = {pointer: value for pointer, value in leaves(new.data) if pointer not in targeted}
    return old_values == new_values
