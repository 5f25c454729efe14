"""``walens reviews``: every workload with the lens, in every account and Region, with its risk."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from typing import Any

import pytest

from tests.reviews.conftest import OWNER_ACCOUNT, REGIONS, ROLE, Fleet, run_json, walens

RISKS = ("HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED")


def independent_reading(fleet: Fleet, accounts: list[str]) -> dict[str, Any]:
    """The workloads and question counts, read straight from the API without walens."""
    workloads, questions = [], {}
    for account in accounts:
        for region in REGIONS:
            wa, arn = fleet.wa(account, region), fleet.lens_arn(region)
            for summary in wa.list_workloads(MaxResults=50)["WorkloadSummaries"]:
                if arn not in summary["Lenses"]:
                    continue
                review = wa.get_lens_review(WorkloadId=summary["WorkloadId"], LensAlias=arn)["LensReview"]
                workloads.append({
                    "account": account, "region": region, "workloadId": summary["WorkloadId"],
                    "workloadName": summary["WorkloadName"], "lensVersion": review["LensVersion"],
                    "lensStatus": review["LensStatus"], "upgradeAvailable": review["LensStatus"] == "NOT_CURRENT",
                    "riskCounts": {risk: review["RiskCounts"].get(risk, 0) for risk in RISKS},
                    "updatedAt": review["UpdatedAt"].isoformat()})
                for answer in wa.list_answers(WorkloadId=summary["WorkloadId"], LensAlias=arn)["AnswerSummaries"]:
                    row = questions.setdefault((answer["PillarId"], answer["QuestionId"]), dict.fromkeys(RISKS, 0))
                    row[answer["Risk"]] += 1
    workloads.sort(key=lambda w: (w["account"], w["region"], w["workloadName"]))
    return {"workloads": workloads,
            "questions": [{"pillarId": p, "questionId": q, **counts} for (p, q), counts in questions.items()]}


@pytest.fixture
def reviewed(fleet: Fleet) -> Fleet:
    """Three accounts, two Regions: answered, partly answered and unanswered workloads, one not-applicable
    question, and a workload that does not use the lens (it must not be listed)."""
    a, b = fleet.members["a"], fleet.members["b"]
    fleet.workload(a, "payments", {"gov_encryption": ["gov_enc_kms"], "gov_ownership": ["gov_own_no"]})
    fleet.workload(a, "ledger", {"gov_encryption": ["gov_enc_kms", "gov_enc_rotation", "gov_enc_access"]},
                   region="eu-west-1")
    search = fleet.workload(b, "search <script>", {"gov_ownership": ["gov_own_tags", "gov_own_policy"]},
                            region="eu-west-1")
    fleet.wa(b, "eu-west-1").update_answer(WorkloadId=search, LensAlias=fleet.lens_arn("eu-west-1"),
                                          QuestionId="gov_encryption", IsApplicable=False, Reason="OUT_OF_SCOPE")
    fleet.workload(OWNER_ACCOUNT, "platform", {})
    fleet.workload(OWNER_ACCOUNT, "unrelated", {}, lenses=[fleet.other_lens()])
    return fleet


def test_the_json_contract_matches_an_independent_reading(reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    report = run_json(capsys, "reviews")
    accounts = [OWNER_ACCOUNT, *reviewed.members.values()]
    assert set(report) == {"lens", "workloads", "questions", "errors"}
    assert report["lens"] == {"name": "Example Data Governance Lens", "arn": reviewed.lens_arn(),
                              "latestVersion": "1.0"}
    assert report["errors"] == []
    expected = independent_reading(reviewed, accounts)
    assert report["workloads"] == expected["workloads"]
    assert report["questions"] == expected["questions"]
    assert len(report["workloads"]) == 4
    assert {w["workloadName"]: w["riskCounts"]["NOT_APPLICABLE"] for w in report["workloads"]}["search <script>"] == 1


def test_reads_are_paginated_and_cost_two_calls_per_workload_with_the_lens(
        fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    a = fleet.members["a"]
    for n in range(53):
        fleet.workload(a, f"service-{n:02}", {"gov_encryption": ["gov_enc_kms"]} if n % 2 else {})
    other = fleet.other_lens()
    for n in range(3):
        fleet.workload(a, f"elsewhere-{n}", {}, lenses=[other])
    fleet.steering.reset_calls()
    report = run_json(capsys, "reviews")
    assert len(report["workloads"]) == 53
    assert report["questions"][0] == {"pillarId": "governance", "questionId": "gov_encryption", "HIGH": 0,
                                      "MEDIUM": 26, "NONE": 0, "NOT_APPLICABLE": 0, "UNANSWERED": 27}
    calls = fleet.steering.calls()
    assert {call.access for call in calls} == {"read"}
    per_operation = Counter((call.operation, call.account, call.region) for call in calls)
    assert per_operation[("ListWorkloads", a, "us-east-1")] == 2  # 56 workloads: two pages of 50
    assert per_operation[("GetLensReview", a, "us-east-1")] == 53
    assert per_operation[("ListAnswers", a, "us-east-1")] == 53


def test_missing_role_in_one_account_is_an_error_for_that_account_only(
        reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = reviewed.members["a"], reviewed.members["b"]
    reviewed.create_role(a)
    reviewed.steering.require_existing_roles(True)
    report = run_json(capsys, "reviews", code=1)
    assert {(e["account"], e["region"]) for e in report["errors"]} == {(b, region) for region in REGIONS}
    assert all("AccessDenied" in e["message"] and ROLE in e["message"] for e in report["errors"])
    assert {w["account"] for w in report["workloads"]} == {OWNER_ACCOUNT, a}


def test_throttled_calls_are_retried(reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    expected = run_json(capsys, "reviews")
    for operation in ("ListWorkloads", "GetLensReview", "ListAnswers"):
        reviewed.steering.inject_fault(operation, "throttle", nth=2)
    assert run_json(capsys, "reviews") == expected
    throttled = [call for call in reviewed.steering.calls() if call.fault == "throttle"]
    assert len(throttled) == 3


def test_persistent_throttling_in_every_account_is_reported_not_raised(
        reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    reviewed.steering.inject_fault("ListWorkloads", "throttle")
    report = run_json(capsys, "reviews", code=1)
    assert report["workloads"] == []
    assert len(report["errors"]) == 3 * len(REGIONS)
    assert all("ThrottlingException" in e["message"] for e in report["errors"])


def test_explicit_accounts_and_exclusions(reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    a, b = reviewed.members["a"], reviewed.members["b"]
    reviewed.configure(f"reviews:\n  accounts: ['{b}']\n  roleName: {ROLE}\n  regions: [eu-west-1]\n")
    report = run_json(capsys, "reviews")
    assert {(w["account"], w["region"]) for w in report["workloads"]} == {(b, "eu-west-1")}
    reviewed.configure(f"reviews:\n  organizationalUnits: [{reviewed.unit}]\n  roleName: {ROLE}\n"
                       f"  excludeAccounts: ['{a}']\n")
    report = run_json(capsys, "reviews")
    assert {w["account"] for w in report["workloads"]} == {OWNER_ACCOUNT, b}


def test_csv_has_one_row_per_workload_and_lens(reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    expected = run_json(capsys, "reviews")["workloads"]
    assert walens("reviews", "--format", "csv") == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [(r["workloadId"], r["lensVersion"], r["HIGH"], r["UNANSWERED"], r["owner"]) for r in rows] == [
        (w["workloadId"], w["lensVersion"], str(w["riskCounts"]["HIGH"]), str(w["riskCounts"]["UNANSWERED"]),
         w["account"]) for w in expected]  # owner: the owner account of ListWorkloads' summary


def test_text_table_aggregates_and_progress(reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("reviews") == 0
    captured = capsys.readouterr()
    assert "[6/6]" in captured.err  # one progress line per account and Region
    for heading in ("per pillar:", "per account:", "questions at risk (most HIGH first):",
                    "most common improvement items:"):
        assert heading in captured.out
    assert "Customer managed keys rotate automatically" in captured.out  # missing on payments (MEDIUM)


@pytest.mark.parametrize(("section", "message"), [
    ("reviews:\n  accounts: ['111111111111']\n", "reviews.roleName: accounts and organizationalUnits need roleName"),
    ("reviews:\n  accounts: [12345]\n  roleName: R\n", "reviews.accounts[0]: expected a string"),
    ("reviews:\n  organizationalUnits: [ou-bad]\n  roleName: R\n", "reviews.organizationalUnits[0]: 'ou-bad'"),
    ("reviews:\n  region: [us-east-1]\n", "reviews: unknown key(s) region"),
    ("reviews:\n  regions: [moon-1]\n", "reviews.regions[0]: 'moon-1' does not match"),
])
@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_config_errors_name_the_key(fleet: Fleet, capsys: pytest.CaptureFixture[str], section: str,
                                    message: str) -> None:
    fleet.configure(section)
    assert walens("reviews") == 2
    assert message in capsys.readouterr().err


def test_withdrawn_share_shows_unshared_and_a_new_version_not_current(
        fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.reviews.conftest import major_change

    a, b = fleet.members["a"], fleet.members["b"]
    fleet.workload(a, "payments", {})
    fleet.workload(b, "search", {})
    fleet.workload(OWNER_ACCOUNT, "platform", {})
    fleet.publish_version("2.0", major_change)
    wa = fleet.wa(OWNER_ACCOUNT)
    share = wa.list_lens_shares(LensAlias=fleet.lens_arn())["LensShareSummaries"][0]["ShareId"]
    fleet.workload(OWNER_ACCOUNT, "fresh", {})
    wa.delete_lens_share(LensAlias=fleet.lens_arn(), ShareId=share)
    capsys.readouterr()
    report = run_json(capsys, "reviews", "--region", "us-east-1")
    assert report["lens"]["latestVersion"] == "2.0"
    assert {w["workloadName"]: (w["lensVersion"], w["lensStatus"], w["upgradeAvailable"])
            for w in report["workloads"]} == {
        "payments": ("1.0", "UNSHARED", False), "search": ("1.0", "UNSHARED", False),
        "platform": ("1.0", "NOT_CURRENT", True), "fresh": ("2.0", "CURRENT", False)}


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_a_config_error_is_a_json_object_with_format_json(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    fleet.configure("reviews:\n  accounts: ['111111111111']\n")
    assert walens("reviews", "--format", "json") == 2
    error = json.loads(capsys.readouterr().out)
    assert error["ok"] is False and error["command"] == "reviews"
    assert (error["error"]["kind"], error["error"]["key"]) == ("ConfigError", "reviews.roleName")


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_answers_of_a_lens_with_more_than_50_questions_are_read_page_by_page(fleet: Fleet) -> None:
    import copy

    from publisher.adoption.inventory import read_reviews
    from publisher.publish.release import build_release

    doc = build_release(fleet.project / "lens", {}, validate=False).doc
    template = doc["pillars"][0]["questions"][0]
    pillars = []
    for p in range(3):
        questions = []
        for q in range(19):
            question = copy.deepcopy(template)
            question["id"] = f"big_{p}_{q}"
            for choice in question["choices"]:
                choice["id"] = f"big_{p}_{q}_{choice['id'].rsplit('_', 1)[-1]}"
            for rule in question["riskRules"]:
                for old in template["choices"]:
                    rule["condition"] = rule["condition"].replace(
                        old["id"], f"big_{p}_{q}_{old['id'].rsplit('_', 1)[-1]}")
            questions.append(question)
        pillars.append({**doc["pillars"][0], "id": f"big_{p}", "questions": questions})
    wa = fleet.wa(OWNER_ACCOUNT)
    arn = wa.import_lens(JSONString=json.dumps({**doc, "name": "Big Lens", "pillars": pillars}),
                         ClientRequestToken="big")["LensArn"]
    wa.create_lens_version(LensAlias=arn, LensVersion="1", ClientRequestToken="big-1")
    fleet.workload(OWNER_ACCOUNT, "big", {}, lenses=[arn])
    fleet.steering.reset_calls()
    [review] = read_reviews(wa, OWNER_ACCOUNT, "us-east-1", arn)
    assert len(review.answers) == 57 and len({a.question_id for a in review.answers}) == 57
    assert [call.operation for call in fleet.steering.calls()].count("ListAnswers") == 2
