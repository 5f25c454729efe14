"""Account discovery through AWS Organizations: every active account under some OUs.

Only the management account or a delegated administrator may list them: walens calls with the
configured credentials, or with a role it assumes for that (``organizationRoleArn`` of a target,
``reviews.roleArn``), so that CI running in a member account can read the organisation. A member
account's AccessDeniedException (or an account outside any organization) is one message naming
the account, the management account and the key to set. Child OUs are walked too (an OU stands for
everything below it, as with CloudFormation StackSets), every list call is paginated, and accounts
that are not ACTIVE (suspended, being closed) are skipped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from publisher.errors import OperationFailed
from publisher.publish.credentials import SESSION_NAME
from publisher.publish.lensfind import paginate

if TYPE_CHECKING:
    import boto3

#: Errors that mean "these credentials may not read the organisation", not "it failed".
NOT_MANAGEMENT = ("AccessDeniedException", "AWSOrganizationsNotInUseException")


@dataclass(frozen=True)
class Lister:
    """Who lists the accounts: ``caller()`` names the account, ``role_arn`` the role assumed for it
    (if any) and ``setting`` the config key that names that role, for messages."""

    caller: Callable[[], str]
    setting: str
    role_arn: str | None = None


def accounts_under(organizations: Any, units: Iterable[str], exclude: frozenset[str] = frozenset(),
                   lister: Lister | None = None) -> list[str]:
    """Sorted ids of the active accounts under ``units`` (and their child OUs), minus ``exclude``."""
    from botocore.exceptions import BotoCoreError, ClientError

    from publisher.publish.awserrors import describe, error_code

    units = list(units)
    found: set[str] = set()
    try:
        for unit in units:
            for parent in _with_children(organizations, unit):
                accounts = paginate(organizations.list_accounts_for_parent, "Accounts", ParentId=parent)
                found.update(a["Id"] for a in accounts if a.get("Status", "ACTIVE") == "ACTIVE")
    except (BotoCoreError, ClientError) as exc:
        why = describe(exc)
        if lister is not None and error_code(exc) in NOT_MANAGEMENT:
            why = _not_management(organizations, lister, why)
        raise OperationFailed(f"cannot list the accounts of {', '.join(units)}: {why}") from exc
    return sorted(found - exclude)


def _not_management(organizations: Any, lister: Lister, why: str) -> str:
    """Why the caller may not list accounts, and the key to set; DescribeOrganization (allowed to
    every member) names the management account."""
    try:
        caller = lister.caller()
    except Exception:  # the explanation must not hide the error it explains
        caller = "(unknown)"
    try:
        management = str(organizations.describe_organization()["Organization"]["MasterAccountId"])
    except Exception:
        return (f"account {caller} is in no AWS organization ({why}); list OUs with the credentials of the "
                f"organization's management account, or set {lister.setting} to a role there")
    who = f"role {lister.role_arn}" if lister.role_arn else "the caller"
    actions = "organizations:ListAccountsForParent and organizations:ListOrganizationalUnitsForParent"
    if caller == management:
        return f"{who} in the management account {management} was denied ({why}): allow it {actions}"
    return (f"{who} is in account {caller}, a member: only the management account {management} or a delegated "
            f"administrator may list the organisation's accounts ({why}); set {lister.setting} to a role in "
            f"account {management} allowed {actions}")


def organizations_client(session: boto3.Session, region: str, endpoint: str | None, role_arn: str | None) -> Any:
    """An Organizations client with ``session``'s credentials, or with ``role_arn``'s, assumed through them."""
    from botocore.exceptions import BotoCoreError, ClientError

    from publisher.publish.awserrors import describe

    if role_arn is None:
        return session.client("organizations", region_name=region, endpoint_url=endpoint)
    try:
        issued = session.client("sts", region_name=region, endpoint_url=endpoint).assume_role(
            RoleArn=role_arn, RoleSessionName=SESSION_NAME)["Credentials"]
    except (BotoCoreError, ClientError) as exc:
        raise OperationFailed(f"cannot assume {role_arn} to list the organisation's accounts: {describe(exc)}") from exc
    return session.client("organizations", region_name=region, endpoint_url=endpoint,
                          aws_access_key_id=issued["AccessKeyId"], aws_secret_access_key=issued["SecretAccessKey"],
                          aws_session_token=issued["SessionToken"])


def _with_children(organizations: Any, unit: str) -> Iterator[str]:
    """``unit`` and every OU below it, depth first."""
    pending = [unit]
    while pending:
        parent = pending.pop()
        yield parent
        children = paginate(organizations.list_organizational_units_for_parent, "OrganizationalUnits", ParentId=parent)
        pending.extend(child["Id"] for child in children)


def member_role_arn(account: str, role_name: str, region: str) -> str:
    """The ARN of ``role_name`` in ``account``, in the partition of ``region``."""
    return f"arn:{_partition_of(region)}:iam::{account}:role/{role_name}"


@cache
def _partition_of(region: str) -> str:
    import botocore.session

    return str(botocore.session.get_session().get_partition_for_region(region))
