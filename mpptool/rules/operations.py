"""A-rules: what the press and the Ombudsman find at MPPs, found in the catalog first.

Agencies that join on paper and leave their counters empty, counters open only some days,
staff posted short of plan, services nobody can reach in person, incomplete service
standards, lapsed agreements, low throughput. These judge the MPP, not the file: `validate`
leaves them out and `mpptool audit` runs them with the rest of the registry. Each message
ends with the action that clears it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

from mpptool.model import AuditSettings, FileContext, FileSummary, Issue, Rule, Severity
from mpptool.text.i18n import Text, join, listed, msg
from mpptool.text.safe import clip
from mpptool.text.words import day_word
from mpptool.vocab.access import entries, iso_date, section, strings, text
from mpptool.vocab.state import (
    STANDARD_PARTS,
    CounterState,
    offers_in_person,
    operating,
    seated_agencies,
    staff_totals,
)

FAMILY = "audit"


def _days(days: Sequence[str]) -> str | Text:
    if not days:
        return msg("A002.no-day", "no day")
    return listed([day_word(day) for day in days])


def _id(entry: Any, fallback: str) -> str:
    ident = text(entry.get("id")) if isinstance(entry, dict) else None
    return clip(ident, 40) if ident else fallback


def agency_on_paper(ctx: FileContext) -> Iterator[Issue]:
    """An agency that provides counter services but sits at no counter has joined on paper only."""
    if not operating(ctx.data):
        return
    seated = seated_agencies(ctx.counters)
    if seated is None:
        return  # a counter's agency list is unreadable: nobody can be said to sit nowhere
    in_person: dict[str, list[str]] = {}
    for index, service in entries(ctx.data, "services"):
        provider = text(service.get("agency"))
        if provider is not None and offers_in_person(service):
            in_person.setdefault(provider, []).append(_id(service, f"#{index + 1}"))
    for index, agency in entries(ctx.data, "agencies"):
        ident = text(agency.get("id"))
        services = in_person.get(ident or "")
        if ident is None or ident in seated or not services:
            continue
        listed = ", ".join(f"`{service}`" for service in services[:5]) + (" …" if len(services) > 5 else "")
        yield Issue(
            f"/agencies/{index}",
            msg(
                "A001.on-paper",
                "agency `{agency}` offers {count} counter service(s) ({listed}) but sits at no counter: "
                "open and staff a counter for it, or drop the `counter` channel until it does",
                agency=clip(ident, 40),
                count=len(services),
                listed=listed,
            ),
        )


def empty_counter(ctx: FileContext) -> Iterator[Issue]:
    """An empty counter is the fault reports find most: the agency joined, nobody sits there."""
    if not operating(ctx.data):
        return
    for state in ctx.counters:
        where = state.empty_pointer
        if where is None:
            continue
        why: Text
        if where.endswith("/status"):
            why = msg("A002.marked-empty", "is marked empty")
        elif where.endswith("/assigned"):
            why = msg(
                "A002.nobody-posted",
                "is active with nobody posted (0 of {required})",
                required=state.required if state.required is not None else "?",
            )
        else:
            why = msg("A002.never-staffed", "was not staffed on any of its days ({days})", days=_days(state.days))
        owners = ", ".join(f"`{clip(agency, 40)}`" for agency in state.agencies or ()) or msg(
            "A002.no-agency", "no agency"
        )
        yield Issue(
            where,
            msg(
                "A002.empty",
                "counter `{counter}` of {owners} {why}: ask the agency to post staff, "
                "or set `status: closed` so citizens are not sent there",
                counter=clip(state.id or "?", 40),
                owners=owners,
                why=why,
            ),
        )


def part_time_counter(ctx: FileContext) -> Iterator[Issue]:
    """A counter staffed only some of its days turns citizens away on the others."""
    if not operating(ctx.data):
        return
    for state in ctx.counters:
        if not state.part_time or state.staffed is None:
            continue
        missed = [day for day in state.days if day not in state.staffed]
        share = round(100 * (state.staffed_share or 0))
        yield Issue(
            f"{state.pointer}/staffed_days",
            msg(
                "A003.part-time",
                "counter `{counter}` was staffed {staffed} of {days} days ({share}%), not on {missed}: "
                "agree a rota with the agency, or publish the days it really opens",
                counter=clip(state.id or "?", 40),
                staffed=len(state.staffed),
                days=len(state.days),
                share=share,
                missed=_days(missed),
            ),
        )


def staffing_gap(ctx: FileContext) -> Iterator[Issue]:
    """Staff posted short of the planned headcount slows every queue at that counter."""
    if not operating(ctx.data):
        return
    for state in ctx.counters:
        if state.gap and not state.empty and state.open:
            yield Issue(
                f"{state.pointer}/staff/assigned",
                msg(
                    "A004.gap",
                    "counter `{counter}` has {assigned} of {required} planned staff (gap {gap}): "
                    "ask the agency to post the rest, or revise the plan",
                    counter=clip(state.id or "?", 40),
                    assigned=state.assigned,
                    required=state.required,
                    gap=state.gap,
                ),
            )


def agency_staffing_gap(ctx: FileContext) -> Iterator[Issue]:
    """An agency short of staff across its several counters is one call to its head of office.

    Reported for agencies at two or more open counters (a shared counter counts for each of
    its agencies); an agency with one counter is reported at that counter (A002, A004).
    """
    if not operating(ctx.data):
        return
    seats = ctx.seats
    for index, agency in entries(ctx.data, "agencies"):
        ident = text(agency.get("id"))
        if ident is None:
            continue
        mine = seats.get(ident, [])
        required, assigned, gap = staff_totals(mine)
        if not gap or len(mine) < 2:
            continue  # unknown, or with one counter A002 or A004 at that counter already says it all
        counters = ", ".join(f"`{clip(state.id or '?', 40)}`" for state in mine if state.gap)
        yield Issue(
            f"/agencies/{index}",
            msg(
                "A005.gap",
                "agency `{agency}` has {assigned} of {required} planned staff at its counters "
                "(gap {gap}, at {counters}): raise it with the agency's head of office",
                agency=clip(ident, 40),
                assigned=assigned,
                required=required,
                gap=gap,
                counters=counters,
            ),
        )


def unreachable_service(ctx: FileContext) -> Iterator[Issue]:
    """A counter service whose every counter is empty, closed or planned cannot be had in person.

    A counter whose status cannot be read, or an id used twice, leaves the question open: no finding.
    """
    if not operating(ctx.data):
        return
    for index, service, states in ctx.unreachable:
        others = [channel for _, channel in strings(service.get("channels")) if channel != "counter"]
        fallback = (
            msg("A006.only", "; only {channels} remains", channels=", ".join(others))
            if others
            else msg("A006.no-other", "; it has no other channel")
        )
        where = listed([join(f"`{clip(state.id or '?', 40)}` ", _state_word(state)) for state in states])
        yield Issue(
            f"/services/{index}/counters",
            msg(
                "A006.unreachable",
                "service `{service}` cannot be reached in person: {where}{fallback}; "
                "staff one of its counters, or drop the `counter` channel",
                service=_id(service, f"services[{index}]"),
                where=where,
                fallback=fallback,
            ),
        )


_STATE_WORDS = {
    "closed": msg("A006.closed", "closed"),
    "planned": msg("A006.planned", "planned"),
    "active": msg("A006.active", "active"),
}


def _state_word(state: CounterState) -> Text | str:
    if state.empty:
        return msg("A006.empty", "empty")
    if state.status is None:
        return msg("A006.not-active", "not active")
    return _STATE_WORDS.get(state.status, state.status)


def incomplete_standard(ctx: FileContext) -> Iterator[Issue]:
    """Every service must publish all six components of its service standard."""
    for index, state in ctx.standards:
        if not state.known:
            continue  # a component the schema reports as unreadable: complete or not is unknown
        name = _id(ctx.data["services"][index], f"#{index + 1}")
        if not state.given:
            yield Issue(
                f"/services/{index}",
                msg(
                    "A007.none",
                    "service `{service}` publishes no service standard: publish its {parts}",
                    service=name,
                    parts=", ".join(STANDARD_PARTS),
                ),
            )
        elif state.missing:
            yield Issue(
                f"/services/{index}/standard",
                msg(
                    "A007.lacks",
                    "service `{service}` standard lacks {parts}: publish them with the other components",
                    service=name,
                    parts=", ".join(state.missing),
                ),
                at_key=True,
            )


def _expiry(ctx: FileContext) -> Iterator[tuple[int, str, dt.date, AuditSettings]]:
    settings = ctx.settings
    if settings is None:
        return
    for index, agency in entries(ctx.data, "agencies"):
        date = iso_date(section(agency, "agreement").get("expires"))
        if date is not None:
            yield index, _id(agency, f"#{index + 1}"), date, settings


def _kind(ctx: FileContext, index: int) -> str | Text:
    agencies = ctx.data.get("agencies")
    agency = agencies[index] if isinstance(agencies, list) else {}
    kind = text(section(agency, "agreement").get("kind")) if isinstance(agency, dict) else None
    return kind.upper() if kind in ("mou", "pks") else msg("A008.agreement", "agreement")


def agreement_expired(ctx: FileContext) -> Iterator[Issue]:
    """An agency whose MoU or PKS has lapsed sits at the MPP on no agreement at all."""
    for index, ident, expires, settings in _expiry(ctx):
        if expires < settings.as_of:
            days = (settings.as_of - expires).days
            yield Issue(
                f"/agencies/{index}/agreement/expires",
                msg(
                    "A008.expired",
                    "agency `{agency}`'s {kind} expired on {expires}, {days} days before {as_of}: "
                    "renew it and record the new dates",
                    agency=ident,
                    kind=_kind(ctx, index),
                    expires=expires,
                    days=days,
                    as_of=settings.as_of,
                ),
            )


def agreement_expiring(ctx: FileContext) -> Iterator[Issue]:
    """Renewing an agreement takes months of letters; the window is the warning."""
    for index, ident, expires, settings in _expiry(ctx):
        days = (expires - settings.as_of).days
        if 0 <= days <= settings.expiring_within_days:
            yield Issue(
                f"/agencies/{index}/agreement/expires",
                msg(
                    "A009.expiring",
                    "agency `{agency}`'s {kind} expires on {expires}, in {days} days: start the renewal now",
                    agency=ident,
                    kind=_kind(ctx, index),
                    expires=expires,
                    days=days,
                ),
            )


def low_throughput(ctx: FileContext) -> Iterator[Issue]:
    """Visitors per open day far below what an MPP serves means citizens are not coming or not served."""
    settings = ctx.settings
    if settings is None or not operating(ctx.data):
        return
    from mpptool.vocab.figures import periods  # audit only: `validate` starts without the figures

    for period in periods(ctx.data)[0]:
        rate = period.per_open_day
        if rate is None or rate >= settings.low_per_open_day:
            continue
        share = 100 * rate / settings.benchmark_per_day
        yield Issue(
            f"/metrics/{period.index}/visitors",
            msg(
                "A010.low",
                "{visitors} visitors from {start} to {end} is {rate} per open day, under the {threshold} threshold "
                "({share:.1f}% of the busiest MPPs' {benchmark} a day): find out which counters citizens skip and why",
                visitors=period.visitors,
                start=period.start,
                end=period.end,
                rate=rate,
                threshold=settings.low_per_open_day,
                share=share,
                benchmark=settings.benchmark_per_day,
            ),
        )


def below_peers(files: Sequence[FileSummary], settings: AuditSettings | None) -> Iterator[tuple[int, Issue]]:
    """An MPP far below the other MPPs of the same catalog is a question worth asking."""
    if settings is None:
        return
    from mpptool.vocab.figures import peer_standings  # audit only: `validate` starts without the figures

    audited = [(index, summary.figures) for index, summary in enumerate(files) if summary.figures is not None]
    mpps = [figures for _, figures in audited]
    for (index, mpp), standing in zip(audited, peer_standings(mpps), strict=True):
        rate = mpp.visitors_per_open_day
        if standing is None or rate is None or standing.peer_median <= 0:
            continue
        if rate < settings.peer_share * standing.peer_median:
            yield (
                index,
                Issue(
                    "/metrics",
                    msg(
                        "A011.below",
                        "{rate} visitors per open day is {share:.0f}% of the median of the other {peers} MPP(s) "
                        "with figures ({median}), rank {rank} of {of}: compare services, hours and outreach "
                        "with the leaders",
                        rate=rate,
                        share=100 * rate / standing.peer_median,
                        peers=standing.peers,
                        median=standing.peer_median,
                        rank=standing.rank,
                        of=standing.of,
                    ),
                    at_key=True,
                ),
            )


def digital_off(ctx: FileContext) -> Iterator[Issue]:
    """MPP Digital lets citizens start a service from a phone; every operating MPP is asked to join."""
    if ctx.settings is None or not operating(ctx.data):
        return
    mpp = section(ctx.data, "mpp")
    digital = mpp.get("digital")
    if digital is None:
        yield Issue(
            "/mpp",
            msg("A012.unrecorded", "MPP Digital status is not recorded: add `mpp.digital` (enabled, services)"),
            at_key=True,
        )
    elif isinstance(digital, dict) and digital.get("enabled") is False:
        yield Issue(
            "/mpp/digital/enabled",
            msg("A012.off", "MPP Digital is not enabled: agree the rollout with KemenPANRB and list its services"),
        )


RULES = (
    Rule.define(
        "A001",
        "agency-on-paper",
        Severity.ERROR,
        "An agency offers counter services but sits at no counter.",
        FAMILY,
        per_file=agency_on_paper,
    ),
    Rule.define(
        "A002",
        "counter-empty",
        Severity.ERROR,
        "A counter is empty: marked so, unstaffed or never staffed.",
        FAMILY,
        per_file=empty_counter,
    ),
    Rule.define(
        "A003",
        "counter-part-time",
        Severity.WARNING,
        "A counter was staffed only some of its days.",
        FAMILY,
        per_file=part_time_counter,
    ),
    Rule.define(
        "A004",
        "counter-staffing-gap",
        Severity.WARNING,
        "A counter has fewer staff than planned.",
        FAMILY,
        per_file=staffing_gap,
    ),
    Rule.define(
        "A005",
        "agency-staffing-gap",
        Severity.INFO,
        "An agency at several counters has fewer staff than planned across them.",
        FAMILY,
        per_file=agency_staffing_gap,
    ),
    Rule.define(
        "A006",
        "service-unreachable",
        Severity.ERROR,
        "A counter service's every counter is empty, closed or planned.",
        FAMILY,
        per_file=unreachable_service,
    ),
    Rule.define(
        "A007",
        "standard-incomplete",
        Severity.WARNING,
        "A service's standard lacks some of its six components, or is missing.",
        FAMILY,
        per_file=incomplete_standard,
    ),
    Rule.define(
        "A008",
        "agreement-expired",
        Severity.WARNING,
        "An agency's MoU or PKS has expired.",
        FAMILY,
        per_file=agreement_expired,
    ),
    Rule.define(
        "A009",
        "agreement-expiring",
        Severity.INFO,
        "An agency's MoU or PKS expires within the window.",
        FAMILY,
        per_file=agreement_expiring,
    ),
    Rule.define(
        "A010",
        "throughput-low",
        Severity.WARNING,
        "A reported period's visitors per open day are under the threshold.",
        FAMILY,
        per_file=low_throughput,
    ),
    Rule.define(
        "A011",
        "throughput-below-peers",
        Severity.INFO,
        "Visitors per open day are far below the other MPPs in the catalog.",
        FAMILY,
        across_files=below_peers,
        rationale=below_peers.__doc__ or "",
    ),
    Rule.define(
        "A012",
        "digital-off",
        Severity.INFO,
        "MPP Digital is not enabled or not recorded.",
        FAMILY,
        per_file=digital_off,
    ),
)
