"""``walens assess --template NAME``: cluster-wide evidence written into a WA review template that new
workloads start from; never removes a person's choice; a rerun writes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from publisher.assess.notes import BLOCK_START
from publisher.assess.rules import RuleSet
from publisher.assess.template import PLATFORM_SOURCES, platform_rules

from .aws_fixture import REGION
from .lens_fixture import LENS, lens_and_rules
from .review_fixture import Review, run

PLATFORM_QUESTIONS = ["sec_control_plane", "sec_access", "sec_threats", "rel_upgrades"]


def template(capsys: pytest.CaptureFixture[str], *extra: str) -> dict[str, Any]:
    code, out, err = run(capsys, "assess", "--cluster", "prod", "--region", REGION, "--lens-dir", str(LENS),
                         "--template", "eks-platform", "--format", "json", *extra)
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def answer(review: Review, arn: str, question: str) -> dict[str, Any]:
    found: dict[str, Any] = review.wa.get_review_template_answer(TemplateArn=arn, LensAlias=review.arn,
                                                                  QuestionId=question)["Answer"]
    return found


def test_only_choices_judged_by_platform_sources_go_into_a_template() -> None:
    _, rules = lens_and_rules()
    kept = platform_rules(rules)
    assert kept.rules and all(rule.source in PLATFORM_SOURCES for listed in kept.rules.values() for rule in listed)
    assert {choice for _, choice in rules.rules} - {choice for _, choice in kept.rules} == {
        "wl_replicas", "wl_pdb", "wl_spread", "wl_probes"}
    # a choice that also reads Kubernetes facts depends on the workload: it stays out of the template
    mixed = [*rules.of("sec_access", "acc_access_entries"), *rules.of("rel_workloads", "wl_pdb")]
    assert platform_rules(RuleSet({("sec_access", "acc_access_entries"): mixed}, [])).rules == {}


def test_the_template_is_created_filled_and_then_left_alone(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    first = template(capsys)
    outcome = first["template"]
    assert outcome["created"] is True and outcome["arn"].split(":")[5].startswith("review-template/")
    assert [q["questionId"] for q in first["plan"]["questions"]] == PLATFORM_QUESTIONS
    assert outcome["written"] == PLATFORM_QUESTIONS  # sec_threats: its verdicts are noted, nothing selected
    control = answer(review, outcome["arn"], "sec_control_plane")
    assert sorted(control["SelectedChoices"]) == ["cp_audit_logs", "cp_private_endpoint", "cp_secrets_encrypted"]
    assert control["Notes"].startswith(BLOCK_START) and control["AnswerStatus"] == "ANSWERED"
    again = template(capsys)["template"]
    assert (again["created"], again["written"], again["writes"]) == (False, [], 0)
    assert again["arn"] == outcome["arn"] and again["unchanged"] == PLATFORM_QUESTIONS
    assert len(review.wa.list_review_templates()["ReviewTemplates"]) == 1


def test_a_new_workload_starts_from_the_template(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    arn = template(capsys)["template"]["arn"]
    workload = review.wa.create_workload(WorkloadName="payments", Description="Payments on EKS",
                                         Environment="PRODUCTION", Lenses=[], ReviewTemplateArns=[arn],
                                         ReviewOwner="team@example.com", AwsRegions=[REGION])["WorkloadId"]
    started = review.wa.get_answer(WorkloadId=workload, LensAlias=review.arn, QuestionId="sec_control_plane")
    assert sorted(started["Answer"]["SelectedChoices"]) == ["cp_audit_logs", "cp_private_endpoint",
                                                           "cp_secrets_encrypted"]
    assert started["Answer"]["Risk"] == "NONE"


def test_a_persons_template_answer_is_kept_and_merged(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    arn = template(capsys, "--dry-run")["template"]
    assert arn["created"] is True and arn["arn"] is None and review.wa.list_review_templates()["ReviewTemplates"] == []
    made = template(capsys)["template"]["arn"]
    review.wa.update_review_template_answer(TemplateArn=made, LensAlias=review.arn, QuestionId="sec_control_plane",
                                            SelectedChoices=["cp_audit_logs"], Notes="Platform team: checked.")
    skipped = template(capsys)["template"]
    assert skipped["skipped"] == {"sec_control_plane": "answered by a person: --merge adds the proposed choices"}
    merged = template(capsys, "--merge")["template"]
    assert merged["written"] == ["sec_control_plane"]
    kept = answer(review, made, "sec_control_plane")
    assert sorted(kept["SelectedChoices"]) == ["cp_audit_logs", "cp_private_endpoint", "cp_secrets_encrypted"]
    assert kept["Notes"].startswith("Platform team: checked.\n\n" + BLOCK_START)
    assert template(capsys, "--merge")["template"]["writes"] == 0


def test_text_output_says_what_happened(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "assess", "--cluster", "prod", "--region", REGION, "--lens-dir", str(LENS),
                       "--template", "eks-platform")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("review template eks-platform: created (arn:aws:wellarchitected:")
    assert lines[1] == "wrote 4 answer(s): sec_control_plane, sec_access, sec_threats, rel_upgrades"


@pytest.mark.parametrize(("extra", "message"), [
    (("--snapshot", "x.json"), "--template writes cluster-wide"),
    (("--workload-id", "abc"), "--template writes cluster-wide"),
])
def test_workload_inputs_are_refused_with_a_template(review: Review, capsys: pytest.CaptureFixture[str],
                                                     extra: tuple[str, ...], message: str) -> None:
    code, _, err = run(capsys, "assess", "--cluster", "prod", "--region", REGION, "--template", "t", *extra)
    assert code == 2 and message in err


def test_merge_without_a_template_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "assess", "--cluster", "prod", "--region", REGION, "--workload-id", "w", "--merge")
    assert code == 2 and "--merge and --dry-run go with --template" in err
