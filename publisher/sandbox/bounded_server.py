"""A threaded WSGI server with a bounded number of connections (one thread each).

werkzeug's ``ThreadedWSGIServer`` starts a thread for every connection it accepts, so 3,000 idle or
slow connections would pin 3,000 threads.  ``BoundedWSGIServer`` serves ``max_connections`` at a
time.  When all are taken it first lets go of the kept connection that has waited longest for its
next request (clients reconnect: closing an idle kept connection is ordinary HTTP/1.1); when none is
idle the new connection is answered ``503 Service Unavailable`` with ``Retry-After`` and closed,
without a thread.  ``request_seconds`` is the deadline its handlers give every request.
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from typing import Any

from werkzeug.serving import ThreadedWSGIServer, WSGIRequestHandler

#: Connections served at a time by default (``walens sandbox --max-connections``).
MAX_CONNECTIONS = 64
#: Seconds the accept loop waits for a connection it let go to release its slot.
_EVICTION_GRACE_SECONDS = 1.0
_BUSY_BODY = json.dumps({"message": "the sandbox serves its maximum number of connections: retry"}).encode()
BUSY_RESPONSE = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\nRetry-After: 1\r\n"
                 b"Connection: close\r\nContent-Length: %d\r\n\r\n%s" % (len(_BUSY_BODY), _BUSY_BODY))


class IdleConnections:
    """The kept connections waiting for their next request, oldest first (thread-safe)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._waiting: dict[socket.socket, None] = {}

    def add(self, connection: socket.socket) -> None:
        with self._lock:
            self._waiting[connection] = None

    def discard(self, connection: socket.socket) -> None:
        with self._lock:
            self._waiting.pop(connection, None)

    def let_oldest_go(self) -> bool:
        """Shut the longest-waiting connection down (its thread then ends); False if none waits."""
        with self._lock:
            oldest = next(iter(self._waiting), None)
            if oldest is None:
                return False
            del self._waiting[oldest]
        with contextlib.suppress(OSError):  # the client closed it meanwhile: its slot comes back all the same
            oldest.shutdown(socket.SHUT_RDWR)
        return True


class BoundedWSGIServer(ThreadedWSGIServer):
    """``ThreadedWSGIServer`` serving ``max_connections`` connections at most, each request within
    ``request_seconds``."""

    def __init__(self, host: str, port: int, app: Any, handler: type[WSGIRequestHandler], fd: int, *,
                 max_connections: int = MAX_CONNECTIONS, request_seconds: float) -> None:
        super().__init__(host, port, app, handler=handler, fd=fd)
        self.request_seconds = request_seconds
        self.idle_connections = IdleConnections()
        self._slots = threading.BoundedSemaphore(max_connections)

    def process_request(self, request: Any, client_address: Any) -> None:
        if not (self._slots.acquire(blocking=False) or (self.idle_connections.let_oldest_go()
                                                        and self._slots.acquire(timeout=_EVICTION_GRACE_SECONDS))):
            _turn_away(request)
            self.shutdown_request(request)
            return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()


def _turn_away(connection: socket.socket) -> None:
    """Answer 503 without blocking the accept loop; what the client already sent is read and
    dropped so that closing does not reset the connection before the answer arrives."""
    try:
        connection.setblocking(False)
        connection.send(BUSY_RESPONSE)
        connection.recv(1 << 16)
    except OSError:
        pass
