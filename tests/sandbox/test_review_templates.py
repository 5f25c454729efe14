"""The review-template operations, in process and over HTTP: a template's answers start every workload
created from it (CreateWorkload ReviewTemplateArns)."""

from __future__ import annotations

import json
from typing import Any

import pytest

from publisher.sandbox.harness import Sandbox

from .test_workload_reviews import OWNER, publish, review_lens


@pytest.fixture
def template(sandbox: Sandbox) -> tuple[Any, str, str]:
    client = sandbox.client()
    lens_arn = publish(client, review_lens())
    arn = client.create_review_template(TemplateName="platform", Description="EKS platform evidence",
                                        Lenses=[lens_arn], Notes="shared", ClientRequestToken="t1",
                                        Tags={"team": "platform"})["TemplateArn"]
    return client, lens_arn, arn


def missing(arn: str) -> str:
    """A well-formed template ARN that names no template."""
    return arn[:-32] + ("0" * 32 if not arn.endswith("0" * 32) else "1" * 32)


def choice(client: Any, template: str, lens: str, question: str = "sec_q0") -> str:
    answer = client.get_review_template_answer(TemplateArn=template, LensAlias=lens, QuestionId=question)["Answer"]
    return str(answer["Choices"][0]["ChoiceId"])


def test_create_get_and_list(template: tuple[Any, str, str]) -> None:
    client, lens_arn, arn = template
    assert ":review-template/" in arn
    got = client.get_review_template(TemplateArn=arn)["ReviewTemplate"]
    assert (got["TemplateName"], got["Lenses"], got["Notes"], got["Tags"], got["UpdateStatus"]) == (
        "platform", [lens_arn], "shared", {"team": "platform"}, "CURRENT")
    assert got["QuestionCounts"] == {"UNANSWERED": 6, "ANSWERED": 0}
    listed = client.list_review_templates()["ReviewTemplates"]
    assert [(t["TemplateArn"], t["TemplateName"]) for t in listed] == [(arn, "platform")]


def test_answers_are_written_read_and_listed(template: tuple[Any, str, str]) -> None:
    client, lens_arn, arn = template
    picked = choice(client, arn, lens_arn)
    before = client.get_review_template_answer(TemplateArn=arn, LensAlias=lens_arn, QuestionId="sec_q0")["Answer"]
    assert before["AnswerStatus"] == "UNANSWERED" and "Risk" not in before
    written = client.update_review_template_answer(TemplateArn=arn, LensAlias=lens_arn, QuestionId="sec_q0",
                                                   SelectedChoices=[picked], Notes="[walens-assess v1]")
    assert written["Answer"]["SelectedChoices"] == [picked] and written["Answer"]["AnswerStatus"] == "ANSWERED"
    assert written["TemplateArn"] == arn
    again = client.get_review_template_answer(TemplateArn=arn, LensAlias=lens_arn, QuestionId="sec_q0")["Answer"]
    assert again["Notes"] == "[walens-assess v1]"
    summaries = client.list_review_template_answers(TemplateArn=arn, LensAlias=lens_arn, PillarId="sec")
    assert [s["QuestionId"] for s in summaries["AnswerSummaries"]] == ["sec_q0", "sec_q1", "sec_q2"]
    assert summaries["AnswerSummaries"][0]["AnswerStatus"] == "ANSWERED"
    counts = client.get_review_template_lens_review(TemplateArn=arn, LensAlias=lens_arn)["LensReview"]
    assert counts["QuestionCounts"] == {"UNANSWERED": 5, "ANSWERED": 1}
    assert [p["QuestionCounts"]["ANSWERED"] for p in counts["PillarReviewSummaries"]] == [1, 0]


def test_unknown_choice_and_question_are_refused(template: tuple[Any, str, str]) -> None:
    client, lens_arn, arn = template
    with pytest.raises(client.exceptions.ValidationException):
        client.update_review_template_answer(TemplateArn=arn, LensAlias=lens_arn, QuestionId="sec_q0",
                                             SelectedChoices=["nope"])
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_review_template_answer(TemplateArn=arn, LensAlias=lens_arn, QuestionId="nope")
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_review_template(TemplateArn=missing(arn))


def test_a_new_workload_starts_from_the_template(template: tuple[Any, str, str]) -> None:
    client, lens_arn, arn = template
    picked = choice(client, arn, lens_arn)
    client.update_review_template_answer(TemplateArn=arn, LensAlias=lens_arn, QuestionId="sec_q0",
                                         SelectedChoices=[picked], Notes="from the platform")
    workload = client.create_workload(WorkloadName="shop", Description="Shop", Environment="PRODUCTION",
                                      Lenses=[], ReviewTemplateArns=[arn], **OWNER)["WorkloadId"]
    answer = client.get_answer(WorkloadId=workload, LensAlias=lens_arn, QuestionId="sec_q0")["Answer"]
    assert (answer["SelectedChoices"], answer["Notes"]) == ([picked], "from the platform")
    other = client.get_answer(WorkloadId=workload, LensAlias=lens_arn, QuestionId="sec_q1")["Answer"]
    assert other["SelectedChoices"] == []


def test_a_missing_template_creates_no_workload(template: tuple[Any, str, str]) -> None:
    client, _, arn = template
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.create_workload(WorkloadName="shop", Description="Shop", Environment="PRODUCTION",
                               Lenses=[], ReviewTemplateArns=[missing(arn)], **OWNER)
    assert client.list_workloads()["WorkloadSummaries"] == []


def test_update_rename_conflict_and_delete(template: tuple[Any, str, str]) -> None:
    client, lens_arn, arn = template
    updated = client.update_review_template(TemplateArn=arn, Description="new description")["ReviewTemplate"]
    assert updated["Description"] == "new description" and updated["TemplateName"] == "platform"
    with pytest.raises(client.exceptions.ConflictException):
        client.create_review_template(TemplateName="Plat form", Description="again", Lenses=[lens_arn],
                                      ClientRequestToken="t2")
    client.delete_review_template(TemplateArn=arn, ClientRequestToken="d1")
    assert client.list_review_templates()["ReviewTemplates"] == []


def test_a_new_lens_version_makes_the_template_not_current(template: tuple[Any, str, str]) -> None:
    client, lens_arn, arn = template
    publish(client, review_lens(), "2.0", lens_arn)
    assert client.get_review_template(TemplateArn=arn)["ReviewTemplate"]["UpdateStatus"] == "LENS_NOT_CURRENT"


def test_a_lens_never_published_is_refused(template: tuple[Any, str, str]) -> None:
    client = template[0]
    draft = client.import_lens(JSONString=json.dumps(review_lens() | {"name": "Draft only"}))["LensArn"]
    with pytest.raises(client.exceptions.ValidationException, match="not published"):
        client.create_review_template(TemplateName="drafts", Description="a draft lens", Lenses=[draft],
                                      ClientRequestToken="t3")
