"""E4xxx and W4010-W4012: risk-rule grammar, references, one default, distinct levels, "None of these" guards."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from typing import Any

from publisher.findings import Finding, Severity, pointer_join
from publisher.lensformat import DEFAULT_CONDITION, HIGH_RISK, NONE_OF_THESE_SUFFIX, NONE_OF_THESE_TITLE
from publisher.riskexpr import choice_masks, references
from publisher.validate.context import CheckContext, QuestionView
from publisher.validate.registry import FORMAT_SPEC, ORR_GATES, Check

MAX_GUARD_IDS = 16


class ConditionSyntax(Check):
    code = "E4001"
    severity = Severity.ERROR
    description = "A risk-rule condition does not parse (grammar: ids, !, &&, ||, parentheses, or 'default')"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question in ctx.questions:
            for rule in question.rules:
                if rule.error is not None:
                    yield ctx.report(self, rule.condition_pointer,
                                     f"condition {rule.condition!r}: column {rule.error.column}: "
                                     f"{rule.error.message}", rule.error.column - 1)


class UnknownChoiceInCondition(Check):
    code = "E4002"
    severity = Severity.ERROR
    description = "A condition names a choice id that the question does not have"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question in ctx.questions:
            known = question.choice_ids
            for rule in question.rules:
                if rule.expr is None:
                    continue
                for ref in references(rule.expr):
                    if ref.id not in known:
                        close = difflib.get_close_matches(ref.id, known, n=1)
                        if ref.id.lower() == DEFAULT_CONDITION:
                            close = [DEFAULT_CONDITION]
                        hint = f" (did you mean {close[0]!r}?)" if close else ""
                        yield ctx.report(self, rule.condition_pointer,
                                         f"condition names {ref.id!r}, which is not a choice of question "
                                         f"{question.node.text('id')!r}{hint}", ref.column - 1)


class MissingDefaultRule(Check):
    code = "E4003"
    severity = Severity.ERROR
    description = "A question has no 'default' risk rule"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question in ctx.questions:
            if question.rules and not any(rule.is_default for rule in question.rules):
                yield ctx.report(self, pointer_join(question.node.pointer, "riskRules"),
                                 "no 'default' rule: add {\"condition\": \"default\", \"risk\": \"HIGH_RISK\"} "
                                 "as the last rule")


class SeveralDefaultRules(Check):
    code = "E4004"
    severity = Severity.ERROR
    description = "A question has more than one 'default' risk rule"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question in ctx.questions:
            defaults = [rule for rule in question.rules if rule.is_default]
            for extra in defaults[1:]:
                yield ctx.report(self, extra.condition_pointer, "a second 'default' rule: keep exactly one")


class RepeatedRiskLevel(Check):
    code = "E4005"
    severity = Severity.ERROR
    description = "Two risk rules of a question have the same risk level (one rule per level)"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question in ctx.questions:
            seen: set[str] = set()
            for rule in question.rules:
                if not isinstance(rule.risk, str):
                    continue
                if rule.risk in seen:
                    yield ctx.report(self, pointer_join(rule.node.pointer, "risk"),
                                     f"{rule.risk} is already the risk of an earlier rule: combine the "
                                     "conditions with '||'")
                seen.add(rule.risk)


def _unguarded(question: QuestionView) -> Iterator[tuple[str, str, str]]:
    """(condition pointer, none id, risk) for each rule that can hold while a "None of these" is selected."""
    known = set(question.choice_ids)
    for rule in question.rules:
        if rule.expr is None or rule.is_default or rule.risk == HIGH_RISK:
            continue
        mentioned = sorted(rule.expr.choice_ids() & known)
        for none_id in question.none_ids:
            ids = [*mentioned, none_id] if none_id not in mentioned else mentioned
            if len(ids) > MAX_GUARD_IDS:
                continue
            masks, full = choice_masks(ids)
            if rule.expr.mask(masks, full) & masks[none_id]:
                yield rule.condition_pointer, none_id, str(rule.risk)


class MissingNoneGuard(Check):
    code = "W4010"
    severity = Severity.WARNING
    description = ("A NO_RISK or MEDIUM_RISK rule can hold while the \"None of these\" choice is selected "
                   "(the API does not make it exclusive): add '&& !<id>_no'")
    source_url = ORR_GATES

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question in ctx.questions:
            for pointer, none_id, risk in _unguarded(question):
                yield ctx.report(self, pointer, f"this {risk} rule can hold while {none_id!r} (None of these) "
                                 f"is selected: add '&& !{none_id}'")


class NoneSuffixMisused(Check):
    code = "W4011"
    severity = Severity.WARNING
    description = (f"A choice id ends in {NONE_OF_THESE_SUFFIX} (which makes it \"None of these\") but its title "
                   f"is not {NONE_OF_THESE_TITLE!r}")
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for choice in ctx.choices:
            choice_id, title = choice.text("id"), choice.text("title")
            if choice_id and choice_id.endswith(NONE_OF_THESE_SUFFIX) and title is not None \
                    and title.strip().casefold() != NONE_OF_THESE_TITLE.casefold():
                yield ctx.report(self, pointer_join(choice.pointer, "id"),
                                 f"choice {choice_id!r} ends in _no, so the tool treats it as \"None of these\", "
                                 f"but its title is {title!r}: rename the id or retitle the choice")


class SeveralNoneChoices(Check):
    code = "W4012"
    severity = Severity.WARNING
    description = "A question has more than one \"None of these\" choice (id ending in _no)"
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for question in ctx.questions:
            nones = [choice for choice in question.choices if (choice.text("id") or "").endswith(NONE_OF_THESE_SUFFIX)]
            for extra in nones[1:]:
                yield ctx.report(self, pointer_join(extra.pointer, "id"),
                                 f"another \"None of these\" choice ({extra.text('id')!r}): keep one")
