"""HTTP/1.1 keep-alive for the sandbox server, as AWS endpoints keep connections open.

Werkzeug's development server answers every request with ``Connection: close`` (after the response
it drains the socket, which on a kept connection would swallow the client's next request), so every
SDK call paid a new TCP connection that AWS never asks for. ``KeepAliveRun`` replaces the handler's
``run_wsgi``: it reads the whole request body first with ``framing`` (so nothing is left on the
socket and a malformed body runs nothing), buffers the application's response and sends it with a
``Content-Length``, and keeps the connection unless the client asked to close it or the request
failed.

Every request has a deadline: from its first byte to the end of its body it may take
``request_seconds`` (of a ``BoundedWSGIServer``, else ``REQUEST_SECONDS``) whatever the pace of
the sender, so a client trickling one byte a second cannot hold its thread; a kept connection waits
``IDLE_SECONDS`` for the next request.  Environ building and request-line parsing stay werkzeug's
and ``http.server``'s.
"""

from __future__ import annotations

import io
import json
import socket
import time
from typing import Any

from werkzeug.serving import WSGIRequestHandler

from .bounded_server import BoundedWSGIServer
from .framing import FramingError, read_body, request_framing

#: Seconds an idle kept connection waits for its next request before its thread lets it go.
IDLE_SECONDS = 30
#: Seconds a request may take from its first byte to the end of its body.
REQUEST_SECONDS = 30.0
_NO_BODY_STATUS = frozenset({204, 304})


class DeadlineReader(io.RawIOBase):
    """The reading side of a socket: each read waits ``idle_seconds`` at most and, once ``deadline``
    (a ``time.monotonic()`` value) is set, fails with ``TimeoutError`` past it."""

    def __init__(self, connection: socket.socket, idle_seconds: float) -> None:
        super().__init__()
        self.connection = connection
        self.idle_seconds = idle_seconds
        self.deadline: float | None = None

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        timeout = self.idle_seconds
        if self.deadline is not None:
            timeout = min(timeout, self.deadline - time.monotonic())
            if timeout <= 0:
                raise TimeoutError("the request took longer than its deadline")
        self.connection.settimeout(timeout)
        return self.connection.recv_into(buffer)


class KeepAliveRun(WSGIRequestHandler):
    """A werkzeug request handler that serves each request on a connection kept open (put it first
    among the bases of a handler class, e.g. beside moto's)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    #: Headers and body go out as two writes: without TCP_NODELAY the body would wait for the
    #: client's delayed ACK of the headers (40 ms) on every kept connection.
    disable_nagle_algorithm = True

    def setup(self) -> None:
        super().setup()
        self.rfile.close()  # the socket's own reader, replaced by one that keeps the deadline
        self.reader = DeadlineReader(self.connection, self.timeout)
        self.rfile = self.buffered = io.BufferedReader(self.reader)

    def handle_one_request(self) -> None:
        """Wait (``IDLE_SECONDS`` at most) for a request to start, then serve it by its deadline."""
        self.reader.deadline = None
        bounded = self.server if isinstance(self.server, BoundedWSGIServer) else None
        if bounded is not None:
            bounded.idle_connections.add(self.connection)
        try:
            started = self.buffered.peek(1)
        except (TimeoutError, ConnectionError):
            started = b""
        finally:
            if bounded is not None:
                bounded.idle_connections.discard(self.connection)
        if not started:
            self.close_connection = True
            return
        self.reader.deadline = time.monotonic() + (bounded.request_seconds if bounded else REQUEST_SECONDS)
        super().handle_one_request()

    def handle_expect_100(self) -> bool:
        """``http.server`` would answer ``100 Continue`` before the headers are checked: ``run_wsgi``
        sends it only for a body it will read (so an over-limit one gets a single 413)."""
        return True

    def log_error(self, format: str, *args: Any) -> None:
        """Werkzeug's error log, without ``http.server``'s "Request timed out" when a request misses
        its deadline: letting it go is routine, not an error."""
        if not format.startswith("Request timed out"):
            super().log_error(format, *args)

    def run_wsgi(self) -> None:
        try:
            framing = request_framing(self.headers)
            if framing.has_body and self.headers.get("Expect", "").strip(" \t").lower() == "100-continue":
                self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
            body = read_body(self.buffered, framing)
        except FramingError as exc:
            self._refuse(exc.status, str(exc))
            return
        except TimeoutError:
            self._refuse("408 Request Timeout", "the request took longer than its deadline")
            return
        self.reader.deadline = None
        self.connection.settimeout(self.timeout)
        environ = self.make_environ()
        environ["CONTENT_LENGTH"] = str(len(body))
        environ.pop("wsgi.input_terminated", None)
        environ["wsgi.input"] = io.BytesIO(body)
        del body  # the environ holds the only reference: gone once the request is served
        try:
            status, headers, answer = _serve(self.server.app, environ)
        except Exception as exc:  # as werkzeug does: log it, answer 500 (here as AWS words it), and close
            self.server.log("error", f"Error on request: {exc!r}")
            status, headers, answer = "500 INTERNAL SERVER ERROR", INTERNAL_FAILURE_HEADERS, INTERNAL_FAILURE
            self.close_connection = True
        _respond(self, self.command, status, headers, answer)

    def _refuse(self, status: str, message: str) -> None:
        """Answer a request that is not served with a JSON ``{"message"}``, then close."""
        self.reader.deadline = None
        self.connection.settimeout(self.timeout)
        self.close_connection = True
        _respond(self, self.command, status, [("Content-Type", "application/json")],
                 json.dumps({"message": message}).encode())


#: The answer to a request the application failed on: an AWS-shaped error that SDKs parse (and retry).
INTERNAL_FAILURE_HEADERS = [("Content-Type", "application/x-amz-json-1.1"), ("x-amzn-ErrorType", "InternalFailure")]
INTERNAL_FAILURE = json.dumps({"__type": "InternalFailure", "message": "The sandbox failed to serve this request; "
                               "its log has the error."}).encode()


def _serve(app: Any, environ: dict[str, Any]) -> tuple[str, list[tuple[str, str]], bytes]:
    """Status, headers and the whole body of ``app``'s answer."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        started[:] = [status, headers]
        return lambda data: None  # (the legacy write() callable: moto never uses it)

    iterable = app(environ, start_response)
    try:
        body = b"".join(iterable)
    finally:
        getattr(iterable, "close", lambda: None)()
    return started[0], started[1], body


def _respond(handler: WSGIRequestHandler, method: str, status: str, headers: list[tuple[str, str]],
             body: bytes) -> None:
    code, _, reason = status.partition(" ")
    handler.send_response(int(code), reason)
    names = {name.lower() for name, _ in headers}
    for name, value in headers:
        handler.send_header(name, value)
    if "content-length" not in names and method != "HEAD" and int(code) not in _NO_BODY_STATUS:
        handler.send_header("Content-Length", str(len(body)))
    if handler.close_connection:
        handler.send_header("Connection", "close")
    handler.end_headers()
    if method != "HEAD" and body:
        handler.wfile.write(body)
