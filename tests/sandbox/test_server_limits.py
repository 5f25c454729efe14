"""Issue 19: bounded resources.  Connections beyond the cap get no thread, a request has a whole-request
deadline however slowly it trickles in, and a large body is not kept after its request."""

from __future__ import annotations

import contextlib
import gc
import socket
import threading
import time
import tracemalloc
from collections.abc import Iterator

import pytest

from publisher.sandbox.server import SandboxServer

from .wire import connect, exchange, head, read_answer

pytestmark = pytest.mark.http
CAP = 3


@pytest.fixture
def small_server() -> Iterator[str]:
    server = SandboxServer(max_connections=CAP, request_seconds=0.5)
    server.start()
    try:
        yield server.endpoint
    finally:
        server.stop()


def held_mid_request(endpoint: str) -> socket.socket:
    """A connection whose request is being read: the server has answered its ``Expect: 100-continue``
    and waits for a body that never comes."""
    connection = connect(endpoint)
    connection.sendall(head(endpoint, "PUT", "/importLens", "Content-Length: 10", "Expect: 100-continue"))
    assert connection.recv(25).startswith(b"HTTP/1.1 100 Continue")
    return connection


def started_threads(before: set[int]) -> set[int]:
    """The live threads that are not in ``before`` (thread ids): threads of earlier tests that end
    meanwhile do not count, as they would in ``threading.active_count()``."""
    return {thread.ident for thread in threading.enumerate() if thread.ident is not None} - before


def closed_by_server(connection: socket.socket) -> bool:
    try:
        return connection.recv(1 << 16) == b""
    except ConnectionError:
        return True


def test_connections_beyond_the_cap_are_503_without_a_thread() -> None:
    server = SandboxServer(max_connections=CAP, request_seconds=60)  # held requests outlive the test
    server.start()
    endpoint = server.endpoint
    try:
        before = started_threads(set())
        held = [held_mid_request(endpoint) for _ in range(CAP)]
        assert len(started_threads(before)) == CAP
        for _ in range(30):
            answer = exchange(endpoint, head(endpoint, "GET", "/lenses"))
            assert (answer.status, answer.closed, answer.headers["retry-after"]) == (503, True, "1")
        assert len(started_threads(before)) == CAP
        held.pop().close()
        statuses = []
        for _ in range(100):  # the slot comes back once the server sees the close
            statuses.append(exchange(endpoint, head(endpoint, "GET", "/lenses")).status)
            if statuses[-1] == 200:
                break
            time.sleep(0.05)
        assert statuses[-1] == 200 and set(statuses) <= {503, 200}
        for connection in held:
            connection.close()
    finally:
        server.stop()


def test_idle_kept_connections_make_room_for_new_ones(small_server: str) -> None:
    kept = []
    for _ in range(CAP):
        connection = connect(small_server)
        connection.sendall(head(small_server, "GET", "/lenses"))
        assert read_answer_kept(connection) == 200
        kept.append(connection)
    answer = exchange(small_server, head(small_server, "GET", "/lenses"))
    assert answer.status == 200
    kept[0].settimeout(10)
    assert closed_by_server(kept[0])  # the longest idle one was let go
    for connection in kept:
        connection.close()


def read_answer_kept(connection: socket.socket) -> int:
    """The status of one answer on a connection that stays open."""
    answer = read_answer(connection)
    assert not answer.closed
    connection.settimeout(10)
    return answer.status


@pytest.mark.parametrize("opening", [
    b"GET /lenses HTTP/1.1\r\nX-Slow: ",  # trickling headers
    b"PUT /importLens HTTP/1.1\r\nContent-Length: 1000\r\n\r\n",  # trickling body
])
def test_a_slowloris_is_cut_off_at_the_request_deadline(small_server: str, opening: bytes) -> None:
    with connect(small_server) as connection:
        connection.sendall(opening)
        cut_off = False
        for _ in range(200):  # one byte every 50 ms for 10 s, far beyond the 0.5 s deadline
            time.sleep(0.05)
            try:
                connection.sendall(b"x")
            except ConnectionError:
                cut_off = True
                break
            connection.setblocking(False)
            with contextlib.suppress(BlockingIOError):  # nothing to read yet
                cut_off = closed_by_server(connection) or cut_off
            connection.setblocking(True)
            if cut_off:
                break
    assert cut_off


def test_a_large_body_is_not_kept_after_its_request(small_server: str) -> None:
    body = b'{"JSONString": "' + b"x" * (16 << 20) + b'", "ClientRequestToken": "t"}'
    with connect(small_server) as connection:
        connection.sendall(head(small_server, "GET", "/lenses"))
        assert read_answer_kept(connection) == 200
        gc.collect()
        tracemalloc.start()
        try:
            before = tracemalloc.get_traced_memory()[0]
            connection.sendall(head(small_server, "PUT", "/importLens", f"Content-Length: {len(body)}") + body)
            assert read_answer_kept(connection) == 400  # too large for a lens; the connection stays open
            gc.collect()
            kept = tracemalloc.get_traced_memory()[0] - before
        finally:
            tracemalloc.stop()
    assert kept < len(body) // 4
