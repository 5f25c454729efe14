"""Assumed-role credentials: renewed before they expire, and assumed for many targets in parallel."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from publisher.publish.release import Release
from publisher.publish.targets import Connector, offline_session
from publisher.sandbox import call_log
from tests.publish.conftest import RECIPIENT, Sandbox


@dataclass
class AssumeRoleProbe:
    """A session factory whose sessions report their STS AssumeRole calls: how many started, and
    the most in flight at once. With ``hold`` set, each call waits (up to ``timeout`` seconds)
    until ``hold`` calls are in flight; serialized calls wait out the timeout once, then stop holding."""

    hold: int = 0
    timeout: float = 20
    calls: int = 0
    most_in_flight: int = 0
    _in_flight: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _all_in: threading.Condition = field(init=False)

    def __post_init__(self) -> None:
        self._all_in = threading.Condition(self._lock)

    def session(self, profile: str | None) -> Any:
        session = offline_session(profile)
        session.events.register("before-call.sts.AssumeRole", self._started)
        for outcome in ("after-call", "after-call-error"):
            session.events.register(f"{outcome}.sts.AssumeRole", self._ended)
        return session

    def _started(self, **_: Any) -> None:
        with self._all_in:
            self.calls += 1
            self._in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self._in_flight)
            self._all_in.notify_all()
            if not self._all_in.wait_for(lambda: self.most_in_flight >= self.hold, timeout=self.timeout):
                self.hold = 0

    def _ended(self, **_: Any) -> None:
        with self._lock:
            self._in_flight -= 1


class Clock:
    """The time botocore's credentials and moto's STS see, moved forward by the test."""

    def __init__(self) -> None:
        self.offset = timedelta()

    def __call__(self) -> datetime:
        return datetime.now(timezone.utc) + self.offset

    def naive_utc(self) -> datetime:
        return self().replace(tzinfo=None)


def test_role_credentials_are_renewed_when_they_near_expiry(sandbox: Sandbox,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    clock, probe = Clock(), AssumeRoleProbe()
    monkeypatch.setattr("moto.sts.models.utcnow", clock.naive_utc)  # moto's STS issues 1-hour credentials
    connector = Connector(probe.session, max_attempts=2, clock=clock)
    wa = connector.client(sandbox.target(account=RECIPIENT), "wellarchitected")  # held for the whole run

    wa.list_lenses()
    wa.list_lenses()
    clock.offset = timedelta(minutes=40)  # 20 minutes left: still good
    wa.list_lenses()
    assert probe.calls == 1

    clock.offset = timedelta(minutes=61)  # expired: the next call assumes the role again first
    wa.list_lenses()
    wa.list_lenses()
    assert probe.calls == 2
    assert [call.account for call in call_log()] == [RECIPIENT] * 5

    clock.offset = timedelta(minutes=61 + 48)  # 12 minutes left of the renewed ones: renewed ahead
    wa.list_lenses()
    assert probe.calls == 3


def test_roles_of_many_targets_are_assumed_in_parallel_once_per_role(sandbox: Sandbox,
                                                                     example_release: Release) -> None:
    accounts = [f"4444444444{n:02d}" for n in range(6)]
    probe = AssumeRoleProbe(hold=len(accounts))
    sandbox = replace(sandbox, connector=Connector(probe.session, max_attempts=2))
    targets = [sandbox.target(f"t{n}", region, account)
               for n, account in enumerate(accounts) for region in ("us-east-1", "eu-west-1")]

    results = sandbox.plan(example_release, targets)

    assert all(result.ok and result.action.startswith("create") for result in results)
    assert probe.calls == len(accounts)  # one AssumeRole per role, shared by its two Regions
    assert probe.most_in_flight == len(accounts)  # all of them at once: nothing serializes them
