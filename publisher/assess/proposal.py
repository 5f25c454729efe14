"""What one question's answer becomes under a proposal: the rule ``plan`` previews and ``apply`` writes.

The answer a person gave is never reduced: by default only an unanswered question is filled;
with ``merge`` the proposed choices are added to an answered one (not when the person chose "None
of these" or marked the choice not applicable). Contradicted choices are reported, never unselected.
Per-choice notes travel with a write but never cause one (the service keeps them for not
applicable choices only), so reruns converge.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from publisher.adoption.answer_risk import NONE_OF_THESE_SUFFIX, AnswerState


@dataclass(frozen=True)
class Answer:
    """A question's answer as GetAnswer shows it (the part walens compares and writes)."""

    selected: frozenset[str] = frozenset()
    not_applicable: frozenset[str] = frozenset()
    applicable: bool = True
    notes: str = ""

    @property
    def answered(self) -> bool:
        return self.state.answered

    @property
    def state(self) -> AnswerState:
        return AnswerState(self.selected, self.not_applicable, self.applicable)

    @classmethod
    def from_api(cls, answer: Mapping[str, Any]) -> Answer:
        not_applicable = {c.get("ChoiceId") for c in answer.get("ChoiceAnswers", []) if c.get("Status") ==
                          "NOT_APPLICABLE"}
        return cls(frozenset(answer.get("SelectedChoices", [])), frozenset(str(c) for c in not_applicable),
                   bool(answer.get("IsApplicable", True)), str(answer.get("Notes") or ""))

    def to_json(self) -> dict[str, Any]:
        return {"answered": self.answered, "selectedChoices": sorted(self.selected),
                "notApplicableChoices": sorted(self.not_applicable), "isApplicable": self.applicable,
                "notes": self.notes}


@dataclass(frozen=True)
class Proposal:
    """What the evidence proposes for one question."""

    select: tuple[str, ...] = ()
    not_applicable: Mapping[str, str] = field(default_factory=dict)  # choice id -> reason
    notes: str = ""
    choice_notes: Mapping[str, str] = field(default_factory=dict)


def target(current: Answer, proposal: Proposal, *, merge: bool) -> Answer:
    """The answer after applying ``proposal``; ``current`` itself when nothing may change."""
    if not current.applicable or (current.answered and not merge):
        return current
    person_chose_none = any(c.endswith(NONE_OF_THESE_SUFFIX) for c in current.selected)
    held = current.selected | current.not_applicable
    add = set() if person_chose_none else {c for c in proposal.select if c not in current.not_applicable}
    selected = current.selected | add
    not_applicable = current.not_applicable | {c for c in proposal.not_applicable if c not in held | selected}
    return replace(current, selected=frozenset(selected), not_applicable=frozenset(not_applicable),
                   notes=proposal.notes)


def update_request(current: Answer, wanted: Answer, proposal: Proposal) -> dict[str, Any] | None:
    """The UpdateAnswer parameters (without workload, lens and question) turning ``current`` into
    ``wanted``, or None when they are the same."""
    if wanted == current:
        return None
    updates: dict[str, dict[str, str]] = {}
    for choice_id in sorted(wanted.not_applicable - current.not_applicable):
        updates[choice_id] = {"Status": "NOT_APPLICABLE", "Reason": "ARCHITECTURE_CONSTRAINTS",
                              "Notes": proposal.choice_notes.get(choice_id, "")}
    for choice_id in sorted(wanted.selected - current.selected):
        if choice_id in proposal.choice_notes:
            updates[choice_id] = {"Status": "SELECTED", "Notes": proposal.choice_notes[choice_id]}
    request: dict[str, Any] = {"SelectedChoices": sorted(wanted.selected), "Notes": wanted.notes}
    if updates:
        request["ChoiceUpdates"] = updates
    return request

