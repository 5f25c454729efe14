"""STS AssumeRole that, like STS, refuses a role the target account's IAM does not have.

moto's STS lets any role ARN be assumed ("the role does not need to exist"), which is how tests
switch accounts cheaply.  With ``CONTROLS.roles_must_exist`` on (``walens sandbox`` turns it on;
``Steering.require_existing_roles`` switches it), AssumeRole into a role missing from moto's IAM
backend of the role's account is ``AccessDenied`` (403), so a test can model a member account where
the role was never deployed.  This wraps moto's ``STSBackend.assume_role`` once, at registration.
"""

from __future__ import annotations

import functools
from typing import Any

from moto.core.exceptions import AccessDeniedError
from moto.iam.models import iam_backends
from moto.sts.models import STSBackend
from moto.utilities.utils import PARTITION_NAMES

from .control import CONTROLS

_WRAPPED = "_walens_checks_roles"


def role_exists(role_arn: str) -> bool:
    """Whether moto's IAM backend of the role's account holds the role."""
    parts = role_arn.split(":", 5)
    if len(parts) != 6 or not parts[5].startswith("role/") or parts[1] not in PARTITION_NAMES:
        return False
    name = parts[5].rsplit("/", 1)[-1]
    backend = iam_backends[parts[4]][parts[1]]
    return any(role.name == name for role in backend.roles.values())


def install() -> None:
    """Wrap moto's ``STSBackend.assume_role`` with the role check (idempotent)."""
    original = STSBackend.assume_role
    if getattr(original, _WRAPPED, False):
        return

    @functools.wraps(original)
    def assume_role(self: STSBackend, *args: Any, **kwargs: Any) -> Any:
        role_arn = kwargs.get("role_arn", args[2] if len(args) > 2 else "")
        if CONTROLS.roles_must_exist and not role_exists(role_arn):
            raise AccessDeniedError(f"arn:aws:iam::{self.account_id}:root",
                                    f"sts:AssumeRole on resource: {role_arn}")
        return original(self, *args, **kwargs)

    setattr(assume_role, _WRAPPED, True)
    STSBackend.assume_role = assume_role  # type: ignore[method-assign]
