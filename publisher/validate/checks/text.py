"""E3030 and W5001: the character set ImportLens accepts, and stray whitespace."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher.findings import CATALOGUE, Finding, Severity
from publisher.lensformat import ALLOWED_CHARACTERS, REJECTED_CHARACTER
from publisher.validate.context import CheckContext
from publisher.validate.registry import ORR_GATES, Check

#: Fields whose text ImportLens restricts to ALLOWED_CHARACTERS.
RESTRICTED_FIELDS = frozenset({
    "lens.name", "lens.description", "pillar.name", "question.title", "question.description", "choice.title",
})
_MAX_LISTED = 5


def _describe(char: str) -> str:
    return f"{char!r} (U+{ord(char):04X})"


class RejectedCharacter(Check):
    code = "E3030"
    severity = Severity.ERROR
    description = ("A name, title or description holds a character ImportLens rejects "
                   f"(allowed: {ALLOWED_CHARACTERS})")
    source_url = ORR_GATES

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for text in ctx.texts:
            if text.field not in RESTRICTED_FIELDS:
                continue
            hits = list(REJECTED_CHARACTER.finditer(text.value))
            if not hits:
                continue
            first = hits[0]
            listed = ", ".join(f"{_describe(hit.group())} at position {hit.start() + 1}"
                               for hit in hits[:_MAX_LISTED])
            more = f" and {len(hits) - _MAX_LISTED} more" if len(hits) > _MAX_LISTED else ""
            label = text.field.replace(".", " ")
            yield ctx.report(self, text.pointer, f"{label} contains characters ImportLens rejects: {listed}{more}; "
                             f"allowed are {ALLOWED_CHARACTERS}", first.start())


class SurroundingWhitespace(Check):
    code = "W5001"
    severity = Severity.WARNING
    description = "A name, title or display text starts or ends with whitespace"
    source_url = CATALOGUE + "#w5001"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for text in ctx.texts:
            if text.field.endswith(".url") or not text.value.strip():
                continue
            if text.value != text.value.strip():
                where = "starts" if text.value[0].isspace() else "ends"
                offset = 0 if where == "starts" else len(text.value.rstrip())
                yield ctx.report(self, text.pointer,
                                 f"{text.field.replace('.', ' ')} {where} with whitespace", offset)
