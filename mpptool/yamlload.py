"""Strict, located YAML loading.

PyYAML composes the node graph (libyaml's C parser when installed); we never let it construct
Python objects. Our own converter turns nodes into plain data with the catalog format's typing
(no YAML 1.1 surprises), rejects what the format forbids (duplicate and non-string keys,
aliases, explicit tags, deep nesting) and keeps the node graph so any later finding can be
placed at a line and column. Only :class:`YamlProblem` values come out; nothing raises.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mpptool.textsafe import clip

try:  # libyaml's C parser is ~8x faster; the pure-Python one gives identical results.
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

MAX_DEPTH = 32
"""Deepest nesting a catalog needs is 6; anything near this is an attack or a mistake."""

COMPOSE_SAFE_DEPTH = 2000
"""Files whose nesting could exceed this are measured event by event before composing: older
libyaml builds recurse in C while composing and crash the process at depths in the tens of
thousands. Newer ones refuse at 1,000 levels with an error of their own, which the error path
measures (:func:`_too_deep`), so the cheap bound need not be tighter than this."""

_TAG = "mpptool:untyped"
_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels: a catalog never nests more than six; flatten it"

BLOCKING = frozenset({"Y006", "Y009"})
"""Problems after which the data is not what the author meant: no schema or rule checks run."""

_BOOL_12 = {"true": True, "True": True, "TRUE": True, "false": False, "False": False, "FALSE": False}
_BOOL_11 = {
    **{w: True for w in ("yes", "Yes", "YES", "on", "On", "ON", "y", "Y")},
    **{w: False for w in ("no", "No", "NO", "off", "Off", "OFF", "n", "N")},
}
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"[-+]?(?:0|[1-9][0-9]*)\Z")
_FLOAT = re.compile(r"[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][-+]?[0-9]+)?\Z")
_AMBIGUOUS_NUMBER = re.compile(
    r"[-+]?(?:0[0-7]+|0o[0-7]+|0x[0-9a-fA-F]+|0b[01]+|[0-9][0-9_]*_[0-9_]*"
    r"|[1-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?|\.(?:inf|Inf|INF|nan|NaN|NAN))\Z"
)
_NUMBER_START = frozenset("0123456789+-.")
_SAFE_KEY_START = frozenset("abcdeghijklmpqrsuvwxz_")
"""First letters of plain keys that can never be typed as anything but text
(not t/f for true/false, n for null/no/n, o for on/off, y for yes/y)."""


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """A problem found while reading or parsing; located, with a stable rule code."""

    code: str
    message: str
    line: int
    column: int
    pointer: str = ""


@dataclass(slots=True)
class Loaded:
    """A parsed file: its data, its node graph for locating, and the problems found."""

    data: Any
    root: Node | None
    problems: list[YamlProblem] = field(default_factory=list)


class _UntypedLoader(_BaseLoader):
    """Composes nodes without PyYAML's YAML 1.1 resolver: typing is ours (see `_plain`)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _TAG


def _reader_position(text: str, exc: yaml.reader.ReaderError) -> tuple[int, int]:
    position = exc.position
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    return line, column


def plain_scalar(value: str) -> tuple[Any, str | None]:
    """Type a plain (unquoted) scalar as the catalog format reads it.

    Returns the value and, when YAML versions or parsers disagree on it, a note for the
    Y-rule that reports the ambiguity. Dates and times stay text (the format says so).
    """
    if value in _NULL:
        return None, None
    first = value[0]
    if first in _NUMBER_START:
        if _INT.match(value):
            return int(value), None
        if _AMBIGUOUS_NUMBER.match(value):
            return value, "number"
        if _FLOAT.match(value):
            number = float(value)
            return (number, None) if math.isfinite(number) else (value, "number")
        return value, None
    if first in "tTfF" and value in _BOOL_12:
        return _BOOL_12[value], None
    if value in _BOOL_11:
        return _BOOL_11[value], "boolean"
    return value, None


class _Converter:
    """Turns a node graph into plain data, collecting strictness problems as it goes."""

    def __init__(self, track_aliases: bool, split_numbers: bool = True) -> None:
        self.problems: list[tuple[str, str, Node]] = []
        self.seen: set[int] | None = set() if track_aliases else None
        self.split_numbers = split_numbers
        """Whether the text holds `1,000` anywhere: only then can a flow collection hold one."""

    def note(self, code: str, message: str, node: Node) -> None:
        self.problems.append((code, message, node))

    def convert(self, node: Node, depth: int) -> Any:
        """Plain data for ``node``. Scalars are handled inline: they are 80% of all nodes."""
        if self.seen is not None:
            if id(node) in self.seen:
                self.note("Y006", "aliases (*name) are not allowed: write the value out in full", node)
                return None
            self.seen.add(id(node))
        if node.tag is not _TAG:  # our resolver's own string object: identity is exact
            self._tagged(node)
        cls = type(node)
        if cls is ScalarNode:
            scalar = cast(ScalarNode, node)
            if scalar.style:  # quoted or block: always text. Plain is None (PyYAML) or '' (libyaml)
                return scalar.value
            value, ambiguity = plain_scalar(scalar.value)
            if ambiguity is not None:
                self._ambiguous(scalar, ambiguity)
            return value
        if depth >= MAX_DEPTH:
            self.note("Y009", _TOO_DEEP, node)
            return None
        if cls is MappingNode:
            return self._mapping(cast(MappingNode, node), depth)
        if self.split_numbers and cast(SequenceNode, node).flow_style and len(node.value) > 1:
            _join_split_numbers(self, node, lambda item: item, "items")
        convert = self.convert
        return [convert(item, depth + 1) for item in node.value]

    def _tagged(self, node: Node) -> None:
        if node.tag != _TAG:
            self.note(
                "Y007",
                f"explicit tag {_shorthand(node.tag)} is not allowed: remove it and quote the value if it must be text",
                node,
            )

    def _ambiguous(self, node: ScalarNode, kind: str) -> None:
        text = node.value
        if kind == "boolean":
            self.note(
                "Y010",
                f"`{clip(text)}` is a boolean in YAML 1.1 but text in YAML 1.2: write true/false, "
                f'or quote it ("{clip(text)}") if it is text',
                node,
            )
        else:
            self.note("Y010", _number_advice(text), node)

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        if self.split_numbers and node.flow_style and len(node.value) > 1:
            _join_split_numbers(self, node, lambda pair: pair[1], "keys")
        result: dict[str, Any] = {}
        convert = self.convert
        plain_key = self.seen is None
        for key_node, value_node in node.value:
            if (
                plain_key
                and type(key_node) is ScalarNode
                and key_node.tag is _TAG
                and not key_node.style
                and key_node.value[:1] in _SAFE_KEY_START
            ):
                key = key_node.value  # the common case: a plain lowercase word
            else:
                key = self._key(key_node)
                if key is None:
                    continue
            if key in result:
                self._duplicate(node, key, key_node)
            result[key] = convert(value_node, depth + 1)
        return result

    def _duplicate(self, node: MappingNode, key: str, key_node: Node) -> None:
        first = next(k for k, _ in node.value if isinstance(k, ScalarNode) and str(k.value) == key)
        self.note(
            "Y004",
            f"duplicate key `{clip(key)}` (first at line {first.start_mark.line + 1}): "
            "keep one of them; YAML keeps only the last",
            key_node,
        )

    def _key(self, key_node: Node) -> str | None:
        if self.seen is not None and id(key_node) in self.seen:
            self.note("Y006", "aliases (*name) are not allowed: write the key out in full", key_node)
            return None
        if self.seen is not None:
            self.seen.add(id(key_node))
        if type(key_node) is not ScalarNode:
            self.note("Y005", "a mapping key must be a plain string, not a list or mapping", key_node)
            return None
        if key_node.tag != _TAG:
            self.note("Y007", f"explicit tag {_shorthand(key_node.tag)} is not allowed on a key", key_node)
        if key_node.style:
            return str(key_node.value)
        value, _ = plain_scalar(key_node.value)
        if not isinstance(value, str):
            self.note(
                "Y005",
                f"key `{clip(key_node.value)}` is read as {type(value).__name__ if value is not None else 'null'}, "
                f'not text: quote it ("{clip(key_node.value)}") or rename it',
                key_node,
            )
            return str(key_node.value)
        return value


_DIGITS = re.compile(r"[0-9]+\Z")
_THOUSANDS = re.compile(r"[0-9],[0-9]")


def _join_split_numbers(converter: _Converter, node: Node, value_of: Callable[[Any], Node], noun: str) -> None:
    """Undo YAML's split of `50,000` in a flow collection, and report it (Y012).

    In `{fee: 50,000}` the comma ends the entry: YAML reads `fee: 50` and a second key `000`
    (in `[1,000]`, the items 1 and `000`). The pieces are joined back into the text as written,
    so the value is reported once, as text where a number was meant, and never used as 50.
    """
    entries = node.value
    joined: list[Any] = []
    index = 0
    while index < len(entries):
        entry = entries[index]
        value = value_of(entry)
        following = index + 1
        if type(value) is ScalarNode and not value.style and _INT.match(value.value):
            end = value.end_mark
            while following < len(entries) and _split_piece(entries[following], end.index + 1, value_of):
                piece = entries[following]
                end = (piece[0] if isinstance(piece, tuple) else piece).end_mark
                following += 1
        if following == index + 1:
            joined.append(entry)
            index += 1
            continue
        written = value.value + "".join(
            "," + (piece[0] if isinstance(piece, tuple) else piece).value for piece in entries[index + 1 : following]
        )
        merged = ScalarNode(_TAG, written, value.start_mark, end, style='"')
        converter.note(
            "Y012",
            f"`{clip(written)}` is split at its comma: YAML reads {value.value}, then "
            f"`{clip(written.split(',', 1)[1])}` as separate {noun}; write {written.replace(',', '')}, "
            "without the thousands separator",
            merged,
        )
        joined.append((entry[0], merged) if isinstance(entry, tuple) else merged)
        index = following
    node.value = joined


def _split_piece(entry: Any, at: int, value_of: Callable[[Any], Node]) -> bool:
    """The entry is the digits after a thousands comma: plain digits right after it, with no value."""
    piece = entry[0] if isinstance(entry, tuple) else entry
    if type(piece) is not ScalarNode or piece.style or piece.start_mark.index != at or not _DIGITS.match(piece.value):
        return False
    if isinstance(entry, tuple):
        rest = value_of(entry)
        return type(rest) is ScalarNode and not rest.style and rest.value == ""
    return True


def _shorthand(tag: str) -> str:
    """`!!str` as written, rather than the expanded `tag:yaml.org,2002:str`."""
    return clip("!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag)


def _number_advice(text: str) -> str:
    """Why a number-like plain scalar is ambiguous, and how to write it instead."""
    shown = clip(text)
    if ":" in text:
        time = f"0{text}" if re.fullmatch(r"[0-9]:[0-5][0-9]", text) else text
        return f'`{shown}` is a base-60 number in YAML 1.1 but text in YAML 1.2: quote times ("{clip(time)}")'
    digits = text.lstrip("+-")
    if "_" in text:
        return f"`{shown}` is {text.replace('_', '')} in YAML 1.1 but text in YAML 1.2: write {text.replace('_', '')}"
    if digits[:2].lower() in ("0x", "0o", "0b"):
        return f'`{shown}` is not read the same by every YAML version: write it in decimal, or quote it ("{shown}")'
    if digits.startswith("0"):
        return (
            f"`{shown}` is octal in YAML 1.1 but decimal in YAML 1.2: write it without the leading zero, "
            f'or quote it ("{shown}") if it is a code'
        )
    return (
        f"`{shown}` is not a number every tool can store: write the figure in digits, "
        f'or quote it ("{shown}") if it is text'
    )


def _position(mark: Any) -> tuple[int, int]:
    """1-based line and column of a PyYAML mark (1:1 when there is none)."""
    if mark is None:
        return 1, 1
    return mark.line + 1, mark.column + 1


def _too_deep(text: str) -> tuple[int, int] | None:
    """Where nesting first passes :data:`MAX_DEPTH` (line, column), or None; from libyaml's events.

    libyaml refuses deep nesting in ways that changed between releases: older builds recurse in
    C while composing until the process crashes (the event parser does not recurse, so measuring
    events is safe), newer ones stop with an error of their own at a fixed depth. Neither the
    error's wording nor the depth is relied on: when the parser stops early, the text before the
    place it stopped is within its limit, so the events of that prefix say how deep it went.
    """
    found, stopped = _deepest(text)
    for _ in range(4):  # each retry reads a shorter prefix; libyaml needs one
        if found is not None or stopped is None or stopped >= len(text):
            break
        text = text[:stopped]
        found, stopped = _deepest(text)
    return found


def _deepest(text: str) -> tuple[tuple[int, int] | None, int | None]:
    """(where nesting passes MAX_DEPTH, or None; where the parser stopped on an error, or None)."""
    depth = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return _position(event.start_mark), None
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        return None, None if mark is None else mark.index
    except yaml.YAMLError:
        return None, None
    return None, None


def _could_nest_deeply(text: str) -> bool:
    """A cheap upper bound on nesting: every level needs a flow opener or a column of indentation
    (two on a line of compact ``- - -``), so it cannot pass the openers plus twice the longest line."""
    openers = text.count("[") + text.count("{")
    if openers + 2 * len(text) < COMPOSE_SAFE_DEPTH:
        return False
    longest = max(map(len, text.split("\n")), default=0)
    return openers + 2 * longest + 2 > COMPOSE_SAFE_DEPTH


def _paths_to(root: Node, targets: set[int]) -> dict[int, str]:
    """JSON Pointers of the nodes in ``targets`` (by id), in one walk of the graph.

    Used only to report problems; one walk however many problems a file has.
    """
    found: dict[int, str] = {}
    stack: list[tuple[Node, str]] = [(root, "")]
    visited: set[int] = set()
    while stack and len(found) < len(targets):
        node, pointer = stack.pop()
        if id(node) in targets:
            found.setdefault(id(node), pointer)
        if id(node) in visited:
            continue
        visited.add(id(node))
        if isinstance(node, MappingNode):
            for key_node, value_node in node.value:
                token = _escape(str(key_node.value)) if isinstance(key_node, ScalarNode) else "?"
                if id(key_node) in targets:
                    found.setdefault(id(key_node), f"{pointer}/{token}")
                stack.append((value_node, f"{pointer}/{token}"))
        elif isinstance(node, SequenceNode):
            for index, item in enumerate(node.value):
                stack.append((item, f"{pointer}/{index}"))
    return found


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _alias_events(text: str) -> Iterator[YamlProblem]:
    """One finding for the file's aliases, at the first (the node graph only knows the anchored
    node, so the events are read): using aliases is one mistake, however many there are."""
    first: YamlProblem | None = None
    found = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                found += 1
                if first is None:
                    line, column = _position(event.start_mark)
                    first = YamlProblem("Y006", f"alias *{clip(event.anchor)}", line, column)
    except yaml.YAMLError:
        pass
    if first is not None:
        more = f" (and {found - 1:,} more in this file)" if found > 1 else ""
        yield YamlProblem(
            "Y006",
            f"{first.message} is not allowed{more}: write every value out in full, without anchors (&) or aliases (*)",
            first.line,
            first.column,
        )


def parse_yaml(text: str) -> Loaded:
    """Parse one decoded document strictly; never raises for bad input."""
    measured = _could_nest_deeply(text)
    if measured:
        deep = _too_deep(text)
        if deep is not None:
            return Loaded(None, None, [YamlProblem("Y009", _TOO_DEEP, *deep)])
    try:
        root = yaml.compose(text, Loader=_UntypedLoader)
    except yaml.reader.ReaderError as exc:
        line, column = _reader_position(text, exc)
        return Loaded(
            None, None, [YamlProblem("Y002", f"character not allowed in YAML: {_reader_char(exc)}", line, column)]
        )
    except yaml.MarkedYAMLError as exc:
        deep = None if measured else _too_deep(text)  # a parser that refuses deep nesting its own way
        if deep is not None:
            return Loaded(None, None, [YamlProblem("Y009", _TOO_DEEP, *deep)])
        return Loaded(None, None, [_syntax_problem(text, exc)])
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is marked
        return Loaded(None, None, [YamlProblem("Y001", f"YAML error: {clip(exc, 200)}", 1, 1)])
    except RecursionError:  # pragma: no cover - the pure-Python composer on a pathological file
        return Loaded(None, None, [YamlProblem("Y009", "nesting too deep to parse", 1, 1)])
    if root is None:
        return Loaded(None, None, [YamlProblem("Y011", "the file has no content: it must describe one MPP", 1, 1)])
    converter = _Converter(track_aliases="&" in text, split_numbers=_THOUSANDS.search(text) is not None)
    data = converter.convert(root, 0)
    problems: list[YamlProblem] = []
    alias_found = False
    pointers = _paths_to(root, {id(node) for _, _, node in converter.problems}) if converter.problems else {}
    for code, message, node in converter.problems:
        if code == "Y006":
            alias_found = True
            continue
        line, column = _position(node.start_mark)
        problems.append(YamlProblem(code, message, line, column, pointers.get(id(node), "")))
    if alias_found:
        problems.extend(_alias_events(text))
    if not isinstance(root, MappingNode):
        kind = "a list" if isinstance(root, SequenceNode) else "a single value"
        problems.append(
            YamlProblem(
                "Y011",
                f"the file holds {kind}; it must be a mapping with `schema_version` and `mpp`",
                root.start_mark.line + 1,
                root.start_mark.column + 1,
            )
        )
    return Loaded(data, root, problems)


def _reader_char(exc: yaml.reader.ReaderError) -> str:
    char = exc.character
    if isinstance(char, int):
        return f"byte 0x{char:02x}"
    return f"U+{ord(char):04X}" if char else "unknown"


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> YamlProblem:
    """A located, actionable Y001/Y008 from a PyYAML error."""
    problem = str(exc.problem or "syntax error")
    context = str(exc.context or "")
    line, column = _position(exc.problem_mark or exc.context_mark)
    if isinstance(exc, yaml.composer.ComposerError) and "single document" in f"{context} {problem}":
        return YamlProblem(
            "Y008", "more than one YAML document: keep one MPP per file, without a second `---`", line, column
        )
    lines = text.split("\n")
    char = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    started = _position(exc.context_mark) if exc.context_mark is not None else None
    at_end = exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip())
    if at_end and started is not None and started < (line, column):
        # The parser ran to the end of the file inside something: the mistake is where it opened.
        what = re.sub(r"\A(?:while (?:scanning|parsing) )?(?:an? )?", "", context) or "construct"
        return YamlProblem(
            "Y001",
            f"YAML syntax error: the {what} that starts here is never closed: the parser read on to the end of "
            f"the file (line {line:,}) inside it; close it where it should end",
            *started,
        )
    if char == "\t":
        hint = ": indent with spaces, not tabs"
    elif "mapping values are not allowed" in problem:
        hint = ": check the indentation of this line, and quote values that contain ': '"
    elif "could not find expected ':'" in problem or "simple key" in problem:
        hint = ": check the indentation and the ':' after each key"
    elif char in ("@", "`"):
        hint = f": quote values that start with {char}"
    else:
        hint = ""
    shown = f" ({context})" if context else ""
    if context and started is not None and started[0] != line:
        shown = f" ({context} at line {started[0]:,}, column {started[1]:,})"
    return YamlProblem("Y001", f"YAML syntax error: {problem}{shown}{hint}", line, column)
