"""Registration with moto, the HTTP server, moto's reset endpoint and the ``walens sandbox`` command."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import IO

import boto3
import pytest
from moto import backend_index, backends, mock_aws

from publisher.sandbox.harness import FAKE_CREDENTIALS, Sandbox
from publisher.sandbox.http_control import TOKEN_HEADER
from publisher.sandbox.models import wellarchitected_backends
from publisher.sandbox.registration import SERVICE, register
from publisher.sandbox.server import control_token_for, local_sandbox
from publisher.sandbox.urls import url_bases

from .lens_samples import lens_json

WALENS = Path(sys.executable).with_name("walens")


def test_registration_is_idempotent_and_visible_to_moto() -> None:
    register()
    register()
    assert [service for service, *_ in backend_index.backend_url_patterns].count(SERVICE) == len(url_bases)
    assert backends.get_backend(SERVICE) is wellarchitected_backends


def test_plain_boto3_under_mock_aws() -> None:
    with mock_aws():
        client = boto3.client("wellarchitected", region_name="ap-southeast-2", **FAKE_CREDENTIALS)
        arn = client.import_lens(JSONString=lens_json())["LensArn"]
        assert arn.startswith("arn:aws:wellarchitected:ap-southeast-2:")


def test_moto_reset_endpoint_clears_wellarchitected_state(sandbox_http: Sandbox) -> None:
    client = sandbox_http.client()
    client.import_lens(JSONString=lens_json())
    request = urllib.request.Request(f"{sandbox_http.endpoint}/moto-api/reset", method="POST", headers={
        TOKEN_HEADER: str(control_token_for(str(sandbox_http.endpoint))), "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
    assert client.list_lenses()["LensSummaries"] == []


def test_local_sandbox_refuses_a_port_in_use() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        with pytest.raises(OSError), local_sandbox(port=busy.getsockname()[1]):
            pass


@pytest.mark.http
def test_walens_sandbox_serves_until_interrupted() -> None:
    process = subprocess.Popen([str(WALENS), "sandbox", "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        first = process.stdout.readline()
        endpoint = re.search(r"http://127\.0\.0\.1:\d+", first)
        assert endpoint, first
        exports = read_exports(process.stdout)
        assert exports["AWS_ENDPOINT_URL_WELLARCHITECTED"] == endpoint.group(0)
        client = boto3.client("wellarchitected", endpoint_url=exports["AWS_ENDPOINT_URL_WELLARCHITECTED"],
                              region_name=exports["AWS_DEFAULT_REGION"],
                              aws_access_key_id=exports["AWS_ACCESS_KEY_ID"],
                              aws_secret_access_key=exports["AWS_SECRET_ACCESS_KEY"])
        assert client.list_lenses()["LensSummaries"] == []
        calls = urllib.request.Request(f"{endpoint.group(0)}/_walens/calls", headers={
            "X-Walens-Control-Token": exports["WALENS_SANDBOX_CONTROL_TOKEN"]})
        with urllib.request.urlopen(calls, timeout=10) as response:
            assert [call["operation"] for call in json.loads(response.read())["calls"]] == ["ListLenses"]
    finally:
        process.send_signal(signal.SIGINT)
        _, errors = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "Traceback" not in errors


def read_exports(stream: IO[str]) -> dict[str, str]:
    """The ``export NAME=value`` lines the command prints, up to the control endpoint line."""
    exports: dict[str, str] = {}
    for line in iter(stream.readline, ""):
        if line.startswith("Control endpoint"):
            break
        if line.strip().startswith("export "):
            name, value = line.strip().removeprefix("export ").split("=", 1)
            exports[name] = value
    return exports


def test_walens_sandbox_reports_a_busy_port_in_one_line() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        done = subprocess.run([str(WALENS), "sandbox", "--port", str(busy.getsockname()[1])],
                              capture_output=True, text=True, timeout=60, check=False,
                              env={**os.environ, "WALENS_DEBUG": ""})
    assert done.returncode == 2
    assert done.stderr.startswith("walens: error: cannot listen on 127.0.0.1:")
    assert len(done.stderr.strip().splitlines()) == 1


def test_emulation_is_independent_of_the_validator() -> None:
    """The service side must not share code with what it is used to test."""
    probe = ("import sys, publisher.sandbox.server, publisher.sandbox.responses; "
             "print(sorted(m for m in sys.modules if m.startswith('publisher.') "
             "and not m.startswith('publisher.sandbox')))")
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == "[]"
