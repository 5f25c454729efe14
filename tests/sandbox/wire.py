"""Raw HTTP/1.1 over a socket, for requests no HTTP client library would send."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from .test_control_hardening import SIGNED


@dataclass(frozen=True)
class Answer:
    """What the server sent back, and whether it closed the connection afterwards."""

    status: int
    headers: dict[str, str]
    body: bytes
    closed: bool
    statuses: list[int]  # every status line received, interim ones (100 Continue) included


def connect(endpoint: str, timeout: float = 10) -> socket.socket:
    parts = urlsplit(endpoint)
    return socket.create_connection((parts.hostname, parts.port), timeout=timeout)


def head(endpoint: str, method: str, path: str, *headers: str, signed: bool = True) -> bytes:
    """A request line and header block (``headers`` as ``Name: value``), ended by the empty line."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {urlsplit(endpoint).netloc}",
             *([f"Authorization: {SIGNED}"] if signed else []), *headers]
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def exchange(endpoint: str, data: bytes) -> Answer:
    """Send ``data`` on a new connection and read one answer (and whether the server then closes)."""
    with connect(endpoint) as connection:
        connection.sendall(data)
        return read_answer(connection)


def read_answer(connection: socket.socket) -> Answer:
    """One final answer from ``connection``, after any interim ones; ``closed`` when the server
    closed the connection after it (a kept connection is probed with a short wait)."""
    stream = connection.makefile("rb")
    statuses: list[int] = []
    while not statuses or statuses[-1] == 100:
        status_line = stream.readline()
        assert status_line, "the server closed the connection without an answer"
        statuses.append(int(status_line.split()[1]))
        headers: dict[str, str] = {}
        while (line := stream.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            headers[name.strip().lower()] = value.strip()
    body = stream.read(int(headers.get("content-length", "0")))
    connection.settimeout(0.5)
    try:
        closed = stream.read(1) == b""
    except TimeoutError:
        closed = False
    except ConnectionError:
        closed = True
    return Answer(statuses[-1], headers, body, closed, statuses)
