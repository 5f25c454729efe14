"""Issue 19: one request must not kill ``walens sandbox``, leave a body on a kept connection, or run an
operation on a body the server could not read.  Raw requests against a ``walens sandbox`` process."""

from __future__ import annotations

import json
import re
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass

import boto3
import pytest

from publisher.sandbox.framing import MAX_REQUEST_BYTES
from publisher.sandbox.http_control import TOKEN_HEADER

from .lens_samples import lens_json
from .test_registration_and_server import WALENS, read_exports
from .wire import connect, exchange, head, read_answer

pytestmark = pytest.mark.http


@dataclass
class Running:
    endpoint: str
    token: str
    client: object
    process: subprocess.Popen[str]

    def fresh_lens(self) -> str:
        """Reset the sandbox, import one lens and return its ARN."""
        reset = exchange(self.endpoint, head(self.endpoint, "POST", "/_walens/reset", "Content-Type: application/json",
                                             "Content-Length: 0", f"{TOKEN_HEADER}: {self.token}"))
        assert reset.status == 200
        return str(self.client.import_lens(JSONString=lens_json())["LensArn"])  # type: ignore[attr-defined]

    def lenses(self) -> list[str]:
        summaries = self.client.list_lenses(LensType="CUSTOM_SELF")["LensSummaries"]  # type: ignore[attr-defined]
        return [lens["LensArn"] for lens in summaries]

    def assert_alive(self) -> None:
        assert self.process.poll() is None, f"walens sandbox died (exit {self.process.returncode})"
        answer = exchange(self.endpoint, head(self.endpoint, "GET", "/lenses"))
        assert answer.status == 200 and "LensSummaries" in json.loads(answer.body)


@pytest.fixture(scope="module")
def running() -> Iterator[Running]:
    process = subprocess.Popen([str(WALENS), "sandbox", "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout is not None
        endpoint = re.search(r"http://127\.0\.0\.1:\d+", process.stdout.readline())
        assert endpoint
        exports = read_exports(process.stdout)
        client = boto3.client("wellarchitected", endpoint_url=endpoint.group(0), region_name="us-east-1",
                              aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="secret")
        yield Running(endpoint.group(0), exports["WALENS_SANDBOX_CONTROL_TOKEN"], client, process)
    finally:
        process.send_signal(signal.SIGINT)
        process.communicate(timeout=30)


def put_lens(running: Running, *headers: str, body: bytes = b"") -> bytes:
    return head(running.endpoint, "PUT", "/importLens", "Content-Type: application/json", *headers) + body


def test_a_chunk_size_beyond_the_limit_is_413_and_the_server_lives(running: Running) -> None:
    answer = exchange(running.endpoint, put_lens(running, "Transfer-Encoding: chunked", body=b"ffffffff\r\n{}\r\n"))
    assert (answer.status, answer.closed) == (413, True)
    assert json.loads(answer.body)["message"]
    running.assert_alive()


@pytest.mark.parametrize("length", ["²", "-1", "+5", "1_0", "0x10", "5\x0b", "\xa05", "1 0", "1e3", ""])
def test_a_content_length_that_is_not_ascii_digits_is_400_and_closed(running: Running, length: str) -> None:
    request = put_lens(running, f"Content-Length: {length}", body=b"{}").replace(
        length.encode(), length.encode("latin-1"))
    answer = exchange(running.endpoint, request)
    assert (answer.status, answer.closed) == (400, True)
    assert "Content-Length" in json.loads(answer.body)["message"]
    running.assert_alive()


@pytest.mark.parametrize("headers", [
    ("Content-Length: 2", "Content-Length: 5"),
    ("Content-Length: 2", "Content-Length: 2"),
    ("Content-Length: 2, 2",),
    ("Transfer-Encoding: gzip, chunked",),
    ("Transfer-Encoding: chunked", "Transfer-Encoding: chunked"),
    ("Transfer-Encoding: identity",),
    ("Transfer-Encoding: chunked", "Content-Length: 2"),
])
def test_ambiguous_framing_is_400_and_closed_never_a_body_left_on_the_socket(running: Running,
                                                                             headers: tuple[str, ...]) -> None:
    smuggled = head(running.endpoint, "DELETE", "/lenses/smuggled?ClientRequestToken=t&LensStatus=ALL")
    with connect(running.endpoint) as connection:
        connection.sendall(put_lens(running, *headers, body=b"2\r\n{}\r\n0\r\n\r\n" + smuggled))
        answer = read_answer(connection)
    assert (answer.status, answer.closed) == (400, True)
    assert re.search("Content-Length|Transfer-Encoding|transfer coding", json.loads(answer.body)["message"])
    running.assert_alive()


def test_a_malformed_chunk_runs_nothing(running: Running) -> None:
    arn = running.fresh_lens()
    path = f"/lenses/{arn.replace('/', '%2F')}?ClientRequestToken=t1&LensStatus=DRAFT"
    answer = exchange(running.endpoint, head(running.endpoint, "DELETE", path, "Transfer-Encoding: chunked")
                      + b"not-hex\r\n{}\r\n0\r\n\r\n")
    assert (answer.status, answer.closed) == (400, True)
    assert running.lenses() == [arn]


@pytest.mark.parametrize("body", [b"2\r\n{}0\r\n\r\n", b"2\r\n{}\r\n0\r\n", b"2\n{}\r\n0\r\n\r\n",
                                  b"2\r\n{}\r\n0\r\n" + b"X: y\r\n" * 100 + b"\r\n"])
def test_other_malformed_chunked_bodies_are_400(running: Running, body: bytes) -> None:
    with connect(running.endpoint) as connection:
        connection.sendall(put_lens(running, "Transfer-Encoding: chunked", body=body))
        connection.shutdown(1)  # a body cut short ends here
        answer = read_answer(connection)
    assert (answer.status, answer.closed) == (400, True)
    assert "chunk" in json.loads(answer.body)["message"]  # the framing refused it: no operation ran


def test_a_chunk_extension_and_trailers_are_accepted(running: Running) -> None:
    body = b'{"JSONString": "{}", "ClientRequestToken": "t"}'
    chunked = b"%x;name=value\r\n%s\r\n0\r\nTrailer: yes\r\n\r\n" % (len(body), body)
    answer = exchange(running.endpoint, put_lens(running, "Transfer-Encoding: chunked", body=chunked))
    assert (answer.status, answer.closed) == (400, False)  # the empty lens "{}" is refused: the body was read
    assert answer.headers["x-amzn-errortype"] == "ValidationException"


def test_expect_continue_with_a_body_beyond_the_limit_is_one_413(running: Running) -> None:
    answer = exchange(running.endpoint, put_lens(running, f"Content-Length: {MAX_REQUEST_BYTES + 1}",
                                                 "Expect: 100-continue"))
    assert answer.statuses == [413] and answer.closed


def test_expect_continue_with_an_acceptable_body_continues(running: Running) -> None:
    body = b'{"JSONString": "{}", "ClientRequestToken": "t"}'
    with connect(running.endpoint) as connection:
        connection.sendall(put_lens(running, f"Content-Length: {len(body)}", "Expect: 100-continue"))
        assert connection.recv(25).startswith(b"HTTP/1.1 100 Continue\r\n")
        connection.sendall(body)
        answer = read_answer(connection)
    assert answer.statuses == [400]  # after the interim answer, which recv() above consumed


@pytest.mark.parametrize(("path", "status"), [
    ("/moto-api/reset", 200), ("/./moto-api/reset", 404), ("//moto-api/reset", 200),  # http.server reads //a as /a
    ("/%6doto-api/reset", 404), ("/x/../moto-api/reset", 404), ("/moto-api/./reset", 404),
    ("/%2Fmoto-api/reset", 404), ("/moto-api/reset/", 200), ("/moto-api", None), ("/moto-api/data.json", None),
])
def test_moto_api_needs_the_control_token_whatever_the_path_spelling(running: Running, path: str,
                                                                     status: int | None) -> None:
    arn = running.fresh_lens()
    request = ["POST", path, "Content-Type: application/json", "Content-Length: 0"]
    refused = exchange(running.endpoint, head(running.endpoint, *request, signed=False))
    assert (refused.status, refused.headers["content-type"]) == (403, "application/json")
    assert running.lenses() == [arn]
    with_token = exchange(running.endpoint, head(running.endpoint, *request, f"{TOKEN_HEADER}: {running.token}",
                                                 signed=False))
    assert with_token.status < 500 and with_token.status == (status or with_token.status)
    assert running.lenses() == ([] if status == 200 else [arn])


def test_a_request_the_emulation_fails_on_is_an_aws_shaped_500_and_the_server_lives(running: Running) -> None:
    """An unsigned POST to / reaches moto's S3, which fails on it: the answer is the JSON error an SDK
    parses (``InternalFailure``), not a plain-text page, and the connection is closed."""
    answer = exchange(running.endpoint, head(running.endpoint, "POST", "/", "Content-Length: 1", signed=False) + b"x")
    assert (answer.status, answer.closed, answer.headers["x-amzn-errortype"]) == (500, True, "InternalFailure")
    assert json.loads(answer.body)["__type"] == "InternalFailure"
    running.assert_alive()
