"""A stateful emulation of the AWS ``wellarchitected`` API on moto.

Importing this package registers the service with moto, so real boto3 clients reach it under
``moto.mock_aws()`` in process and through moto's HTTP server (see ``publisher.sandbox.server``).
The functions below read and steer the emulation in process; servers started by
``publisher.sandbox.server`` expose the same over HTTP under ``/_walens/``.
"""

from __future__ import annotations

from .control import CONTROLS, CallRecord, Fault, FaultKind
from .registration import register

register()


def call_log() -> list[CallRecord]:
    """Every API call served so far, oldest first."""
    return CONTROLS.calls()


def reset_call_log() -> None:
    CONTROLS.reset_calls()


def inject_fault(operation: str, kind: FaultKind, *, nth: int | None = None, delay_ms: int = 0) -> None:
    """Make the ``nth`` next call (every call when None) of ``operation`` (``*``: any) fail or wait.

    ``kind`` is ``throttle`` (ThrottlingException, 429), ``error`` (InternalServerException, 500)
    or ``delay`` (wait ``delay_ms`` then serve normally).
    """
    CONTROLS.add_fault(Fault(operation, kind, nth, delay_ms))


def set_latency(milliseconds: int) -> None:
    """Delay every call by ``milliseconds`` (0 turns it off)."""
    CONTROLS.set_latency(milliseconds)


def clear_faults() -> None:
    """Remove every fault and the global latency."""
    CONTROLS.clear_faults()


def advance_clock(seconds: float) -> None:
    """Move the emulation's clock forward, e.g. past the seven days a share invitation lives."""
    CONTROLS.advance_clock(seconds)


def reset_sandbox() -> None:
    """Reset moto's state (every service) and the call log, faults and clock."""
    from moto.core.base_backend import BackendDict

    BackendDict.reset()
    CONTROLS.reset()


__all__ = [
    "CallRecord", "Fault", "FaultKind", "advance_clock", "call_log", "clear_faults", "inject_fault",
    "reset_call_log", "reset_sandbox", "set_latency",
]
