"""Make catalog strings safe to print: no terminal escapes, no bidi tricks, one line.

Every string that can come from a catalog file (values, keys, file names) passes through
:func:`safe` before it reaches a terminal or a CI log.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache

_ASCII_CONTROL = re.compile("[\x00-\x1f\x7f]")
_NOT_PRINTABLE_ASCII = re.compile("[^\x20-\x7e]")

_HIDDEN_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp", "Zs"})
"""Controls, format characters (bidi overrides, zero-width joiners, U+061C, U+2060...),
surrogates, private use, unassigned code points, line and paragraph separators, and every
space but the ordinary one: none can be told apart on screen, and several reorder or hide text."""
_HIDDEN_LETTERS = frozenset("\u115f\u1160\u3164\uffa0\u2800\u17b4\u17b5")
"""Letters and symbols that render as nothing (Hangul fillers, the blank braille pattern,
Khmer inherent vowels), used to make names look alike."""


@lru_cache(maxsize=4096)
def _hidden(char: str) -> bool:
    return char != " " and (unicodedata.category(char) in _HIDDEN_CATEGORIES or char in _HIDDEN_LETTERS)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _escape_hidden(match: re.Match[str]) -> str:
    return _escape(match) if _hidden(match.group()) else match.group()


def clip(value: object, limit: int = 60) -> str:
    """A value shortened for a message (strings as they are, other values as JSON)."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def safe(text: str) -> str:
    """``text`` with every character that cannot be seen for what it is shown as an escape:
    controls, the whole Unicode format category (bidi overrides, zero-width characters), line
    separators, spaces other than the ordinary one, private-use and unassigned code points."""
    if text.isascii():
        return _ASCII_CONTROL.sub(_escape, text)  # the common case: one C-level scan
    return _NOT_PRINTABLE_ASCII.sub(_escape_hidden, text)


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
    escaped = _REFERENCE.sub(_break_reference, escaped)  # no issue, pull request or commit links
    return _MARKDOWN_SPECIAL.sub(r"\\\1", escaped)


_REFERENCE = re.compile(
    r"(?<![\w&])(?:#|GH-)(?=[0-9])|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*[0-9])[0-9a-f]{3}(?=[0-9a-f]{4,37}\b)",
    re.IGNORECASE,
)
"""What GitHub turns into a link in a comment: `#12`, `GH-12` (issues and pull requests) and
words of 7 to 40 hexadecimal characters with a letter and a digit (commit SHAs)."""


def _break_reference(match: re.Match[str]) -> str:
    """A zero-width space (as an entity, so the Markdown source shows it) breaks the pattern."""
    return match.group() + "&#8203;"


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


class Medium:
    """Where an output goes, for :func:`guard_lines`: each writes an escape its readers undo."""

    TEXT = "text"
    JSON = "json"
    XML = "xml"
    HTML = "html"
    MARKDOWN = "markdown"
    CSV = "csv"
    WORKFLOW = "workflow"
    """GitHub workflow commands: its own lines start with `::` on purpose; each value in them
    is already escaped (:func:`workflow_data`), so only its other lines are guarded."""


_COMMAND_LINE = re.compile(r"^(\s*):(?=:)", re.MULTILINE)
_COMMAND_ESCAPE = {
    Medium.TEXT: "\\x3a",
    Medium.JSON: "\\u003a",  # never needed (JSON lines start with indentation and a quote or brace)
    Medium.XML: "&#58;",
    Medium.HTML: "&#58;",
    Medium.MARKDOWN: "\\:",
    Medium.CSV: "'",
}
_LEGACY_ESCAPE = {
    Medium.TEXT: "\\[",
    Medium.JSON: "\\u005b",
    Medium.XML: "&#91;",
    Medium.HTML: "&#91;",
    Medium.MARKDOWN: "\\[",
    Medium.CSV: "\\[",
}


def guard_lines(text: str, medium: str) -> str:
    """``text`` with no line a CI runner reads as a command: the single place every output passes.

    GitHub's runner takes a line whose first non-blank characters are `::` as a workflow command
    (`::add-mask::`, `::stop-commands::`, `::error`), and the legacy `##[command]` (and Azure's
    `##vso[`) anywhere in a line. Whatever a format did with a catalog string, such a line gets
    an escape its own readers undo: `\\x3a` in text, `\\u005b` inside a JSON string (the same
    string once parsed), `&#58;` in XML and HTML, `\\:` in Markdown, a leading `'` in CSV. In
    the workflow-command format its own command lines are left alone.
    """
    legacy = _LEGACY_ESCAPE.get(medium, "\\[")
    text = _LOG_COMMAND.sub(lambda match: match.group()[:-1] + legacy, text)
    if medium == Medium.WORKFLOW:
        return "".join(
            line if line.startswith("::") and not line[2:3].isspace() else _COMMAND_LINE.sub(r"\1\\x3a", line)
            for line in text.splitlines(keepends=True)
        )
    escape = _COMMAND_ESCAPE[medium]
    if medium == Medium.CSV:
        return _COMMAND_LINE.sub(lambda match: match.group(1) + "':", text)
    return _COMMAND_LINE.sub(lambda match: match.group(1) + escape, text)


_XML_FORBIDDEN = re.compile("[\ud800-\udfff\ufffe\uffff]")
"""What :func:`safe` leaves that XML 1.0 cannot hold, not even as a character reference."""


def xml_text(text: str) -> str:
    """``text`` that an XML 1.0 document can hold: :func:`safe`, and lone surrogates and the
    noncharacters U+FFFE and U+FFFF (outside XML's ``Char``) shown as escapes too."""
    return _XML_FORBIDDEN.sub(_escape, safe(text))
