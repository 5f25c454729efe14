"""Process-wide sandbox controls that are not AWS state: the call log, fault injection, the clock.

These live outside moto's backends on purpose: moto's reset clears AWS state only, and
``reset_controls`` clears this.  Both are reachable in process (``publisher.sandbox``) and over
HTTP (``/_walens/...`` on servers started by ``publisher.sandbox.server``).
"""

from __future__ import annotations

import threading
import time
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Literal

FaultKind = Literal["throttle", "error", "delay"]
FAULT_KINDS: tuple[str, ...] = ("throttle", "error", "delay")
READ_PREFIXES = ("Get", "List", "Export")


def access_of(operation: str) -> Literal["read", "write"]:
    """IAM access level of an operation: Get*, List* and Export* read; everything else writes."""
    return "read" if operation.startswith(READ_PREFIXES) else "write"


@dataclass(frozen=True)
class CallRecord:
    """One API call the emulation served."""

    sequence: int
    account: str
    region: str
    operation: str
    access: str
    iam_action: str
    status: int
    fault: str | None

    def to_json(self) -> dict[str, object]:
        return asdict(self)


@dataclass
class Fault:
    """Make calls of ``operation`` (``*`` for all) fail or slow down.

    ``nth`` counts matching calls from the moment the fault is added (1 = the next call); ``None``
    applies the fault to every matching call.
    """

    operation: str
    kind: FaultKind
    nth: int | None = None
    delay_ms: int = 0
    seen: int = field(default=0, compare=False)

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {', '.join(FAULT_KINDS)}")
        if self.nth is not None and self.nth < 1:
            raise ValueError("nth counts calls from 1")
        if self.delay_ms < 0:
            raise ValueError("delay_ms must not be negative")
        if self.kind == "delay" and self.delay_ms == 0:
            raise ValueError("a delay fault needs delay_ms > 0")

    def fires(self, operation: str) -> bool:
        """Count the call if it matches; say whether the fault applies to it."""
        if self.operation not in ("*", operation):
            return False
        self.seen += 1
        return self.nth is None or self.seen == self.nth

    def to_json(self) -> dict[str, object]:
        return {"operation": self.operation, "kind": self.kind, "nth": self.nth,
                "delay_ms": self.delay_ms, "seen": self.seen}


class Controls:
    """Thread-safe holder of the call log, faults, global latency and clock offset."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        #: What ``reset()`` sets ``roles_must_exist`` to (``walens sandbox`` makes it True).
        self.roles_must_exist_by_default = False
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self._calls: list[CallRecord] = []
            self._faults: list[Fault] = []
            self._latency_ms = 0
            self._clock_offset = timedelta()
            self.roles_must_exist = self.roles_must_exist_by_default

    # -- call log -------------------------------------------------------------------------------
    def record(self, account: str, region: str, operation: str, status: int, fault: str | None) -> None:
        with self._lock:
            self._calls.append(CallRecord(
                sequence=len(self._calls) + 1, account=account, region=region, operation=operation,
                access=access_of(operation), iam_action=f"wellarchitected:{operation}", status=status,
                fault=fault))

    def calls(self) -> list[CallRecord]:
        with self._lock:
            return list(self._calls)

    def reset_calls(self) -> None:
        with self._lock:
            self._calls = []

    # -- faults and latency ---------------------------------------------------------------------
    def add_fault(self, fault: Fault) -> None:
        with self._lock:
            self._faults.append(fault)

    def faults(self) -> list[Fault]:
        with self._lock:
            return list(self._faults)

    def clear_faults(self) -> None:
        with self._lock:
            self._faults = []
            self._latency_ms = 0

    def set_latency(self, milliseconds: int) -> None:
        if milliseconds < 0:
            raise ValueError("latency must not be negative")
        with self._lock:
            self._latency_ms = milliseconds

    def latency_ms(self) -> int:
        with self._lock:
            return self._latency_ms

    def before_call(self, operation: str) -> FaultKind | None:
        """Apply latency and delay faults (sleeping); return a failing fault kind, if one fires."""
        with self._lock:
            fired = [fault for fault in self._faults if fault.fires(operation)]
            delay_ms = self._latency_ms + sum(fault.delay_ms for fault in fired if fault.kind == "delay")
        if delay_ms:
            time.sleep(delay_ms / 1000)
        failing = [fault.kind for fault in fired if fault.kind != "delay"]
        return failing[0] if failing else None

    # -- clock ----------------------------------------------------------------------------------
    def advance_clock(self, seconds: float) -> None:
        with self._lock:
            self._clock_offset += timedelta(seconds=seconds)

    def now(self) -> datetime:
        with self._lock:
            offset = self._clock_offset
        return datetime.now(timezone.utc) + offset


CONTROLS = Controls()
