"""Lens sharing: the owner's shares and the recipient's invitations (mixed into the backend)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from moto.moto_api._internal import mock_random
from moto.utilities.paginator import paginate

from .control import CONTROLS
from .exceptions import (
    ConflictException,
    ResourceNotFoundException,
    ServiceQuotaExceededException,
    ValidationException,
)
from .lenses import CustomLens, LensRef, LensShare
from .utils import PAGINATION_MODEL

MAX_SHARES = 300
ACCOUNT = re.compile(r"^(?P<account>\d{12})$|^arn:aws[a-z-]*:iam::(?P<user_account>\d{12}):user/.+$")
ORGANIZATION = re.compile(r"^(?:arn:aws[a-z-]*:organizations::\d{12}:organization/)?(?P<org>o-[a-z0-9]{10,32})$")
UNIT = re.compile(
    r"^(?:arn:aws[a-z-]*:organizations::\d{12}:ou/o-[a-z0-9]{10,32}/)?(?P<ou>ou-[a-z0-9]{4,32}-[a-z0-9]{8,32})$")


@dataclass(frozen=True)
class Invitation:
    """What a recipient's invitation points at."""

    lens: LensRef
    share_id: str


class ShareOperations:
    """CreateLensShare, ListLensShares, DeleteLensShare, ListShareInvitations, UpdateShareInvitation."""

    account_id: str
    organization_sharing: str

    if TYPE_CHECKING:  # provided by WellArchitectedBackend
        def peer(self, account_id: str) -> ShareOperations: ...
        def find_lens(self, ref: LensRef) -> CustomLens | None: ...
        def all_accounts(self) -> list[str]: ...
        def lenses_of(self, account_id: str) -> list[CustomLens]: ...
        def owned_lens(self, alias: str) -> CustomLens: ...

    def init_shares(self) -> None:
        self.invitations: dict[str, Invitation] = {}

    # -- owner side -----------------------------------------------------------------------------
    def create_lens_share(self, lens_alias: str, shared_with: str) -> str:
        lens = self.owned_lens(lens_alias)
        if lens.latest is None:
            raise ValidationException(
                f"Lens {lens.arn} is not published; only published lenses can be shared.",
                fields=[{"Name": "LensAlias", "Message": "the lens has no published version"}])
        if lens.share_for(shared_with) is not None:
            raise ConflictException(f"Lens {lens.arn} is already shared with {shared_with}.", lens.arn, "LENS")
        if len(lens.shares) >= MAX_SHARES:
            raise ServiceQuotaExceededException(
                f"A lens can be shared at most {MAX_SHARES} times.", quota_code="L-LENS-SHARES",
                resource_type="LENS_SHARE")
        recipient = self._recipient_account(shared_with)
        share_id = mock_random.get_random_hex(32)
        now = CONTROLS.now()
        if recipient is None:
            share = LensShare(share_id, shared_with, now, invitation_id=None, status="ASSOCIATED")
        else:
            invitation_id = mock_random.get_random_hex(32)
            share = LensShare(share_id, shared_with, now, invitation_id=invitation_id, status="PENDING")
            self.peer(recipient).invitations[invitation_id] = Invitation(lens.ref, share_id)
        lens.shares[share_id] = share
        return share_id

    def _recipient_account(self, shared_with: str) -> str | None:
        """The account an invitation goes to, or None for an organization or OU share."""
        account = ACCOUNT.match(shared_with)
        if account:
            recipient = account["account"] or account["user_account"]
            if recipient == self.account_id:
                raise ValidationException("You cannot share a lens with your own account.",
                                          fields=[{"Name": "SharedWith", "Message": "is the owner account"}])
            return str(recipient)
        organization, unit = ORGANIZATION.match(shared_with), UNIT.match(shared_with)
        if not organization and not unit:
            raise ValidationException(
                f"Invalid SharedWith {shared_with}: use an account ID, IAM user ARN, organization ID or OU ID.",
                fields=[{"Name": "SharedWith", "Message": "not an account, organization or OU"}])
        if self.organization_sharing != "ENABLED":
            raise ValidationException(
                "Enable AWS Organizations support (UpdateGlobalSettings OrganizationSharingStatus=ENABLED) "
                "before sharing with an organization or OU.",
                fields=[{"Name": "SharedWith", "Message": "organization sharing is disabled"}])
        _check_organization(self.account_id, organization["org"] if organization else None,
                            unit["ou"] if unit else None)
        return None

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_lens_shares(self, lens_alias: str, prefix: str | None,
                         status: str | None) -> list[dict[str, Any]]:
        lens = self.owned_lens(lens_alias)
        now = CONTROLS.now()
        summaries = [{"ShareId": share.share_id, "SharedWith": share.shared_with,
                      "Status": share.current_status(now)} for share in lens.shares.values()]
        return [summary for summary in summaries
                if summary["SharedWith"].startswith(prefix or "") and status in (None, summary["Status"])]

    def delete_lens_share(self, lens_alias: str, share_id: str) -> None:
        lens = self.owned_lens(lens_alias)
        share = lens.shares.pop(share_id, None)
        if share is None:
            raise ResourceNotFoundException(f"Share {share_id} of lens {lens.arn} not found.", share_id, "SHARE")
        self._forget_invitation(share)

    def drop_shares(self, lens: CustomLens) -> None:
        for share in lens.shares.values():
            self._forget_invitation(share)
        lens.shares = {}

    def _forget_invitation(self, share: LensShare) -> None:
        match = ACCOUNT.match(share.shared_with)
        if share.invitation_id and match:
            recipient = match["account"] or match["user_account"]
            self.peer(recipient).invitations.pop(share.invitation_id, None)

    # -- recipient side -------------------------------------------------------------------------
    def _resolve(self, invitation_id: str) -> tuple[CustomLens, LensShare] | None:
        invitation = self.invitations.get(invitation_id)
        lens = self.find_lens(invitation.lens) if invitation else None
        share = lens.shares.get(invitation.share_id) if lens and invitation else None
        return (lens, share) if lens and share else None

    def accepted_share(self, lens: CustomLens) -> LensShare | None:
        """The share through which this account may use ``lens``: an accepted invitation, or a share
        with the account's organization or one of the OUs above it."""
        memberships = organization_memberships(self.account_id)
        return next((share for share in lens.shares.values()
                     if (share.status == "ACCEPTED" and share.invitation_id in self.invitations)
                     or (share.invitation_id is None and _principal_id(share.shared_with) in memberships)),
                    None)

    def shared_lenses(self) -> list[CustomLens]:
        """Lenses of other accounts this account may use, each once."""
        candidates = (lens for account in self.all_accounts() if account != self.account_id
                      for lens in self.lenses_of(account) if lens.shares and lens.latest is not None)
        return [lens for lens in candidates if self.accepted_share(lens) is not None]

    @paginate(pagination_model=PAGINATION_MODEL)
    def list_share_invitations(self, resource_type: str | None,
                               lens_name_prefix: str | None) -> list[dict[str, Any]]:
        if resource_type not in (None, "LENS"):
            return []
        now = CONTROLS.now()
        summaries = []
        for invitation_id in list(self.invitations):
            pair = self._resolve(invitation_id)
            if pair is None or pair[1].current_status(now) != "PENDING":
                continue
            lens, share = pair
            assert lens.latest is not None
            if lens.latest.name.startswith(lens_name_prefix or ""):
                summaries.append({
                    "ShareInvitationId": invitation_id, "SharedBy": lens.ref.account,
                    "SharedWith": share.shared_with, "ShareResourceType": "LENS",
                    "LensName": lens.latest.name, "LensArn": lens.arn})
        return summaries

    def update_share_invitation(self, invitation_id: str, action: str) -> dict[str, Any]:
        pair = self._resolve(invitation_id)
        if pair is None:
            raise ResourceNotFoundException(
                f"Share invitation {invitation_id} not found.", invitation_id, "SHARE_INVITATION")
        lens, share = pair
        status = share.current_status(CONTROLS.now())
        if status == "EXPIRED":
            raise ValidationException(f"Share invitation {invitation_id} has expired.",
                                      fields=[{"Name": "ShareInvitationId", "Message": "expired"}])
        if status != "PENDING":
            raise ConflictException(
                f"Share invitation {invitation_id} was already {status.lower()}.", invitation_id,
                "SHARE_INVITATION")
        share.status = "ACCEPTED" if action == "ACCEPT" else "REJECTED"
        return {"ShareInvitationId": invitation_id, "ShareResourceType": "LENS", "LensAlias": lens.arn,
                "LensArn": lens.arn}


def _principal_id(shared_with: str) -> str:
    """The organization or OU id inside a SharedWith value (which may be an ARN)."""
    return shared_with.rsplit("/", 1)[-1]


def organization_memberships(account_id: str) -> set[str]:
    """The ids of the organization and of every OU that contain ``account_id`` in moto's
    Organizations backend; empty when the account belongs to no organization."""
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException
    from moto.organizations.models import organizations_backends

    try:
        organization = organizations_backends[account_id]["aws"].describe_organization()["Organization"]
    except AWSOrganizationsNotInUseException:
        return set()
    master = organizations_backends[organization["MasterAccountId"]]["aws"]
    units = {unit.id: unit for unit in master.ou}
    account = next((item for item in master.accounts if item.id == account_id), None)
    memberships = {organization["Id"]}
    parent = account.parent_id if account else None
    while parent in units:
        memberships.add(parent)
        parent = getattr(units[parent], "parent_id", None)
    return memberships


def _check_organization(account_id: str, organization_id: str | None, unit_id: str | None) -> None:
    """When moto's Organizations backend holds the caller's organization, the target must exist in it."""
    from moto.organizations.exceptions import AWSOrganizationsNotInUseException
    from moto.organizations.models import organizations_backends

    backend = organizations_backends[account_id]["aws"]
    try:
        organization = backend.describe_organization()["Organization"]
    except AWSOrganizationsNotInUseException:
        return
    if organization_id is not None and organization_id != organization["Id"]:
        raise ValidationException(f"Organization {organization_id} is not your organization.",
                                  fields=[{"Name": "SharedWith", "Message": "unknown organization"}])
    if unit_id is not None:
        master = organizations_backends[organization["MasterAccountId"]]["aws"]
        if not any(unit.id == unit_id for unit in master.ou):
            raise ResourceNotFoundException(
                f"Organizational unit {unit_id} not found.", unit_id, "ORGANIZATIONAL_UNIT")
