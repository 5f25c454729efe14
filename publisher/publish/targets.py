"""Targets: one (account, Region) pair to publish to, and the boto3 clients that reach it.

A target comes from ``walens.yaml`` (profile and/or role ARN, Regions, endpoint override) with CLI
flags taking precedence; whatever neither names falls back to the standard AWS environment
(``AWS_PROFILE``, ``AWS_REGION``, ``AWS_ENDPOINT_URL`` ...), exactly as boto3 resolves it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING, Any

from publisher.errors import ConfigError, UsageError
from publisher.publish.config import TargetConfig, WalensConfig
from publisher.publish.credentials import Clock, RoleKey, assumed_role_credentials, share_models, utc_now
from publisher.publish.once import OncePerKey
from publisher.publish.role_clients import RoleClient, refuse_to_sign, sign_as_caller

if TYPE_CHECKING:
    import boto3

SessionFactory = Callable[[str | None], "boto3.Session"]

#: Throttling and transient errors are retried with exponential backoff; validation errors never are.
#: ("standard", not "adaptive": the targets of a Region share one client, and adaptive's client-side
#: rate limiter would slow all of them down after a single account's throttle.)
RETRY_MODE = "standard"
#: botocore's ``max_attempts`` retry setting counts retries after the first attempt: 5 attempts in all.
MAX_RETRIES = 4


@dataclass(frozen=True)
class Overrides:
    """CLI flags that replace what the config says for every selected target."""

    targets: tuple[str, ...] = ()
    profile: str | None = None
    regions: tuple[str, ...] = ()
    endpoint_url: str | None = None


@dataclass(frozen=True)
class Target:
    """A resolved (target, Region) pair."""

    name: str
    region: str
    profile: str | None = None
    role_arn: str | None = None
    endpoint_url: str | None = None
    lens_arn: str | None = None
    shares: frozenset[str] = field(default_factory=frozenset)

    @property
    def label(self) -> str:
        return f"{self.name}/{self.region}"


def default_session_factory(profile: str | None) -> boto3.Session:
    import boto3
    import botocore.exceptions

    try:
        return boto3.Session(profile_name=profile)
    except botocore.exceptions.ProfileNotFound as exc:
        raise UsageError(f"AWS profile {profile!r} not found") from exc


def offline_session(_profile: str | None, region: str = "us-east-1") -> boto3.Session:
    """For sandboxes only: a session with fixed fake keys that ignores AWS_PROFILE, AWS_* keys and
    the shared config files, so no real credential can ever reach the emulation."""
    import boto3
    import botocore.session

    # (config key, environment variable, default, converter): no environment lookup for these.
    core = botocore.session.Session(session_vars={
        "profile": (None, None, None, None),
        "config_file": (None, None, os.devnull, None),
        "credentials_file": (None, None, os.devnull, None),
    })
    return boto3.Session(aws_access_key_id="walens-sandbox", aws_secret_access_key="walens-sandbox",
                         region_name=region, botocore_session=core)


def resolve_targets(config: WalensConfig, overrides: Overrides,
                    session_factory: SessionFactory = default_session_factory) -> list[Target]:
    """Expand the selected targets into one entry per Region, CLI flags first, then config, then env."""
    configured = config.targets or (TargetConfig(name="default"),)
    known = {target.name for target in configured}
    unknown = sorted(set(overrides.targets) - known)
    if unknown:
        raise UsageError(f"unknown target(s) {', '.join(unknown)}; walens.yaml defines: {', '.join(sorted(known))}")
    selected = [t for t in configured if not overrides.targets or t.name in overrides.targets]
    resolved: list[Target] = []
    for entry in selected:
        profile = overrides.profile or entry.profile
        regions = overrides.regions or entry.regions
        if not regions:
            regions = (_environment_region(config, entry, session_factory(profile).region_name),)
        endpoint = overrides.endpoint_url or entry.endpoint_url
        accounts = [(entry.name, entry.role_arn)]
        if entry.organizational_units:
            accounts = _discovered(entry, session_factory(profile), endpoint, regions[0])
        resolved.extend(
            Target(name=name, region=region, profile=profile, role_arn=role_arn, endpoint_url=endpoint,
                   lens_arn=entry.lens_arns.get(region), shares=config.desired_shares(entry))
            for name, role_arn in accounts for region in dict.fromkeys(regions)
        )
    return resolved


def _environment_region(config: WalensConfig, entry: TargetConfig, profile_region: str | None) -> str:
    """The Region as the AWS SDKs choose it: ``AWS_REGION``, then ``AWS_DEFAULT_REGION`` and the profile's
    ``region`` (boto3 reads only those two). Without any, the error says first when there is no walens.yaml."""
    region = os.environ.get("AWS_REGION") or profile_region
    if region:
        return region
    if not config.targets:
        raise ConfigError(f"no walens.yaml in {config.root}: run walens in a lens project (`walens init DIR` "
                          "makes one) or pass --config FILE; without it, the implicit target 'default' has no "
                          "Region either (set --region or AWS_REGION)")
    raise ConfigError(f"target {entry.name}: no Region (set regions in walens.yaml, --region or AWS_REGION)",
                      key=f"targets.{entry.name}.regions")


def _discovered(entry: TargetConfig, session: boto3.Session, endpoint: str | None,
                region: str) -> list[tuple[str, str | None]]:
    """(target name, role ARN) of every account the entry's OUs hold: ``<name>-<account id>``."""
    from publisher.publish.org_accounts import Lister, accounts_under, member_role_arn, organizations_client

    assert entry.role_name is not None  # the config requires it beside organizationalUnits
    role = entry.organization_role_arn
    organizations = organizations_client(session, region, endpoint, role)
    lister = Lister(lambda: role.split(":")[4] if role else str(
        session.client("sts", region_name=region, endpoint_url=endpoint).get_caller_identity()["Account"]),
        f"organizationRoleArn of target {entry.name}", role)
    accounts = accounts_under(organizations, entry.organizational_units, entry.exclude_accounts, lister)
    return [(f"{entry.name}-{account}", member_role_arn(account, entry.role_name, region)) for account in accounts]


class Connector:
    """Creates the clients of targets.

    Clients are made once per profile, endpoint, Region and service, and shared by every target
    there. A target without a role uses its profile's client. A target with a role gets a
    ``RoleClient`` (``publisher.publish.role_clients``): the shared client of the profile's roles,
    each call signed with that role's credentials (one ``RoleKey``, shared across Regions), which
    refresh themselves (``publisher.publish.credentials``) and are assumed through the profile's STS
    client of that endpoint and Region. A role costs an AssumeRole, not a session or a client. A
    boto3 session is not thread-safe, the clients it makes are: each session makes its clients under
    its own lock, and roles are assumed in parallel. The caller account is asked once per profile
    and endpoint. ``pool_size`` connections per client: as many as targets run at once.
    """

    def __init__(self, session_factory: SessionFactory = default_session_factory,
                 max_attempts: int = MAX_RETRIES, clock: Clock = utc_now, pool_size: int = 10) -> None:
        from botocore.config import Config

        self._session_factory = session_factory
        self._clock = clock
        self._config = Config(retries={"mode": RETRY_MODE, "max_attempts": max_attempts},
                              connect_timeout=10, read_timeout=60, max_pool_connections=pool_size)
        self._profile_sessions: OncePerKey[str | None, LockedSession] = OncePerKey()
        self._role_sessions: OncePerKey[str | None, LockedSession] = OncePerKey()
        self._role_credentials: OncePerKey[RoleKey, Any] = OncePerKey()
        self._clients: OncePerKey[ClientKey, Any] = OncePerKey()
        self._role_clients: OncePerKey[ClientKey, Any] = OncePerKey()
        self._accounts: OncePerKey[tuple[str | None, str | None], str] = OncePerKey()

    def client(self, target: Target, service: str) -> Any:
        key = ClientKey(target.profile, target.endpoint_url, target.region, service)
        if target.role_arn is None:
            return self._clients.get(key, lambda: self._profile_session(target.profile).client(key, self._config))
        role = RoleKey(target.profile, target.endpoint_url, target.role_arn)
        credentials = self._role_credentials.get(
            role, lambda: assumed_role_credentials(role, lambda: self._sts(target), self._clock))
        shared = self._role_clients.get(
            key, lambda: sign_as_caller(self._role_session(target.profile).client(key, self._config)))
        return RoleClient(shared, credentials)

    def account_id(self, target: Target) -> str:
        """The target's account: the role ARN's account, else the caller identity of the profile
        (asked once per profile and endpoint)."""
        if target.role_arn is not None:
            return target.role_arn.split(":")[4]
        return self._accounts.get((target.profile, target.endpoint_url),
                                  lambda: str(self.client(target, "sts").get_caller_identity()["Account"]))

    def _profile_session(self, profile: str | None) -> LockedSession:
        return self._profile_sessions.get(profile, lambda: LockedSession(self._session_factory(profile)))

    def _role_session(self, profile: str | None) -> LockedSession:
        """The session that makes the shared clients of every role assumed from ``profile``: the
        profile's settings, and credentials that refuse to sign (each call brings its role's)."""
        def make() -> LockedSession:
            session = self._session_factory(profile)
            share_models(session, self._profile_session(profile).session)
            refuse_to_sign(session)
            return LockedSession(session)

        return self._role_sessions.get(profile, make)

    def _sts(self, target: Target) -> Any:
        """The STS client of the target's profile that assumes roles in the target's endpoint and Region."""
        return self.client(replace(target, role_arn=None), "sts")


@dataclass(frozen=True)
class ClientKey:
    """What tells clients apart: the profile (or its roles), endpoint, Region and service."""

    profile: str | None
    endpoint_url: str | None
    region: str
    service: str


class LockedSession:
    """A boto3 session and the lock to hold while using it."""

    def __init__(self, session: boto3.Session) -> None:
        self.session = session
        self.lock = threading.Lock()

    def client(self, key: ClientKey, config: Any) -> Any:
        with self.lock:
            return self.session.client(key.service, region_name=key.region, endpoint_url=key.endpoint_url,
                                       config=config)


class TargetClients:
    """The clients of one target, created on first use."""

    def __init__(self, connector: Connector, target: Target) -> None:
        self.connector = connector
        self.target = target
        self.wa = connector.client(target, "wellarchitected")

    @cached_property
    def organizations(self) -> Any:
        return self.connector.client(self.target, "organizations")

    @cached_property
    def account_id(self) -> str:
        return self.connector.account_id(self.target)
