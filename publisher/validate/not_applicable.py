"""Can marking a choice not applicable lower a question's risk? Decided over every answer, with bitsets.

The WA Tool treats a choice marked not applicable as *neutral*: it satisfies ``&&`` terms and does
not satisfy ``||`` terms, and a condition made only of neutral choices does not hold (see
``publisher.adoption.answer_risk``). An answer gives each ordinary choice one of three states,
unselected (digit 0), selected (1) or not applicable (2); a "None of these" choice is only 0 or 1
(the API refuses to mark it not applicable). Answers are numbered in that mixed radix, and every
condition becomes two bitsets over all answers: where it is true and where it is false.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from publisher import riskexpr
from publisher.lensformat import NONE_OF_THESE_SUFFIX
from publisher.validate.analysis import MAX_CHOICES
from publisher.validate.context import QuestionView

UNSELECTED, SELECTED, NOT_APPLICABLE = 0, 1, 2
#: Severity of each risk; an answer no rule decides counts as 0 (the WA Tool shows it Unanswered).
RANK = {"HIGH_RISK": 3, "MEDIUM_RISK": 2, "NO_RISK": 1}
EXAMPLES_SCANNED = 256


@dataclass(frozen=True)
class Lowering:
    """An answer that leaves ``choice_id`` unselected, and what marking it not applicable does to its risk."""

    choice_id: str
    selected: list[str]
    not_applicable: list[str]
    before: str
    after: str | None


@dataclass(frozen=True)
class Lowerings:
    """How many answers a not-applicable mark lowers, and the one with the fewest choices answered."""

    count: int
    example: Lowering


class AnswerSpace:
    """Every answer to a question, as bit positions of a big integer."""

    def __init__(self, choice_ids: list[str]) -> None:
        self.choice_ids = choice_ids
        self.radix = [2 if cid.endswith(NONE_OF_THESE_SUFFIX) else 3 for cid in choice_ids]
        self.stride: list[int] = []
        size = 1
        for radix in self.radix:
            self.stride.append(size)
            size *= radix
        self.size = size
        self.full = (1 << size) - 1
        self.index = {cid: position for position, cid in reversed(list(enumerate(choice_ids)))}

    def digit(self, position: int, value: int) -> int:
        """Bitset of the answers that give the choice at ``position`` the state ``value``."""
        stride, period = self.stride[position], self.stride[position] * self.radix[position]
        pattern, width = ((1 << stride) - 1) << (value * stride), period
        while width < self.size:  # double the repeated period until it covers every answer
            pattern |= pattern << width
            width *= 2
        return pattern & self.full

    def truth(self, expr: riskexpr.Expr) -> tuple[int, int]:
        """(answers where ``expr`` is true, answers where it is false); neither means neutral."""
        if isinstance(expr, riskexpr.Default):
            return self.full, 0
        if isinstance(expr, riskexpr.Choice):
            position = self.index.get(expr.id)
            if position is None:  # not a choice of the question (E4002): never selected
                return 0, self.full
            return self.digit(position, SELECTED), self.digit(position, UNSELECTED)
        if isinstance(expr, riskexpr.Not):
            true, false = self.truth(expr.operand)
            return false, true
        if isinstance(expr, riskexpr.And | riskexpr.Or):
            trues = falses = 0
            for operand in expr.operands:
                true, false = self.truth(operand)
                trues, falses = trues | true, falses | false
            if isinstance(expr, riskexpr.And):  # false when one operand is; true when none is and one is true
                return trues & ~falses & self.full, falses
            return trues, falses & ~trues & self.full
        raise TypeError(f"unknown condition node {expr!r}")

    def decode(self, answer: int) -> tuple[list[str], list[str]]:
        """(selected ids, not-applicable ids) of one answer."""
        selected: list[str] = []
        not_applicable: list[str] = []
        for cid, stride, radix in zip(self.choice_ids, self.stride, self.radix, strict=True):
            state = answer // stride % radix
            if state == SELECTED:
                selected.append(cid)
            elif state == NOT_APPLICABLE:
                not_applicable.append(cid)
        return selected, not_applicable


def can_analyse(question: QuestionView) -> bool:
    ids = question.choice_ids
    return (bool(question.rules) and question.all_rules_parse and 0 < len(ids) <= MAX_CHOICES
            and len(set(ids)) == len(ids) and all(rule.risk in RANK for rule in question.rules))


def risk_masks(space: AnswerSpace, question: QuestionView) -> dict[str, int]:
    """Risk level -> the answers whose first holding rule has that level (first match wins)."""
    remaining = space.full
    levels: dict[str, int] = {}
    for rule in question.rules:
        assert rule.expr is not None  # can_analyse holds
        hits = space.truth(rule.expr)[0] & remaining
        levels[rule.risk] = levels.get(rule.risk, 0) | hits
        remaining &= ~hits
    return levels


def lowerings(question: QuestionView, choice_id: str) -> Lowerings | None:
    """Answers where marking ``choice_id`` not applicable, instead of leaving it unselected, gives a
    less severe risk (or none). None when there is none, or when the question cannot be analysed.

    Two answers are left out: the empty one (Unanswered either way) and the one that marks every
    other ordinary choice not applicable: marking this one too makes the WA Tool score NO_RISK
    whatever the rules say, which only ``walens reviews`` can catch.
    """
    if not can_analyse(question) or choice_id not in question.choice_ids or choice_id.endswith(NONE_OF_THESE_SUFFIX):
        return None
    space = AnswerSpace(question.choice_ids)
    levels = risk_masks(space, question)
    position = space.index[choice_id]
    shift = NOT_APPLICABLE * space.stride[position]
    before_mask, after_mask = space.digit(position, UNSELECTED), space.digit(position, NOT_APPLICABLE)
    undecided = space.full & ~sum_masks(levels.values())
    after_levels = {risk: (mask & after_mask) >> shift for risk, mask in levels.items()}
    undecided_after = (undecided & after_mask) >> shift
    lowered = 0
    for before, mask in levels.items():
        below = undecided_after | sum_masks(m for risk, m in after_levels.items() if RANK[risk] < RANK[before])
        lowered |= mask & before_mask & below
    others_all_na = sum(NOT_APPLICABLE * stride for cid, stride in zip(space.choice_ids, space.stride, strict=True)
                        if cid != choice_id and not cid.endswith(NONE_OF_THESE_SUFFIX))
    lowered &= ~(1 | 1 << others_all_na)
    if not lowered:
        return None
    answer = _fewest_choices(space, lowered)
    selected, not_applicable = space.decode(answer)
    after = next((risk for risk, mask in levels.items() if mask >> (answer + shift) & 1), None)
    before = next(risk for risk, mask in levels.items() if mask >> answer & 1)
    return Lowerings(lowered.bit_count(), Lowering(choice_id, selected, not_applicable, before, after))


def sum_masks(masks: Iterable[int]) -> int:
    """The union of bitsets."""
    union = 0
    for mask in masks:
        union |= mask
    return union


def _fewest_choices(space: AnswerSpace, answers: int) -> int:
    """Of the lowest-numbered answers in ``answers``, the one that answers the fewest choices."""
    scanned: list[int] = []
    while answers and len(scanned) < EXAMPLES_SCANNED:
        low = answers & -answers
        scanned.append(low.bit_length() - 1)
        answers ^= low
    return min(scanned, key=lambda answer: (sum(map(len, space.decode(answer))), answer))
