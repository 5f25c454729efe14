"""Assumed-role credentials that renew themselves before they expire.

Each role's credentials are a botocore ``DeferredRefreshableCredentials``: it calls STS AssumeRole
on first use, and again whenever fewer than 15 minutes remain (from 10 minutes before expiry every
caller waits for the new ones), so a publish that outlives the one-hour role session keeps working.
The credentials object holds its own refresh lock: renewing one role never blocks another.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import boto3

SESSION_NAME = "walens-publish"
Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class RoleKey:
    """Who assumes which role: one set of credentials per key. (The session name is always
    ``SESSION_NAME`` and walens.yaml has no external ID, so neither needs to be part of it.)"""

    profile: str | None  # the source credentials
    endpoint_url: str | None  # the STS that issues them (a sandbox's credentials are no good elsewhere)
    role_arn: str


def assumed_role_credentials(key: RoleKey, sts: Callable[[], Any], clock: Clock = utc_now) -> Any:
    """Refreshable credentials of ``key``'s role, assumed through the STS client ``sts()`` returns."""
    from botocore.credentials import DeferredRefreshableCredentials

    def assume() -> dict[str, str]:
        issued = sts().assume_role(RoleArn=key.role_arn, RoleSessionName=SESSION_NAME)["Credentials"]
        return {"access_key": issued["AccessKeyId"], "secret_key": issued["SecretAccessKey"],
                "token": issued["SessionToken"], "expiry_time": issued["Expiration"].isoformat()}

    return DeferredRefreshableCredentials(refresh_using=assume, method="assume-role", time_fetcher=clock)


def share_models(session: boto3.Session, models_of: boto3.Session) -> None:
    """Read service models through ``models_of``'s loader, so that each file is parsed once per run."""
    session._session.register_component("data_loader", models_of._session.get_component("data_loader"))
