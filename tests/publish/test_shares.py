"""Share reconciliation against the sandbox: invitations, acceptance by recipients, expiry, prune, org/OU."""

from __future__ import annotations

from dataclasses import replace
from functools import partial
from pathlib import Path

import pytest

from publisher.publish.draft_journal import DraftJournal
from publisher.publish.fanout import run_targets
from publisher.publish.jobs import publish_one
from publisher.sandbox import advance_clock, call_log
from tests.publish.conftest import IN_PROCESS_ONLY, OWNER, RECIPIENT, SECOND_OWNER, Sandbox, revised, walens

EIGHT_DAYS = 8 * 24 * 3600


def shares(sandbox: Sandbox, name: str) -> dict[str, str]:
    arn = sandbox.lens(name)["PUBLISHED"]["LensArn"]
    summaries = sandbox.client().list_lens_shares(LensAlias=arn)["LensShareSummaries"]
    return {s["SharedWith"]: s["Status"] for s in summaries}


def accept_all(sandbox: Sandbox, account: str, action: str = "ACCEPT") -> int:
    """Answer every pending invitation of ``account`` (ACCEPT or REJECT); how many there were."""
    wa = sandbox.client(account=account)
    invitations = wa.list_share_invitations(ShareResourceType="LENS")["ShareInvitationSummaries"]
    for invitation in invitations:
        wa.update_share_invitation(ShareInvitationId=invitation["ShareInvitationId"],
                                   ShareInvitationAction=action)
    return len(invitations)


def reject_all(sandbox: Sandbox, account: str) -> int:
    return accept_all(sandbox, account, "REJECT")


def organization(sandbox: Sandbox) -> tuple[str, str]:
    orgs = sandbox.client("organizations")
    org_id = orgs.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = orgs.list_roots()["Roots"][0]["Id"]
    unit = orgs.create_organizational_unit(ParentId=root, Name="apps")["OrganizationalUnit"]["Id"]
    return org_id, unit


def test_recipients_accept_and_see_the_lens(sandbox: Sandbox, example_release) -> None:
    target = sandbox.target(shares=frozenset({RECIPIENT, SECOND_OWNER}))
    [result] = sandbox.publish(example_release, [target])
    assert result.ok, result.messages
    assert shares(sandbox, example_release.name) == {RECIPIENT: "PENDING", SECOND_OWNER: "PENDING"}
    assert accept_all(sandbox, RECIPIENT) == 1 and accept_all(sandbox, SECOND_OWNER) == 1
    assert shares(sandbox, example_release.name) == {RECIPIENT: "ACCEPTED", SECOND_OWNER: "ACCEPTED"}
    seen = sandbox.client(account=RECIPIENT).list_lenses(LensType="CUSTOM_SHARED")["LensSummaries"]
    assert [(s["LensName"], s["Owner"]) for s in seen] == [(example_release.name, OWNER)]
    writes = len(sandbox.writes())
    [again] = sandbox.publish(example_release, [target])
    assert again.ok and len(sandbox.writes()) == writes  # accepted shares need nothing


def test_pending_invitations_are_reported_and_expired_ones_shared_again(sandbox: Sandbox, example_release) -> None:
    target = sandbox.target(shares=frozenset({RECIPIENT}))
    sandbox.publish(example_release, [target])
    [pending] = sandbox.plan(example_release, [target])
    assert any(f"invitation to {RECIPIENT} is PENDING" in m for m in pending.messages)
    advance_clock(EIGHT_DAYS)
    assert shares(sandbox, example_release.name) == {RECIPIENT: "EXPIRED"}
    [result] = sandbox.publish(example_release, [target])
    assert result.ok and any("EXPIRED; sharing again" in m for m in result.messages)
    assert sandbox.writes()[-2:] == ["DeleteLensShare", "CreateLensShare"]
    assert shares(sandbox, example_release.name) == {RECIPIENT: "PENDING"}
    assert accept_all(sandbox, RECIPIENT) == 1


@IN_PROCESS_ONLY
def test_extra_shares_are_removed_only_with_prune(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    sandbox.client().create_lens_share(LensAlias=arn, SharedWith="444444444444")
    [kept] = sandbox.publish(example_release)
    assert kept.ok and any("444444444444 has a share that walens.yaml does not list" in m for m in kept.messages)
    assert shares(sandbox, example_release.name) == {"444444444444": "PENDING"}
    [pruned] = sandbox.publish(example_release, prune=True)
    assert pruned.ok and shares(sandbox, example_release.name) == {}
    assert "done: remove share with 444444444444" in pruned.messages  # the removed principal is named


def test_organization_shares_need_the_explicit_flag(sandbox: Sandbox, example_release) -> None:
    org_id, unit = organization(sandbox)
    target = sandbox.target(shares=frozenset({org_id, unit, RECIPIENT}))
    [refused] = sandbox.publish(example_release, [target])
    assert not refused.ok
    assert any("pass --enable-org-sharing" in m for m in refused.messages)
    assert "UpdateGlobalSettings" not in sandbox.writes()
    assert shares(sandbox, example_release.name) == {RECIPIENT: "PENDING"}  # the account share still went out
    [result] = sandbox.publish(example_release, [target], enable_org_sharing=True)
    assert result.ok, result.messages
    settings = sandbox.client().get_global_settings()
    assert settings["OrganizationSharingStatus"] == "ENABLED"
    assert shares(sandbox, example_release.name) == {RECIPIENT: "PENDING", org_id: "ASSOCIATED", unit: "ASSOCIATED"}
    writes = len(sandbox.writes())
    [again] = sandbox.publish(example_release, [target], enable_org_sharing=True)
    assert again.ok and len(sandbox.writes()) == writes


@IN_PROCESS_ONLY
def test_unknown_organizational_unit_is_refused(sandbox: Sandbox, example_release) -> None:
    org_id, _unit = organization(sandbox)
    missing = "ou-zzzz-abcdefgh"
    [result] = sandbox.publish(example_release, [sandbox.target(shares=frozenset({missing}))],
                               enable_org_sharing=True)
    assert not result.ok
    assert any(f"organizational unit {missing} does not exist in {org_id}" in m for m in result.messages)
    assert "CreateLensShare" not in sandbox.writes()


@IN_PROCESS_ONLY
def test_share_command_touches_only_shares(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    changed = revised(example_release, "1.1", "minor")
    [result] = sandbox.publish(changed, [sandbox.target(shares=frozenset({RECIPIENT}))], lens=False)
    assert result.ok
    assert sandbox.lens(example_release.name)["PUBLISHED"]["LensVersion"] == "1.0"
    assert shares(sandbox, example_release.name) == {RECIPIENT: "PENDING"}


def test_a_rejected_invitation_is_reported_and_never_sent_again(sandbox: Sandbox, example_release) -> None:
    target = sandbox.target(shares=frozenset({RECIPIENT, SECOND_OWNER}))
    sandbox.publish(example_release, [target])
    assert reject_all(sandbox, RECIPIENT) == 1
    writes = len(sandbox.writes())
    [planned] = sandbox.plan(example_release, [target])
    assert f"{RECIPIENT} REJECTED the invitation; not shared again" in planned.messages
    assert f"{RECIPIENT}:REJECTED" in planned.detail["plan"]["observed"]["shares"]
    update = revised(example_release, "1.1", "minor")
    for run in (partial(sandbox.publish, update, [target]),  # a new version does not re-invite
                partial(sandbox.publish, update, [target], lens=False)):  # nor does `walens share`
        [result] = run()
        assert result.ok and f"{RECIPIENT} REJECTED the invitation; not shared again" in result.messages
    assert sandbox.writes()[writes:] == ["ImportLens", "CreateLensVersion", "TagResource"]
    assert shares(sandbox, example_release.name) == {RECIPIENT: "REJECTED", SECOND_OWNER: "PENDING"}
    # the documented way to invite again: prune the principal out, then list it again
    sandbox.publish(update, [sandbox.target(shares=frozenset({SECOND_OWNER}))], lens=False, prune=True)
    sandbox.publish(update, [target], lens=False)
    assert shares(sandbox, example_release.name) == {RECIPIENT: "PENDING", SECOND_OWNER: "PENDING"}


@IN_PROCESS_ONLY
def test_plan_and_status_show_the_rejected_invitation(project: Path, sandbox: Sandbox,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("publish", "--target", "sandbox", "--region", "us-east-1") == 0
    assert reject_all(sandbox, RECIPIENT) == 1
    capsys.readouterr()
    assert walens("plan", "--region", "us-east-1") == 0
    assert f"{RECIPIENT} REJECTED the invitation; not shared again" in capsys.readouterr().out
    assert walens("status", "--region", "us-east-1") == 0
    assert f"{RECIPIENT}:REJECTED" in capsys.readouterr().out


@pytest.mark.parametrize("org_still_wanted", [False, True])
def test_prune_removes_an_ou_share_while_organization_sharing_is_off(sandbox: Sandbox, example_release,
                                                                     org_still_wanted: bool) -> None:
    org_id, unit = organization(sandbox)
    sandbox.publish(example_release, [sandbox.target(shares=frozenset({unit, RECIPIENT}))], enable_org_sharing=True)
    sandbox.client().update_global_settings(OrganizationSharingStatus="DISABLED")
    writes = len(sandbox.writes())
    desired = frozenset({RECIPIENT, org_id} if org_still_wanted else {RECIPIENT})
    [result] = sandbox.publish(example_release, [sandbox.target(shares=desired)], prune=True)
    assert f"done: remove share with {unit}" in result.messages
    assert shares(sandbox, example_release.name) == {RECIPIENT: "PENDING"}
    assert sandbox.writes()[writes:] == ["DeleteLensShare"]  # sharing stays off
    # an organization share still wanted cannot go out with sharing off: that target fails, and says why
    assert result.ok is not org_still_wanted
    assert any("pass --enable-org-sharing" in m for m in result.messages) is org_still_wanted


@pytest.mark.parametrize("draft", ["interrupted update", "same as published"])
def test_a_no_op_publish_with_a_leftover_draft_makes_no_write_call(sandbox: Sandbox, example_release,
                                                                   tmp_path: Path, draft: str) -> None:
    target = sandbox.target(shares=frozenset({RECIPIENT}))
    sandbox.publish(example_release, [target])
    accept_all(sandbox, RECIPIENT)
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    left = revised(example_release, "1.1", "minor") if draft == "interrupted update" else example_release
    path = tmp_path / "drafts.json"
    DraftJournal(path).record(target.label, OWNER, target.region, left.name, left.fingerprint)
    sandbox.client().import_lens(LensAlias=arn, JSONString=left.wire_text)
    journal = path.read_text(encoding="utf-8")
    calls = len(call_log())
    context = replace(sandbox.context(prune=True), journal=DraftJournal(path))
    [result] = run_targets([target], partial(publish_one, context, example_release))
    assert result.ok and result.action == "no change", result.messages
    assert "a draft exists; left alone because the published version already equals the build" in result.messages
    served = call_log()[calls:]
    assert served and [call.operation for call in served if call.access == "write"] == []
    assert set(sandbox.lens(example_release.name)) == {"PUBLISHED", "DRAFT"}
    assert path.read_text(encoding="utf-8") == journal  # the draft is still there, and so is its entry
