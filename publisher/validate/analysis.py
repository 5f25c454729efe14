"""Layer 3: risk-rule analysis of one question over all 2**n selections of its choices."""

from __future__ import annotations

from dataclasses import dataclass

from publisher.riskexpr import choice_masks, first_match_masks, iter_bits
from publisher.validate.context import QuestionView

MAX_CHOICES = 15


@dataclass(frozen=True)
class RiskAnalysis:
    """Which rule decides each answered selection (bit ``s`` = selection ``s``; bit ``i`` of ``s`` = choice i).

    The empty selection is left out: a question with nothing selected is Unanswered.
    """

    choice_ids: list[str]
    risks: list[str]
    holds: list[int]
    decided: list[int]
    undecided: int

    @property
    def answered_count(self) -> int:
        return (1 << len(self.choice_ids)) - 1

    def outcome(self, selection: int) -> tuple[int, str] | None:
        """Index and risk of the rule that decides ``selection``; None when no rule does."""
        for index, hits in enumerate(self.decided):
            if hits >> selection & 1:
                return index, self.risks[index]
        return None

    def selection_ids(self, selection: int) -> list[str]:
        return [cid for bit, cid in enumerate(self.choice_ids) if selection >> bit & 1]

    def smallest(self, bits: int, limit: int) -> list[int]:
        """Up to ``limit`` selections from ``bits`` with the fewest choices, as a reviewer reads examples."""
        return sorted(iter_bits(bits), key=lambda s: (s.bit_count(), s))[:limit]


def analyse(question: QuestionView) -> RiskAnalysis | None:
    """Bitset analysis of the question's rules; None when the rules or choices are too broken to analyse."""
    ids = question.choice_ids
    risks = [rule.risk for rule in question.rules]
    if (not question.rules or not question.all_rules_parse or not 0 < len(ids) <= MAX_CHOICES
            or len(set(ids)) != len(ids) or not all(isinstance(risk, str) for risk in risks)):
        return None
    exprs = [rule.expr for rule in question.rules if rule.expr is not None]
    masks, full = choice_masks(ids)
    holds = [expr.mask(masks, full) & ~1 for expr in exprs]
    decided, undecided = first_match_masks(exprs, ids)
    return RiskAnalysis(ids, risks, holds, [hits & ~1 for hits in decided], undecided & ~1)
