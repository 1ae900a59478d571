"""The rule registry: every check's code, name, default severity, summary and rationale.

One module per rule family. The registry is built from their ``RULES`` tuples on demand, so
the docs, `mpptool rules`, reports and the engine all read the same metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mpptool.model import Rule
from mpptool.rules import audit, consistency, files, integrity, schema_rules, yaml_rules

FAMILIES = (files, yaml_rules, schema_rules, integrity, consistency, audit)
AUDIT_FAMILY = audit.FAMILY


def registry() -> Mapping[str, Rule]:
    """All rules by code, in code order."""
    rules = [rule for family in FAMILIES for rule in family.RULES]
    codes = [rule.code for rule in rules]
    if len(codes) != len(set(codes)):  # pragma: no cover - guarded by a test
        raise RuntimeError("duplicate rule code")
    return MappingProxyType({rule.code: rule for rule in sorted(rules, key=lambda rule: rule.code)})


def validation_rules() -> Mapping[str, Rule]:
    """The rules `validate` runs: everything but the audit family, which judges the MPP, not the file."""
    return MappingProxyType({code: rule for code, rule in registry().items() if rule.family != AUDIT_FAMILY})
