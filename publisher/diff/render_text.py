"""Plain-text report of a lens diff, for terminals."""

from __future__ import annotations

from publisher.diff.describe import TERMINAL_MARKERS, change_details
from publisher.diff.model import MAJOR, MINOR, Change, LensDiff

MEANING = {
    "major": "existing answers or their meaning change; workloads are notified and upgrade explicitly",
    "minor": "existing answers keep their meaning and risk; workloads get the update silently",
    "none": "the lenses are equal; ExportLens 'number' fields are ignored",
}
KIND_WIDTH = 20


def render_text(diff: LensDiff, old_label: str, new_label: str) -> str:
    """The classification, the changes grouped by impact, then the warnings."""
    classification = diff.classification
    lines = [f"walens diff {old_label} -> {new_label}",
             f"classification: {classification.upper()} ({MEANING[classification]})"]
    if diff.changes:
        majors = sum(change.impact == MAJOR for change in diff.changes)
        count = len(diff.changes)
        lines.append(f"{count} change{'s' if count > 1 else ''}: {majors} major, {count - majors} minor")
    for impact in (MAJOR, MINOR):
        section = [change for change in diff.changes if change.impact == impact]
        if section:
            lines += ["", f"{impact.capitalize()} changes ({len(section)}):"]
            for change in section:
                lines += _change_lines(change)
    if diff.warnings:
        lines += ["", f"Warnings ({len(diff.warnings)}):"]
        lines += [f"  ! {warning}" for warning in diff.warnings]
    return "\n".join(lines) + "\n"


def _change_lines(change: Change) -> list[str]:
    indent = " " * (KIND_WIDTH + 3)
    head = f"  {change.kind:<{KIND_WIDTH}} {change.path}"
    return [head, *(indent + line for line in change_details(change, TERMINAL_MARKERS))]
