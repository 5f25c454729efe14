"""Least privilege for ``walens plan | publish | share | status | rollback`` and ``diff published``.

``INVENTORY`` lists every AWS API action walens calls, why, and which resource the IAM Service
Authorization Reference lets a policy scope it to. ``build_policy`` turns the inventory into the
policy ``walens iam-policy`` prints; the proof tests record the calls walens makes against the
sandbox and check that the policy grants exactly those.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum
from typing import Any

from publisher.publish.config import ACCOUNT_RE, REGION_RE, WalensConfig, principal_kind

POLICY_VERSION = "2012-10-17"
PARTITION_RE = re.compile(r"^aws(-[a-z]+)*$")


class Scope(str, Enum):
    """What the ``Resource`` element of an action's statement can name."""

    LENS = "lens"  # arn:<partition>:wellarchitected:<region>:<account>:lens/*
    ACCOUNT = "account"  # "*": the service defines no resource type for the action
    OU = "ou"  # the organizational units of the share allowlist
    ROLE = "role"  # the role ARNs that targets assume
    FREE = "free"  # needs no permission (sts:GetCallerIdentity)


class Need(str, Enum):
    """When walens calls an action."""

    ALWAYS = "always"
    ORG_SHARING = "org-sharing"  # only for organization and OU shares
    ROLES = "roles"  # only when a target names a roleArn (or a roleName for discovered accounts)
    DISCOVERY = "discovery"  # only when a target names organizationalUnits


@dataclass(frozen=True)
class ApiAction:
    action: str
    scope: Scope
    need: Need
    sid: str  # the policy statement granting it
    purpose: str


INVENTORY: tuple[ApiAction, ...] = (
    ApiAction("wellarchitected:ListLenses", Scope.ACCOUNT, Need.ALWAYS, "FindOwnLenses",
              "find the lens by name or ARN; poll until an imported draft is listed"),
    ApiAction("wellarchitected:ImportLens", Scope.ACCOUNT, Need.ALWAYS, "ImportLensDrafts",
              "create the lens, or import the build as the draft of the existing lens"),
    ApiAction("wellarchitected:ExportLens", Scope.LENS, Need.ALWAYS, "ReadOwnLenses",
              "compare the published version and the draft with the build; back up before importing"),
    ApiAction("wellarchitected:GetLens", Scope.LENS, Need.ALWAYS, "ReadOwnLenses",
              "check whether a version string was already used"),
    ApiAction("wellarchitected:ListLensShares", Scope.LENS, Need.ALWAYS, "ReadOwnLenses",
              "read the current shares to reconcile them with the allowlist"),
    ApiAction("wellarchitected:ListTagsForResource", Scope.LENS, Need.ALWAYS, "ReadOwnLenses",
              "read the version counter and the tags walens maintains"),
    ApiAction("wellarchitected:CreateLensVersion", Scope.LENS, Need.ALWAYS, "PublishOwnLenses",
              "publish the draft as a new major or minor version"),
    ApiAction("wellarchitected:TagResource", Scope.LENS, Need.ALWAYS, "PublishOwnLenses",
              "set the configured tags and walens:version, walens:commit, ..."),
    ApiAction("wellarchitected:DeleteLens", Scope.LENS, Need.ALWAYS, "PublishOwnLenses",
              "delete the draft a failed publish imported (always with LensStatus=DRAFT)"),
    ApiAction("wellarchitected:CreateLensShare", Scope.LENS, Need.ALWAYS, "ShareOwnLenses",
              "share with an allowlisted principal, or share again after expiry"),
    ApiAction("wellarchitected:DeleteLensShare", Scope.LENS, Need.ALWAYS, "ShareOwnLenses",
              "remove an expired share before sharing again; remove unlisted shares with --prune"),
    ApiAction("wellarchitected:GetGlobalSettings", Scope.ACCOUNT, Need.ORG_SHARING, "OrganizationSharingSettings",
              "check that organization sharing is enabled before an organization or OU share"),
    ApiAction("wellarchitected:UpdateGlobalSettings", Scope.ACCOUNT, Need.ORG_SHARING, "OrganizationSharingSettings",
              "enable organization sharing (only with --enable-org-sharing)"),
    ApiAction("organizations:DescribeOrganization", Scope.ACCOUNT, Need.ORG_SHARING, "ReadOrganization",
              "check that an organization share names this account's organization"),
    ApiAction("organizations:DescribeOrganizationalUnit", Scope.OU, Need.ORG_SHARING, "ReadAllowlistedUnits",
              "check that each allowlisted OU exists before sharing with it"),
    ApiAction("organizations:ListAccountsForParent", Scope.ACCOUNT, Need.DISCOVERY, "DiscoverTargetAccounts",
              "list the accounts of a target's organizationalUnits (from the management or delegated "
              "administrator account)"),
    ApiAction("organizations:ListOrganizationalUnitsForParent", Scope.ACCOUNT, Need.DISCOVERY,
              "DiscoverTargetAccounts", "walk the child OUs of a target's organizationalUnits"),
    ApiAction("sts:AssumeRole", Scope.ROLE, Need.ROLES, "AssumeTargetRoles",
              "reach a target through its roleArn (once per profile and role, again before the credentials expire); "
              "list a target's organizationalUnits through its organizationRoleArn"),
    ApiAction("sts:GetCallerIdentity", Scope.FREE, Need.ALWAYS, "",
              "name the target's account in plans and tables (AWS requires no permission for it)"),
)


@dataclass(frozen=True)
class PolicyScope:
    """Where the policy applies: partitions, accounts and Regions ("*" for any) and the config's principals."""

    partition: str = "aws"
    accounts: tuple[str, ...] = ("*",)
    regions: tuple[str, ...] = ("*",)
    org_sharing: bool = False
    organization: str | None = None
    organizational_units: tuple[str, ...] = ()
    role_arns: tuple[str, ...] = ()
    discovery: bool = False  # a target finds its accounts through AWS Organizations


def scope_from_config(config: WalensConfig, *, partition: str = "aws", accounts: Iterable[str] = (),
                      regions: Iterable[str] = (), org_sharing: bool | None = None) -> PolicyScope:
    """The scope for ``config``. Accounts and Regions not given come from the targets when every target
    names them (a role ARN names its account; a profile's account is unknown); organization sharing
    defaults to on when the allowlist names an OU or organization."""
    kinds = {principal: principal_kind(principal) for principal in config.share_allowlist}
    units = tuple(sorted(p for p, kind in kinds.items() if kind == "ou"))
    organization = next((p for p, kind in sorted(kinds.items()) if kind == "organization"), None)
    roles = tuple(sorted({target.role_arn for target in config.targets if target.role_arn} |
                         {target.organization_role_arn for target in config.targets if target.organization_role_arn} |
                         {f"arn:{partition}:iam::*:role/{target.role_name}" for target in config.targets
                          if target.organizational_units}))
    return PolicyScope(partition=partition,
                       accounts=tuple(dict.fromkeys(accounts)) or _target_accounts(config) or ("*",),
                       regions=tuple(dict.fromkeys(regions)) or _target_regions(config) or ("*",),
                       org_sharing=bool(units or organization) if org_sharing is None else org_sharing,
                       organization=organization, organizational_units=units, role_arns=roles,
                       discovery=any(target.organizational_units for target in config.targets))


def _target_accounts(config: WalensConfig) -> tuple[str, ...]:
    if not config.targets or not all(target.role_arn for target in config.targets):
        return ()
    return tuple(sorted({str(target.role_arn).split(":")[4] for target in config.targets}))


def _target_regions(config: WalensConfig) -> tuple[str, ...]:
    if not config.targets or not all(target.regions for target in config.targets):
        return ()
    return tuple(sorted({region for target in config.targets for region in target.regions}))


def granted_actions(scope: PolicyScope) -> list[ApiAction]:
    """The inventory entries walens calls under ``scope`` and that need a permission."""
    wanted = {Need.ALWAYS}
    if scope.org_sharing:
        wanted.add(Need.ORG_SHARING)
    if scope.role_arns:
        wanted.add(Need.ROLES)
    if scope.discovery:
        wanted.add(Need.DISCOVERY)
    only_organization = scope.organization is not None and not scope.organizational_units
    return [entry for entry in INVENTORY if entry.need in wanted and entry.scope is not Scope.FREE
            and not (entry.scope is Scope.OU and only_organization)]  # no OU allowlisted: no OU is read


def _resources(kind: Scope, scope: PolicyScope) -> list[str]:
    if kind is Scope.LENS:
        return [f"arn:{scope.partition}:wellarchitected:{region}:{account}:lens/*"
                for account in scope.accounts for region in scope.regions]
    if kind is Scope.OU:
        organization = scope.organization or "o-*"
        units = scope.organizational_units or ("ou-*",)
        # the OU's ARN carries the management account, which walens does not know
        return [f"arn:{scope.partition}:organizations::*:ou/{organization}/{unit}" for unit in units]
    if kind is Scope.ROLE:
        return list(scope.role_arns)
    return ["*"]


def _statements(scope: PolicyScope) -> dict[str, list[ApiAction]]:
    """The granted actions grouped by the statement (Sid) that grants them, in inventory order."""
    statements: dict[str, list[ApiAction]] = {}
    for entry in granted_actions(scope):
        statements.setdefault(entry.sid, []).append(entry)
    return statements


def build_policy(scope: PolicyScope) -> dict[str, Any]:
    """The IAM policy document granting exactly the actions walens calls under ``scope``."""
    statements = []
    for sid, entries in _statements(scope).items():
        resources = _resources(entries[0].scope, scope)
        statements.append({"Sid": sid, "Effect": "Allow", "Action": sorted(entry.action for entry in entries),
                           "Resource": resources[0] if len(resources) == 1 else resources})
    return {"Version": POLICY_VERSION, "Statement": statements}


def explain_policy(scope: PolicyScope) -> str:
    """Plain text: each statement with its resources, and why walens calls each of its actions."""
    blocks = [
        "\n".join([f"{sid} on {', '.join(_resources(entries[0].scope, scope))}",
                   *(f"  {entry.action}: {entry.purpose}" for entry in entries)])
        for sid, entries in _statements(scope).items()
    ]
    return "\n\n".join(blocks) + "\n"


def check_scope_values(partition: str, accounts: Iterable[str], regions: Iterable[str]) -> list[str]:
    """Problems with user-given scope values, as messages (empty when all are well-formed)."""
    problems = [] if PARTITION_RE.match(partition) else [f"partition {partition!r} is not aws, aws-cn, aws-us-gov, ..."]
    problems += [f"account {a!r} is not a 12-digit account id" for a in accounts if not ACCOUNT_RE.match(a)]
    problems += [f"region {r!r} is not a Region name such as us-east-1" for r in regions if not REGION_RE.match(r)]
    return problems
