"""I-rules: every id is unique and every reference resolves.

Per file: ids are unique per list; services, counters and the manager name agencies that
exist; services name counters that exist; service types and MPP Digital services are in the
national taxonomy; the region is in the Kemendagri list. Across the catalog: `mpp.id` and
the region served are unique.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Sequence

from mpptool.model import AuditSettings, FileContext, FileSummary, Issue, Rule, Severity
from mpptool.text.safe import clip
from mpptool.text.words import ordinal
from mpptool.vocab.access import entries, section, strings, text

FAMILY = "integrity"
_LISTS = (("agencies", "agency"), ("services", "service"), ("counters", "counter"))


def duplicate_ids(ctx: FileContext) -> Iterator[Issue]:
    """An id used twice makes every reference to it ambiguous."""
    for key, noun in _LISTS:
        first: dict[str, int] = {}
        for index, entry in entries(ctx.data, key):
            ident = text(entry.get("id"))
            if ident is None:
                continue
            if ident in first:
                yield Issue(
                    f"/{key}/{index}/id",
                    f"{noun} id `{clip(ident)}` is already used by the {ordinal(first[ident] + 1)} {noun}: "
                    f"give each {noun} its own id",
                )
            else:
                first[ident] = index


def _ids(ctx: FileContext, key: str) -> set[str] | None:
    """The ids listed under ``key``; None when an entry's id cannot be read (missing, wrong
    type): a reference to an unknown id may then be to that entry, and the schema reports it."""
    found = set()
    for _, entry in entries(ctx.data, key):
        ident = text(entry.get("id"))
        if ident is None:
            return None
        found.add(ident)
    return found


def unknown_agency(ctx: FileContext) -> Iterator[Issue]:
    """Services, counters and the MPP manager must name agencies listed in the file.

    One finding per unknown id, at its first use, naming the others: a misspelt id used by
    twenty services is one mistake.
    """
    agencies = _ids(ctx, "agencies")
    if agencies is None:
        return
    uses: dict[str, list[tuple[str, str]]] = {}
    manager = text(section(ctx.data, "mpp").get("manager"))
    if manager is not None and manager not in agencies:
        uses.setdefault(manager, []).append(("/mpp/manager", "the manager"))
    for index, service in entries(ctx.data, "services"):
        agency = text(service.get("agency"))
        if agency is not None and agency not in agencies:
            uses.setdefault(agency, []).append((f"/services/{index}/agency", f"service `{_name(service)}`"))
    for index, counter in entries(ctx.data, "counters"):
        for position, agency in strings(counter.get("agencies")):
            if agency not in agencies:
                uses.setdefault(agency, []).append(
                    (f"/counters/{index}/agencies/{position}", f"counter `{_name(counter)}`")
                )
    known_ids = KnownIds(agencies)
    for agency, places in uses.items():
        yield _unknown(places, "agency", agency, known_ids)


def unknown_counter(ctx: FileContext) -> Iterator[Issue]:
    """A service served at a counter that does not exist cannot be reached in person.

    One finding per unknown id, at its first use, naming the other services that use it.
    """
    counters = _ids(ctx, "counters")
    if counters is None:
        return
    uses: dict[str, list[tuple[str, str]]] = {}
    for index, service in entries(ctx.data, "services"):
        for position, counter in strings(service.get("counters")):
            if counter not in counters:
                uses.setdefault(counter, []).append(
                    (f"/services/{index}/counters/{position}", f"service `{_name(service)}`")
                )
    known_ids = KnownIds(counters)
    for counter, places in uses.items():
        yield _unknown(places, "counter", counter, known_ids)


def _unknown(places: list[tuple[str, str]], noun: str, ident: str, known: KnownIds) -> Issue:
    """One finding for every use of an unknown id: at the first, the others counted and named."""
    pointer, who = places[0]
    others = [name for _, name in places[1:]]
    also = ""
    if others:
        named = ", ".join(others[:3]) + (f" and {len(others) - 3:,} more" if len(others) > 3 else "")
        also = f" (so {'does' if len(others) == 1 else 'do'} {named})"
    return Issue(pointer, f"{who} names {noun} `{clip(ident)}`, which is not listed{also}: {known.suggest(ident)}")


_CONFUSABLE = str.maketrans({"l": "1", "i": "1", "o": "0", "s": "5", "-": "", "_": "", " ": "", ".": ""})
_LONGEST_ID = 64
"""The longest id the schema allows: a longer name cannot be a misspelt id, and comparing it
costs time for nothing (a hostile file names thousands of ids of 4,000 characters)."""


class KnownIds:
    """A file's ids of one kind, folded once (case and look-alike characters) for suggestions."""

    def __init__(self, known: set[str]) -> None:
        self.known = known
        self._by_fold: dict[str, list[str]] = {}
        for name in known:
            if len(name) <= _LONGEST_ID:
                self._by_fold.setdefault(_fold(name), []).append(name)
        self._ordered = sorted(known)

    def closest(self, ident: str, limit: int = 3) -> list[str]:
        """The known ids nearest to ``ident``: first those equal once case and look-alike
        characters are folded (`A0l` is `A01`, `Disdukcapil` is `disdukcapil`), then by edit
        distance."""
        if len(ident) > _LONGEST_ID:
            return []
        folded = _fold(ident)
        same = sorted(self._by_fold.get(folded, []))
        close = [
            name
            for match in difflib.get_close_matches(folded, list(self._by_fold), n=limit, cutoff=0.6)
            for name in sorted(self._by_fold[match])
            if name not in same
        ]
        return (same + close)[:limit]

    def suggest(self, ident: str) -> str:
        """`did you mean `A01`? known: A01, A02, ...`: the closest ids first, whatever the case."""
        if not self.known:
            return "the file lists none"
        near = self.closest(ident)
        ordered = near + [name for name in self._ordered[: 8 + len(near)] if name not in near]
        more = f" and {len(self.known) - 8:,} more" if len(self.known) > 8 else ""
        listing = "known: " + ", ".join(clip(name, 40) for name in ordered[:8]) + more
        return f"did you mean `{clip(near[0], 40)}`? {listing}" if near else listing


def _fold(name: str) -> str:
    return name.lower().translate(_CONFUSABLE)


def unknown_service_type(ctx: FileContext) -> Iterator[Issue]:
    """Service types must come from the national taxonomy so MPPs can be compared."""
    known = ctx.reference.service_types
    for index, service in entries(ctx.data, "services"):
        code = text(service.get("type"))
        if code is not None and code not in known:
            yield Issue(
                f"/services/{index}/type",
                f"service type `{clip(code)}` is not in the national taxonomy (`mpptool types` lists it): "
                f"did you mean one of {_near(code, known)}?",
            )
    digital = section(section(ctx.data, "mpp"), "digital")
    for position, code in strings(digital.get("services")):
        if code not in known:
            yield Issue(
                f"/mpp/digital/services/{position}",
                f"MPP Digital service type `{clip(code)}` is not in the national taxonomy",
            )


def unknown_region(ctx: FileContext) -> Iterator[Issue]:
    """The region must be a Kemendagri code (Kepmendagri 300.2.2-2138/2025)."""
    region = text(section(ctx.data, "mpp").get("region"))
    if region is not None and ctx.reference.regions and region not in ctx.reference.regions:
        yield Issue(
            "/mpp/region",
            f'region `{clip(region)}` is not a Kemendagri province or kab/kota code (e.g. "32.09" Kabupaten Cirebon)',
        )


def _name(entry: object) -> str:
    if isinstance(entry, dict):
        return str(entry.get("id") or entry.get("name") or "?")
    return "?"


def _near(code: str, known: frozenset[str]) -> str:
    prefix = code[:3]
    same = sorted(c for c in known if c.startswith(prefix))  # taxonomy codes: short, never catalog text
    return ", ".join(same[:5]) if same else ", ".join(sorted(known)[:3])


def duplicate_mpp_ids(files: Sequence[FileSummary], settings: AuditSettings | None) -> Iterator[tuple[int, Issue]]:
    """Diffs, reports and `--mpp ID` select MPPs by id; two files with one id would be confused."""
    # Every file of a clash gets the same finding, naming the others: which file came first is
    # not known (file names sort any way), so none is blamed, and the finding in a file is the
    # same whether the run covers the whole catalog or only the files a pull request changed.
    by_id: dict[str, list[int]] = {}
    for index, summary in enumerate(files):
        if summary.mpp_id is not None:
            by_id.setdefault(summary.mpp_id, []).append(index)
    for ident, clash in by_id.items():
        for index in clash if len(clash) > 1 else ():
            yield (
                index,
                Issue(
                    "/mpp/id",
                    f"mpp.id `{clip(ident)}` is also used by {_others(files, index, clash, False)}: "
                    "ids must be unique across the catalog; give each MPP its own id",
                ),
            )


def duplicate_regions(files: Sequence[FileSummary], settings: AuditSettings | None) -> Iterator[tuple[int, Issue]]:
    """Each kabupaten/kota runs one MPP (Perpres 89/2021); a second file for a region is usually a \
copy that was not renamed. A replaced MPP should be kept with `status: closed`."""
    # As for ids, every file of a clash gets the same finding, and none is advised to close.
    by_region: dict[str, list[int]] = {}
    for index, summary in enumerate(files):
        if summary.region is not None and summary.status != "closed":
            by_region.setdefault(summary.region, []).append(index)
    for region, clash in by_region.items():
        for index in clash if len(clash) > 1 else ():
            yield (
                index,
                Issue(
                    "/mpp/region",
                    f"region `{clip(region)}` is also served by {_others(files, index, clash, True)}, which is not "
                    "closed: one MPP per region; if one replaced the other, mark the old one `status: closed`",
                ),
            )


def _others(files: Sequence[FileSummary], index: int, clash: Sequence[int], with_id: bool) -> str:
    """The other files of a clash, by name (``with_id``: and their MPP id), at most three."""
    others = [files[other] for other in clash if other != index]
    named = [
        f"{other.display} (`{clip(other.mpp_id)}`)" if with_id and other.mpp_id else other.display
        for other in others[:3]
    ]
    more = f" and {len(others) - 3:,} more" if len(others) > 3 else ""
    return ", ".join(named) + more


RULES = (
    Rule.define(
        "I001",
        "duplicate-id",
        Severity.ERROR,
        "An agency, service or counter id is used twice in a file.",
        FAMILY,
        per_file=duplicate_ids,
    ),
    Rule.define(
        "I002",
        "duplicate-mpp-id",
        Severity.ERROR,
        "Two files use the same `mpp.id`.",
        FAMILY,
        across_files=duplicate_mpp_ids,
    ),
    Rule.define(
        "I003",
        "duplicate-region",
        Severity.ERROR,
        "Two MPPs that are not closed serve the same region.",
        FAMILY,
        across_files=duplicate_regions,
    ),
    Rule.define(
        "I004",
        "unknown-agency",
        Severity.ERROR,
        "A service, counter or the manager names an agency not in the file.",
        FAMILY,
        per_file=unknown_agency,
    ),
    Rule.define(
        "I005",
        "unknown-counter",
        Severity.ERROR,
        "A service names a counter not in the file.",
        FAMILY,
        per_file=unknown_counter,
    ),
    Rule.define(
        "I006",
        "unknown-service-type",
        Severity.ERROR,
        "A service type is not in the national taxonomy.",
        FAMILY,
        per_file=unknown_service_type,
    ),
    Rule.define(
        "I007",
        "unknown-region",
        Severity.ERROR,
        "The region is not a Kemendagri code.",
        FAMILY,
        per_file=unknown_region,
    ),
)
