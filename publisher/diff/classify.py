"""The classification table: which change kinds make a new lens version major.

A major version notifies every workload that uses the lens and waits for an explicit upgrade; a minor
one is applied silently. A change is therefore major when it can invalidate, re-score or re-home an
answer a workload already holds, and minor when every existing answer keeps its meaning and its risk.
``docs/diff-classification.md`` explains each row; a test keeps the two in step.
"""

from __future__ import annotations

from publisher.diff.model import MAJOR, MINOR, Impact, RiskOutcome

RISK_RULES_CHANGED = "risk_rules_changed"

#: kind -> (impact, what the change is). The impact of a risk-rule change depends on its outcome.
KINDS: dict[str, tuple[Impact, str]] = {
    "pillar_added": (MINOR, "a new pillar (its questions are listed as added)"),
    "pillar_removed": (MAJOR, "a pillar is gone (its questions are listed as removed or moved)"),
    "pillar_renamed": (MINOR, "a pillar's name changed, same id"),
    "pillars_reordered": (MINOR, "pillars kept in both versions appear in another order"),
    "question_added": (MINOR, "a new question: existing answers stay valid, the question shows unanswered"),
    "question_removed": (MAJOR, "a question is gone, or its id changed: its answers are lost"),
    "question_moved": (MAJOR, "a question now belongs to another pillar"),
    "question_retitled": (MINOR, "a question's title changed, same id"),
    "questions_reordered": (MINOR, "questions kept in a pillar appear in another order"),
    "choice_added": (MINOR, "a new choice: nobody has ticked it yet"),
    "choice_removed": (MAJOR, "a choice is gone, or its id changed: answers that ticked it are wiped on upgrade"),
    "choice_moved": (MAJOR, "a choice now belongs to another question"),
    "choice_retitled": (MINOR, "a choice's title changed, same id"),
    "choices_reordered": (MINOR, "choices kept in a question appear in another order"),
    RISK_RULES_CHANGED: (MAJOR, "risk rules changed: major when an answer possible today gets another "
                                "risk, else minor"),
    "lens_renamed": (MINOR, "the lens name changed"),
    "text_changed": (MINOR, "a description, helpful text, improvement plan or resource text changed"),
    "url_changed": (MINOR, "a helpful-resource, improvement-plan or additional-resource URL changed"),
    "field_changed": (MINOR, "any other field (for example schemaVersion or a resource type) changed"),
}


def impact_of(kind: str, outcome: RiskOutcome | None = None) -> Impact:
    """Impact of one change; a risk-rule change is minor only if no existing answer changes risk."""
    if kind == RISK_RULES_CHANGED:
        harmless = outcome is not None and outcome.computed and outcome.existing_changed == 0
        return MINOR if harmless else MAJOR
    return KINDS[kind][0]
