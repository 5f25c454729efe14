"""Share reconciliation against the sandbox: invitations, acceptance by recipients, expiry, prune, org/OU."""

from __future__ import annotations

from publisher.sandbox import advance_clock
from tests.publish.conftest import IN_PROCESS_ONLY, OWNER, RECIPIENT, SECOND_OWNER, Sandbox, revised

EIGHT_DAYS = 8 * 24 * 3600


def shares(sandbox: Sandbox, name: str) -> dict[str, str]:
    arn = sandbox.lens(name)["PUBLISHED"]["LensArn"]
    summaries = sandbox.client().list_lens_shares(LensAlias=arn)["LensShareSummaries"]
    return {s["SharedWith"]: s["Status"] for s in summaries}


def accept_all(sandbox: Sandbox, account: str) -> int:
    wa = sandbox.client(account=account)
    invitations = wa.list_share_invitations(ShareResourceType="LENS")["ShareInvitationSummaries"]
    for invitation in invitations:
        wa.update_share_invitation(ShareInvitationId=invitation["ShareInvitationId"],
                                   ShareInvitationAction="ACCEPT")
    return len(invitations)


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
