"""E3050-E3051: link objects need display text, and every real choice needs an improvement plan."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher.findings import Finding, Severity, pointer_join
from publisher.lensformat import NONE_OF_THESE_SUFFIX
from publisher.validate.context import LINKS, CheckContext, Node
from publisher.validate.registry import FORMAT_SPEC, Check


def _links(ctx: CheckContext) -> Iterator[Node]:
    owners = [("question", question.node) for question in ctx.questions]
    owners += [("choice", choice) for choice in ctx.choices]
    for kind, owner in owners:
        for key in LINKS[kind]:
            link = owner.child(key)
            if link is not None:
                yield link
    for choice in ctx.choices:
        for resource in choice.children("additionalResources"):
            yield from resource.children("content")


def _has_text(link: Node) -> bool:
    text = link.text("displayText")
    return text is not None and bool(text.strip())


class DisplayTextForUrl(Check):
    code = "E3050"
    severity = Severity.ERROR
    description = "A link has a url but no displayText"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for link in _links(ctx):
            if "url" in link.value and not _has_text(link):
                yield ctx.report(self, link.pointer, "displayText is required when url is set")


class ImprovementPlanRequired(Check):
    code = "E3051"
    severity = Severity.ERROR
    description = "A choice other than \"None of these\" (id ending in _no) has no improvementPlan text"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for choice in ctx.choices:
            choice_id = choice.text("id") or ""
            if choice_id.endswith(NONE_OF_THESE_SUFFIX):
                continue
            plan = choice.child("improvementPlan")
            if "improvementPlan" not in choice.value:
                yield ctx.report(self, choice.pointer, f"choice {choice_id!r} needs an improvementPlan "
                                 "(only a \"None of these\" choice, id ending in _no, may omit it)")
            elif plan is not None and "url" not in plan.value and not _has_text(plan):
                yield ctx.report(self, pointer_join(choice.pointer, "improvementPlan"),
                                 f"the improvementPlan of choice {choice_id!r} needs a displayText")
