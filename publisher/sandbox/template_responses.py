"""HTTP handlers of the review-template operations (``templates.py``), mixed into ``WellArchitectedResponse``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from moto.core.responses import ActionResult, EmptyResult

if TYPE_CHECKING:
    from .models import WellArchitectedBackend

ANSWER_FIELDS = ("SelectedChoices", "ChoiceUpdates", "Notes", "IsApplicable", "Reason")


class TemplateHandlers:
    """Create/Get/Update/Delete/ListReviewTemplates, GetReviewTemplateLensReview and the template answers."""

    if TYPE_CHECKING:  # provided by WellArchitectedResponse
        @property
        def backend(self) -> WellArchitectedBackend: ...

        def _get_param(self, param_name: str, if_none: Any = None) -> Any: ...
        def list_call(self, method: Any, key: str, **filters: Any) -> ActionResult: ...
        def listing(self, method: Any, key: str, **filters: Any) -> dict[str, Any]: ...

    def _template(self) -> tuple[str, str]:
        return self._get_param("TemplateArn"), self._get_param("LensAlias")

    def create_review_template(self) -> ActionResult:
        arn = self.backend.create_review_template(
            self._get_param("TemplateName"), self._get_param("Description"), self._get_param("Lenses"),
            self._get_param("Notes"), self._get_param("Tags"))
        return ActionResult({"TemplateArn": arn})

    def get_review_template(self) -> ActionResult:
        return ActionResult({"ReviewTemplate": self.backend.get_review_template(self._get_param("TemplateArn"))})

    def list_review_templates(self) -> ActionResult:
        return self.list_call(self.backend.list_review_templates, "ReviewTemplates")

    def update_review_template(self) -> ActionResult:
        changes = {key: self._get_param(key) for key in ("TemplateName", "Description", "Notes")}
        template = self.backend.update_review_template(self._get_param("TemplateArn"), changes,
                                                       self._get_param("LensesToAssociate"),
                                                       self._get_param("LensesToDisassociate"))
        return ActionResult({"ReviewTemplate": template})

    def delete_review_template(self) -> ActionResult:
        self.backend.delete_review_template(self._get_param("TemplateArn"))
        return EmptyResult()

    def get_review_template_lens_review(self) -> ActionResult:
        arn, alias = self._template()
        review = self.backend.get_review_template_lens_review(arn, alias)
        return ActionResult({"TemplateArn": arn, "LensReview": review})

    def get_review_template_answer(self) -> ActionResult:
        arn, alias = self._template()
        return ActionResult(self.backend.get_review_template_answer(arn, alias, self._get_param("QuestionId")))

    def update_review_template_answer(self) -> ActionResult:
        arn, alias = self._template()
        request = {key: self._get_param(key) for key in ANSWER_FIELDS}
        return ActionResult(self.backend.update_review_template_answer(arn, alias, self._get_param("QuestionId"),
                                                                       request))

    def list_review_template_answers(self) -> ActionResult:
        arn, alias = self._template()
        result = self.listing(self.backend.list_review_template_answers, "AnswerSummaries", arn=arn, alias=alias,
                              pillar_id=self._get_param("PillarId"))
        return ActionResult({**result, "TemplateArn": arn, "LensAlias": alias})
