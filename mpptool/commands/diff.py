"""Diffs in the catalog's own terms: entities matched by id, field by field, each change located.

Two questions, two pure computations:
- across revisions (:func:`diff_versions`): what changed in the same MPPs between two versions
  of the catalog, with the old and new value and the line of each;
- across regions (:func:`compare_mpps`, :func:`presence_matrix`): what one MPP offers that
  another does not, by national service type and agency category.

Inputs are already read (file texts, or parsed data); nothing here touches git or the disk.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mpptool.errors import UsageError
from mpptool.loaders.files import shown
from mpptool.loaders.locate import Locator, join_pointer
from mpptool.loaders.strict_yaml import BLOCKING, parse_yaml
from mpptool.loaders.versions import (
    WORKING_TREE,
    Version,
    load_catalog,
    not_a_mapping,
    revision_versions,
    unreadable,
    working_versions,
)
from mpptool.model import Finding, Severity
from mpptool.text.i18n import join, msg
from mpptool.vocab.access import entries, section, strings, text
from mpptool.vocab.figures import MppFigures

ENTITY_LISTS = (("agencies", "agency"), ("services", "service"), ("counters", "counter"))


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. ``field`` is a dotted path inside the entity, None for a whole entity."""

    op: str
    entity: str
    mpp: str | None
    id: str | None
    field: str | None
    old: Any
    new: Any
    old_file: str | None = None
    old_line: int | None = None
    new_file: str | None = None
    new_line: int | None = None
    old_path: str | None = None
    new_path: str | None = None
    """Paths relative to the repository root (where CI annotations must point)."""

    def sort_key(self) -> tuple[str, int, str, str, str, str]:
        """MPP, then entity kind in catalog order, then id and field."""
        order = ("mpp", "declared", "agency", "service", "counter", "metrics")
        rank = order.index(self.entity) if self.entity in order else len(order)
        return (self.mpp or "", rank, self.id or "", self.field or "", self.op, self.new_file or self.old_file or "")

    def as_json(self) -> dict[str, Any]:
        """The change as the diff JSON contract fixes it, plus where it is in each version."""
        return {
            "op": self.op,
            "entity": self.entity,
            "mpp": self.mpp,
            "id": self.id,
            "field": self.field,
            "old": self.old,
            "new": self.new,
            "old_file": self.old_file,
            "old_line": self.old_line,
            "new_file": self.new_file,
            "new_line": self.new_line,
            "old_path": self.old_path,
            "new_path": self.new_path,
        }


@dataclass(frozen=True, slots=True)
class RevisionDiff:
    """Every change between two versions of a catalog, and the files that could not be read."""

    old_label: str
    new_label: str
    changes: tuple[Change, ...]
    problems: tuple[Finding, ...]
    files_compared: int
    files_unchanged: int

    def count(self, op: str) -> int:
        """How many changes have this ``op``."""
        return sum(1 for change in self.changes if change.op == op)


@dataclass(slots=True)
class _Side:
    display: str
    path: str
    data: dict[str, Any]
    locator: Locator

    def line(self, pointer: str) -> int:
        return self.locator.span(pointer).line


def _load(version: Version, label: str) -> _Side | list[Finding]:
    """Parse one version; a file that cannot be read as an MPP becomes located findings."""
    where = f"{version.display} ({label})"
    if version.text is None:
        return [Finding.said(version.code, Severity.ERROR, version.problem or unreadable(), where, 1, 1)]
    loaded = parse_yaml(version.text)
    blocking = [p for p in loaded.problems if p.code in BLOCKING or p.code in ("Y001", "Y011")]
    if blocking or not isinstance(loaded.data, dict) or loaded.root is None:
        problems = blocking or loaded.problems
        if not problems:
            return [Finding.said("Y011", Severity.ERROR, not_a_mapping(), where, 1, 1)]
        return [
            Finding.said(p.code, Severity.ERROR, p.message, where, p.line, p.column, pointer=p.pointer)
            for p in problems[:20]
        ]
    return _Side(version.display, version.path, loaded.data, Locator(loaded.root))


def _mpp_id(side: _Side) -> str | None:
    return text(section(side.data, "mpp").get("id"))


PARALLEL_MIN_PAIRS = 16
"""Below this many changed files, starting worker processes costs more than it saves."""


def diff_versions(
    old: Sequence[Version],
    new: Sequence[Version],
    old_label: str = "old",
    new_label: str = "new",
    jobs: int | None = None,
) -> RevisionDiff:
    """Compare two versions of a catalog: files paired by path, or by MPP id when moved.

    A file whose text is the same in both versions is not parsed at all; changed files are
    parsed in worker processes when there are many (``jobs``: default one per core).
    """
    old_by_path = {version.path: version for version in old}
    new_by_path = {version.path: version for version in new}
    pairs = []
    unchanged = 0
    for path in sorted(old_by_path.keys() | new_by_path.keys()):
        before, after = old_by_path.get(path), new_by_path.get(path)
        if before is not None and after is not None and (before.text, before.problem) == (after.text, after.problem):
            unchanged += 1  # same text, or unreadable for the same reason: nothing changed
        else:
            pairs.append((before, after, old_label, new_label))
    changes: list[Change] = []
    problems: list[Finding] = []
    orphans_old: list[_Side] = []
    orphans_new: list[_Side] = []
    for pair, outcome in zip(pairs, _run_pairs(pairs, jobs), strict=True):
        pair_changes, pair_problems, orphaned = outcome
        changes.extend(pair_changes)
        problems.extend(pair_problems)
        if orphaned:  # moved, added or removed: needs the other files, so it is matched here
            before, after = pair[0], pair[1]
            a = _load(before, old_label) if before is not None else None
            b = _load(after, new_label) if after is not None else None
            if isinstance(a, _Side):
                orphans_old.append(a)
            if isinstance(b, _Side):
                orphans_new.append(b)
    changes.extend(_match_moved(orphans_old, orphans_new))
    changes.sort(key=Change.sort_key)
    problems.sort(key=Finding.sort_key)
    return RevisionDiff(
        old_label, new_label, tuple(changes), tuple(problems), len(old_by_path.keys() | new_by_path.keys()), unchanged
    )


_Pair = tuple["Version | None", "Version | None", str, str]
_PairOutcome = tuple[list[Change], list[Finding], bool]


def _diff_pair(pair: _Pair) -> _PairOutcome:
    """One path in both versions: its changes and problems, or `orphaned` when not the same MPP."""
    before, after, old_label, new_label = pair
    problems: list[Finding] = []
    sides: list[_Side | None] = []
    for version, label in ((before, old_label), (after, new_label)):
        loaded = _load(version, label) if version is not None else None
        if isinstance(loaded, list):
            problems.extend(loaded)
            loaded = None
        sides.append(loaded)
    a, b = sides
    if a is not None and b is not None and _mpp_id(a) == _mpp_id(b):
        return list(_diff_mpp(a, b)), problems, False
    # a side is matched among the other files when the path exists on one side only, or holds
    # another MPP on the other side; never when the other side could not be read
    orphaned = (a is not None and (after is None or b is not None)) or (
        b is not None and (before is None or a is not None)
    )
    return [], problems, orphaned


def _run_pairs(pairs: Sequence[_Pair], jobs: int | None) -> list[_PairOutcome]:
    workers = (min(os.cpu_count() or 1, 8) if len(pairs) >= PARALLEL_MIN_PAIRS else 1) if jobs is None else jobs
    if workers <= 1 or len(pairs) < 2:
        return [_diff_pair(pair) for pair in pairs]
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    methods = multiprocessing.get_all_start_methods()
    context = multiprocessing.get_context("fork" if "fork" in methods else None)
    chunk = max(1, len(pairs) // (workers * 4))
    with ProcessPoolExecutor(workers, mp_context=context) as pool:
        return list(pool.map(_diff_pair, pairs, chunksize=chunk))


def _match_moved(olds: list[_Side], news: list[_Side]) -> Iterator[Change]:
    """Files added or removed: the same MPP id on both sides is a moved file, else added/removed."""
    new_by_id = {_mpp_id(side): side for side in news}
    matched: set[int] = set()
    for side in olds:
        ident = _mpp_id(side)
        partner = new_by_id.get(ident) if ident is not None else None
        if partner is not None and id(partner) not in matched:
            matched.add(id(partner))
            yield from _diff_mpp(side, partner)
            if side.display != partner.display:
                yield Change("changed", "mpp", ident, ident, "file", side.display, partner.display,
                             side.display, 1, partner.display, 1, side.path, partner.path)  # fmt: skip
        else:
            yield _whole("removed", "mpp", ident, ident, side, "/mpp", old=True)
    for side in news:
        if id(side) not in matched:
            ident = _mpp_id(side)
            yield _whole("added", "mpp", ident, ident, side, "/mpp", old=False)


def _whole(op: str, entity: str, mpp: str | None, ident: str | None, side: _Side, pointer: str, old: bool) -> Change:
    value = _summary(side, entity, pointer)
    line = side.line(pointer)
    if old:
        return Change(op, entity, mpp, ident, None, value, None, side.display, line, None, None, side.path, None)
    return Change(op, entity, mpp, ident, None, None, value, None, None, side.display, line, None, side.path)


def _summary(side: _Side, entity: str, pointer: str) -> Any:
    """A short value for a whole added or removed entity: its name, or the MPP's name."""
    node: Any = side.data
    for token in pointer.strip("/").split("/"):
        node = node.get(token) if isinstance(node, dict) else node[int(token)] if isinstance(node, list) else None
    if isinstance(node, dict):
        return node.get("name") if isinstance(node.get("name"), str) else {k: node[k] for k in sorted(node)[:3]}
    return node


def _diff_mpp(a: _Side, b: _Side) -> Iterator[Change]:
    mpp = _mpp_id(b) or _mpp_id(a)
    # The MPP's own fields and its declared figures carry the MPP's id, as a whole added or
    # removed MPP does, so a consumer can select every change of one MPP by `id` alone.
    for key in sorted((a.data.keys() | b.data.keys()) - {"mpp", "declared", "metrics", *dict(ENTITY_LISTS)}):
        yield from _walk(a, b, "mpp", mpp, mpp, (key,), (key,), (key,), a.data.get(key, _MISSING),
                         b.data.get(key, _MISSING))  # fmt: skip
    for key, entity in (("mpp", "mpp"), ("declared", "declared")):
        yield from _walk(a, b, entity, mpp, mpp, (key,), (key,), (), a.data.get(key, _MISSING),
                         b.data.get(key, _MISSING))  # fmt: skip
    for key, entity in ENTITY_LISTS:
        yield from _diff_list(a, b, key, entity, mpp, _by_id(a.data, key), _by_id(b.data, key))
    yield from _diff_list(a, b, "metrics", "metrics", mpp, _by_period(a.data), _by_period(b.data))


def same(before: Any, after: Any) -> bool:
    """Equal and of the same type all the way down: `2` is not `2.0`, `0` is not `false`."""
    if type(before) is not type(after):
        return False
    if isinstance(before, dict):
        return before.keys() == after.keys() and all(same(before[key], after[key]) for key in before)
    if isinstance(before, list):
        return len(before) == len(after) and all(same(x, y) for x, y in zip(before, after, strict=True))
    return bool(before == after)


class _Missing:
    """A key absent on one side (distinct from an explicit null)."""

    def __repr__(self) -> str:
        return "<missing>"


_MISSING: Any = _Missing()


def _by_id(data: Mapping[str, Any], key: str) -> dict[str, tuple[int, dict[str, Any]]]:
    """Entries by id; an entry without an id is keyed by its position (`#3`)."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, entry in entries(data, key):
        _keep(found, text(entry.get("id")) or f"#{index}", index, entry)
    return found


def _keep(found: dict[str, tuple[int, dict[str, Any]]], ident: str, index: int, entry: Mapping[str, Any]) -> None:
    """A repeated id (an I001 error) is kept apart as `id#2`, `id#3`, so no entry is ever dropped."""
    key, count = ident, 1
    while key in found:
        count += 1
        key = f"{ident}#{count}"
    found[key] = (index, dict(entry))


def _by_period(data: Mapping[str, Any]) -> dict[str, tuple[int, dict[str, Any]]]:
    """Metrics keyed by their period, `from..to`."""
    found: dict[str, tuple[int, dict[str, Any]]] = {}
    for index, entry in entries(data, "metrics"):
        _keep(found, f"{entry.get('from')}..{entry.get('to')}", index, entry)
    return found


def _diff_list(
    a: _Side,
    b: _Side,
    key: str,
    entity: str,
    mpp: str | None,
    old: dict[str, tuple[int, dict[str, Any]]],
    new: dict[str, tuple[int, dict[str, Any]]],
) -> Iterator[Change]:
    """Entries matched by id, so an entry moved within the list is no change."""
    for ident in sorted(old.keys() - new.keys()):
        yield _whole("removed", entity, mpp, ident, a, f"/{key}/{old[ident][0]}", old=True)
    for ident in sorted(new.keys() - old.keys()):
        yield _whole("added", entity, mpp, ident, b, f"/{key}/{new[ident][0]}", old=False)
    for ident in sorted(old.keys() & new.keys()):
        (i, before), (j, after) = old[ident], new[ident]
        yield from _walk(a, b, entity, mpp, ident, (key, i), (key, j), (), before, after)


def _walk(
    a: _Side,
    b: _Side,
    entity: str,
    mpp: str | None,
    ident: str | None,
    old_path: tuple[str | int, ...],
    new_path: tuple[str | int, ...],
    names: tuple[str, ...],
    before: Any,
    after: Any,
) -> Iterator[Change]:
    """Field-by-field changes: mappings are walked key by key, other values compared whole."""
    if same(before, after):
        return
    if isinstance(before, dict) and isinstance(after, dict):
        for key in sorted(before.keys() | after.keys()):
            yield from _walk(a, b, entity, mpp, ident, (*old_path, key), (*new_path, key), (*names, str(key)),
                             before.get(key, _MISSING), after.get(key, _MISSING))  # fmt: skip
        return
    field_name = ".".join(names) or None
    op = "changed"
    if field_name is not None and before is _MISSING:
        op = "added"
    elif field_name is not None and after is _MISSING:
        op = "removed"
    old_line = a.line(join_pointer(old_path[:-1] if before is _MISSING else old_path))
    new_line = b.line(join_pointer(new_path[:-1] if after is _MISSING else new_path))
    yield Change(op, entity, mpp, ident, field_name, None if before is _MISSING else before,
                 None if after is _MISSING else after, a.display, old_line, b.display, new_line, a.path,
                 b.path)  # fmt: skip


# Across regions


@dataclass(frozen=True, slots=True)
class Offer:
    """How one MPP offers one service type: its services, their providers and channels."""

    services: tuple[str, ...]
    providers: tuple[str, ...]
    categories: tuple[str, ...]
    channels: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class SharedType:
    """A service type both MPPs offer, with how each offers it."""

    code: str
    name: str
    a: Offer
    b: Offer

    @property
    def differs(self) -> bool:
        """Provider category or channels differ."""
        return self.a.categories != self.b.categories or self.a.channels != self.b.channels


@dataclass(frozen=True, slots=True)
class RegionComparison:
    """Two different MPPs side by side, by national service type and agency category."""

    a: MppFigures
    b: MppFigures
    only_a: tuple[tuple[str, str, Offer], ...]
    only_b: tuple[tuple[str, str, Offer], ...]
    shared: tuple[SharedType, ...]

    @property
    def differs(self) -> bool:
        """Anything offered by one and not the other, or offered differently."""
        return bool(self.only_a or self.only_b or any(shared.differs for shared in self.shared))


def offers(data: Mapping[str, Any]) -> dict[str, Offer]:
    """Service types an MPP offers, each with its services, providers and channels."""
    categories = {
        ident: text(agency.get("category")) or "?"
        for _, agency in entries(data, "agencies")
        if (ident := text(agency.get("id")))
    }
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for _, service in entries(data, "services"):
        code = text(service.get("type"))
        if code is not None:
            grouped.setdefault(code, []).append(service)
    result = {}
    for code, services in grouped.items():
        providers = sorted({agency for service in services if (agency := text(service.get("agency")))})
        result[code] = Offer(
            tuple(sorted(text(service.get("id")) or "?" for service in services)),
            tuple(providers),
            tuple(sorted({categories.get(provider, "?") for provider in providers})),
            tuple(sorted({channel for service in services for _, channel in strings(service.get("channels"))})),
        )
    return result


def compare_mpps(
    a: MppFigures, a_data: Mapping[str, Any], b: MppFigures, b_data: Mapping[str, Any], names: Mapping[str, str]
) -> RegionComparison:
    """What A offers that B does not, the reverse, and what both offer (and how)."""
    offer_a, offer_b = offers(a_data), offers(b_data)
    only_a = tuple((code, names.get(code, code), offer_a[code]) for code in sorted(offer_a.keys() - offer_b.keys()))
    only_b = tuple((code, names.get(code, code), offer_b[code]) for code in sorted(offer_b.keys() - offer_a.keys()))
    shared = tuple(
        SharedType(code, names.get(code, code), offer_a[code], offer_b[code])
        for code in sorted(offer_a.keys() & offer_b.keys())
    )
    return RegionComparison(a, b, only_a, only_b, shared)


@dataclass(frozen=True, slots=True)
class MatrixRow:
    """One national service type: which operating MPPs offer it, and what share of them."""

    code: str
    name: str
    present: tuple[bool, ...]

    @property
    def share(self) -> float | None:
        """Share of the operating MPPs that offer it; None when there are none (as the report)."""
        return sum(self.present) / len(self.present) if self.present else None


@dataclass(frozen=True, slots=True)
class Matrix:
    """Service type by MPP presence; rows in taxonomy order, columns the operating MPPs by id.

    The same definitions as the report's service-type coverage: an MPP counts when its status
    is `operating`, and it offers a type when one of its services has that `type`, whatever
    the channel. Planned, closed and unknown-status MPPs are listed in ``left_out``.
    """

    mpps: tuple[str, ...]
    rows: tuple[MatrixRow, ...]
    problems: tuple[Finding, ...] = field(default_factory=tuple)
    left_out: tuple[tuple[str, str], ...] = ()
    """(id, status) of the MPPs read but not operating."""

    @property
    def differs(self) -> bool:
        """Some type is offered by some MPPs and not others."""
        return any(0 < sum(row.present) < len(row.present) for row in self.rows)


def presence_matrix(
    mpps: Sequence[tuple[str, str | None, frozenset[str]]],
    taxonomy: Mapping[str, str],
    problems: Sequence[Finding] = (),
) -> Matrix:
    """For every type in the taxonomy (and any other type a catalog uses), which operating MPPs
    offer it. ``mpps``: (id, status, the service types it offers)."""
    ordered = sorted((entry for entry in mpps if entry[1] == "operating"), key=lambda entry: entry[0])
    left_out = tuple(sorted((ident, status or "unknown") for ident, status, _ in mpps if status != "operating"))
    offered = [types for _, _, types in ordered]
    codes = list(taxonomy) + sorted(set().union(*offered) - set(taxonomy)) if offered else list(taxonomy)
    rows = tuple(MatrixRow(code, taxonomy.get(code, code), tuple(code in types for types in offered)) for code in codes)
    return Matrix(tuple(ident for ident, _, _ in ordered), rows, tuple(problems), left_out)


DiffResult = RevisionDiff | RegionComparison | Matrix
"""What `mpptool diff` computes, in one of its three modes; every diff format renders all three."""


# Reading at one edge: the working tree, git revisions, MPP ids, the engine for a matrix


def differs(result: DiffResult) -> bool:
    """Whether `--exit-code` should report a difference."""
    if isinstance(result, RevisionDiff):
        return bool(result.changes or result.problems)  # a file that became unreadable is a difference
    return result.differs


def diff_revisions(spec: str, paths: Sequence[str]) -> RevisionDiff:
    """``REV`` (against the working tree) or ``A..B`` (two revisions) over the files under ``paths``."""
    from mpptool.loaders import git as gitrev

    root = gitrev.repository_root()
    if "..." in spec:
        raise UsageError(
            msg(
                "errors.rev-three-dots",
                "--rev {spec}: A...B (from the merge base) is not supported; write A..B",
                spec=repr(spec),
            ),
            "E006",
        )
    if ".." in spec and not spec.startswith("-"):
        first, second = spec.split("..", 1)
        if not first or not second:
            raise UsageError(
                msg("errors.rev-two", "--rev {spec}: write two revisions, A..B, or one, REV", spec=repr(spec)), "E006"
            )
        old_label, old = revision_versions(first, paths, root)
        new_label, new = revision_versions(second, paths, root)
    else:
        old_label, old = revision_versions(spec, paths, root)
        new_label, new = WORKING_TREE, working_versions(paths, root, missing_ok=True)
    return diff_versions(old, new, old_label, new_label)


def compare_regions(first: str, second: str, catalog: Sequence[str]) -> RegionComparison:
    """Two MPPs, each named by file or by id (looked up under ``catalog``)."""
    from mpptool.loaders.reference import load_regions, load_service_types
    from mpptool.vocab.figures import mpp_figures

    chosen = []
    for given in (first, second):
        if os.path.isfile(given):
            mpps, problems = load_catalog([given])
            if not mpps:
                where = problems[0] if problems else None
                detail = (
                    join(f" ({where.file}:{where.line}:{where.column}: ", where.text or where.message, ")")
                    if where
                    else ""
                )
                raise UsageError(
                    msg(
                        "errors.not-an-mpp", "{path}: cannot be read as an MPP file{detail}", path=given, detail=detail
                    ),
                    "E007",
                )
            chosen.append(mpps[0])
            continue
        if not all(os.path.exists(path) for path in catalog):
            raise UsageError(
                msg(
                    "errors.no-catalog-folder",
                    "{given} is neither a file nor an MPP id: no catalog folder to look it up in",
                    given=repr(given),
                ),
                "E001",
            )
        match = [mpp for mpp in load_catalog(catalog, mentioning=given)[0] if mpp[0] == given]
        if not match:
            known = [mpp[0] for mpp in load_catalog(catalog)[0]]  # parse all only to suggest the nearest ids
            near = difflib.get_close_matches(given, known, n=3)
            hint = (
                msg("errors.did-you-mean", "did you mean {ids}?", ids=", ".join(near))
                if near
                else msg("errors.catalog-count", "the catalog has {count:d} MPPs", count=len(known))
            )
            raise UsageError(
                msg(
                    "errors.not-file-nor-id",
                    "{given} is neither a file nor an MPP id in {catalog}: {hint}",
                    given=repr(given),
                    catalog=", ".join(catalog),
                    hint=hint,
                ),
                "E004",
            )
        if len(match) > 1:
            claimants = ", ".join(display for _, display, _ in match)
            raise UsageError(
                msg(
                    "errors.id-of-many",
                    "{given} is the MPP id of {count:d} files in {catalog}: {claimants}; "
                    "an id must name one MPP: pass the file path of the one to compare instead (and give the others "
                    "their own ids)",
                    given=repr(given),
                    count=len(match),
                    catalog=", ".join(map(shown, catalog)),
                    claimants=claimants,
                ),
                "E004",
            )
        chosen.append(match[0])
    regions = {code: region.name for code, region in load_regions().items()}
    names = {code: entry.name for code, entry in load_service_types().items()}
    (_, file_a, data_a), (_, file_b, data_b) = chosen
    return compare_mpps(
        mpp_figures(file_a, data_a, regions), data_a, mpp_figures(file_b, data_b, regions), data_b, names
    )


def matrix_of(paths: Sequence[str], jobs: int | None = None) -> Matrix:
    """Service type by MPP presence over every MPP under ``paths``.

    Read by the engine the audit uses (worker processes, one parse per file, only each file's
    figures sent back), with no rule run: the types come with the figures.
    """
    import datetime as dt

    from mpptool.engine.catalog import check_catalog
    from mpptool.engine.checker import FileChecker
    from mpptool.loaders.reference import load_service_types
    from mpptool.model import AuditSettings

    checker = FileChecker(rules={}, settings=AuditSettings(dt.date.today()))
    outcomes, _, _ = check_catalog(paths, checker, jobs)
    mpps: list[tuple[str, str | None, frozenset[str]]] = []
    problems: list[Finding] = []
    for outcome in outcomes:
        if outcome.figures is None:
            problems.extend(finding for finding in outcome.findings if finding.severity is Severity.ERROR)
            continue
        figures = outcome.figures
        mpps.append((figures.id or outcome.display, figures.status, figures.details.service_types))
    taxonomy: Mapping[str, str] = {code: entry.name for code, entry in load_service_types().items()}
    return presence_matrix(mpps, taxonomy, problems)


@dataclass(frozen=True, slots=True)
class DiffOptions:
    """Everything `mpptool diff` was asked to do, as plain values."""

    args: tuple[str, ...]
    """Two MPPs (files or ids); with ``rev`` or ``matrix``, catalog paths."""
    rev: str | None = None
    matrix: bool = False
    catalog: str = "catalog"
    exit_code: bool = False
    jobs: int | None = None


@dataclass(frozen=True, slots=True)
class DiffRun:
    """A finished diff, what it read (an output must never replace it) and its exit status."""

    result: DiffResult
    read: tuple[str, ...]
    exit_status: int


def run_diff(options: DiffOptions, default_paths: Callable[[], Sequence[str]]) -> DiffRun:
    """The comparison the options ask for; ``default_paths()`` when no catalog path is given."""
    if options.rev is not None and options.matrix:
        raise UsageError(msg("errors.rev-matrix", "--rev and --matrix do not combine: choose one"), "E002")
    result: DiffResult
    if options.rev is not None or options.matrix:
        paths = list(options.args) or list(default_paths())
        result = diff_revisions(options.rev, paths) if options.rev is not None else matrix_of(paths, options.jobs)
        read = tuple(paths)
    else:
        if len(options.args) != 2:
            raise UsageError(
                msg("errors.diff-two", "give two MPPs (files or ids) to compare, or --rev REV, or --matrix"), "E002"
            )
        result = compare_regions(options.args[0], options.args[1], [options.catalog])
        read = (options.catalog, *options.args, result.a.file, result.b.file)  # ids resolve to files
    return DiffRun(result, read, 1 if options.exit_code and differs(result) else 0)
