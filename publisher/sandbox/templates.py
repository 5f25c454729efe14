"""Review templates: answers prepared once per lens, copied into every workload created from them.

Emulated: CreateReviewTemplate, GetReviewTemplate, ListReviewTemplates, UpdateReviewTemplate,
DeleteReviewTemplate, GetReviewTemplateLensReview, GetReviewTemplateAnswer, ListReviewTemplateAnswers,
UpdateReviewTemplateAnswer, and CreateWorkload's ``ReviewTemplateArns``
(https://docs.aws.amazon.com/wellarchitected/latest/userguide/review-templates.html). A template's
lens review is pinned, like a workload's, to the lens version it was created with.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate

from .control import CONTROLS
from .exceptions import ConflictException, ResourceNotFoundException, ValidationException
from .lenses import CustomLens, holder_of_name
from .workloads import AnswerState, LensReview, Workload, answer_view, move, question_index, write_answer

if TYPE_CHECKING:
    from .tags import ResourceTags

#: moto's ``@paginate`` model of the two list operations (MaxResults defaults to the modeled maximum).
TEMPLATE_PAGES: dict[str, dict[str, Any]] = {
    "list_review_templates": {"input_token": "next_token", "limit_key": "max_results", "limit_default": 50,
                              "unique_attribute": ["TemplateArn"]},
    "list_review_template_answers": {"input_token": "next_token", "limit_key": "max_results", "limit_default": 50,
                                     "unique_attribute": ["QuestionId"]},
}


@dataclass
class ReviewTemplate:
    arn: str
    name: str
    description: str
    notes: str | None
    owner: str
    updated_at: datetime
    reviews: dict[str, LensReview] = field(default_factory=dict)  # lens ARN -> the template's answers


def _answered(answer: AnswerState | None) -> bool:
    return answer is not None and bool(answer.selected or answer.not_applicable or not answer.is_applicable)


def _status(answer: AnswerState | None) -> str:
    return "ANSWERED" if _answered(answer) else "UNANSWERED"


def _question_counts(reviews: list[LensReview]) -> dict[str, int]:
    counts = {"UNANSWERED": 0, "ANSWERED": 0}
    for review in reviews:
        for question_id in question_index(review.snapshot):
            counts[_status(review.answers.get(question_id))] += 1
    return counts


def template_answer(review: LensReview, pillar_id: str, question: dict[str, Any]) -> dict[str, Any]:
    """The ReviewTemplateAnswer: GetAnswer's Answer with AnswerStatus in place of Risk."""
    view = answer_view(review, pillar_id, question)
    view.pop("Risk")
    return {**view, "AnswerStatus": _status(review.answers.get(question["id"]))}


class TemplateOperations:
    """The review-template operations of one account in one Region (a backend mixin)."""

    account_id: str
    region_name: str
    partition: str

    if TYPE_CHECKING:  # provided by WellArchitectedBackend and ReviewOperations
        tagger: ResourceTags

        def readable_lens(self, alias: str) -> CustomLens: ...
        def _new_reviews(self, lens_aliases: list[str], now: datetime) -> dict[str, LensReview]: ...

    def init_templates(self) -> None:
        self.review_templates: dict[str, ReviewTemplate] = {}

    def create_review_template(self, name: str, description: str, lens_aliases: list[str], notes: str | None,
                               tags: dict[str, str] | None) -> str:
        self._check_template_name(name, None)
        now = CONTROLS.now()
        reviews = self._new_reviews(lens_aliases, now)  # custom lenses the caller can read, published
        arn = (f"arn:{self.partition}:wellarchitected:{self.region_name}:{self.account_id}:review-template/"
               f"{mock_random.get_random_hex(32)}")
        self.tagger.add(arn, tags)
        self.review_templates[arn] = ReviewTemplate(arn, name, description, notes, self.account_id, now, reviews)
        return arn

    def _check_template_name(self, name: str, exclude: ReviewTemplate | None) -> None:
        # names are unique per account and Region, as workload names are (spaces and case ignored)
        other = holder_of_name(name, self.review_templates.values(), lambda template: template.name, exclude)
        if other is not None:
            raise ConflictException(f"A review template named {other.name} already exists.", other.arn,
                                    "REVIEW_TEMPLATE")

    def review_template(self, arn: str) -> ReviewTemplate:
        template = self.review_templates.get(arn)
        if template is None:
            raise ResourceNotFoundException(f"Review template {arn} not found.", arn, "REVIEW_TEMPLATE")
        return template

    def _current(self, review: LensReview) -> bool:
        """Whether the review is on its lens's latest published version (a lens gone counts as current)."""
        lens = self._lens(review.lens_arn)
        return lens is None or lens.latest is None or lens.latest is review.snapshot

    def _update_status(self, template: ReviewTemplate) -> str:
        """LENS_NOT_CURRENT when a lens has a newer published version than the template's review."""
        return "CURRENT" if all(self._current(review) for review in template.reviews.values()) else "LENS_NOT_CURRENT"

    def _lens(self, alias: str) -> CustomLens | None:
        try:
            return self.readable_lens(alias)
        except (ResourceNotFoundException, ValidationException):
            return None

    def _template_summary(self, template: ReviewTemplate) -> dict[str, Any]:
        return {"TemplateArn": template.arn, "TemplateName": template.name, "Description": template.description,
                "Lenses": list(template.reviews), "Owner": template.owner, "UpdatedAt": template.updated_at,
                "UpdateStatus": self._update_status(template)}

    def get_review_template(self, arn: str) -> dict[str, Any]:
        template = self.review_template(arn)
        return {**self._template_summary(template), "Notes": template.notes,
                "Tags": self.tagger.get_tag_dict_for_resource(arn),
                "QuestionCounts": _question_counts(list(template.reviews.values()))}

    @paginate(pagination_model=TEMPLATE_PAGES)
    def list_review_templates(self) -> list[dict[str, Any]]:
        return [self._template_summary(template) for template in self.review_templates.values()]

    def update_review_template(self, arn: str, changes: dict[str, Any], associate: list[str] | None,
                               disassociate: list[str] | None) -> dict[str, Any]:
        template = self.review_template(arn)
        if changes.get("TemplateName") is not None:
            self._check_template_name(changes["TemplateName"], template)
        now = CONTROLS.now()
        added = self._new_reviews([alias for alias in associate or [] if self._review_of(template, alias) is None],
                                  now)
        for alias in disassociate or []:
            template.reviews.pop(self._template_review(template, alias).lens_arn)
        template.reviews.update(added)
        template.name = changes.get("TemplateName") or template.name
        template.description = changes.get("Description") or template.description
        template.notes = changes["Notes"] if changes.get("Notes") is not None else template.notes
        template.updated_at = now
        return self.get_review_template(arn)

    def delete_review_template(self, arn: str) -> None:
        self.review_template(arn)
        del self.review_templates[arn]
        self.tagger.delete_all_tags_for_resource(arn)

    def _review_of(self, template: ReviewTemplate, alias: str) -> LensReview | None:
        lens = self._lens(alias)
        return template.reviews.get(lens.arn if lens is not None else alias)

    def _template_review(self, template: ReviewTemplate, alias: str) -> LensReview:
        review = self._review_of(template, alias)
        if review is None:
            raise ResourceNotFoundException(f"Lens {alias} is not used by review template {template.arn}.", alias,
                                            "LENS")
        return review

    def get_review_template_lens_review(self, arn: str, alias: str) -> dict[str, Any]:
        template = self.review_template(arn)
        review = self._template_review(template, alias)
        content = review.snapshot.content
        return {"LensAlias": review.lens_arn, "LensArn": review.lens_arn, "LensVersion": review.snapshot.version,
                "LensName": content.get("name"), "LensStatus": "CURRENT" if self._current(review) else "NOT_CURRENT",
                "UpdatedAt": review.updated_at, "Notes": review.notes,
                "QuestionCounts": _question_counts([review]),
                "PillarReviewSummaries": [{"PillarId": pillar["id"], "PillarName": pillar["name"],
                                           "QuestionCounts": _question_counts([_only(review, pillar["id"])])}
                                          for pillar in content["pillars"]]}

    def _answer_target(self, arn: str, alias: str, question_id: str) -> tuple[LensReview, str, dict[str, Any]]:
        review = self._template_review(self.review_template(arn), alias)
        found = question_index(review.snapshot).get(question_id)
        if found is None:
            raise ResourceNotFoundException(f"Question {question_id} not found.", question_id, "QUESTION")
        return review, found[0], found[1]

    def get_review_template_answer(self, arn: str, alias: str, question_id: str) -> dict[str, Any]:
        review, pillar_id, question = self._answer_target(arn, alias, question_id)
        return {"TemplateArn": arn, "LensAlias": review.lens_arn,
                "Answer": template_answer(review, pillar_id, question)}

    def update_review_template_answer(self, arn: str, alias: str, question_id: str,
                                      request: dict[str, Any]) -> dict[str, Any]:
        review, _, question = self._answer_target(arn, alias, question_id)
        write_answer(review, question, request)
        self.review_template(arn).updated_at = review.updated_at
        return self.get_review_template_answer(arn, alias, question_id)

    @paginate(pagination_model=TEMPLATE_PAGES)
    def list_review_template_answers(self, arn: str, alias: str, pillar_id: str | None) -> list[dict[str, Any]]:
        review = self._template_review(self.review_template(arn), alias)
        summaries = []
        for question_id, (pillar, question) in question_index(review.snapshot).items():
            if pillar_id not in (None, pillar):
                continue
            full = template_answer(review, pillar, question)
            summaries.append({
                "QuestionId": question_id, "PillarId": pillar, "QuestionTitle": full["QuestionTitle"],
                "Choices": [{"ChoiceId": c["ChoiceId"], "Title": c["Title"], "Description": c["Description"]}
                            for c in full["Choices"]],
                "SelectedChoices": full["SelectedChoices"], "IsApplicable": full["IsApplicable"],
                "ChoiceAnswerSummaries": [{"ChoiceId": c["ChoiceId"], "Status": c["Status"], "Reason": c.get("Reason")}
                                          for c in full["ChoiceAnswers"]],
                "AnswerStatus": full["AnswerStatus"], "Reason": full["Reason"], "QuestionType": "PRIORITIZED"})
        return summaries

    # -- CreateWorkload(ReviewTemplateArns=...) --------------------------------------------------
    def lenses_with_templates(self, lens_aliases: list[str], template_arns: list[str]) -> list[str]:
        """The workload's lenses: those it names, then each template's (every template must exist)."""
        templates = [self.review_template(arn) for arn in template_arns]
        named = {self.readable_lens(alias).arn for alias in lens_aliases}
        return [*lens_aliases, *dict.fromkeys(lens for t in templates for lens in t.reviews if lens not in named)]

    def start_from_templates(self, workload: Workload, template_arns: list[str]) -> None:
        """Copy each template's answers into the new workload, in the order given (a later one wins);
        answers of a template on an older lens version keep only what the workload's version still has."""
        for arn in template_arns:
            for lens_arn, source in self.review_template(arn).reviews.items():
                target = workload.reviews.get(lens_arn)
                if target is None:
                    continue
                moved = replace(source, answers=copy.deepcopy(source.answers))
                move(moved, target.snapshot)
                target.answers.update({qid: answer for qid, answer in moved.answers.items() if _answered(answer)
                                       or answer.notes})
                if source.notes:
                    target.notes = source.notes


def _only(review: LensReview, pillar_id: str) -> LensReview:
    """``review`` restricted to one pillar, for its question counts."""
    content = review.snapshot.content
    pillars = [pillar for pillar in content["pillars"] if pillar["id"] == pillar_id]
    return replace(review, snapshot=replace(review.snapshot, content={**content, "pillars": pillars}))

