"""HTTP/1.1 keep-alive for the sandbox server, as AWS endpoints keep connections open.

Werkzeug's development server answers every request with ``Connection: close`` (after the response
it drains the socket, which on a kept connection would swallow the client's next request), so every
SDK call paid a new TCP connection that AWS never asks for. ``KeepAliveRun`` replaces only the
handler's ``run_wsgi``: it reads the whole request body first (so nothing is left on the socket),
buffers the application's response and sends it with a ``Content-Length``, and keeps the
connection unless the client asked to close it or the application failed. Environ building,
request parsing and the idle timeout stay werkzeug's and ``http.server``'s.
"""

from __future__ import annotations

import io
from typing import IO, Any, cast

from werkzeug.serving import DechunkedInput, WSGIRequestHandler

#: Seconds an idle kept connection waits for its next request before its thread lets it go.
IDLE_SECONDS = 30
#: The largest request body read (ImportLens takes a few MB at most); a larger one is answered 413.
MAX_REQUEST_BYTES = 64 << 20
_NO_BODY_STATUS = frozenset({204, 304})


class _TooLarge(Exception):
    """The request body is larger than ``MAX_REQUEST_BYTES``."""


class KeepAliveRun(WSGIRequestHandler):
    """A werkzeug request handler that serves each request on a connection kept open (put it first
    among the bases of a handler class, e.g. beside moto's)."""

    protocol_version = "HTTP/1.1"
    timeout = IDLE_SECONDS
    #: Headers and body go out as two writes: without TCP_NODELAY the body would wait for the
    #: client's delayed ACK of the headers (40 ms) on every kept connection.
    disable_nagle_algorithm = True

    def log_error(self, format: str, *args: Any) -> None:
        """Werkzeug's error log, without ``http.server``'s "Request timed out" when a kept connection
        has been idle for ``IDLE_SECONDS``: letting it go is routine, not an error."""
        if not format.startswith("Request timed out"):
            super().log_error(format, *args)

    def run_wsgi(self) -> None:
        if self.headers.get("Expect", "").lower().strip(" \t") == "100-continue":
            self.wfile.write(b"HTTP/1.1 100 Continue\r\n\r\n")
        environ = self.make_environ()
        try:
            body = _request_body(self, environ)
        except _TooLarge:
            self.close_connection = True
            message = f'{{"message": "a request body holds {MAX_REQUEST_BYTES} bytes at most"}}'.encode()
            _respond(self, environ["REQUEST_METHOD"], "413 Request Entity Too Large",
                     [("Content-Type", "application/json")], message)
            return
        if body is None:  # where the body ends is unknown: the application answers, then we close
            self.close_connection = True
        else:
            environ["CONTENT_LENGTH"] = str(len(body))
            environ.pop("wsgi.input_terminated", None)
        environ["wsgi.input"] = io.BytesIO(body or b"")
        self.environ = environ
        started: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            started[:] = [status, headers]
            return lambda data: None  # (the legacy write() callable: moto never uses it)

        try:
            iterable = self.server.app(environ, start_response)
            try:
                body = b"".join(iterable)
            finally:
                getattr(iterable, "close", lambda: None)()
        except Exception as exc:  # what werkzeug does too: log it, answer 500, and close
            self.server.log("error", f"Error on request: {exc!r}")
            started[:] = ["500 INTERNAL SERVER ERROR", [("Content-Type", "text/plain")]]
            body = b"Internal Server Error"
            self.close_connection = True
        _respond(self, environ["REQUEST_METHOD"], started[0], started[1], body)


def _request_body(handler: WSGIRequestHandler, environ: dict[str, Any]) -> bytes | None:
    """All of the request's body, read off the socket (chunked or by Content-Length); None when
    where it ends is unknown (a Content-Length that is not a number, a malformed chunk). Raises
    ``_TooLarge`` beyond ``MAX_REQUEST_BYTES``."""
    if "wsgi.input_terminated" in environ:
        try:
            body = bytes(DechunkedInput(cast(IO[bytes], handler.rfile)).read(MAX_REQUEST_BYTES + 1))
        except OSError:  # werkzeug's word for a malformed chunk header
            return None
        if len(body) > MAX_REQUEST_BYTES:
            raise _TooLarge
        return body
    length = environ.get("CONTENT_LENGTH") or "0"
    if not length.isdigit():
        return None
    if int(length) > MAX_REQUEST_BYTES:
        raise _TooLarge
    return bytes(handler.rfile.read(int(length))) if int(length) else b""


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
