"""GitHub-flavoured Markdown report of a lens diff: summary table, change tables, long sections folded."""

from __future__ import annotations

from collections import Counter

from publisher.diff.classify import KINDS
from publisher.diff.describe import Markers, change_details
from publisher.diff.evidence import EvidenceDiff
from publisher.diff.model import MAJOR, MINOR, Change, LensDiff
from publisher.diff.render_text import MEANING
from publisher.mdtext import code_span, escape, fenced

__all__ = ["HTML_MARKERS", "escape", "render_markdown"]

HTML_MARKERS = Markers("<del>", "</del>", "<ins>", "</ins>")
#: Sections with more rows than this are folded in a <details> block.
FOLD_AFTER = 15


def render_markdown(diff: LensDiff, old_label: str, new_label: str, evidence: EvidenceDiff | None = None) -> str:
    """A report that renders well in a pull-request comment."""
    classification = diff.classification
    out = [f"## Lens diff: **{classification.upper()}**", "",
           f"{code_span(old_label)} → {code_span(new_label)}: {MEANING[classification]}.", ""]
    if diff.changes:
        out += _summary(diff)
    if diff.warnings:
        out += [f"### Warnings ({len(diff.warnings)})", ""]
        out += [f"- {escape(warning)}" for warning in diff.warnings]
        out.append("")
    for impact in (MAJOR, MINOR):
        section = [change for change in diff.changes if change.impact == impact]
        if section:
            out += _section(f"{impact.capitalize()} changes ({len(section)})", section)
    if evidence is not None and evidence.changes:
        out += [f"### Evidence rule changes ({len(evidence.changes)})", "", *evidence_markdown(evidence), ""]
    return "\n".join(out).rstrip("\n") + "\n"


def evidence_markdown(evidence: EvidenceDiff) -> list[str]:
    """The note, then per choice its path, the kind of change and a ``diff`` block of its rules."""
    body = [escape(evidence.note[0].upper() + evidence.note[1:]) + "."]
    for change in evidence.changes:
        body += ["", f"**{code_span(change.path)}** ({change.kind})", "", fenced("diff", change.lines())]
    return body


def _summary(diff: LensDiff) -> list[str]:
    counts = Counter((change.kind, change.impact) for change in diff.changes)
    rows = ["| Change | Impact | Count | Meaning |", "|---|---|---:|---|"]
    rows += [f"| `{kind}` | {impact} | {count} | {escape(KINDS[kind][1])} |"
             for (kind, impact), count in sorted(counts.items(), key=lambda item: (item[0][1], item[0][0]))]
    return [*rows, ""]


def _section(title: str, changes: list[Change]) -> list[str]:
    table = ["| Change | Path | Details |", "|---|---|---|"]
    table += [f"| `{change.kind}` | {code_span(change.path, in_table=True)} | "
              f"{'<br>'.join(change_details(change, HTML_MARKERS, escape))} |" for change in changes]
    if len(changes) <= FOLD_AFTER:
        return [f"### {title}", "", *table, ""]
    return ["<details>", f"<summary><b>{title}</b></summary>", "", *table, "", "</details>", ""]
