"""E4006, W4030: the source-only ``neverNotApplicable`` list of a question, checked against its choices and rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher.findings import CATALOGUE, Finding, Severity, pointer_join
from publisher.lensformat import NONE_OF_THESE_SUFFIX
from publisher.sources.question_file import NEVER_NOT_APPLICABLE
from publisher.validate.checks.risk_analysis import format_selection
from publisher.validate.context import CheckContext, QuestionView
from publisher.validate.not_applicable import lowerings
from publisher.validate.registry import Check


def _listed(ctx: CheckContext) -> Iterator[tuple[QuestionView, int, str]]:
    """(question, index in its list, choice id) for every ``neverNotApplicable`` entry."""
    for question in ctx.questions:
        qid = question.node.text("id")
        for index, choice_id in enumerate(ctx.never_not_applicable.get(qid, ()) if qid else ()):
            yield question, index, choice_id


def _pointer(question: QuestionView, index: int) -> str:
    return pointer_join(question.node.pointer, NEVER_NOT_APPLICABLE, index)


class NeverNotApplicableNamesNoChoice(Check):
    code = "E4006"
    severity = Severity.ERROR
    description = "neverNotApplicable names a choice the question does not have, or its \"None of these\" choice"
    source_url = CATALOGUE + "#e4006"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question, index, choice_id in _listed(ctx):
            if choice_id not in question.choice_ids:
                yield ctx.report(self, _pointer(question, index),
                                 f"neverNotApplicable names {choice_id!r}, which is not a choice of this question")
            elif choice_id.endswith(NONE_OF_THESE_SUFFIX):
                yield ctx.report(self, _pointer(question, index),
                                 f"neverNotApplicable names {choice_id!r}, the \"None of these\" choice, which "
                                 "the WA Tool never lets anyone mark not applicable")


class NotApplicableLowersRisk(Check):
    code = "W4030"
    severity = Severity.WARNING
    description = "Marking a choice listed in neverNotApplicable not applicable can lower the risk"
    source_url = CATALOGUE + "#w4030"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question, index, choice_id in _listed(ctx):
            found = lowerings(question, choice_id)
            if found is None:
                continue
            example = found.example
            selected = f"{format_selection(example.selected)} selected" if example.selected else "nothing selected"
            marked = f", {format_selection(example.not_applicable)} not applicable" if example.not_applicable else ""
            after = example.after or "no rule (Unanswered)"
            yield ctx.report(self, _pointer(question, index),
                             f"marking {choice_id!r} not applicable instead of leaving it unselected lowers the "
                             f"risk in {found.count} answers, e.g. {selected}"
                             f"{marked}: {example.before} becomes {after}; make the rules treat it as unselected")
