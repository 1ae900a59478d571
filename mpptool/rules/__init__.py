"""The rule registry: every check's code, name, default severity, summary and rationale.

One module per rule family. The registry is built from their ``RULES`` tuples on demand, so
the docs, `mpptool rules`, reports and the engine all read the same metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mpptool.model import Rule
from mpptool.rules import consistency, files, integrity, schema_rules, yaml_rules

FAMILIES = (files, yaml_rules, schema_rules, integrity, consistency)


def registry() -> Mapping[str, Rule]:
    """All rules by code, in code order."""
    rules = [rule for family in FAMILIES for rule in family.RULES]
    codes = [rule.code for rule in rules]
    if len(codes) != len(set(codes)):  # pragma: no cover - guarded by a test
        raise RuntimeError("duplicate rule code")
    return MappingProxyType({rule.code: rule for rule in sorted(rules, key=lambda rule: rule.code)})
