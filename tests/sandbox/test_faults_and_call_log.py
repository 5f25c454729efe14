"""The call log and fault injection, steered in process and over HTTP through the same interface."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.config import Config

from publisher.sandbox import control as control_module
from publisher.sandbox.harness import DEFAULT_ACCOUNT, Sandbox
from publisher.sandbox.http_control import TOKEN_HEADER
from publisher.sandbox.server import control_token_for

from .lens_samples import lens_json

NO_RETRIES = Config(retries={"total_max_attempts": 1, "mode": "standard"})
RECIPIENT = "111122223333"


def test_call_log_records_account_region_operation_and_access(sandbox: Sandbox) -> None:
    client = sandbox.client()
    arn = client.import_lens(JSONString=lens_json())["LensArn"]
    client.list_lenses()
    sandbox.client(region="eu-west-1").list_lenses()
    sandbox.client(account=RECIPIENT).list_lenses()
    with pytest.raises(client.exceptions.ResourceNotFoundException):
        client.get_lens(LensAlias=arn.replace(arn[-32:], "0" * 32))
    calls = [(call.account, call.region, call.operation, call.access, call.status)
             for call in sandbox.steering.calls()]
    assert calls == [
        (DEFAULT_ACCOUNT, "us-east-1", "ImportLens", "write", 200),
        (DEFAULT_ACCOUNT, "us-east-1", "ListLenses", "read", 200),
        (DEFAULT_ACCOUNT, "eu-west-1", "ListLenses", "read", 200),
        (RECIPIENT, "us-east-1", "ListLenses", "read", 200),
        (DEFAULT_ACCOUNT, "us-east-1", "GetLens", "read", 404),
    ]
    assert {call.iam_action for call in sandbox.steering.calls()} == {
        "wellarchitected:ImportLens", "wellarchitected:ListLenses", "wellarchitected:GetLens"}
    sandbox.steering.reset_calls()
    assert sandbox.steering.calls() == []


def test_nth_call_throttles_once(sandbox: Sandbox) -> None:
    client = sandbox.client(config=NO_RETRIES)
    sandbox.steering.inject_fault("ListLenses", "throttle", nth=2)
    client.list_lenses()
    with pytest.raises(client.exceptions.ThrottlingException) as throttled:
        client.list_lenses()
    assert throttled.value.response["ResponseMetadata"]["HTTPStatusCode"] == 429
    client.list_lenses()
    client.import_lens(JSONString=lens_json())
    assert [(call.operation, call.fault) for call in sandbox.steering.calls()] == [
        ("ListLenses", None), ("ListLenses", "throttle"), ("ListLenses", None), ("ImportLens", None)]


def test_every_call_fails_with_internal_error_until_cleared(sandbox: Sandbox) -> None:
    client = sandbox.client(config=NO_RETRIES)
    sandbox.steering.inject_fault("*", "error")
    for _ in range(2):
        with pytest.raises(client.exceptions.InternalServerException) as failed:
            client.list_lenses()
        assert failed.value.response["ResponseMetadata"]["HTTPStatusCode"] == 500
    sandbox.steering.clear_faults()
    assert client.list_lenses()["LensSummaries"] == []


def test_sdk_retries_recover_from_a_throttled_call(sandbox: Sandbox) -> None:
    client = sandbox.client(config=Config(retries={"total_max_attempts": 3, "mode": "standard"}))
    sandbox.steering.inject_fault("ImportLens", "throttle", nth=1)
    response = client.import_lens(JSONString=lens_json())
    assert response["ResponseMetadata"]["RetryAttempts"] == 1
    assert [call.status for call in sandbox.steering.calls()] == [429, 200]


def test_delay_fault_and_global_latency_sleep_then_serve(monkeypatch: pytest.MonkeyPatch) -> None:
    slept: list[float] = []
    monkeypatch.setattr(control_module.time, "sleep", slept.append)
    controls = control_module.Controls()
    controls.add_fault(control_module.Fault("ListLenses", "delay", nth=2, delay_ms=250))
    controls.set_latency(50)
    outcomes = [controls.before_call(operation) for operation in ("ListLenses", "GetLens", "ListLenses")]
    assert outcomes == [None, None, None]
    assert slept == [0.05, 0.05, 0.3]


def test_delay_fault_counts_matching_calls_over_http(sandbox_http: Sandbox) -> None:
    client = sandbox_http.client()
    sandbox_http.steering.inject_fault("ListLenses", "delay", nth=5, delay_ms=1)
    client.list_lenses()
    client.get_global_settings()
    status, faults = control(str(sandbox_http.endpoint), "GET", "faults")
    assert (status, [fault["seen"] for fault in faults["faults"]]) == (200, [1])


def test_bad_fault_definitions_are_refused_in_process(sandbox_inprocess: Sandbox) -> None:
    with pytest.raises(ValueError, match="unknown fault kind"):
        sandbox_inprocess.steering.inject_fault("ListLenses", "explode")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="delay_ms"):
        sandbox_inprocess.steering.inject_fault("ListLenses", "delay")
    with pytest.raises(ValueError, match="nth"):
        sandbox_inprocess.steering.inject_fault("ListLenses", "error", nth=0)


def control(endpoint: str, method: str, route: str, body: object = None) -> tuple[int, dict[str, object]]:
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"{endpoint}/_walens/{route}", data=data, method=method, headers={
        "Content-Type": "application/json", TOKEN_HEADER: str(control_token_for(endpoint))})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def test_http_control_endpoint_validates_requests(sandbox_http: Sandbox) -> None:
    endpoint = str(sandbox_http.endpoint)
    assert control(endpoint, "POST", "faults", {"operation": "GetLens", "kind": "explode"})[0] == 400
    assert control(endpoint, "POST", "faults", {"kind": "error"}) == (400, {"error": "missing operation"})
    assert control(endpoint, "PUT", "latency", {"ms": -1})[0] == 400
    assert control(endpoint, "POST", "faults", "not an object")[0] == 400
    assert control(endpoint, "GET", "nowhere")[0] == 404
    status, added = control(endpoint, "POST", "faults", {"operation": "GetLens", "kind": "throttle", "nth": 3})
    assert (status, added["nth"], added["seen"]) == (200, 3, 0)
    assert control(endpoint, "GET", "faults")[1] == {"faults": [added], "latency_ms": 0}


def test_parallel_calls_keep_the_lens_quota(sandbox_http: Sandbox) -> None:
    client = sandbox_http.client()
    sandbox_http.steering.set_latency(20)

    def attempt(index: int) -> str:
        try:
            client.import_lens(JSONString=lens_json(name=f"Parallel {index}"))
        except client.exceptions.ServiceQuotaExceededException:
            return "quota"
        return "created"

    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(pool.map(attempt, range(20)))
    assert (outcomes.count("created"), outcomes.count("quota")) == (15, 5)
    assert len(client.list_lenses()["LensSummaries"]) == 15
