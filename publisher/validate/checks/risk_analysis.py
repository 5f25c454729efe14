"""W4020-W4022: what the rules of each question do over every selection of its choices."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher.findings import Finding, Severity, pointer_join
from publisher.lensformat import NO_RISK
from publisher.validate.analysis import RiskAnalysis, analyse
from publisher.validate.context import CheckContext, QuestionView
from publisher.validate.registry import FORMAT_SPEC, Check


def _analyses(ctx: CheckContext) -> list[tuple[QuestionView, RiskAnalysis]]:
    """Analysis of every question whose rules can be analysed, computed once per context."""
    if "risk_analysis" not in ctx.memo:
        pairs = [(question, analyse(question)) for question in ctx.questions]
        ctx.memo["risk_analysis"] = [(question, result) for question, result in pairs if result is not None]
    analyses: list[tuple[QuestionView, RiskAnalysis]] = ctx.memo["risk_analysis"]
    return analyses


def format_selection(ids: list[str]) -> str:
    return "{" + ", ".join(ids) + "}" if ids else "{}"


class UnreachableRule(Check):
    code = "W4020"
    severity = Severity.WARNING
    description = "A risk rule never decides the risk: earlier rules cover every selection where it holds"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question, result in _analyses(ctx):
            default_seen = False
            for rule, holds, hits in zip(question.rules, result.holds, result.decided, strict=True):
                if not hits:
                    if default_seen:
                        reason = "it comes after the 'default' rule"
                    elif not holds:
                        reason = "its condition holds for no selection of choices"
                    else:
                        reason = "earlier rules already decide every selection where it holds"
                    yield ctx.report(self, rule.condition_pointer,
                                     f"this {rule.risk} rule can never apply: {reason}")
                default_seen = default_seen or rule.is_default


class SelectionsWithoutRule(Check):
    code = "W4021"
    severity = Severity.WARNING
    description = "Some selections of choices match no risk rule"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question, result in _analyses(ctx):
            if result.undecided:
                examples = "; ".join(format_selection(result.selection_ids(selection))
                                     for selection in result.smallest(result.undecided, 3))
                count = result.undecided.bit_count()
                yield ctx.report(self, pointer_join(question.node.pointer, "riskRules"),
                                 f"{count} of {result.answered_count} selections {'matches' if count == 1 else 'match'}"
                                 f" no rule, e.g. {examples}")


class BestAnswerNotNoRisk(Check):
    code = "W4022"
    severity = Severity.WARNING
    description = "Selecting every choice except \"None of these\" does not give NO_RISK"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question, result in _analyses(ctx):
            none_ids = set(question.none_ids)
            best = sum(1 << bit for bit, cid in enumerate(result.choice_ids) if cid not in none_ids)
            if not best:
                continue
            outcome = result.outcome(best)
            if outcome is None or outcome[1] != NO_RISK:
                risk = "no rule" if outcome is None else f"{outcome[1]} (rule {outcome[0] + 1})"
                yield ctx.report(self, pointer_join(question.node.pointer, "riskRules"),
                                 f"selecting every choice except None of these gives {risk}, not NO_RISK")
