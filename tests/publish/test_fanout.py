"""The bounded fan-out: every target runs, failures are contained, the table and JSON list them all."""

from __future__ import annotations

import json
import threading

from publisher.errors import WalensError
from publisher.publish.fanout import TargetResult, render_json, render_table, run_targets
from publisher.publish.targets import Target

TARGETS = [Target(name=f"t{i}", region="us-east-1") for i in range(6)]


def test_a_failing_target_does_not_stop_the_others() -> None:
    def job(target: Target) -> TargetResult:
        if target.name == "t2":
            raise WalensError("t2 is broken")
        return TargetResult(target, account="111111111111", action="publish 1.1 (minor)", version="1.1")

    lines: list[str] = []
    results = run_targets(TARGETS, job, workers=3, progress=lines.append)
    assert [r.target.name for r in results] == [t.name for t in TARGETS]
    assert [r.ok for r in results] == [True, True, False, True, True, True]
    assert results[2].messages == ["t2 is broken"]
    assert len(lines) == 6 and any(line.endswith("t2/us-east-1: error (FAILED)") for line in lines)


def test_pool_is_bounded() -> None:
    running, peak, lock = 0, 0, threading.Lock()
    gate = threading.Barrier(2, timeout=5)

    def job(target: Target) -> TargetResult:
        nonlocal running, peak
        with lock:
            running += 1
            peak = max(peak, running)
        gate.wait()  # two workers must be able to run at the same time
        with lock:
            running -= 1
        return TargetResult(target)

    run_targets(TARGETS, job, workers=2)
    assert peak == 2


def test_table_and_json() -> None:
    results = [TargetResult(TARGETS[0], account="111111111111", action="no change", version="1.0"),
               TargetResult(TARGETS[1], account="?", action="error", ok=False, messages=["boom"])]
    table = render_table(results).splitlines()
    assert table[0].split() == ["TARGET", "ACCOUNT", "REGION", "ACTION", "VERSION", "RESULT"]
    assert table[1].split() == ["t0", "111111111111", "us-east-1", "no", "change", "1.0", "ok"]
    assert table[2].split()[-1] == "FAILED"
    assert table[3] == "t1/us-east-1: boom"
    doc = json.loads(render_json("publish", results))
    assert doc["ok"] is False
    assert [t["result"] for t in doc["targets"]] == ["ok", "FAILED"]
