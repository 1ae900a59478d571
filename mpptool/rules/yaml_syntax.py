"""Y-rules: YAML that is broken, ambiguous or uses features the format forbids.

Reported by `mpptool.loaders.strict_yaml`, which checks them before any data is built.
"""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "yaml"

RULES = (
    Rule.define(
        "Y001",
        "syntax-error",
        Severity.ERROR,
        "The file is not valid YAML.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="Nothing else can be checked until the file parses; the position is where the mistake is (where an "
        "unclosed quote or bracket opened, where a comment is glued to a value), not where the parser gave up.",
    ),
    Rule.define(
        "Y002",
        "bad-encoding",
        Severity.ERROR,
        "The file is not UTF-8 or holds characters YAML forbids.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="Catalogs travel between editors and systems; only UTF-8 reads the same everywhere.",
    ),
    Rule.define(
        "Y004",
        "duplicate-key",
        Severity.ERROR,
        "A mapping has the same key twice.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="YAML parsers silently keep one of the two values (usually the last), so half of what was "
        "written is lost without a word.",
    ),
    Rule.define(
        "Y005",
        "non-string-key",
        Severity.ERROR,
        "A mapping key is a number, boolean, null or collection.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="Keys like `yes:` or `1:` are read as booleans or numbers and then compared as text by other "
        "tools; every key in the format is text.",
    ),
    Rule.define(
        "Y006",
        "alias",
        Severity.ERROR,
        "The file uses YAML aliases (*name).",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="Aliases can expand exponentially (the 'billion laughs' attack) and hide where a value really "
        "is; catalogs write every value out.",
    ),
    Rule.define(
        "Y007",
        "explicit-tag",
        Severity.ERROR,
        "The file uses an explicit YAML tag (!!str, !custom...).",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="Tags change how values are typed or constructed; the format types values itself.",
    ),
    Rule.define(
        "Y008",
        "multiple-documents",
        Severity.ERROR,
        "The file holds more than one YAML document.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="One file describes one MPP; a second document after `---` would be silently ignored by many tools.",
    ),
    Rule.define(
        "Y009",
        "too-deep",
        Severity.ERROR,
        "Nesting is deeper than 32 levels.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="The format nests at most six levels; very deep nesting is a mistake or an attack on parsers.",
    ),
    Rule.define(
        "Y010",
        "ambiguous-scalar",
        Severity.ERROR,
        "An unquoted value that YAML 1.1 and 1.2 read differently (yes/no/on/off, 010, 1_000, 1:30).",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="PyYAML reads `no` as false and `010` as 8; YAML 1.2 tools read them as text and 10. The "
        "format accepts only spellings that every parser reads the same way.",
        fix="yes/no/on/off become true/false where the format wants a boolean, and are quoted where it wants text",
    ),
    Rule.define(
        "Y012",
        "number-split-by-comma",
        Severity.ERROR,
        "A number with a thousands comma inside `{...}` or `[...]`, which YAML splits in two.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="In `{fee: 50,000}` the comma ends the entry: YAML reads a fee of 50 and a stray key `000`. "
        "The pieces are joined back and reported, so the figure is never used as 50.",
    ),
    Rule.define(
        "Y013",
        "too-many-values",
        Severity.ERROR,
        "The file holds more YAML values than one MPP file may (1,000,000 separators).",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="Every value costs time and memory to read; a real MPP file holds about 10,000. A file far past "
        "that is generated or damaged, and reading it would hold up every run: it is refused before parsing.",
    ),
    Rule.define(
        "Y011",
        "not-a-mapping",
        Severity.ERROR,
        "The file is empty or its top level is not a mapping.",
        FAMILY,
        reported_by="mpptool.loaders.strict_yaml",
        rationale="A catalog file is one mapping with `schema_version` and `mpp`.",
    ),
)
