"""Running one job per target on a bounded thread pool, with progress lines and a final table."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from publisher.publish.awserrors import describe
from publisher.publish.stop import STOP
from publisher.publish.targets import Target

DEFAULT_WORKERS = 16
COLUMNS = ("target", "account", "region", "action", "version", "result")


@dataclass
class TargetResult:
    """The outcome of one target; ``ok`` False makes the command exit 1."""

    target: Target
    account: str = "?"
    action: str = ""
    version: str = "-"
    ok: bool = True
    messages: list[str] = field(default_factory=list)
    detail: dict[str, Any] = field(default_factory=dict)

    @property
    def result(self) -> str:
        return "ok" if self.ok else "FAILED"

    def row(self) -> tuple[str, ...]:
        return (self.target.name, self.account, self.target.region, self.action, self.version, self.result)

    def to_json(self) -> dict[str, Any]:
        return {"target": self.target.name, "account": self.account, "region": self.target.region,
                "action": self.action, "version": self.version, "result": self.result,
                "messages": self.messages, **self.detail}


Job = Callable[[Target], TargetResult]


def run_targets(targets: Sequence[Target], job: Job, *, workers: int = DEFAULT_WORKERS,
                progress: Callable[[str], None] | None = None) -> list[TargetResult]:
    """Run ``job`` for every target concurrently; a failing target never stops the others.

    Results come back in the order of ``targets``; ``progress`` gets one line per finished target.
    """
    lock = threading.Lock()
    finished = 0

    def guarded(target: Target) -> TargetResult:
        nonlocal finished
        try:
            result = job(target) if not STOP.requested else TargetResult(
                target, action="not started (Ctrl-C)", ok=False, messages=["the run was stopped before this target"])
        except Exception as exc:
            result = TargetResult(target, action="error", ok=False, messages=[describe(exc)])
        with lock:
            finished += 1
            if progress is not None:
                progress(f"[{finished}/{len(targets)}] {target.label}: {result.action} ({result.result})")
        return result

    with ThreadPoolExecutor(max_workers=max(1, min(workers, len(targets)))) as pool:
        return list(pool.map(guarded, targets))


def format_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Left-aligned columns separated by two spaces, header in capitals."""
    table = [tuple(column.upper() for column in header), *(tuple(row) for row in rows)]
    widths = [max(len(row[i]) for row in table) for i in range(len(header))]
    return ["  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
            for row in table]


def render_table(results: Sequence[TargetResult], header: Sequence[str] = COLUMNS,
                 row: Callable[[TargetResult], Sequence[str]] = TargetResult.row, *, messages: bool = True) -> str:
    """The per-target table, then (unless told not to) one line per message."""
    lines = format_table(header, [row(result) for result in results])
    for result in results if messages else ():
        lines.extend(f"{result.target.label}: {message}" for message in result.messages)
    return "\n".join(lines)


def render_json(command: str, results: Sequence[TargetResult], workloads: Sequence[str] | None = None) -> str:
    """The command's JSON; ``workloads``: the lines saying how workload reviews move, when computed."""
    doc: dict[str, Any] = {"command": command, "ok": all(r.ok for r in results),
                           "targets": [r.to_json() for r in results]}
    if workloads is not None:
        doc["workloads"] = list(workloads)
    return json.dumps(doc, indent=2, default=str)
