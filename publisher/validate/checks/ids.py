"""E2xxx: id format (the API envelope) and uniqueness of pillar, question and choice ids."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

from publisher.findings import Finding, Severity, pointer_join
from publisher.lensformat import (
    ID_CHARACTERS,
    MAX_CHOICE_ID_LENGTH,
    MAX_PILLAR_ID_LENGTH,
    MAX_QUESTION_ID_LENGTH,
    MIN_ID_LENGTH,
)
from publisher.validate.context import CheckContext, Node
from publisher.validate.registry import API_REFERENCE, FORMAT_SPEC, Check

_BAD_ID_CHAR = re.compile(f"[^{ID_CHARACTERS}]")


class IdFormat(Check):
    """Ids are ``MIN_ID_LENGTH`` to ``max_length`` letters, digits or underscores."""

    kind: ClassVar[str]
    max_length: ClassVar[int]

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for node in ctx.nodes(self.kind):
            value = node.text("id")
            if value is None:
                continue
            pointer = pointer_join(node.pointer, "id")
            bad = _BAD_ID_CHAR.search(value)
            if bad:
                yield ctx.report(self, pointer, f"{self.kind} id {value!r} contains {bad.group()!r} at position "
                                 f"{bad.start() + 1}: use only letters, digits and '_'", bad.start())
            elif not MIN_ID_LENGTH <= len(value) <= self.max_length:
                yield ctx.report(self, pointer, f"{self.kind} id {value!r} has {len(value)} characters: "
                                 f"use {MIN_ID_LENGTH} to {self.max_length}")


class PillarIdFormat(IdFormat):
    code = "E2001"
    severity = Severity.ERROR
    description = (f"Pillar id is not {MIN_ID_LENGTH}-{MAX_PILLAR_ID_LENGTH} letters, digits or '_' "
                   f"(the API caps PillarId at {MAX_PILLAR_ID_LENGTH})")
    source_url = f"{API_REFERENCE}/API_PillarReviewSummary.html"
    kind = "pillar"
    max_length = MAX_PILLAR_ID_LENGTH


class QuestionIdFormat(IdFormat):
    code = "E2002"
    severity = Severity.ERROR
    description = f"Question id is not {MIN_ID_LENGTH}-{MAX_QUESTION_ID_LENGTH} letters, digits or '_'"
    source_url = FORMAT_SPEC
    kind = "question"
    max_length = MAX_QUESTION_ID_LENGTH


class ChoiceIdFormat(IdFormat):
    code = "E2003"
    severity = Severity.ERROR
    description = (f"Choice id is not {MIN_ID_LENGTH}-{MAX_CHOICE_ID_LENGTH} letters, digits or '_' "
                   f"(the API caps ChoiceId at {MAX_CHOICE_ID_LENGTH})")
    source_url = f"{API_REFERENCE}/API_Choice.html"
    kind = "choice"
    max_length = MAX_CHOICE_ID_LENGTH


class UniqueIds(Check):
    """Each id appears once within its scope; later copies are reported."""

    kind: ClassVar[str]
    scope: ClassVar[str]

    def scopes(self, ctx: CheckContext) -> Iterable[list[Node]]:
        raise NotImplementedError

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for nodes in self.scopes(ctx):
            first_seen: dict[str, str] = {}
            for node in nodes:
                value = node.text("id")
                if value is None:
                    continue
                pointer = pointer_join(node.pointer, "id")
                if value in first_seen:
                    first = ctx.locate(first_seen[value])
                    yield ctx.report(self, pointer, f"duplicate {self.kind} id {value!r} in the {self.scope} "
                                     f"(first used at line {first.line})")
                else:
                    first_seen[value] = pointer


class UniquePillarIds(UniqueIds):
    code = "E2011"
    severity = Severity.ERROR
    description = "Two pillars have the same id"
    source_url = FORMAT_SPEC
    kind = "pillar"
    scope = "lens"

    def scopes(self, ctx: CheckContext) -> Iterable[list[Node]]:
        return [ctx.pillars]


class UniqueQuestionIds(UniqueIds):
    code = "E2012"
    severity = Severity.ERROR
    description = "Two questions of the lens have the same id"
    source_url = FORMAT_SPEC
    kind = "question"
    scope = "lens"

    def scopes(self, ctx: CheckContext) -> Iterable[list[Node]]:
        return [ctx.nodes("question")]


class UniqueChoiceIds(UniqueIds):
    code = "E2013"
    severity = Severity.ERROR
    description = "Two choices of one question have the same id"
    source_url = FORMAT_SPEC
    kind = "choice"
    scope = "question"

    def scopes(self, ctx: CheckContext) -> Iterable[list[Node]]:
        return [question.choices for question in ctx.questions]
