"""The sandbox server keeps HTTP/1.1 connections open between requests, as AWS endpoints do."""

from __future__ import annotations

import http.client
import json
import logging
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from publisher.sandbox.framing import MAX_REQUEST_BYTES
from publisher.sandbox.harness import Sandbox
from publisher.sandbox.keepalive import KeepAliveRun
from publisher.sandbox.server import local_sandbox
from tests.sandbox.test_control_hardening import SIGNED

pytestmark = pytest.mark.http


@pytest.fixture
def connection(sandbox_http: Sandbox) -> Iterator[http.client.HTTPConnection]:
    parts = urlsplit(str(sandbox_http.endpoint))
    connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
    yield connection
    connection.close()


def call(connection: http.client.HTTPConnection, method: str, path: str, body: bytes = b"",
         **headers: str) -> tuple[http.client.HTTPResponse, bytes]:
    connection.request(method, path, body=body, headers={"Authorization": SIGNED, **headers})
    response = connection.getresponse()
    return response, response.read()


def socket_of(connection: http.client.HTTPConnection) -> object:
    assert connection.sock is not None, "the server closed the connection"
    return connection.sock


def test_one_connection_serves_many_api_calls(connection: http.client.HTTPConnection) -> None:
    call(connection, "GET", "/lenses")
    kept = socket_of(connection)
    for _ in range(5):
        response, body = call(connection, "GET", "/lenses")
        assert response.status == 200 and "LensSummaries" in json.loads(body)
        assert response.getheader("Content-Length") == str(len(body))
        assert response.getheader("Connection") is None
        assert socket_of(connection) is kept


def test_a_body_the_application_never_reads_does_not_leak_into_the_next_request(
        connection: http.client.HTTPConnection) -> None:
    response, _ = call(connection, "GET", "/_walens/calls", body=b'{"not": "read"}' * 1000)  # no token: 403
    assert response.status == 403
    response, body = call(connection, "GET", "/lenses")
    assert response.status == 200 and "LensSummaries" in json.loads(body)


def test_a_chunked_request_body_is_read_whole(connection: http.client.HTTPConnection) -> None:
    connection.putrequest("PUT", "/importLens")
    for name, value in (("Authorization", SIGNED), ("Content-Type", "application/json"),
                        ("Transfer-Encoding", "chunked")):
        connection.putheader(name, value)
    connection.endheaders()
    for chunk in (b'{"JSONStr', b'ing": "{}", "ClientRequestToken": "t"}'):
        connection.send(b"%x\r\n%s\r\n" % (len(chunk), chunk))
    connection.send(b"0\r\n\r\n")
    response = connection.getresponse()
    answer = json.loads(response.read())
    assert response.status == 400 and answer["Message"]  # the lens JSON "{}" is invalid: the body was parsed
    response, body = call(connection, "GET", "/lenses")
    assert response.status == 200 and "LensSummaries" in json.loads(body)


def test_connection_close_is_honoured(connection: http.client.HTTPConnection) -> None:
    response, _ = call(connection, "GET", "/lenses", Connection="close")
    assert response.status == 200 and response.getheader("Connection") == "close"


def test_an_unreadable_content_length_is_answered_then_the_connection_closed(
        connection: http.client.HTTPConnection) -> None:
    connection.putrequest("PUT", "/importLens")
    for name, value in (("Authorization", SIGNED), ("Content-Length", "abc")):
        connection.putheader(name, value)
    connection.endheaders(b"{}")
    response = connection.getresponse()
    assert response.status == 400 and json.loads(response.read())
    assert response.getheader("Connection") == "close"


def test_a_body_beyond_the_limit_is_refused_unread_and_the_connection_closed(
        connection: http.client.HTTPConnection) -> None:
    connection.putrequest("PUT", "/importLens")
    for name, value in (("Authorization", SIGNED), ("Content-Length", str(MAX_REQUEST_BYTES + 1))):
        connection.putheader(name, value)
    connection.endheaders()  # the body is never sent: the server must not wait for it
    response = connection.getresponse()
    assert response.status == 413 and json.loads(response.read())["message"]
    assert response.getheader("Connection") == "close"


def test_a_malformed_chunk_is_answered_then_the_connection_closed(connection: http.client.HTTPConnection) -> None:
    connection.putrequest("PUT", "/importLens")
    for name, value in (("Authorization", SIGNED), ("Transfer-Encoding", "chunked")):
        connection.putheader(name, value)
    connection.endheaders()
    connection.send(b"not-hex\r\n{}\r\n0\r\n\r\n")
    response = connection.getresponse()
    assert response.status == 400 and json.loads(response.read())
    assert response.getheader("Connection") == "close"


def test_an_idle_connection_is_let_go_quietly(monkeypatch: pytest.MonkeyPatch,
                                             caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(KeepAliveRun, "timeout", 0.2)
    with local_sandbox() as endpoint, caplog.at_level(logging.INFO, logger="werkzeug"):
        parts = urlsplit(endpoint)
        connection = http.client.HTTPConnection(parts.hostname or "", parts.port, timeout=10)
        response, _ = call(connection, "GET", "/lenses")
        assert response.status == 200
        sock = socket_of(connection)
        assert isinstance(sock, socket.socket)
        assert sock.recv(1) == b""  # blocks until the server closes the idle connection
        connection.close()
    assert [record.getMessage() for record in caplog.records if "timed out" in record.getMessage()] == []
