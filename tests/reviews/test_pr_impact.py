"""``walens review --plan``: per changed question, how many workloads' answers change risk, and how."""

from __future__ import annotations

import json
import shutil

import pytest

from publisher.adoption.answer_risk import AnswerState
from publisher.adoption.collect import Collected
from publisher.adoption.inventory import Answer, LensReview
from publisher.adoption.pr_impact import MAX_SHIFTS, impact_lines
from publisher.publish.lensfind import LensState
from tests.reviews.conftest import OWNER_ACCOUNT, Fleet, major_change, walens

PARTIAL = {"gov_encryption": ["gov_enc_kms", "gov_enc_access"], "gov_ownership": ["gov_own_tags"]}


def test_review_plan_counts_workloads_whose_risk_moves(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = fleet.members["a"], fleet.members["b"]
    fleet.workload(a, "complete", {"gov_encryption": ["gov_enc_kms", "gov_enc_rotation", "gov_enc_access"]})
    fleet.workload(a, "partial-a", PARTIAL)
    fleet.workload(b, "partial-b", PARTIAL, region="eu-west-1")
    fleet.workload(OWNER_ACCOUNT, "steady", {"gov_encryption": ["gov_enc_kms"]})
    shutil.copytree(fleet.project / "lens", fleet.project / "base")
    major_change(fleet.project / "lens")  # the pull request, not published
    lens_yaml = fleet.project / "lens" / "lens.yaml"
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "2.0"'),
                         encoding="utf-8")
    assert walens("review", "--base", "base", "--lens-dir", "lens", "--plan", "--format", "json") == 0
    workloads = json.loads(capsys.readouterr().out)["publish"]["workloads"]
    assert workloads == [
        "4 workload(s) on version 1.0 compared; 3 change(s) of risk",
        "2 workload(s) in 2 account(s) go from MEDIUM to NONE on gov_encryption",
        "2 workload(s) in 2 account(s) go from MEDIUM to HIGH on gov_ownership",
        "1 workload(s) in 1 account(s) go from NONE to UNANSWERED on gov_encryption"]
    assert walens("review", "--base", "base", "--lens-dir", "lens", "--plan") == 0
    markdown = capsys.readouterr().out
    assert "#### Workloads whose answers change risk" in markdown
    assert "- 2 workload(s) in 2 account(s) go from MEDIUM to HIGH on gov\\_ownership" in markdown


def test_many_shifts_are_capped_and_summarised() -> None:
    questions = [{"id": f"q{n:02}", "choices": [{"id": f"q{n:02}_a"}],
                  "riskRules": [{"condition": "default", "risk": "HIGH_RISK"}]} for n in range(MAX_SHIFTS + 5)]
    head = {"name": "L", "pillars": [{"id": "p", "questions": questions}]}
    answers = tuple(Answer("p", q["id"], "MEDIUM", AnswerState(frozenset({f"{q['id']}_a"})), ())
                    for q in questions)
    review = LensReview("111111111111", "us-east-1", "w", "w", "", "arn", "1.0", "CURRENT",
                        dict.fromkeys(("HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED"), 0), "", answers)
    collected = Collected({"us-east-1": LensState("arn", "L", "1.0", False)}, [review])
    lines = impact_lines(collected, head)
    assert len(lines) == 1 + MAX_SHIFTS + 1
    assert lines[-1] == "... and 5 more change(s) affecting 5 answer(s)"
