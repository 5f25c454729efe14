"""The ``/_walens/`` control endpoint: call log, faults, latency, clock and reset over HTTP.

A small WSGI middleware in front of moto's server application; every other path goes to moto.

=======  =====================  ==============================================================
Method   Path                   Effect
=======  =====================  ==============================================================
GET      /_walens/calls         ``{"calls": [CallRecord...]}``
DELETE   /_walens/calls         empty the call log
GET      /_walens/faults        ``{"faults": [...], "latency_ms": N}``
POST     /_walens/faults        add ``{"operation", "kind", "nth"?, "delay_ms"?}``
DELETE   /_walens/faults        remove every fault and the latency
PUT      /_walens/latency       ``{"ms": N}``: delay every call
POST     /_walens/clock         ``{"advance_seconds": N}``
POST     /_walens/reset         reset moto's state and all of the above
=======  =====================  ==============================================================
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from .control import CONTROLS, Fault

PREFIX = "/_walens/"
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ControlRequestError(ValueError):
    """A control request with a bad body; answered with HTTP 400."""


def _body(environ: dict[str, Any]) -> dict[str, Any]:
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        body = json.loads(raw or b"{}")
    except ValueError as exc:
        raise ControlRequestError(f"body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ControlRequestError("body must be a JSON object")
    return body


def _add_fault(body: dict[str, Any]) -> dict[str, Any]:
    try:
        fault = Fault(str(body["operation"]), body["kind"], body.get("nth"), int(body.get("delay_ms", 0)))
    except KeyError as exc:
        raise ControlRequestError(f"missing {exc.args[0]}") from exc
    except (TypeError, ValueError) as exc:
        raise ControlRequestError(str(exc)) from exc
    CONTROLS.add_fault(fault)
    return fault.to_json()


def _set_latency(body: dict[str, Any]) -> dict[str, Any]:
    try:
        CONTROLS.set_latency(int(body["ms"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ControlRequestError("expected {\"ms\": <non-negative integer>}") from exc
    return {"latency_ms": CONTROLS.latency_ms()}


def _advance_clock(body: dict[str, Any]) -> dict[str, Any]:
    try:
        CONTROLS.advance_clock(float(body["advance_seconds"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ControlRequestError("expected {\"advance_seconds\": <number>}") from exc
    return {"now": CONTROLS.now().isoformat()}


def _reset(_: dict[str, Any]) -> dict[str, Any]:
    from . import reset_sandbox

    reset_sandbox()
    return {}


def _reset_calls(_: dict[str, Any]) -> dict[str, Any]:
    CONTROLS.reset_calls()
    return {}


def _clear_faults(_: dict[str, Any]) -> dict[str, Any]:
    CONTROLS.clear_faults()
    return {}


def _faults() -> dict[str, Any]:
    return {"faults": [fault.to_json() for fault in CONTROLS.faults()], "latency_ms": CONTROLS.latency_ms()}


ROUTES: dict[tuple[str, str], Callable[[dict[str, Any]], dict[str, Any]]] = {
    ("GET", "calls"): lambda _: {"calls": [call.to_json() for call in CONTROLS.calls()]},
    ("DELETE", "calls"): _reset_calls,
    ("GET", "faults"): lambda _: _faults(),
    ("POST", "faults"): _add_fault,
    ("DELETE", "faults"): _clear_faults,
    ("PUT", "latency"): _set_latency,
    ("POST", "clock"): _advance_clock,
    ("POST", "reset"): _reset,
}


class ControlMiddleware:
    """Serve ``/_walens/*`` itself and pass every other request to ``app``."""

    def __init__(self, app: WsgiApp) -> None:
        self.app = app

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if not path.startswith(PREFIX):
            return self.app(environ, start_response)
        handler = ROUTES.get((environ["REQUEST_METHOD"], path[len(PREFIX):].strip("/")))
        if handler is None:
            return _reply(start_response, "404 Not Found", {"error": f"no control route {path}"})
        try:
            return _reply(start_response, "200 OK", handler(_body(environ)))
        except ControlRequestError as exc:
            return _reply(start_response, "400 Bad Request", {"error": str(exc)})


def _reply(start_response: Callable[..., Any], status: str, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
