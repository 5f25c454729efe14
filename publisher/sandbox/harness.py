"""A handle on one running sandbox (in process or over HTTP) that makes clients for any account.

Account switching uses moto's own mechanism: STS AssumeRole into a role ARN of the wanted account
returns credentials that moto maps to that account on every later request, in process and in
server mode alike.  The default credentials act as moto's default account ``123456789012``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from .steering import LocalSteering, RemoteSteering, Steering

if TYPE_CHECKING:
    from botocore.client import BaseClient
    from botocore.config import Config

DEFAULT_ACCOUNT = "123456789012"
DEFAULT_REGION = "us-east-1"
FAKE_CREDENTIALS = {"aws_access_key_id": "AKIAIOSFODNN7EXAMPLE", "aws_secret_access_key": "fake-secret-key"}
SANDBOX_ROLE = "walens-sandbox"
TRUST_POLICY = ('{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", '
                '"Principal": {"AWS": "arn:aws:iam::123456789012:root"}}]}')


@dataclass
class Sandbox:
    """Clients and steering for one sandbox; ``endpoint`` is None when it runs in this process.

    ``client_hooks`` run on every client made, e.g. to register botocore event handlers;
    ``control_token`` is the server's (see ``RemoteSteering`` for where it is found otherwise).
    """

    endpoint: str | None = None
    control_token: str | None = None
    region: str = DEFAULT_REGION
    client_hooks: list[Callable[[BaseClient], None]] = field(default_factory=list)
    steering: Steering = field(init=False)
    _credentials: dict[str, dict[str, str]] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        self.steering = RemoteSteering(self.endpoint, self.control_token) if self.endpoint else LocalSteering()

    def client(self, service: str = "wellarchitected", *, account: str = DEFAULT_ACCOUNT,
               region: str | None = None, config: Config | None = None) -> BaseClient:
        """A real boto3 client acting as ``account``."""
        client = _session().client(service, region_name=region or self.region, endpoint_url=self.endpoint,
                                   config=config, **self.credentials(account))
        for hook in self.client_hooks:
            hook(client)
        return client

    def iam_client(self, account: str) -> BaseClient:
        """An IAM client acting as ``account`` through moto's ``x-moto-account-id`` header."""
        iam = self.client("iam")
        iam.meta.events.register("before-sign.iam", lambda request, **_: request.headers.__setitem__(
            "x-moto-account-id", account))
        return iam

    def create_role(self, account: str, name: str = SANDBOX_ROLE, trust_policy: str = TRUST_POLICY) -> str:
        """Create role ``name`` in ``account``'s IAM (moto's IAM backend), once; return its ARN."""
        iam = self.iam_client(account)
        with contextlib.suppress(iam.exceptions.EntityAlreadyExistsException):
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_policy)
        return f"arn:aws:iam::{account}:role/{name}"

    def credentials(self, account: str) -> dict[str, str]:
        """boto3 keyword credentials that moto attributes to ``account`` (its role is created first)."""
        if account == DEFAULT_ACCOUNT:
            return dict(FAKE_CREDENTIALS)
        if account not in self._credentials:
            self.create_role(account)
            sts = self.client("sts")
            role = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{SANDBOX_ROLE}",
                                   RoleSessionName="walens")["Credentials"]
            self._credentials[account] = {"aws_access_key_id": role["AccessKeyId"],
                                          "aws_secret_access_key": role["SecretAccessKey"],
                                          "aws_session_token": role["SessionToken"]}
        return dict(self._credentials[account])

    def reset(self) -> None:
        """Forget all AWS state, calls, faults and clock shift (assumed-role credentials too)."""
        self.steering.reset()
        self._credentials.clear()

    def environment(self) -> dict[str, Any]:
        """Environment variables that point the AWS CLI or SDKs at this sandbox (HTTP only)."""
        if self.endpoint is None:
            raise ValueError("an in-process sandbox has no endpoint")
        return environment_for(self.endpoint, self.region)


@lru_cache(maxsize=1)
def _session() -> Any:
    """One boto3 session for every sandbox client: loading the service models once keeps tests fast.

    It must be made after moto is imported (``publisher.sandbox`` does), so that it carries moto's
    ``before-send`` handler that ``mock_aws()`` switches on.
    """
    import boto3

    return boto3.session.Session()


def environment_for(endpoint: str, region: str = DEFAULT_REGION) -> dict[str, str]:
    """The variables a user exports to reach a sandbox server with the default account."""
    return {
        "AWS_ENDPOINT_URL_WELLARCHITECTED": endpoint,
        "AWS_ENDPOINT_URL_STS": endpoint,
        "AWS_ACCESS_KEY_ID": FAKE_CREDENTIALS["aws_access_key_id"],
        "AWS_SECRET_ACCESS_KEY": FAKE_CREDENTIALS["aws_secret_access_key"],
        "AWS_DEFAULT_REGION": region,
        "AWS_REGION": region,
    }
