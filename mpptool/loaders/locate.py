"""Turn a JSON Pointer into a line and column, using the node graph the loader kept."""

from __future__ import annotations

from dataclasses import dataclass

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode


@dataclass(frozen=True, slots=True)
class Span:
    """1-based start and end of a node in its file."""

    line: int
    column: int
    end_line: int
    end_column: int


def split_pointer(pointer: str) -> list[str]:
    """RFC 6901 tokens of a JSON Pointer."""
    if not pointer:
        return []
    return [token.replace("~1", "/").replace("~0", "~") for token in pointer.split("/")[1:]]


def join_pointer(tokens: list[str | int] | tuple[str | int, ...]) -> str:
    """Build a JSON Pointer from path tokens."""
    return "".join("/" + str(token).replace("~", "~0").replace("/", "~1") for token in tokens)


class Locator:
    """Finds nodes by JSON Pointer. Built once per file; lookups walk only the path.

    A mapping's keys are indexed the first time a lookup goes through it (when it is wide), so
    locating every one of 300,000 keys of one mapping costs what the mapping's size does, not
    its square.
    """

    def __init__(self, root: Node | None) -> None:
        self._root = root
        self._keys: dict[int, dict[str, tuple[Node, Node]]] = {}

    def node(self, pointer: str, at_key: bool = False) -> Node | None:
        """The node at ``pointer`` (its key node with ``at_key``), or the deepest ancestor."""
        node = self._root
        if node is None:
            return None
        key_node: Node | None = None
        for token in split_pointer(pointer):
            if isinstance(node, MappingNode):
                found = self._find(node, token)
                if found is None:
                    return key_node if at_key and key_node is not None else node
                key_node, node = found
            elif isinstance(node, SequenceNode) and token.isdigit() and int(token) < len(node.value):
                key_node, node = None, node.value[int(token)]
            else:
                return node
        if at_key and key_node is not None:
            return key_node
        return node

    def _find(self, node: MappingNode, token: str) -> tuple[Node, Node] | None:
        """The key and value nodes of ``token`` in a mapping; the last one wins, as in the data."""
        pairs = node.value
        if len(pairs) <= 16:
            found = None
            for candidate_key, candidate_value in pairs:
                if isinstance(candidate_key, ScalarNode) and str(candidate_key.value) == token:
                    found = (candidate_key, candidate_value)
            return found
        index = self._keys.get(id(node))
        if index is None:
            index = {
                str(key.value): (key, value) for key, value in pairs if isinstance(key, ScalarNode)
            }  # later duplicates overwrite earlier ones: the last one wins
            self._keys[id(node)] = index
        return index.get(token)

    def span(self, pointer: str, at_key: bool = False) -> Span:
        """Where ``pointer`` is written; 1:1 when the file could not be parsed."""
        node = self.node(pointer, at_key)
        if node is None:
            return Span(1, 1, 1, 1)
        start, end = node.start_mark, node.end_mark
        return Span(start.line + 1, start.column + 1, end.line + 1, end.column + 1)

    def source_text(self, pointer: str) -> str | None:
        """The scalar exactly as written (``32.10``, not ``32.1``), for messages."""
        node = self.node(pointer)
        if isinstance(node, ScalarNode):
            return str(node.value)
        return None
