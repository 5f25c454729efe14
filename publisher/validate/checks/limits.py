"""E3001-E3021: documented lengths, counts and the size of the whole lens."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, ClassVar

from publisher.findings import Finding, Severity, pointer_join
from publisher.lensjson import wire_text
from publisher.validate.context import CheckContext, Node
from publisher.validate.registry import API_REFERENCE, CREATE_GUIDE, FORMAT_SPEC, Check

_CHOICE_TEXTS = ("choice.helpfulResource", "choice.improvementPlan", "choice.additionalResources.content")

#: Maximum length of each text field, from the lens format specification.
DOCUMENTED_MAX = {
    "lens.name": 128, "lens.description": 2048, "pillar.name": 128,
    "question.title": 128, "question.description": 2048,
    "question.helpfulResource.displayText": 2048, "question.helpfulResource.url": 2048,
    "choice.title": 128,
    **{f"{owner}.{key}": 2048 for owner in _CHOICE_TEXTS for key in ("displayText", "url")},
}

#: Stricter maxima of the API shapes the service returns the text in (LensDescription, ChoiceContent).
API_MAX = {
    "lens.description": 1024,
    **{f"{owner}.{key}": 1024 for owner in _CHOICE_TEXTS for key in ("displayText", "url")},
}

#: Texts that must not be empty.
REQUIRED_TEXTS = frozenset({"lens.name", "pillar.name", "question.title", "choice.title"})

MAX_LENS_CHARACTERS = 500_000
MAX_LENS_BYTES = 500 * 1024


def _label(field: str) -> str:
    return field.replace(".", " ")


class TextTooLong(Check):
    code = "E3001"
    severity = Severity.ERROR
    description = "A text is longer than the lens format allows (names and titles 128, texts and URLs 2048)"
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
                   "(lens description 1024, choice resources 1024)")
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
    """An array holds more items than the format allows."""

    member: ClassVar[str]
    limit: ClassVar[int]
    what: ClassVar[str]

    def owners(self, ctx: CheckContext) -> list[Node]:
        raise NotImplementedError

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for owner in self.owners(ctx):
            items = owner.value.get(self.member)
            if isinstance(items, list) and len(items) > self.limit:
                yield ctx.report(self, pointer_join(owner.pointer, self.member, self.limit),
                                 f"{len(items)} {self.what}: the maximum is {self.limit}")


class TooManyPillars(TooManyItems):
    code = "E3010"
    severity = Severity.ERROR
    description = "More than 10 pillars"
    source_url = FORMAT_SPEC
    member, limit, what = "pillars", 10, "pillars in the lens"

    def owners(self, ctx: CheckContext) -> list[Node]:
        return [ctx.root] if ctx.root else []


class TooManyQuestions(TooManyItems):
    code = "E3011"
    severity = Severity.ERROR
    description = "More than 20 questions in a pillar"
    source_url = FORMAT_SPEC
    member, limit, what = "questions", 20, "questions in the pillar"

    def owners(self, ctx: CheckContext) -> list[Node]:
        return ctx.pillars


class TooManyChoices(TooManyItems):
    code = "E3012"
    severity = Severity.ERROR
    description = "More than 15 choices in a question"
    source_url = FORMAT_SPEC
    member, limit, what = "choices", 15, "choices in the question"

    def owners(self, ctx: CheckContext) -> list[Node]:
        return [question.node for question in ctx.questions]


class TooManyRiskRules(TooManyItems):
    code = "E3013"
    severity = Severity.ERROR
    description = "More than 3 risk rules in a question (one per risk level)"
    source_url = FORMAT_SPEC
    member, limit, what = "riskRules", 3, "risk rules in the question"

    def owners(self, ctx: CheckContext) -> list[Node]:
        return [question.node for question in ctx.questions]


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
    description = "More than 5 additional resources of one type (HELPFUL_RESOURCE or IMPROVEMENT_PLAN) on a choice"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for choice in ctx.choices:
            for kind, resources in _resources_by_type(choice).items():
                items = [item for resource in resources for item in resource.children("content")]
                if len(items) > 5:
                    yield ctx.report(self, items[5].pointer,
                                     f"{len(items)} additional resources of type {kind}: the maximum is 5")


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
    description = "The lens JSON is longer than 500000 characters (ImportLens JSONString)"
    source_url = f"{API_REFERENCE}/API_ImportLens.html"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        size = len(lens_text(doc, ctx))
        if size > MAX_LENS_CHARACTERS:
            yield ctx.report(self, "", f"the lens JSON has {size} characters: the maximum is {MAX_LENS_CHARACTERS}")


class TooManyBytes(Check):
    code = "E3021"
    severity = Severity.ERROR
    description = "The lens JSON is larger than 500 KB in UTF-8"
    source_url = CREATE_GUIDE

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        size = len(lens_text(doc, ctx).encode("utf-8"))
        if size > MAX_LENS_BYTES:
            yield ctx.report(self, "", f"the lens JSON is {size} bytes in UTF-8: the maximum is 500 KB "
                             f"({MAX_LENS_BYTES} bytes)")
