"""Output formats: pure functions from a result to text, chosen by an exhaustive enum map."""

from __future__ import annotations

import enum
from collections.abc import Callable

from mpptool.formats import json_format, text_format
from mpptool.validate import ValidationResult


class OutputFormat(enum.StrEnum):
    """Formats `mpptool validate` can write."""

    TEXT = "text"
    JSON = "json"


_RENDERERS: dict[OutputFormat, Callable[[ValidationResult, bool], str]] = {
    OutputFormat.TEXT: text_format.render,
    OutputFormat.JSON: lambda result, _color: json_format.render(result),
}


def render(result: ValidationResult, fmt: OutputFormat, color: bool = False) -> str:
    """Render ``result`` in ``fmt``; colour applies to text only."""
    return _RENDERERS[fmt](result, color)
