"""The rule registry: every check's code, name, default severity, summary and rationale.

One module per rule family. The registry is built from their ``RULES`` tuples on demand, so
the docs, `mpptool rules`, reports and the engine all read the same metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

from mpptool.loaders.strict_yaml import BLOCKING
from mpptool.model import Rule
from mpptool.rules import (
    activity_log,
    consistency,
    evidence,
    integrity,
    operations,
    reading,
    schema_shape,
    suppressions,
    workbook,
    yaml_syntax,
)

FAMILIES = (
    reading,
    yaml_syntax,
    schema_shape,
    integrity,
    consistency,
    operations,
    suppressions,
    activity_log,
    evidence,
    workbook,
)
AUDIT_FAMILY = operations.FAMILY
ACTIVITY_FAMILIES = frozenset({activity_log.FAMILY, evidence.FAMILY})
"""Rules found only when queue logs are read (``--activity``, ``mpptool activity check``)."""

UNIGNORABLE = frozenset({rule.code for rule in reading.RULES} | {"Y001", "Y002", "Y011"} | BLOCKING)
"""Findings that stop a file from being checked at all: never ignored, silenced or downgraded,
because a file nobody could check must not pass as clean."""


def registry() -> Mapping[str, Rule]:
    """All rules by code, in code order."""
    rules = [rule for family in FAMILIES for rule in family.RULES]
    codes = [rule.code for rule in rules]
    if len(codes) != len(set(codes)):  # pragma: no cover - guarded by a test
        raise RuntimeError("duplicate rule code")
    return MappingProxyType({rule.code: rule for rule in sorted(rules, key=lambda rule: rule.code)})


def validation_rules() -> Mapping[str, Rule]:
    """The rules `validate` runs: everything but the audit and activity families, which judge the MPP, not the file."""
    return MappingProxyType(
        {
            code: rule
            for code, rule in registry().items()
            if rule.family != AUDIT_FAMILY and rule.family not in ACTIVITY_FAMILIES
        }
    )


def audit_rules(activity: bool) -> Mapping[str, Rule]:
    """The rules `audit` runs: all of them with queue logs, else all but the activity families."""
    return MappingProxyType(
        {code: rule for code, rule in registry().items() if activity or rule.family not in ACTIVITY_FAMILIES}
    )
