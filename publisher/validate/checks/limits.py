"""E3001-E3021: documented lengths, counts and the size of the whole lens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from publisher.findings import Finding, Severity, pointer_join
from publisher.lensformat import (
    MAX_API_TEXT_LENGTH,
    MAX_CHOICES_PER_QUESTION,
    MAX_LENS_BYTES,
    MAX_LENS_CHARACTERS,
    MAX_NAME_LENGTH,
    MAX_PILLARS,
    MAX_QUESTIONS_PER_PILLAR,
    MAX_RESOURCES_PER_TYPE,
    MAX_RISK_RULES_PER_QUESTION,
    MAX_TEXT_LENGTH,
)
from publisher.lensjson import wire_text
from publisher.validate.context import CheckContext, Node
from publisher.validate.registry import API_REFERENCE, CREATE_GUIDE, FORMAT_SPEC, Check

_CHOICE_TEXTS = ("choice.helpfulResource", "choice.improvementPlan", "choice.additionalResources.content")

#: Maximum length of each text field, from the lens format specification.
DOCUMENTED_MAX = {
    **dict.fromkeys(("lens.name", "pillar.name", "question.title", "choice.title"), MAX_NAME_LENGTH),
    **dict.fromkeys(("lens.description", "question.description", "question.helpfulResource.displayText",
                     "question.helpfulResource.url"), MAX_TEXT_LENGTH),
    **{f"{owner}.{key}": MAX_TEXT_LENGTH for owner in _CHOICE_TEXTS for key in ("displayText", "url")},
}

#: Stricter maxima of the API shapes the service returns the text in (LensDescription, ChoiceContent).
API_MAX = {
    "lens.description": MAX_API_TEXT_LENGTH,
    **{f"{owner}.{key}": MAX_API_TEXT_LENGTH for owner in _CHOICE_TEXTS for key in ("displayText", "url")},
}

#: Texts that must not be empty.
REQUIRED_TEXTS = frozenset({"lens.name", "pillar.name", "question.title", "choice.title"})

def _label(field: str) -> str:
    return field.replace(".", " ")


class TextTooLong(Check):
    code = "E3001"
    severity = Severity.ERROR
    description = (f"A text is longer than the lens format allows (names and titles {MAX_NAME_LENGTH}, "
                   f"texts and URLs {MAX_TEXT_LENGTH})")
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for text in ctx.texts:
            limit = DOCUMENTED_MAX[text.field]
            if len(text.value) > limit:
                yield ctx.report(self, text.pointer, f"{_label(text.field)} has {len(text.value)} characters: "
                                 f"the maximum is {limit}", limit)


class TextLongerThanApi(Check):
    code = "W3002"
    severity = Severity.WARNING
    description = ("A text fits the format but exceeds the API shape it is returned in "
                   f"(lens description {MAX_API_TEXT_LENGTH}, choice resources {MAX_API_TEXT_LENGTH})")
    source_url = f"{API_REFERENCE}/API_ChoiceContent.html"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for text in ctx.texts:
            limit = API_MAX.get(text.field)
            if limit is not None and limit < len(text.value) <= DOCUMENTED_MAX[text.field]:
                yield ctx.report(self, text.pointer, f"{_label(text.field)} has {len(text.value)} characters: "
                                 f"the API returns at most {limit}", limit)


class EmptyText(Check):
    code = "E3003"
    severity = Severity.ERROR
    description = "A name or title is empty or only whitespace"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for text in ctx.texts:
            if text.field in REQUIRED_TEXTS and not text.value.strip():
                yield ctx.report(self, text.pointer, f"{_label(text.field)} is empty")


class TooManyItems(Check):
    """The array ``member`` of each ``owner`` object (a kind of ``CheckContext.nodes``) has over ``limit`` items."""

    owner: ClassVar[str]
    member: ClassVar[str]
    limit: ClassVar[int]
    what: ClassVar[str]

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for owner in ctx.nodes(self.owner):
            items = owner.value.get(self.member)
            if isinstance(items, list) and len(items) > self.limit:
                yield ctx.report(self, pointer_join(owner.pointer, self.member, self.limit),
                                 f"{len(items)} {self.what}: the maximum is {self.limit}")


class TooManyPillars(TooManyItems):
    code = "E3010"
    severity = Severity.ERROR
    description = f"More than {MAX_PILLARS} pillars"
    source_url = FORMAT_SPEC
    owner = "lens"
    member, limit, what = "pillars", MAX_PILLARS, "pillars in the lens"


class TooManyQuestions(TooManyItems):
    code = "E3011"
    severity = Severity.ERROR
    description = f"More than {MAX_QUESTIONS_PER_PILLAR} questions in a pillar"
    source_url = FORMAT_SPEC
    owner = "pillar"
    member, limit, what = "questions", MAX_QUESTIONS_PER_PILLAR, "questions in the pillar"


class TooManyChoices(TooManyItems):
    code = "E3012"
    severity = Severity.ERROR
    description = f"More than {MAX_CHOICES_PER_QUESTION} choices in a question"
    source_url = FORMAT_SPEC
    owner = "question"
    member, limit, what = "choices", MAX_CHOICES_PER_QUESTION, "choices in the question"


class TooManyRiskRules(TooManyItems):
    code = "E3013"
    severity = Severity.ERROR
    description = f"More than {MAX_RISK_RULES_PER_QUESTION} risk rules in a question (one per risk level)"
    source_url = FORMAT_SPEC
    owner = "question"
    member, limit, what = "riskRules", MAX_RISK_RULES_PER_QUESTION, "risk rules in the question"


def _resources_by_type(choice: Node) -> dict[str, list[Node]]:
    grouped: dict[str, list[Node]] = {}
    for resource in choice.children("additionalResources"):
        kind = resource.text("type")
        if kind is not None:
            grouped.setdefault(kind, []).append(resource)
    return grouped


class TooManyAdditionalResources(Check):
    code = "E3014"
    severity = Severity.ERROR
    description = (f"More than {MAX_RESOURCES_PER_TYPE} additional resources of one type "
                   "(HELPFUL_RESOURCE or IMPROVEMENT_PLAN) on a choice")
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for choice in ctx.choices:
            for kind, resources in _resources_by_type(choice).items():
                items = [item for resource in resources for item in resource.children("content")]
                if len(items) > MAX_RESOURCES_PER_TYPE:
                    yield ctx.report(self, items[MAX_RESOURCES_PER_TYPE].pointer,
                                     f"{len(items)} additional resources of type {kind}: "
                                     f"the maximum is {MAX_RESOURCES_PER_TYPE}")


class RepeatedResourceType(Check):
    code = "W3015"
    severity = Severity.WARNING
    description = "A choice has several additionalResources entries of the same type (the API model allows one)"
    source_url = f"{API_REFERENCE}/API_Choice.html"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for choice in ctx.choices:
            for kind, resources in _resources_by_type(choice).items():
                for extra in resources[1:]:
                    yield ctx.report(self, pointer_join(extra.pointer, "type"),
                                     f"another additionalResources entry of type {kind}: merge its content "
                                     "into the first one")


def lens_text(doc: Any, ctx: CheckContext) -> str:
    """The JSON text the size limits apply to: the file as written (a console upload sends it as is), or
    for lens sources the compact JSON that ``walens publish`` sends."""
    if ctx.text is not None:
        return ctx.text
    if "lens_text" not in ctx.memo:
        ctx.memo["lens_text"] = wire_text(doc)
    text: str = ctx.memo["lens_text"]
    return text


class TooManyCharacters(Check):
    code = "E3020"
    severity = Severity.ERROR
    description = f"The lens JSON is longer than {MAX_LENS_CHARACTERS} characters (ImportLens JSONString)"
    source_url = f"{API_REFERENCE}/API_ImportLens.html"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        size = len(lens_text(doc, ctx))
        if size > MAX_LENS_CHARACTERS:
            yield ctx.report(self, "", f"the lens JSON has {size} characters: the maximum is {MAX_LENS_CHARACTERS}")


class TooManyBytes(Check):
    code = "E3021"
    severity = Severity.ERROR
    description = f"The lens JSON is larger than {MAX_LENS_BYTES // 1024} KB in UTF-8"
    source_url = CREATE_GUIDE

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        size = len(lens_text(doc, ctx).encode("utf-8"))
        if size > MAX_LENS_BYTES:
            yield ctx.report(self, "", f"the lens JSON is {size} bytes in UTF-8: the maximum is "
                             f"{MAX_LENS_BYTES // 1024} KB ({MAX_LENS_BYTES} bytes)")
