"""Workloads, lens reviews, answers and milestones, with risk computed from the lens's risk rules.

Minor versions move reviews that were current to the new version silently; a major version leaves
them where they are and ListNotifications reports LENS_VERSION_UPGRADED until UpgradeLensReview.
A deleted lens (or one no longer shared) is reported as LENS_VERSION_DEPRECATED.
"""

from __future__ import annotations

import copy
import dataclasses
from datetime import datetime
from typing import TYPE_CHECKING, Any

from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate

from .control import CONTROLS
from .exceptions import ConflictException, ResourceNotFoundException, ServiceQuotaExceededException, ValidationException
from .lenses import CustomLens, LensRef, LensShare, LensSnapshot, holder_of_name, official_lens, parse_lens_arn
from .risk import RISK_OF_RULE, RISKS, risk_of
from .tags import ResourceTags
from .utils import PAGINATION_MODEL
from .workloads import (
    AnswerState,
    LensReview,
    Milestone,
    Workload,
    answer_view,
    check_lens_count,
    lens_metric,
    missing_practices,
    move,
    question_index,
    review_counts,
    write_answer,
)

__all__ = ["RISK_OF_RULE", "AnswerState", "ReviewOperations", "risk_of"]  # tests/review compare with these

MAX_MILESTONES = 100


class ReviewOperations:
    """Workloads (Create/Get/Update/Delete/List, Associate/DisassociateLenses), lens reviews
    (Get/Update/ListLensReviews, ListLensReviewImprovements), answers (Get/Update/ListAnswers),
    milestones (Create/Get/ListMilestones), ListNotifications and UpgradeLensReview."""

    account_id: str
    region_name: str
    partition: str

    if TYPE_CHECKING:  # provided by WellArchitectedBackend
        def peer(self, account_id: str) -> ReviewOperations: ...
        def all_accounts(self) -> list[str]: ...
        def find_lens(self, ref: LensRef) -> CustomLens | None: ...
        def readable_lens(self, alias: str) -> CustomLens: ...
        def accepted_share(self, lens: CustomLens) -> LensShare | None: ...
        tagger: ResourceTags

    def init_reviews(self) -> None:
        self.workloads: dict[str, Workload] = {}

    # -- workloads ------------------------------------------------------------------------------
    def create_workload(self, name: str, description: str, environment: str,
                        lens_aliases: list[str], tags: dict[str, str] | None,
                        details: dict[str, Any]) -> Workload:
        # "You also must specify ReviewOwner, even though the parameter is listed as not being
        # required" and "Either AwsRegions, NonAwsRegions, or both must be specified when creating a
        # workload." (https://docs.aws.amazon.com/wellarchitected/latest/APIReference/API_CreateWorkload.html)
        if not details.get("ReviewOwner"):
            raise ValidationException("ReviewOwner is required.", fields=[
                {"Name": "ReviewOwner", "Message": "You must specify ReviewOwner"}])
        if not details.get("AwsRegions") and not details.get("NonAwsRegions"):
            raise ValidationException("Either AwsRegions, NonAwsRegions, or both must be specified.", fields=[
                {"Name": "AwsRegions", "Message": "specify AwsRegions or NonAwsRegions"}])
        self._check_workload_name(name, exclude=None)
        check_lens_count(len(set(lens_aliases)))
        now = CONTROLS.now()
        reviews = self._new_reviews(lens_aliases, now)
        workload_id = mock_random.get_random_hex(32)
        arn = f"arn:{self.partition}:wellarchitected:{self.region_name}:{self.account_id}:workload/{workload_id}"
        workload = Workload(workload_id, arn, name, description, environment, self.account_id, now, reviews,
                            details)
        self.tagger.add(arn, tags)
        self.workloads[workload_id] = workload
        return workload

    def _check_workload_name(self, name: str, exclude: Workload | None) -> None:
        # "The name must be unique within an account within an AWS Region. Spaces and capitalization
        # are ignored when checking for uniqueness." (WorkloadName in
        # https://docs.aws.amazon.com/wellarchitected/latest/APIReference/API_CreateWorkload.html)
        other = holder_of_name(name, self.workloads.values(), lambda workload: workload.name, exclude)
        if other is not None:
            raise ConflictException(f"A workload named {other.name} already exists.", other.workload_id, "WORKLOAD")

    def _new_reviews(self, lens_aliases: list[str], now: datetime) -> dict[str, LensReview]:
        reviews = {}
        for alias in lens_aliases:
            if official_lens(alias) is not None:
                raise ValidationException(
                    f"The AWS official lens {alias} is listed by the sandbox, but its questions are not "
                    "emulated: review workloads with a custom lens.",
                    fields=[{"Name": "LensAliases", "Message": f"{alias} is not emulated"}])
            lens = self.readable_lens(alias)
            if lens.latest is None:
                raise ValidationException(f"Lens {alias} is not published.",
                                          fields=[{"Name": "Lenses", "Message": f"{alias} is not published"}])
            reviews[lens.arn] = LensReview(lens_arn=lens.arn, snapshot=lens.latest, updated_at=now)
        return reviews

    def workload(self, workload_id: str) -> Workload:
        workload = self.workloads.get(workload_id)
        if workload is None:
            raise ResourceNotFoundException(f"Workload {workload_id} not found.", workload_id, "WORKLOAD")
        return workload

    def workload_by_arn(self, arn: str) -> Workload | None:
        return next((workload for workload in self.workloads.values() if workload.arn == arn), None)

    def delete_workload(self, workload_id: str) -> None:
        self.tagger.delete_all_tags_for_resource(self.workload(workload_id).arn)
        del self.workloads[workload_id]

    def _summary(self, workload: Workload) -> dict[str, Any]:
        counts = dict.fromkeys(RISKS, 0)
        for review in workload.reviews.values():
            for risk, count in review_counts(review).items():
                counts[risk] += count
        return {"WorkloadId": workload.workload_id, "WorkloadArn": workload.arn, "WorkloadName": workload.name,
                "Owner": workload.owner, "UpdatedAt": workload.updated_at, "Lenses": list(workload.reviews),
                "RiskCounts": counts, "ImprovementStatus": workload.improvement_status}

    def describe_workload(self, workload_id: str) -> dict[str, Any]:
        workload = self.workload(workload_id)
        return {**workload.details, **self._summary(workload), "Description": workload.description,
                "Environment": workload.environment, "Tags": self.tagger.get_tag_dict_for_resource(workload.arn)}

    def update_workload(self, workload_id: str, changes: dict[str, Any], details: dict[str, Any]) -> dict[str, Any]:
        workload = self.workload(workload_id)
        if changes.get("WorkloadName") is not None:
            self._check_workload_name(changes["WorkloadName"], exclude=workload)
            workload.name = changes["WorkloadName"]
        workload.description = changes.get("Description") or workload.description
        workload.environment = changes.get("Environment") or workload.environment
        workload.improvement_status = changes.get("ImprovementStatus") or workload.improvement_status
        if changes.get("IsReviewOwnerUpdateAcknowledged") is not None:
            details["IsReviewOwnerUpdateAcknowledged"] = changes["IsReviewOwnerUpdateAcknowledged"]
        workload.details.update(details)
        workload.updated_at = CONTROLS.now()
        return self.describe_workload(workload_id)

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_workloads(self, name_prefix: str | None) -> list[dict[str, Any]]:
        # WorkloadNamePrefix: a case-sensitive prefix (the reference does not say; docs/sandbox.md).
        return [self._summary(workload) for workload in self.workloads.values()
                if workload.name.startswith(name_prefix or "")]

    def associate_lenses(self, workload_id: str, lens_aliases: list[str]) -> None:
        workload = self.workload(workload_id)
        added = self._new_reviews([alias for alias in lens_aliases if alias not in workload.reviews], CONTROLS.now())
        check_lens_count(len(workload.reviews) + len(added))
        workload.reviews.update(added)
        workload.updated_at = CONTROLS.now()

    def disassociate_lenses(self, workload_id: str, lens_aliases: list[str]) -> None:
        workload = self.workload(workload_id)
        for alias in lens_aliases:
            if alias not in workload.reviews:
                raise ResourceNotFoundException(
                    f"Lens {alias} is not associated with workload {workload_id}.", alias, "LENS_REVIEW")
        if set(workload.reviews) <= set(lens_aliases):
            raise ValidationException("A workload must keep at least one lens.",
                                      fields=[{"Name": "LensAliases", "Message": "would remove every lens"}])
        for alias in lens_aliases:
            del workload.reviews[alias]
        workload.updated_at = CONTROLS.now()

    # -- lens reviews ---------------------------------------------------------------------------
    def _reviews(self, workload_id: str, milestone: int | None) -> dict[str, LensReview]:
        workload = self.workload(workload_id)
        if milestone is None:
            return workload.reviews
        return self._milestone(workload, milestone).reviews

    def _review(self, workload_id: str, lens_alias: str, milestone: int | None = None) -> LensReview:
        reviews = self._reviews(workload_id, milestone)
        if official_lens(lens_alias) is None:
            parse_lens_arn(lens_alias)
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

    def _review_summary(self, review: LensReview) -> dict[str, Any]:
        return {"LensAlias": review.lens_arn, "LensArn": review.lens_arn, "LensVersion": review.snapshot.version,
                "LensName": review.snapshot.name, "LensStatus": self._lens_status(review),
                "UpdatedAt": review.updated_at, "RiskCounts": review_counts(review)}

    def get_lens_review(self, workload_id: str, lens_alias: str, milestone: int | None) -> dict[str, Any]:
        review = self._review(workload_id, lens_alias, milestone)
        pillars = [{"PillarId": pillar["id"], "PillarName": pillar["name"],
                    "Notes": review.pillar_notes.get(pillar["id"]),
                    "RiskCounts": review_counts(review, pillar["id"])}
                   for pillar in review.snapshot.content["pillars"]]
        return {**self._review_summary(review), "PillarReviewSummaries": pillars, "Notes": review.notes}

    def update_lens_review(self, workload_id: str, lens_alias: str, notes: str | None,
                           pillar_notes: dict[str, str] | None) -> dict[str, Any]:
        review = self._review(workload_id, lens_alias)
        pillars = {pillar["id"] for pillar in review.snapshot.content["pillars"]}
        unknown = set(pillar_notes or {}) - pillars
        if unknown:
            raise ValidationException(f"Unknown pillars: {', '.join(sorted(unknown))}.",
                                      fields=[{"Name": "PillarNotes", "Message": "unknown pillar ids"}])
        review.notes = notes if notes is not None else review.notes
        review.pillar_notes.update(pillar_notes or {})
        review.updated_at = CONTROLS.now()
        return self.get_lens_review(workload_id, lens_alias, None)

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_lens_reviews(self, workload_id: str, milestone: int | None) -> list[dict[str, Any]]:
        return [self._review_summary(review) for review in self._reviews(workload_id, milestone).values()]

    def review_identity(self, workload_id: str, lens_alias: str, milestone: int | None) -> dict[str, str]:
        review = self._review(workload_id, lens_alias, milestone)
        return {"LensAlias": review.lens_arn, "LensArn": review.lens_arn}

    def _questions_of(self, review: LensReview, pillar_id: str | None) -> list[tuple[str, dict[str, Any]]]:
        pillars = [pillar for pillar in review.snapshot.content["pillars"] if pillar_id in (None, pillar["id"])]
        if pillar_id is not None and not pillars:
            raise ResourceNotFoundException(f"Pillar {pillar_id} not found.", pillar_id, "PILLAR")
        return [(pillar["id"], question) for pillar in pillars for question in pillar["questions"]]

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_answers(self, workload_id: str, lens_alias: str, milestone: int | None, pillar_id: str | None,
                     priority: str | None) -> list[dict[str, Any]]:
        review = self._review(workload_id, lens_alias, milestone)
        summaries = []
        for pillar, question in self._questions_of(review, pillar_id):
            answer = answer_view(review, pillar, question)
            summaries.append({key: answer[key] for key in (
                "QuestionId", "PillarId", "QuestionTitle", "Choices", "SelectedChoices", "IsApplicable", "Risk",
                "Reason")} | {"ChoiceAnswerSummaries": [
                    {key: value for key, value in item.items() if key != "Notes"}
                    for item in answer["ChoiceAnswers"]]})
        return summaries

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_lens_review_improvements(self, workload_id: str, lens_alias: str, milestone: int | None,
                                      pillar_id: str | None, priority: str | None) -> list[dict[str, Any]]:
        """Questions at HIGH or MEDIUM risk, with the improvement plan of each choice not selected."""
        review = self._review(workload_id, lens_alias, milestone)
        improvements = []
        for pillar, question in self._questions_of(review, pillar_id):
            answer = review.answers.get(question["id"])
            risk = risk_of(question, answer)
            if risk not in ("HIGH", "MEDIUM"):
                continue
            plans = [{"ChoiceId": choice["id"], "DisplayText": choice["improvementPlan"].get("displayText"),
                      "ImprovementPlanUrl": choice["improvementPlan"].get("url")}
                     for choice in missing_practices(question, answer)]
            improvements.append({"QuestionId": question["id"], "PillarId": pillar, "QuestionTitle": question["title"],
                                 "Risk": risk, "ImprovementPlanUrl": plans[0]["ImprovementPlanUrl"] if plans else None,
                                 "ImprovementPlans": plans})
        return improvements

    @paginate(pagination_model=PAGINATION_MODEL)
    def consolidated_metrics(self) -> list[dict[str, Any]]:
        """GetConsolidatedReport in JSON: per workload, per lens, per pillar, per question."""
        return [{**self._summary(workload), "MetricType": "WORKLOAD", "LensesAppliedCount": len(workload.reviews),
                 "Lenses": [lens_metric(review) for review in workload.reviews.values()]}
                for workload in self.workloads.values()]

    def get_answer(self, workload_id: str, lens_alias: str, question_id: str,
                   milestone: int | None) -> dict[str, Any]:
        review = self._review(workload_id, lens_alias, milestone)
        pillar_id, question = self._question(review, question_id)
        return {"LensAlias": review.lens_arn, "LensArn": review.lens_arn,
                "Answer": answer_view(review, pillar_id, question)}

    def update_answer(self, workload_id: str, lens_alias: str, question_id: str, request: dict[str, Any],
                      ) -> dict[str, Any]:
        review = self._review(workload_id, lens_alias)
        write_answer(review, self._question(review, question_id)[1], request)
        return self.get_answer(workload_id, lens_alias, question_id, None)

    def _question(self, review: LensReview, question_id: str) -> tuple[str, dict[str, Any]]:
        found = question_index(review.snapshot).get(question_id)
        if found is None:
            raise ResourceNotFoundException(f"Question {question_id} not found.", question_id, "QUESTION")
        return found

    # -- milestones -----------------------------------------------------------------------------
    def create_milestone(self, workload_id: str, name: str) -> int:
        """Freeze the workload and its reviews; names are unique per workload, at most 100."""
        workload = self.workload(workload_id)
        if any(milestone.name == name for milestone in workload.milestones):
            raise ConflictException(f"Milestone {name} already exists.", name, "MILESTONE")
        if len(workload.milestones) >= MAX_MILESTONES:
            raise ServiceQuotaExceededException(f"A workload can have at most {MAX_MILESTONES} milestones.",
                                                quota_code="L-MILESTONES", resource_type="MILESTONE")
        frozen = {arn: dataclasses.replace(review, answers=copy.deepcopy(review.answers),
                                           pillar_notes=dict(review.pillar_notes))
                  for arn, review in workload.reviews.items()}
        number = len(workload.milestones) + 1
        workload.milestones.append(Milestone(number, name, CONTROLS.now(), self.describe_workload(workload_id),
                                             frozen))
        return number

    def _milestone(self, workload: Workload, number: int) -> Milestone:
        found = next((item for item in workload.milestones if item.number == number), None)
        if found is None:
            raise ResourceNotFoundException(f"Milestone {number} not found.", str(number), "MILESTONE")
        return found

    def get_milestone(self, workload_id: str, number: int) -> dict[str, Any]:
        milestone = self._milestone(self.workload(workload_id), number)
        return {"MilestoneNumber": milestone.number, "MilestoneName": milestone.name,
                "RecordedAt": milestone.recorded_at, "Workload": milestone.workload}

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_milestones(self, workload_id: str) -> list[dict[str, Any]]:
        return [{"MilestoneNumber": milestone.number, "MilestoneName": milestone.name,
                 "RecordedAt": milestone.recorded_at, "WorkloadSummary": milestone.workload}
                for milestone in self.workload(workload_id).milestones]

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
                    move(review, published)

    @paginate(pagination_model=PAGINATION_MODEL)
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
                    "ResourceArn": workload.arn, "LensArn": review.lens_arn,  # paging keys, not serialized
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
        self.create_milestone(workload_id, milestone_name)
        move(review, lens.latest)
