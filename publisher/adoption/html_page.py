"""The inventory as one self-contained HTML page: inline CSS and SVG charts, no script, no external
asset (a Content-Security-Policy forbids loading any), every text :func:`publisher.safetext.clean`-ed (the page
may be printed to a terminal) and HTML-escaped."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape

from publisher.adoption.answer_risk import RISKS
from publisher.adoption.formats import workload_columns
from publisher.adoption.na_flags import WHY
from publisher.adoption.report import Report
from publisher.safetext import clean

COLOURS = {"HIGH": "#c62828", "MEDIUM": "#ef8f00", "NONE": "#2e7d32", "NOT_APPLICABLE": "#9e9e9e",
           "UNANSWERED": "#d7dce2"}
LABELS = {"HIGH": "High", "MEDIUM": "Medium", "NONE": "None", "NOT_APPLICABLE": "Not applicable",
          "UNANSWERED": "Unanswered"}
BAR, GAP, LABEL_WIDTH, PLOT_WIDTH = 18, 8, 220, 460

STYLE = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:2rem auto;max-width:1100px;color:#1d2733;
padding:0 1rem}
h1{font-size:1.6rem;margin-bottom:.2rem}h2{margin-top:2rem;font-size:1.2rem}.sub{color:#5b6673;margin-top:0}
.cards{display:flex;gap:1rem;flex-wrap:wrap}.card{border:1px solid #d7dce2;border-radius:8px;padding:.7rem 1rem;
min-width:130px}.card b{display:block;font-size:1.5rem}table{border-collapse:collapse;width:100%;font-size:13px}
th,td{border-bottom:1px solid #e6e9ed;padding:.3rem .5rem;text-align:left}th{background:#f4f6f8}
td.n{text-align:right}.legend span{display:inline-block;margin-right:1rem}.legend i{display:inline-block;width:10px;
height:10px;margin-right:4px;border-radius:2px}svg text{font-size:12px;fill:#1d2733}.error{color:#c62828}
.note{background:#fff4e5;border-left:4px solid #ef8f00;padding:.4rem .7rem}
"""


def _text(value: object) -> str:
    return escape(clean(value))


def render_html(report: Report) -> str:
    lens = report.lens
    statuses = report.statuses()
    cards = [("Workloads", len(report.reviews)), ("Accounts", len(report.accounts())),
             ("Upgrade available", statuses.get("NOT_CURRENT", 0)),
             ("High-risk answers", sum(r.risk_counts["HIGH"] for r in report.reviews)),
             ("Accounts not read", len(report.collected.errors))]
    questions = {report.question_label(question): counts for (_pillar, question), counts in report.questions().items()}
    pillars = {report.pillar_label(pillar): counts for pillar, counts in report.pillars().items()}
    header, rows = workload_columns(report)
    parts = [
        f"<h1>{_text(lens['name'])}: adoption</h1>",
        f"<p class=sub>Lens {_text(lens['arn'])}, latest version {_text(lens['latestVersion'])}</p>",
        *(f"<p class=note>{_text(note)}</p>" for note in report.notes),
        "<div class=cards>" + "".join(f"<div class=card><b>{value}</b>{_text(label)}</div>"
                                      for label, value in cards) + "</div>",
        "<h2>Risk by pillar</h2>", _legend(), _stacked_chart("Risk by pillar", pillars),
        "<h2>Risk by question</h2>", _legend(), _stacked_chart("Risk by question", questions),
        "<h2>Adoption by version</h2>", _bar_chart("Workloads per lens version", report.versions()),
        "<h2>Workloads</h2>",
        _table([column[:1].upper() + column[1:] for column in header], rows),
        "<h2>Accounts</h2>",
        _table(("Account", "Workloads", "Upgrade available", *(LABELS[r] for r in RISKS)),
               [(report.account_label(account), c["workloads"], c["upgradeAvailable"], *(c[r] for r in RISKS))
                for account, c in report.accounts().items()]),
    ]
    if report.group_by is not None:
        parts += [f"<h2>Workloads by {_text(report.group_by.title)}</h2>",
                  _table((report.group_by.title.capitalize(), "Workloads", "Upgrade available",
                          *(LABELS[r] for r in RISKS)),
                         [(value, c["workloads"], c["upgradeAvailable"], *(c[r] for r in RISKS))
                          for value, c in report.groups().items()])]
    parts += [
        "<h2>Most common improvement items</h2>",
        _table(("Workloads", "Pillar", "Question", "Best practice"),
               [(i.workloads, report.pillar_label(i.pillar_id), report.question_label(i.question_id), i.title)
                for i in report.improvements()]),
    ]
    if report.flagged():
        parts += ["<h2>Not-applicable marks to check</h2>",
                  _table(("Account", "Region", "Workload", "Question", "Choices", "Why"),
                         [(report.account_label(r.account), r.region, r.workload_name,
                           report.question_label(f.question_id), "; ".join(t or c for c, t in f.choices), WHY[f.kind])
                          for r, f in report.flagged()])]
    if report.collected.errors:
        parts += ["<h2 class=error>Accounts that could not be read</h2>",
                  _table(("Account", "Region", "Error"),
                         [(e.account, e.region, e.message) for e in report.collected.errors])]
    return ("<!DOCTYPE html>\n<html lang=en><head><meta charset=utf-8>"
            "<meta http-equiv=Content-Security-Policy content=\"default-src 'none'; style-src 'unsafe-inline'\">"
            "<meta name=viewport content=\"width=device-width,initial-scale=1\">"
            f"<title>{_text(lens['name'])}: adoption</title><style>{STYLE}</style></head><body>"
            + "\n".join(parts) + "</body></html>\n")


def _legend() -> str:
    return "<p class=legend>" + "".join(f"<span><i style=\"background:{COLOURS[r]}\"></i>{LABELS[r]}</span>"
                                        for r in RISKS) + "</p>"


def _svg(title: str, rows: int, body: list[str]) -> str:
    height = max(rows, 1) * (BAR + GAP) + GAP
    return (f"<svg role=img width={LABEL_WIDTH + PLOT_WIDTH + 60} height={height} "
            f"viewBox=\"0 0 {LABEL_WIDTH + PLOT_WIDTH + 60} {height}\" xmlns=\"http://www.w3.org/2000/svg\">"
            f"<title>{_text(title)}</title>" + "".join(body) + "</svg>")


def _label(text: str, y: int) -> str:
    shown = text if len(text) <= 34 else text[:33] + "…"
    return f"<text x=0 y={y + BAR - 5}><title>{_text(text)}</title>{_text(shown)}</text>"


def _stacked_chart(title: str, rows: Mapping[str, Mapping[str, int]]) -> str:
    """One horizontal bar per row, its risks stacked and scaled to the row's total."""
    body = []
    for index, (name, counts) in enumerate(rows.items()):
        y = GAP + index * (BAR + GAP)
        total = sum(counts.values()) or 1
        x = float(LABEL_WIDTH)
        body.append(_label(name, y))
        for risk in RISKS:
            width = PLOT_WIDTH * counts[risk] / total
            if counts[risk]:
                body.append(f"<rect x={x:.1f} y={y} width={width:.1f} height={BAR} fill=\"{COLOURS[risk]}\">"
                            f"<title>{_text(name)}: {counts[risk]} {LABELS[risk].lower()}</title></rect>")
            x += width
    return _svg(title, len(rows), body)


def _bar_chart(title: str, values: Mapping[str, int]) -> str:
    peak = max(values.values(), default=0) or 1
    body = []
    for index, (name, value) in enumerate(values.items()):
        y = GAP + index * (BAR + GAP)
        width = PLOT_WIDTH * value / peak
        body += [_label(f"version {name}", y),
                 f"<rect x={LABEL_WIDTH} y={y} width={width:.1f} height={BAR} fill=\"#1f6feb\">"
                 f"<title>version {_text(name)}: {value} workload(s)</title></rect>",
                 f"<text x={LABEL_WIDTH + width + 6:.1f} y={y + BAR - 5}>{value}</text>"]
    return _svg(title, len(values), body)


def _table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    head = "".join(f"<th>{_text(cell)}</th>" for cell in header)
    body = "".join("<tr>" + "".join(
        f"<td class=n>{cell}</td>" if isinstance(cell, int) else f"<td>{_text(cell)}</td>" for cell in row)
        + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
