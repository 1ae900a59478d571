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
from mpptool.text.i18n import Text, join, listed, msg
from mpptool.text.safe import clip
from mpptool.text.words import nth
from mpptool.vocab.access import entries, section, strings, text

FAMILY = "integrity"
_LISTS = ("agencies", "services", "counters")


def duplicate_ids(ctx: FileContext) -> Iterator[Issue]:
    """An id used twice makes every reference to it ambiguous."""
    for key in _LISTS:
        first: dict[str, int] = {}
        for index, entry in entries(ctx.data, key):
            ident = text(entry.get("id"))
            if ident is None:
                continue
            if ident in first:
                yield Issue(f"/{key}/{index}/id", _duplicate(key, clip(ident), nth(first[ident] + 1)))
            else:
                first[ident] = index


def _duplicate(key: str, ident: str, earlier: Text) -> Text:
    if key == "agencies":
        return msg(
            "I001.agency",
            "agency id `{id}` is already used by the {nth} agency: give each agency its own id",
            id=ident,
            nth=earlier,
        )
    if key == "services":
        return msg(
            "I001.service",
            "service id `{id}` is already used by the {nth} service: give each service its own id",
            id=ident,
            nth=earlier,
        )
    return msg(
        "I001.counter",
        "counter id `{id}` is already used by the {nth} counter: give each counter its own id",
        id=ident,
        nth=earlier,
    )


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
    uses: dict[str, list[tuple[str, Text]]] = {}
    manager = text(section(ctx.data, "mpp").get("manager"))
    if manager is not None and manager not in agencies:
        uses.setdefault(manager, []).append(("/mpp/manager", msg("ids.manager", "the manager")))
    for index, service in entries(ctx.data, "services"):
        agency = text(service.get("agency"))
        if agency is not None and agency not in agencies:
            uses.setdefault(agency, []).append((f"/services/{index}/agency", _service(service)))
    for index, counter in entries(ctx.data, "counters"):
        for position, agency in strings(counter.get("agencies")):
            if agency not in agencies:
                uses.setdefault(agency, []).append(
                    (
                        f"/counters/{index}/agencies/{position}",
                        msg("ids.counter", "counter `{id}`", id=_name(counter)),
                    )
                )
    known_ids = KnownIds(agencies)
    for agency, places in uses.items():
        who, also = _uses(places)
        yield Issue(
            places[0][0],
            msg(
                "I004.unknown",
                "{who} names agency `{id}`, which is not listed{also}: {suggestion}",
                who=who,
                id=clip(agency),
                also=also,
                suggestion=known_ids.suggest(agency),
            ),
        )


def _service(service: object) -> Text:
    return msg("ids.service", "service `{id}`", id=_name(service))


def unknown_counter(ctx: FileContext) -> Iterator[Issue]:
    """A service served at a counter that does not exist cannot be reached in person.

    One finding per unknown id, at its first use, naming the other services that use it.
    """
    counters = _ids(ctx, "counters")
    if counters is None:
        return
    uses: dict[str, list[tuple[str, Text]]] = {}
    for index, service in entries(ctx.data, "services"):
        for position, counter in strings(service.get("counters")):
            if counter not in counters:
                uses.setdefault(counter, []).append((f"/services/{index}/counters/{position}", _service(service)))
    known_ids = KnownIds(counters)
    for counter, places in uses.items():
        who, also = _uses(places)
        yield Issue(
            places[0][0],
            msg(
                "I005.unknown",
                "{who} names counter `{id}`, which is not listed{also}: {suggestion}",
                who=who,
                id=clip(counter),
                also=also,
                suggestion=known_ids.suggest(counter),
            ),
        )


def _uses(places: list[tuple[str, Text]]) -> tuple[Text, Text | str]:
    """Who uses an unknown id first, and the others (counted and named) for one finding at the first."""
    who = places[0][1]
    others = [name for _, name in places[1:]]
    if not others:
        return who, ""
    named = join(listed(others[:3]), _more(len(others) - 3))
    if len(others) == 1:
        return who, msg("ids.so-does", " (so does {named})", named=named)
    return who, msg("ids.so-do", " (so do {named})", named=named)


def _more(count: int) -> Text | str:
    """` and 5 more` when ``count`` more were left unnamed."""
    return msg("ids.more", " and {count} more", count=count) if count > 0 else ""


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

    def suggest(self, ident: str) -> Text:
        """`did you mean `A01`? known: A01, A02, ...`: the closest ids first, whatever the case."""
        if not self.known:
            return msg("ids.none", "the file lists none")
        near = self.closest(ident)
        ordered = near + [name for name in self._ordered[: 8 + len(near)] if name not in near]
        listing = msg(
            "ids.known",
            "known: {ids}{more}",
            ids=", ".join(clip(name, 40) for name in ordered[:8]),
            more=_more(len(self.known) - 8),
        )
        if near:
            return msg("ids.did-you-mean", "did you mean `{id}`? {known}", id=clip(near[0], 40), known=listing)
        return listing


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
                msg(
                    "I006.unknown",
                    "service type `{type}` is not in the national taxonomy (`mpptool types` lists it): "
                    "did you mean one of {near}?",
                    type=clip(code),
                    near=_near(code, known),
                ),
            )
    digital = section(section(ctx.data, "mpp"), "digital")
    for position, code in strings(digital.get("services")):
        if code not in known:
            yield Issue(
                f"/mpp/digital/services/{position}",
                msg(
                    "I006.digital",
                    "MPP Digital service type `{type}` is not in the national taxonomy",
                    type=clip(code),
                ),
            )


def unknown_region(ctx: FileContext) -> Iterator[Issue]:
    """The region must be a Kemendagri code (Kepmendagri 300.2.2-2138/2025)."""
    region = text(section(ctx.data, "mpp").get("region"))
    if region is not None and ctx.reference.regions and region not in ctx.reference.regions:
        yield Issue(
            "/mpp/region",
            msg(
                "I007.unknown",
                'region `{region}` is not a Kemendagri province or kab/kota code (e.g. "32.09" Kabupaten Cirebon)',
                region=clip(region),
            ),
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
                    msg(
                        "I002.clash",
                        "mpp.id `{id}` is also used by {others}: "
                        "ids must be unique across the catalog; give each MPP its own id",
                        id=clip(ident),
                        others=_others(files, index, clash, False),
                    ),
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
                    msg(
                        "I003.clash",
                        "region `{region}` is also served by {others}, which is not closed: one MPP per region; "
                        "if one replaced the other, mark the old one `status: closed`",
                        region=clip(region),
                        others=_others(files, index, clash, True),
                    ),
                ),
            )


def _others(files: Sequence[FileSummary], index: int, clash: Sequence[int], with_id: bool) -> Text:
    """The other files of a clash, by name (``with_id``: and their MPP id), at most three."""
    others = [files[other] for other in clash if other != index]
    named = [
        f"{other.display} (`{clip(other.mpp_id)}`)" if with_id and other.mpp_id else other.display
        for other in others[:3]
    ]
    return join(", ".join(named), _more(len(others) - 3))


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
