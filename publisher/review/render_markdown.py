"""The review as GitHub Markdown for a pull-request comment and the job summary.

The report is built from self-contained blocks (balanced ``<details>`` included) in order of
importance; blocks that would push it past GitHub's comment limit are left out, with a note.
"""

from __future__ import annotations

import html

from publisher.diff.describe import change_details, outcome_summary, shorten
from publisher.diff.notices import describe_example
from publisher.diff.render_markdown import HTML_MARKERS, escape
from publisher.diff.render_text import MEANING
from publisher.render.markdown_doc import code_span
from publisher.review.model import QuestionChanges, ReviewReport

MARKER = "<!-- walens-review -->"
#: GitHub refuses comments longer than 65536 characters; keep room for the truncation note.
COMMENT_LIMIT = 65_536
NOTE_ROOM = 400
#: Sections with more items than this are folded into <details>.
FOLD_AFTER = 10
#: Longer lists (impact lines, risk changes, findings) are cut, so that no section outgrows the comment.
MAX_ITEMS = 150
MAX_MESSAGE = 300
STATUS_ICON = {"ok": "✅", "mismatch": "❌", "unknown": "⚠️"}
SEVERITY_ICON = {"error": "❌", "warning": "⚠️"}


def render_markdown(report: ReviewReport, limit: int = COMMENT_LIMIT) -> str:
    """The report, at most ``limit`` characters long."""
    blocks = [_header(report), _summary(report), _impact(report), _risk(report), *_questions(report),
              _findings(report), _size(report), _publish(report)]
    return fit(MARKER, [block for block in blocks if block], limit)


def fit(head: str, blocks: list[str], limit: int) -> str:
    """``head`` and as many whole blocks as fit in ``limit``, then a note on what was left out."""
    budget = limit - len(head) - NOTE_ROOM
    kept, dropped, used = [head], 0, 0
    for block in blocks:
        if used + len(block) + 2 > budget:
            dropped += 1
            continue
        kept.append(block)
        used += len(block) + 2
    if dropped:
        kept.append(f"> **Report truncated:** {dropped} section(s) left out to stay under GitHub's "
                    f"{limit:,}-character limit. Run `walens review --format text` locally for the full report.")
    return "\n\n".join(kept) + "\n"


def _fold(title: str, body: list[str], count: int) -> str:
    if count <= FOLD_AFTER:
        return "\n".join([f"### {title}", "", *body])
    return "\n".join(["<details>", f"<summary><b>{title}</b></summary>", "", *body, "", "</details>"])


def _more(total: int) -> list[str]:
    """The closing line of a list cut at MAX_ITEMS."""
    if total <= MAX_ITEMS:
        return []
    return ["", f"… and {total - MAX_ITEMS} more: run `walens review --format text` for the full list."]


def _header(report: ReviewReport) -> str:
    version = report.version
    classification = report.classification
    lines = [f"## Lens review: {escape(report.lens_name or 'lens')}", "",
             f"{code_span(report.base.label)} → {code_span(report.head.label)}", "",
             f"**Change: {classification.upper()}**"
             + (f" ({MEANING[classification]})" if classification in MEANING else ""), "",
             f"**Version:** {STATUS_ICON[version.status]} {escape(version.message)}"]
    lines += [f"> {escape(note)}" for note in report.notes]
    return "\n".join(lines)


def _summary(report: ReviewReport) -> str:
    if not report.counts:
        return ""
    rows = ["| | Added | Removed | Moved | Changed |", "|---|---:|---:|---:|---:|"]
    rows += [f"| {row.what.capitalize()} | {row.added} | {row.removed} | {row.moved} | {row.changed} |"
             for row in report.counts]
    return "\n".join(rows)


def _impact(report: ReviewReport) -> str:
    if not report.impact:
        return ""
    body = [f"- {escape(shorten(line, MAX_MESSAGE))}" for line in report.impact[:MAX_ITEMS]]
    body += _more(len(report.impact))
    return _fold(f"⚠️ Impact on existing workload reviews ({len(report.impact)})", body, len(body))


def _risk(report: ReviewReport) -> str:
    changes = report.risk_changes()
    if not changes:
        return ""
    body = []
    for change, outcome in changes[:MAX_ITEMS]:
        body.append(f"- {code_span(change.path)}: {escape(outcome_summary(outcome))}")
        body += [f"  - {escape(describe_example(example))}" for example in outcome.examples]
    body += _more(len(changes))
    return _fold(f"Risk outcome changes ({len(changes)})", body, len(changes))


def _questions(report: ReviewReport) -> list[str]:
    """One block per changed question; each is folded when there are many."""
    if not report.questions:
        return []
    blocks = [f"### Changed questions ({len(report.questions)})"]
    fold = len(report.questions) > FOLD_AFTER
    blocks += [_question(question, fold) for question in report.questions]
    return blocks


def _question(question: QuestionChanges, fold: bool) -> str:
    body = []
    if question.title_before and question.title_after and question.title_before != question.title_after:
        body += [f"- **Title before:** {escape(question.title_before)}",
                 f"- **Title after:** {escape(question.title_after)}"]
    for change in question.changes:
        details = "<br>".join(change_details(change, HTML_MARKERS, escape))
        inside = change.path.removeprefix(question.path).lstrip("/")  # the question is in the heading already
        where = f" {code_span(inside)}" if inside else ""
        body.append(f"- {code_span(change.kind)}{where} ({change.impact}): {details}")
    if fold:  # a <summary> line is HTML, where Markdown escapes would show: escape it as HTML
        summary = f"{html.escape(shorten(question.title))} (<code>{html.escape(question.path)}</code>)"
        return "\n".join(["<details>", f"<summary>{summary}</summary>", "", *body, "", "</details>"])
    return "\n".join([f"#### {escape(shorten(question.title))} ({code_span(question.path)})", "", *body])


def _findings(report: ReviewReport) -> str:
    findings = report.findings
    if not findings:
        return "### Validation\n\n✅ no findings"
    rows = ["| | Code | Where | Message |", "|---|---|---|---|"]
    for finding in findings[:MAX_ITEMS]:
        loc = finding.location
        rows.append(f"| {SEVERITY_ICON[finding.severity.value]} | {code_span(finding.code, in_table=True)} | "
                    f"{code_span(f'{loc.file}:{loc.line}:{loc.column}', in_table=True)} | "
                    f"{escape(shorten(finding.message, MAX_MESSAGE))} |")
    rows += _more(len(findings))
    title = f"Validation: {report.error_count} error(s), {len(findings) - report.error_count} warning(s)"
    return _fold(title, rows, len(findings))


def _size(report: ReviewReport) -> str:
    size = report.size
    if size is None:
        return ""
    icon = "❌" if size.used > 1 else "⚠️" if size.used > 0.9 else "✅"
    return (f"### Size\n\n{icon} {size.characters:,} of {size.max_characters:,} characters, "
            f"{size.bytes:,} of {size.max_bytes:,} bytes ({size.used:.1%} of the 500 KB limit)")


def _publish(report: ReviewReport) -> str:
    preview = report.publish
    lines = ["### What publish would do", "", escape(preview.note)]
    if preview.targets:
        lines += ["", "| Target | Region | Account | Action | Version | Result |", "|---|---|---|---|---|---|"]
        lines += [f"| {escape(str(t['target']))} | {escape(str(t['region']))} | {escape(str(t['account']))} | "
                  f"{escape(str(t['action']))} | {escape(str(t['version']))} | {escape(str(t['result']))} |"
                  for t in preview.targets]
    if preview.workloads:
        lines += ["", "#### Workloads whose answers change risk", "", escape(preview.workloads[0]), ""]
        lines += [f"- {escape(line)}" for line in preview.workloads[1:]]
    return "\n".join(lines)
