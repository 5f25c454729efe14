"""``walens upgrade-reviews``: the impact of a major version per workload, then the upgrade itself."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reviews.conftest import OWNER_ACCOUNT, Fleet, major_change, run_json, walens

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


def add_questions(lens_dir: Path, *suffixes: str) -> None:
    """Questions ``gov_<suffix>``: copies of gov_ownership with their own ids, at the end of the pillar."""
    ownership = (lens_dir / "governance" / "gov_ownership.md").read_text(encoding="utf-8")
    pillar = lens_dir / "governance" / "pillar.yaml"
    for suffix in suffixes:
        (lens_dir / "governance" / f"gov_{suffix}.md").write_text(ownership.replace("gov_own_", f"gov_{suffix}_"),
                                                                  encoding="utf-8")
        pillar.write_text(pillar.read_text(encoding="utf-8") + f"  - gov_{suffix}\n", encoding="utf-8")


def remove_questions(lens_dir: Path, *suffixes: str) -> None:
    pillar = lens_dir / "governance" / "pillar.yaml"
    for suffix in suffixes:
        (lens_dir / "governance" / f"gov_{suffix}.md").unlink()
        pillar.write_text(pillar.read_text(encoding="utf-8").replace(f"  - gov_{suffix}\n", ""), encoding="utf-8")


@pytest.fixture
def removals(fleet: Fleet, capsys: pytest.CaptureFixture[str]) -> tuple[Fleet, str]:
    """Lens 1.1 adds gov_xa to gov_xd; a workload on 1.1 marks gov_enc_rotation not applicable, answers
    gov_xa, leaves only notes on gov_xb and nothing on gov_xc, and marks gov_xd not applicable; then 2.0
    removes the four questions and gov_enc_rotation and makes an owner tag alone HIGH risk."""
    fleet.publish_version("1.1", lambda lens: add_questions(lens, "xa", "xb", "xc", "xd"))
    a = fleet.members["a"]
    workload = fleet.workload(a, "mixed", {"gov_ownership": ["gov_own_tags"], "gov_xa": ["gov_xa_tags"]})
    wa, arn = fleet.wa(a), fleet.lens_arn()
    wa.update_answer(WorkloadId=workload, LensAlias=arn, QuestionId="gov_encryption", ChoiceUpdates={
        "gov_enc_kms": {"Status": "SELECTED"}, "gov_enc_rotation": {"Status": "NOT_APPLICABLE", "Reason": "OTHER"}})
    wa.update_answer(WorkloadId=workload, LensAlias=arn, QuestionId="gov_xb", Notes="only a note")
    wa.update_answer(WorkloadId=workload, LensAlias=arn, QuestionId="gov_xd", IsApplicable=False, Reason="OTHER")
    fleet.publish_version("2.0", lambda lens: (remove_questions(lens, "xa", "xb", "xc", "xd"), major_change(lens)))
    capsys.readouterr()
    return fleet, workload


def test_removed_questions_notes_and_not_applicable_marks_are_predicted_as_apply_does(
        removals: tuple[Fleet, str], capsys: pytest.CaptureFixture[str]) -> None:
    from tests.reviews.conftest import walens

    fleet, workload = removals
    a = fleet.members["a"]
    fleet.steering.reset_calls()
    [predicted] = run_json(capsys, "upgrade-reviews")["upgrades"]
    # notes are read (GetAnswer) for the removed questions that have no answer, and for nothing else
    assert [call.operation for call in fleet.steering.calls()].count("GetAnswer") == 2
    assert predicted["questionsRemoved"] == [
        {"pillarId": "governance", "questionId": "gov_xa", "answered": True, "notesOnly": False},
        {"pillarId": "governance", "questionId": "gov_xb", "answered": False, "notesOnly": True},
        {"pillarId": "governance", "questionId": "gov_xc", "answered": False, "notesOnly": False},
        {"pillarId": "governance", "questionId": "gov_xd", "answered": True, "notesOnly": False}]
    assert predicted["choicesRemoved"] == [{"pillarId": "governance", "questionId": "gov_encryption",
                                            "choiceIds": ["gov_enc_rotation"], "answerLost": True}]
    assert predicted["answersLost"] == 4  # gov_xa's and gov_xd's answers, gov_xb's notes, a not-applicable mark
    assert predicted["riskChanges"] == [
        {"pillarId": "governance", "questionId": "gov_encryption", "from": "MEDIUM", "to": "UNANSWERED"},
        {"pillarId": "governance", "questionId": "gov_ownership", "from": "MEDIUM", "to": "HIGH"}]
    assert walens("upgrade-reviews") == 0
    text = capsys.readouterr().out
    assert "question gov_xa removed: its answer is lost" in text
    assert "question gov_xb removed: its notes are lost" in text
    assert "question gov_xc removed\n" in text
    assert "question gov_xd removed: its answer is lost" in text
    before = risks(fleet, a, workload)
    assert before == {"gov_encryption": "MEDIUM", "gov_ownership": "MEDIUM", "gov_xa": "MEDIUM",
                      "gov_xb": "UNANSWERED", "gov_xc": "UNANSWERED", "gov_xd": "NOT_APPLICABLE"}
    [applied] = run_json(capsys, "upgrade-reviews", "--apply")["upgrades"]
    assert (applied["result"], applied["ok"]) == ("upgraded", True)
    removed = {q["questionId"] for q in predicted["questionsRemoved"]}
    expected = {q: r for q, r in before.items() if q not in removed}
    expected |= {change["questionId"]: change["to"] for change in predicted["riskChanges"]}
    assert risks(fleet, a, workload) == expected == {"gov_encryption": "UNANSWERED", "gov_ownership": "HIGH"}


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_a_read_failing_after_the_upgrade_says_the_review_was_upgraded(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str]) -> None:
    from tests.reviews.conftest import walens

    fleet, ids = upgraded_fleet
    fleet.steering.inject_fault("ListMilestones", "error")
    report = run_json(capsys, "upgrade-reviews", "--apply", code=1)
    assert {(u["workloadName"], u["result"], u["ok"], u["milestone"]) for u in report["upgrades"]} == {
        (name, "upgraded, then ListMilestones failed", False, "before lens 2.0") for name in ids}
    for account, workload in ids.values():
        review = fleet.wa(account).get_lens_review(WorkloadId=workload, LensAlias=fleet.lens_arn())["LensReview"]
        assert (review["LensVersion"], review["LensStatus"]) == ("2.0", "CURRENT")
    fleet.steering.clear_faults()
    assert walens("upgrade-reviews") == 0  # converged: nothing left to upgrade
    assert "no lens review needs an upgrade" in capsys.readouterr().out


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_get_lens_review_failing_after_the_upgrade_is_named(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]]) -> None:
    from publisher.adoption.collect import owner_lenses
    from publisher.adoption.scope import review_scope
    from publisher.adoption.upgrade import LensVersions, UpgradeRun, upgrade_one
    from publisher.publish.config import load_config
    from publisher.publish.targets import Overrides

    fleet, _ids = upgraded_fleet
    connector = fleet.sandbox.connector
    scope = review_scope(load_config(fleet.project / "walens.yaml"), Overrides(), connector)
    lenses, _ = owner_lenses(scope, connector, "Example Data Governance Lens")
    run = UpgradeRun(connector, lenses, LensVersions(connector, {o.region: o for o in scope.owners}), apply=True)
    for nth in range(2, 12):  # the first GetLensReview reads the review; every one after the upgrade fails
        fleet.steering.inject_fault("GetLensReview", "error", nth=nth)
    result = upgrade_one(run, scope.targets[0])  # the owner in us-east-1: workload "steady"
    [upgrade] = result.detail["upgrades"]
    assert (upgrade.result, upgrade.ok, upgrade.milestone) == ("upgraded, then GetLensReview failed", False,
                                                               "before lens 2.0")
    assert result.action == "1 of 1 upgraded"


@pytest.mark.parametrize("name", ["ab", "x" * 101, ""])
@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_a_milestone_name_the_service_refuses_is_a_usage_error_before_any_call(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str],
        name: str) -> None:
    from tests.reviews.conftest import walens

    fleet, _ids = upgraded_fleet
    fleet.steering.reset_calls()
    assert walens("upgrade-reviews", "--apply", "--milestone-name", name) == 2
    err = capsys.readouterr().err
    assert f"--milestone-name: {len(name)} character(s); a milestone name has 3 to 100" in err
    assert "Traceback" not in err and "ParamValidation" not in err
    assert fleet.steering.calls() == []


@pytest.mark.parametrize("name", ["pre", "m" * 100])
@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_milestone_names_of_3_and_100_characters_are_taken(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str],
        name: str) -> None:
    _fleet, ids = upgraded_fleet
    report = run_json(capsys, "upgrade-reviews", "--apply", "--milestone-name", name)
    assert {(u["workloadName"], u["milestone"], u["ok"]) for u in report["upgrades"]} == {
        (workload, name, True) for workload in ids}


def test_the_milestone_limits_are_the_service_models() -> None:
    import botocore.session

    from publisher.adoption.upgrade import MILESTONE_NAME_MAX, MILESTONE_NAME_MIN

    model = botocore.session.get_session().get_service_model("wellarchitected")
    for operation in ("UpgradeLensReview", "CreateMilestone"):
        shape = model.operation_model(operation).input_shape.members["MilestoneName"]
        assert shape.metadata == {"min": MILESTONE_NAME_MIN, "max": MILESTONE_NAME_MAX}  # and no pattern


@pytest.mark.parametrize(("version", "status", "milestones", "message"), [
    ("1.0", "NOT_CURRENT", ["pre"], "after the upgrade the review is at version 1.0 (NOT_CURRENT), not 2.0"),
    ("2.0", "CURRENT", [], "milestone 'pre' is missing after the upgrade"),
])
def test_an_upgrade_the_service_did_not_carry_out_is_not_ok(version: str, status: str, milestones: list[str],
                                                            message: str) -> None:
    """What the sandbox never does: the call succeeds, yet the review did not move or the milestone is missing
    (a real client whose responses are stubbed)."""
    import boto3
    from botocore.stub import Stubber

    from publisher.adoption.inventory import LensReview
    from publisher.adoption.upgrade import WorkloadUpgrade, _apply
    from publisher.adoption.upgrade_impact import Impact

    wa = boto3.client("wellarchitected", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x")
    stub = Stubber(wa)
    stub.add_response("upgrade_lens_review", {})
    stub.add_response("get_lens_review", {"LensReview": {"LensVersion": version, "LensStatus": status}})
    stub.add_response("list_milestones", {"MilestoneSummaries": [{"MilestoneName": m} for m in milestones]})
    review = LensReview("111111111111", "us-east-1", "w" * 32, "svc", "111111111111", "arn:lens", "1.0",
                        "NOT_CURRENT", {}, "", ())
    upgrade = WorkloadUpgrade(review, "2.0", Impact((), (), (), ()))
    with stub:
        _apply(wa, upgrade, "pre")
    stub.assert_no_pending_responses()
    assert (upgrade.result, upgrade.ok, upgrade.milestone, upgrade.messages) == ("upgraded", False, "pre", [message])


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_account_workload_and_region_limit_the_dry_run_and_the_apply(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str]) -> None:
    fleet, ids = upgraded_fleet
    a, b = fleet.members["a"], fleet.members["b"]

    def names(*args: str) -> set[str]:
        return {u["workloadName"] for u in run_json(capsys, "upgrade-reviews", *args)["upgrades"]}

    assert names("--account", a) == {"complete"}
    assert names("--account", a, "--account", OWNER_ACCOUNT) == {"complete", "steady"}
    assert names("--workload", "partial") == {"partial"}
    assert names("--workload", ids["steady"][1], "--workload", "complete") == {"steady", "complete"}
    assert names("--account", b, "--workload", "partial") == {"partial"}
    assert names("--region", "eu-west-1") == set()  # every workload is in us-east-1
    fleet.steering.reset_calls()
    assert names("--account", b) == {"partial"}
    assert {call.account for call in fleet.steering.calls() if call.operation == "ListWorkloads"} == {b}

    report = run_json(capsys, "upgrade-reviews", "--apply", "--workload", "partial", "--account", b)
    assert [(u["workloadName"], u["result"]) for u in report["upgrades"]] == [("partial", "upgraded")]
    assert names() == {"complete", "steady"}  # the others are still on 1.0


@pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)
def test_a_filter_value_that_matches_nothing_exits_1_naming_it(
        upgraded_fleet: tuple[Fleet, dict[str, tuple[str, str]]], capsys: pytest.CaptureFixture[str]) -> None:
    fleet, _ids = upgraded_fleet
    fleet.steering.reset_calls()
    report = run_json(capsys, "upgrade-reviews", "--apply", "--workload", "complete", "--workload", "nope", code=1)
    assert report["notes"] == ["--workload nope: no workload of that name or id uses the lens in the accounts and "
                               "Regions read"]
    assert [u["workloadName"] for u in report["upgrades"]] == ["complete"]  # what matched is still done
    assert walens("upgrade-reviews", "--workload", "nope") == 1
    assert "walens: error: --workload nope: no workload" in capsys.readouterr().err

    assert walens("upgrade-reviews", "--account", "999999999999") == 1
    err = capsys.readouterr().err
    assert "--account 999999999999: not among the accounts read" in err and OWNER_ACCOUNT in err
    assert walens("upgrade-reviews", "--account", "payments", "--format", "json") == 2
    assert "--account payments: expected a 12-digit account id" in capsys.readouterr().out
