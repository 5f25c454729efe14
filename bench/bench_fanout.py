"""Fan-out: ``walens publish`` to 50 accounts x 3 Regions on one sandbox server, every call slowed by 50 ms.

Times the whole CLI process with the default pool (``--pool`` to try another size) and with
``--workers 1`` (sequential), each time on a fresh sandbox (a first publish: find, import, confirm,
version, verify, tag, share per target).  A
third run repeats the pooled run with throttling injected every N-th call, to show that botocore's
retries absorb it and no throttling error reaches the user.  Target: default pool >= 8x sequential.

Run from the repository root: ``.venv/bin/python -m bench.bench_fanout [--accounts 50] [--latency-ms 50]``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from publisher.publish.fanout import DEFAULT_WORKERS
from publisher.sandbox.harness import Sandbox
from publisher.sandbox.server import local_sandbox
from tests.proof.scenarios import EXAMPLE_LENS, RECIPIENT, child_environment

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
FIRST_ACCOUNT = 300000000000


@dataclass(frozen=True)
class Measurement:
    label: str
    workers: int
    seconds: float
    client_cpu: float  # user + system seconds of the walens process
    server_cpu: float  # CPU seconds of this process, i.e. the sandbox server's threads
    targets_ok: int
    targets: int
    calls: int
    throttled: int
    throttling_in_output: bool


def write_config(folder: Path, endpoint: str, accounts: int) -> Path:
    targets = [{"name": f"acct{index:02d}", "roleArn": f"arn:aws:iam::{FIRST_ACCOUNT + index}:role/walens-publisher",
                "regions": list(REGIONS), "endpointUrl": endpoint} for index in range(accounts)]
    config = {"lens": str(EXAMPLE_LENS), "tags": {"team": "platform"}, "shares": {"accounts": [RECIPIENT]},
              "targets": targets}
    path = folder / "walens.yaml"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return path


def measure(label: str, sandbox: Sandbox, config: Path, workers: int, latency_ms: int,
            throttle_every: int = 0, expected_calls: int = 0) -> Measurement:
    """Publish to every target of ``config`` on a fresh sandbox; time the CLI process."""
    sandbox.reset()
    sandbox.steering.set_latency(latency_ms)
    for nth in range(throttle_every, expected_calls + 1, throttle_every) if throttle_every else ():
        sandbox.steering.inject_fault("*", "throttle", nth=nth)
    command = [sys.executable, "-m", "publisher.cli", "publish", "--config", str(config), "--format", "json",
               "--workers", str(workers)]
    children, server, start = child_cpu(), time.process_time(), time.perf_counter()
    process = subprocess.run(command, cwd=config.parent, env=child_environment(), capture_output=True, text=True,
                             timeout=1800, check=False)
    seconds, server_cpu, client_cpu = (time.perf_counter() - start, time.process_time() - server,
                                       child_cpu() - children)
    sandbox.steering.clear_faults()
    if process.returncode not in (0, 1):
        raise SystemExit(f"{label}: walens exited {process.returncode}: {process.stderr}")
    report = json.loads(process.stdout)
    calls = sandbox.steering.calls()
    targets_ok = sum(target["result"] == "ok" for target in report["targets"])
    throttled = sum(call.fault == "throttle" for call in calls)
    return Measurement(label, workers, seconds, client_cpu, server_cpu, targets_ok, len(report["targets"]), len(calls),
                       throttled, "Throttling" in process.stdout + process.stderr)


def child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def machine() -> str:
    return (f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} CPUs "
            f"({platform.processor() or platform.machine()})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--latency-ms", type=int, default=50)
    parser.add_argument("--throttle-every", type=int, default=50, help="0: no throttled run")
    parser.add_argument("--pool", type=int, default=DEFAULT_WORKERS, help="workers of the pooled runs")
    args = parser.parse_args()

    print(f"machine: {machine()}")
    print(f"{args.accounts} accounts x {len(REGIONS)} Regions = {args.accounts * len(REGIONS)} targets, "
          f"{args.latency_ms} ms per call")
    with tempfile.TemporaryDirectory() as folder, local_sandbox() as endpoint:
        sandbox = Sandbox(endpoint=endpoint)
        config = write_config(Path(folder), endpoint, args.accounts)
        sequential = measure("sequential", sandbox, config, 1, args.latency_ms)
        pooled = measure("pool", sandbox, config, args.pool, args.latency_ms)
        runs = [sequential, pooled]
        if args.throttle_every:
            runs.append(measure(f"pool, throttle every {args.throttle_every}th call", sandbox, config,
                                args.pool, args.latency_ms, args.throttle_every, pooled.calls))
    print("| run | workers | wall s | walens CPU s | sandbox CPU s | targets ok | wellarchitected calls "
          "| throttled calls | throttling shown |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---|")
    for run in runs:
        print(f"| {run.label} | {run.workers} | {run.seconds:.1f} | {run.client_cpu:.1f} | {run.server_cpu:.1f} "
              f"| {run.targets_ok}/{run.targets} | {run.calls} | {run.throttled} "
              f"| {'yes' if run.throttling_in_output else 'no'} |")
    print(f"load average at the end: {' '.join(f'{load:.1f}' for load in os.getloadavg())}")
    print(f"speed-up of {args.pool} workers: {sequential.seconds / pooled.seconds:.1f}x "
          f"(target >= 8x with the default {DEFAULT_WORKERS})")


if __name__ == "__main__":
    main()
