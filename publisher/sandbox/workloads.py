"""The state of workloads and lens reviews, and the pure functions that read and change it.

``reviews.py`` holds the operations (a backend mixin); this module knows nothing of accounts.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .control import CONTROLS
from .exceptions import ValidationException
from .lens_checks import NONE_OF_THESE_SUFFIX
from .lenses import LensSnapshot
from .risk import risk_counts, risk_of

MAX_WORKLOAD_LENSES = 20
CHOICE_STATUSES = ("SELECTED", "NOT_APPLICABLE", "UNSELECTED")


@dataclass
class AnswerState:
    """What a workload owner said about one question."""

    selected: list[str] = field(default_factory=list)
    not_applicable: dict[str, dict[str, str]] = field(default_factory=dict)  # choice id -> Reason/Notes
    notes: str | None = None
    is_applicable: bool = True
    reason: str | None = None


@dataclass
class LensReview:
    """One lens applied to a workload, pinned to the version the workload uses."""

    lens_arn: str
    snapshot: LensSnapshot
    updated_at: datetime
    answers: dict[str, AnswerState] = field(default_factory=dict)
    notes: str | None = None
    pillar_notes: dict[str, str] = field(default_factory=dict)


@dataclass
class Milestone:
    """A frozen copy of the workload and its reviews."""

    number: int
    name: str
    recorded_at: datetime
    workload: dict[str, Any]
    reviews: dict[str, LensReview]


@dataclass
class Workload:
    workload_id: str
    arn: str
    name: str
    description: str
    environment: str
    owner: str
    updated_at: datetime
    reviews: dict[str, LensReview]
    details: dict[str, Any]
    milestones: list[Milestone] = field(default_factory=list)
    improvement_status: str = "NOT_APPLICABLE"


def question_index(snapshot: LensSnapshot) -> dict[str, tuple[str, dict[str, Any]]]:
    """question id -> (pillar id, question)."""
    return {question["id"]: (pillar["id"], question)
            for pillar in snapshot.content["pillars"] for question in pillar["questions"]}


def review_counts(review: LensReview, pillar_id: str | None = None) -> dict[str, int]:
    return risk_counts([(question, review.answers.get(question_id))
                        for question_id, (pillar, question) in question_index(review.snapshot).items()
                        if pillar_id in (None, pillar)])


def content_link(link: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"DisplayText": link.get("displayText"), "Url": link.get("url")} if link else None


def check_lens_count(count: int) -> None:
    """At most 20 lenses per workload (a ValidationException: AssociateLenses models no quota error)."""
    if count > MAX_WORKLOAD_LENSES:
        raise ValidationException(f"A workload can use at most {MAX_WORKLOAD_LENSES} lenses.",
                                  fields=[{"Name": "Lenses", "Message": f"at most {MAX_WORKLOAD_LENSES} lenses"}])


def missing_practices(question: dict[str, Any], answer: AnswerState | None) -> list[dict[str, Any]]:
    """At HIGH or MEDIUM risk: the choices with an improvement plan neither selected nor not applicable."""
    if risk_of(question, answer) not in ("HIGH", "MEDIUM"):
        return []
    done = set(answer.selected) | set(answer.not_applicable) if answer else set()
    return [choice for choice in question["choices"] if choice["id"] not in done and choice.get("improvementPlan")]


def lens_metric(review: LensReview) -> dict[str, Any]:
    pillars = [{"PillarId": pillar["id"], "RiskCounts": review_counts(review, pillar["id"]), "Questions": [
        {"QuestionId": question["id"], "Risk": risk_of(question, review.answers.get(question["id"])),
         "BestPractices": [{"ChoiceId": choice["id"], "ChoiceTitle": choice["title"]} for choice in
                           missing_practices(question, review.answers.get(question["id"]))]}
        for question in pillar["questions"]]} for pillar in review.snapshot.content["pillars"]]
    return {"LensArn": review.lens_arn, "Pillars": pillars, "RiskCounts": review_counts(review)}


def answer_view(review: LensReview, pillar_id: str, question: dict[str, Any]) -> dict[str, Any]:
    """The Answer structure of GetAnswer/UpdateAnswer (ListAnswers keeps a subset)."""
    answer = review.answers.get(question["id"]) or AnswerState()
    helpful = question.get("helpfulResource") or {}
    choices = [{
        "ChoiceId": choice["id"], "Title": choice["title"], "Description": choice.get("description"),
        "HelpfulResource": content_link(choice.get("helpfulResource")),
        "ImprovementPlan": content_link(choice.get("improvementPlan")),
        "AdditionalResources": [
            {"Type": resource["type"], "Content": [content_link(link) for link in resource["content"]]}
            for resource in choice.get("additionalResources", [])],
    } for choice in question["choices"]]
    choice_answers = [{"ChoiceId": choice_id, "Status": "SELECTED"} for choice_id in answer.selected]
    choice_answers += [{"ChoiceId": choice_id, "Status": "NOT_APPLICABLE", **details}
                       for choice_id, details in answer.not_applicable.items()]
    return {"QuestionId": question["id"], "PillarId": pillar_id, "QuestionTitle": question["title"],
            "QuestionDescription": question.get("description"), "HelpfulResourceUrl": helpful.get("url"),
            "HelpfulResourceDisplayText": helpful.get("displayText"), "Choices": choices,
            "SelectedChoices": list(answer.selected), "ChoiceAnswers": choice_answers,
            "IsApplicable": answer.is_applicable, "Risk": risk_of(question, answer), "Notes": answer.notes,
            "Reason": answer.reason}


def write_answer(review: LensReview, question: dict[str, Any], request: dict[str, Any]) -> None:
    """Apply an UpdateAnswer (or UpdateReviewTemplateAnswer) request to ``question``'s answer in ``review``."""
    question_id = question["id"]
    choice_ids = {choice["id"] for choice in question["choices"]}
    answer = copy.deepcopy(review.answers.get(question_id) or AnswerState())
    if request.get("SelectedChoices") is not None:
        answer.selected = list(request["SelectedChoices"])
    for choice_id, update in (request.get("ChoiceUpdates") or {}).items():
        apply_choice_update(answer, choice_id, update)
    unknown = (set(answer.selected) | set(answer.not_applicable)) - choice_ids
    if unknown:
        raise ValidationException(
            f"Unknown choices for question {question_id}: {', '.join(sorted(unknown))}.",
            fields=[{"Name": "SelectedChoices", "Message": "unknown choice ids"}])
    if request.get("Notes") is not None:
        answer.notes = request["Notes"]
    if request.get("IsApplicable") is not None:
        answer.is_applicable = bool(request["IsApplicable"])
    if request.get("Reason") is not None:
        answer.reason = request["Reason"]
    review.answers[question_id] = answer
    review.updated_at = CONTROLS.now()


def apply_choice_update(answer: AnswerState, choice_id: str, update: dict[str, Any]) -> None:
    status = update.get("Status")
    if status not in CHOICE_STATUSES:
        raise ValidationException(f"Invalid choice status {status}.",
                                  fields=[{"Name": f"ChoiceUpdates.{choice_id}.Status", "Message": "invalid"}])
    answer.selected = [selected for selected in answer.selected if selected != choice_id]
    answer.not_applicable.pop(choice_id, None)
    if status == "SELECTED":
        answer.selected.append(choice_id)
    elif status == "NOT_APPLICABLE":
        if choice_id.endswith(NONE_OF_THESE_SUFFIX):
            raise ValidationException(
                f"Choice {choice_id} (None of these) cannot be marked not applicable.",
                fields=[{"Name": f"ChoiceUpdates.{choice_id}", "Message": "None of these cannot be NOT_APPLICABLE"}])
        answer.not_applicable[choice_id] = {key: value for key, value in update.items()
                                            if key in ("Reason", "Notes") and value is not None}


def move(review: LensReview, target: LensSnapshot) -> None:
    """Point the review at ``target``; answers survive where the question and its chosen choices still exist."""
    questions = question_index(target)
    kept = {}
    for question_id, answer in review.answers.items():
        if question_id not in questions:
            continue
        choice_ids = {choice["id"] for choice in questions[question_id][1]["choices"]}
        if not (set(answer.selected) | set(answer.not_applicable)) <= choice_ids:
            answer = AnswerState(notes=answer.notes, is_applicable=answer.is_applicable, reason=answer.reason)
        kept[question_id] = answer
    review.snapshot = target
    review.answers = kept
    review.updated_at = CONTROLS.now()
