"""Run the emulation over HTTP: moto's threaded server plus the ``/_walens/`` control endpoint."""

from __future__ import annotations

import secrets
import socket
from collections.abc import Iterator
from contextlib import contextmanager

from moto.moto_server.threaded_moto_server import ThreadedMotoServer
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, MotoRequestHandler, create_backend_app

from .bounded_server import MAX_CONNECTIONS, BoundedWSGIServer
from .control import CONTROLS
from .http_control import ControlMiddleware
from .keepalive import REQUEST_SECONDS, KeepAliveRun
from .registration import register

#: Control tokens of the servers running in this process, by endpoint (``RemoteSteering`` reads it).
CONTROL_TOKENS: dict[str, str] = {}


def control_token_for(endpoint: str) -> str | None:
    """The control token of a server this process started, if it did."""
    return CONTROL_TOKENS.get(endpoint.rstrip("/"))


class KeepAliveRequestHandler(KeepAliveRun, MotoRequestHandler):
    """Moto's request handler, keeping connections open between requests as AWS does."""


class QuietRequestHandler(KeepAliveRequestHandler):
    """The keep-alive handler without the per-request access log line."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        return None


class SandboxServer(ThreadedMotoServer):
    """A ``ThreadedMotoServer`` that knows ``wellarchitected`` and serves ``/_walens/``.

    Unlike its parent it binds the socket in ``start()``, so a port in use raises ``OSError`` in
    the caller instead of killing the server thread.  ``control_token`` is new for every server:
    ``/_walens/`` and ``/moto-api/`` answer only requests that send it.  It serves
    ``max_connections`` connections at a time, each request within ``request_seconds``
    (``bounded_server``).
    """

    def __init__(self, host: str = "127.0.0.1", port: int = 0, *, access_log: bool = False,
                 roles_must_exist: bool = False, max_connections: int = MAX_CONNECTIONS,
                 request_seconds: float = REQUEST_SECONDS) -> None:
        super().__init__(ip_address=host, port=port, verbose=False)
        self.max_connections = max_connections
        self.request_seconds = request_seconds
        self.roles_must_exist = roles_must_exist
        self._handler = KeepAliveRequestHandler if access_log else QuietRequestHandler
        self._socket: socket.socket | None = None
        self.control_token = secrets.token_urlsafe(24)

    def _server_entry(self) -> None:
        assert self._socket is not None
        app = ControlMiddleware(DomainDispatcherApplication(create_backend_app), self.control_token)
        self._server = BoundedWSGIServer(self._ip_address, self._port, app, self._handler, self._socket.fileno(),
                                         max_connections=self.max_connections,
                                         request_seconds=self.request_seconds)
        self._server_ready_event.set()
        self._server.serve_forever()

    def start(self) -> None:
        register()
        if self.roles_must_exist:
            CONTROLS.roles_must_exist_by_default = CONTROLS.roles_must_exist = True
        self._socket = socket.create_server((self._ip_address, self._port))
        super().start()
        CONTROL_TOKENS[self.endpoint] = self.control_token

    def stop(self) -> None:
        if self._socket is not None:
            CONTROL_TOKENS.pop(self.endpoint, None)
        super().stop()
        if self._server is not None:
            self._server.server_close()
        if self._socket is not None:
            self._socket.close()

    @property
    def endpoint(self) -> str:
        host, port = self.get_host_and_port()
        return f"http://{host}:{port}"


@contextmanager
def local_sandbox(port: int = 0, host: str = "127.0.0.1") -> Iterator[str]:
    """Serve the emulation on ``host:port`` (0: a free port) and yield its endpoint URL."""
    server = SandboxServer(host, port)
    server.start()
    try:
        yield server.endpoint
    finally:
        server.stop()
