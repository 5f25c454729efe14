"""Judge each choice of a lens by its evidence rules over the collected facts.

Rules of a choice are read in order; the first whose condition holds gives the verdict. A rule
whose condition cannot be decided (a fact was not collected, or cannot be compared) stops the walk
with ``unknown`` and the reason: a later rule never turns a missing fact into ``violated``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from publisher.assess.facts import Facts
from publisher.assess.rules import EvidenceRule


@dataclass(frozen=True)
class Cited:
    """One fact a verdict rests on: its path, value and provenance (api, declared or observed)."""

    path: str
    value: Any
    origin: str

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "value": self.value, "origin": self.origin}


@dataclass(frozen=True)
class Verdict:
    choice_id: str
    verdict: str  # satisfied, violated, unknown, not_applicable
    reason: str
    facts: tuple[Cited, ...] = ()
    rule: str = ""  # file:line:col of the deciding rule

    def to_json(self) -> dict[str, Any]:
        return {"choiceId": self.choice_id, "verdict": self.verdict, "reason": self.reason,
                "facts": [fact.to_json() for fact in self.facts], "rule": self.rule}


def _cite(paths: Iterable[str], facts: Facts) -> tuple[Cited, ...]:
    return tuple(Cited(path, facts.values[path], facts.labels[path]) for path in dict.fromkeys(paths)
                 if path in facts.values)


def judge(choice_id: str, rules: list[EvidenceRule], facts: Facts) -> Verdict:
    """The verdict of one choice; ``unknown`` (with why) when no rule decides."""
    undecided: list[str] = []
    for rule in rules:
        outcome = rule.condition.evaluate(facts.lookup)
        where = str(rule.location)
        if outcome.value is None:
            return Verdict(choice_id, "unknown", f"{rule.reason}: cannot tell, {outcome.why}",
                           _cite(rule.condition.paths(), facts), where)
        if outcome.value:
            return Verdict(choice_id, rule.verdict, rule.reason, _cite(rule.condition.paths(), facts), where)
        undecided.extend(rule.condition.paths())
    return Verdict(choice_id, "unknown", "no evidence rule applies to these facts", _cite(undecided, facts))
