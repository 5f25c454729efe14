"""``walens upgrade-reviews``: the impact of a major version per workload, then the upgrade itself."""

from __future__ import annotations

import pytest

from tests.reviews.conftest import OWNER_ACCOUNT, Fleet, major_change, run_json

ANSWERS = {
    # NONE in 1.0; gov_enc_rotation is gone in 2.0, so the answer is lost (UNANSWERED)
    "complete": {"gov_encryption": ["gov_enc_kms", "gov_enc_rotation", "gov_enc_access"]},
    # MEDIUM in 1.0, NONE in 2.0; ownership by tag only: MEDIUM in 1.0, HIGH in 2.0
    "partial": {"gov_encryption": ["gov_enc_kms", "gov_enc_access"], "gov_ownership": ["gov_own_tags"]},
    # MEDIUM in both
    "steady": {"gov_encryption": ["gov_enc_kms"]},
}


def risks(fleet: Fleet, account: str, workload_id: str, region: str = "us-east-1") -> dict[str, str]:
    wa = fleet.wa(account, region)
    answers = wa.list_answers(WorkloadId=workload_id, LensAlias=fleet.lens_arn(region))["AnswerSummaries"]
    return {answer["QuestionId"]: answer["Risk"] for answer in answers}


@pytest.fixture
def upgraded_fleet(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> tuple[Fleet, dict[str, tuple[str, str]]]:
    """Workloads answered on 1.0 in both member accounts and the owner, then lens 2.0 published."""
    a, b = fleet.members["a"], fleet.members["b"]
    owners = {"complete": a, "partial": b, "steady": OWNER_ACCOUNT}
    ids = {name: (account, fleet.workload(account, name, ANSWERS[name])) for name, account in owners.items()}
    fleet.publish_version("2.0", major_change)
    capsys.readouterr()
    return fleet, ids


def test_dry_run_shows_answers_lost_and_risk_changes_and_writes_nothing(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str]) -> None:
    fleet, ids = upgraded_fleet
    fleet.steering.reset_calls()
    report = run_json(capsys, "upgrade-reviews")
    assert [call.operation for call in fleet.steering.calls() if call.access == "write"] == []
    exports = [call for call in fleet.steering.calls() if call.operation == "ExportLens"]
    assert len(exports) == 2  # 1.0 and 2.0, once each, from the owner account
    by_name = {u["workloadName"]: u for u in report["upgrades"]}
    assert set(by_name) == set(ids)
    assert all((u["fromVersion"], u["toVersion"], u["result"]) == ("1.0", "2.0", "dry run") for u in by_name.values())
    complete = by_name["complete"]
    assert complete["choicesRemoved"] == [{"pillarId": "governance", "questionId": "gov_encryption",
                                           "choiceIds": ["gov_enc_rotation"], "answerLost": True}]
    assert complete["answersLost"] == 1
    assert complete["riskChanges"] == [{"pillarId": "governance", "questionId": "gov_encryption",
                                        "from": "NONE", "to": "UNANSWERED"}]
    assert by_name["partial"]["answersLost"] == 0
    assert by_name["partial"]["riskChanges"] == [
        {"pillarId": "governance", "questionId": "gov_encryption", "from": "MEDIUM", "to": "NONE"},
        {"pillarId": "governance", "questionId": "gov_ownership", "from": "MEDIUM", "to": "HIGH"}]
    assert by_name["steady"]["riskChanges"] == []
    account, workload = ids["partial"]
    assert risks(fleet, account, workload) == {"gov_encryption": "MEDIUM", "gov_ownership": "MEDIUM"}


def test_apply_upgrades_after_a_milestone_matches_the_prediction_and_converges(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str]) -> None:
    fleet, ids = upgraded_fleet
    predicted = {u["workloadName"]: u for u in run_json(capsys, "upgrade-reviews")["upgrades"]}
    before = {name: risks(fleet, *ids[name]) for name in ids}
    report = run_json(capsys, "upgrade-reviews", "--apply")
    assert {(u["workloadName"], u["result"], u["milestone"], u["ok"]) for u in report["upgrades"]} == {
        (name, "upgraded", "before lens 2.0", True) for name in ids}
    for name, (account, workload) in ids.items():
        expected = before[name] | {c["questionId"]: c["to"] for c in predicted[name]["riskChanges"]}
        assert risks(fleet, account, workload) == expected, name
        wa = fleet.wa(account)
        review = wa.get_lens_review(WorkloadId=workload, LensAlias=fleet.lens_arn())["LensReview"]
        assert (review["LensVersion"], review["LensStatus"]) == ("2.0", "CURRENT")
        milestones = wa.list_milestones(WorkloadId=workload)["MilestoneSummaries"]
        assert [m["MilestoneName"] for m in milestones] == ["before lens 2.0"]
        frozen = wa.get_lens_review(WorkloadId=workload, LensAlias=fleet.lens_arn(),
                                    MilestoneNumber=milestones[0]["MilestoneNumber"])["LensReview"]
        assert frozen["LensVersion"] == "1.0"
    fleet.steering.reset_calls()
    again = run_json(capsys, "upgrade-reviews", "--apply")
    assert again["upgrades"] == [] and again["errors"] == []
    assert [call.operation for call in fleet.steering.calls() if call.access == "write"] == []


def test_a_taken_milestone_name_gets_a_suffix(upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]],
                                             capsys: pytest.CaptureFixture[str]) -> None:
    fleet, ids = upgraded_fleet
    account, workload = ids["steady"]
    fleet.wa(account).create_milestone(WorkloadId=workload, MilestoneName="pre-upgrade")
    report = run_json(capsys, "upgrade-reviews", "--apply", "--milestone-name", "pre-upgrade")
    milestones = {u["workloadName"]: u["milestone"] for u in report["upgrades"]}
    assert milestones == {"complete": "pre-upgrade", "partial": "pre-upgrade", "steady": "pre-upgrade (2)"}


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_a_failed_upgrade_is_reported_per_workload_and_a_rerun_completes_it(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str]) -> None:
    fleet, ids = upgraded_fleet
    fleet.steering.inject_fault("UpgradeLensReview", "error")  # every attempt fails
    failed = run_json(capsys, "upgrade-reviews", "--apply", code=1)["upgrades"]
    assert {(u["workloadName"], u["result"], u["ok"], u["milestone"]) for u in failed} == {
        (name, "failed", False, None) for name in ids}
    assert all("InternalServerException" in u["messages"][0] for u in failed)
    fleet.steering.clear_faults()
    report = run_json(capsys, "upgrade-reviews", "--apply")
    assert {u["workloadName"] for u in report["upgrades"]} == set(ids)


def test_text_dry_run_names_the_changes(upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]],
                                        capsys: pytest.CaptureFixture[str]) -> None:
    from tests.reviews.conftest import walens

    assert walens("upgrade-reviews") == 0
    out = capsys.readouterr().out
    assert "gov_encryption: choice(s) gov_enc_rotation removed: its answer is lost" in out
    assert "gov_ownership: MEDIUM -> HIGH" in out
    assert "dry run: nothing was changed" in out


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_after_ctrl_c_no_upgrade_starts(upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]]) -> None:
    from publisher.adoption.collect import owner_lenses
    from publisher.adoption.scope import review_scope
    from publisher.adoption.upgrade import LensVersions, UpgradeRun, upgrade_one
    from publisher.publish.config import load_config
    from publisher.publish.stop import STOP
    from publisher.publish.targets import Overrides

    fleet, _ids = upgraded_fleet
    connector = fleet.sandbox.connector
    scope = review_scope(load_config(fleet.project / "walens.yaml"), Overrides(), connector)
    lenses, _ = owner_lenses(scope, connector, "Example Data Governance Lens")
    run = UpgradeRun(connector, lenses, LensVersions(connector, {o.region: o for o in scope.owners}), apply=True)
    fleet.steering.reset_calls()
    STOP.request()
    try:
        result = upgrade_one(run, scope.targets[0])  # the owner in us-east-1: workload "steady"
    finally:
        STOP.clear()
    assert [(u.review.workload_name, u.result, u.ok) for u in result.detail["upgrades"]] == [
        ("steady", "not started (Ctrl-C)", False)]
    assert [call.operation for call in fleet.steering.calls() if call.access == "write"] == []
