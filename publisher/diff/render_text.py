"""Plain-text report of a lens diff, for terminals (ANSI colours; ``click.echo`` drops them off a tty)."""

from __future__ import annotations

import click

from publisher.diff.describe import TERMINAL_MARKERS, Markers, change_details
from publisher.diff.evidence import EvidenceDiff
from publisher.diff.model import MAJOR, MINOR, Change, LensDiff
from publisher.safetext import clean

MEANING = {
    "major": "existing answers or their meaning change; workloads are notified and upgrade explicitly",
    "minor": "existing answers keep their meaning and risk; workloads get the update silently",
    "none": "the lenses are equal; ExportLens 'number' fields are ignored",
}
COLOURS = {"major": "red", "minor": "yellow", "none": "green"}
KIND_WIDTH = 20
_RESET = click.style("", reset=True)
COLOUR_MARKERS = Markers(click.style(TERMINAL_MARKERS.delete_open, fg="red", reset=False),
                         TERMINAL_MARKERS.delete_close + _RESET,
                         click.style(TERMINAL_MARKERS.insert_open, fg="green", reset=False),
                         TERMINAL_MARKERS.insert_close + _RESET)


def render_text(diff: LensDiff, old_label: str, new_label: str, evidence: EvidenceDiff | None = None) -> str:
    """The classification, the changes grouped by impact, the warnings, then the evidence-rule changes."""
    classification = diff.classification
    verdict = click.style(classification.upper(), fg=COLOURS[classification], bold=True)
    lines = [f"walens diff {clean(old_label)} -> {clean(new_label)}",
             f"classification: {verdict} ({MEANING[classification]})"]
    if diff.changes:
        majors = sum(change.impact == MAJOR for change in diff.changes)
        count = len(diff.changes)
        lines.append(f"{count} change{'s' if count > 1 else ''}: {majors} major, {count - majors} minor")
    for impact in (MAJOR, MINOR):
        section = [change for change in diff.changes if change.impact == impact]
        if section:
            title = click.style(f"{impact.capitalize()} changes ({len(section)}):", fg=COLOURS[impact], bold=True)
            lines += ["", title]
            for change in section:
                lines += _change_lines(change)
    if diff.warnings:
        lines += ["", click.style(f"Warnings ({len(diff.warnings)}):", bold=True)]
        lines += [f"  {click.style('!', fg='yellow', bold=True)} {clean(warning)}" for warning in diff.warnings]
    lines += evidence_text(evidence, " " * (KIND_WIDTH + 3))
    return "\n".join(lines) + "\n"


def evidence_text(evidence: EvidenceDiff | None, indent: str) -> list[str]:
    """The evidence-rule changes, each with its rules marked ``-``/``+``; nothing when there are none."""
    if evidence is None or not evidence.changes:
        return []
    lines = ["", click.style(f"Evidence rule changes ({len(evidence.changes)}):", bold=True), f"  {evidence.note}"]
    for change in evidence.changes:
        lines.append(f"  {change.kind:<{KIND_WIDTH}} {clean(change.path)}")
        lines += [indent + clean(line) for line in change.lines()]
    return lines


def _change_lines(change: Change) -> list[str]:
    indent = " " * (KIND_WIDTH + 3)
    head = f"  {change.kind:<{KIND_WIDTH}} {clean(change.path)}"
    return [head, *(indent + line for line in change_details(change, COLOUR_MARKERS, clean))]
