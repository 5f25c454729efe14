"""The inventory as a terminal table or as CSV (one row per workload and lens).

Workload names, owners, versions, ids and service messages come from other accounts: every cell
goes through :func:`publisher.safetext.clean` (text) or :func:`publisher.safetext.csv_cell` (CSV).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from publisher.adoption.answer_risk import RISKS
from publisher.adoption.collect import ReviewError
from publisher.adoption.report import Report
from publisher.publish.fanout import format_table
from publisher.safetext import clean, csv_cell

CSV_COLUMNS = ("account", "region", "workloadId", "workloadName", "owner", "lensArn", "lensVersion", "lensStatus",
               "upgradeAvailable", "answered", "unanswered", *RISKS, "updatedAt")
SHORT = {"HIGH": "high", "MEDIUM": "medium", "NONE": "none", "NOT_APPLICABLE": "n/a", "UNANSWERED": "unanswered"}


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.reviews:
        cells: tuple[str | int, ...] = (
            r.account, r.region, r.workload_id, r.workload_name, r.owner, r.lens_arn, r.lens_version, r.lens_status,
            str(r.upgrade_available).lower(), r.answered, r.unanswered, *(r.risk_counts[risk] for risk in RISKS),
            r.updated_at)
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


def render_text(report: Report) -> str:
    lens = report.lens
    lines = [f"lens {clean(lens['name'])} ({clean(lens['arn'])}), latest version {clean(lens['latestVersion'])}: "
             f"{len(report.reviews)} workload(s) in {len(report.accounts())} account(s)", ""]
    lines += table(
        ("account", "region", "workload", "version", "status", "answered", *(SHORT[r] for r in RISKS), "updated",
         "owner"),
        [(r.account, r.region, r.workload_name, r.lens_version, _status(r.lens_status), str(r.answered),
          *(str(r.risk_counts[risk]) for risk in RISKS), r.updated_at[:19], r.owner) for r in report.reviews])
    sections: list[tuple[str, tuple[str, ...], list[tuple[str, ...]]]] = [
        ("per pillar", ("pillar", *(SHORT[r] for r in RISKS)),
         [(pillar, *(str(c[r]) for r in RISKS)) for pillar, c in report.pillars().items()]),
        ("per account", ("account", "workloads", "upgradable", *(SHORT[r] for r in RISKS)),
         [(account, str(c["workloads"]), str(c["upgradeAvailable"]), *(str(c[r]) for r in RISKS))
          for account, c in report.accounts().items()]),
        ("questions at risk (most HIGH first)", ("pillar", "question", *(SHORT[r] for r in RISKS)),
         [(pillar, question, *(str(c[r]) for r in RISKS)) for (pillar, question), c in report.at_risk()]),
        ("most common improvement items", ("workloads", "question", "best practice"),
         [(str(i.workloads), i.question_id, i.title) for i in report.improvements()]),
    ]
    for title, header, rows in sections:
        if rows:
            lines += ["", f"{title}:", *table(header, rows)]
    return "\n".join(lines + error_lines(report.collected.errors))


def _status(status: str) -> str:
    return "NOT_CURRENT (upgrade available)" if status == "NOT_CURRENT" else status
