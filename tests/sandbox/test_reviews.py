"""Workloads, answers and risk, notifications, upgrades and GetLensVersionDifference."""

from __future__ import annotations

import json
from typing import Any

import pytest

from publisher.sandbox.harness import Sandbox

from .lens_samples import lens, question

QUESTION = "pol_q01"
RECIPIENT = "111122223333"


def publish(client, document: dict[str, Any], version: str, arn: str | None = None, major: bool = False) -> str:
    alias = {"LensAlias": arn} if arn else {}
    arn = client.import_lens(JSONString=json.dumps(document), **alias)["LensArn"]
    client.create_lens_version(LensAlias=arn, LensVersion=version, IsMajorVersion=major)
    return str(arn)


def workload(client, arn: str, name: str = "checkout") -> str:
    workload_id: str = client.create_workload(
        WorkloadName=name, Description="Checkout service", Environment="PRODUCTION", Lenses=[arn],
        AwsRegions=["us-east-1"], ReviewOwner="owner@example.com")["WorkloadId"]
    return workload_id


def answer(client, workload_id: str, arn: str, **request: Any) -> dict[str, Any]:
    result: dict[str, Any] = client.update_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=QUESTION,
                                                  **request)["Answer"]
    return result


@pytest.fixture
def reviewed(sandbox: Sandbox) -> tuple[Any, str, str]:
    client = sandbox.client()
    arn = publish(client, lens(), "1.0")
    return client, arn, workload(client, arn)


@pytest.mark.parametrize(("request_", "risk"), [
    ({}, "UNANSWERED"),
    ({"SelectedChoices": ["enc_kms", "enc_rotation"]}, "NONE"),
    ({"SelectedChoices": ["enc_kms"]}, "MEDIUM"),
    ({"SelectedChoices": ["enc_rotation"]}, "HIGH"),
    ({"SelectedChoices": ["enc_kms", "enc_rotation", "enc_no"]}, "HIGH"),
    ({"SelectedChoices": ["enc_no"]}, "HIGH"),
    ({"SelectedChoices": ["enc_kms"], "IsApplicable": False, "Reason": "OUT_OF_SCOPE"}, "NOT_APPLICABLE"),
    ({"ChoiceUpdates": {"enc_kms": {"Status": "NOT_APPLICABLE"}, "enc_rotation": {"Status": "NOT_APPLICABLE"}}},
     "NONE"),
    ({"SelectedChoices": ["enc_kms"], "ChoiceUpdates": {"enc_rotation": {"Status": "NOT_APPLICABLE",
                                                                          "Reason": "OUT_OF_SCOPE"}}}, "NONE"),
])
def test_answer_risk_follows_the_risk_rules(reviewed: tuple[Any, str, str], request_: dict[str, Any],
                                            risk: str) -> None:
    client, arn, workload_id = reviewed
    updated = answer(client, workload_id, arn, **request_)
    fetched = client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=QUESTION)["Answer"]
    assert updated["Risk"] == fetched["Risk"] == risk


def test_answer_carries_the_question_content(reviewed: tuple[Any, str, str]) -> None:
    client, arn, workload_id = reviewed
    result = answer(client, workload_id, arn, SelectedChoices=["enc_kms"], Notes="checked",
                    ChoiceUpdates={"enc_rotation": {"Status": "NOT_APPLICABLE", "Reason": "OTHER", "Notes": "n/a"}})
    assert (result["PillarId"], result["QuestionTitle"], result["Notes"]) == (
        "policy", "Do you encrypt data at rest?", "checked")
    assert [choice["ChoiceId"] for choice in result["Choices"]] == ["enc_kms", "enc_rotation", "enc_no"]
    assert result["Choices"][0]["HelpfulResource"] == {"DisplayText": "Encryption guidance",
                                                       "Url": "https://example.com/enc"}
    assert {(item["ChoiceId"], item["Status"]) for item in result["ChoiceAnswers"]} == {
        ("enc_kms", "SELECTED"), ("enc_rotation", "NOT_APPLICABLE")}


def test_invalid_answers_are_rejected(reviewed: tuple[Any, str, str]) -> None:
    client, arn, workload_id = reviewed
    with pytest.raises(client.exceptions.ValidationException):
        answer(client, workload_id, arn, SelectedChoices=["enc_unknown"])
    with pytest.raises(client.exceptions.ValidationException):
        answer(client, workload_id, arn, ChoiceUpdates={"enc_no": {"Status": "NOT_APPLICABLE"}})
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId="missing_q")


def test_lens_review_reports_version_and_risk_counts(reviewed: tuple[Any, str, str]) -> None:
    client, arn, workload_id = reviewed
    answer(client, workload_id, arn, SelectedChoices=["enc_kms"])
    review = client.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]
    assert (review["LensVersion"], review["LensStatus"], review["LensName"]) == ("1.0", "CURRENT",
                                                                                 "Example Policy Lens")
    assert review["RiskCounts"]["MEDIUM"] == 1
    assert review["PillarReviewSummaries"][0]["PillarId"] == "policy"
    assert client.get_workload(WorkloadId=workload_id)["Workload"]["RiskCounts"]["MEDIUM"] == 1


def test_workloads_need_published_lenses_and_unique_names(sandbox: Sandbox) -> None:
    client = sandbox.client()
    draft = client.import_lens(JSONString=json.dumps(lens()))["LensArn"]
    with pytest.raises(client.exceptions.ValidationException):
        workload(client, draft)
    client.create_lens_version(LensAlias=draft, LensVersion="1")
    workload_id = workload(client, draft)
    with pytest.raises(client.exceptions.ConflictException):
        workload(client, draft)
    client.tag_resource(WorkloadArn=client.get_workload(WorkloadId=workload_id)["Workload"]["WorkloadArn"],
                        Tags={"env": "prod"})
    assert client.get_workload(WorkloadId=workload_id)["Workload"]["Tags"] == {"env": "prod"}
    client.delete_workload(WorkloadId=workload_id)
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_workload(WorkloadId=workload_id)


def test_minor_version_applies_silently(reviewed: tuple[Any, str, str]) -> None:
    client, arn, workload_id = reviewed
    answer(client, workload_id, arn, SelectedChoices=["enc_kms"])
    publish(client, lens(description="Clarified wording."), "1.1", arn=arn)
    assert client.list_notifications(WorkloadId=workload_id)["NotificationSummaries"] == []
    review = client.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]
    assert (review["LensVersion"], review["LensStatus"]) == ("1.1", "CURRENT")
    assert client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=QUESTION)["Answer"]["Risk"] == "MEDIUM"


def test_major_version_notifies_and_waits_for_upgrade(reviewed: tuple[Any, str, str]) -> None:
    client, arn, workload_id = reviewed
    answer(client, workload_id, arn, SelectedChoices=["enc_kms"], Notes="kept")
    changed = lens()
    question(changed)["choices"][0]["id"] = "enc_cmk"
    question(changed)["riskRules"] = [{"condition": "enc_cmk", "risk": "NO_RISK"},
                                      {"condition": "default", "risk": "HIGH_RISK"}]
    publish(client, changed, "2.0", arn=arn, major=True)
    notifications = client.list_notifications(WorkloadId=workload_id)["NotificationSummaries"]
    assert [(item["Type"], item["LensUpgradeSummary"]["CurrentLensVersion"],
             item["LensUpgradeSummary"]["LatestLensVersion"]) for item in notifications] == [
        ("LENS_VERSION_UPGRADED", "1.0", "2.0")]
    review = client.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]
    assert (review["LensVersion"], review["LensStatus"]) == ("1.0", "NOT_CURRENT")

    client.upgrade_lens_review(WorkloadId=workload_id, LensAlias=arn, MilestoneName="before 2.0")
    assert client.list_notifications(WorkloadId=workload_id)["NotificationSummaries"] == []
    upgraded = client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=QUESTION)["Answer"]
    assert (upgraded["SelectedChoices"], upgraded["Notes"], upgraded["Risk"]) == ([], "kept", "UNANSWERED")
    frozen = client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=QUESTION, MilestoneNumber=1)
    assert frozen["Answer"]["SelectedChoices"] == ["enc_kms"]
    with pytest.raises(client.exceptions.ValidationException):
        client.upgrade_lens_review(WorkloadId=workload_id, LensAlias=arn, MilestoneName="again")


def test_an_upgrade_drops_an_answer_whose_not_applicable_choice_is_gone(reviewed: tuple[Any, str, str]) -> None:
    client, arn, workload_id = reviewed
    answer(client, workload_id, arn, SelectedChoices=["enc_kms"], Notes="kept",
           ChoiceUpdates={"enc_rotation": {"Status": "NOT_APPLICABLE", "Reason": "OUT_OF_SCOPE"}})
    changed = lens()
    question(changed)["choices"][1]["id"] = "enc_hsm"  # the choice marked not applicable is gone
    question(changed)["riskRules"] = [{"condition": "enc_kms", "risk": "NO_RISK"},
                                      {"condition": "default", "risk": "HIGH_RISK"}]
    publish(client, changed, "2.0", arn=arn, major=True)
    client.upgrade_lens_review(WorkloadId=workload_id, LensAlias=arn, MilestoneName="before 2.0")
    upgraded = client.get_answer(WorkloadId=workload_id, LensAlias=arn, QuestionId=QUESTION)["Answer"]
    assert (upgraded["SelectedChoices"], upgraded["ChoiceAnswers"], upgraded["Notes"], upgraded["Risk"]) == (
        [], [], "kept", "UNANSWERED")


def test_deleted_lens_is_reported_deprecated(reviewed: tuple[Any, str, str]) -> None:
    client, arn, workload_id = reviewed
    client.delete_lens(LensAlias=arn, LensStatus="ALL")
    notifications = client.list_notifications()["NotificationSummaries"]
    assert [item["Type"] for item in notifications] == ["LENS_VERSION_DEPRECATED"]
    review = client.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]
    assert (review["LensStatus"], review["LensVersion"]) == ("DELETED", "1.0")


def test_recipient_workload_follows_shared_versions(sandbox: Sandbox) -> None:
    owner, recipient = sandbox.client(), sandbox.client(account=RECIPIENT)
    arn = publish(owner, lens(), "1.0")
    owner.create_lens_share(LensAlias=arn, SharedWith=RECIPIENT)
    invitation = recipient.list_share_invitations()["ShareInvitationSummaries"][0]["ShareInvitationId"]
    recipient.update_share_invitation(ShareInvitationId=invitation, ShareInvitationAction="ACCEPT")
    workload_id = workload(recipient, arn)
    publish(owner, lens(description="Minor."), "1.1", arn=arn)
    assert recipient.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]["LensVersion"] == "1.1"
    publish(owner, lens(description="Major."), "2.0", arn=arn, major=True)
    notifications = recipient.list_notifications()["NotificationSummaries"]
    assert [item["LensUpgradeSummary"]["LatestLensVersion"] for item in notifications] == ["2.0"]


def test_version_difference_at_pillar_and_question_level(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = publish(client, lens(), "1.0")
    changed = lens()
    question(changed)["title"] = "Do you encrypt every data store at rest?"
    changed["pillars"].append({"id": "ops", "name": "Operations", "questions": [
        {**question(lens()), "id": "ops_q01"}]})
    publish(client, changed, "2.0", arn=arn, major=True)
    difference = client.get_lens_version_difference(LensAlias=arn, BaseLensVersion="1.0")
    assert (difference["BaseLensVersion"], difference["TargetLensVersion"], difference["LatestLensVersion"]) == (
        "1.0", "2.0", "2.0")
    pillars = {item["PillarId"]: item for item in difference["VersionDifferences"]["PillarDifferences"]}
    assert pillars["policy"]["DifferenceStatus"] == "UPDATED"
    assert pillars["policy"]["QuestionDifferences"] == [
        {"QuestionId": QUESTION, "QuestionTitle": "Do you encrypt every data store at rest?",
         "DifferenceStatus": "UPDATED"}]
    assert (pillars["ops"]["DifferenceStatus"], pillars["ops"]["QuestionDifferences"][0]["DifferenceStatus"]) == (
        "NEW", "NEW")
    backwards = client.get_lens_version_difference(LensAlias=arn, BaseLensVersion="2.0", TargetLensVersion="1.0")
    statuses = {item["PillarId"]: item["DifferenceStatus"]
                for item in backwards["VersionDifferences"]["PillarDifferences"]}
    assert statuses == {"policy": "UPDATED", "ops": "DELETED"}
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_lens_version_difference(LensAlias=arn, BaseLensVersion="9.9")


def test_unshared_workload_keeps_its_version_and_is_told(sandbox: Sandbox) -> None:
    owner, recipient = sandbox.client(), sandbox.client(account=RECIPIENT)
    arn = publish(owner, lens(), "1.0")
    share_id = owner.create_lens_share(LensAlias=arn, SharedWith=RECIPIENT)["ShareId"]
    invitation = recipient.list_share_invitations()["ShareInvitationSummaries"][0]["ShareInvitationId"]
    recipient.update_share_invitation(ShareInvitationId=invitation, ShareInvitationAction="ACCEPT")
    workload_id = workload(recipient, arn)
    owner.delete_lens_share(LensAlias=arn, ShareId=share_id)
    publish(owner, lens(description="Minor."), "1.1", arn=arn)
    review = recipient.get_lens_review(WorkloadId=workload_id, LensAlias=arn)["LensReview"]
    assert (review["LensVersion"], review["LensStatus"]) == ("1.0", "UNSHARED")
    assert [item["Type"] for item in recipient.list_notifications()["NotificationSummaries"]] == [
        "LENS_VERSION_DEPRECATED"]
