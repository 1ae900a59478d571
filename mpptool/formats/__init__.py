"""Output formats: pure functions from a result to text, chosen by an exhaustive enum map."""

from __future__ import annotations

import enum
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from mpptool.commands.audit import AuditResult
    from mpptool.commands.diff import DiffResult
    from mpptool.commands.report import Report
    from mpptool.engine.checker import ValidationResult
    from mpptool.formats.report.i18n import Lang


class OutputFormat(enum.StrEnum):
    """Formats `mpptool validate` can write; AUTO is resolved by :func:`resolve_format` first."""

    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    AUTO = "auto"


def resolve_format(fmt: OutputFormat, environ: Mapping[str, str]) -> OutputFormat:
    """AUTO as GitHub annotations inside GitHub Actions (``GITHUB_ACTIONS`` set), text elsewhere."""
    if fmt is not OutputFormat.AUTO:
        return fmt
    flag = environ.get("GITHUB_ACTIONS", "").strip().lower()
    return OutputFormat.GITHUB if flag not in ("", "false", "0") else OutputFormat.TEXT


CI_FORMATS = frozenset({OutputFormat.GITHUB, OutputFormat.SARIF, OutputFormat.JUNIT, OutputFormat.MARKDOWN})
"""Formats read by CI systems, which name files relative to the repository root."""


def needs_root(fmt: OutputFormat) -> bool:
    """Whether ``fmt`` names files relative to ``ValidationResult.root`` (so the caller should set one)."""
    return fmt in CI_FORMATS


_MEDIA = {
    "text": "text",
    "json": "json",
    "sarif": "json",
    "github": "workflow",
    "junit": "xml",
    "markdown": "markdown",
    "csv": "csv",
    "html": "html",
}


def medium(fmt: enum.StrEnum) -> str:
    """What kind of text a format writes (:class:`mpptool.text.safe.Medium`), for the final guard."""
    return _MEDIA[fmt.value]


Renderer = Callable[["ValidationResult", bool, bool], str]
"""(result, color, statistics) -> text; each loads its module on first use (start-up time)."""


def _text(result: ValidationResult, color: bool, statistics: bool) -> str:
    from mpptool.formats.validate import text as text_format

    return text_format.render(result, color, statistics)


def _json(result: ValidationResult, _color: bool, _statistics: bool) -> str:
    from mpptool.formats.validate import json as json_format

    return json_format.render(result)


def _github(result: ValidationResult, _color: bool, _statistics: bool) -> str:
    from mpptool.formats.validate import github as validate_github

    return validate_github.render(result)


def _sarif(result: ValidationResult, _color: bool, _statistics: bool) -> str:
    from mpptool.formats.validate import sarif as sarif_format

    return sarif_format.render(result)


def _junit(result: ValidationResult, _color: bool, _statistics: bool) -> str:
    from mpptool.formats.validate import junit as junit_format

    return junit_format.render(result)


def _markdown(result: ValidationResult, _color: bool, _statistics: bool) -> str:
    from mpptool.formats.validate import markdown as validate_markdown

    return validate_markdown.render(result)


def _unresolved(_result: ValidationResult, _color: bool, _statistics: bool) -> str:
    raise ValueError("OutputFormat.AUTO depends on the environment: resolve it with resolve_format() first")


RENDERERS: Mapping[OutputFormat, Renderer] = {
    OutputFormat.TEXT: _text,
    OutputFormat.JSON: _json,
    OutputFormat.GITHUB: _github,
    OutputFormat.SARIF: _sarif,
    OutputFormat.JUNIT: _junit,
    OutputFormat.MARKDOWN: _markdown,
    OutputFormat.AUTO: _unresolved,
}
"""Every member of OutputFormat (a test holds it to that)."""


def render(result: ValidationResult, fmt: OutputFormat, color: bool = False, statistics: bool = False) -> str:
    """Render ``result`` in ``fmt``; colour and statistics apply to text only.

    Raises ValueError for AUTO, which depends on the environment: resolve it first.
    """
    return RENDERERS[fmt](result, color, statistics)


class AuditFormat(enum.StrEnum):
    """Formats `mpptool audit` can write."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"


def render_audit(result: AuditResult, fmt: AuditFormat, color: bool = False) -> str:
    """Render an audit in ``fmt``; colour applies to text only. Formats load on use."""
    from mpptool.formats.audit import csv as audit_csv
    from mpptool.formats.audit import json as audit_json
    from mpptool.formats.audit import markdown as audit_markdown
    from mpptool.formats.audit import text as audit_text

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
    from mpptool.formats.diff import github as diff_github
    from mpptool.formats.diff import json as diff_json
    from mpptool.formats.diff import markdown as diff_markdown
    from mpptool.formats.diff import text as diff_text

    renderers: dict[DiffFormat, Callable[[DiffResult], str]] = {
        DiffFormat.TEXT: diff_text.render,
        DiffFormat.JSON: diff_json.render,
        DiffFormat.MARKDOWN: diff_markdown.render,
        DiffFormat.GITHUB: diff_github.render,
    }
    return renderers[fmt](result)


class ReportFormat(enum.StrEnum):
    """Formats `mpptool report` can write."""

    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    CSV = "csv"


def render_report(report: Report, fmt: ReportFormat, lang: Lang) -> str:
    """Render a rollout report in ``fmt`` and ``lang``. Formats load on use (Jinja2 and tabulate too)."""
    from mpptool.formats.report import csv as report_csv
    from mpptool.formats.report import html as report_html
    from mpptool.formats.report import json as report_json
    from mpptool.formats.report import markdown as report_markdown

    renderers: dict[ReportFormat, Callable[[Report, Lang], str]] = {
        ReportFormat.MARKDOWN: report_markdown.render,
        ReportFormat.HTML: report_html.render,
        ReportFormat.JSON: report_json.render,
        ReportFormat.CSV: report_csv.render,
    }
    return renderers[fmt](report, lang)
