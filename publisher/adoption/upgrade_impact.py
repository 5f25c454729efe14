"""What upgrading one lens review to a new version changes for that workload, from its answers and
both versions' lens documents: answers lost (questions or chosen choices removed, not-applicable
marks on removed choices, notes on removed questions) and risk moved."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.adoption.answer_risk import risk_of
from publisher.adoption.inventory import Answer

Question = Mapping[str, Any]


@dataclass(frozen=True)
class RemovedQuestion:
    """A question the new version drops; what the workload had on it is lost with it."""

    pillar_id: str
    question_id: str
    answered: bool  # choices selected or marked not applicable, or the question marked not applicable
    notes_only: bool = False  # not answered, but holding notes

    @property
    def lost(self) -> bool:
        return self.answered or self.notes_only


@dataclass(frozen=True)
class RemovedChoices:
    """Choices of a surviving question that the new version drops; ``answer_lost`` when one was chosen."""

    pillar_id: str
    question_id: str
    choice_ids: tuple[str, ...]
    answer_lost: bool


@dataclass(frozen=True)
class RiskChange:
    pillar_id: str
    question_id: str
    before: str
    after: str


@dataclass(frozen=True)
class Impact:
    """The upgrade of one review: every figure is computed, nothing is written."""

    questions_removed: tuple[RemovedQuestion, ...]
    choices_removed: tuple[RemovedChoices, ...]
    questions_added: tuple[tuple[str, str], ...]
    risk_changes: tuple[RiskChange, ...]

    @property
    def answers_lost(self) -> int:
        return (sum(item.lost for item in self.questions_removed)
                + sum(item.answer_lost for item in self.choices_removed))

    def to_json(self) -> dict[str, Any]:
        return {
            "answersLost": self.answers_lost,
            "questionsRemoved": [{"pillarId": q.pillar_id, "questionId": q.question_id, "answered": q.answered,
                                  "notesOnly": q.notes_only} for q in self.questions_removed],
            "choicesRemoved": [{"pillarId": c.pillar_id, "questionId": c.question_id, "choiceIds": list(c.choice_ids),
                                "answerLost": c.answer_lost} for c in self.choices_removed],
            "questionsAdded": [{"pillarId": p, "questionId": q} for p, q in self.questions_added],
            "riskChanges": [{"pillarId": r.pillar_id, "questionId": r.question_id, "from": r.before, "to": r.after}
                            for r in self.risk_changes],
        }


def questions_of(doc: Mapping[str, Any]) -> dict[str, tuple[str, Question]]:
    """Question id -> (pillar id, question), in lens order."""
    return {question["id"]: (pillar["id"], question) for pillar in doc["pillars"] for question in pillar["questions"]}


def upgrade_impact(answers: Sequence[Answer], old: Mapping[str, Any], new: Mapping[str, Any],
                   has_notes: Callable[[str], bool]) -> Impact:
    """The impact of moving ``answers`` (given under ``old``) to ``new``. ``has_notes(question id)``
    (a GetAnswer: ListAnswers has no notes) is asked only for removed questions that are not answered."""
    before, after = questions_of(old), questions_of(new)
    answered = {answer.question_id: answer for answer in answers}
    removed, dropped, changes = [], [], []
    for question_id, (pillar_id, question) in before.items():
        answer = answered.get(question_id)
        if question_id not in after:
            done = answer is not None and answer.state.answered
            removed.append(RemovedQuestion(pillar_id, question_id, done, not done and has_notes(question_id)))
            continue
        new_question = after[question_id][1]
        new_ids = frozenset(choice["id"] for choice in new_question["choices"])
        gone = tuple(choice["id"] for choice in question["choices"] if choice["id"] not in new_ids)
        state = answer.state if answer is not None else None
        if gone:
            lost = state is not None and bool((state.selected | state.not_applicable) & set(gone))
            dropped.append(RemovedChoices(pillar_id, question_id, gone, lost))
        if state is None:
            continue
        risk_before, risk_after = risk_of(question, state), risk_of(new_question, state.keeping(new_ids))
        if risk_before != risk_after:
            changes.append(RiskChange(after[question_id][0], question_id, risk_before, risk_after))
    added = tuple((pillar_id, question_id) for question_id, (pillar_id, _) in after.items()
                  if question_id not in before)
    return Impact(tuple(removed), tuple(dropped), added, tuple(changes))
