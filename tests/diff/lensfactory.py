"""Small custom-lens documents for diff tests: two pillars, two questions each, three choices each."""

from __future__ import annotations

import copy
from typing import Any

Lens = dict[str, Any]


def make_choice(choice_id: str, title: str | None = None) -> dict[str, Any]:
    choice: dict[str, Any] = {"id": choice_id, "title": title or f"Practice {choice_id} is in place"}
    if not choice_id.endswith("_no"):
        choice["helpfulResource"] = {"displayText": f"Why {choice_id} matters",
                                     "url": f"https://example.com/help/{choice_id}"}
        choice["improvementPlan"] = {"displayText": f"Adopt {choice_id} everywhere",
                                     "url": f"https://example.com/plan/{choice_id}"}
    return choice


def standard_rules(question_id: str) -> list[dict[str, str]]:
    a, b, no = f"{question_id}_a", f"{question_id}_b", f"{question_id}_no"
    return [
        {"condition": f"{a} && {b} && !{no}", "risk": "NO_RISK"},
        {"condition": f"({a} || {b}) && !{no}", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"},
    ]


def make_question(question_id: str, title: str | None = None) -> dict[str, Any]:
    return {
        "id": question_id,
        "title": title or f"How do you handle {question_id.replace('_', ' ')}?",
        "description": f"Context for {question_id}.",
        "choices": [make_choice(f"{question_id}_{suffix}") for suffix in ("a", "b", "no")],
        "riskRules": standard_rules(question_id),
    }


def make_lens() -> Lens:
    """ops: ops_q1, ops_q2; sec: sec_q1, sec_q2; each question has choices <q>_a, <q>_b, <q>_no."""
    return {
        "schemaVersion": "2021-11-01",
        "name": "Example Lens",
        "description": "A lens for diff tests.",
        "pillars": [
            {"id": pillar_id, "name": name,
             "questions": [make_question(f"{pillar_id}_q{n}") for n in (1, 2)]}
            for pillar_id, name in (("ops", "Operations"), ("sec", "Security"))
        ],
    }


def pillar(lens: Lens, pillar_id: str) -> dict[str, Any]:
    return next(p for p in lens["pillars"] if p["id"] == pillar_id)


def question(lens: Lens, question_id: str) -> dict[str, Any]:
    return next(q for p in lens["pillars"] for q in p["questions"] if q["id"] == question_id)


def choice(lens: Lens, question_id: str, choice_id: str) -> dict[str, Any]:
    return next(c for c in question(lens, question_id)["choices"] if c["id"] == choice_id)


def edited(lens: Lens) -> Lens:
    """A deep copy to mutate, so the original stays the 'old' side."""
    return copy.deepcopy(lens)
