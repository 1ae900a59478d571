"""S-rules: violations of the catalog JSON Schema. Reported by `mpptool.loaders.schema`."""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "schema"

RULES = (
    Rule(
        "S001",
        "missing-key",
        Severity.ERROR,
        "A required key is missing.",
        "Without it the MPP, agency, service or counter cannot be identified or checked.",
        FAMILY,
    ),
    Rule(
        "S002",
        "unknown-key",
        Severity.ERROR,
        "A key the format does not define.",
        "Usually a typo (`categroy:`) whose value would otherwise be silently ignored.",
        FAMILY,
    ),
    Rule(
        "S003",
        "wrong-type",
        Severity.ERROR,
        "A value of the wrong type (text, number, list...).",
        "`region: 32.10` is the number 32.1, not the code 32.10; types are checked as written.",
        FAMILY,
    ),
    Rule(
        "S004",
        "value-not-allowed",
        Severity.ERROR,
        "A value outside its fixed list (status, category...).",
        "Reports and audits group by these values; an unknown one would fall out of every count.",
        FAMILY,
    ),
    Rule(
        "S005",
        "bad-format",
        Severity.ERROR,
        "A value not in the expected form (date, code, time, id).",
        "Dates, codes and times are compared and sorted as text; they must be written one way.",
        FAMILY,
    ),
    Rule(
        "S006",
        "out-of-range",
        Severity.ERROR,
        "A number, text or list outside its allowed size.",
        "Negative counts, empty names or over-long text are data-entry mistakes.",
        FAMILY,
    ),
    Rule(
        "S007",
        "duplicate-item",
        Severity.ERROR,
        "A list that must not repeat items repeats one.",
        "A day or channel listed twice is a copy-paste slip that skews counts.",
        FAMILY,
    ),
    Rule(
        "S099",
        "schema-violation",
        Severity.ERROR,
        "Another violation of the catalog schema.",
        "Catch-all so that no schema violation goes unreported.",
        FAMILY,
    ),
)
