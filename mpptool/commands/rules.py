"""`mpptool rules`: which rules a request names, and the proven examples of the one explained.

Pure: a code, prefix or nothing in, the chosen rules out (:mod:`mpptool.formats.rules.text`
writes them). An unknown code is a usage error naming the nearest known one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from mpptool.engine.config import names_a_rule, unknown_code
from mpptool.errors import UsageError
from mpptool.model import Rule
from mpptool.rules import registry
from mpptool.rules.examples import Example, examples
from mpptool.text.i18n import rule_fixes, rule_rationales, rule_summaries


@dataclass(frozen=True, slots=True)
class RulesResult:
    """The rules to list, or the one rule to explain with its examples."""

    rules: tuple[Rule, ...]
    explained: Rule | None = None
    examples: tuple[Example, ...] = ()
    summaries: Mapping[str, str] = field(default_factory=dict)
    """Each rule's summary in the language asked for (``--lang id``), by code; English is the rule's own."""
    rationales: Mapping[str, str] = field(default_factory=dict)
    """Each rule's rationale in the language asked for, by code; English is the rule's own."""
    fixes: Mapping[str, str] = field(default_factory=dict)
    """What `mpptool fix` does about each fixable rule, in the language asked for; English is the rule's own."""
    lang: str = "en"
    """The language the explanation's and the listing's own words are said in."""


def run_rules(code: str | None, lang: str = "en") -> RulesResult:
    """Every rule (no code, or ``ALL``), one explained (its exact code), or those under a prefix."""
    known = registry()
    summaries = rule_summaries(lang)
    wanted = (code or "").strip().upper()
    if wanted in known:
        explained = known[wanted]
        return RulesResult(
            (explained,),
            explained,
            tuple(examples(wanted)),
            summaries,
            rule_rationales(lang),
            rule_fixes(lang),
            lang,
        )
    if code is not None and not names_a_rule(wanted, known):
        raise UsageError(unknown_code(code, known), "E002")
    every = wanted in ("", "ALL")
    chosen = tuple(rule for rule in known.values() if every or rule.code.startswith(wanted))
    return RulesResult(chosen, summaries=summaries, lang=lang)
