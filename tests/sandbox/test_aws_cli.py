"""The AWS CLI, a real third-party client, against the HTTP sandbox with --endpoint-url."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from publisher.sandbox.harness import Sandbox

from .lens_samples import lens, strip_numbers

AWS = Path(sys.executable).with_name("aws")

pytestmark = [pytest.mark.http, pytest.mark.skipif(not AWS.exists(), reason="awscli (dev extra) not installed")]


def aws(sandbox: Sandbox, *arguments: str) -> Any:
    environment = {**os.environ, **sandbox.environment(), "AWS_PAGER": ""}
    done = subprocess.run([str(AWS), "wellarchitected", *arguments, "--endpoint-url", str(sandbox.endpoint),
                           "--output", "json"], capture_output=True, text=True, env=environment, timeout=60,
                          check=False)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout) if done.stdout.strip() else None


@pytest.mark.slow
def test_lens_lifecycle_through_the_aws_cli(sandbox_http: Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "lens.json"
    source.write_text(json.dumps(lens()), encoding="utf-8")
    arn = aws(sandbox_http, "import-lens", "--json-string", f"file://{source}")["LensArn"]
    assert aws(sandbox_http, "create-lens-version", "--lens-alias", arn, "--lens-version", "1.0")[
        "LensVersion"] == "1.0"
    exported = aws(sandbox_http, "export-lens", "--lens-alias", arn, "--lens-version", "1.0")["LensJSON"]
    assert strip_numbers(json.loads(exported)) == lens()
    listed = aws(sandbox_http, "list-lenses", "--lens-type", "CUSTOM_SELF")["LensSummaries"]
    assert [item["LensArn"] for item in listed] == [arn]
    aws(sandbox_http, "delete-lens", "--lens-alias", arn, "--lens-status", "ALL")
    assert [(call.operation, call.status) for call in sandbox_http.steering.calls()] == [
        ("ImportLens", 200), ("CreateLensVersion", 200), ("ExportLens", 200), ("ListLenses", 200),
        ("DeleteLens", 200)]


def test_cli_reports_modeled_errors(sandbox_http: Sandbox) -> None:
    environment = {**os.environ, **sandbox_http.environment()}
    done = subprocess.run([str(AWS), "wellarchitected", "get-lens", "--lens-alias", "not-an-arn",
                           "--endpoint-url", str(sandbox_http.endpoint)], capture_output=True, text=True,
                          env=environment, timeout=60, check=False)
    assert done.returncode != 0
    assert "ValidationException" in done.stderr


@pytest.mark.slow
def test_workload_review_flow_through_the_aws_cli(sandbox_http: Sandbox, tmp_path: Path) -> None:
    source = tmp_path / "lens.json"
    source.write_text(json.dumps(lens()), encoding="utf-8")
    arn = aws(sandbox_http, "import-lens", "--json-string", f"file://{source}")["LensArn"]
    aws(sandbox_http, "create-lens-version", "--lens-alias", arn, "--lens-version", "1.0")
    workload_id = aws(sandbox_http, "create-workload", "--workload-name", "checkout", "--description",
                      "Checkout service", "--environment", "PRODUCTION", "--lenses", arn, "--review-owner",
                      "owner@example.com", "--aws-regions", "us-east-1")["WorkloadId"]
    assert [item["WorkloadId"] for item in aws(sandbox_http, "list-workloads")["WorkloadSummaries"]] == [
        workload_id]
    review = ("--workload-id", workload_id, "--lens-alias", arn)
    answers = aws(sandbox_http, "list-answers", *review)["AnswerSummaries"]
    assert [(item["QuestionId"], item["Risk"]) for item in answers] == [("pol_q01", "UNANSWERED")]
    aws(sandbox_http, "update-answer", *review, "--question-id", "pol_q01", "--selected-choices", "enc_kms")
    assert aws(sandbox_http, "get-answer", *review, "--question-id", "pol_q01")["Answer"]["Risk"] == "MEDIUM"
    assert aws(sandbox_http, "get-lens-review", *review)["LensReview"]["RiskCounts"]["MEDIUM"] == 1
    improvements = aws(sandbox_http, "list-lens-review-improvements", *review)["ImprovementSummaries"]
    assert [item["QuestionId"] for item in improvements] == ["pol_q01"]
    number = aws(sandbox_http, "create-milestone", "--workload-id", workload_id, "--milestone-name",
                 "first review")["MilestoneNumber"]
    assert aws(sandbox_http, "get-milestone", "--workload-id", workload_id, "--milestone-number",
               str(number))["Milestone"]["MilestoneName"] == "first review"
    assert len(aws(sandbox_http, "list-milestones", "--workload-id", workload_id)["MilestoneSummaries"]) == 1
    assert aws(sandbox_http, "list-lens-reviews", "--workload-id", workload_id)["LensReviewSummaries"][0][
        "LensStatus"] == "CURRENT"
    assert aws(sandbox_http, "list-notifications")["NotificationSummaries"] == []
    aws(sandbox_http, "update-workload", "--workload-id", workload_id, "--notes", "reviewed")
    aws(sandbox_http, "delete-workload", "--workload-id", workload_id)
    assert aws(sandbox_http, "list-workloads")["WorkloadSummaries"] == []


def test_cli_reports_unemulated_operations_by_name(sandbox_http: Sandbox) -> None:
    environment = {**os.environ, **sandbox_http.environment()}
    done = subprocess.run([str(AWS), "wellarchitected", "list-profiles", "--endpoint-url",
                           str(sandbox_http.endpoint)], capture_output=True, text=True, env=environment,
                          timeout=60, check=False)
    assert done.returncode != 0
    assert "operation ListProfiles is not emulated" in done.stderr
