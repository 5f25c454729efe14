"""The workload-review operations: workloads, lens reviews, answers, improvements and milestones."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from publisher.sandbox.harness import Sandbox

from .lens_samples import MINIMAL_LENS, lens

OWNER = {"ReviewOwner": "owner@example.com", "AwsRegions": ["us-east-1"]}


def review_lens() -> dict[str, Any]:
    """Two pillars of three questions, each shaped like the minimal lens's question."""
    template = MINIMAL_LENS["pillars"][0]["questions"][0]
    pillars = []
    for pillar in ("sec", "ops"):
        questions = []
        for number in range(3):
            item = copy.deepcopy(template)
            item["id"] = f"{pillar}_q{number}"
            questions.append(item)
        pillars.append({"id": pillar, "name": pillar.upper(), "questions": questions})
    return lens(pillars=pillars)


def publish(client: Any, document: dict[str, Any], version: str = "1.0", arn: str | None = None) -> str:
    alias = {"LensAlias": arn} if arn else {}
    arn = client.import_lens(JSONString=json.dumps(document), **alias)["LensArn"]
    client.create_lens_version(LensAlias=arn, LensVersion=version)
    return str(arn)


def create(client: Any, arn: str, name: str = "checkout", **details: Any) -> str:
    workload_id: str = client.create_workload(WorkloadName=name, Description="Checkout service",
                                              Environment="PRODUCTION", Lenses=[arn],
                                              **{**OWNER, **details})["WorkloadId"]
    return workload_id


@pytest.fixture
def setup(sandbox: Sandbox) -> tuple[Any, str, str]:
    client = sandbox.client()
    arn = publish(client, review_lens())
    return client, arn, create(client, arn)


@pytest.mark.parametrize(("details", "field"), [
    ({"ReviewOwner": None}, "ReviewOwner"),
    ({"AwsRegions": None}, "AwsRegions"),
])
def test_create_workload_needs_a_review_owner_and_regions(sandbox: Sandbox, details: dict[str, Any],
                                                          field: str) -> None:
    client = sandbox.client()
    arn = publish(client, review_lens())
    request = {key: value for key, value in {**OWNER, **details}.items() if value is not None}
    with pytest.raises(client.exceptions.ValidationException) as failed:
        client.create_workload(WorkloadName="wl1", Description="desc", Environment="PRODUCTION", Lenses=[arn],
                               **request)
    assert failed.value.response["Fields"][0]["Name"] == field
    assert create(client, arn, "only non-AWS", AwsRegions=[], NonAwsRegions=["on-premises"])


def test_workload_names_are_unique_ignoring_spaces_and_case(setup: tuple[Any, str, str]) -> None:
    client, arn, workload_id = setup
    with pytest.raises(client.exceptions.ConflictException):
        create(client, arn, "Check Out")
    other = create(client, arn, "payments")
    with pytest.raises(client.exceptions.ConflictException):
        client.update_workload(WorkloadId=other, WorkloadName="CHECKOUT")
    updated = client.update_workload(WorkloadId=other, WorkloadName="Pay Ments", Notes="renamed",
                                     ImprovementStatus="IN_PROGRESS")["Workload"]
    assert (updated["WorkloadName"], updated["Notes"], updated["ImprovementStatus"]) == (
        "Pay Ments", "renamed", "IN_PROGRESS")
    assert client.get_workload(WorkloadId=workload_id)["Workload"]["ReviewOwner"] == "owner@example.com"


def test_list_workloads_pages_and_filters_by_prefix(setup: tuple[Any, str, str]) -> None:
    client, arn, _ = setup
    for index in range(4):
        create(client, arn, f"team-{index}")
    seen, token = [], None
    while True:
        page = client.list_workloads(MaxResults=2, WorkloadNamePrefix="team-", **({"NextToken": token} if token
                                                                                 else {}))
        seen += [item["WorkloadName"] for item in page["WorkloadSummaries"]]
        token = page.get("NextToken")
        if not token:
            break
    assert seen == [f"team-{index}" for index in range(4)]
    assert len(client.list_workloads()["WorkloadSummaries"]) == 5
    with pytest.raises(client.exceptions.ValidationException):
        client.list_workloads(NextToken="not-a-token")


def test_associate_and_disassociate_lenses(setup: tuple[Any, str, str]) -> None:
    client, arn, workload_id = setup
    second = publish(client, lens(name="Second lens"))
    client.associate_lenses(WorkloadId=workload_id, LensAliases=[second])
    reviews = client.list_lens_reviews(WorkloadId=workload_id)["LensReviewSummaries"]
    assert {item["LensArn"] for item in reviews} == {arn, second}
    assert {item["LensStatus"] for item in reviews} == {"CURRENT"}
    client.disassociate_lenses(WorkloadId=workload_id, LensAliases=[second])
    assert client.get_workload(WorkloadId=workload_id)["Workload"]["Lenses"] == [arn]
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.disassociate_lenses(WorkloadId=workload_id, LensAliases=[second])
    with pytest.raises(client.exceptions.ValidationException):
        client.disassociate_lenses(WorkloadId=workload_id, LensAliases=[arn])


def test_lens_review_counts_per_pillar_and_notes(setup: tuple[Any, str, str]) -> None:
    client, arn, workload_id = setup
    client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q0", SelectedChoices=["enc_kms"])
    client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q1", SelectedChoices=["enc_no"])
    client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="ops_q0", IsApplicable=False,
                         Reason="OUT_OF_SCOPE")
    client.update_lens_review(WorkloadId=workload_id, LensAlias=arn, LensNotes="reviewed",
                              PillarNotes={"sec": "mostly done"})
    review = client.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]
    assert review["RiskCounts"] == {"UNANSWERED": 3, "HIGH": 1, "MEDIUM": 1, "NONE": 0, "NOT_APPLICABLE": 1}
    pillars = {item["PillarId"]: item for item in review["PillarReviewSummaries"]}
    assert pillars["sec"]["RiskCounts"] == {"UNANSWERED": 1, "HIGH": 1, "MEDIUM": 1, "NONE": 0,
                                            "NOT_APPLICABLE": 0}
    assert (review["Notes"], pillars["sec"]["Notes"]) == ("reviewed", "mostly done")
    assert client.get_workload(WorkloadId=workload_id)["Workload"]["RiskCounts"] == review["RiskCounts"]
    with pytest.raises(client.exceptions.ValidationException):
        client.update_lens_review(WorkloadId=workload_id, LensAlias=arn, PillarNotes={"nope": "x"})


def test_list_answers_and_improvements(setup: tuple[Any, str, str]) -> None:
    client, arn, workload_id = setup
    client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q0", SelectedChoices=["enc_kms"])
    first = client.list_answers(WorkloadId=workload_id, LensAlias=arn, MaxResults=4)
    rest = client.list_answers(WorkloadId=workload_id, LensAlias=arn, MaxResults=4, NextToken=first["NextToken"])
    answers = first["AnswerSummaries"] + rest["AnswerSummaries"]
    assert [item["QuestionId"] for item in answers] == [f"{p}_q{n}" for p in ("sec", "ops") for n in range(3)]
    assert "NextToken" not in rest
    assert (answers[0]["Risk"], answers[0]["SelectedChoices"]) == ("MEDIUM", ["enc_kms"])
    assert first["LensArn"] == arn
    ops = client.list_answers(WorkloadId=workload_id, LensAlias=arn, PillarId="ops")["AnswerSummaries"]
    assert {item["PillarId"] for item in ops} == {"ops"}
    improvements = client.list_lens_review_improvements(WorkloadId=workload_id, LensAlias=arn)
    assert [(item["QuestionId"], item["Risk"]) for item in improvements["ImprovementSummaries"]] == [
        ("sec_q0", "MEDIUM")]
    assert [plan["ChoiceId"] for plan in improvements["ImprovementSummaries"][0]["ImprovementPlans"]] == [
        "enc_rotation"]


def test_milestones_freeze_the_review(setup: tuple[Any, str, str]) -> None:
    client, arn, workload_id = setup
    client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q0", SelectedChoices=["enc_kms"])
    number = client.create_milestone(WorkloadId=workload_id, MilestoneName="before fixes")["MilestoneNumber"]
    assert number == 1
    client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q0",
                         SelectedChoices=["enc_kms", "enc_rotation"])
    with pytest.raises(client.exceptions.ConflictException):
        client.create_milestone(WorkloadId=workload_id, MilestoneName="before fixes")
    frozen = client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q0", MilestoneNumber=1)
    assert (frozen["MilestoneNumber"], frozen["Answer"]["Risk"]) == (1, "MEDIUM")
    assert client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q0")["Answer"]["Risk"] == "NONE"
    milestone = client.get_milestone(WorkloadId=workload_id, MilestoneNumber=1)["Milestone"]
    assert (milestone["MilestoneName"], milestone["Workload"]["RiskCounts"]["MEDIUM"]) == ("before fixes", 1)
    listed = client.list_milestones(WorkloadId=workload_id)["MilestoneSummaries"]
    assert [(item["MilestoneNumber"], item["WorkloadSummary"]["WorkloadName"]) for item in listed] == [
        (1, "checkout")]
    assert client.list_lens_reviews(WorkloadId=workload_id, MilestoneNumber=1)["MilestoneNumber"] == 1
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_milestone(WorkloadId=workload_id, MilestoneNumber=2)


def test_official_lens_is_listed_and_readable_but_not_usable(setup: tuple[Any, str, str]) -> None:
    client, _, workload_id = setup
    official = client.list_lenses(LensType="AWS_OFFICIAL")["LensSummaries"]
    assert [(item["LensAlias"], item["LensType"]) for item in official] == [("wellarchitected", "AWS_OFFICIAL")]
    assert client.get_lens(LensAlias="wellarchitected")["Lens"]["Name"] == "AWS Well-Architected Framework"
    with pytest.raises(client.exceptions.ValidationException, match="not emulated"):
        client.associate_lenses(WorkloadId=workload_id, LensAliases=["wellarchitected"])
    with pytest.raises(client.exceptions.AccessDeniedException):
        client.export_lens(LensAlias="wellarchitected")
    assert client.list_lenses(LensType="CUSTOM_SELF", LensName="AWS Well-Architected Framework")[
        "LensSummaries"] == []


def test_deleted_workload_and_missing_review(setup: tuple[Any, str, str]) -> None:
    client, arn, workload_id = setup
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.list_answers(WorkloadId=workload_id, LensAlias=arn, PillarId="missing")
    client.delete_workload(WorkloadId=workload_id)
    for call in (client.list_lens_reviews, client.list_milestones):
        with pytest.raises(client.exceptions.ResourceNotFoundException):
            call(WorkloadId=workload_id)


def test_consolidated_report_in_json(setup: tuple[Any, str, str]) -> None:
    client, arn, workload_id = setup
    client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="sec_q0", SelectedChoices=["enc_kms"])
    for index in range(2):
        create(client, arn, f"other-{index}")
    first = client.get_consolidated_report(Format="JSON", MaxResults=2)
    rest = client.get_consolidated_report(Format="JSON", MaxResults=2, NextToken=first["NextToken"])
    metrics = first["Metrics"] + rest["Metrics"]
    assert [item["WorkloadName"] for item in metrics] == ["checkout", "other-0", "other-1"]
    checkout = metrics[0]
    assert (checkout["MetricType"], checkout["LensesAppliedCount"], checkout["RiskCounts"]["MEDIUM"]) == (
        "WORKLOAD", 1, 1)
    pillar = checkout["Lenses"][0]["Pillars"][0]
    assert (pillar["PillarId"], pillar["Questions"][0]["Risk"]) == ("sec", "MEDIUM")
    assert pillar["Questions"][0]["BestPractices"] == [{"ChoiceId": "enc_rotation",
                                                        "ChoiceTitle": "Keys rotated yearly"}]
    assert pillar["Questions"][1]["BestPractices"] == []
