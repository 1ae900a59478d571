"""The README is the manual: it must list every rule as the registry defines it."""

from __future__ import annotations

import re
from pathlib import Path

from mpptool.rules import registry

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_rule_table_matches_the_registry() -> None:
    rows = re.findall(
        r"^\| ([A-Z]\d{3}) \| ([a-z-]+) \| (error|warning|info) \|", README.read_text(encoding="utf-8"), re.M
    )
    documented = {code: (name, severity) for code, name, severity in rows}
    expected = {code: (rule.name, rule.severity.value) for code, rule in registry().items()}
    assert documented == expected


def test_every_rule_has_summary_and_rationale() -> None:
    for rule in registry().values():
        assert rule.summary.endswith("."), rule.code
        assert len(rule.rationale) > 20, rule.code
        assert re.fullmatch(r"[FYSICAMLVX]\d{3}", rule.code)
