"""V-rules: what the queue log proves against what the catalog says. Reported by `mpptool.activity`.

Located in the catalog (``file:line:col`` of the counter, service or metric), found only when
`audit` or `report` reads queue logs (``--activity``).
"""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "evidence"
BY = "mpptool.activity"

RULES = (
    Rule.define(
        "V001",
        "counter-empty-by-evidence",
        Severity.WARNING,
        "A counter the catalog says is staffed called no ticket on some of its scheduled days while the MPP was open.",
        FAMILY,
        reported_by=BY,
        rationale="The press and the ministry keep finding counters left empty while the catalog lists them as "
        "active; the queue machine's log shows the dates.",
    ),
    Rule.define(
        "V002",
        "status-contradicted-by-evidence",
        Severity.WARNING,
        "The log contradicts a counter's status or staffed_days (an empty or closed counter that served, or a "
        "staffed day never served).",
        FAMILY,
        reported_by=BY,
        rationale="Monitoring written into the catalog must agree with the machine's own record, either way.",
    ),
    Rule.define(
        "V003",
        "mpp-closed-by-evidence",
        Severity.WARNING,
        "No counter called a ticket on days the MPP was scheduled to open.",
        FAMILY,
        reported_by=BY,
        rationale="A day the whole MPP stood still is reported once for the MPP, not once per counter.",
    ),
    Rule.define(
        "V004",
        "service-never-served",
        Severity.INFO,
        "A service listed at a counter was never served there in the log period (when the log names services).",
        FAMILY,
        reported_by=BY,
        rationale="A service on paper at a counter nobody uses for it misleads citizens about where to go.",
    ),
    Rule.define(
        "V005",
        "visitors-differ-from-log",
        Severity.WARNING,
        "Declared visitors of a metrics period differ from the log's served tickets by more than the tolerance.",
        FAMILY,
        reported_by=BY,
        rationale="Reported figures that do not add up are one of the faults reviews keep finding; the log is the "
        "count of record.",
    ),
    Rule.define(
        "V006",
        "long-wait",
        Severity.WARNING,
        "The 90th-percentile wait at a counter is over the threshold (default 60 minutes).",
        FAMILY,
        reported_by=BY,
        rationale="An MPP exists to shorten queues; a counter where one ticket in ten waits over an hour needs "
        "staff or a wider spread of services.",
    ),
)
