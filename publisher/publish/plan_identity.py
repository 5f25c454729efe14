"""Who a planned target is: the account, role, profile, endpoint and Region a saved plan was made for.

A saved plan binds each target to its identity, as configured (role ARN, profile, Region) and as
observed (the account the plan read: the role ARN's, else the profile's caller identity from STS
GetCallerIdentity; the endpoint the client really talks to, whether walens.yaml, ``--endpoint-url``
or the AWS environment chose it). ``publish --plan`` computes it again for every target before
writing anything and refuses the whole apply when one differs, as terraform refuses a stale plan.
"""

from __future__ import annotations

from dataclasses import dataclass

from publisher.publish.targets import Connector, Target

#: The plan file's key for each field, in the order messages name them.
KEYS = {"account": "account", "role_arn": "roleArn", "profile": "profile", "endpoint_url": "endpointUrl",
        "region": "region"}


@dataclass(frozen=True)
class Identity:
    account: str
    role_arn: str | None
    profile: str | None
    endpoint_url: str
    region: str

    def to_json(self) -> dict[str, str | None]:
        return {key: getattr(self, field) for field, key in KEYS.items()}

    @classmethod
    def from_json(cls, data: dict[str, str | None]) -> Identity:
        """From the plan file (its schema has checked the keys and types)."""
        return cls(account=str(data["account"]), role_arn=data["roleArn"], profile=data["profile"],
                   endpoint_url=str(data["endpointUrl"]), region=str(data["region"]))


def identity_of(connector: Connector, target: Target) -> Identity:
    """``target``'s identity now; the account as ``connector`` gives it to the plan (asked once)."""
    return Identity(connector.account_id(target), target.role_arn, target.profile, endpoint_of(connector, target),
                    target.region)


def endpoint_of(connector: Connector, target: Target) -> str:
    """The endpoint ``target``'s wellarchitected client talks to (made, not called)."""
    return target.endpoint_url or str(connector.client(target, "wellarchitected").meta.endpoint_url)


def identity_changes(planned: Identity, connector: Connector, target: Target) -> list[str]:
    """``account planned '1111', now '9999'`` for each field of ``target``'s identity that differs.

    Nothing goes through a profile other than the planned one, and a profile's account (an STS call)
    is asked only at the planned endpoint; a role's account is its ARN's."""
    now: dict[str, str | None] = {"role_arn": target.role_arn, "profile": target.profile, "region": target.region}
    if planned.profile == target.profile:
        now["endpoint_url"] = endpoint_of(connector, target)
        if target.role_arn is not None or all(getattr(planned, field) == value for field, value in now.items()):
            now["account"] = connector.account_id(target)
    return [f"{name} planned {getattr(planned, field)!r}, now {now[field]!r}"
            for field, name in KEYS.items() if field in now and getattr(planned, field) != now[field]]
