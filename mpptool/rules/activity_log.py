"""L-rules: rows of a queue log that cannot be used as evidence. Reported by `mpptool.activity`.

Each is located at the log's ``file:row`` (and column); the row is left out of the figures
and counted, never silently used or dropped (``activity-format.md``).
"""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "activity log"
BY = "mpptool.activity"

RULES = (
    Rule.define(
        "L001",
        "log-unreadable",
        Severity.ERROR,
        "A queue-log file cannot be read as the kind its name says (CSV, Parquet, JSON Lines, XLSX).",
        FAMILY,
        reported_by=BY,
        rationale="A log that cannot be read proves nothing; saying so keeps an audit from passing on no evidence.",
    ),
    Rule.define(
        "L002",
        "log-column-missing",
        Severity.ERROR,
        "A queue-log file lacks a required column (counter, ticket, called_at; mpp unless --mpp names one).",
        FAMILY,
        reported_by=BY,
        rationale="Without the counter, the ticket or the call time no row can be placed; the whole file is "
        "left out and its rows counted, and the column map in the configuration can name the export's own headers.",
    ),
    Rule.define(
        "L003",
        "log-value-missing",
        Severity.ERROR,
        "A row leaves a required value blank: the MPP, the ticket, the counter of a called ticket, or every time.",
        FAMILY,
        reported_by=BY,
        rationale="A row that cannot be placed on an MPP, a counter and a day cannot count for any of them.",
    ),
    Rule.define(
        "L004",
        "log-unknown-mpp",
        Severity.ERROR,
        "A log names an MPP id the catalog does not have (reported once per id, with its first rows).",
        FAMILY,
        reported_by=BY,
        rationale="Rows of an MPP the catalog lacks are evidence of nothing it says; a typo in the id would "
        "otherwise make an MPP look empty.",
    ),
    Rule.define(
        "L005",
        "log-unknown-counter",
        Severity.ERROR,
        "A log names a counter id its MPP does not have (once per id, with its first rows).",
        FAMILY,
        reported_by=BY,
        rationale="A queue machine's counter numbering that does not match the catalog would make real counters "
        "look empty; the id is named once so the mapping can be fixed.",
    ),
    Rule.define(
        "L006",
        "log-unknown-service",
        Severity.ERROR,
        "A log names a service id its MPP does not have (once per id, with its first rows).",
        FAMILY,
        reported_by=BY,
        rationale="Service ids tie tickets to the catalog's services; an unknown one cannot show a service served.",
    ),
    Rule.define(
        "L007",
        "log-bad-timestamp",
        Severity.ERROR,
        "A time is not an ISO 8601 date and time (YYYY-MM-DD HH:MM[:SS], optional offset up to ±14:00) "
        "in the years 2000 to 2099.",
        FAMILY,
        reported_by=BY,
        rationale="`01/08/2025` is 1 August in Indonesia and 8 January elsewhere; only one reading is accepted, "
        "so no day is guessed. A queue machine whose clock was reset writes 1970 or 0001, which would stretch "
        "the log period over decades and its waits over millions of minutes.",
    ),
    Rule.define(
        "L008",
        "log-bad-status",
        Severity.ERROR,
        "A status is not served, no_show or cancelled, or contradicts the row's times.",
        FAMILY,
        reported_by=BY,
        rationale="Served, no-show and cancelled must add up to the rows used; a status the times contradict "
        "would count a ticket twice or not at all.",
    ),
    Rule.define(
        "L009",
        "log-impossible-order",
        Severity.ERROR,
        "A ticket finished before it was called, or was called before it was issued.",
        FAMILY,
        reported_by=BY,
        rationale="Negative waits or service times come from a clock or an export gone wrong, and would drag "
        "every percentile with them.",
    ),
    Rule.define(
        "L010",
        "log-duplicate-ticket",
        Severity.ERROR,
        "A ticket number appears twice for one MPP on one local day (the later row in reading order is left out).",
        FAMILY,
        reported_by=BY,
        rationale="Exports appended twice double every figure; the first row wins, so the count is the machine's.",
    ),
    Rule.define(
        "L011",
        "log-call-on-closed-day",
        Severity.ERROR,
        "A ticket was called on a day the MPP does not open (not in its days, a holiday, or before it opened).",
        FAMILY,
        reported_by=BY,
        rationale="A call on a closed day is a wrong clock or a wrong MPP id, not service; it is left out so it "
        "cannot make a closed day look open.",
    ),
    Rule.define(
        "L012",
        "log-call-outside-hours",
        Severity.ERROR,
        "A ticket was called before opening time or more than two hours after closing time.",
        FAMILY,
        reported_by=BY,
        rationale="Queues run past closing, but not into the night: such a call is a clock or time-zone fault.",
    ),
)
