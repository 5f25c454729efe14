"""The upgrade and PR-impact risk of an answer equals the sandbox's own scoring, not-applicable choices included."""

from __future__ import annotations

import random
from pathlib import Path

from publisher.adoption.answer_risk import AnswerState, risk_of
from publisher.publish.release import build_release
from publisher.sandbox.risk import risk_of as sandbox_risk_of
from publisher.sandbox.workloads import AnswerState as SandboxAnswer

REPO = Path(__file__).resolve().parents[2]


def test_risk_matches_the_sandbox_for_random_answers_of_every_question() -> None:
    chooser = random.Random(15)
    doc = build_release(REPO / "lens_src" / "eks", {}, validate=False).doc
    questions = [q for pillar in doc["pillars"] for q in pillar["questions"]]
    for question in questions:
        ids = [choice["id"] for choice in question["choices"]]
        for _ in range(60):
            marks = {choice: chooser.choice(("selected", "not applicable", "")) for choice in ids}
            if chooser.random() < 0.2:  # every choice but "None of these" not applicable
                marks = {choice: "" if choice.endswith("_no") else "not applicable" for choice in ids}
            selected = frozenset(c for c, mark in marks.items() if mark == "selected")
            not_applicable = frozenset(c for c, mark in marks.items() if mark == "not applicable" and
                                       not c.endswith("_no"))
            applicable = chooser.random() > 0.05
            ours = risk_of(question, AnswerState(selected, not_applicable, applicable))
            theirs = sandbox_risk_of(question, SandboxAnswer(sorted(selected), {c: {} for c in not_applicable},
                                                             is_applicable=applicable))
            assert ours == theirs, (question["id"], selected, not_applicable, applicable)
