"""Fixtures: the sandbox in process (moto's mock_aws) and over HTTP, with helpers to act as any account."""

from __future__ import annotations

import copy
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from moto import mock_aws

from publisher.cli import main
from publisher.publish.fanout import TargetResult, run_targets
from publisher.publish.jobs import JobContext, plan_one, publish_one
from publisher.publish.plan import PublishOptions
from publisher.publish.release import Release, build_release
from publisher.publish.targets import Connector, Target, offline_session
from publisher.sandbox import call_log, inject_fault, reset_sandbox

REPO = Path(__file__).resolve().parents[2]
OWNER = "123456789012"  # the account moto serves for keys it did not issue
RECIPIENT = "222222222222"
SECOND_OWNER = "333333333333"


@dataclass
class Sandbox:
    """One emulation, reached in process (endpoint None) or over HTTP, plus a backup folder."""

    endpoint: str | None
    backups: Path
    connector: Connector = field(default_factory=lambda: Connector(offline_session, max_attempts=2))

    def target(self, name: str = "owner", region: str = "us-east-1", account: str | None = None,
               shares: frozenset[str] = frozenset()) -> Target:
        role = f"arn:aws:iam::{account}:role/walens-test" if account else None
        return Target(name=name, region=region, endpoint_url=self.endpoint, role_arn=role, shares=shares)

    def client(self, service: str = "wellarchitected", region: str = "us-east-1", account: str | None = None) -> Any:
        return self.connector.client(self.target(region=region, account=account), service)

    def context(self, **options: bool) -> JobContext:
        return JobContext(self.connector, PublishOptions(**options), self.backups)

    def publish(self, release: Release, targets: list[Target] | None = None, **options: bool) -> list[TargetResult]:
        return run_targets(targets or [self.target()], partial(publish_one, self.context(**options), release))

    def plan(self, release: Release, targets: list[Target] | None = None, **options: bool) -> list[TargetResult]:
        return run_targets(targets or [self.target()], partial(plan_one, self.context(**options), release))

    @staticmethod
    def writes() -> list[str]:
        """Operations of the write calls served since the last reset, oldest first."""
        return [call.operation for call in call_log() if call.access == "write"]

    @staticmethod
    def fail(operation: str, kind: str = "error") -> None:
        """Make every next call of ``operation`` fail (the test connector tries three times)."""
        inject_fault(operation, kind)  # type: ignore[arg-type]

    def lens(self, name: str, region: str = "us-east-1", account: str | None = None) -> dict[str, dict[str, Any]]:
        """The account's summaries of lens ``name`` keyed by status (PUBLISHED/DRAFT)."""
        wa = self.client(region=region, account=account)
        summaries = wa.list_lenses(LensType="CUSTOM_SELF", LensStatus="ALL", MaxResults=50)["LensSummaries"]
        return {s["LensStatus"]: s for s in summaries if s["LensName"] == name}


@pytest.fixture(params=["in-process", pytest.param("http", marks=pytest.mark.http)])
def sandbox(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    """A fresh emulation per test, once in process and once over HTTP (on the session's server
    from tests/conftest.py). Overrides the shared ``sandbox`` with publisher helpers."""
    reset_sandbox()
    if request.param == "http":
        yield Sandbox(request.getfixturevalue("sandbox_server"), tmp_path / "backups")
    else:
        with mock_aws():
            yield Sandbox(None, tmp_path / "backups")
    reset_sandbox()


#: For behaviour the transport cannot change: run in process only (the other tests cover every
#: command over HTTP as well).
IN_PROCESS_ONLY = pytest.mark.parametrize("sandbox", ["in-process"], indirect=True)


@pytest.fixture(scope="session")
def example_release() -> Release:
    """The repository's example lens, built and validated: version 1.0."""
    return build_release(REPO / "lens_src" / "example", {"team": "platform"})


def revised(release: Release, version: str, change: str) -> Release:
    """The release with a ``minor`` change (a retitled question) or a ``major`` one (a removed question)."""
    doc = copy.deepcopy(release.doc)
    questions = doc["pillars"][0]["questions"]
    if change == "minor":
        questions[0]["title"] = questions[0]["title"].rstrip("?") + " today?"
    else:
        questions.pop()
    return replace(release, doc=doc, declared_version=version)


@pytest.fixture
def project(sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository copy with the example lens and a walens.yaml aimed at the sandbox; fake keys only."""
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_CONFIG_FILE": str(tmp_path / "none"),
                        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_path / "none")}.items():
        monkeypatch.setenv(name, value)
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_DEFAULT_REGION", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    shutil.copytree(REPO / "lens_src" / "example", tmp_path / "lens")
    endpoint = f"    endpointUrl: {sandbox.endpoint}\n" if sandbox.endpoint else ""
    (tmp_path / "walens.yaml").write_text(
        "lens: lens\ntags: {team: platform}\n"
        f"shares: {{accounts: ['{RECIPIENT}']}}\n"
        f"targets:\n  - name: sandbox\n    regions: [us-east-1, eu-west-1]\n{endpoint}", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def walens(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0
