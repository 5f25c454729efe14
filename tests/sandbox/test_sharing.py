"""Lens shares (owner side) and share invitations (recipient side), switching accounts the moto way."""

from __future__ import annotations

import pytest

from publisher.sandbox.harness import DEFAULT_ACCOUNT, Sandbox

from .lens_samples import lens_json

RECIPIENT = "111122223333"
OTHER = "444455556666"
SEVEN_DAYS = 7 * 24 * 3600


def published_lens(client) -> str:
    arn: str = client.import_lens(JSONString=lens_json())["LensArn"]
    client.create_lens_version(LensAlias=arn, LensVersion="1.0")
    return arn


def test_account_switching_uses_sts_assumed_role_credentials(sandbox: Sandbox) -> None:
    identity = sandbox.client("sts", account=RECIPIENT).get_caller_identity()
    assert identity["Account"] == RECIPIENT
    arn = sandbox.client(account=RECIPIENT).import_lens(JSONString=lens_json())["LensArn"]
    assert f":{RECIPIENT}:lens/" in arn
    assert sandbox.client().list_lenses()["LensSummaries"] == []


def test_share_accept_and_use_as_custom_shared(sandbox: Sandbox) -> None:
    owner, recipient = sandbox.client(), sandbox.client(account=RECIPIENT)
    arn = published_lens(owner)
    share_id = owner.create_lens_share(LensAlias=arn, SharedWith=RECIPIENT)["ShareId"]
    assert len(share_id) == 32
    assert owner.list_lens_shares(LensAlias=arn)["LensShareSummaries"] == [
        {"ShareId": share_id, "SharedWith": RECIPIENT, "Status": "PENDING"}]
    assert recipient.list_lenses(LensType="CUSTOM_SHARED")["LensSummaries"] == []

    invitations = recipient.list_share_invitations(ShareResourceType="LENS")["ShareInvitationSummaries"]
    assert [(item["LensArn"], item["SharedBy"], item["LensName"]) for item in invitations] == [
        (arn, DEFAULT_ACCOUNT, "Example Policy Lens")]
    invitation_id = invitations[0]["ShareInvitationId"]
    accepted = recipient.update_share_invitation(ShareInvitationId=invitation_id, ShareInvitationAction="ACCEPT")
    assert accepted["ShareInvitation"]["LensArn"] == arn

    shared = recipient.list_lenses(LensType="CUSTOM_SHARED")["LensSummaries"]
    assert [(item["LensArn"], item["LensType"], item["Owner"]) for item in shared] == [
        (arn, "CUSTOM_SHARED", DEFAULT_ACCOUNT)]
    assert recipient.get_lens(LensAlias=arn)["Lens"]["ShareInvitationId"] == invitation_id
    assert owner.list_lens_shares(LensAlias=arn, Status="ACCEPTED")["LensShareSummaries"][0]["ShareId"] == share_id
    assert recipient.list_share_invitations()["ShareInvitationSummaries"] == []
    with pytest.raises(recipient.exceptions.ConflictException):
        recipient.update_share_invitation(ShareInvitationId=invitation_id, ShareInvitationAction="REJECT")


def test_recipient_cannot_export_or_delete(sandbox: Sandbox) -> None:
    owner, recipient = sandbox.client(), sandbox.client(account=RECIPIENT)
    arn = published_lens(owner)
    owner.create_lens_share(LensAlias=arn, SharedWith=RECIPIENT)
    invitation = recipient.list_share_invitations()["ShareInvitationSummaries"][0]["ShareInvitationId"]
    recipient.update_share_invitation(ShareInvitationId=invitation, ShareInvitationAction="ACCEPT")
    with pytest.raises(recipient.exceptions.AccessDeniedException) as denied:
        recipient.export_lens(LensAlias=arn)
    assert denied.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    with pytest.raises(recipient.exceptions.AccessDeniedException):
        recipient.delete_lens(LensAlias=arn, LensStatus="ALL")


def test_only_published_lenses_can_be_shared_and_not_twice(sandbox: Sandbox) -> None:
    owner = sandbox.client()
    draft = owner.import_lens(JSONString=lens_json())["LensArn"]
    with pytest.raises(owner.exceptions.ValidationException):
        owner.create_lens_share(LensAlias=draft, SharedWith=RECIPIENT)
    owner.create_lens_version(LensAlias=draft, LensVersion="1")
    owner.create_lens_share(LensAlias=draft, SharedWith=RECIPIENT)
    with pytest.raises(owner.exceptions.ConflictException):
        owner.create_lens_share(LensAlias=draft, SharedWith=RECIPIENT)
    with pytest.raises(owner.exceptions.ValidationException):
        owner.create_lens_share(LensAlias=draft, SharedWith=DEFAULT_ACCOUNT)
    with pytest.raises(owner.exceptions.ValidationException):
        owner.create_lens_share(LensAlias=draft, SharedWith="not-an-account")


def test_reject_and_expiry(sandbox: Sandbox) -> None:
    owner = sandbox.client()
    arn = published_lens(owner)
    owner.create_lens_share(LensAlias=arn, SharedWith=RECIPIENT)
    owner.create_lens_share(LensAlias=arn, SharedWith=OTHER)
    recipient, other = sandbox.client(account=RECIPIENT), sandbox.client(account=OTHER)
    invitation = recipient.list_share_invitations()["ShareInvitationSummaries"][0]["ShareInvitationId"]
    recipient.update_share_invitation(ShareInvitationId=invitation, ShareInvitationAction="REJECT")
    assert recipient.list_lenses()["LensSummaries"] == []

    late = other.list_share_invitations()["ShareInvitationSummaries"][0]["ShareInvitationId"]
    sandbox.steering.advance_clock(SEVEN_DAYS + 60)
    assert other.list_share_invitations()["ShareInvitationSummaries"] == []
    with pytest.raises(other.exceptions.ValidationException):
        other.update_share_invitation(ShareInvitationId=late, ShareInvitationAction="ACCEPT")
    statuses = {item["SharedWith"]: item["Status"] for item in owner.list_lens_shares(LensAlias=arn)[
        "LensShareSummaries"]}
    assert statuses == {RECIPIENT: "REJECTED", OTHER: "EXPIRED"}


def test_delete_share_withdraws_the_lens_from_the_recipient(sandbox: Sandbox) -> None:
    owner, recipient = sandbox.client(), sandbox.client(account=RECIPIENT)
    arn = published_lens(owner)
    share_id = owner.create_lens_share(LensAlias=arn, SharedWith=RECIPIENT)["ShareId"]
    invitation = recipient.list_share_invitations()["ShareInvitationSummaries"][0]["ShareInvitationId"]
    recipient.update_share_invitation(ShareInvitationId=invitation, ShareInvitationAction="ACCEPT")
    owner.delete_lens_share(LensAlias=arn, ShareId=share_id)
    assert owner.list_lens_shares(LensAlias=arn)["LensShareSummaries"] == []
    assert recipient.list_lenses()["LensSummaries"] == []
    with pytest.raises(recipient.exceptions.ResourceNotFoundException):
        recipient.get_lens(LensAlias=arn)
    with pytest.raises(owner.exceptions.ResourceNotFoundException):
        owner.delete_lens_share(LensAlias=arn, ShareId=share_id)


def test_list_lens_shares_filters_and_paginates(sandbox: Sandbox) -> None:
    owner = sandbox.client()
    arn = published_lens(owner)
    accounts = [f"2000000000{index:02d}" for index in range(5)] + ["300000000000"]
    for account in accounts:
        owner.create_lens_share(LensAlias=arn, SharedWith=account)
    assert len(owner.list_lens_shares(LensAlias=arn, SharedWithPrefix="2000")["LensShareSummaries"]) == 5
    first = owner.list_lens_shares(LensAlias=arn, MaxResults=4)
    second = owner.list_lens_shares(LensAlias=arn, MaxResults=4, NextToken=first["NextToken"])
    assert "NextToken" not in second
    shared = [item["SharedWith"] for item in first["LensShareSummaries"] + second["LensShareSummaries"]]
    assert shared == accounts


def test_organization_shares_need_organization_sharing_enabled(sandbox: Sandbox) -> None:
    owner = sandbox.client()
    arn = published_lens(owner)
    organization = "o-abcdefghij"
    with pytest.raises(owner.exceptions.ValidationException) as disabled:
        owner.create_lens_share(LensAlias=arn, SharedWith=organization)
    assert "OrganizationSharingStatus" in disabled.value.response["Message"]
    owner.update_global_settings(OrganizationSharingStatus="ENABLED")
    assert owner.get_global_settings()["OrganizationSharingStatus"] == "ENABLED"
    owner.create_lens_share(LensAlias=arn, SharedWith=organization)
    assert owner.list_lens_shares(LensAlias=arn)["LensShareSummaries"][0]["Status"] == "ASSOCIATED"


def test_organization_shares_must_name_moto_organization(sandbox: Sandbox) -> None:
    organizations = sandbox.client("organizations")
    organization_id = organizations.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = organizations.list_roots()["Roots"][0]["Id"]
    unit = organizations.create_organizational_unit(ParentId=root, Name="Platform")["OrganizationalUnit"]["Id"]
    owner = sandbox.client()
    owner.update_global_settings(OrganizationSharingStatus="ENABLED")
    arn = published_lens(owner)
    with pytest.raises(owner.exceptions.ValidationException):
        owner.create_lens_share(LensAlias=arn, SharedWith="o-zzzzzzzzzz")
    missing_unit = unit[:-8] + "00000000"
    with pytest.raises(owner.exceptions.ResourceNotFoundException):
        owner.create_lens_share(LensAlias=arn, SharedWith=missing_unit)
    owner.create_lens_share(LensAlias=arn, SharedWith=organization_id)
    owner.create_lens_share(LensAlias=arn, SharedWith=unit)
    shared = {item["SharedWith"] for item in owner.list_lens_shares(LensAlias=arn)["LensShareSummaries"]}
    assert shared == {organization_id, unit}


def test_organization_and_unit_shares_reach_member_accounts(sandbox: Sandbox) -> None:
    organizations = sandbox.client("organizations")
    organizations.create_organization(FeatureSet="ALL")
    root = organizations.list_roots()["Roots"][0]["Id"]
    platform = organizations.create_organizational_unit(ParentId=root, Name="Platform")["OrganizationalUnit"]["Id"]
    team = organizations.create_organizational_unit(ParentId=platform, Name="Team")["OrganizationalUnit"]["Id"]
    status = organizations.create_account(Email="member@example.com", AccountName="member")["CreateAccountStatus"]
    member = status["AccountId"]
    organizations.move_account(AccountId=member, SourceParentId=root, DestinationParentId=team)

    owner = sandbox.client()
    owner.update_global_settings(OrganizationSharingStatus="ENABLED")
    arn = published_lens(owner)
    member_client, outsider = sandbox.client(account=member), sandbox.client(account=OTHER)
    assert member_client.list_lenses(LensType="CUSTOM_SHARED")["LensSummaries"] == []
    share_id = owner.create_lens_share(LensAlias=arn, SharedWith=platform)["ShareId"]
    shared = member_client.list_lenses(LensType="CUSTOM_SHARED")["LensSummaries"]
    assert [item["LensArn"] for item in shared] == [arn]
    assert "ShareInvitationId" not in member_client.get_lens(LensAlias=arn)["Lens"]
    assert member_client.list_share_invitations()["ShareInvitationSummaries"] == []
    assert outsider.list_lenses()["LensSummaries"] == []
    owner.delete_lens_share(LensAlias=arn, ShareId=share_id)
    assert member_client.list_lenses()["LensSummaries"] == []
