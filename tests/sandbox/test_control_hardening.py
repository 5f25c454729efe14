"""The HTTP server refuses what a browser or a broken client could send: foreign Host or Origin,
no control token, non-JSON control bodies, malformed Content-Length, non-finite numbers."""

from __future__ import annotations

import http.client
import json
from urllib.parse import urlsplit

import pytest

from publisher.sandbox.harness import Sandbox
from publisher.sandbox.http_control import TOKEN_HEADER
from publisher.sandbox.server import control_token_for

pytestmark = pytest.mark.http
SIGNED = ("AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20260101/us-east-1/wellarchitected/aws4_request, "
          "SignedHeaders=host, Signature=x")


def send(endpoint: str, method: str, path: str, body: bytes = b"", **headers: str) -> tuple[int, dict[str, str],
                                                                                            bytes]:
    """One raw HTTP request; ``headers`` replace the defaults (token, JSON type, length)."""
    parts = urlsplit(endpoint)
    connection = http.client.HTTPConnection(str(parts.hostname), parts.port, timeout=10)
    defaults = {"Host": str(parts.netloc), TOKEN_HEADER: str(control_token_for(endpoint)),
                "Content-Type": "application/json", "Content-Length": str(len(body))}
    connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
    for name, value in {**defaults, **{key.replace("_", "-"): value for key, value in headers.items()}}.items():
        if value:
            connection.putheader(name, value)
    connection.endheaders(body)
    response = connection.getresponse()
    answer = response.status, {key.lower(): value for key, value in response.getheaders()}, response.read()
    connection.close()
    return answer


def test_a_foreign_origin_cannot_reset_the_sandbox(sandbox_http: Sandbox) -> None:
    endpoint = str(sandbox_http.endpoint)
    client = sandbox_http.client()
    client.update_global_settings(OrganizationSharingStatus="ENABLED")
    for headers in ({"Origin": "http://evil.example"}, {"Content-Type": "text/plain"}, {TOKEN_HEADER: "guess"},
                    {TOKEN_HEADER: ""}, {"Host": "evil.example"}):
        status, answer_headers, body = send(endpoint, "POST", "/_walens/reset", b"{}", **headers)
        assert (status, answer_headers["content-type"]) in ((403, "application/json"), (400, "application/json"))
        assert "error" in json.loads(body)
    assert send(endpoint, "POST", "/moto-api/reset", Origin="http://evil.example")[0] == 403
    assert client.get_global_settings()["OrganizationSharingStatus"] == "ENABLED"
    assert send(endpoint, "POST", "/_walens/reset", b"{}", Origin=endpoint)[0] == 200
    assert client.get_global_settings()["OrganizationSharingStatus"] == "DISABLED"


@pytest.mark.parametrize(("route", "body"), [
    ("latency", b'{"ms": 1e999}'), ("latency", b'{"ms": NaN}'), ("clock", b'{"advance_seconds": 1e300}'),
    ("clock", b"{garbage"), ("clock", b"[1,2,3]"), ("latency", b'{"ms": "50"}'),
])
def test_bad_control_bodies_are_json_400(sandbox_http: Sandbox, route: str, body: bytes) -> None:
    status, headers, answer = send(str(sandbox_http.endpoint), "POST" if route == "clock" else "PUT",
                                   f"/_walens/{route}", body)
    assert (status, headers["content-type"]) == (400, "application/json")
    assert json.loads(answer)["error"]


def test_a_bad_content_length_is_a_json_400(sandbox_http: Sandbox) -> None:
    status, headers, body = send(str(sandbox_http.endpoint), "PUT", "/_walens/latency", b'{"ms": 1}',
                                 Content_Length="abc")
    assert (status, headers["content-type"]) == (400, "application/json")
    status, headers, body = send(str(sandbox_http.endpoint), "PUT", "/importLens", b"{}", Content_Length="abc",
                                 Authorization=SIGNED)
    assert status == 400 and headers["content-type"].startswith("application/")
    assert json.loads(body)


@pytest.mark.parametrize("body", [b"{garbage", b"[1,2,3]", b'{"JSONString": 1e999}', b"[" * 100_000,
                                  json.dumps({"JSONString": "[" * 100_000, "ClientRequestToken": "t"}).encode(),
                                  json.dumps({"JSONString": '{"a":' * 100_000, "ClientRequestToken": "t"}).encode()])
def test_malformed_api_bodies_are_json_400_never_html(sandbox_http: Sandbox, body: bytes) -> None:
    status, headers, answer = send(str(sandbox_http.endpoint), "PUT", "/importLens", body, Authorization=SIGNED)
    assert (status, headers["x-amzn-errortype"]) == (400, "ValidationException")
    assert "access-control-allow-origin" not in headers
    assert json.loads(answer)["Message"]


def test_api_answers_carry_no_cors_headers(sandbox_http: Sandbox) -> None:
    status, headers, _ = send(str(sandbox_http.endpoint), "GET", "/lenses", Authorization=SIGNED,
                              Origin="http://evil.example")
    assert status == 200
    assert not [name for name in headers if name.startswith("access-control-")]
    status, headers, _ = send(str(sandbox_http.endpoint), "OPTIONS", "/lenses", Origin="http://evil.example",
                              Access_Control_Request_Method="DELETE")
    assert not [name for name in headers if name.startswith("access-control-")]
