"""The Risk of an answer, computed from the question's riskRules the way the service does."""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .conditions import ChoiceState, Node, holds, parse_condition
from .lens_checks import NONE_OF_THESE_SUFFIX

if TYPE_CHECKING:
    from .reviews import AnswerState

RISK_OF_RULE = {"HIGH_RISK": "HIGH", "MEDIUM_RISK": "MEDIUM", "NO_RISK": "NONE"}
RISKS = ("UNANSWERED", "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE")


@lru_cache(maxsize=4096)
def _parsed(condition: str) -> Node:
    return parse_condition(condition)


def risk_of(question: dict[str, Any], answer: AnswerState | None) -> str:
    """NOT_APPLICABLE for a question marked not applicable; UNANSWERED with nothing selected or
    marked; NONE when every choice but "None of these" is not applicable; else the first rule whose
    condition holds (UNANSWERED when none does)."""
    if answer is None:
        return "UNANSWERED"
    if not answer.is_applicable:
        return "NOT_APPLICABLE"
    selected, not_applicable = frozenset(answer.selected), frozenset(answer.not_applicable)
    if not selected and not not_applicable:
        return "UNANSWERED"
    ordinary = {choice["id"] for choice in question["choices"] if not choice["id"].endswith(NONE_OF_THESE_SUFFIX)}
    if not selected and not_applicable >= ordinary:
        return "NONE"
    state = ChoiceState(selected, not_applicable)
    for rule in question["riskRules"]:
        if holds(_parsed(rule["condition"]), state):
            return RISK_OF_RULE[rule["risk"]]
    return "UNANSWERED"


def risk_counts(questions: list[tuple[dict[str, Any], AnswerState | None]]) -> dict[str, int]:
    """How many of ``questions`` (with their answers) are at each risk; every risk is a key."""
    counts = dict.fromkeys(RISKS, 0)
    for question, answer in questions:
        counts[risk_of(question, answer)] += 1
    return counts
