"""Shares as desired state: reconcile the configured principals with ListLensShares.

Only principals of the walens.yaml allowlist are ever shared with (the config loader refuses
anything else); extra shares are removed only with ``--prune``; expired, revoked or failed shares
are shared again; pending invitations are reported. Organization and OU shares need organization
sharing, which walens turns on (UpdateGlobalSettings) only when told to.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from publisher.publish.actions import Action, Kind
from publisher.publish.awserrors import describe, error_code
from publisher.publish.config import principal_kind
from publisher.publish.lensfind import paginate
from publisher.publish.targets import TargetClients

ACTIVE = frozenset({"ACCEPTED", "PENDING", "ASSOCIATING", "ASSOCIATED"})
RENEWABLE = frozenset({"EXPIRED", "REVOKED", "FAILED"})
#: Organizations errors meaning "this account cannot tell us", as opposed to "it does not exist".
UNREADABLE_ORG = frozenset({"AccessDeniedException", "AWSOrganizationsNotInUseException"})


@dataclass(frozen=True)
class Share:
    share_id: str
    shared_with: str
    status: str


@dataclass
class SharePlan:
    actions: list[Action] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def list_shares(wa: Any, lens_arn: str) -> list[Share]:
    return [Share(s["ShareId"], s["SharedWith"], s.get("Status", "?"))
            for s in paginate(wa.list_lens_shares, "LensShareSummaries", LensAlias=lens_arn, MaxResults=50)]


def plan_shares(aws: TargetClients, existing: list[Share], desired: frozenset[str], *, prune: bool,
                enable_org_sharing: bool) -> SharePlan:
    """The share actions that bring ``existing`` to ``desired``."""
    plan = SharePlan()
    by_principal: dict[str, list[Share]] = defaultdict(list)
    for share in existing:
        by_principal[share.shared_with].append(share)
    org_wanted: list[str] = []
    for principal in sorted(desired):
        shares = by_principal.get(principal, [])
        statuses = {share.status for share in shares}
        if statuses & ACTIVE:
            if "PENDING" in statuses:
                plan.notes.append(f"invitation to {principal} is PENDING (not accepted yet)")
            continue
        if "REJECTED" in statuses and not statuses & RENEWABLE:
            plan.notes.append(f"{principal} REJECTED the invitation; not shared again")
            continue
        renew = tuple(share.share_id for share in shares)
        if principal_kind(principal) != "account":
            org_wanted.append(principal)
        if renew:
            plan.notes.append(f"share with {principal} is {'/'.join(sorted(statuses))}; sharing again")
            plan.actions.append(Action(Kind.RESHARE, f"share again with {principal}", principal, renew))
        else:
            plan.actions.append(Action(Kind.SHARE, f"share with {principal}", principal))
    for principal in sorted(set(by_principal) - desired):
        ids = tuple(share.share_id for share in by_principal[principal])
        if prune:
            plan.actions.append(Action(Kind.UNSHARE, f"remove share with {principal}", principal, ids))
        else:
            plan.notes.append(f"{principal} has a share that walens.yaml does not list (pass --prune to remove it)")
    if org_wanted:
        _check_organization(aws, org_wanted, plan, enable_org_sharing)
    return plan


def _check_organization(aws: TargetClients, principals: list[str], plan: SharePlan, enable: bool) -> None:
    """Org/OU shares: the principals must exist (when Organizations is readable) and org sharing be on."""
    missing = _missing_org_principals(aws, principals, plan)
    blocked = set(missing)
    if not _org_sharing_enabled(aws):
        if enable:
            enabling = Action(Kind.ENABLE_ORG_SHARING, "enable organization sharing (UpdateGlobalSettings)")
            plan.actions.insert(0, enabling)
        else:
            plan.errors.append(f"organization sharing is not enabled in account {aws.account_id} "
                               f"({aws.target.region}); pass --enable-org-sharing to share with "
                               f"{', '.join(principals)}")
            blocked.update(principals)
    # blocked principals are all wanted ones: a --prune removal is never held back
    plan.actions[:] = [a for a in plan.actions if a.principal not in blocked]


def _org_sharing_enabled(aws: TargetClients) -> bool:
    return bool(aws.wa.get_global_settings().get("OrganizationSharingStatus") == "ENABLED")


def _missing_org_principals(aws: TargetClients, principals: list[str], plan: SharePlan) -> list[str]:
    orgs = aws.organizations
    try:
        organization_id = orgs.describe_organization()["Organization"]["Id"]
    except Exception as exc:
        if error_code(exc) not in UNREADABLE_ORG:
            raise
        plan.notes.append(f"cannot read AWS Organizations ({describe(exc)}); not checking that "
                          f"{', '.join(principals)} exist")
        return []
    missing = []
    for principal in principals:
        if principal_kind(principal) == "organization":
            if principal != organization_id:
                missing.append(principal)
                plan.errors.append(f"{principal} is not this account's organization ({organization_id})")
            continue
        try:
            orgs.describe_organizational_unit(OrganizationalUnitId=principal)
        except Exception as exc:
            code = error_code(exc)
            if code in UNREADABLE_ORG:
                plan.notes.append(f"cannot check that {principal} exists ({describe(exc)})")
            elif code == "OrganizationalUnitNotFoundException":
                missing.append(principal)
                plan.errors.append(f"organizational unit {principal} does not exist in {organization_id}")
            else:
                raise
    return missing


def apply_share_action(wa: Any, lens_arn: str, action: Action) -> None:
    """Run one share action against the service."""
    if action.kind is Kind.ENABLE_ORG_SHARING:
        wa.update_global_settings(OrganizationSharingStatus="ENABLED")
        return
    for share_id in action.share_ids:
        wa.delete_lens_share(LensAlias=lens_arn, ShareId=share_id)
    if action.kind in (Kind.SHARE, Kind.RESHARE):
        assert action.principal is not None
        wa.create_lens_share(LensAlias=lens_arn, SharedWith=action.principal)
