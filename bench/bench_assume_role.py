"""Role assumption: N targets, each through its own role, every STS AssumeRole slowed by L ms.

Runs the publisher's fan-out (``run_targets``, default pool) with its ``Connector`` against a sandbox
server in this process; each target makes one ListLenses call, which assumes the target's role
first. The latency is injected in the client (a botocore ``before-call`` handler that sleeps on
AssumeRole), because the sandbox's latency control covers wellarchitected calls only. Prints the
median wall and CPU time (of this process: walens and the sandbox server share it), the AssumeRole
calls and the most of them in flight at once.

Run from the repository root: ``.venv/bin/python -m bench.bench_assume_role [--roles 32] [--latency-ms 200]``;
put another checkout first on ``PYTHONPATH`` to measure its ``publisher`` instead.
"""

from __future__ import annotations

import argparse
import statistics
import threading
import time
from functools import partial
from typing import Any

import publisher
from publisher.publish.fanout import DEFAULT_WORKERS, TargetResult, run_targets
from publisher.publish.targets import Connector, Target, offline_session
from publisher.sandbox.server import local_sandbox

FIRST_ACCOUNT = 500000000000


class SlowAssumeRole:
    """A session factory whose sessions sleep ``latency_ms`` in every AssumeRole and count them."""

    def __init__(self, latency_ms: int) -> None:
        self.latency = latency_ms / 1000
        self.calls = self.in_flight = self.most_in_flight = 0
        self._lock = threading.Lock()

    def session(self, profile: str | None) -> Any:
        session = offline_session(profile)
        session.events.register("before-call.sts.AssumeRole", self._call)
        return session

    def _call(self, **_: Any) -> None:
        with self._lock:
            self.calls += 1
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        time.sleep(self.latency)
        with self._lock:
            self.in_flight -= 1


def list_lenses(connector: Connector, target: Target) -> TargetResult:
    connector.client(target, "wellarchitected").list_lenses()
    return TargetResult(target, action="listed")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--roles", type=int, default=32)
    parser.add_argument("--latency-ms", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    print(f"publisher from {publisher.__file__}")
    print(f"{args.roles} targets, one role each, {args.latency_ms} ms per AssumeRole, {DEFAULT_WORKERS} workers")
    with local_sandbox() as endpoint:
        targets = [Target(f"t{n}", "us-east-1", endpoint_url=endpoint,
                          role_arn=f"arn:aws:iam::{FIRST_ACCOUNT + n}:role/walens-publisher")
                   for n in range(args.roles)]
        walls, cpus = [], []
        for _ in range(args.repeat):
            sts = SlowAssumeRole(args.latency_ms)
            start, cpu = time.perf_counter(), time.process_time()
            results = run_targets(targets, partial(list_lenses, Connector(sts.session)))
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
            assert all(result.ok for result in results), [result.messages for result in results if not result.ok]
    print(f"median wall {statistics.median(walls):.2f} s (runs: {', '.join(f'{wall:.2f}' for wall in walls)}), "
          f"median CPU {statistics.median(cpus):.2f} s; AssumeRole calls {sts.calls}, "
          f"most in flight {sts.most_in_flight}")


if __name__ == "__main__":
    main()
