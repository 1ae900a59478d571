"""M-rules: the suppressions themselves. Reported by :mod:`mpptool.engine.policy` after every other rule ran."""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "suppression"

RULES = (
    Rule.define(
        "M001",
        "unused-suppression",
        Severity.WARNING,
        "An `# mpptool: ignore[...]` comment silences nothing.",
        FAMILY,
        reported_by="mpptool.engine.policy",
        rationale="A suppression outlives the problem it hid: once the data is fixed, the comment would silently "
        "hide the next problem of that kind on the line. Remove it, or move it to the line it was meant for. "
        "Only codes the command ran are judged (audit codes are not unused in `validate`).",
    ),
    Rule.define(
        "M002",
        "invalid-suppression",
        Severity.WARNING,
        "A `# mpptool:` comment cannot be read, names an unknown code or a code that cannot be silenced.",
        FAMILY,
        reported_by="mpptool.engine.policy",
        rationale="A suppression with a typo silences nothing while looking as if it did. Findings that stop a file "
        "from being checked at all (F001-F004, Y001, Y002, Y006, Y009, Y011) cannot be silenced: a file "
        "nobody could check is never clean.",
    ),
)
