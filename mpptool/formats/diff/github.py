"""Diff as GitHub Actions annotations: one `::notice` per change, on the line in the new version.

Files are named relative to the repository root, as GitHub expects, wherever mpptool ran.
Every value goes through the workflow-command escapes, so a catalog string cannot end the
command or start another one. A removed entity has no line in the new version: it is
annotated at line 1 of its file.
"""

from __future__ import annotations

from mpptool.commands.diff import DiffResult, RevisionDiff
from mpptool.formats.diff import markdown as diff_markdown
from mpptool.formats.diff import view as diff_view
from mpptool.formats.shared import PLAIN, Style
from mpptool.text.safe import workflow_data, workflow_property


def render(result: DiffResult, style: Style = PLAIN) -> str:
    """Workflow commands for a revision diff; other diffs as Markdown (for a job summary)."""
    if not isinstance(result, RevisionDiff):
        return diff_markdown.render(result, style)
    lines = []
    for change in result.changes:
        if change.op == "removed" and change.field is None:
            file, line = change.old_path, 1  # gone from the new version: annotate the top of its file
        else:
            file, line = change.new_path or change.old_path, change.new_line or 1
        if file is None:
            continue
        title = diff_view.title(change, style.lang)
        message = " -> ".join(diff_view.values(change, style.lang))
        lines.append(
            f"::notice file={workflow_property(file)},line={line},title={workflow_property(title)}::"
            f"{workflow_data(message)}"
        )
    for finding in result.problems:
        said = finding.file + ": " + finding.say(style.lang)
        lines.append(f"::error title={workflow_property(finding.code)}::{workflow_data(said)}")
    lines.append(workflow_data(diff_view.revision_summary(result, style.lang)))
    return "\n".join(lines) + "\n"
