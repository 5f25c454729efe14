"""AWS Organizations as a member account sees it: most calls are the management account's alone.

moto answers every Organizations call from every account: a member account that lists the
accounts of an OU gets ``ParentNotFoundException`` (its own backend has no OUs), ``ListRoots``
even answers with the organization's roots. AWS instead lets only the management account, and for
read operations a delegated administrator, call them; a member gets ``AccessDeniedException`` and
an account outside any organization ``AWSOrganizationsNotInUseException``. ``DescribeOrganization``
works from every member (it is not wrapped). Each operation's "can be called only from the
organization's management account or by a member account that is a delegated administrator" note
is in the AWS Organizations API Reference (e.g. ListAccountsForParent, ListRoots,
DescribeOrganizationalUnit). ``install`` wraps moto's ``OrganizationsBackend`` once, at registration.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from moto.organizations.exceptions import AWSOrganizationsNotInUseException, OrganizationsClientError
from moto.organizations.models import OrganizationsBackend, organizations_backends

_WRAPPED = "_walens_management_only"

#: Read operations: the management account or a delegated administrator.
DELEGATED_READS = (
    "describe_account", "describe_create_account_status", "describe_organizational_unit", "describe_policy",
    "list_accounts", "list_accounts_for_parent", "list_aws_service_access_for_organization", "list_children",
    "list_create_account_status", "list_delegated_administrators", "list_organizational_units_for_parent",
    "list_parents", "list_policies", "list_policies_for_target", "list_roots", "list_tags_for_resource",
    "list_targets_for_policy",
)
#: Write operations: the management account only.
MANAGEMENT_WRITES = (
    "attach_policy", "close_account", "create_account", "create_organizational_unit", "create_policy",
    "delete_organizational_unit", "delete_policy", "deregister_delegated_administrator", "detach_policy",
    "disable_aws_service_access", "disable_policy_type", "enable_aws_service_access", "enable_policy_type",
    "move_account", "register_delegated_administrator", "remove_account_from_organization", "tag_resource",
    "untag_resource", "update_organizational_unit", "update_policy",
)


class AccessDeniedException(OrganizationsClientError):
    def __init__(self) -> None:
        super().__init__("AccessDeniedException", "You don't have permissions to access this resource.")


def management_backend(backend: OrganizationsBackend) -> OrganizationsBackend | None:
    """The backend of the management account of ``backend``'s organization (None: in no organization)."""
    if backend.org is not None:
        return backend
    manager = organizations_backends.master_accounts.get(backend.account_id)
    return None if manager is None else organizations_backends[manager[0]][manager[1]]


def is_delegated_administrator(account_id: str, management: OrganizationsBackend) -> bool:
    return any(admin.account.id == account_id for admin in management.admins)


def _guard(name: str, original: Callable[..., Any], delegated: bool) -> Callable[..., Any]:
    @functools.wraps(original)
    def guarded(self: OrganizationsBackend, *args: Any, **kwargs: Any) -> Any:
        if self.org is not None:
            return original(self, *args, **kwargs)
        management = management_backend(self)
        if management is None:
            raise AWSOrganizationsNotInUseException
        if delegated and is_delegated_administrator(self.account_id, management):
            return getattr(management, name)(*args, **kwargs)  # answered from the organization's data
        raise AccessDeniedException

    setattr(guarded, _WRAPPED, True)
    return guarded


def install() -> None:
    """Wrap the management-only operations of moto's ``OrganizationsBackend`` (idempotent)."""
    for names, delegated in ((DELEGATED_READS, True), (MANAGEMENT_WRITES, False)):
        for name in names:
            original = getattr(OrganizationsBackend, name)
            if not getattr(original, _WRAPPED, False):
                setattr(OrganizationsBackend, name, _guard(name, original, delegated))
