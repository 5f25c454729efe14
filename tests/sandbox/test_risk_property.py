"""Property: GetLensReview's risk counts equal those of the validator's risk evaluator
(``publisher.riskexpr``) for random risk rules and random answers, unanswered and not-applicable
questions included, and choices marked not applicable, which this test scores itself: a
not-applicable choice is neutral (dropped from ``&&`` and ``||``; a wholly neutral condition does not
hold), and an answer with nothing selected and every ordinary choice not applicable is NONE, with
or without a "None of these" (``_no``) choice."""

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
NONE_OF_THESE = "c_no"
# Each choice selected, marked not applicable, or neither.
marks = st.lists(st.sampled_from(["selected", "n/a", None]), min_size=len(CHOICES), max_size=len(CHOICES)).map(
    lambda states: ({choice for choice, mark in zip(CHOICES, states, strict=True) if mark == "selected"},
                    {choice for choice, mark in zip(CHOICES, states, strict=True) if mark == "n/a"}))
# None: not answered; "N/A": question not applicable; else (selected, not applicable) choices.
answers = st.one_of(st.none(), st.just("N/A"), marks, st.just((set(), set(CHOICES))),
                    st.just(({NONE_OF_THESE}, set(CHOICES))))  # (only "None of these" selected when guarded)
Answer = str | tuple[set[str], set[str]] | None


def question(index: int, risk_rules: list[dict[str, str]], guarded: bool) -> dict[str, Any]:
    choices = [*CHOICES, NONE_OF_THESE] if guarded else list(CHOICES)
    return {"id": f"q_{index:02d}", "title": f"Question {index}",
            "choices": [{"id": choice, "title": f"Choice {choice}", "improvementPlan": {"displayText": "Fix it."}}
                        for choice in choices],
            "riskRules": risk_rules}


def neutral_value(expr: riskexpr.Expr, selected: set[str], not_applicable: set[str]) -> bool | None:
    """Three-valued evaluation over the validator's parse tree; None: neutral."""
    if isinstance(expr, riskexpr.Default):
        return True
    if isinstance(expr, riskexpr.Choice):
        return None if expr.id in not_applicable else expr.id in selected
    if isinstance(expr, riskexpr.Not):
        inner = neutral_value(expr.operand, selected, not_applicable)
        return None if inner is None else not inner
    assert isinstance(expr, (riskexpr.And, riskexpr.Or))
    values = [value for operand in expr.operands
              if (value := neutral_value(operand, selected, not_applicable)) is not None]
    if not values:
        return None
    return all(values) if isinstance(expr, riskexpr.And) else any(values)


def expected(risk_rules: list[dict[str, str]], answer: Answer) -> str:
    if answer == "N/A":
        return "NOT_APPLICABLE"
    if not isinstance(answer, tuple) or answer == (set(), set()):
        return "UNANSWERED"
    selected, not_applicable = answer
    if not not_applicable:
        return RISK_OF_RULE[riskexpr.risk_of(risk_rules, frozenset(selected))]
    if not selected and not_applicable == set(CHOICES):
        return "NONE"
    return RISK_OF_RULE[next((rule["risk"] for rule in risk_rules
                              if neutral_value(riskexpr.parse(rule["condition"]), selected, not_applicable)), None)]


def update(answer: Answer) -> dict[str, Any]:
    """The UpdateAnswer parameters that give ``answer`` (empty: leave the question unanswered)."""
    if answer == "N/A":
        return {"IsApplicable": False}
    if not isinstance(answer, tuple) or answer == (set(), set()):
        return {}
    selected, not_applicable = answer
    return {"SelectedChoices": sorted(selected), "ChoiceUpdates": {
        choice: {"Status": "NOT_APPLICABLE", "Reason": "OUT_OF_SCOPE"} for choice in sorted(not_applicable)}}


@pytest.mark.slow
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rules, min_size=QUESTIONS, max_size=QUESTIONS),
       st.lists(answers, min_size=QUESTIONS, max_size=QUESTIONS),
       st.lists(st.booleans(), min_size=QUESTIONS, max_size=QUESTIONS))
def test_review_risk_counts_match_the_validators_evaluator(all_rules: list[list[dict[str, str]]],
                                                           given_answers: list[Answer], guarded: list[bool]) -> None:
    given_answers = [(answer[0] - {NONE_OF_THESE}, answer[1]) if isinstance(answer, tuple) and not guard else answer
                     for answer, guard in zip(given_answers, guarded, strict=True)]
    document = lens(pillars=[{"id": "pillar", "name": "Pillar", "questions": [
        question(index, risk_rules, guard) for index, (risk_rules, guard) in enumerate(zip(all_rules, guarded,
                                                                                          strict=True))]}])
    with mock_aws():
        client = Sandbox().client()
        arn = client.import_lens(JSONString=json.dumps(document))["LensArn"]
        client.create_lens_version(LensAlias=arn, LensVersion="1")
        workload_id = client.create_workload(
            WorkloadName="property", Description="property test", Environment="PRODUCTION", Lenses=[arn],
            ReviewOwner="owner", AwsRegions=["us-east-1"])["WorkloadId"]
        for index, answer in enumerate(given_answers):
            if request := update(answer):
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
