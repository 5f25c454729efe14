"""The plan as text (a terminal) or Markdown (a pull request, a wiki); JSON is the plan itself."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from publisher.mdtext import escape
from publisher.safetext import clean

_MARK = {"satisfied": "+", "violated": "-", "unknown": "?", "not_applicable": "n/a"}


def _facts(verdict: Mapping[str, Any]) -> str:
    from publisher.assess.evaluate import Cited
    from publisher.assess.notes import cite

    cited = [Cited(f["path"], f["value"], f["origin"]) for f in verdict["facts"]]
    return f" [{cite(cited)}]" if cited else ""


def _lines(plan: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(kind, text) rows shared by both formats: heading, item or line."""
    rows = [("heading", f"walens assess: cluster {plan['cluster']['name']} ({plan['cluster']['region']}), "
                        f"workload {plan['workload']['id']}, lens {plan['lens']['name']}")]
    rows += [("line", line) for line in plan["notCollected"]]
    summary = plan["summary"]
    rows.append(("line", f"{summary['questions']} question(s) with evidence: {summary['select']} choice(s) to "
                         f"select, {summary['contradicted']} contradicted, {summary['notApplicable']} not applicable; "
                         f"{plan['apiCalls']} AWS call(s)"))
    for question in plan["questions"]:
        risk = question["risk"]
        rows.append(("heading", f"{question['questionId']}: {question['title']} (risk {risk['current']} -> "
                                f"{risk['afterApply']}; with --merge {risk['afterMerge']})"))
        current = question["current"]
        rows.append(("item", "current: " + (", ".join(current["selectedChoices"]) or "unanswered")))
        rows += [("item", f"{_MARK[v['verdict']]} {v['choiceId']}: {v['reason']}{_facts(v)}")
                 for v in question["verdicts"]]
        for key, label in (("select", "select"), ("contradicted", "contradicted (kept: a person chose it)")):
            if question[key]:
                rows.append(("item", f"{label}: {', '.join(question[key])}"))
        if question["notApplicable"]:
            rows.append(("item", "not applicable: " + ", ".join(n["choiceId"] for n in question["notApplicable"])))
    return rows


def as_text(plan: Mapping[str, Any]) -> str:
    """One line per row; names, facts and reasons from the cluster, a file or the network are cleaned."""
    return "\n".join(("  " if kind == "item" else "") + clean(text) for kind, text in _lines(plan)) + "\n"


def as_markdown(plan: Mapping[str, Any]) -> str:
    out: list[str] = []
    for kind, text in _lines(plan):
        if kind == "heading":
            out.append(f"\n{'#' if not out else '###'} {escape(text)}\n")
        else:
            out.append(f"- {escape(text)}" if kind == "item" else f"{escape(text)}\n")
    return "\n".join(out).lstrip("\n") + "\n"
