"""Strict, located YAML loading.

PyYAML composes the node graph (libyaml's C parser when installed); we never let it construct
Python objects. Our own converter turns nodes into plain data with the catalog format's typing
(no YAML 1.1 surprises), rejects what the format forbids (duplicate and non-string keys,
aliases, explicit tags, deep nesting) and keeps the node graph so any later finding can be
placed at a line and column. Only :class:`YamlProblem` values come out; nothing raises.

Strict means portable: what libyaml reads but the YAML 1.2 spec rejects (a comment glued to a
value, flow text continued too little indented, ...) is a syntax error too, so a file accepted
here reads the same in every conforming parser (checked against the official YAML test suite
in tests/loaders/test_yaml_suite.py). Those checks look only at the few nodes or the rare characters
that can hold such a mistake, so they cost the common path next to nothing.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from mpptool.text.i18n import Text, msg
from mpptool.text.safe import clip

try:  # libyaml's C parser is ~8x faster; the pure-Python one gives identical results.
    from yaml import CSafeLoader as _BaseLoader

    _READER_COUNTS_BYTES = True
    """libyaml reports a refused character at its byte offset in the UTF-8 text, not its index."""
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

    _READER_COUNTS_BYTES = False

MAX_DEPTH = 32
"""Deepest nesting a catalog needs is 6; anything near this is an attack or a mistake."""

COMPOSE_SAFE_DEPTH = 2000
"""Files whose nesting could exceed this are measured event by event before composing: older
libyaml builds recurse in C while composing and crash the process at depths in the tens of
thousands. Newer ones refuse at 1,000 levels with an error of their own, which the error path
measures (:func:`_too_deep`), so the cheap bound need not be tighter than this."""


def _libyaml_bounds_nesting() -> bool:
    """Whether the C parser refuses deep nesting itself (libyaml 0.2.6 and later stop at 1,000
    levels with an error, which :func:`parse_yaml`'s error path measures): then no file needs
    measuring before it is composed. Older builds recurse until the process crashes, and the
    pure-Python parser has no C stack to overflow but is measured too. Either way a file nested
    past 32 levels is Y009 at the same place; only the cost differs."""
    if not getattr(yaml, "__with_libyaml__", False):  # pragma: no cover - no libyaml: the pure-Python parser
        return False
    from yaml import _yaml

    version = _yaml.get_version()
    return isinstance(version, tuple) and version >= (0, 2, 6)


LIBYAML_BOUNDS_NESTING = _libyaml_bounds_nesting()

_TAG = "mpptool:untyped"


def _too_deep_message() -> Text:
    return msg(
        "yaml.too-deep",
        "nesting deeper than {levels} levels: a catalog never nests more than six; flatten it",
        levels=MAX_DEPTH,
    )


MAX_VALUES = 1_000_000
"""YAML separators (`:` twice, `,`, `-`, `[`, `{`) a file may hold: about twice the values of
the largest file a catalog could need (a real MPP file holds some 10,000; a synthetic one of
the full 4 MiB, 720,000). Past it a file is refused before parsing, whatever it holds: every
value costs microseconds to compose, and a file of nothing but `{},` would take many seconds."""

PROBLEMS_PER_CODE = 10_000
"""Problems of one code kept per file; more are only counted (:attr:`Loaded.overflow`). The
engine lists far fewer (``max-findings-per-code``) and says how many more there are."""

BLOCKING = frozenset({"Y006", "Y009", "Y013"})
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
    message: Text
    """What is wrong and what to do, as a sentence (:class:`Text`); ``str()`` of it is its English."""
    line: int
    column: int
    pointer: str = ""


@dataclass(slots=True)
class Loaded:
    """A parsed file: its data, its node graph for locating, and the problems found."""

    data: Any
    root: Node | None
    problems: list[YamlProblem] = field(default_factory=list)
    overflow: dict[str, int] = field(default_factory=dict)
    """Problems of each code found beyond :data:`PROBLEMS_PER_CODE`, counted but not kept."""


class _UntypedLoader(_BaseLoader):
    """Composes nodes without PyYAML's YAML 1.1 resolver: typing is ours (see `_plain`)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> str:
        return _TAG


def _reader_position(text: str, exc: yaml.reader.ReaderError) -> tuple[int, int]:
    """Line and column (in characters) of the character the reader refused.

    libyaml counts the UTF-8 bytes before it, so after ``Ñ`` or ``ú`` on the same line the
    column would run ahead by one for each extra byte; the offset is turned into characters.
    """
    position = exc.position
    if _READER_COUNTS_BYTES:
        position = len(text.encode("utf-8", "surrogatepass")[:position].decode("utf-8", "ignore"))
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

    def __init__(
        self, track_aliases: bool, split_numbers: bool = True, text: str = "", quote_hash: bool = False
    ) -> None:
        self.problems: list[tuple[str, Text, Node]] = []
        self.kept: dict[str, int] = {}
        self.overflow: dict[str, int] = {}
        self.seen: set[int] | None = set() if track_aliases else None
        self.split_numbers = split_numbers
        """Whether the text holds `1,000` anywhere: only then can a flow collection hold one."""
        self.text = text
        self.quote_hash = quote_hash
        """Whether a quote is followed by `#` anywhere: only then can a comment be glued to one."""
        self.indent: int | None = -1
        """Column of the block collection entries holding the node being converted (-1 at the top;
        None when properties hide it): flow and block scalars must be indented deeper (see
        :func:`_portability_problems`)."""
        self.suspects: list[tuple[Node, int | None]] = []
        """Multi-line flow nodes, block scalars and (when :attr:`quote_hash`) quoted scalars, with
        :attr:`indent` where they were met: what libyaml accepts and YAML 1.2 may not."""

    def note(self, code: str, message: Text, node: Node) -> None:
        kept = self.kept.get(code, 0)
        if kept >= PROBLEMS_PER_CODE:
            self.overflow[code] = self.overflow.get(code, 0) + 1  # counted, not kept: memory stays bounded
            return
        self.kept[code] = kept + 1
        self.problems.append((code, message, node))

    def convert(self, node: Node, depth: int) -> Any:
        """Plain data for ``node``. Scalars are handled inline: they are 80% of all nodes."""
        if self.seen is not None:
            if id(node) in self.seen:
                self.note(
                    "Y006",
                    msg("yaml.alias-value", "aliases (*name) are not allowed: write the value out in full"),
                    node,
                )
                return None
            self.seen.add(id(node))
        if node.tag is not _TAG:  # our resolver's own string object: identity is exact
            self._tagged(node)
        cls = type(node)
        if cls is ScalarNode:
            scalar = cast(ScalarNode, node)
            if scalar.style:  # quoted or block: always text. Plain is None (PyYAML) or '' (libyaml)
                if scalar.style in "|>" or self.quote_hash or scalar.end_mark.line != scalar.start_mark.line:
                    self.suspects.append((scalar, self.indent))
                return scalar.value
            value, ambiguity = plain_scalar(scalar.value)
            if ambiguity is not None:
                self._ambiguous(scalar, ambiguity)
            return value
        if depth >= MAX_DEPTH:
            self.note("Y009", _too_deep_message(), node)
            return None
        if cls is MappingNode:
            return self._mapping(cast(MappingNode, node), depth)
        convert = self.convert
        if cast(SequenceNode, node).flow_style:
            if self.split_numbers and len(node.value) > 1:
                _join_split_numbers(self, node, lambda item: item, lambda: msg("yaml.split-items", "items"))
            if node.end_mark.line != node.start_mark.line:
                self.suspects.append((node, self.indent))
            return [convert(item, depth + 1) for item in node.value]
        outer = self.indent
        self.indent = self._block_indent(node)
        items = [convert(item, depth + 1) for item in node.value]
        self.indent = outer
        return items

    def _block_indent(self, node: Node) -> int | None:
        """The column of a block collection's entries (its first `-` or key), or None when a tag
        or anchor written before it (`key: !!seq`) makes its start mark another place."""
        mark = node.start_mark
        return None if self.text[mark.index : mark.index + 1] in ("&", "!") else int(mark.column)

    def _tagged(self, node: Node) -> None:
        if node.tag != _TAG:
            self.note(
                "Y007",
                msg(
                    "yaml.tag",
                    "explicit tag {tag} is not allowed: remove it and quote the value if it must be text",
                    tag=_shorthand(node.tag),
                ),
                node,
            )

    def _ambiguous(self, node: ScalarNode, kind: str) -> None:
        text = node.value
        if kind == "boolean":
            self.note(
                "Y010",
                msg(
                    "yaml.boolean",
                    "`{value}` is a boolean in YAML 1.1 but text in YAML 1.2: write true/false, "
                    'or quote it ("{value}") if it is text',
                    value=clip(text),
                ),
                node,
            )
        else:
            self.note("Y010", _number_advice(text), node)

    def _mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        outer = self.indent
        if node.flow_style:
            if self.split_numbers and len(node.value) > 1:
                _join_split_numbers(self, node, lambda pair: pair[1], lambda: msg("yaml.split-keys", "keys"))
            if node.end_mark.line != node.start_mark.line:
                self.suspects.append((node, outer))
        else:
            self.indent = self._block_indent(node)
        result: dict[str, Any] = {}
        firsts: dict[str, Node] | None = None
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
                if firsts is None:  # once per mapping that has duplicates: linear however many
                    firsts = _first_keys(node)
                self._duplicate(firsts[key], key, key_node)
            result[key] = convert(value_node, depth + 1)
        self.indent = outer
        return result

    def _duplicate(self, first: Node, key: str, key_node: Node) -> None:
        self.note(
            "Y004",
            msg(
                "yaml.duplicate-key",
                "duplicate key `{name}` (first at line {line:d}): keep one of them; YAML keeps only the last",
                name=clip(key),
                line=first.start_mark.line + 1,
            ),
            key_node,
        )

    def _key(self, key_node: Node) -> str | None:
        if self.seen is not None and id(key_node) in self.seen:
            self.note(
                "Y006", msg("yaml.alias-key", "aliases (*name) are not allowed: write the key out in full"), key_node
            )
            return None
        if self.seen is not None:
            self.seen.add(id(key_node))
        if type(key_node) is not ScalarNode:
            self.note(
                "Y005",
                msg("yaml.collection-key", "a mapping key must be a plain string, not a list or mapping"),
                key_node,
            )
            return None
        if key_node.tag != _TAG:
            self.note(
                "Y007",
                msg("yaml.tag-on-key", "explicit tag {tag} is not allowed on a key", tag=_shorthand(key_node.tag)),
                key_node,
            )
        if key_node.style:
            if self.quote_hash or key_node.end_mark.line != key_node.start_mark.line:
                self.suspects.append((key_node, self.indent))
            return str(key_node.value)
        value, _ = plain_scalar(key_node.value)
        if not isinstance(value, str):
            self.note(
                "Y005",
                msg(
                    "yaml.typed-key",
                    'key `{name}` is read as {type}, not text: quote it ("{name}") or rename it',
                    name=clip(key_node.value),
                    type=_type_name(value),
                ),
                key_node,
            )
            return str(key_node.value)
        return value


def _type_name(value: Any) -> Text:
    """The Python name of what YAML made of a plain key (`int`, `bool`...), as a sentence."""
    if value is None:
        return msg("yaml.type-null", "null")
    if isinstance(value, bool):
        return msg("yaml.type-bool", "bool")
    if isinstance(value, int):
        return msg("yaml.type-int", "int")
    return msg("yaml.type-float", "float")


def _first_keys(node: MappingNode) -> dict[str, Node]:
    """The first key node of each text key of a mapping (as :meth:`_Converter._key` reads it)."""
    firsts: dict[str, Node] = {}
    for key_node, _ in node.value:
        if isinstance(key_node, ScalarNode):
            firsts.setdefault(str(key_node.value), key_node)
    return firsts


_DIGITS = re.compile(r"[0-9]+\Z")
_THOUSANDS = re.compile(r"[0-9],[0-9]")


def _join_split_numbers(
    converter: _Converter, node: Node, value_of: Callable[[Any], Node], noun: Callable[[], Text]
) -> None:
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
            msg(
                "yaml.split-number",
                "`{written}` is split at its comma: YAML reads {first}, then `{rest}` as separate {noun}; "
                "write {joined}, without the thousands separator",
                written=clip(written),
                first=value.value,
                rest=clip(written.split(",", 1)[1]),
                noun=noun(),
                joined=written.replace(",", ""),
            ),
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


_LEADING_SPACES = re.compile(r" *")
_BLANKS = re.compile(r"[ \t]*")
_BLOCK_HEADER = re.compile(r"[|>](?:[1-9][-+]?|[-+][1-9]?)?")
_LONE_DASH_HINT = re.compile(r"-[,\]}]")
_GLUE_TOKENS = (
    yaml.tokens.FlowSequenceStartToken,
    yaml.tokens.FlowSequenceEndToken,
    yaml.tokens.FlowMappingStartToken,
    yaml.tokens.FlowMappingEndToken,
    yaml.tokens.FlowEntryToken,
    yaml.tokens.DirectiveToken,
)


def _not_spec() -> Text:
    return msg("yaml.not-spec", "other YAML parsers reject it, though PyYAML reads it")


def _lone_dash() -> Text:
    return msg(
        "yaml.lone-dash",
        "YAML syntax error: a lone `-` in a `[...]` list or `{{...}}` mapping is not a value ({why}): "
        'quote it ("-") if it is text, or remove it',
        why=_not_spec(),
    )


def _glued_hashes(text: str) -> tuple[bool, bool]:
    """Whether a `#` directly follows a flow indicator (`[]{},`), and whether one directly follows
    a quote: only then can a comment be glued to one (`"value"# note`). A walk over the `#`s,
    which are few: much cheaper than a regular expression over the whole text."""
    flow = quote = False
    at = text.find("#", 1)
    while at != -1:
        before = text[at - 1]
        if before in "[]{},":
            flow = True
        elif before in "\"'":
            quote = True
        at = text.find("#", at + 1)
    return flow, quote


def _directive_lines(text: str) -> bool:
    """Whether a line starts with `%` (a directive, whose comment may be glued to it)."""
    at = text.find("%")
    while at != -1:
        if at == 0 or text[at - 1] in "\n\r":
            return True
        at = text.find("%", at + 1)
    return False


def _portability_problems(text: str, suspects: list[tuple[Node, int | None]]) -> list[tuple[int, Text]]:
    """Where the nodes libyaml accepted break YAML 1.2, as (index in the text, message).

    Checked only on the few nodes that can (see :attr:`_Converter.suspects`), each over its own
    lines: a comment glued to a quoted scalar or a block scalar header; a flow collection or
    quoted scalar continued at an indentation the block it is in does not allow (or with a tab);
    a block scalar whose leading blank lines hold more spaces than its first line.
    """
    found: list[tuple[int, Text]] = []
    checked_to = -1
    """End of the last flow collection checked: a flow collection inside it is in its lines."""
    for node, indent in suspects:
        problem: tuple[int, Text] | None = None
        if type(node) is ScalarNode:
            if node.style in ("|", ">"):
                problem = _block_scalar_problem(text, node, indent)
            else:
                end = node.end_mark.index
                if text[end : end + 1] == "#":
                    found.append((end, _glued_comment(msg("yaml.after-quote", "the closing quote"))))
                if indent is not None and node.end_mark.line != node.start_mark.line:
                    problem = _low_continuation(text, node, indent, msg("yaml.quoted-text", "quoted text"))
        elif node.start_mark.index >= checked_to:
            checked_to = node.end_mark.index
            if indent is not None:
                what = (
                    msg("yaml.flow-list", "`[...]` list")
                    if isinstance(node, SequenceNode)
                    else msg("yaml.flow-mapping", "`{{...}}` mapping")
                )
                problem = _low_continuation(text, node, indent, what)
        if problem is not None:
            found.append(problem)
    return found


def _glued_comment(after: Text | str) -> Text:
    return msg(
        "yaml.glued-comment",
        "YAML syntax error: a comment needs a space before `#`, and this one follows {after} directly "
        "({why}): put a space before `#`",
        after=after,
        why=_not_spec(),
    )


def _spaces(count: int) -> Text:
    if count == 1:
        return msg("yaml.space", "{count:d} space", count=count)
    return msg("yaml.spaces", "{count:d} spaces", count=count)


def _skip(pattern: re.Pattern[str], text: str, at: int) -> int:
    """Where the run of ``pattern`` (which matches the empty string) that starts at ``at`` ends."""
    run = pattern.match(text, at)
    return at if run is None else run.end()


def _low_continuation(text: str, node: Node, indent: int, what: Text) -> tuple[int, Text] | None:
    """The first line of a multi-line flow node that is not indented deeper than ``indent``.

    YAML 1.2 (not libyaml) requires every line of a flow collection or quoted scalar inside a
    block collection to be indented more than the key or `-` that holds it, with spaces (a tab
    may follow them). Lines that are blank (and, in a flow collection, comment lines) are free.
    """
    need = indent + 1
    if need <= 0:
        return None  # at the top level any indentation continues it
    quoted = type(node) is ScalarNode
    end = node.end_mark.index
    at = text.find("\n", node.start_mark.index, end)
    while at != -1:
        start = at + 1
        at = text.find("\n", start, end)
        first = _skip(_LEADING_SPACES, text, start)
        if first - start >= need:
            continue
        if quoted:
            if text[first : first + 1] in ("", "\n", "\r"):
                continue  # an empty line: it may be indented less
        else:
            content = _skip(_BLANKS, text, first)
            if text[content : content + 1] in ("", "\n", "\r", "#"):
                continue  # a blank or comment line
        began = node.start_mark.line + 1
        if text[first] == "\t":
            return first, msg(
                "yaml.tab-continuation",
                "YAML syntax error: this line continues the {what} of line {line} and is indented with a tab "
                "({why}): YAML indents with spaces, deeper than the key or `-` that holds the value; "
                "start the line with {need}, not a tab",
                what=what,
                line=began,
                why=_not_spec(),
                need=_spaces(need),
            )
        return first, msg(
            "yaml.low-continuation",
            "YAML syntax error: this line continues the {what} of line {line} but is indented "
            "{spaces}, no deeper than the key or `-` that holds the value ({why}): "
            "indent it by at least {need}",
            what=what,
            line=began,
            spaces=_spaces(first - start),
            why=_not_spec(),
            need=_spaces(need),
        )
    return None


def _block_scalar_problem(text: str, node: Node, indent: int | None) -> tuple[int, Text] | None:
    """A comment glued to a block scalar's header (`># note`), or leading blank lines that hold
    more spaces than its first line (YAML 1.2 reads the indentation from that line; libyaml
    takes the widest blank line and may end the scalar before its text)."""
    header = _BLOCK_HEADER.match(text, node.start_mark.index)
    if header is None:
        return None  # a tag or anchor before the header: reported as such
    after = header.end()
    if text[after : after + 1] == "#":
        return after, _glued_comment(
            msg("yaml.after-header", "the block text header `{header}`", header=header.group())
        )
    if indent is None or any(c.isdigit() for c in header.group()):
        return None  # the indentation is given: blank lines may hold any spaces
    blanks: list[tuple[int, int]] = []
    at = text.find("\n", after)
    while at != -1:
        start = at + 1
        first = _skip(_LEADING_SPACES, text, start)
        if text[first : first + 1] not in ("", "\n", "\r"):
            spaces = first - start
            if spaces <= indent:
                return None  # the scalar is empty: this line is past it
            for width, line_start in blanks:
                if width > spaces:
                    return line_start + spaces, msg(
                        "yaml.blank-line",
                        "YAML syntax error: this blank line at the start of the block text (`{header}` "
                        "at line {line}) holds {spaces}, more than the {indent:d} "
                        "that indent its first line ({why}): remove the spaces after column {indent:d}",
                        header=header.group(),
                        line=node.start_mark.line + 1,
                        spaces=_spaces(width),
                        indent=spaces,
                        why=_not_spec(),
                    )
            return None
        blanks.append((first - start, start))
        at = text.find("\n", start)
    return None


def _token_problems(text: str) -> list[tuple[int, Text]]:
    """Comments glued to a flow indicator or a directive (`[a]#x`, `%YAML 1.2#x`) and a lone `-`
    as a flow item (`[-]`): libyaml reads them, YAML 1.2 does not. From libyaml's tokens; run
    only when :func:`_glued_hashes`, :func:`_directive_lines` or :data:`_LONE_DASH_HINT` says
    the text may hold one."""
    found: list[tuple[int, Text]] = []
    try:
        for token in yaml.scan(text, Loader=_BaseLoader):
            cls = type(token)
            end = token.end_mark.index
            if cls in _GLUE_TOKENS:
                if text[end : end + 1] == "#":
                    start = token.start_mark.index
                    after: Text | str = (
                        msg("yaml.after-directive", "the directive")
                        if cls is yaml.tokens.DirectiveToken
                        else f"`{text[start:end]}`"
                    )
                    found.append((end, _glued_comment(after)))
            elif cls is yaml.tokens.ScalarToken:
                scalar = cast(yaml.tokens.ScalarToken, token)
                if scalar.plain and scalar.value == "-" and text[end : end + 1] != ":":
                    found.append((token.start_mark.index, _lone_dash()))
    except yaml.YAMLError:  # pragma: no cover - the text composed: its tokens scan
        pass
    return found


def _located(text: str, found: list[tuple[int, Text]]) -> list[YamlProblem]:
    """Y001 problems at the given indexes of the text, in order, one per place; in one pass."""
    first: dict[int, Text] = {}
    for index, message in found:
        first.setdefault(index, message)
    problems: list[YamlProblem] = []
    line, line_start, scanned = 1, 0, 0
    for index in sorted(first):
        line += text.count("\n", scanned, index)
        last_break = text.rfind("\n", scanned, index)
        if last_break != -1:
            line_start = last_break + 1
        scanned = index
        problems.append(YamlProblem("Y001", first[index], line, index - line_start + 1))
    return problems


def _shorthand(tag: str) -> str:
    """`!!str` as written, rather than the expanded `tag:yaml.org,2002:str`."""
    return clip("!!" + tag.removeprefix("tag:yaml.org,2002:") if tag.startswith("tag:yaml.org,2002:") else tag)


def _number_advice(text: str) -> Text:
    """Why a number-like plain scalar is ambiguous, and how to write it instead."""
    shown = clip(text)
    if ":" in text:
        time = f"0{text}" if re.fullmatch(r"[0-9]:[0-5][0-9]", text) else text
        return msg(
            "yaml.base-60",
            '`{value}` is a base-60 number in YAML 1.1 but text in YAML 1.2: quote times ("{time}")',
            value=shown,
            time=clip(time),
        )
    digits = text.lstrip("+-")
    if "_" in text:
        return msg(
            "yaml.underscore",
            "`{value}` is {number} in YAML 1.1 but text in YAML 1.2: write {number}",
            value=shown,
            number=text.replace("_", ""),
        )
    if digits[:2].lower() in ("0x", "0o", "0b"):
        return msg(
            "yaml.base",
            '`{value}` is not read the same by every YAML version: write it in decimal, or quote it ("{value}")',
            value=shown,
        )
    if digits.startswith("0"):
        return msg(
            "yaml.octal",
            "`{value}` is octal in YAML 1.1 but decimal in YAML 1.2: write it without the leading zero, "
            'or quote it ("{value}") if it is a code',
            value=shown,
        )
    return msg(
        "yaml.odd-number",
        "`{value}` is not a number every tool can store: write the figure in digits, "
        'or quote it ("{value}") if it is text',
        value=shown,
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


_LINE_PREFIX = re.compile(r"^[ \t?:-]+", re.MULTILINE)


def _could_nest_deeply(text: str) -> bool:
    """A cheap upper bound on nesting: a flow level needs an opener, a block level a column of
    indentation or an indicator before the line's content (compact ``- - -``), so nesting cannot
    pass the openers plus the longest such line prefix. A long line of content adds nothing."""
    openers = text.count("[") + text.count("{")
    if openers + len(text) < COMPOSE_SAFE_DEPTH:
        return False
    prefix = max((match.end() - match.start() for match in _LINE_PREFIX.finditer(text)), default=0)
    return openers + prefix + 2 > COMPOSE_SAFE_DEPTH


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
    first: tuple[str, int, int] | None = None
    found = 0
    try:
        for event in yaml.parse(text, Loader=_BaseLoader):
            if isinstance(event, yaml.AliasEvent):
                found += 1
                if first is None:
                    first = (clip(event.anchor), *_position(event.start_mark))
    except yaml.YAMLError:
        pass
    if first is not None:
        anchor, line, column = first
        more = msg("yaml.more-aliases", " (and {count} more in this file)", count=found - 1) if found > 1 else ""
        message = msg(
            "yaml.alias",
            "alias *{anchor} is not allowed{more}: write every value out in full, without anchors (&) or aliases (*)",
            anchor=anchor,
            more=more,
        )
        yield YamlProblem("Y006", message, line, column)


def parse_yaml(text: str) -> Loaded:
    """Parse one decoded document strictly; never raises for bad input."""
    values = 2 * text.count(":") + text.count(",") + text.count("-") + text.count("[") + text.count("{")
    if values > MAX_VALUES:
        message = msg(
            "yaml.too-many-values",
            "the file holds {values} YAML separators (`:` counted twice, `,`, `-`, `[`, `{{`), over the "
            "{limit} one MPP file may hold (a real one holds about {real}): split it, or remove what was "
            "generated or pasted in",
            values=values,
            limit=MAX_VALUES,
            real=10_000,
        )
        return Loaded(None, None, [YamlProblem("Y013", message, 1, 1)])
    measured = not LIBYAML_BOUNDS_NESTING and _could_nest_deeply(text)
    if measured:
        deep = _too_deep(text)
        if deep is not None:
            return Loaded(None, None, [YamlProblem("Y009", _too_deep_message(), *deep)])
    try:
        root = yaml.compose(text, Loader=_UntypedLoader)
    except yaml.reader.ReaderError as exc:
        line, column = _reader_position(text, exc)
        message = msg("yaml.bad-char", "character not allowed in YAML: {char}", char=_reader_char(exc))
        return Loaded(None, None, [YamlProblem("Y002", message, line, column)])
    except yaml.MarkedYAMLError as exc:
        deep = None if measured else _too_deep(text)  # a parser that refuses deep nesting its own way
        if deep is not None:
            return Loaded(None, None, [YamlProblem("Y009", _too_deep_message(), *deep)])
        return Loaded(None, None, [_syntax_problem(text, exc)])
    except yaml.YAMLError as exc:  # pragma: no cover - every libyaml error is marked
        return Loaded(
            None, None, [YamlProblem("Y001", msg("yaml.error", "YAML error: {error}", error=clip(exc, 200)), 1, 1)]
        )
    except RecursionError:  # pragma: no cover - the pure-Python composer on a pathological file
        return Loaded(
            None, None, [YamlProblem("Y009", msg("yaml.too-deep-to-parse", "nesting too deep to parse"), 1, 1)]
        )
    if root is None:
        message = msg("yaml.no-content", "the file has no content: it must describe one MPP")
        return Loaded(None, None, [YamlProblem("Y011", message, 1, 1)])
    flow_hash, quote_hash = _glued_hashes(text)
    converter = _Converter(
        track_aliases="&" in text,
        split_numbers=_THOUSANDS.search(text) is not None,
        text=text,
        quote_hash=quote_hash,
    )
    data = converter.convert(root, 0)
    # What libyaml accepted but YAML 1.2 (every other parser) rejects: the file is not portable
    found = _portability_problems(text, converter.suspects) if converter.suspects else []
    if flow_hash or _directive_lines(text) or _LONE_DASH_HINT.search(text) is not None:
        found += _token_problems(text)
    if found:
        return Loaded(None, None, _located(text, found))
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
        kind = (
            msg("yaml.top-list", "a list")
            if isinstance(root, SequenceNode)
            else msg("yaml.top-value", "a single value")
        )
        problems.append(
            YamlProblem(
                "Y011",
                msg(
                    "yaml.not-mapping",
                    "the file holds {kind}; it must be a mapping with `schema_version` and `mpp`",
                    kind=kind,
                ),
                root.start_mark.line + 1,
                root.start_mark.column + 1,
            )
        )
    return Loaded(data, root, problems, dict(converter.overflow))


def _reader_char(exc: yaml.reader.ReaderError) -> Text | str:
    char = exc.character
    if isinstance(char, int):
        return msg("yaml.byte", "byte 0x{hex}", hex=f"{char:02x}")
    return f"U+{ord(char):04X}" if char else msg("yaml.unknown-char", "unknown")


def _syntax_problem(text: str, exc: yaml.MarkedYAMLError) -> YamlProblem:
    """A located, actionable Y001/Y008 from a PyYAML error."""
    problem = str(exc.problem or "syntax error")
    context = str(exc.context or "")
    line, column = _position(exc.problem_mark or exc.context_mark)
    if isinstance(exc, yaml.composer.ComposerError) and "single document" in f"{context} {problem}":
        message = msg("yaml.documents", "more than one YAML document: keep one MPP per file, without a second `---`")
        return YamlProblem("Y008", message, line, column)
    lines = text.split("\n")
    char = lines[line - 1][column - 1 : column] if 0 < line <= len(lines) else ""
    started = _position(exc.context_mark) if exc.context_mark is not None else None
    at_end = exc.problem_mark is not None and exc.problem_mark.index >= len(text.rstrip())
    if at_end and started is not None and started < (line, column):
        # The parser ran to the end of the file inside something: the mistake is where it opened.
        what = re.sub(r"\A(?:while (?:scanning|parsing) )?(?:an? )?", "", context) or "construct"
        message = msg(
            "yaml.never-closed",
            "YAML syntax error: the {what} that starts here is never closed: the parser read on to the end of "
            "the file (line {line}) inside it; close it where it should end",
            what=what,
            line=line,
        )
        return YamlProblem("Y001", message, *started)
    hint: Text | str
    if char == "\t":
        hint = msg("yaml.hint-tab", ": indent with spaces, not tabs")
    elif "mapping values are not allowed" in problem:
        hint = msg("yaml.hint-colon-space", ": check the indentation of this line, and quote values that contain ': '")
    elif "could not find expected ':'" in problem or "simple key" in problem:
        hint = msg("yaml.hint-key-colon", ": check the indentation and the ':' after each key")
    elif char in ("@", "`"):
        hint = msg("yaml.hint-quote", ": quote values that start with {char}", char=char)
    else:
        hint = ""
    shown: Text | str = f" ({context})" if context else ""
    if context and started is not None and started[0] != line:
        shown = msg(
            "yaml.context-at",
            " ({context} at line {line}, column {column})",
            context=context,
            line=started[0],
            column=started[1],
        )
    message = msg(
        "yaml.syntax", "YAML syntax error: {problem}{context}{hint}", problem=problem, context=shown, hint=hint
    )
    return YamlProblem("Y001", message, line, column)
