"""Roles share one client per profile, endpoint, Region and service; each call signs as its own role."""

from __future__ import annotations

import re
import threading
from dataclasses import replace
from typing import Any

import pytest

from publisher.publish.release import Release
from publisher.publish.role_clients import NoRoleCredentials, RoleClient, refuse_to_sign, sign_as_caller
from publisher.publish.targets import Connector, offline_session
from publisher.sandbox import call_log, inject_fault
from tests.publish.conftest import Sandbox

ACCOUNTS = [f"5555555555{n:02d}" for n in range(8)]
REGIONS = ("us-east-1", "eu-west-1")
ACCESS_KEY = re.compile(r"Credential=([^/]+)/")


def test_the_targets_of_many_roles_share_one_client_per_region_and_land_in_their_own_accounts(
        sandbox: Sandbox, example_release: Release) -> None:
    created: list[str] = []

    def counting_session(profile: str | None) -> Any:
        session = offline_session(profile)
        session.events.register("creating-client-class.wellarchitected", lambda **_: created.append("wa"))
        return session

    sandbox = replace(sandbox, connector=Connector(counting_session, max_attempts=2, pool_size=16))
    targets = [sandbox.target(f"t{account}", region, account) for account in ACCOUNTS for region in REGIONS]

    results = sandbox.publish(example_release, targets)

    assert all(result.ok for result in results), [result.messages for result in results if not result.ok]
    assert len(created) == len(REGIONS)  # not one per target: 16 targets, 2 clients
    for account in ACCOUNTS:
        for region in REGIONS:
            lenses = sandbox.client(region=region, account=account).list_lenses(LensType="CUSTOM_SELF")
            assert [lens["LensArn"].split(":")[4] for lens in lenses["LensSummaries"]] == [account]
    served = {(call.account, call.region) for call in call_log() if call.operation == "ImportLens"}
    assert served == {(account, region) for account in ACCOUNTS for region in REGIONS}


def test_concurrent_calls_through_one_shared_client_each_sign_with_their_own_role(sandbox: Sandbox) -> None:
    connector = Connector(offline_session, max_attempts=2, pool_size=len(ACCOUNTS))
    clients = {account: connector.client(sandbox.target(account=account), "wellarchitected") for account in ACCOUNTS}
    signed: list[tuple[str, str]] = []  # (the calling thread, which is named after its account; the access key)
    lock = threading.Lock()

    def record(request: Any, **_: Any) -> None:
        authorization = request.headers["Authorization"]
        authorization = authorization.decode() if isinstance(authorization, bytes) else authorization
        with lock:
            signed.append((threading.current_thread().name, ACCESS_KEY.search(authorization)[1]))

    clients[ACCOUNTS[0]].meta.events.register("before-send.wellarchitected", record)  # (one client: all see it)

    def in_threads(calls: int, barrier: threading.Barrier | None) -> None:
        def run(account: str) -> None:
            if barrier is not None:
                barrier.wait()
            for _ in range(calls):
                clients[account].list_lenses()

        threads = [threading.Thread(target=run, args=(account,), name=account) for account in ACCOUNTS]
        for thread in threads:
            thread.start()
            if barrier is None:
                thread.join()  # one after the other: each role's own key, assumed before the race
        for thread in threads:
            thread.join()

    in_threads(1, None)
    own_key = dict(signed)
    in_threads(10, threading.Barrier(len(ACCOUNTS)))

    assert len(set(own_key.values())) == len(ACCOUNTS)  # eight roles, eight keys
    assert len(signed) == 11 * len(ACCOUNTS)
    assert [(account, key) for account, key in signed if key != own_key[account]] == []
    assert {call.account for call in call_log() if call.operation == "ListLenses"} == set(ACCOUNTS)


def test_a_shared_client_called_directly_refuses_to_sign() -> None:
    session = offline_session(None)
    refuse_to_sign(session)
    shared = sign_as_caller(session.client("wellarchitected", region_name="us-east-1",
                                           endpoint_url="http://127.0.0.1:9"))

    with pytest.raises(NoRoleCredentials):
        shared.list_lenses()


def test_a_role_client_offers_api_methods_only() -> None:
    shared = offline_session(None).client("wellarchitected", region_name="us-east-1")
    role = RoleClient(shared, credentials=None)

    assert role.exceptions is shared.exceptions and role.meta is shared.meta
    assert callable(role.list_lenses)
    for name in ("get_paginator", "get_waiter", "_make_api_call"):
        with pytest.raises(AttributeError, match="only the service's API methods"):
            getattr(role, name)


def test_a_throttled_call_is_retried_and_signed_as_the_same_role(sandbox: Sandbox,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from botocore.retries.standard import ExponentialBackoff

    monkeypatch.setitem(ExponentialBackoff._DEFAULT_BACKOFF_CONFIG, "throttling_base_scale", 0.01)
    connector = Connector(offline_session, max_attempts=2)
    first, second = (connector.client(sandbox.target(account=account), "wellarchitected") for account in ACCOUNTS[:2])
    first.list_lenses()
    second.list_lenses()
    calls = len(call_log())

    inject_fault("ListLenses", "throttle", nth=1)
    second.list_lenses()

    assert [(call.account, call.fault) for call in call_log()[calls:]] == [(ACCOUNTS[1], "throttle"),
                                                                          (ACCOUNTS[1], None)]


def test_a_copied_role_client_keeps_its_role() -> None:
    import copy

    shared = offline_session(None).client("wellarchitected", region_name="us-east-1")
    role = RoleClient(shared, credentials="role-credentials")

    assert copy.copy(role)._credentials == "role-credentials"
