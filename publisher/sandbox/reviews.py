"""Workloads and lens reviews: just enough to observe what a lens version does to its users.

Minor versions move reviews that were current to the new version silently; a major version leaves
them where they are and ListNotifications reports LENS_VERSION_UPGRADED until UpgradeLensReview.
A deleted lens (or one no longer shared) is reported as LENS_VERSION_DEPRECATED.
"""

from __future__ import annotations

import copy
import dataclasses
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from uuid import uuid4

from .conditions import ChoiceState, Node, holds, parse_condition
from .control import CONTROLS
from .exceptions import ConflictException, ResourceNotFoundException, ValidationException
from .lens_checks import NONE_OF_THESE_SUFFIX
from .lenses import CustomLens, LensRef, LensShare, LensSnapshot, parse_lens_arn
from .tags import merged_tags

MAX_WORKLOAD_LENSES = 20
RISK_OF_RULE = {"HIGH_RISK": "HIGH", "MEDIUM_RISK": "MEDIUM", "NO_RISK": "NONE"}
RISKS = ("UNANSWERED", "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE")
REASONS = ("OUT_OF_SCOPE", "BUSINESS_PRIORITIES", "ARCHITECTURE_CONSTRAINTS", "OTHER", "NONE")
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


@dataclass
class Milestone:
    number: int
    name: str
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
    tags: dict[str, str] = field(default_factory=dict)
    milestones: list[Milestone] = field(default_factory=list)


@lru_cache(maxsize=4096)
def _parsed(condition: str) -> Node:
    return parse_condition(condition)


def risk_of(question: dict[str, Any], answer: AnswerState | None) -> str:
    """The answer's Risk, computed from the question's riskRules the way the service does."""
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


def _risk_counts(questions: list[tuple[dict[str, Any], AnswerState | None]]) -> dict[str, int]:
    counts = dict.fromkeys(RISKS, 0)
    for question, answer in questions:
        counts[risk_of(question, answer)] += 1
    return counts


def _questions(snapshot: LensSnapshot) -> dict[str, tuple[str, dict[str, Any]]]:
    """question id -> (pillar id, question)."""
    return {question["id"]: (pillar["id"], question)
            for pillar in snapshot.content["pillars"] for question in pillar["questions"]}


def _content_link(link: dict[str, Any] | None) -> dict[str, Any] | None:
    return {"DisplayText": link.get("displayText"), "Url": link.get("url")} if link else None


class ReviewOperations:
    """CreateWorkload, GetWorkload, DeleteWorkload, GetLensReview, UpdateAnswer, GetAnswer,
    ListNotifications and UpgradeLensReview."""

    account_id: str
    region_name: str
    partition: str

    if TYPE_CHECKING:  # provided by WellArchitectedBackend
        def peer(self, account_id: str) -> ReviewOperations: ...
        def all_accounts(self) -> list[str]: ...
        def find_lens(self, ref: LensRef) -> CustomLens | None: ...
        def readable_lens(self, alias: str) -> CustomLens: ...
        def accepted_share(self, lens: CustomLens) -> LensShare | None: ...
        def check_enum(self, name: str, value: str | None, allowed: tuple[str, ...]) -> None: ...

    def init_reviews(self) -> None:
        self.workloads: dict[str, Workload] = {}

    # -- workloads ------------------------------------------------------------------------------
    def create_workload(self, name: str, description: str, environment: str,
                        lens_aliases: list[str], tags: dict[str, str] | None,
                        details: dict[str, Any]) -> Workload:
        self.check_enum("Environment", environment, ("PRODUCTION", "PREPRODUCTION"))
        if any(workload.name == name for workload in self.workloads.values()):
            raise ConflictException(f"A workload named {name} already exists.", name, "WORKLOAD")
        if len(lens_aliases) > MAX_WORKLOAD_LENSES:
            raise ValidationException(f"A workload can use at most {MAX_WORKLOAD_LENSES} lenses.",
                                      fields=[{"Name": "Lenses", "Message": "too many lenses"}])
        now = CONTROLS.now()
        reviews = {}
        for alias in lens_aliases:
            lens = self.readable_lens(alias)
            if lens.latest is None:
                raise ValidationException(f"Lens {alias} is not published.",
                                          fields=[{"Name": "Lenses", "Message": f"{alias} is not published"}])
            reviews[lens.arn] = LensReview(lens_arn=lens.arn, snapshot=lens.latest, updated_at=now)
        workload_id = uuid4().hex
        arn = f"arn:{self.partition}:wellarchitected:{self.region_name}:{self.account_id}:workload/{workload_id}"
        workload = Workload(workload_id, arn, name, description, environment, self.account_id, now, reviews,
                            details, merged_tags({}, tags or {}, arn))
        self.workloads[workload_id] = workload
        return workload

    def workload(self, workload_id: str) -> Workload:
        workload = self.workloads.get(workload_id)
        if workload is None:
            raise ResourceNotFoundException(f"Workload {workload_id} not found.", workload_id, "WORKLOAD")
        return workload

    def workload_by_arn(self, arn: str) -> Workload | None:
        return next((workload for workload in self.workloads.values() if workload.arn == arn), None)

    def delete_workload(self, workload_id: str) -> None:
        self.workload(workload_id)
        del self.workloads[workload_id]

    def describe_workload(self, workload_id: str) -> dict[str, Any]:
        workload = self.workload(workload_id)
        counts = dict.fromkeys(RISKS, 0)
        for review in workload.reviews.values():
            for risk, count in self._review_counts(review).items():
                counts[risk] += count
        return {**workload.details, "WorkloadId": workload.workload_id, "WorkloadArn": workload.arn,
                "WorkloadName": workload.name, "Description": workload.description,
                "Environment": workload.environment, "UpdatedAt": workload.updated_at,
                "Lenses": list(workload.reviews), "Owner": workload.owner, "RiskCounts": counts,
                "ImprovementStatus": "NOT_APPLICABLE", "Tags": dict(workload.tags)}

    @staticmethod
    def _review_counts(review: LensReview) -> dict[str, int]:
        return _risk_counts([(question, review.answers.get(question_id))
                             for question_id, (_, question) in _questions(review.snapshot).items()])

    # -- lens reviews ---------------------------------------------------------------------------
    def _review(self, workload_id: str, lens_alias: str, milestone: int | None = None) -> LensReview:
        workload = self.workload(workload_id)
        parse_lens_arn(lens_alias)
        reviews = workload.reviews
        if milestone is not None:
            recorded = next((item for item in workload.milestones if item.number == milestone), None)
            if recorded is None:
                raise ResourceNotFoundException(f"Milestone {milestone} not found.", str(milestone), "MILESTONE")
            reviews = recorded.reviews
        review = reviews.get(lens_alias)
        if review is None:
            raise ResourceNotFoundException(
                f"Lens {lens_alias} is not applied to workload {workload_id}.", lens_alias, "LENS_REVIEW")
        return review

    def _lens_status(self, review: LensReview) -> str:
        lens = self.find_lens(parse_lens_arn(review.lens_arn))
        if lens is None or lens.latest is None:
            return "DELETED"
        if lens.ref.account != self.account_id and self.accepted_share(lens) is None:
            return "UNSHARED"
        return "CURRENT" if review.snapshot.version == lens.latest.version else "NOT_CURRENT"

    def get_lens_review(self, workload_id: str, lens_alias: str,
                        milestone: int | None) -> dict[str, Any]:
        review = self._review(workload_id, lens_alias, milestone)
        pillars = []
        for pillar in review.snapshot.content["pillars"]:
            pillars.append({"PillarId": pillar["id"], "PillarName": pillar["name"], "RiskCounts": _risk_counts(
                [(question, review.answers.get(question["id"])) for question in pillar["questions"]])})
        return {"LensAlias": review.lens_arn, "LensArn": review.lens_arn, "LensVersion": review.snapshot.version,
                "LensName": review.snapshot.name, "LensStatus": self._lens_status(review),
                "PillarReviewSummaries": pillars, "UpdatedAt": review.updated_at,
                "RiskCounts": self._review_counts(review)}

    def get_answer(self, workload_id: str, lens_alias: str, question_id: str,
                   milestone: int | None) -> dict[str, Any]:
        review = self._review(workload_id, lens_alias, milestone)
        return self._answer(review, question_id)

    def update_answer(self, workload_id: str, lens_alias: str, question_id: str, request: dict[str, Any],
                      ) -> dict[str, Any]:
        review = self._review(workload_id, lens_alias)
        question = self._question(review, question_id)[1]
        choice_ids = {choice["id"] for choice in question["choices"]}
        answer = copy.deepcopy(review.answers.get(question_id) or AnswerState())
        if request.get("SelectedChoices") is not None:
            answer.selected = list(request["SelectedChoices"])
        for choice_id, update in (request.get("ChoiceUpdates") or {}).items():
            _apply_choice_update(answer, choice_id, update)
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
            self.check_enum("Reason", request["Reason"], REASONS)
            answer.reason = request["Reason"]
        review.answers[question_id] = answer
        review.updated_at = CONTROLS.now()
        return self._answer(review, question_id)

    def _question(self, review: LensReview, question_id: str) -> tuple[str, dict[str, Any]]:
        found = _questions(review.snapshot).get(question_id)
        if found is None:
            raise ResourceNotFoundException(f"Question {question_id} not found.", question_id, "QUESTION")
        return found

    def _answer(self, review: LensReview, question_id: str) -> dict[str, Any]:
        pillar_id, question = self._question(review, question_id)
        answer = review.answers.get(question_id) or AnswerState()
        helpful = question.get("helpfulResource") or {}
        choices = [{
            "ChoiceId": choice["id"], "Title": choice["title"],
            "HelpfulResource": _content_link(choice.get("helpfulResource")),
            "ImprovementPlan": _content_link(choice.get("improvementPlan")),
            "AdditionalResources": [
                {"Type": resource["type"], "Content": [_content_link(link) for link in resource["content"]]}
                for resource in choice.get("additionalResources", [])],
        } for choice in question["choices"]]
        choice_answers = [{"ChoiceId": choice_id, "Status": "SELECTED"} for choice_id in answer.selected]
        choice_answers += [{"ChoiceId": choice_id, "Status": "NOT_APPLICABLE", **details}
                           for choice_id, details in answer.not_applicable.items()]
        return {"LensAlias": review.lens_arn, "LensArn": review.lens_arn, "Answer": {
            "QuestionId": question_id, "PillarId": pillar_id, "QuestionTitle": question["title"],
            "QuestionDescription": question.get("description"), "HelpfulResourceUrl": helpful.get("url"),
            "HelpfulResourceDisplayText": helpful.get("displayText"), "Choices": choices,
            "SelectedChoices": list(answer.selected), "ChoiceAnswers": choice_answers,
            "IsApplicable": answer.is_applicable, "Risk": risk_of(question, answer), "Notes": answer.notes,
            "Reason": answer.reason}}

    # -- versions and notifications -------------------------------------------------------------
    def apply_new_version(self, lens: CustomLens, published: LensSnapshot) -> None:
        """A minor version moves every review that was current onto it, in the owner's account and in
        accounts that still have the lens shared; a major one moves none."""
        if published.is_major:
            return
        previous = lens.versions[-2] if len(lens.versions) > 1 else None
        for account_id in self.all_accounts():
            user = self.peer(account_id)
            if account_id != lens.ref.account and user.accepted_share(lens) is None:
                continue
            for workload in user.workloads.values():
                review = workload.reviews.get(lens.arn)
                if review is not None and review.snapshot is previous:
                    _move(review, published)

    def list_notifications(self, workload_id: str | None,
                           resource_arn: str | None) -> list[dict[str, Any]]:
        workloads = [self.workload(workload_id)] if workload_id else list(self.workloads.values())
        notifications = []
        for workload in workloads:
            for review in workload.reviews.values():
                status = self._lens_status(review)
                if status == "CURRENT" or resource_arn not in (None, review.lens_arn, workload.arn):
                    continue
                lens = self.find_lens(parse_lens_arn(review.lens_arn))
                latest = lens.latest.version if status == "NOT_CURRENT" and lens and lens.latest else None
                notifications.append({
                    "Type": "LENS_VERSION_UPGRADED" if status == "NOT_CURRENT" else "LENS_VERSION_DEPRECATED",
                    "LensUpgradeSummary": {
                        "WorkloadId": workload.workload_id, "WorkloadName": workload.name,
                        "LensAlias": review.lens_arn, "LensArn": review.lens_arn,
                        "CurrentLensVersion": review.snapshot.version, "LatestLensVersion": latest,
                        "ResourceArn": workload.arn, "ResourceName": workload.name}})
        return notifications

    def upgrade_lens_review(self, workload_id: str, lens_alias: str,
                            milestone_name: str) -> None:
        review = self._review(workload_id, lens_alias)
        lens = self.readable_lens(lens_alias)
        if lens.latest is None or review.snapshot is lens.latest:
            raise ValidationException(f"Workload {workload_id} already uses the latest version of {lens_alias}.",
                                      fields=[{"Name": "LensAlias", "Message": "already on the latest version"}])
        workload = self.workload(workload_id)
        if not 3 <= len(milestone_name) <= 100:
            raise ValidationException("MilestoneName must be 3-100 characters.",
                                      fields=[{"Name": "MilestoneName", "Message": "3-100 characters"}])
        if any(milestone.name == milestone_name for milestone in workload.milestones):
            raise ConflictException(f"Milestone {milestone_name} already exists.", milestone_name, "MILESTONE")
        frozen = {arn: dataclasses.replace(item, answers=copy.deepcopy(item.answers))
                  for arn, item in workload.reviews.items()}
        workload.milestones.append(Milestone(len(workload.milestones) + 1, milestone_name, frozen))
        _move(review, lens.latest)


def _apply_choice_update(answer: AnswerState, choice_id: str, update: dict[str, Any]) -> None:
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


def _move(review: LensReview, target: LensSnapshot) -> None:
    """Point the review at ``target``; answers survive where the question and its chosen choices still exist."""
    questions = _questions(target)
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
