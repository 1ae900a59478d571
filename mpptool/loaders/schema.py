"""The catalog JSON Schema: loading it, validating data with it, explaining its errors.

jsonschema-rs does the validation (measured ~90x faster than the Python jsonschema package on
the national catalog); every violation is reported, not just the first. Messages are our own:
they name the field, show the value as written (``32.10``, not ``32.1``), truncate long values
and quote the schema's own description as the hint.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from importlib.resources import files
from typing import Any

from mpptool.loaders.locate import Locator, join_pointer
from mpptool.text.i18n import DESCRIPTIONS, Text, as_hint, join, msg
from mpptool.text.safe import clip
from mpptool.text.words import place, the_file

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
    message: Text
    """The sentence (:class:`Text`); ``str()`` of it is its English."""
    at_key: bool


def _json_type(value: Any) -> Text:
    """What YAML made of a value, in words: text, a number, a list..."""
    if value is None:
        return msg("schema.empty", "empty")
    if isinstance(value, str):
        return msg("schema.text", "text")
    if isinstance(value, bool):
        return msg("schema.boolean", "a boolean")
    if isinstance(value, (int, float)):
        return msg("schema.number", "a number")
    if isinstance(value, list):
        return msg("schema.list", "a list")
    if isinstance(value, dict):
        return msg("schema.mapping", "a mapping")
    return msg("schema.other-type", "another type")


@dataclass(frozen=True, slots=True)
class WholeNumberField:
    """A place where the schema expects a whole number: its path (``#`` for any list item) and bounds."""

    path: tuple[str, ...]
    minimum: int | None
    maximum: int | None


def whole_number_fields(schema: Mapping[str, Any]) -> tuple[WholeNumberField, ...]:
    """Every field the schema types as an integer (or fixes to one, like `schema_version`).

    JSON Schema counts 30.0 as an integer, so YAML's `30.000` (Indonesian for thirty thousand,
    read as thirty) would pass it: these fields are checked again as written, see
    :meth:`SchemaChecker.check`. Derived from the schema, so a new count is covered by itself.
    """
    found: list[WholeNumberField] = []

    def resolve(node: Any) -> Mapping[str, Any]:
        for _ in range(16):
            if not isinstance(node, Mapping) or "$ref" not in node:
                break
            target: Any = schema
            for token in str(node["$ref"]).lstrip("#/").split("/"):
                target = target.get(token, {}) if isinstance(target, Mapping) else {}
            node = target
        return node if isinstance(node, Mapping) else {}

    def visit(node: Any, path: tuple[str, ...]) -> None:
        resolved = resolve(node)
        const = resolved.get("const")
        if resolved.get("type") == "integer" or (isinstance(const, int) and not isinstance(const, bool)):
            low, high = resolved.get("minimum", const), resolved.get("maximum", const)
            found.append(WholeNumberField(path, low, high))
        if len(path) < 16:
            for name, child in resolved.get("properties", {}).items():
                visit(child, (*path, name))
            if "items" in resolved:
                visit(resolved["items"], (*path, "#"))

    visit(schema, ())
    return tuple(found)


EXPLAINED_PER_FILE = 2_000
"""Schema violations of one file explained (located, worded) at most; the rest are counted by
code. Far more than a person reads (the engine lists 100 of a code), far less than a hostile
file of a million violations, whose every explanation would cost seconds and gigabytes."""

ENTRIES_IN_ONE_PASS = 256
"""A top-level list longer than this is validated entry by entry, so the violations of a list of
half a million broken entries are never all produced at once (jsonschema-rs builds every error
of a call before returning the first)."""

_KIND_CODE = {
    "required": "S001",
    "additionalProperties": "S002",
    "type": "S003",
    "enum": "S004",
    "const": "S004",
    "pattern": "S005",
    "format": "S005",
    **dict.fromkeys(
        ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minLength", "maxLength", "minItems"),
        "S006",
    ),
    "maxItems": "S006",
    "uniqueItems": "S007",
}


@dataclass(frozen=True, slots=True)
class SchemaResult:
    """The explained violations of one file, and how many more of each code were only counted."""

    issues: list[SchemaIssue]
    more: dict[str, int]
    """Violations counted but not explained (past :data:`EXPLAINED_PER_FILE`), by code."""
    unchecked: int = 0
    """Entries of long lists found broken after the budget was spent, not checked further."""


class SchemaChecker:
    """Compiled once per run; ``check`` is a pure function of the data."""

    def __init__(self, schema: Mapping[str, Any] | None = None) -> None:
        import jsonschema_rs  # lazy: keeps `mpptool --help` fast

        self.schema: Mapping[str, Any] = schema if schema is not None else load_schema()
        self._validator = jsonschema_rs.validator_for(dict(self.schema), validate_formats=True, offline=True)
        self._descriptions: dict[tuple[str, ...], str] = {}
        self._whole = whole_number_fields(self.schema)
        self._entries: dict[str, Any] = {}
        for key, node in self.schema.get("properties", {}).items():
            items = node.get("items") if isinstance(node, Mapping) and node.get("type") == "array" else None
            if isinstance(items, Mapping):
                entry_schema = {"$schema": self.schema.get("$schema"), "$defs": self.schema.get("$defs", {}), **items}
                self._entries[key] = jsonschema_rs.validator_for(entry_schema, validate_formats=True, offline=True)

    def check(self, data: Any, locator: Locator) -> SchemaResult:
        """Every violation in ``data``, explained up to :data:`EXPLAINED_PER_FILE` and counted
        beyond; no issue when valid (the common, fast case).

        A whole-number field holding anything but a whole number written as one (`30.000`,
        `3.0`, `1e3`, `"50,000"`) gets one finding of its own, which says what YAML made of it
        and what to write, in place of the schema's findings at the same place.
        """
        more: dict[str, int] = {}
        unchecked: list[int] = [0]
        issues: list[SchemaIssue] = []
        taken: set[str] = set()
        for path, value, spec in self._whole_values(data):
            pointer = join_pointer(path)
            taken.add(pointer)
            if len(issues) >= EXPLAINED_PER_FILE:
                more["S003"] = more.get("S003", 0) + 1
                continue
            written = locator.source_text(pointer)
            shown = written if written is not None else (value if isinstance(value, str) else repr(value))
            message = whole_number_message(place(path, data), shown, value, spec)
            issues.append(SchemaIssue("S003", pointer, message, False))
        if not taken and self._validator.is_valid(data):
            return SchemaResult([], {})
        for prefix, error in self._errors(data, unchecked, lambda: len(issues) >= EXPLAINED_PER_FILE):
            path = [*prefix, *error.instance_path]
            if len(issues) >= EXPLAINED_PER_FILE:
                code = _KIND_CODE.get(error.kind.name, "S099")
                more[code] = more.get(code, 0) + 1
                continue
            room = EXPLAINED_PER_FILE - len(issues)
            found = list(itertools.islice(self._explain(error, path, data, locator), room))
            issues.extend(issue for issue in found if issue.pointer not in taken)
            if error.kind.name == "additionalProperties":  # one error, one finding per unknown key
                left = len(error.kind.as_dict().get("unexpected", [])) - len(found)
                if left > 0:
                    more["S002"] = more.get("S002", 0) + left
        return SchemaResult(_fold_misspelt_required(issues), more, unchecked[0])

    def _errors(
        self, data: Any, unchecked: list[int], spent: Callable[[], bool]
    ) -> Iterator[tuple[list[str | int], Any]]:
        """(path prefix, error) of every violation; long top-level lists entry by entry, and once
        the budget is spent (``spent``) their broken entries only counted (in ``unchecked[0]``)."""
        long_lists = [
            key
            for key in self._entries
            if isinstance(data, dict) and isinstance(data.get(key), list) and len(data[key]) > ENTRIES_IN_ONE_PASS
        ]
        if not long_lists:
            yield from (([], error) for error in self._validator.iter_errors(data))
            return
        skeleton = {key: ([] if key in long_lists else value) for key, value in data.items()}
        yield from (([], error) for error in self._validator.iter_errors(skeleton))
        for key in long_lists:
            validator = self._entries[key]
            for index, entry in enumerate(data[key]):
                if validator.is_valid(entry):
                    continue
                if spent():
                    unchecked[0] += 1
                    continue
                prefix: list[str | int] = [key, index]
                yield from ((prefix, error) for error in validator.iter_errors(entry))

    def _whole_values(self, data: Any) -> Iterator[tuple[list[str | int], Any, WholeNumberField]]:
        for spec in self._whole:
            for path, value in _values_at(data, spec.path):
                if isinstance(value, (float, str)):
                    yield path, value, spec

    def _explain(self, error: Any, path: list[str | int], data: Any, locator: Locator) -> Iterator[SchemaIssue]:
        pointer = join_pointer(path)
        kind = error.kind.name
        details: dict[str, Any] = error.kind.as_dict()
        where = place(path, data)
        instance = error.instance
        if kind == "required":
            name = details.get("property", "?")
            message = msg(
                "schema.lacks",
                "{where} lacks required key `{name}`{hint}",
                where=where,
                name=clip(name),
                hint=_hint(self._description([*path, str(name)])),
            )
            yield SchemaIssue("S001", pointer, message, bool(path))
        elif kind == "additionalProperties":
            allowed = sorted(self._properties(path))
            for name in details.get("unexpected", []):
                guess = difflib.get_close_matches(str(name).strip().lower(), allowed, n=1)
                tip = (
                    msg("schema.did-you-mean-key", ": did you mean `{name}`?", name=guess[0])
                    if guess
                    else msg("schema.allowed-keys", "; allowed keys: {keys}", keys=", ".join(allowed))
                )
                message = msg(
                    "schema.unknown-key", "unknown key `{name}` in {where}{tip}", name=clip(name), where=where, tip=tip
                )
                yield SchemaIssue("S002", join_pointer([*path, str(name)]), message, True)
        elif kind == "type":
            types = [_type_word(t) for t in _listify(details.get("types", details.get("type")))]
            expected = join(*_between(types, lambda: msg("schema.or", " or ")))
            said = str(expected)
            written = locator.source_text(pointer)
            shown = written if written is not None else clip(instance)
            hint: Text | str = ""
            if "text" in said and written is not None and instance is not None:
                fixed = suggest(self._def_name(path), written)
                hint = msg(
                    "schema.quote-it", ': quote it, "{value}"', value=clip(fixed if fixed is not None else written)
                )
            elif instance is None:
                hint = msg("schema.give-value", ": give it a value or remove the key")
            elif said == "a list":
                hint = _list_hint(instance)
            message = msg(
                "schema.wrong-type",
                "{where} must be {expected}, but `{value}` is read as {got}{hint}",
                where=where,
                expected=expected,
                value=clip(shown),
                got=_json_type(instance),
                hint=hint,
            )
            yield SchemaIssue("S003", pointer, message, False)
        elif kind in ("enum", "const"):
            options = details.get("options", [details.get("expected_value")])
            choices = [str(option) for option in _listify(options)]
            listed = ", ".join(clip(option, 30) for option in choices)
            meant = closest_choice(instance, choices)
            guessed = msg("schema.did-you-mean-value", "; did you mean `{value}`?", value=meant) if meant else ""
            message = msg(
                "schema.not-allowed",
                "{where} is `{value}`{tip} Allowed: {allowed}",
                where=where,
                value=clip(instance),
                tip=guessed,
                allowed=listed,
            )
            yield SchemaIssue("S004", pointer, message, False)
        elif kind in ("pattern", "format"):
            described = self._description(path)
            fixed = suggest(self._def_name(path), instance) if isinstance(instance, str) else None
            write = (
                msg("schema.write", ": write {value}", value=fixed)
                if fixed is not None and fixed != instance
                else _hint(described)
            )
            if details.get("format") == "date":
                message = msg(
                    "schema.bad-date",
                    "{where} is `{value}`, not a valid date{write}",
                    where=where,
                    value=clip(instance),
                    write=write,
                )
            else:
                message = msg(
                    "schema.bad-form",
                    "{where} is `{value}`, not in the expected form{write}",
                    where=where,
                    value=clip(instance),
                    write=write,
                )
            yield SchemaIssue("S005", pointer, message, False)
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
            written = locator.source_text(pointer) if isinstance(instance, (int, float)) else None
            shown = clip(written) if written is not None else clip(instance)
            yield SchemaIssue("S006", pointer, join(where, ": ", _limit_message(kind, details, instance, shown)), False)
        elif kind == "uniqueItems":
            message = msg("schema.repeats", "{where} lists the same item twice: remove the repeats", where=where)
            yield SchemaIssue("S007", pointer, message, False)
        else:  # jsonschema's own wording, as it is
            yield SchemaIssue("S099", pointer, join(where, ": ", clip(error.message, 200)), False)

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

    def _def_name(self, path: list[str | int]) -> str | None:
        """The `$defs` name a field refers to (`time`, `date`, `service_type`...), if any."""
        node, _ = self._schema_at(path)
        ref = node.get("$ref") if isinstance(node, Mapping) else None
        return str(ref).rsplit("/", 1)[-1] if isinstance(ref, str) and ref.startswith("#/$defs/") else None

    def _description(self, path: list[str | int]) -> str:
        shape = tuple("#" if isinstance(token, int) else token for token in path)
        if shape not in self._descriptions:
            self._descriptions[shape] = self._schema_at(path)[1]
        return self._descriptions[shape]

    def _properties(self, path: list[str | int]) -> list[str]:
        node, _ = self._schema_at(path)
        return list(self._resolve(node).get("properties", {}))


def _values_at(data: Any, shape: tuple[str, ...]) -> Iterator[tuple[list[str | int], Any]]:
    """(path, value) of every value at ``shape`` (``#``: each list item) that the data has."""
    level: list[tuple[list[str | int], Any]] = [([], data)]
    for token in shape:
        deeper: list[tuple[list[str | int], Any]] = []
        for path, node in level:
            if token == "#":
                if isinstance(node, list):
                    deeper.extend(([*path, index], item) for index, item in enumerate(node))
            elif isinstance(node, dict) and token in node:
                deeper.append(([*path, token], node[token]))
        level = deeper
        if not level:
            return
    yield from level


_GROUPED = re.compile(r"[0-9]{1,3}(?:([.,])[0-9]{3})(?:\1[0-9]{3})*")
_CURRENCY = re.compile(r"\A\s*(?:rp\.?|idr)?\s*(.*?)\s*(?:[.,]-|,00)?\s*\Z", re.IGNORECASE)


def meant_whole_number(written: str) -> int | None:
    """The whole number a person most likely meant by ``written``, or None when it cannot be told.

    `30.000` and `30,000` are thirty thousand (Indonesian and English thousands separators), as
    are `Rp 30.000` and `30.000,-`; `3.0` and `1e3` are 3 and 1000. Only used to suggest a fix.
    """
    core = _CURRENCY.match(written)
    text = core.group(1) if core else written.strip()
    if _GROUPED.fullmatch(text):
        return int(re.sub(r"[.,]", "", text))
    if re.fullmatch(r"[0-9]+", text):
        return int(text)
    if re.fullmatch(r"[0-9]+\.0+", text):
        return int(text.split(".")[0])
    if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?[eE]\+?[0-9]{1,3}", text):
        number = float(text)
        return int(number) if number.is_integer() else None
    return None


def whole_number_message(where: Text | str, written: str, value: Any, spec: WholeNumberField) -> Text:
    """Why a value is not a whole number, what YAML made of it, and the whole number to write."""
    meant = meant_whole_number(written)
    fits = meant is not None and (spec.minimum is None or meant >= spec.minimum)
    fits = fits and (spec.maximum is None or meant is None or meant <= spec.maximum)
    write: Text
    if fits and meant is not None:
        write = msg("schema.write-number", "write {number:d}", number=meant)  # as typed: no separators
    elif spec.maximum is not None and spec.minimum != spec.maximum:
        write = msg("schema.write-digits-max", "write the number in digits (at most {limit})", limit=spec.maximum)
    else:
        write = msg("schema.write-digits", "write the number in digits")
    shown = clip(written)
    if isinstance(value, str):
        return msg(
            "schema.whole-text",
            "{where} must be a whole number, but `{value}` is read as text: {write}, "
            "without quotes, currency or separators",
            where=where,
            value=shown,
            write=write,
        )
    if _GROUPED.fullmatch(written.strip()) and "." in written:
        return msg(
            "schema.whole-dot",
            "{where} must be a whole number, but YAML reads `{value}` as {read:g} (a dot is a decimal point, "
            "not a thousands separator): {write}",
            where=where,
            value=shown,
            read=value,
            write=write,
        )
    if isinstance(value, float) and value.is_integer():
        if "e" in written.lower():
            return msg(
                "schema.whole-exponent",
                "{where} must be a whole number, but `{value}` is written with an exponent: {write}",
                where=where,
                value=shown,
                write=write,
            )
        return msg(
            "schema.whole-decimal",
            "{where} must be a whole number, but `{value}` is written as a decimal number: {write}",
            where=where,
            value=shown,
            write=write,
        )
    return msg(
        "schema.whole-fraction",
        "{where} must be a whole number, but `{value}` has a fraction: {write}",
        where=where,
        value=shown,
        write=write,
    )


def _fold_misspelt_required(issues: list[SchemaIssue]) -> list[SchemaIssue]:
    """One mistake, one finding: `categroy:` is an unknown key and leaves `category` missing;
    ` status` (indented with a non-breaking space) lands outside `mpp` and leaves `mpp` without
    a status. The missing key's finding is folded into the unknown key's, which names it."""
    missing: dict[tuple[str, str], SchemaIssue] = {}
    for issue in issues:
        if issue.code == "S001" and (name := _value(issue.message, "schema.lacks", "name")) is not None:
            missing[(issue.pointer, name)] = issue
    if not missing:
        return issues
    dropped: set[int] = set()
    renamed: dict[int, SchemaIssue] = {}
    for position, issue in enumerate(issues):
        if issue.code != "S002":
            continue
        parent, key = issue.pointer.rsplit("/", 1)
        key = key.replace("~1", "/").replace("~0", "~")
        tip = _value(issue.message, "schema.unknown-key", "tip")
        guess = _value(tip, "schema.did-you-mean-key", "name")
        if guess is not None and (parent, guess) in missing:
            dropped.add(id(missing.pop((parent, guess))))
            renamed[position] = _note(issue, msg("schema.required-key", " (a required key, missing without it)"))
            continue
        bare = "".join(key.split()).lower()
        for elsewhere, name in list(missing):
            if name == bare:
                dropped.add(id(missing.pop((elsewhere, name))))
                where = elsewhere.strip("/").replace("/", ".") or the_file()
                note = msg(
                    "schema.probably", " (`{where}` lacks `{name}`: this is probably it)", where=where, name=name
                )
                renamed[position] = _note(issue, note)
                break
    return [renamed.get(position, issue) for position, issue in enumerate(issues) if id(issue) not in dropped]


def _value(message: Any, key: str, name: str) -> Any:
    """The value ``name`` of ``message`` when it is the sentence ``key``; else None (what a
    message says is read from its values, never parsed back from its wording)."""
    if isinstance(message, Text) and message.key == key:
        return dict(message.values).get(name)
    return None


def _note(issue: SchemaIssue, note: Text) -> SchemaIssue:
    return SchemaIssue(issue.code, issue.pointer, issue.message + note, issue.at_key)


def _list_hint(instance: Any) -> Text | str:
    """How to write a list, for a value written as something else."""
    if isinstance(instance, dict):
        return msg(
            "schema.list-entries",
            ": start each entry on its own line with `- ` (a dash and a space), one entry per item",
        )
    if isinstance(instance, str) and "," in instance:
        items = ", ".join(part.strip() for part in instance.split(",") if part.strip())
        return msg("schema.as-list", ": write it as a list, [{items}]", items=clip(items))
    if isinstance(instance, (str, int, float)) and not isinstance(instance, bool):
        return msg("schema.as-list", ": write it as a list, [{items}]", items=clip(instance))
    return ""


_SYNONYMS = {
    # Indonesian day names and abbreviations, English full names
    **dict.fromkeys(("senin", "sen", "monday"), "mon"),
    **dict.fromkeys(("selasa", "sel", "tuesday"), "tue"),
    **dict.fromkeys(("rabu", "rab", "wednesday"), "wed"),
    **dict.fromkeys(("kamis", "kam", "thursday"), "thu"),
    **dict.fromkeys(("jumat", "jum'at", "jum", "friday"), "fri"),
    **dict.fromkeys(("sabtu", "sab", "saturday"), "sat"),
    **dict.fromkeys(("minggu", "ahad", "min", "sunday"), "sun"),
    # statuses, categories and channels as an Indonesian office writes them
    **dict.fromkeys(("aktif", "buka", "open", "beroperasi"), "active"),
    **dict.fromkeys(("kosong",), "empty"),
    **dict.fromkeys(("tutup", "ditutup"), "closed"),
    **dict.fromkeys(("rencana", "direncanakan"), "planned"),
    **dict.fromkeys(("vertikal", "instansi vertikal"), "vertical"),
    **dict.fromkeys(("bumn", "bumd", "bumn/bumd"), "soe"),
    **dict.fromkeys(("swasta",), "private"),
    **dict.fromkeys(("loket", "gerai", "offline", "langsung"), "counter"),
    **dict.fromkeys(("daring",), "online"),
}


def closest_choice(value: Any, choices: list[str]) -> str | None:
    """The allowed value meant by ``value``: its own spelling in another case, an Indonesian
    name (`senin` is `mon`), or the nearest by edit distance."""
    if not isinstance(value, str):
        return None
    lowered = value.strip().lower().rstrip(".")
    if lowered in choices:
        return lowered
    synonym = _SYNONYMS.get(lowered)
    if synonym in choices:
        return synonym
    guess = difflib.get_close_matches(lowered, choices, n=1)
    return guess[0] if guess else None


def suggest(kind: str | None, written: str) -> str | None:
    """The value meant by ``written`` in a field of this `$defs` kind, when it can be told.

    Only a suggestion that passes: `08.00` and `8:00` -> `08:00`, `4/3/2024` -> `2024-03-04`
    (Indonesian day-month order), `adm-1` -> `ADM-01`, `Disdukcapil` -> `disdukcapil`.
    """
    text = written.strip()
    if kind == "time":
        match = re.fullmatch(r"([01]?[0-9]|2[0-3])[.:,]([0-5][0-9])(?:\s*(?:WIB|WITA|WIT))?", text, re.IGNORECASE)
        return f"{int(match.group(1)):02}:{match.group(2)}" if match else None
    if kind == "date":
        day_first = re.fullmatch(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})", text)
        year_first = re.fullmatch(r"([0-9]{4})[/.-]([0-9]{1,2})[/.-]([0-9]{1,2})", text)
        if day_first:
            day, month, year = (int(part) for part in day_first.groups())
        elif year_first:
            year, month, day = (int(part) for part in year_first.groups())
        else:
            return None
        try:
            return dt.date(year, month, day).isoformat()
        except ValueError:
            return None
    if kind == "service_type":
        match = re.fullmatch(r"([A-Za-z]{3})\s*[-_ ]?\s*([0-9]{1,2})", text)
        return f"{match.group(1).upper()}-{int(match.group(2)):02}" if match else None
    if kind == "slug":
        slug = re.sub(r"[^a-z0-9_-]+", "-", text.lower()).strip("-")
        return slug if slug and re.fullmatch(r"[a-z0-9][a-z0-9_-]*", slug) and len(slug) <= 64 else None
    return None


def _hint(description: str) -> Text | str:
    """The schema's own description of a field (its text, as the schema words it) as a hint; in
    another language, its translation (``[schema-description]`` of the catalog, keyed by the English)."""
    if not description.rstrip("."):
        return ""
    described = Text(f"{DESCRIPTIONS}.{description}", as_hint(description).replace("{", "{{").replace("}", "}}"))
    return msg("schema.expected", ": expected {description}", description=described)


def _between(parts: list[Text | str], separator: Callable[[], Text]) -> list[Text | str]:
    """``parts`` with a ``separator`` between each two."""
    spaced: list[Text | str] = []
    for index, part in enumerate(parts):
        if index:
            spaced.append(separator())
        spaced.append(part)
    return spaced


def _listify(value: Any) -> list[Any]:
    if isinstance(value, (list, tuple)):
        return list(value)
    return [value]


def _type_word(name: Any) -> Text | str:
    """A JSON Schema type in words; a name this does not know, as it is."""
    word = str(name)
    if word == "string":
        return msg("schema.text", "text")
    if word == "integer":
        return msg("schema.whole-number", "a whole number")
    if word == "number":
        return msg("schema.number", "a number")
    if word == "boolean":
        return msg("schema.true-false", "true or false")
    if word == "array":
        return msg("schema.list", "a list")
    if word == "object":
        return msg("schema.mapping", "a mapping")
    if word == "null":
        return msg("schema.empty", "empty")
    return word


def _number(value: Any) -> int | str:
    """A limit from the schema, said with thousands separators (`1,000,000,000`): a whole number
    as itself (localised when said), anything else as written."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    return f"{value:,}" if isinstance(value, float) else clip(value)


def _limit_message(kind: str, details: Mapping[str, Any], instance: Any, shown: str) -> Text:
    limit = details.get("limit")
    if kind == "minimum":
        if limit == 0:
            return msg("schema.negative", "`{value}` is below zero: a count or amount cannot be negative", value=shown)
        return msg("schema.below", "`{value}` is below the minimum, {limit}", value=shown, limit=_number(limit))
    if kind == "maximum":
        return msg(
            "schema.above",
            "`{value}` is above the maximum, {limit}: a figure this large is a typo",
            value=shown,
            limit=_number(limit),
        )
    if kind == "minLength":
        if limit == 1:
            return msg("schema.empty-text", "must not be empty")
        return msg("schema.short-text", "must be at least {limit} characters", limit=str(limit))
    if kind == "maxLength":
        length = len(instance) if isinstance(instance, str) else "?"
        return msg(
            "schema.long-text",
            "is {length} characters, over the limit of {limit}: shorten it",
            length=_number(length),
            limit=_number(limit),
        )
    if kind == "minItems":
        if limit == 1:
            return msg("schema.no-items", "must list at least one item")
        return msg("schema.few-items", "must list at least {limit} items", limit=str(limit))
    if kind == "maxItems":
        return msg("schema.many-items", "lists more than {limit} items", limit=_number(limit))
    return msg(
        "schema.out-of-range",
        "`{value}` is out of range ({kind} {limit})",
        value=shown,
        kind=kind,
        limit=_number(limit),
    )
