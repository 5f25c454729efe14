"""The inventory as a terminal table or as CSV (one row per workload and lens).

Workload names, review owners, tags, account names, titles, versions, ids and service messages come
from other accounts: every cell goes through :func:`publisher.safetext.clean` (text) or
:func:`publisher.safetext.csv_cell` (CSV).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from publisher.adoption.answer_risk import RISKS
from publisher.adoption.collect import ReviewError
from publisher.adoption.inventory import LensReview, shown_time
from publisher.adoption.report import Report
from publisher.publish.fanout import format_table
from publisher.safetext import clean, csv_cell

#: The CSV columns, one fact each; ``tag:KEY`` columns (one per chosen tag) come after ``reviewOwner``.
CSV_COLUMNS = ("account", "accountName", "region", "workloadId", "workloadName", "ownerAccount", "reviewOwner",
               "lensArn", "lensVersion", "lensStatus", "upgradeAvailable", "answered", *RISKS, "updatedAt",
               "flaggedAnswers")
SHORT = {"HIGH": "high", "MEDIUM": "medium", "NONE": "none", "NOT_APPLICABLE": "n/a", "UNANSWERED": "unanswered"}


def csv_columns(tags: Sequence[str]) -> tuple[str, ...]:
    at = CSV_COLUMNS.index("reviewOwner") + 1
    return (*CSV_COLUMNS[:at], *(f"tag:{key}" for key in tags), *CSV_COLUMNS[at:])


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    tags = report.tag_columns
    writer.writerow([csv_cell(column) for column in csv_columns(tags)])
    for r, flags in zip(report.reviews, report.flags, strict=True):
        cells: tuple[str | int, ...] = (
            r.account, report.collected.names.name(r.account), r.region, r.workload_id, r.workload_name,
            r.owner_account, r.review_owner or "", *(r.tags.get(key, "") for key in tags), r.lens_arn,
            r.lens_version, r.lens_status, str(r.upgrade_available).lower(), r.answered,
            *(r.risk_counts[risk] for risk in RISKS), r.updated_at, " | ".join(flag.text() for flag in flags))
        writer.writerow([csv_cell(cell) for cell in cells])
    return out.getvalue()


def table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> list[str]:
    """:func:`format_table` with every cell :func:`clean`-ed: one line per row, whatever the names hold."""
    return format_table(header, [tuple(clean(cell) for cell in row) for row in rows])


def error_lines(errors: Sequence[ReviewError]) -> list[str]:
    """The ``errors:`` section of the text outputs (nothing when there is no error)."""
    if not errors:
        return []
    return ["", "errors:", *(f"{clean(e.account)}/{clean(e.region)}: {clean(e.message)}" for e in errors)]


def note_lines(notes: Sequence[str]) -> list[str]:
    """``note: ...`` lines, then a blank line (nothing when there is no note)."""
    return [*(f"note: {clean(note)}" for note in notes), ""] if notes else []


def workload_columns(report: Report) -> tuple[list[str], list[list[str]]]:
    """The workload table's header and rows as text and HTML show them: the review owner and tag
    columns only when they were read, times in UTC."""
    tags = report.tag_columns
    owners = any(r.review_owner is not None for r in report.reviews)
    header = ["account", "region", "workload", *(["review owner"] if owners else []), *tags, "version", "status",
              "answered", *(SHORT[r] for r in RISKS), "updated"]
    rows = [[report.account_label(r.account), r.region, r.workload_name,
             *([r.review_owner or "-"] if owners else []), *(r.tags.get(key, "-") for key in tags), r.lens_version,
             _status(r.lens_status), f"{r.answered}/{r.questions}", *(str(r.risk_counts[risk]) for risk in RISKS),
             shown_time(r.updated_at)] for r in report.reviews]
    return header, rows


def flag_lines(report: Report) -> list[str]:
    """The ``not-applicable marks to check`` section (nothing when no answer is flagged)."""
    flagged = report.flagged()
    if not flagged:
        return []
    return ["", "not-applicable marks to check:", *(f"{_where(review)}: {clean(flag.text())}"
                                                     for review, flag in flagged)]


def _where(review: LensReview) -> str:
    return f"{clean(review.account)}/{clean(review.region)} {clean(review.workload_name)}"


def render_text(report: Report) -> str:
    lens = report.lens
    lines = [f"lens {clean(lens['name'])} ({clean(lens['arn'])}), latest version {clean(lens['latestVersion'])}: "
             f"{len(report.reviews)} workload(s) in {len(report.accounts())} account(s)", ""]
    lines += note_lines(report.notes)
    header, rows = workload_columns(report)
    lines += table(header, rows)
    sections: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]] = [
        ("per pillar", ("pillar", *(SHORT[r] for r in RISKS)),
         [(report.pillar_label(pillar), *(str(c[r]) for r in RISKS)) for pillar, c in report.pillars().items()]),
        ("per account", ("account", "workloads", "upgradable", *(SHORT[r] for r in RISKS)),
         [(report.account_label(account), str(c["workloads"]), str(c["upgradeAvailable"]), *(str(c[r]) for r in RISKS))
          for account, c in report.accounts().items()]),
    ]
    if report.group_by is not None:
        sections.append((f"per {report.group_by.title}",
                         (report.group_by.title, "workloads", "upgradable", *(SHORT[r] for r in RISKS)),
                         [(value, str(c["workloads"]), str(c["upgradeAvailable"]), *(str(c[r]) for r in RISKS))
                          for value, c in report.groups().items()]))
    sections += [
        ("questions at risk (most HIGH first)", ("pillar", "question", *(SHORT[r] for r in RISKS)),
         [(report.pillar_label(pillar), report.question_label(question), *(str(c[r]) for r in RISKS))
          for (pillar, question), c in report.at_risk()]),
        ("most common improvement items", ("workloads", "question", "best practice"),
         [(str(i.workloads), report.question_label(i.question_id), i.title) for i in report.improvements()]),
    ]
    for title, heading, body in sections:
        if body:
            lines += ["", f"{title}:", *table(heading, body)]
    return "\n".join(lines + flag_lines(report) + error_lines(report.collected.errors))


def _status(status: str) -> str:
    return "NOT_CURRENT (upgrade available)" if status == "NOT_CURRENT" else status
