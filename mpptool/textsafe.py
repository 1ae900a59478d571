"""Make catalog strings safe to print: no terminal escapes, no bidi tricks, one line.

Every string that can come from a catalog file (values, keys, file names) passes through
:func:`safe` before it reaches a terminal or a CI log.
"""

from __future__ import annotations

import json
import re

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]")


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def clip(value: object, limit: int = 60) -> str:
    """A value shortened for a message (strings as they are, other values as JSON)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe(text: str) -> str:
    """``text`` with control, format and bidi characters shown as escapes."""
    return _UNSAFE.sub(_escape, text)


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~!])")
_FORMULA_START = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
"""What spreadsheet programs read as the start of a formula (OWASP CSV injection), ASCII and
full-width; tab and CR, also on OWASP's list, never survive :func:`safe`."""


def markdown(text: str) -> str:
    """``text`` as literal Markdown inline text: no markup, links, HTML, mentions or table breaks.

    Meant for text placed mid-line (table cells, after a bullet or a heading's own words), where
    only inline markup can start: emphasis, code, links, images, strikethrough and the table's
    ``|`` are backslash-escaped; ``<``, ``>``, ``&`` and ``@`` become entities (no HTML, no
    @mention pings), as do the ``:`` of ``://`` and the ``.`` of ``www.`` (no bare-URL
    autolinks); control characters are escaped first so a value stays on its line.
    """
    escaped = safe(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("@", "&#64;")
    escaped = escaped.replace("://", "&#58;//").replace("www.", "www&#46;")  # no GFM bare-URL autolinks
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


def csv_cell(text: str) -> str:
    """A CSV cell that no spreadsheet evaluates: a leading formula character gets a ``'`` in front."""
    cleaned = safe(text)
    return "'" + cleaned if cleaned.startswith(_FORMULA_START) else cleaned


def markdown_code_spans(text: str) -> str:
    """Like :func:`markdown`, but our `backticked` values become ``<code>`` spans.

    Messages quote ids in backticks. When the backticks pair up, each quoted part is escaped
    and wrapped in ``<code>``; when a value's own backtick unbalances them, the whole text is
    escaped as plain text. A value with an even number of backticks of its own can make the
    wrong parts look like code, but every part is escaped, so nothing in it can become markup.
    """
    parts = text.split("`")
    if len(parts) % 2 == 0:
        return markdown(text)
    return "".join(
        markdown(part) if index % 2 == 0 else f"<code>{markdown(part)}</code>" for index, part in enumerate(parts)
    )


def workflow_data(text: str) -> str:
    """A GitHub Actions workflow-command message: ``%``, CR and LF escaped, so no value can end
    the command and start another (``::set-output``, ``::add-mask``...)."""
    return safe(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def workflow_property(text: str) -> str:
    """A workflow-command property value (``file=``, ``title=``): also ``:`` and ``,`` escaped."""
    return workflow_data(text).replace(":", "%3A").replace(",", "%2C")


_LOG_COMMAND = re.compile(r"##\w*\[")
"""A CI log command written anywhere in a line: GitHub's legacy ``##[cmd]``, Azure's ``##vso[``."""


def log_text(text: str) -> str:
    """``text`` made :func:`safe` for a line of a CI log, where runners look for commands mid-line.

    GitHub's runner still reads the legacy ``##[add-mask]``, ``##[stop-commands]`` form anywhere
    in a line (and Azure Pipelines ``##vso[``), so a backslash goes before the ``[``.
    """
    return _LOG_COMMAND.sub(lambda match: match.group()[:-1] + "\\[", safe(text))


_XML_FORBIDDEN = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""What :func:`safe` leaves that XML 1.0 cannot hold, not even as a character reference."""


def xml_text(text: str) -> str:
    """``text`` that an XML 1.0 document can hold: :func:`safe`, and lone surrogates and the
    noncharacters U+FFFE and U+FFFF (outside XML's ``Char``) shown as escapes too."""
    return _XML_FORBIDDEN.sub(_escape, safe(text))
