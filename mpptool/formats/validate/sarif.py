"""SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run; the driver lists every rule of the registry, in code order, so ``ruleIndex`` is stable
whatever a run finds. Files are URIs relative to ``%SRCROOT%`` (the repository root, via
``ValidationResult.path``); nothing in the log depends on where or when it was written, so the
same catalog always gives the same bytes. Findings silenced inline are kept, marked with an
``inSource`` suppression, so code scanning shows them as suppressed rather than fixed.

Fingerprints (``partialFingerprints["mpptool/v1"]``) let code scanning follow an alert from
one commit to the next. They hash what identifies the problem, not where it happens to be:
the rule code, the file's relative path, the JSON Pointer of the value and the MPP id. Not the
line or column (an edit above the value moves it), and not the message (it quotes values and
counts that change as the data is edited, and its wording may improve between versions).
Findings that share all four (several aliases in one file, or file-level findings with an
empty pointer) are told apart by an ordinal, ``<sha256>:<n>``, counted in position order over
active and suppressed findings together, so silencing one does not renumber the others.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from mpptool import __version__
from mpptool.commands.validate import ValidationResult
from mpptool.formats.shared import PLAIN, Style, json_text
from mpptool.model import Finding, Rule, Severity
from mpptool.text.i18n import rule_rationales, rule_summaries
from mpptool.text.safe import safe

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://github.com/mpptool/mpptool"
FINGERPRINT_KEY = "mpptool/v1"
"""Bump the version when what goes into the hash changes: alerts are then matched afresh."""
SOURCE_ROOT = "%SRCROOT%"

_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}


def artifact_location(path: str) -> dict[str, str]:
    """A file as a SARIF artifact location: a percent-encoded URI reference relative to the root.

    ``quote`` leaves only ``/`` unencoded, so a ``:`` in the first segment cannot be read as a
    URI scheme. A path still absolute (no root given) becomes a ``file://`` URI without a base.
    """
    pure = PurePath(path)
    if pure.is_absolute():
        posix = pure.as_posix()
        return {
            "uri": "file://" + quote(posix if posix.startswith("/") else "/" + posix, safe="/:", errors="surrogatepass")
        }
    return {"uri": quote(path, safe="/", errors="surrogatepass"), "uriBaseId": SOURCE_ROOT}


def fingerprints(findings: Sequence[Finding], result: ValidationResult) -> list[str]:
    """The ``mpptool/v1`` fingerprint of each of ``findings`` (given in position order)."""
    seen: Counter[str] = Counter()
    prints = []
    for finding in findings:
        identity = [finding.code, result.path(finding.file), finding.pointer, finding.mpp or ""]
        digest = hashlib.sha256(json.dumps(identity, ensure_ascii=True).encode("ascii")).hexdigest()
        seen[digest] += 1
        prints.append(f"{digest}:{seen[digest]}")
    return prints


def _rule(rule: Rule, lang: str) -> dict[str, Any]:
    summary = rule_summaries(lang).get(rule.code, rule.summary)
    rationale = rule_rationales(lang).get(rule.code, rule.rationale) or summary  # one line a paragraph
    return {
        "id": rule.code,
        "name": rule.name,
        "shortDescription": {"text": summary},
        "fullDescription": {"text": rationale},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "help": {"text": f"{rule.code} {rule.name}: {summary}\n\n{rationale}"},
        "properties": {"family": rule.family, "tags": ["mpptool", rule.family]},
    }


def _region(finding: Finding) -> dict[str, int]:
    region = {"startLine": finding.line, "startColumn": finding.column}
    if finding.end_line is not None:
        region["endLine"] = finding.end_line
    if finding.end_column is not None:
        region["endColumn"] = finding.end_column
    return region


def _result(
    finding: Finding,
    fingerprint: str,
    suppressed: bool,
    result: ValidationResult,
    indexes: Mapping[str, int],
    artifacts: Mapping[str, int],
    lang: str,
) -> dict[str, Any]:
    path = result.path(finding.file)
    location: dict[str, Any] = dict(artifact_location(path))
    if path in artifacts:
        location["index"] = artifacts[path]
    data: dict[str, Any] = {
        "ruleId": finding.code,
        "level": _LEVEL[finding.severity],
        "message": {"text": safe(finding.say(lang))},  # read by people in a web UI: no bidi or control tricks
        "locations": [{"physicalLocation": {"artifactLocation": location, "region": _region(finding)}}],
        "partialFingerprints": {FINGERPRINT_KEY: fingerprint},
    }
    if finding.code in indexes:
        data["ruleIndex"] = indexes[finding.code]
    pairs = (("pointer", finding.pointer), ("mpp", finding.mpp), ("cell", finding.cell))
    properties = {key: value for key, value in pairs if value}
    if properties:
        data["properties"] = properties
    if suppressed:
        data["suppressions"] = [{"kind": "inSource"}]
    return data


def as_data(result: ValidationResult, rules: Mapping[str, Rule] | None = None, lang: str = "en") -> dict[str, Any]:
    """The SARIF log as data; ``rules`` defaults to the registry; messages and short descriptions in ``lang``."""
    if rules is None:
        from mpptool.rules import registry

        rules = registry()
    ordered = sorted(rules.values(), key=lambda rule: rule.code)
    indexes = {rule.code: index for index, rule in enumerate(ordered)}
    paths = sorted({result.path(file) for file in _files(result)})
    artifacts = {path: index for index, path in enumerate(paths)}
    tagged = sorted(
        [(finding, False) for finding in result.findings] + [(finding, True) for finding in result.suppressed],
        key=lambda pair: (pair[0].sort_key(), pair[1]),
    )
    prints = fingerprints([finding for finding, _ in tagged], result)
    results = [
        _result(finding, fingerprint, suppressed, result, indexes, artifacts, lang)
        for (finding, suppressed), fingerprint in zip(tagged, prints, strict=True)
    ]
    driver = {
        "name": "mpptool",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": INFORMATION_URI,
        "rules": [_rule(rule, lang) for rule in ordered],
    }
    run = {
        "tool": {"driver": driver},
        "columnKind": "unicodeCodePoints",
        "artifacts": [{"location": artifact_location(path)} for path in paths],
        "results": results,
    }
    return {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}


def _files(result: ValidationResult) -> Iterable[str]:
    yield from result.files
    for finding in (*result.findings, *result.suppressed):
        yield finding.file


def render(result: ValidationResult, style: Style = PLAIN) -> str:
    """ASCII-only SARIF JSON, keys sorted, two-space indent, ending in a newline."""
    return json_text(as_data(result, lang=style.lang))
