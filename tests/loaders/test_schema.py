"""The published JSON Schema: valid draft 2020-12, documented, and in agreement with the
reference Python implementation on what is invalid."""

from __future__ import annotations

import copy
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from mpptool.loaders.locate import Locator, join_pointer
from mpptool.loaders.schema import SchemaChecker, load_schema
from mpptool.loaders.strict_yaml import parse_yaml

ROOT = Path(__file__).resolve().parents[2]


def test_schema_is_valid_draft_2020_12() -> None:
    schema = load_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"]
    jsonschema.Draft202012Validator.check_schema(schema)


def test_top_level_schemas_folder_is_the_packaged_schema() -> None:
    published = json.loads((ROOT / "schemas" / "mpp-catalog-v1.schema.json").read_text(encoding="utf-8"))
    assert published == load_schema()


def _property_schemas(node: Any, path: str) -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield f"{path}/{name}", child
        for key, child in node.items():
            if key in ("properties", "$defs"):
                for name, grandchild in child.items():
                    yield from _property_schemas(grandchild, f"{path}/{key}/{name}")
            elif isinstance(child, dict):
                yield from _property_schemas(child, f"{path}/{key}")


def test_every_property_has_a_description() -> None:
    schema = load_schema()

    def described(node: dict[str, Any]) -> bool:
        if node.get("description"):
            return True
        ref = node.get("$ref", "")
        target = schema["$defs"].get(ref.rsplit("/", 1)[-1], {}) if ref.startswith("#/$defs/") else {}
        return bool(target.get("description"))

    missing = [path for path, node in _property_schemas(schema, "") if not described(node)]
    assert missing == []


def _valid_document() -> dict[str, Any]:
    text = (ROOT / "tests" / "fixtures" / "schema-document.yaml").read_text(encoding="utf-8")
    data = parse_yaml(text).data
    assert isinstance(data, dict)
    return data


MUTATIONS: list[tuple[str, Any]] = [
    ("/mpp/region", 32.1),
    ("/mpp/status", "open"),
    ("/mpp/id", "Kab X"),
    ("/mpp/opened", "2023-13"),
    ("/agencies/0/category", "bumn"),
    ("/agencies/0/bogus", 1),
    ("/services/0/channels", []),
    ("/services/0/standard/fee", -5),
    ("/services/0/standard/duration/unit", "weeks"),
    ("/counters/0/days", ["mon", "mon"]),
    ("/counters/0/staff", {"required": 1}),
    ("/metrics/0/from", "2024-02-30"),
    ("/metrics/0/visitors", "many"),
    ("/declared/agencies/total", True),
    ("/schema_version", 2),
    ("/mpp/sources/0/url", "ftp://x"),
]


def _set(data: dict[str, Any], pointer: str, value: Any) -> dict[str, Any]:
    mutated = copy.deepcopy(data)
    *parents, last = pointer.strip("/").split("/")
    node: Any = mutated
    for token in parents:
        node = node[int(token)] if isinstance(node, list) else node[token]
    if isinstance(node, list):
        node[int(last)] = value
    else:
        node[last] = value
    return mutated


@pytest.mark.parametrize(("pointer", "value"), MUTATIONS)
def test_jsonschema_rs_agrees_with_the_reference_implementation(pointer: str, value: Any) -> None:
    data = _set(_valid_document(), pointer, value)
    reference = jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker())
    expected = {join_pointer(list(error.absolute_path)) for error in reference.iter_errors(data)}
    ours = {issue.pointer for issue in SchemaChecker().check(data, Locator(None)).issues}
    # ours reports an extra key at the key itself; the reference at the object holding it
    ours_normalised = {p.rsplit("/", 1)[0] if p.endswith("/bogus") else p for p in ours}
    assert expected, "the mutation must make the document invalid"
    assert ours_normalised == expected


def test_valid_document_is_valid_for_both() -> None:
    data = _valid_document()
    jsonschema.Draft202012Validator(load_schema(), format_checker=jsonschema.FormatChecker()).validate(data)
    assert SchemaChecker().check(data, Locator(None)).issues == []


def test_all_errors_are_reported_not_just_the_first() -> None:
    data = _set(_set(_valid_document(), "/mpp/status", "x"), "/counters/0/status", "y")
    assert len(SchemaChecker().check(data, Locator(None)).issues) == 2


def test_no_network_for_remote_refs() -> None:
    schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", "$ref": "https://example.invalid/s.json"}
    with pytest.raises(Exception):  # noqa: B017 - jsonschema-rs raises its own error type; it must not fetch
        SchemaChecker(schema)
