"""Sentences in more than one language: a message is data (:class:`Text`), rendered per language.

A rule or loader says ``msg("A002.marked-empty", "counter `{counter}` ... is marked empty", counter=...)``:
the English template lives in the code beside the check that says it (as gettext keeps its
msgid), every other language in a catalog a translator edits, ``mpptool/messages/<lang>.toml``
(one table per rule code, or per part of the tool: ``[A002] marked-empty = "..."``; ``[rules]``
holds the rules' summaries, ``[rationale]`` their rationales and ``[rule-fix]`` what `mpptool fix`
does about them, for `mpptool rules CODE`).
Findings keep the :class:`Text` they were made from, so the engine computes once and each
format renders in the language asked for; the English rendering is the finding's ``message``
(its JSON and sort order never depend on the language).

Values are localised when rendered: whole numbers get thousands separators (``1,867`` in
English, ``1.867`` in Indonesian), dates are ISO in English and written out in Indonesian
(``4 Maret 2024``), a nested :class:`Text` is rendered in the same language, and a string is
inserted as it is (ids and quoted catalog text are the same in every language).

At the bottom of the house: imports nothing of mpptool.
"""

from __future__ import annotations

import datetime as dt
import string
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib.resources import files as package_files
from types import MappingProxyType
from typing import Any

__all__ = [
    "LANGUAGES",
    "MAX_MESSAGE",
    "Text",
    "catalog",
    "clip_message",
    "join",
    "listed",
    "localise",
    "long_date",
    "msg",
    "report_words",
    "rule_fixes",
    "rule_rationales",
    "rule_summaries",
    "say",
]

LANGUAGES = ("en", "id")
"""Languages mpptool speaks; English is the code's own."""

MONTHS_ID = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)


@dataclass(frozen=True, slots=True)
class Text:
    """A sentence as data: its catalog key, its English template and the values it is filled with.

    ``key`` empty means the template is language-neutral (a join of parts, see :func:`join`).
    """

    key: str
    english: str
    values: tuple[tuple[str, Any], ...] = ()

    def render(self, lang: str = "en") -> str:
        """The sentence in ``lang``; English when the catalog has no entry for it."""
        template = self.english
        if lang != "en" and self.key:
            template = catalog(lang).get(self.key, self.english)
        return _Formatter(lang).vformat(template, (), dict(self.values))

    def __str__(self) -> str:
        return self.render("en")

    def as_data(self) -> list[Any]:
        """JSON-ready, for the cache: ``[key, english, [[name, tag, value], ...]]``."""
        return [self.key, self.english, [[name, *_tagged(value)] for name, value in self.values]]

    @classmethod
    def from_data(cls, data: Any) -> Text:
        """The inverse of :meth:`as_data`; anything else raises ValueError."""
        if not (isinstance(data, list) and len(data) == 3 and isinstance(data[2], list)):
            raise ValueError("not a message")
        key, english, values = data
        if not isinstance(key, str) or not isinstance(english, str):
            raise ValueError("not a message")
        return cls(key, english, tuple(_untagged(item) for item in values))

    def __add__(self, other: Text | str) -> Text:
        return join(self, other)

    def __radd__(self, other: str) -> Text:
        return join(other, self)


def _tagged(value: Any) -> tuple[str, Any]:
    if isinstance(value, Text):
        return "t", value.as_data()
    if isinstance(value, bool):
        return "s", str(value)
    if isinstance(value, str | int | float):
        return {str: "s", int: "i", float: "f"}[type(value)], value
    if isinstance(value, dt.date):
        return "d", value.isoformat()
    return "s", str(value)


_TYPES: Mapping[str, type] = MappingProxyType({"s": str, "i": int, "f": float})


def _untagged(item: Any) -> tuple[str, Any]:
    if not (isinstance(item, list) and len(item) == 3 and isinstance(item[0], str) and isinstance(item[1], str)):
        raise ValueError("not a message value")
    name, tag, value = item
    if tag == "t":
        return name, Text.from_data(value)
    if tag == "d" and isinstance(value, str):
        return name, dt.date.fromisoformat(value)
    if tag in _TYPES and type(value) is _TYPES[tag]:
        return name, value
    raise ValueError("not a message value")


def msg(key: str, english: str, **values: Any) -> Text:
    """A message with its catalog key (``CODE.name``) and English template, filled with ``values``."""
    return Text(key, english, tuple(values.items()))


def join(*parts: Text | str) -> Text:
    """Parts said one after the other, each in the language asked for."""
    names = [f"p{index}" for index in range(len(parts))]
    template = "".join("{" + name + "}" for name in names)
    return Text("", template, tuple(zip(names, parts, strict=True)))


def listed(parts: Sequence[Text | str], separator: str = ", ") -> Text:
    """Parts one after the other, separated by commas: a list whose items may be words to translate."""
    return join(*(piece for index, part in enumerate(parts) for piece in ((separator, part) if index else (part,))))


def say(message: Text | str, lang: str = "en") -> str:
    """A message (or a plain string, said as it is) in ``lang``."""
    return message.render(lang) if isinstance(message, Text) else message


MAX_MESSAGE = 600
"""The longest message said: a hostile catalog can make one of megabytes (a quoted value)."""


def clip_message(message: str) -> str:
    """A message cut to :data:`MAX_MESSAGE`, keeping its start and its end (which says what to do)."""
    if len(message) > MAX_MESSAGE:
        return message[: MAX_MESSAGE - 160] + " … " + message[-157:]
    return message


def localise(text: str, lang: str) -> str:
    """Swap English separators for Indonesian ones (``,`` thousands, ``.`` decimals) in a formatted number."""
    return text.translate(_SWAP) if lang == "id" else text


_SWAP = str.maketrans(",.", ".,")


def long_date(value: dt.date, lang: str) -> str:
    """``2024-03-04`` in English (as the catalog writes it), ``4 Maret 2024`` in Indonesian."""
    if lang == "id":
        return f"{value.day} {MONTHS_ID[value.month - 1]} {value.year}"
    return value.isoformat()


class _Formatter(string.Formatter):
    """str.format with values localised for one language."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> tuple[Any, str]:
        """A value by its plain name only: no ``{0}``, ``{x.attr}`` or ``{x[key]}``, so a template (a
        translator's, or a damaged cache entry's) can never reach into Python objects."""
        if field_name not in kwargs:
            raise KeyError(field_name)
        return kwargs[field_name], field_name

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Text):
            return value.render(self.lang)
        if isinstance(value, bool | str):
            return str(value) if format_spec and format_spec[-1] in "dfn%eg" else format(value, format_spec)
        if isinstance(value, int):
            return localise(format(value, format_spec or ","), self.lang)
        if isinstance(value, float):
            return localise(format(value, format_spec or ",.1f"), self.lang)
        if isinstance(value, dt.date):
            return long_date(value, self.lang)
        return format(value, format_spec)


def _flatten(table: Mapping[str, Any], prefix: str = "") -> dict[str, str]:
    flat: dict[str, str] = {}
    for name, value in table.items():
        key = f"{prefix}.{name}" if prefix else str(name)
        if isinstance(value, dict):
            flat.update(_flatten(value, key))
        else:
            flat[key] = str(value)
    return flat


@cache
def _load(lang: str) -> Mapping[str, Any]:
    with (package_files("mpptool") / "messages" / f"{lang}.toml").open("rb") as stream:
        return MappingProxyType(tomllib.load(stream))


RULE_TABLES = frozenset({"rules", "rationale", "rule-fix"})
"""The catalog's tables keyed by rule code (whole texts about a rule), not by message key."""

_APART = RULE_TABLES | {"report"}
"""Tables read on their own: the rule tables by code, the report's words by their key."""


@cache
def report_words(lang: str) -> Mapping[str, str]:
    """The rollout report's words in ``lang`` (the ``[report]`` table); English lives beside the report."""
    return MappingProxyType({str(key): str(value) for key, value in _load(lang).get("report", {}).items()})


DESCRIPTIONS = "schema-description"
"""The table of the schema's field descriptions, keyed by their English (quoted as hints: :func:`as_hint`)."""


def as_hint(description: str) -> str:
    """A description as quoted after "expected": its first letter lowered, its final stop dropped."""
    text = description.rstrip(".")
    return f"{text[:1].lower()}{text[1:]}"


@cache
def catalog(lang: str) -> Mapping[str, str]:
    """Message key (``A002.marked-empty``) -> template in ``lang``; empty for English (the code's own)."""
    if lang == "en":
        return MappingProxyType({})
    said = _flatten({name: table for name, table in _load(lang).items() if name not in _APART | {DESCRIPTIONS}})
    for english, text in _load(lang).get(DESCRIPTIONS, {}).items():
        said[f"{DESCRIPTIONS}.{english}"] = as_hint(str(text)).replace("{", "{{").replace("}", "}}")
    return MappingProxyType(said)


@cache
def rule_summaries(lang: str) -> Mapping[str, str]:
    """Rule code -> summary in ``lang``; empty for English (the rules' own text is English)."""
    if lang == "en":
        return MappingProxyType({})
    rules = _load(lang).get("rules", {})
    return MappingProxyType({str(code): str(text) for code, text in rules.items()})


@cache
def rule_rationales(lang: str) -> Mapping[str, str]:
    """Rule code -> rationale in ``lang`` (paragraphs, each one line, separated by a blank line); empty
    for English (the rule's own rationale, its ``rationale=`` or its check's docstring, is English)."""
    return _rule_table(lang, "rationale")


@cache
def rule_fixes(lang: str) -> Mapping[str, str]:
    """Rule code -> what `mpptool fix` does about it, in ``lang``; empty for English (the rule's own ``fix=``)."""
    return _rule_table(lang, "rule-fix")


def _rule_table(lang: str, name: str) -> Mapping[str, str]:
    if lang == "en":
        return MappingProxyType({})
    table = _load(lang).get(name, {})
    return MappingProxyType({str(code): _paragraphs(str(text)) for code, text in table.items()})


def _paragraphs(text: str) -> str:
    """A multi-line catalog string as prose: each paragraph on one line, paragraphs split by a blank line."""
    paragraphs = (" ".join(block.split()) for block in text.strip().split("\n\n"))
    return "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
