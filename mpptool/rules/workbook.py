"""X-rules: a workbook's layout hides or loses values. Reported by `mpptool.engine.checker` (check_workbook).

A workbook is read cell by cell. Two things a clerk does in Excel change what is read without
showing it: merging cells (only the first keeps its value) and hiding rows, columns or sheets
(their values are read all the same). Both are located at the cell, so `validate --annotate`
puts them where the clerk looks.
"""

from __future__ import annotations

from mpptool.model import Rule, Severity

FAMILY = "workbook"

RULES = (
    Rule.define(
        "X001",
        "merged-cells",
        Severity.ERROR,
        "Cells of a workbook sheet are merged: only the first keeps its value, the others read as empty.",
        FAMILY,
        reported_by="mpptool.engine.checker",
        rationale="Excel shows a merged range's value across every row it spans, but the file stores it in the "
        "first cell only: three services whose agency cell was merged would read as one with an agency and two "
        "without. The value is never guessed for the other rows; unmerge and type it in each.",
    ),
    Rule.define(
        "X002",
        "hidden-cells",
        Severity.WARNING,
        "A row, column or sheet of a workbook is hidden; its values are read all the same.",
        FAMILY,
        reported_by="mpptool.engine.checker",
        rationale="What is checked must be what the clerk sees: a hidden row is still an entry of the MPP file "
        "(a service nobody meant to keep, a counter from last year), so it is read and reported, never dropped.",
    ),
)
