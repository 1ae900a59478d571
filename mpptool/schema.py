"""The catalog JSON Schema: loading it, validating data with it, explaining its errors.

jsonschema-rs does the validation (measured ~90x faster than the Python jsonschema package on
the national catalog); every violation is reported, not just the first. Messages are our own:
they name the field, show the value as written (``32.10``, not ``32.1``), truncate long values
and quote the schema's own description as the hint.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from mpptool.locate import Locator, join_pointer
from mpptool.textsafe import clip

SCHEMA_FILE = "mpp-catalog-v1.schema.json"


def schema_text() -> str:
    """The packaged schema, as published."""
    return files("mpptool").joinpath("schemas", SCHEMA_FILE).read_text(encoding="utf-8")


def load_schema() -> dict[str, Any]:
    """The packaged schema as data."""
    schema: dict[str, Any] = json.loads(schema_text())
    return schema


@dataclass(frozen=True, slots=True)
class SchemaIssue:
    """A schema violation, ready to be located: code, pointer, message, key or value."""

    code: str
    pointer: str
    message: str
    at_key: bool


_JSON_TYPE = {str: "text", bool: "a boolean", int: "a number", float: "a number", list: "a list", dict: "a mapping"}


class SchemaChecker:
    """Compiled once per run; ``check`` is a pure function of the data."""

    def __init__(self, schema: Mapping[str, Any] | None = None) -> None:
        import jsonschema_rs  # lazy: keeps `mpptool --help` fast

        self.schema: Mapping[str, Any] = schema if schema is not None else load_schema()
        self._validator = jsonschema_rs.validator_for(dict(self.schema), validate_formats=True, offline=True)
        self._descriptions: dict[tuple[str, ...], str] = {}

    def check(self, data: Any, locator: Locator) -> list[SchemaIssue]:
        """Every violation in ``data``; empty when valid (the common, fast case)."""
        if self._validator.is_valid(data):
            return []
        issues: list[SchemaIssue] = []
        for error in self._validator.iter_errors(data):
            issues.extend(self._explain(error, locator))
        return issues

    def _explain(self, error: Any, locator: Locator) -> Iterator[SchemaIssue]:
        path: list[str | int] = list(error.instance_path)
        pointer = join_pointer(path)
        kind = error.kind.name
        details: dict[str, Any] = error.kind.as_dict()
        where = _where(path)
        instance = error.instance
        if kind == "required":
            name = details.get("property", "?")
            hint = self._description([*path, str(name)])
            yield SchemaIssue("S001", pointer, f"{where} lacks required key `{clip(name)}`{_hint(hint)}", bool(path))
        elif kind == "additionalProperties":
            allowed = sorted(self._properties(path))
            for name in details.get("unexpected", []):
                guess = difflib.get_close_matches(str(name), allowed, n=1)
                tip = f": did you mean `{guess[0]}`?" if guess else f"; allowed keys: {', '.join(allowed)}"
                yield SchemaIssue(
                    "S002", join_pointer([*path, str(name)]), f"unknown key `{clip(name)}` in {where}{tip}", True
                )
        elif kind == "type":
            expected = " or ".join(_type_word(t) for t in _listify(details.get("types", details.get("type"))))
            written = locator.source_text(pointer)
            shown = written if written is not None else clip(instance)
            got = _JSON_TYPE.get(type(instance), "empty" if instance is None else "another type")
            quote = ""
            if "text" in expected and written is not None and instance is not None:
                quote = f': quote it, "{clip(written)}"'
            elif instance is None:
                quote = ": give it a value or remove the key"
            yield SchemaIssue(
                "S003", pointer, f"{where} must be {expected}, but `{clip(shown)}` is read as {got}{quote}", False
            )
        elif kind in ("enum", "const"):
            options = details.get("options", [details.get("expected_value")])
            choices = [str(option) for option in _listify(options)]
            listed = ", ".join(clip(option, 30) for option in choices)
            guess = difflib.get_close_matches(str(instance), choices, n=1) if isinstance(instance, str) else []
            tip = f": did you mean `{guess[0]}`?" if guess else ""
            yield SchemaIssue("S004", pointer, f"{where} is `{clip(instance)}`; allowed: {listed}{tip}", False)
        elif kind in ("pattern", "format"):
            hint = self._description(path)
            what = "is not a valid date" if details.get("format") == "date" else "is not in the expected form"
            yield SchemaIssue("S005", pointer, f"{where} `{clip(instance)}` {what}{_hint(hint)}", False)
        elif kind in (
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "minLength",
            "maxLength",
            "minItems",
            "maxItems",
        ):
            yield SchemaIssue("S006", pointer, f"{where}: {_limit_message(kind, details, instance)}", False)
        elif kind == "uniqueItems":
            yield SchemaIssue("S007", pointer, f"{where} lists the same item twice: remove the repeats", False)
        else:
            yield SchemaIssue("S099", pointer, f"{where}: {clip(error.message, 200)}", False)

    def _resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        seen = 0
        while "$ref" in node and seen < 16:
            ref = str(node["$ref"])
            target: Any = self.schema
            for token in ref.lstrip("#/").split("/"):
                target = target.get(token, {}) if isinstance(target, Mapping) else {}
            node = target if isinstance(target, Mapping) else {}
            seen += 1
        return node

    def _schema_at(self, path: list[str | int]) -> tuple[Mapping[str, Any], str]:
        node: Mapping[str, Any] = self.schema
        description = str(node.get("description", ""))
        for token in path:
            resolved = self._resolve(node)
            if isinstance(token, int) or (isinstance(token, str) and token.isdigit() and "items" in resolved):
                node = resolved.get("items", {})
            else:
                node = resolved.get("properties", {}).get(token, {})
            description = str(node.get("description", "")) or str(self._resolve(node).get("description", ""))
        return node, description

    def _description(self, path: list[str | int]) -> str:
        shape = tuple("#" if isinstance(token, int) else token for token in path)
        if shape not in self._descriptions:
            self._descriptions[shape] = self._schema_at(path)[1]
        return self._descriptions[shape]

    def _properties(self, path: list[str | int]) -> list[str]:
        node, _ = self._schema_at(path)
        return list(self._resolve(node).get("properties", {}))


def _where(path: list[str | int]) -> str:
    if not path:
        return "the file"
    rendered = ""
    for token in path:
        rendered += f"[{token}]" if isinstance(token, int) else (f".{token}" if rendered else str(token))
    return f"`{rendered}`"


def _hint(description: str) -> str:
    text = description.rstrip(".")
    return f": expected {text[0].lower()}{text[1:]}" if text else ""


def _listify(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _type_word(name: Any) -> str:
    return {
        "string": "text",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
        "array": "a list",
        "object": "a mapping",
        "null": "empty",
    }.get(str(name), str(name))


def _limit_message(kind: str, details: Mapping[str, Any], instance: Any) -> str:
    limit = details.get("limit")
    if kind == "minimum":
        return f"{clip(instance)} is below the minimum {limit}"
    if kind == "maximum":
        return f"{clip(instance)} is above the maximum {limit}"
    if kind == "minLength":
        return "must not be empty" if limit == 1 else f"must be at least {limit} characters"
    if kind == "maxLength":
        length = len(instance) if isinstance(instance, str) else "?"
        return f"is {length} characters, over the limit of {limit}: shorten it"
    if kind == "minItems":
        return "must list at least one item" if limit == 1 else f"must list at least {limit} items"
    if kind == "maxItems":
        return f"lists more than {limit} items"
    return f"{clip(instance)} is out of range ({kind} {limit})"
