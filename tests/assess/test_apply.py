"""``walens assess apply``: milestone first, fill unanswered, merge never unselects, reruns write nothing."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.assess.notes import BLOCK_START
from publisher.assess.proposal import Answer, Proposal, target

from .review_fixture import Review, make_plan, run


def milestones(review: Review) -> list[str]:
    summaries = review.wa.list_milestones(WorkloadId=review.workload_id)["MilestoneSummaries"]
    return [m["MilestoneName"] for m in summaries]


def apply(capsys: pytest.CaptureFixture[str], plan: Path, *extra: str) -> dict[str, Any]:
    code, out, err = run(capsys, "assess", "apply", str(plan), "--format", "json", *extra)
    assert code == 0, err
    result: dict[str, Any] = json.loads(out)
    return result


def test_apply_fills_unanswered_then_converges(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    review.answer_as_person("sec_access", ["acc_pod_identity"], notes="Reviewed by Kim.")
    plan = make_plan(review, capsys)
    first = apply(capsys, plan)
    assert first["milestone"].startswith("walens-assess ")
    assert milestones(review) == [first["milestone"]]
    assert first["written"] == ["sec_control_plane", "sec_threats", "rel_workloads", "rel_upgrades"]
    assert first["skipped"] == {"sec_access": "answered by a person: --merge adds the proposed choices"}
    answer = review.answer("sec_control_plane")
    assert sorted(answer["SelectedChoices"]) == ["cp_audit_logs", "cp_private_endpoint", "cp_secrets_encrypted"]
    assert answer["Risk"] == "NONE"
    assert answer["Notes"].startswith(BLOCK_START)
    assert review.answer("sec_threats")["SelectedChoices"] == []  # evidence only noted, nothing to select
    assert review.answer("sec_access")["Notes"] == "Reviewed by Kim."
    # the same plan again, and a fresh plan: zero writes, no milestone
    again = apply(capsys, plan)
    assert again["writes"] == 0 and again["milestone"] is None
    fresh = apply(capsys, make_plan(review, capsys, "plan2.json"))
    assert fresh["writes"] == 0 and fresh["written"] == []
    assert len(milestones(review)) == 1


def test_merge_adds_and_keeps_a_persons_choices_and_notes(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    review.answer_as_person("sec_control_plane", ["cp_audit_logs"], notes="Kim: logs go to the SIEM too.")
    review.answer_as_person("sec_threats", ["thr_audit_monitoring"])  # evidence says it is off
    plan = make_plan(review, capsys)
    result = apply(capsys, plan, "--merge")
    assert "sec_control_plane" in result["written"]
    assert result["contradicted"] == {"sec_threats": ["thr_audit_monitoring"]}
    answer = review.answer("sec_control_plane")
    assert sorted(answer["SelectedChoices"]) == ["cp_audit_logs", "cp_private_endpoint", "cp_secrets_encrypted"]
    assert answer["Notes"].startswith("Kim: logs go to the SIEM too.\n\n" + BLOCK_START)
    assert review.answer("sec_threats")["SelectedChoices"] == ["thr_audit_monitoring"]  # reported, not applied
    # a rerun replaces only its own block: the person's text stays once
    assert apply(capsys, make_plan(review, capsys, "again.json"), "--merge")["writes"] == 0
    assert review.answer("sec_control_plane")["Notes"].count("Kim:") == 1


def test_an_answer_changed_since_the_plan_is_skipped(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    plan = make_plan(review, capsys)
    review.answer_as_person("sec_control_plane", ["cp_no"])
    result = apply(capsys, plan)
    assert result["skipped"]["sec_control_plane"] == "changed since the plan was made: assess again"
    assert review.answer("sec_control_plane")["SelectedChoices"] == ["cp_no"]


def test_dry_run_writes_nothing(review: Review, capsys: pytest.CaptureFixture[str]) -> None:
    plan = make_plan(review, capsys)
    result = apply(capsys, plan, "--dry-run")
    assert result["dryRun"] is True and result["written"] and result["milestone"] is None
    assert milestones(review) == []
    assert review.answer("sec_control_plane")["SelectedChoices"] == []


def test_not_applicable_proposals_are_written_with_their_reason(review: Review,
                                                                 capsys: pytest.CaptureFixture[str]) -> None:
    plan_path = make_plan(review, capsys)
    plan = json.loads(plan_path.read_text())
    upgrades = plan["questions"][4]
    upgrades["notApplicable"] = [{"choiceId": "upg_nodes_current", "reason": "no node groups (Auto Mode)"}]
    upgrades["select"] = []
    upgrades["choiceNotes"] = {"upg_nodes_current": "[walens-assess] not_applicable: no node groups"}
    plan_path.write_text(json.dumps(plan))
    apply(capsys, plan_path)
    choice = [c for c in review.answer("rel_upgrades")["ChoiceAnswers"] if c["ChoiceId"] == "upg_nodes_current"]
    assert choice == [{"ChoiceId": "upg_nodes_current", "Status": "NOT_APPLICABLE",
                       "Reason": "ARCHITECTURE_CONSTRAINTS", "Notes": "[walens-assess] not_applicable: no node groups"}]


@pytest.mark.parametrize(("edit", "words"), [
    (lambda p: p.update(format="other"), "/format: 'walens-assess-plan' was expected"),
    (lambda p: p["workload"].update(id="../x"), "/workload/id: '../x' does not match"),
    (lambda p: p["questions"][0].update(notes="x" * 3000), "/questions/0/notes: "),
    (lambda p: p["questions"][0]["choiceNotes"].update(cp_audit_logs="x" * 251), "/questions/0/choiceNotes/cp_audit"),
    (lambda p: p["questions"][0].update(select="cp_audit_logs"), "/questions/0/select: 'cp_audit_logs' is not of type"),
    (lambda p: p["questions"][0]["current"].pop("notes"), "/questions/0/current: 'notes' is a required property"),
    (lambda p: p.update(extra=[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]), "nests deeper"),
])
def test_a_bad_plan_is_refused_naming_the_key(review: Review, capsys: pytest.CaptureFixture[str], edit: Any,
                                              words: str) -> None:
    path = make_plan(review, capsys)
    plan = json.loads(path.read_text())
    edit(plan)
    path.write_text(json.dumps(plan))
    code, _, err = run(capsys, "assess", "apply", str(path))
    assert code == 2
    assert f"{path}: " in err and words in err and "Traceback" not in err
    assert milestones(review) == []


@pytest.mark.parametrize(("content", "words"), [
    (b"{", "not valid JSON"), (b"\xff", "not valid UTF-8"), (b"[" * 100000, "deeper"),
    (b'{"format": "walens-assess-plan", "format": "walens-assess-plan"}', "/format: the key appears twice"),
])  # read as every plan file is (publisher.plan_json): the same words as a saved publish plan
def test_an_unreadable_plan_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes,
                                      words: str) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(content)
    code, _, err = run(capsys, "assess", "apply", str(path))
    assert code == 2 and words in err


IDS = ["a", "b", "c", "d_no"]
subsets = st.frozensets(st.sampled_from(IDS))


@settings(max_examples=300, deadline=None)
@given(selected=subsets, not_applicable=subsets, applicable=st.booleans(), notes=st.text(max_size=30),
       select=st.lists(st.sampled_from(IDS), unique=True), na=subsets, merge=st.booleans())
def test_apply_never_unselects_a_persons_choice(selected: frozenset[str], not_applicable: frozenset[str],
                                                applicable: bool, notes: str, select: list[str],
                                                na: frozenset[str], merge: bool) -> None:
    current = Answer(selected, not_applicable - selected, applicable, notes)
    proposal = Proposal(tuple(select), dict.fromkeys(na, "why"), "new notes")
    wanted = target(current, proposal, merge=merge)
    assert current.selected <= wanted.selected
    assert current.not_applicable <= wanted.not_applicable
    assert not wanted.selected & wanted.not_applicable
    if current.answered and not merge:
        assert wanted == current
    assert target(wanted, proposal, merge=merge) == wanted  # a rerun converges
