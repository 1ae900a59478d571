"""Output formats: pure functions from a result to text, one module per command and format
(``formats/<command>/<format>.py``), each called the same way (:func:`render`).

What formats share (words, figures as text, Markdown tables, :class:`~mpptool.formats.shared.Style`)
is in :mod:`mpptool.formats.shared`; no format family imports another.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Mapping
from typing import Any, TypeVar

from mpptool.formats.shared import PLAIN, Lang, Style

__all__ = [
    "PLAIN",
    "AuditFormat",
    "DiffFormat",
    "FixFormat",
    "Format",
    "Lang",
    "OutputFormat",
    "ReportFormat",
    "RulesFormat",
    "Style",
    "findings_format",
    "format_for",
    "medium",
    "module_name",
    "needs_root",
    "render",
    "resolve_format",
]


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


def findings_format(fmt: AuditFormat) -> OutputFormat | None:
    """The validate format an audit format is (github, sarif, junit: findings where CI shows them), else None.

    Such an audit is rendered as its findings (``AuditResult.as_checked``) by validate's own
    module, so a pull request is annotated the same way whichever command found the problem.
    """
    return OutputFormat(fmt.value) if fmt in (AuditFormat.GITHUB, AuditFormat.SARIF, AuditFormat.JUNIT) else None


F = TypeVar("F", bound=enum.Enum)

_SUFFIXES = (
    (".sarif.json", "sarif"),
    (".sarif", "sarif"),
    (".html", "html"),
    (".htm", "html"),
    (".md", "markdown"),
    (".markdown", "markdown"),
    (".json", "json"),
    (".csv", "csv"),
    (".txt", "text"),
    (".xml", "junit"),
)
"""Output file endings and the format each names, the longer ending first."""


def format_for(formats: type[F], output: str | None) -> F | None:
    """The format of ``formats`` an output file's name asks for (``-o report.html``: html), if any.

    Used when ``--format`` is not given, so a file named ``.html`` never receives Markdown.
    """
    name = (output or "").lower()
    for suffix, value in _SUFFIXES:
        if name.endswith(suffix) and value in {member.value for member in formats}:
            return formats(value)
    return None


def needs_root(fmt: OutputFormat | AuditFormat) -> bool:
    """Whether ``fmt`` names files relative to the result's ``root`` (so the caller should set one)."""
    return fmt in CI_FORMATS or (isinstance(fmt, AuditFormat) and findings_format(fmt) is not None)


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


class AuditFormat(enum.StrEnum):
    """Formats `mpptool audit` can write; github, sarif and junit are validate's, over the audit's findings."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    CSV = "csv"
    GITHUB = "github"
    SARIF = "sarif"
    JUNIT = "junit"


class DiffFormat(enum.StrEnum):
    """Formats `mpptool diff` can write."""

    TEXT = "text"
    JSON = "json"
    MARKDOWN = "markdown"
    GITHUB = "github"


class ReportFormat(enum.StrEnum):
    """Formats `mpptool report` can write."""

    MARKDOWN = "markdown"
    HTML = "html"
    JSON = "json"
    CSV = "csv"


class FixFormat(enum.StrEnum):
    """Formats `mpptool fix` can write."""

    TEXT = "text"
    JSON = "json"


class RulesFormat(enum.StrEnum):
    """Formats `mpptool rules` can write."""

    TEXT = "text"


Format = OutputFormat | AuditFormat | DiffFormat | ReportFormat | RulesFormat | FixFormat
"""Every command's formats: the enum type says which command a result comes from."""

_FAMILY: Mapping[type[enum.StrEnum], str] = {
    OutputFormat: "validate",
    AuditFormat: "audit",
    DiffFormat: "diff",
    ReportFormat: "report",
    RulesFormat: "rules",
    FixFormat: "fix",
}


def module_name(fmt: Format) -> str:
    """The module that renders ``fmt``: ``mpptool.formats.<command>.<format>``."""
    if fmt is OutputFormat.AUTO:
        raise ValueError("OutputFormat.AUTO depends on the environment: resolve it with resolve_format() first")
    if isinstance(fmt, AuditFormat) and (findings := findings_format(fmt)) is not None:
        fmt = findings
    return f"mpptool.formats.{_FAMILY[type(fmt)]}.{fmt.value}"


def render(result: Any, fmt: Format, style: Style = PLAIN) -> str:
    """Render a command's result in ``fmt``: the one way every format is called.

    Each format is a module with ``render(result, style) -> str``, loaded on first use, so a
    run imports only the format it writes (and Jinja2 or tabulate only when it needs them).
    """
    if isinstance(fmt, AuditFormat) and (findings := findings_format(fmt)) is not None:
        result, fmt = result.as_checked(), findings  # an audit's findings where CI shows them: validate's module
    module = importlib.import_module(module_name(fmt))
    text: str = module.render(result, style)
    return text
