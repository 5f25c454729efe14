"""Not-applicable marks a manager should not trust (issue 21).

Two kinds of answer are flagged, on questions the workload marks applicable:

- ``neverNotApplicable``: a choice the lens sources list under ``neverNotApplicable`` (a practice
  that applies to every workload) is marked not applicable. The lists live only in the sources
  (the published lens JSON does not carry them), so without sources this check is not run.
- ``everyChoiceNotApplicable``: every ordinary choice (all but "None of these") is marked not
  applicable, which the service rates NO_RISK whatever the risk rules say.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.adoption.answer_risk import NONE_OF_THESE_SUFFIX
from publisher.adoption.inventory import Answer, LensReview

NEVER = "neverNotApplicable"
EVERY = "everyChoiceNotApplicable"
WHY = {NEVER: "marked not applicable, but the lens says it applies to every workload",
       EVERY: "every choice marked not applicable: rated no risk whatever the rules say"}

#: question id -> the choices that must never be marked not applicable; None when the sources are not at hand.
NeverLists = Mapping[str, frozenset[str]] | None


@dataclass(frozen=True)
class Flag:
    """One flagged answer: the question and the choices concerned (id, title)."""

    kind: str
    pillar_id: str
    question_id: str
    question_title: str
    choices: tuple[tuple[str, str], ...]

    def text(self) -> str:
        titles = "; ".join(title or choice for choice, title in self.choices)
        return f"{self.question_title or self.question_id} ({self.question_id}): {titles}: {WHY[self.kind]}"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "pillarId": self.pillar_id, "questionId": self.question_id,
                "questionTitle": self.question_title,
                "choices": [{"choiceId": choice, "title": title} for choice, title in self.choices]}


def not_run_note(never: NeverLists) -> str | None:
    """The note saying the never-not-applicable check was not run (None when it was)."""
    if never is not None:
        return None
    return (f"the {NEVER} check was not run: the lists live only in the lens sources, which are not at hand "
            "(answers with every choice not applicable are still flagged)")


def flags_of(review: LensReview, never: NeverLists) -> list[Flag]:
    """The flagged answers of one lens review, in lens order."""
    flags = []
    for answer in review.answers:
        if answer.state.applicable:
            flags += _flags(answer, never)
    return flags


def _flags(answer: Answer, never: NeverLists) -> list[Flag]:
    marked = answer.state.not_applicable
    found: list[tuple[str, Sequence[tuple[str, str]]]] = []
    if never is not None:
        forbidden = marked & never.get(answer.question_id, frozenset())
        found.append((NEVER, [choice for choice in answer.choices if choice[0] in forbidden]))
    ordinary = [choice for choice in answer.choices if not choice[0].endswith(NONE_OF_THESE_SUFFIX)]
    if ordinary and all(choice in marked for choice, _title in ordinary):
        found.append((EVERY, ordinary))
    return [Flag(kind, answer.pillar_id, answer.question_id, answer.title, tuple(choices))
            for kind, choices in found if choices]
