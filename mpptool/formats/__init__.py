"""Output formats: pure functions from a result to text, chosen by an exhaustive enum map."""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

from mpptool.formats import json_format, text_format
from mpptool.validate import ValidationResult

if TYPE_CHECKING:
    from mpptool.audit import AuditResult
    from mpptool.diff import DiffResult


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


class AuditFormat(enum.StrEnum):
    """Formats `mpptool audit` can write."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"


def render_audit(result: AuditResult, fmt: AuditFormat, color: bool = False) -> str:
    """Render an audit in ``fmt``; colour applies to text only. Formats load on use."""
    from mpptool.formats import audit_csv, audit_json, audit_markdown, audit_text

    renderers: dict[AuditFormat, Callable[[AuditResult, bool], str]] = {
        AuditFormat.TEXT: audit_text.render,
        AuditFormat.JSON: lambda result, _color: audit_json.render(result),
        AuditFormat.MARKDOWN: lambda result, _color: audit_markdown.render(result),
        AuditFormat.CSV: lambda result, _color: audit_csv.render(result),
    }
    return renderers[fmt](result, color)


class DiffFormat(enum.StrEnum):
    """Formats `mpptool diff` can write."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    GITHUB = "github"


def render_diff(result: DiffResult, fmt: DiffFormat) -> str:
    """Render a diff in ``fmt``. Formats load on use."""
    from mpptool.formats import diff_github, diff_json, diff_markdown, diff_text

    renderers: dict[DiffFormat, Callable[[DiffResult], str]] = {
        DiffFormat.TEXT: diff_text.render,
        DiffFormat.JSON: diff_json.render,
        DiffFormat.MARKDOWN: diff_markdown.render,
        DiffFormat.GITHUB: diff_github.render,
    }
    return renderers[fmt](result)
