"""One interface to steer a sandbox, in process (``LocalSteering``) or over HTTP (``RemoteSteering``).

Tests and benchmarks code against ``Steering`` and run unchanged in both modes.
"""

from __future__ import annotations

import json
import os
import urllib.request
from typing import Any, Protocol

from .control import CONTROLS, CallRecord, Fault, FaultKind
from .http_control import TOKEN_HEADER

TOKEN_VARIABLE = "WALENS_SANDBOX_CONTROL_TOKEN"


class Steering(Protocol):
    def calls(self) -> list[CallRecord]: ...
    def reset_calls(self) -> None: ...
    def inject_fault(self, operation: str, kind: FaultKind, *, nth: int | None = None,
                     delay_ms: int = 0) -> None: ...
    def set_latency(self, milliseconds: int) -> None: ...
    def clear_faults(self) -> None: ...
    def started_calls(self, operation: str) -> int: ...
    def advance_clock(self, seconds: float) -> None: ...
    def reset(self) -> None: ...
    def require_existing_roles(self, on: bool) -> None: ...


class LocalSteering:
    """Steers the emulation running in this process."""

    def calls(self) -> list[CallRecord]:
        return CONTROLS.calls()

    def reset_calls(self) -> None:
        CONTROLS.reset_calls()

    def inject_fault(self, operation: str, kind: FaultKind, *, nth: int | None = None,
                     delay_ms: int = 0) -> None:
        CONTROLS.add_fault(Fault(operation, kind, nth, delay_ms))

    def set_latency(self, milliseconds: int) -> None:
        CONTROLS.set_latency(milliseconds)

    def clear_faults(self) -> None:
        CONTROLS.clear_faults()

    def started_calls(self, operation: str) -> int:
        """Calls of ``operation`` that a fault on it has seen start (the call log only has finished ones)."""
        return max((fault.seen for fault in CONTROLS.faults() if fault.operation == operation), default=0)

    def advance_clock(self, seconds: float) -> None:
        CONTROLS.advance_clock(seconds)

    def reset(self) -> None:
        from . import reset_sandbox

        reset_sandbox()

    def require_existing_roles(self, on: bool) -> None:
        CONTROLS.roles_must_exist = on


class RemoteSteering:
    """Steers a sandbox server through its ``/_walens/`` endpoint.

    The control token is ``token``, else that of a server started in this process, else the
    ``WALENS_SANDBOX_CONTROL_TOKEN`` environment variable (``walens sandbox`` prints it).
    """

    def __init__(self, endpoint: str, token: str | None = None) -> None:
        from .server import control_token_for

        self.base = endpoint.rstrip("/") + "/_walens/"
        self.token = token or control_token_for(endpoint) or os.environ.get(TOKEN_VARIABLE, "")

    def _send(self, method: str, route: str, payload: dict[str, Any] | None = None) -> dict[str, Any]:
        data = json.dumps(payload).encode() if payload is not None else None
        request = urllib.request.Request(self.base + route, data=data, method=method,
                                         headers={"Content-Type": "application/json", TOKEN_HEADER: self.token})
        with urllib.request.urlopen(request, timeout=30) as response:
            result: dict[str, Any] = json.loads(response.read() or b"{}")
        return result

    def calls(self) -> list[CallRecord]:
        return [CallRecord(**record) for record in self._send("GET", "calls")["calls"]]

    def reset_calls(self) -> None:
        self._send("DELETE", "calls")

    def inject_fault(self, operation: str, kind: FaultKind, *, nth: int | None = None,
                     delay_ms: int = 0) -> None:
        self._send("POST", "faults", {"operation": operation, "kind": kind, "nth": nth, "delay_ms": delay_ms})

    def set_latency(self, milliseconds: int) -> None:
        self._send("PUT", "latency", {"ms": milliseconds})

    def clear_faults(self) -> None:
        self._send("DELETE", "faults")

    def started_calls(self, operation: str) -> int:
        faults = self._send("GET", "faults")["faults"]
        return max((int(fault["seen"]) for fault in faults if fault["operation"] == operation), default=0)

    def advance_clock(self, seconds: float) -> None:
        self._send("POST", "clock", {"advance_seconds": seconds})

    def reset(self) -> None:
        self._send("POST", "reset")

    def require_existing_roles(self, on: bool) -> None:
        self._send("PUT", "roles", {"must_exist": on})
