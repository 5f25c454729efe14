"""The review as GitHub Markdown for a pull-request comment and the job summary.

The report is built from self-contained blocks (balanced ``<details>`` included) in order of
importance. The header (with the version verdict) and the validation findings are always kept;
other blocks that would push the comment past GitHub's limit are left out, and the closing note
names each of them and where the full report is.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.diff.describe import change_details, outcome_summary, shorten
from publisher.diff.notices import describe_example
from publisher.diff.render_markdown import HTML_MARKERS, evidence_markdown
from publisher.diff.render_text import MEANING
from publisher.findings import Finding
from publisher.mdtext import code_span, escape, fenced, html_text
from publisher.review.model import QuestionChanges, ReviewReport
from publisher.review.rule_diff import rule_diff

MARKER = "<!-- walens-review -->"
#: GitHub refuses comments longer than 65536 characters; keep room for the closing note.
COMMENT_LIMIT = 65_536
#: The job summary takes up to 1 MiB per step: the full report.
SUMMARY_LIMIT = 1_000_000
NOTE_ROOM = 1_000
#: Sections with more items than this are folded into <details>.
FOLD_AFTER = 10
#: Longer lists (impact lines, risk changes, findings) are cut, so that no section outgrows the comment.
MAX_ITEMS = 150
MAX_MESSAGE = 300
#: The impact section keeps whole lines up to this many characters, so that it always fits.
IMPACT_ROOM = 20_000
#: Findings are always in the comment, errors first: at most this many rows (~40,000 characters).
MAX_FINDINGS = 100
STATUS_ICON = {"ok": "✅", "mismatch": "❌", "unknown": "⚠️"}
SEVERITY_ICON = {"error": "❌", "warning": "⚠️"}
LOCAL_FULL_REPORT = "run `walens review --format text` for the full report"


@dataclass(frozen=True)
class Links:
    """Where the full report and the HTML preview are (URLs), when known."""

    full_report: str = ""
    preview: str = ""


@dataclass(frozen=True)
class Block:
    """One section of the comment; ``title`` names it in the closing note when it is left out."""

    title: str
    text: str
    required: bool = False


def render_markdown(report: ReviewReport, limit: int = COMMENT_LIMIT, links: Links = Links()) -> str:
    """The report, at most ``limit`` characters long, ending with a newline."""
    header = _header(report, links)
    room = limit - len(MARKER) - len(header) - NOTE_ROOM - 8
    blocks = [Block("header", header, required=True),
              Block("Validation", _findings(report, room), required=True),
              Block("Summary", _summary(report)), Block("Impact on existing workload reviews", _impact(report)),
              Block("Risk outcome changes", _risk(report)), Block("Evidence rule changes", _evidence(report)),
              Block("Size", _size(report)),
              Block("What publish would do", _publish(report)), *_questions(report)]
    return fit(MARKER, [block for block in blocks if block.text], limit, links)


def fit(head: str, blocks: list[Block], limit: int, links: Links = Links()) -> str:
    """``head``, the required blocks and as many others as fit in ``limit``, then a note naming what was cut."""
    budget = limit - len(head) - NOTE_ROOM - sum(len(block.text) + 2 for block in blocks if block.required)
    kept, cut = [head], []
    for block in blocks:
        if not block.required and len(block.text) + 2 > budget:
            cut.append(block.title)
            continue
        kept.append(block.text)
        budget -= 0 if block.required else len(block.text) + 2
    if cut:
        kept.append(_cut_note(cut, limit, links))
    return "\n\n".join(kept) + "\n"


def _cut_note(cut: list[str], limit: int, links: Links) -> str:
    names = list(dict.fromkeys(cut))  # changed questions share one name, listed once with a count
    counted = [f"{name} ({cut.count(name)})" if cut.count(name) > 1 else name for name in names]
    where = (f"The full report is in [the job summary]({links.full_report}); or {LOCAL_FULL_REPORT}."
             if links.full_report else f"The full report is in the job summary of this run; or {LOCAL_FULL_REPORT}.")
    return (f"> **Report cut** to stay under GitHub's {limit:,}-character comment limit. Left out: "
            f"{escape('; '.join(counted))}. {where}")


def _fold(title: str, body: list[str], count: int) -> str:
    if count <= FOLD_AFTER:
        return "\n".join([f"### {title}", "", *body])
    return "\n".join(["<details>", f"<summary><b>{title}</b></summary>", "", *body, "", "</details>"])


def _more(total: int) -> list[str]:
    """The closing line of a list cut at MAX_ITEMS."""
    if total <= MAX_ITEMS:
        return []
    return ["", f"… and {total - MAX_ITEMS} more: {LOCAL_FULL_REPORT}."]


def _header(report: ReviewReport, links: Links) -> str:
    version = report.version
    classification = report.classification
    lines = [f"## Lens review: {escape(report.lens_name or 'lens')}", "",
             f"{code_span(report.base.label)} → {code_span(report.head.label)}"]
    if report.base_note:
        lines += ["", f"Base: {escape(report.base_note)}"]
    lines += ["", f"**Change: {classification.upper()}**"
              + (f" ({MEANING[classification]})" if classification in MEANING else ""), "",
              f"**Version:** {STATUS_ICON[version.status]} {escape(version.message)}", "",
              f"**Validation:** {'❌' if report.error_count else '✅'} {report.error_count} error(s), "
              f"{len(report.findings) - report.error_count} warning(s)"]
    if links.preview:
        lines += ["", f"**Preview:** [the lens as an interactive HTML page]({links.preview}) (download the "
                  "artifact, open the file, tick choices to see the risk)"]
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
    body: list[str] = []
    used = 0
    for line in report.impact[:MAX_ITEMS]:  # whole sentences, never cut: fewer lines instead
        item = f"- {escape(line)}"
        if used + len(item) > IMPACT_ROOM:
            break
        body.append(item)
        used += len(item) + 1
    if len(body) < len(report.impact):
        body += ["", f"… and {len(report.impact) - len(body)} more: {LOCAL_FULL_REPORT}."]
    return _fold(f"⚠️ Impact on existing workload reviews ({len(report.impact)})", body, len(body))


def _risk(report: ReviewReport) -> str:
    """Wiped answers, then each changed rule set once: its figures, examples and a ``diff`` block."""
    changes = report.risk_changes()
    if not changes and not report.wiped:
        return ""
    body = [f"- {code_span(wiped.path)}: {wiped.wiped} of {wiped.possible} possible answers are wiped on upgrade "
            f"(they tick removed choice(s) {escape(', '.join(wiped.removed))})" for wiped in report.wiped]
    for change, outcome in changes[:MAX_ITEMS]:
        body += ["", f"**{code_span(change.path)}**: {escape(outcome_summary(outcome))}"]
        body += [f"- {escape(describe_example(example))}" for example in outcome.examples]
        body += ["", fenced("diff", rule_diff(change))]
    body += _more(len(changes))
    count = len(changes) + len(report.wiped)
    return _fold(f"Risk outcome changes ({count})", body, count)


def _evidence(report: ReviewReport) -> str:
    """Each choice whose evidence rules change, once: its path and a ``diff`` block of its rules."""
    evidence = report.evidence
    if evidence is None or not evidence.changes:
        return ""
    count = len(evidence.changes)
    return _fold(f"Evidence rule changes ({count})", evidence_markdown(evidence), count)


def _questions(report: ReviewReport) -> list[Block]:
    """One block per changed question; each is folded when there are many."""
    if not report.questions:
        return []
    title = "Changed questions"
    fold = len(report.questions) > FOLD_AFTER
    return [Block(title, f"### {title} ({len(report.questions)})"),
            *(Block(title, _question(question, fold)) for question in report.questions)]


def _question(question: QuestionChanges, fold: bool) -> str:
    body = []
    if question.title_before and question.title_after and question.title_before != question.title_after:
        body += [f"- **Title before:** {escape(question.title_before)}",
                 f"- **Title after:** {escape(question.title_after)}"]
    for change in question.changes:
        if change.outcome is not None:  # shown once, in the risk section
            details = "risk rules changed: see **Risk outcome changes**"
        else:
            details = "<br>".join(change_details(change, HTML_MARKERS, escape))
        inside = change.path.removeprefix(question.path).lstrip("/")  # the question is in the heading already
        where = f" {code_span(inside)}" if inside else ""
        body.append(f"- {code_span(change.kind)}{where} ({change.impact}): {details}")
    if fold:  # a <summary> line is HTML, where Markdown escapes would show: escape it as HTML
        summary = f"{html_text(shorten(question.title))} (<code>{html_text(question.path)}</code>)"
        return "\n".join(["<details>", f"<summary>{summary}</summary>", "", *body, "", "</details>"])
    return "\n".join([f"#### {escape(shorten(question.title))} ({code_span(question.path)})", "", *body])


def _findings(report: ReviewReport, room: int) -> str:
    """Errors first, as many rows as ``room`` characters hold (the comment must stay under its limit)."""
    findings = report.findings
    if not findings:
        return ""  # the header says "0 error(s), 0 warning(s)"
    rows = ["| | Code | Where | Message |", "|---|---|---|---|"]
    used = 200 + sum(len(row) + 1 for row in rows)  # the title, folding and the closing line
    for finding in errors_first(findings)[:MAX_FINDINGS]:
        row = (f"| {SEVERITY_ICON[finding.severity.value]} | {code_span(finding.code, in_table=True)} | "
               f"{code_span(str(finding.location), in_table=True)} | {escape(shorten(finding.message, MAX_MESSAGE))} |")
        if used + len(row) + 1 > room:
            break
        rows.append(row)
        used += len(row) + 1
    if len(rows) - 2 < len(findings):
        rows += ["", f"… and {len(findings) - len(rows) + 2} more: {LOCAL_FULL_REPORT}."]
    title = f"Validation: {report.error_count} error(s), {len(findings) - report.error_count} warning(s)"
    return _fold(title, rows, len(findings))


def errors_first(findings: tuple[Finding, ...]) -> list[Finding]:
    """Errors, then warnings, each in file order."""
    return sorted(findings, key=lambda finding: not finding.is_error)


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
        lines += ["| " + " | ".join(escape(str(t[key])) for key in ("target", "region", "account", "action",
                                                                      "version", "result")) + " |"
                  for t in preview.targets]
    if preview.workloads:
        lines += ["", "#### Workloads whose answers change risk", "", escape(preview.workloads[0]), ""]
        lines += [f"- {escape(line)}" for line in preview.workloads[1:]]
    return "\n".join(lines)
