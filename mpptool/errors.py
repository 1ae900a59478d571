"""The one exception type that crosses module boundaries: a usage or environment error.

The CLI turns it into a message on stderr and exit status 2. Problems in catalog files are
never exceptions: they are findings.
"""

from __future__ import annotations

from typing import Protocol


class Said(Protocol):
    """A sentence said per language: ``mpptool.text.i18n.Text`` (not imported: errors is the bottom layer)."""

    def render(self, lang: str = "en") -> str: ...


class UsageError(Exception):
    """Bad command line, configuration or environment; the message says what to do.

    ``message`` is a ``Text`` (said in the language of the run by the CLI) or a plain string
    (said as it is); ``str(error)`` is the English.
    """

    def __init__(self, message: str | Said, code: str = "E001") -> None:
        super().__init__(message if isinstance(message, str) else message.render("en"))
        self.message = message
        self.code = code

    def say(self, lang: str = "en") -> str:
        """The message in ``lang``."""
        return self.message if isinstance(self.message, str) else self.message.render(lang)
