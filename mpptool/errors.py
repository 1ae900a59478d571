"""The one exception type that crosses module boundaries: a usage or environment error.

The CLI turns it into a message on stderr and exit status 2. Problems in catalog files are
never exceptions: they are findings.
"""

from __future__ import annotations


class UsageError(Exception):
    """Bad command line, configuration or environment; the message says what to do."""

    def __init__(self, message: str, code: str = "E001") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
