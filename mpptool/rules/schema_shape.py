"""S-rules: violations of the catalog JSON Schema. Reported by `mpptool.loaders.schema`."""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "schema"

RULES = (
    Rule.define(
        "S001",
        "missing-key",
        Severity.ERROR,
        "A required key is missing.",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="Without it the MPP, agency, service or counter cannot be identified or checked.",
    ),
    Rule.define(
        "S002",
        "unknown-key",
        Severity.ERROR,
        "A key the format does not define.",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="Usually a typo (`categroy:`) whose value would otherwise be silently ignored.",
    ),
    Rule.define(
        "S003",
        "wrong-type",
        Severity.ERROR,
        "A value of the wrong type (text, number, list...).",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="`region: 32.10` is the number 32.1, not the code 32.10; types are checked as written.",
        fix="quotes a value YAML reads as a number or boolean where the format wants text (a time written "
        '08.00 becomes "08:00"); unsafe: 30.000 becomes 30000 where a whole number is due',
    ),
    Rule.define(
        "S004",
        "value-not-allowed",
        Severity.ERROR,
        "A value outside its fixed list (status, category...).",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="Reports and audits group by these values; an unknown one would fall out of every count.",
        fix="a day written in Indonesian or in full (senin, Monday) becomes its code (mon)",
    ),
    Rule.define(
        "S005",
        "bad-format",
        Severity.ERROR,
        "A value not in the expected form (date, code, time, id).",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="Dates, codes and times are compared and sorted as text; they must be written one way.",
    ),
    Rule.define(
        "S006",
        "out-of-range",
        Severity.ERROR,
        "A number, text or list outside its allowed size.",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="Negative counts, empty names or over-long text are data-entry mistakes.",
    ),
    Rule.define(
        "S007",
        "duplicate-item",
        Severity.ERROR,
        "A list that must not repeat items repeats one.",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="A day or channel listed twice is a copy-paste slip that skews counts.",
    ),
    Rule.define(
        "S099",
        "schema-violation",
        Severity.ERROR,
        "Another violation of the catalog schema.",
        FAMILY,
        reported_by="mpptool.loaders.schema",
        rationale="Catch-all so that no schema violation goes unreported.",
    ),
)
