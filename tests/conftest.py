"""Shared pytest fixtures: the wellarchitected sandbox, in process and over HTTP.

- ``sandbox_server``: one HTTP sandbox per test session (per xdist worker), on a free port.
- ``sandbox_inprocess``: a ``Sandbox`` under ``moto.mock_aws()`` for one test.
- ``sandbox_http``: a ``Sandbox`` on the session server, reset before the test.
- ``sandbox``: parametrized over both modes (``inprocess`` and ``http``).

A ``Sandbox`` gives real boto3 clients (``sandbox.client(account="111111111111")`` switches
account through STS AssumeRole) and ``sandbox.steering`` (call log, faults, latency, clock).
Every test session runs with fake credentials and no AWS endpoint or profile from the environment,
so no test can reach real AWS.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

import publisher.sandbox  # noqa: F401  (registers wellarchitected with moto)
from publisher.sandbox.harness import DEFAULT_REGION, FAKE_CREDENTIALS, Sandbox
from publisher.sandbox.server import local_sandbox

LEAKY_VARIABLES = ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_WELLARCHITECTED",
                   "AWS_ENDPOINT_URL_STS", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE")


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that talks to the HTTP sandbox ``http`` (``-m "not http"`` skips them)."""
    for item in items:
        callspec = getattr(item, "callspec", None)
        over_http = callspec is not None and callspec.params.get("sandbox") == "http"
        if over_http or {"sandbox_http", "sandbox_server"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.http)


@pytest.fixture(scope="session", autouse=True)
def fake_aws_environment() -> Iterator[None]:
    """Fake credentials and a default Region for the whole session; nothing points at real AWS."""
    with pytest.MonkeyPatch.context() as patch:
        for name in LEAKY_VARIABLES:
            patch.delenv(name, raising=False)
        patch.setenv("AWS_ACCESS_KEY_ID", FAKE_CREDENTIALS["aws_access_key_id"])
        patch.setenv("AWS_SECRET_ACCESS_KEY", FAKE_CREDENTIALS["aws_secret_access_key"])
        patch.setenv("AWS_DEFAULT_REGION", DEFAULT_REGION)
        patch.setenv("AWS_CONFIG_FILE", os.devnull)
        patch.setenv("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        yield


@pytest.fixture(scope="session")
def sandbox_server(fake_aws_environment: None) -> Iterator[str]:
    """The endpoint URL of this session's HTTP sandbox."""
    with local_sandbox() as endpoint:
        yield endpoint


@pytest.fixture
def sandbox_inprocess() -> Iterator[Sandbox]:
    from moto import mock_aws

    with mock_aws():
        sandbox = Sandbox()
        sandbox.steering.reset()
        yield sandbox
        sandbox.steering.reset()


@pytest.fixture
def sandbox_http(sandbox_server: str) -> Iterator[Sandbox]:
    sandbox = Sandbox(endpoint=sandbox_server)
    sandbox.reset()
    yield sandbox
    sandbox.steering.clear_faults()


@pytest.fixture(params=["inprocess", "http"])
def sandbox(request: pytest.FixtureRequest) -> Sandbox:
    """The same test once in process and once over HTTP."""
    fixture: Sandbox = request.getfixturevalue(f"sandbox_{request.param}")
    return fixture
