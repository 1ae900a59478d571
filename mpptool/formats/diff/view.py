"""What a diff report says, before it is formatted: shared wording for text and Markdown.

Every word is said in the language asked for (``lang``); ids, catalog text and the catalog's
own tokens (categories, channels, field paths) stay as written. Counts the English wrote bare
(``1234 added``) keep ``:d`` in the English template; the Indonesian writes them with its own
thousands separator (``1.234 ditambahkan``).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any, TypeVar

from mpptool.commands.diff import (
    Change,
    DiffResult,
    Matrix,
    MatrixRow,
    Offer,
    RegionComparison,
    RevisionDiff,
)
from mpptool.formats.shared import files, rate, staff
from mpptool.loaders.versions import WORKING_TREE
from mpptool.model import Finding
from mpptool.text.i18n import Text, join, localise, msg
from mpptool.text.safe import clip

T = TypeVar("T")

MATRIX_COLUMNS = 12
"""Beyond this many MPPs a matrix is shown as shares and gaps, not one column per MPP."""


def value(item: Any) -> str:
    """A value as written in the catalog, shortened: strings bare, the rest as JSON."""
    if item is None:
        return "-"
    return clip(item if isinstance(item, str) else json.dumps(item, ensure_ascii=False, sort_keys=True), 80)


_KIND = {
    str: msg("diff.kind-text", "text"),
    bool: msg("diff.kind-boolean", "boolean"),
    int: msg("diff.kind-number", "number"),
    float: msg("diff.kind-number", "number"),
    list: msg("diff.kind-list", "list"),
    dict: msg("diff.kind-mapping", "mapping"),
}


def values(change: Change, lang: str = "en") -> tuple[str, str]:
    """Old and new value as written; when they read the same but differ in type (`"32.05"` text
    and `32.05` a number), each is shown with its type, so a change never reads `32.05 -> 32.05`."""
    old, new = value(change.old), value(change.new)
    if old == new and change.old is not None and change.new is not None:
        return _typed(change.old, lang), _typed(change.new, lang)
    return old, new


def _typed(item: Any, lang: str) -> str:
    shown = clip(json.dumps(item, ensure_ascii=False, sort_keys=True), 80)
    kind = _KIND.get(type(item), type(item).__name__)
    return msg("diff.typed", "{value} ({kind})", value=shown, kind=kind).render(lang)


OPS = {
    "added": msg("diff.added", "added"),
    "removed": msg("diff.removed", "removed"),
    "changed": msg("diff.changed", "changed"),
}
"""The op tokens of the JSON, as words of a report."""

_ENTITIES = {
    "mpp": msg("diff.entity-mpp", "mpp"),
    "declared": msg("diff.entity-declared", "declared"),
    "agency": msg("diff.entity-agency", "agency"),
    "service": msg("diff.entity-service", "service"),
    "counter": msg("diff.entity-counter", "counter"),
    "metrics": msg("diff.entity-metrics", "metrics"),
}


def op(change: Change, lang: str = "en") -> str:
    """`added`, `removed`, `changed` as a word in ``lang``."""
    word = OPS.get(change.op)
    return word.render(lang) if word else change.op


def entity(change: Change, lang: str = "en") -> str:
    """The kind of entity changed (`agency`, `counter`, `metrics`...) as a word in ``lang``."""
    word = _ENTITIES.get(change.entity)
    return word.render(lang) if word else change.entity


def subject(change: Change, lang: str = "en") -> str:
    """`agency disdukcapil`, `mpp kab-cirebon name`, `metrics 2023-08-01..2024-02-29 visitors`."""
    parts = [entity(change, lang)]
    if change.id is not None and change.entity not in ("mpp", "declared"):
        parts.append(change.id)
    if change.field is not None:
        parts.append(change.field)
    return " ".join(parts)


def title(change: Change, lang: str = "en") -> str:
    """`mpptool diff: changed counter C01 staff.assigned`: a GitHub annotation's title."""
    return msg("diff.title", "mpptool diff: {op} {subject}", op=op(change, lang), subject=subject(change, lang)).render(
        lang
    )


def where(change: Change) -> str:
    """`file:line` in the new version, or in the old one for a removal."""
    if change.op == "removed" or change.new_file is None:
        return f"{change.old_file}:{change.old_line}"
    return f"{change.new_file}:{change.new_line}"


def no_mpp_id(lang: str = "en") -> str:
    """What stands for the MPP of changes in a file without an `mpp.id`."""
    return msg("diff.no-mpp-id", "(no mpp.id)").render(lang)


def _label(label: str) -> Text | str:
    """A version's label: a git revision as written; the working tree in words."""
    return msg("diff.working-tree", "the working tree") if label == WORKING_TREE else label


def revision_summary(diff: RevisionDiff, lang: str = "en") -> str:
    """`3 added, 1 removed, 5 changed between HEAD and the working tree (12 files, 9 unchanged)`."""
    text = msg(
        "diff.revision-summary",
        "{added:d} added, {removed:d} removed, {changed:d} changed between {old} and {new} "
        "({files}, {unchanged:d} unchanged)",
        added=diff.count("added"),
        removed=diff.count("removed"),
        changed=diff.count("changed"),
        old=_label(diff.old_label),
        new=_label(diff.new_label),
        files=files(diff.files_compared),
        unchanged=diff.files_unchanged,
    )
    problems = len(diff.problems)
    if problems:
        text += (
            msg("diff.file-problem", "; {count} file problem", count=problems)
            if problems == 1
            else msg("diff.file-problems", "; {count} file problems", count=problems)
        )
    return text.render(lang)


def problem_line(finding: Finding, lang: str = "en") -> str:
    """`  problem catalog/x.yaml (HEAD):3:1: Y001 ...`: a file that could not be read, in text."""
    return msg(
        "diff.problem",
        "  problem {where}: {code} {message}",
        where=f"{finding.file}{finding.place()}",
        code=finding.code,
        message=finding.say(lang),
    ).render(lang)


def offer_text(offer: Offer, lang: str = "en") -> str:
    """`disdukcapil (opd_local); counter, online`."""
    providers = ", ".join(f"{provider}" for provider in offer.providers) or "?"
    channels = ", ".join(offer.channels) or msg("diff.no-channel", "no channel")
    return msg(
        "diff.offer",
        "{providers} ({categories}); {channels}",
        providers=providers,
        categories=", ".join(offer.categories),
        channels=channels,
    ).render(lang)


def _count(number: int, lang: str) -> str:
    """A count as the side-by-side table wrote it: bare in English, `1.234` in Indonesian."""
    return str(number) if lang == "en" else localise(f"{number:,}", lang)


def headline_rows(comparison: RegionComparison, lang: str = "en") -> list[tuple[str, str, str]]:
    """Figures side by side: (label, A, B)."""
    a, b = comparison.a, comparison.b

    def row(label: Text, left: str, right: str) -> tuple[str, str, str]:
        return label.render(lang), left, right

    def counts(label: Text, left: int, right: int) -> tuple[str, str, str]:
        return row(label, _count(left, lang), _count(right, lang))

    rows = [
        row(msg("diff.mpp", "MPP"), a.id, b.id),
        row(msg("diff.name", "Name"), a.name, b.name),
        row(msg("diff.region", "Region"), a.region, b.region),
    ]
    for name, number in a.agencies:
        other = dict(b.agencies)[name]
        rows.append(counts(msg("diff.agencies-category", "Agencies {category}", category=name), number, other))
    rows += [
        counts(msg("diff.agencies-total", "Agencies total"), a.agencies_total, b.agencies_total),
        counts(msg("diff.services", "Services"), a.services, b.services),
        counts(
            msg("diff.service-types-row", "Service types"),
            len(comparison.shared) + len(comparison.only_a),
            len(comparison.shared) + len(comparison.only_b),
        ),
        counts(msg("diff.counters", "Counters"), a.counters, b.counters),
        counts(msg("diff.counters-empty", "Counters empty"), a.counters_empty, b.counters_empty),
        counts(msg("diff.counters-part-time", "Counters part-time"), a.counters_part_time, b.counters_part_time),
        row(msg("diff.staff", "Staff posted/planned"), localise(staff(a), lang), localise(staff(b), lang)),
        row(
            msg("diff.visitors-per-day", "Visitors per day"),
            localise(rate(a.visitors_per_day), lang),
            localise(rate(b.visitors_per_day), lang),
        ),
        row(msg("diff.digital", "MPP Digital"), _digital(a.digital_enabled, lang), _digital(b.digital_enabled, lang)),
    ]
    return rows


def _digital(enabled: bool | None, lang: str) -> str:
    if enabled:
        return msg("diff.enabled", "enabled").render(lang)
    if enabled is False:
        return msg("diff.not-enabled", "not enabled").render(lang)
    return msg("diff.not-recorded", "not recorded").render(lang)


_STATUS = {
    "planned": msg("diff.status-planned", "planned"),
    "closed": msg("diff.status-closed", "closed"),
    "unknown": msg("diff.status-unknown", "unknown"),
}


def matrix_summary(matrix: Matrix, lang: str = "en") -> str:
    """`78 service types over 3 operating MPPs: 12 offered by all, 40 by none; left out: ...`."""
    everywhere = sum(1 for row in matrix.rows if row.present and all(row.present))
    nowhere = sum(1 for row in matrix.rows if not any(row.present))
    types, mpps = len(matrix.rows), len(matrix.mpps)
    text = msg(
        "diff.matrix-summary",
        "{types} over {mpps}: {everywhere} offered by all, {nowhere} by none",
        types=msg("diff.service-type", "{count} service type", count=types)
        if types == 1
        else msg("diff.service-types", "{count} service types", count=types),
        mpps=msg("diff.operating-mpp", "{count} operating MPP", count=mpps)
        if mpps == 1
        else msg("diff.operating-mpps", "{count} operating MPPs", count=mpps),
        everywhere=everywhere,
        nowhere=nowhere,
    )
    if matrix.left_out:
        shown: list[Text | str] = []
        for number, (ident, status) in enumerate(matrix.left_out[:LISTED]):
            shown += [", "] if number else []
            shown += [ident, " (", _STATUS.get(status, status), ")"]
        text += msg(
            "diff.left-out",
            "; not operating, so left out as in the report: {shown}{more}",
            shown=join(*shown),
            more=_more(len(matrix.left_out)),
        )
    return text.render(lang)


def _more(count: int) -> Text | str:
    """` and 3 more` past :data:`LISTED` ids; nothing below."""
    return msg("diff.more", " and {count} more", count=count - LISTED) if count > LISTED else ""


LISTED = 12
"""MPP ids listed in one cell of a text or Markdown matrix; JSON lists them all."""


def share(row: MatrixRow) -> str:
    """`58%`, or a dash when no MPP operates."""
    return "-" if row.share is None else f"{100 * row.share:.0f}%"


def who(matrix: Matrix, row: MatrixRow, lang: str = "en") -> str:
    """The shorter of the two lists: `not at a, b` or `only at x`, at most :data:`LISTED` ids."""
    missing = [ident for ident, here in zip(matrix.mpps, row.present, strict=True) if not here]
    offering = [ident for ident, here in zip(matrix.mpps, row.present, strict=True) if here]
    if not missing or not offering:
        return ""
    if len(missing) <= len(offering):
        said = msg("diff.not-at", "not at {ids}{more}", ids=", ".join(missing[:LISTED]), more=_more(len(missing)))
    else:
        said = msg("diff.only-at", "only at {ids}{more}", ids=", ".join(offering[:LISTED]), more=_more(len(offering)))
    return said.render(lang)


def by_kind(
    result: DiffResult,
    revisions: Callable[[RevisionDiff], T],
    regions: Callable[[RegionComparison], T],
    matrix: Callable[[Matrix], T],
) -> T:
    """Call the function for this kind of diff: every format handles all three."""
    if isinstance(result, RevisionDiff):
        return revisions(result)
    if isinstance(result, RegionComparison):
        return regions(result)
    return matrix(result)
