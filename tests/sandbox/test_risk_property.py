"""Property: GetLensReview's risk counts equal those of the validator's risk evaluator
(``publisher.riskexpr``) for random risk rules and random answers, unanswered and not-applicable
questions included."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from moto import mock_aws

from publisher import riskexpr
from publisher.sandbox.harness import Sandbox

from .lens_samples import lens
from .test_service_checks import CHOICES, expressions

RISK_OF_RULE = {"HIGH_RISK": "HIGH", "MEDIUM_RISK": "MEDIUM", "NO_RISK": "NONE", None: "UNANSWERED"}
QUESTIONS = 4

RULE_RISKS = st.sampled_from(["HIGH_RISK", "MEDIUM_RISK", "NO_RISK"])
# One or two conditions, then maybe a ``default`` rule (at most three rules per question).
rules = st.tuples(st.lists(st.tuples(expressions(), RULE_RISKS), min_size=1, max_size=2),
                  st.one_of(st.none(), RULE_RISKS)).map(
    lambda parts: [{"condition": pair[0], "risk": risk} for pair, risk in parts[0]]
    + ([{"condition": "default", "risk": parts[1]}] if parts[1] else []))
# None: not answered; "N/A": question not applicable; else the selected choices.
answers = st.one_of(st.none(), st.just("N/A"), st.sets(st.sampled_from(CHOICES)))


def question(index: int, risk_rules: list[dict[str, str]]) -> dict[str, Any]:
    return {"id": f"q_{index:02d}", "title": f"Question {index}",
            "choices": [{"id": choice, "title": f"Choice {choice}", "improvementPlan": {"displayText": "Fix it."}}
                        for choice in CHOICES],
            "riskRules": risk_rules}


def expected(risk_rules: list[dict[str, str]], answer: str | set[str] | None) -> str:
    if answer == "N/A":
        return "NOT_APPLICABLE"
    if not answer:
        return "UNANSWERED"
    return RISK_OF_RULE[riskexpr.risk_of(risk_rules, frozenset(answer))]


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rules, min_size=QUESTIONS, max_size=QUESTIONS),
       st.lists(answers, min_size=QUESTIONS, max_size=QUESTIONS))
def test_review_risk_counts_match_the_validators_evaluator(all_rules: list[list[dict[str, str]]],
                                                           given_answers: list[Any]) -> None:
    document = lens(pillars=[{"id": "pillar", "name": "Pillar", "questions": [
        question(index, risk_rules) for index, risk_rules in enumerate(all_rules)]}])
    with mock_aws():
        client = Sandbox().client()
        arn = client.import_lens(JSONString=json.dumps(document))["LensArn"]
        client.create_lens_version(LensAlias=arn, LensVersion="1")
        workload_id = client.create_workload(
            WorkloadName="property", Description="property test", Environment="PRODUCTION", Lenses=[arn],
            ReviewOwner="owner", AwsRegions=["us-east-1"])["WorkloadId"]
        for index, answer in enumerate(given_answers):
            request: dict[str, Any] = ({"IsApplicable": False} if answer == "N/A"
                                       else {"SelectedChoices": sorted(answer)} if answer else {})
            if request:
                client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=f"q_{index:02d}",
                                     **request)
        review = client.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]
        answered = client.list_answers(WorkloadId=workload_id, LensAlias=arn)["AnswerSummaries"]
    wanted = [expected(risk_rules, answer) for risk_rules, answer in zip(all_rules, given_answers, strict=True)]
    assert [item["Risk"] for item in answered] == wanted
    counts = Counter(wanted)
    assert review["RiskCounts"] == {risk: counts[risk] for risk in
                                    ("UNANSWERED", "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE")}
    assert review["PillarReviewSummaries"][0]["RiskCounts"] == review["RiskCounts"]
