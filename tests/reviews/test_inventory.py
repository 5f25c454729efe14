"""``walens reviews``: every workload with the lens, in every account and Region, with its risk."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import Counter
from typing import Any

import pytest

from tests.reviews.conftest import OWNER_ACCOUNT, REGIONS, ROLE, Fleet, run_json, walens

RISKS = ("HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE", "UNANSWERED")


def independent_reading(fleet: Fleet, accounts: list[str]) -> dict[str, Any]:
    """The workloads and question counts, read straight from the API without walens."""
    workloads, questions = [], {}
    organizations = fleet.sandbox.client("organizations")
    names = {a["Id"]: a["Name"] for a in organizations.list_accounts()["Accounts"]}
    for account in accounts:
        for region in REGIONS:
            wa, arn = fleet.wa(account, region), fleet.lens_arn(region)
            for summary in wa.list_workloads(MaxResults=50)["WorkloadSummaries"]:
                if arn not in summary["Lenses"]:
                    continue
                review = wa.get_lens_review(WorkloadId=summary["WorkloadId"], LensAlias=arn)["LensReview"]
                counts = {risk: review["RiskCounts"].get(risk, 0) for risk in RISKS}
                workloads.append({
                    "account": account, "accountName": names[account], "region": region,
                    "workloadId": summary["WorkloadId"], "workloadName": summary["WorkloadName"],
                    "ownerAccount": summary["Owner"], "reviewOwner": None, "tags": {},
                    "lensVersion": review["LensVersion"], "lensStatus": review["LensStatus"],
                    "upgradeAvailable": review["LensStatus"] == "NOT_CURRENT", "questions": sum(counts.values()),
                    "answered": sum(counts.values()) - counts["UNANSWERED"], "riskCounts": counts,
                    "updatedAt": review["UpdatedAt"].isoformat(), "flags": []})
                for answer in wa.list_answers(WorkloadId=summary["WorkloadId"], LensAlias=arn)["AnswerSummaries"]:
                    row = questions.setdefault((answer["PillarId"], answer["QuestionId"]), {
                        "questionTitle": answer["QuestionTitle"], **dict.fromkeys(RISKS, 0)})
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
    assert set(report) == {"lens", "notes", "workloads", "questions", "questionsAtRisk", "pillars", "accounts",
                           "groupBy", "groups", "improvements", "errors"}
    assert (report["notes"], report["groupBy"], report["groups"]) == ([], None, [])
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
    assert report["questions"][0] == {"pillarId": "governance", "questionId": "gov_encryption",
                                      "questionTitle": "How do you protect data at rest?", "HIGH": 0,
                                      "MEDIUM": 26, "NONE": 0, "NOT_APPLICABLE": 0, "UNANSWERED": 27}
    calls = fleet.steering.calls()
    assert {call.access for call in calls} == {"read"}
    per_operation = Counter((call.operation, call.account, call.region) for call in calls)
    assert per_operation[("ListWorkloads", a, "us-east-1")] == 2  # 56 workloads: two pages of 50
    assert per_operation[("GetLensReview", a, "us-east-1")] == 53
    assert per_operation[("ListAnswers", a, "us-east-1")] == 53
    assert "GetWorkload" not in {call.operation for call in calls}  # the review owner costs a call: opt-in

    fleet.steering.reset_calls()
    owners = run_json(capsys, "reviews", "--owners")
    per_operation = Counter((call.operation, call.account, call.region) for call in fleet.steering.calls())
    assert per_operation[("GetWorkload", a, "us-east-1")] == 53  # one per workload with the lens, 3 calls in all
    assert sum(count for (operation, *_), count in per_operation.items() if operation == "GetWorkload") == 53
    assert {w["reviewOwner"] for w in owners["workloads"]} == {f"service-{n:02}@example.com" for n in range(53)}


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
    # one column per fact: no lower-case "unanswered" beside UNANSWERED, every JSON fact in its own column
    assert list(rows[0]) == ["account", "accountName", "region", "workloadId", "workloadName", "ownerAccount",
                             "reviewOwner", "lensArn", "lensVersion", "lensStatus", "upgradeAvailable", "answered",
                             *RISKS, "updatedAt", "flaggedAnswers"]
    assert [{key: row[key] for key in ("account", "accountName", "region", "workloadId", "workloadName",
                                       "ownerAccount", "lensVersion", "lensStatus", "updatedAt")}
            for row in rows] == [{key: w[key] for key in ("account", "accountName", "region", "workloadId",
                                                          "workloadName", "ownerAccount", "lensVersion", "lensStatus",
                                                          "updatedAt")} for w in expected]
    assert [(r["answered"], *(r[risk] for risk in RISKS)) for r in rows] == [
        (str(w["answered"]), *(str(w["riskCounts"][risk]) for risk in RISKS)) for w in expected]
    assert {r["reviewOwner"] for r in rows} == {""}  # not read without --owners


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


def independent_aggregates(fleet: Fleet, accounts: list[str]) -> dict[str, Any]:
    """Per pillar, per account, the questions at risk and the missing best practices, computed here from the API."""
    reading = independent_reading(fleet, accounts)
    names = {w["account"]: w["accountName"] for w in reading["workloads"]}
    first = reading["workloads"][0]
    review = fleet.wa(first["account"], first["region"]).get_lens_review(
        WorkloadId=first["workloadId"], LensAlias=fleet.lens_arn(first["region"]))["LensReview"]
    pillar_names = {p["PillarId"]: p["PillarName"] for p in review["PillarReviewSummaries"]}
    titles = {q["questionId"]: q["questionTitle"] for q in reading["questions"]}
    pillars: dict[str, dict[str, Any]] = {}
    for question in reading["questions"]:
        row = pillars.setdefault(question["pillarId"], {"pillarName": pillar_names[question["pillarId"]],
                                                        **dict.fromkeys(RISKS, 0)})
        for risk in RISKS:
            row[risk] += question[risk]
    per_account: dict[str, dict[str, int]] = {}
    for workload in reading["workloads"]:
        row = per_account.setdefault(workload["account"], {"workloads": 0, "upgradeAvailable": 0,
                                                           **dict.fromkeys(RISKS, 0)})
        row["workloads"] += 1
        row["upgradeAvailable"] += workload["upgradeAvailable"]
        for risk in RISKS:
            row[risk] += workload["riskCounts"][risk]
    at_risk = [q for q in reading["questions"] if q["HIGH"] + q["MEDIUM"] > 0]
    at_risk.sort(key=lambda q: (-q["HIGH"], -q["MEDIUM"]))
    missing: Counter[tuple[str, str, str, str]] = Counter()
    for workload in reading["workloads"]:
        wa, arn = fleet.wa(workload["account"], workload["region"]), fleet.lens_arn(workload["region"])
        for answer in wa.list_answers(WorkloadId=workload["workloadId"], LensAlias=arn)["AnswerSummaries"]:
            if answer["Risk"] in ("HIGH", "MEDIUM"):
                chosen = {c["ChoiceId"] for c in answer["ChoiceAnswerSummaries"]}
                missing.update((answer["PillarId"], answer["QuestionId"], c["ChoiceId"], c["Title"])
                               for c in answer["Choices"] if c["ChoiceId"] not in chosen | {answer["QuestionId"]}
                               and not c["ChoiceId"].endswith("_no"))
    improvements = [{"pillarId": p, "questionId": q, "questionTitle": titles[q], "choiceId": c, "title": t,
                     "workloads": n}
                    for (p, q, c, t), n in sorted(missing.items(), key=lambda item: (-item[1], item[0]))[:10]]
    return {"questionsAtRisk": at_risk, "pillars": [{"pillarId": p, **c} for p, c in pillars.items()],
            "accounts": [{"account": a, "accountName": names[a], **c} for a, c in sorted(per_account.items())],
            "improvements": improvements}


def text_section(out: str, title: str) -> list[list[str]]:
    """The rows (header left out) of the text output's section ``title``, split into cells."""
    block = out.split(f"\n{title}:\n", 1)[1].split("\n\n", 1)[0].rstrip("\n")
    return [re.split(r"\s{2,}", line) for line in block.split("\n")[1:]]


def test_aggregates_in_json_and_text_match_an_independent_reading(
        reviewed: Fleet, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.reviews.conftest import major_change

    reviewed.publish_version("2.0", major_change)  # every review above is NOT_CURRENT now, but "fresh"
    b = reviewed.members["b"]
    reviewed.workload(b, "fresh", {"gov_ownership": ["gov_own_tags"]})
    capsys.readouterr()
    report = run_json(capsys, "reviews")
    expected = independent_aggregates(reviewed, [OWNER_ACCOUNT, *reviewed.members.values()])
    assert {key: report[key] for key in expected} == expected
    # what the figures must show: a MEDIUM-only question at risk, and accounts with and without upgrades
    assert [(q["questionId"], q["HIGH"], q["MEDIUM"]) for q in report["questionsAtRisk"]] == [
        ("gov_ownership", 2, 0), ("gov_encryption", 0, 1)]  # "fresh": an owner tag alone is HIGH in 2.0
    assert {a["account"]: (a["workloads"], a["upgradeAvailable"]) for a in report["accounts"]}[b] == (2, 1)
    assert report["improvements"]
    assert walens("reviews") == 0
    out = capsys.readouterr().out
    # names and titles first, ids in parentheses
    assert text_section(out, "per pillar") == [
        [f"{p['pillarName']} ({p['pillarId']})", *(str(p[r]) for r in RISKS)] for p in expected["pillars"]]
    assert text_section(out, "per account") == [
        [f"{a['account']} ({a['accountName']})", str(a["workloads"]), str(a["upgradeAvailable"]),
         *(str(a[r]) for r in RISKS)] for a in expected["accounts"]]
    assert text_section(out, "questions at risk (most HIGH first)") == [
        [f"Data Governance ({q['pillarId']})", f"{q['questionTitle']} ({q['questionId']})", *(str(q[r]) for r in RISKS)]
        for q in expected["questionsAtRisk"]]
    assert text_section(out, "most common improvement items") == [
        [str(i["workloads"]), f"{i['questionTitle']} ({i['questionId']})", i["title"]]
        for i in expected["improvements"]]
