"""The review as plain text for terminals."""

from __future__ import annotations

from publisher.diff.describe import TERMINAL_MARKERS, change_details, outcome_summary
from publisher.diff.notices import describe_example
from publisher.diff.render_text import MEANING
from publisher.review.model import ReviewReport

INDENT = "    "


def render_text(report: ReviewReport) -> str:
    version = report.version
    meaning = MEANING.get(report.classification, "")
    lines = [f"walens review: {report.lens_name or 'lens'}: {report.base.label} -> {report.head.label}",
             f"change: {report.classification.upper()}" + (f" ({meaning})" if meaning else ""),
             f"version: {version.status.upper()}: {version.message}", *(f"note: {n}" for n in report.notes)]
    if report.counts:
        lines += ["", f"{'':<10}{'added':>8}{'removed':>9}{'moved':>7}{'changed':>9}"]
        lines += [f"{row.what:<10}{row.added:>8}{row.removed:>9}{row.moved:>7}{row.changed:>9}"
                  for row in report.counts]
    if report.impact:
        lines += ["", f"Impact on existing workload reviews ({len(report.impact)}):"]
        lines += [f"  ! {line}" for line in report.impact]
    risk = report.risk_changes()
    if risk:
        lines += ["", f"Risk outcome changes ({len(risk)}):"]
        for change, outcome in risk:
            lines.append(f"  {change.path}: {outcome_summary(outcome)}")
            lines += [f"{INDENT}{describe_example(example)}" for example in outcome.examples]
    if report.questions:
        lines += ["", f"Changed questions ({len(report.questions)}):"]
        for question in report.questions:
            lines.append(f"  {question.path}: {question.title}")
            for change in question.changes:
                lines.append(f"{INDENT}{change.kind} {change.path} ({change.impact})")
                lines += [f"{INDENT}  {detail}" for detail in change_details(change, TERMINAL_MARKERS)]
    lines += ["", f"Validation: {report.error_count} error(s), {len(report.findings) - report.error_count} "
              "warning(s)"]
    lines += [f"  {f.location}: {f.severity.value}: {f.code} {f.message}"
              for f in report.findings]
    if report.size is not None:
        size = report.size
        lines.append(f"Size: {size.characters} of {size.max_characters} characters, {size.bytes} of "
                     f"{size.max_bytes} bytes ({size.used:.1%})")
    lines.append(f"Publish: {report.publish.note}")
    lines += [f"  {t['target']} {t['region']}: {t['action']} {t['version']} ({t['result']})"
              for t in report.publish.targets]
    if report.publish.workloads:
        lines.append(f"Workloads: {report.publish.workloads[0]}")
        lines += [f"  {line}" for line in report.publish.workloads[1:]]
    return "\n".join(lines) + "\n"
