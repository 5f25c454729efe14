"""Account discovery through AWS Organizations: every active account under some OUs.

Called with the credentials of the management account or of a delegated administrator. Child OUs
are walked too (an OU stands for everything below it, as with CloudFormation StackSets), every
list call is paginated, and accounts that are not ACTIVE (suspended, being closed) are skipped.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import cache
from typing import Any

from publisher.errors import OperationFailed
from publisher.publish.lensfind import paginate


def accounts_under(organizations: Any, units: Iterable[str], exclude: frozenset[str] = frozenset()) -> list[str]:
    """Sorted ids of the active accounts under ``units`` (and their child OUs), minus ``exclude``."""
    from botocore.exceptions import BotoCoreError, ClientError

    from publisher.publish.awserrors import describe

    found: set[str] = set()
    try:
        for unit in units:
            for parent in _with_children(organizations, unit):
                accounts = paginate(organizations.list_accounts_for_parent, "Accounts", ParentId=parent)
                found.update(a["Id"] for a in accounts if a.get("Status", "ACTIVE") == "ACTIVE")
    except (BotoCoreError, ClientError) as exc:
        raise OperationFailed(f"cannot list the accounts of {', '.join(units)}: {describe(exc)}") from exc
    return sorted(found - exclude)


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
