"""The risk of one answer under a question's rules, the way the service computes it.

Conditions are parsed by ``publisher.riskexpr``; a choice marked not applicable is neutral: it
satisfies neither side of a comparison, so ``a && b`` with ``b`` not applicable is ``a``, and a
condition made only of not-applicable choices does not hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from publisher import riskexpr

RISK_OF_RULE = {"HIGH_RISK": "HIGH", "MEDIUM_RISK": "MEDIUM", "NO_RISK": "NONE"}
RISKS = ("HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED")
#: The id suffix of a question's "None of these" choice.
NONE_OF_THESE_SUFFIX = "_no"


@dataclass(frozen=True)
class AnswerState:
    """What a workload answered to one question."""

    selected: frozenset[str] = frozenset()
    not_applicable: frozenset[str] = frozenset()
    applicable: bool = True

    @property
    def answered(self) -> bool:
        return bool(self.selected or self.not_applicable) or not self.applicable

    def keeping(self, choice_ids: frozenset[str]) -> AnswerState:
        """The answer after an upgrade to a question with ``choice_ids``: reset when a chosen choice is gone."""
        if (self.selected | self.not_applicable) <= choice_ids:
            return self
        return AnswerState(applicable=self.applicable)


@lru_cache(maxsize=4096)
def _parsed(condition: str) -> riskexpr.Expr:
    return riskexpr.parse(condition)


def _value(expr: riskexpr.Expr, answer: AnswerState) -> bool | None:
    """Three-valued evaluation: None when only not-applicable choices decide."""
    if isinstance(expr, riskexpr.Default):
        return True
    if isinstance(expr, riskexpr.Choice):
        return None if expr.id in answer.not_applicable else expr.id in answer.selected
    if isinstance(expr, riskexpr.Not):
        inner = _value(expr.operand, answer)
        return None if inner is None else not inner
    if isinstance(expr, riskexpr.And | riskexpr.Or):
        values = [value for value in (_value(operand, answer) for operand in expr.operands) if value is not None]
        if not values:
            return None
        return all(values) if isinstance(expr, riskexpr.And) else any(values)
    raise TypeError(f"unknown condition node {expr!r}")


def risk_of(question: Mapping[str, Any], answer: AnswerState) -> str:
    """HIGH, MEDIUM, NONE, NOT_APPLICABLE or UNANSWERED for ``answer`` under ``question``'s rules."""
    if not answer.applicable:
        return "NOT_APPLICABLE"
    if not answer.selected and not answer.not_applicable:
        return "UNANSWERED"
    ordinary = {choice["id"] for choice in question["choices"] if not choice["id"].endswith(NONE_OF_THESE_SUFFIX)}
    if not answer.selected and answer.not_applicable >= ordinary:
        return "NONE"
    rules: Sequence[Mapping[str, str]] = question.get("riskRules", ())
    for rule in rules:
        if _value(_parsed(rule["condition"]), answer) is True:
            return RISK_OF_RULE[rule["risk"]]
    return "UNANSWERED"
