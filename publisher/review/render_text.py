"""The review as plain text for terminals; every lens text goes through ``safetext.clean``."""

from __future__ import annotations

from publisher.diff.describe import TERMINAL_MARKERS, change_details, outcome_summary
from publisher.diff.notices import describe_example
from publisher.diff.render_text import MEANING, evidence_text
from publisher.review.model import ReviewReport
from publisher.review.render_markdown import errors_first
from publisher.review.rule_diff import rule_diff
from publisher.safetext import clean

INDENT = "    "


def render_text(report: ReviewReport) -> str:
    version = report.version
    meaning = MEANING.get(report.classification, "")
    lines = [f"walens review: {clean(report.lens_name or 'lens')}: {clean(report.base.label)} -> "
             f"{clean(report.head.label)}",
             *([f"base: {clean(report.base_note)}"] if report.base_note else []),
             f"change: {report.classification.upper()}" + (f" ({meaning})" if meaning else ""),
             f"version: {version.status.upper()}: {clean(version.message)}",
             *(f"note: {clean(n)}" for n in report.notes)]
    lines += [f"validation: {report.error_count} error(s), {len(report.findings) - report.error_count} warning(s)"]
    lines += [f"  {f.location}: {f.severity.value}: {f.code} {clean(f.message)}" for f in errors_first(report.findings)]
    if report.counts:
        lines += ["", f"{'':<10}{'added':>8}{'removed':>9}{'moved':>7}{'changed':>9}"]
        lines += [f"{row.what:<10}{row.added:>8}{row.removed:>9}{row.moved:>7}{row.changed:>9}"
                  for row in report.counts]
    if report.impact:
        lines += ["", f"Impact on existing workload reviews ({len(report.impact)}):"]
        lines += [f"  ! {clean(line)}" for line in report.impact]
    lines += _risk(report)
    if report.questions:
        lines += ["", f"Changed questions ({len(report.questions)}):"]
        for question in report.questions:
            lines.append(f"  {clean(question.path)}: {clean(question.title)}")
            for change in question.changes:
                lines.append(f"{INDENT}{change.kind} {clean(change.path)} ({change.impact})")
                details = (["risk rules changed: see Risk outcome changes"] if change.outcome is not None
                           else change_details(change, TERMINAL_MARKERS, clean))
                lines += [f"{INDENT}  {detail}" for detail in details]
    lines += evidence_text(report.evidence, INDENT + "  ")
    if report.size is not None:
        size = report.size
        lines += ["", f"Size: {size.characters} of {size.max_characters} characters, {size.bytes} of "
                  f"{size.max_bytes} bytes ({size.used:.1%})"]
    lines.append(f"Publish: {clean(report.publish.note)}")
    lines += [f"  {clean(t['target'])} {clean(t['region'])}: {clean(t['action'])} {clean(t['version'])} "
              f"({clean(t['result'])})" for t in report.publish.targets]
    if report.publish.workloads:
        lines.append(f"Workloads: {clean(report.publish.workloads[0])}")
        lines += [f"  {clean(line)}" for line in report.publish.workloads[1:]]
    return "\n".join(lines) + "\n"


def _risk(report: ReviewReport) -> list[str]:
    risk = report.risk_changes()
    if not risk and not report.wiped:
        return []
    lines = ["", f"Risk outcome changes ({len(risk) + len(report.wiped)}):"]
    lines += [f"  {clean(wiped.path)}: {wiped.wiped} of {wiped.possible} possible answers are wiped on upgrade "
              f"(they tick removed choice(s) {clean(', '.join(wiped.removed))})" for wiped in report.wiped]
    for change, outcome in risk:
        lines.append(f"  {clean(change.path)}: {clean(outcome_summary(outcome))}")
        lines += [f"{INDENT}{clean(describe_example(example))}" for example in outcome.examples]
        lines += [f"{INDENT}{line}" for line in rule_diff(change)]
    return lines
