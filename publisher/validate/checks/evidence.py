"""E6xxx: evidence rules of ``walens assess`` (the ``evidence:`` lists of lens sources)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from publisher.findings import CATALOGUE, Finding, Severity
from publisher.validate.context import CheckContext
from publisher.validate.registry import Check


class EvidenceRuleProblem(Check):
    """Each evidence rule names a known source, reads only catalogued facts of that source, and parses.

    Evidence rules are not part of the lens JSON: the rules the loader read from the sources' front
    matter come with the context (none for lens JSON), and each finding carries the rule's own ``file:line:col``.
    """

    code = "E6001"
    severity = Severity.ERROR
    description = "An evidence rule names an unknown source or fact, or its condition does not parse"
    source_url = CATALOGUE + "#e6001"

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for problem in ctx.evidence.problems if ctx.evidence is not None else ():
            yield Finding(self.code, self.severity, problem.message, problem.location)
