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
PUT      /_walens/roles         ``{"must_exist": true}``: AssumeRole needs the role in IAM
POST     /_walens/reset         reset moto's state and all of the above
=======  =====================  ==============================================================

The endpoint is not a door into the user's machine: a control request needs a loopback ``Host``,
no foreign ``Origin``, the per-run token in ``X-Walens-Control-Token`` and, unless it is a GET, a
JSON content type (so no web page can send one as a "simple" cross-origin request).  moto's own
``/moto-api/`` (reset, state, dashboard) needs the same.  A path is recognised as a control path
after percent-decoding, dot segments and repeated slashes are resolved (``//moto-api/reset``,
``/./moto-api/reset``, ``/%6doto-api/reset``); one that is not already in that canonical form is
answered 404 rather than served.  API responses carry no CORS headers.
"""

from __future__ import annotations

import hmac
import json
import math
import posixpath
import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import unquote, urlsplit

from .control import CONTROLS, Fault

PREFIX = "/_walens/"
MOTO_API = "/moto-api"  # moto serves every path that starts so (its dispatcher's own test)
TOKEN_HEADER = "X-Walens-Control-Token"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
MAX_BODY = 1 << 20
WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class ControlRequestError(ValueError):
    """A control request with a bad body; answered with HTTP 400."""


class ControlRefused(ControlRequestError):
    """A control request from where none may come; answered with HTTP 403."""


def _content_length(environ: dict[str, Any]) -> int:
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError as exc:
        raise ControlRequestError("Content-Length is not a number") from exc
    if not 0 <= length <= MAX_BODY:
        raise ControlRequestError(f"Content-Length must be between 0 and {MAX_BODY}")
    return length


def _body(environ: dict[str, Any]) -> dict[str, Any]:
    length = _content_length(environ)
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        body = json.loads(raw or b"{}", parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise ControlRequestError(f"body is not JSON: {exc}") from exc
    if not isinstance(body, dict):
        raise ControlRequestError("body must be a JSON object")
    return body


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _number(body: dict[str, Any], key: str, low: float, high: float) -> float:
    """A finite JSON number between ``low`` and ``high``."""
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value) \
            or not low <= value <= high:
        raise ControlRequestError(f"expected {{\"{key}\": <number from {low:g} to {high:g}>}}")
    return value


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
    CONTROLS.set_latency(int(_number(body, "ms", 0, 600_000)))
    return {"latency_ms": CONTROLS.latency_ms()}


def _advance_clock(body: dict[str, Any]) -> dict[str, Any]:
    CONTROLS.advance_clock(_number(body, "advance_seconds", 0, 100 * 365 * 86_400))
    return {"now": CONTROLS.now().isoformat()}


def _roles(body: dict[str, Any]) -> dict[str, Any]:
    if not isinstance(body.get("must_exist"), bool):
        raise ControlRequestError("expected {\"must_exist\": true|false}")
    CONTROLS.roles_must_exist = body["must_exist"]
    return {"must_exist": CONTROLS.roles_must_exist}


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
    ("PUT", "roles"): _roles,
}


class ControlMiddleware:
    """Serve ``/_walens/*`` itself (for callers holding ``token``) and pass every other request to
    ``app``, without CORS headers."""

    def __init__(self, app: WsgiApp, token: str) -> None:
        self.app = app
        self.token = token

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        target = _request_path(environ)
        canonical = canonical_path(target)
        try:
            if not (canonical.startswith((PREFIX, MOTO_API)) or path.startswith((PREFIX, MOTO_API))):
                return self.app(environ, _without_cors(start_response))
            _check_origin(environ)
            self._check_caller(environ)
            if canonical != target:
                return _reply(start_response, "404 Not Found", {"error": f"no control route {target} (write it "
                                                                         f"as {canonical})"})
            if not path.startswith(PREFIX):
                return self.app(environ, _without_cors(start_response))
            handler = ROUTES.get((environ["REQUEST_METHOD"], path[len(PREFIX):].strip("/")))
            if handler is None:
                return _reply(start_response, "404 Not Found", {"error": f"no control route {path}"})
            return _reply(start_response, "200 OK", handler(_body(environ)))
        except ControlRefused as exc:
            return _reply(start_response, "403 Forbidden", {"error": str(exc)})
        except ControlRequestError as exc:
            return _reply(start_response, "400 Bad Request", {"error": str(exc)})

    def _check_caller(self, environ: dict[str, Any]) -> None:
        sent = environ.get("HTTP_" + TOKEN_HEADER.upper().replace("-", "_"), "")
        if not hmac.compare_digest(sent.encode(), self.token.encode()):
            raise ControlRefused(f"missing or wrong {TOKEN_HEADER} (printed by walens sandbox at start-up)")
        content_type = environ.get("CONTENT_TYPE", "").split(";")[0].strip().lower()
        if environ["REQUEST_METHOD"] != "GET" and content_type != "application/json":
            raise ControlRequestError("control requests need Content-Type: application/json")


def _request_path(environ: dict[str, Any]) -> str:
    """The path of the request target as sent (werkzeug's ``PATH_INFO`` is already decoded, and
    reads ``//a/b`` as ``/a/b``)."""
    target = str(environ.get("RAW_URI") or environ.get("PATH_INFO", "")).partition("?")[0]
    return urlsplit(target).path if "://" in target else target


def canonical_path(path: str) -> str:
    """``path`` percent-decoded, with dot segments and repeated slashes resolved (a trailing slash
    kept): what a control path is recognised by."""
    decoded = re.sub("/{2,}", "/", unquote(path))
    resolved = posixpath.normpath(decoded) if decoded.startswith("/") else decoded
    return resolved + "/" if decoded.endswith("/") and resolved != "/" else resolved


def _host_name(value: str) -> str:
    """The name in a Host header or an Origin URL, without port or brackets."""
    return (urlsplit(value if "//" in value else f"//{value}").hostname or "").lower()


def _check_origin(environ: dict[str, Any]) -> None:
    """Only loopback names in Host (no DNS rebinding) and in Origin (no foreign web page)."""
    if _host_name(environ.get("HTTP_HOST", "")) not in LOOPBACK_NAMES:
        raise ControlRefused("control requests must be sent to a loopback host name")
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None and _host_name(origin) not in LOOPBACK_NAMES:
        raise ControlRefused(f"control requests from origin {origin} are refused")


def _without_cors(start_response: Callable[..., Any]) -> Callable[..., Any]:
    """moto's server adds ``Access-Control-Allow-Origin: *`` to every answer; the sandbox does not."""
    def start(status: str, headers: list[tuple[str, str]], *args: Any) -> Any:
        return start_response(status, [(name, value) for name, value in headers
                                       if not name.lower().startswith("access-control-")], *args)
    return start


def _reply(start_response: Callable[..., Any], status: str, payload: dict[str, Any]) -> list[bytes]:
    body = json.dumps(payload).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
