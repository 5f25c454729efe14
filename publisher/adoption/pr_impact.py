"""Review impact for pull requests: how the changed lens would move the risk of existing answers.

Only workloads on the published latest version are compared (their answers were given under the
lens the pull request changes); each answer's risk now (``ListAnswers``) is set against its risk
under the head lens (an answer whose question or chosen choice is removed becomes UNANSWERED).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from publisher.adoption.answer_risk import risk_of
from publisher.adoption.collect import Collected
from publisher.adoption.upgrade_impact import questions_of

#: Sentences shown; the rest are summarised in one more line.
MAX_SHIFTS = 20


@dataclass(frozen=True)
class RiskShift:
    """Workloads whose answer to one question goes from one risk to another."""

    question_id: str
    before: str
    after: str
    workloads: int
    accounts: int

    def sentence(self) -> str:
        return (f"{self.workloads} workload(s) in {self.accounts} account(s) go from {self.before} to {self.after} "
                f"on {self.question_id}")


def risk_shifts(collected: Collected, head: Mapping[str, Any]) -> tuple[list[RiskShift], int]:
    """The shifts, most workloads first, and how many workloads were compared."""
    questions = questions_of(head)
    latest = {lens.published_version for lens in collected.lenses.values()}
    compared = [review for review in collected.reviews if review.lens_version in latest]
    groups: dict[tuple[str, str, str], set[tuple[str, str, str]]] = {}
    for review in compared:
        for answer in review.answers:
            question = questions.get(answer.question_id)
            after = "UNANSWERED" if question is None else risk_of(
                question[1], answer.state.keeping(frozenset(c["id"] for c in question[1]["choices"])))
            if after != answer.risk:
                groups.setdefault((answer.question_id, answer.risk, after), set()).add(
                    (review.account, review.region, review.workload_id))
    shifts = [RiskShift(question, before, after, len(found), len({account for account, _, _ in found}))
              for (question, before, after), found in groups.items()]
    shifts.sort(key=lambda s: (-s.workloads, s.question_id, s.before, s.after))
    return shifts, len(compared)


def impact_lines(collected: Collected, head: Mapping[str, Any], minor_to: tuple[str, ...] = ()) -> tuple[str, ...]:
    """One sentence per shift (capped at ``MAX_SHIFTS``), after a line saying what was compared.

    ``minor_to``: the versions a publish would create as minor versions, which the service applies to
    the reviews on the latest version without asking anyone ("automatically applied ... without any
    notification", WA Tool user guide, publishing a custom lens).
    """
    shifts, compared = risk_shifts(collected, head)
    versions = ", ".join(sorted({str(lens.published_version) for lens in collected.lenses.values()}))
    lines = [f"{compared} workload(s) on version {versions} compared; {len(shifts)} change(s) of risk"
             + (f"; {len(collected.errors)} account-Region(s) could not be read" if collected.errors else "")]
    if minor_to and compared:
        lines.append(f"{compared} review(s) move to {', '.join(minor_to)} automatically: a minor version is "
                     "applied to them without notice, so these changes of risk happen on publish")
    lines += [shift.sentence() for shift in shifts[:MAX_SHIFTS]]
    if len(shifts) > MAX_SHIFTS:
        rest = shifts[MAX_SHIFTS:]
        lines.append(f"... and {len(rest)} more change(s) affecting {sum(s.workloads for s in rest)} answer(s)")
    return tuple(lines)
