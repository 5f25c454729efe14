"""What a lens diff produces: changes with their impact, risk outcomes, warnings, the classification."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Impact = Literal["major", "minor"]
Classification = Literal["major", "minor", "none"]

MAJOR: Impact = "major"
MINOR: Impact = "minor"


@dataclass(frozen=True)
class RiskExample:
    """One selection whose risk changes: the ticked choices, and the risk before and after."""

    selected: tuple[str, ...]
    before: str | None
    after: str | None

    def describe(self) -> str:
        """``selecting a and b``; the empty domain selection stands for choices no rule mentions."""
        if not self.selected:
            return "selecting only choices no rule mentions"
        if len(self.selected) == 1:
            return f"selecting {self.selected[0]}"
        return f"selecting {', '.join(self.selected[:-1])} and {self.selected[-1]}"

    def to_json(self) -> dict[str, Any]:
        return {"selected": list(self.selected), "before": self.before, "after": self.after}


@dataclass(frozen=True)
class RiskOutcome:
    """How a risk-rule change alters the risk of the question's possible answers.

    ``selections`` counts the answers compared (every non-empty set of choices, reduced to the
    choices the rules mention); ``existing_changed`` counts the changed ones that only use choices
    present in both versions, i.e. answers that workloads may hold today. ``computed`` is False when
    the comparison was not possible, with the reason in ``note``.
    """

    computed: bool
    choice_ids: tuple[str, ...] = ()
    selections: int = 0
    changed: int = 0
    existing_changed: int = 0
    riskier: int = 0
    existing_riskier: int = 0
    examples: tuple[RiskExample, ...] = ()
    note: str = ""
    #: answers workloads may hold today that the new rules grade less risky: the bar is lowered
    existing_less_risky: int = 0
    lowered: tuple[RiskExample, ...] = ()

    def to_json(self) -> dict[str, Any]:
        if not self.computed:
            return {"computed": False, "note": self.note}
        return {
            "computed": True,
            "choiceIds": list(self.choice_ids),
            "selections": self.selections,
            "changed": self.changed,
            "existingAnswersChanged": self.existing_changed,
            "riskier": self.riskier,
            "existingAnswersRiskier": self.existing_riskier,
            "existingAnswersLessRisky": self.existing_less_risky,
            "examples": [example.to_json() for example in self.examples],
            "lessRiskyExamples": [example.to_json() for example in self.lowered],
        }


@dataclass(frozen=True)
class Change:
    """One difference, addressed by a readable id path such as ``security/sec_q1/choices/sec_q1_a/title``."""

    kind: str
    path: str
    id: str | None
    before: Any
    after: Any
    impact: Impact
    outcome: RiskOutcome | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "path": self.path,
            "id": self.id,
            "before": self.before,
            "after": self.after,
            "impact": self.impact,
        }
        if self.outcome is not None:
            out["outcome"] = self.outcome.to_json()
        return out


@dataclass(frozen=True)
class LensDiff:
    """All differences between two lenses, in document order, plus warnings for reviewers."""

    changes: list[Change] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def classification(self) -> Classification:
        if not self.changes:
            return "none"
        return MAJOR if any(change.impact == MAJOR for change in self.changes) else MINOR

    def to_json(self) -> dict[str, Any]:
        return {
            "classification": self.classification,
            "changes": [change.to_json() for change in self.changes],
            "warnings": list(self.warnings),
        }
