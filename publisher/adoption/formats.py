"""The inventory as a terminal table or as CSV (one row per workload and lens)."""

from __future__ import annotations

import csv
import io

from publisher.adoption.answer_risk import RISKS
from publisher.adoption.report import Report
from publisher.publish.fanout import format_table

CSV_COLUMNS = ("account", "region", "workloadId", "workloadName", "owner", "lensArn", "lensVersion", "lensStatus",
               "upgradeAvailable", "answered", "unanswered", *RISKS, "updatedAt")
SHORT = {"HIGH": "high", "MEDIUM": "medium", "NONE": "none", "NOT_APPLICABLE": "n/a", "UNANSWERED": "unanswered"}


def render_csv(report: Report) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in report.reviews:
        writer.writerow([r.account, r.region, r.workload_id, r.workload_name, r.owner, r.lens_arn, r.lens_version,
                         r.lens_status, str(r.upgrade_available).lower(), r.answered, r.unanswered,
                         *(r.risk_counts[risk] for risk in RISKS), r.updated_at])
    return out.getvalue()


def render_text(report: Report) -> str:
    lens = report.lens
    lines = [f"lens {lens['name']} ({lens['arn']}), latest version {lens['latestVersion']}: "
             f"{len(report.reviews)} workload(s) in {len(report.accounts())} account(s)", ""]
    lines += format_table(
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
         [(pillar, question, *(str(c[r]) for r in RISKS)) for (pillar, question), c in _at_risk(report)]),
        ("most common improvement items", ("workloads", "question", "best practice"),
         [(str(i.workloads), i.question_id, i.title) for i in report.improvements()]),
    ]
    for title, header, rows in sections:
        if rows:
            lines += ["", f"{title}:", *format_table(header, rows)]
    if report.collected.errors:
        lines += ["", "errors:", *(f"{e.account}/{e.region}: {e.message}" for e in report.collected.errors)]
    return "\n".join(lines)


def _at_risk(report: Report) -> list[tuple[tuple[str, str], dict[str, int]]]:
    """Questions where some workload is at HIGH or MEDIUM risk, most HIGH first (``--format json`` has all)."""
    rows = [(key, counts) for key, counts in report.questions().items() if counts["HIGH"] or counts["MEDIUM"]]
    return sorted(rows, key=lambda row: (-row[1]["HIGH"], -row[1]["MEDIUM"]))


def _status(status: str) -> str:
    return "NOT_CURRENT (upgrade available)" if status == "NOT_CURRENT" else status
