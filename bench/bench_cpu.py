"""Client-side CPU per target: the walens process only, for 150 and 1,000 targets (and any other count).

For each target count, on a fresh sandbox: a first publish, then ``plan`` and a no-op publish of the
same lens (the common steady state), each as its own ``walens`` process with the default pool.  The
sandbox server runs in this (the benchmark's) process, so its CPU is never counted: the figure is
the CPU (user + system, ``getrusage`` of the finished child) of the walens process alone.  Each
scenario is also run against one target, which gives the fixed cost (start-up, imports, reading and
validating the lens) and so the marginal cost of one more target.

Every account is reached through an assumed role; targets are accounts x 5 Regions.

Run from the repository root: ``.venv/bin/python -m bench.bench_cpu [--targets 150 1000] [--lens eks]``;
``--repeat N`` runs everything N times (the target counts interleaved, each run on a fresh sandbox)
and shows the median and range of each figure; ``--py-spy DIR`` also records a py-spy profile (all
threads) of each run into DIR.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from statistics import median

from bench.bench_fanout import machine
from publisher.publish.fanout import DEFAULT_WORKERS
from publisher.sandbox.harness import Sandbox
from publisher.sandbox.server import local_sandbox
from tests.proof.scenarios import RECIPIENT, REPO, child_environment

REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "us-west-2", "eu-central-1")
FIRST_ACCOUNT = 400000000000
#: (label, walens command): run in this order on one sandbox, so plan and no-op see the published lens.
SCENARIOS = (("first publish", "publish"), ("plan", "plan"), ("no-op publish", "publish"))


@dataclass(frozen=True)
class Run:
    scenario: str
    targets: int
    cpu: float  # user + system seconds of the walens process
    system: float  # of which in the kernel (sockets, thread switches)
    wall: float
    calls: int
    ok: int


def write_config(folder: Path, endpoint: str, lens: Path, targets: int) -> Path:
    accounts = -(-targets // len(REGIONS))
    entries = [{"name": f"acct{index:04d}", "roleArn": f"arn:aws:iam::{FIRST_ACCOUNT + index}:role/walens-publisher",
                "regions": list(REGIONS[:min(len(REGIONS), targets - index * len(REGIONS))]),
                "endpointUrl": endpoint} for index in range(accounts)]
    config = {"lens": str(lens), "tags": {"team": "platform"}, "shares": {"accounts": [RECIPIENT]},
              "targets": entries}
    path = folder / f"walens-{targets}.yaml"
    path.write_text(json.dumps(config, indent=2), encoding="utf-8")
    return path


def child_cpu() -> tuple[float, float]:
    """(user + system, system) CPU seconds of this process's finished children."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime, usage.ru_stime


def run(sandbox: Sandbox, config: Path, scenario: str, command: str, targets: int, workers: int,
        py_spy: Path | None) -> Run:
    sandbox.steering.reset_calls()
    walens = [sys.executable, "-m", "publisher.cli", command, "--config", str(config), "--format", "json",
              "--workers", str(workers)]
    if py_spy is not None:
        out = py_spy / f"{targets}-{scenario.replace(' ', '-')}.txt"
        walens = [str(Path(sys.executable).parent / "py-spy"), "record", "--format", "raw", "--rate", "250",
                  "--gil", "--output", str(out), "--", *walens]
    before, start = child_cpu(), time.perf_counter()
    process = subprocess.run(walens, cwd=config.parent, env=child_environment(), capture_output=True, text=True,
                             timeout=3600, check=False)
    wall, after = time.perf_counter() - start, child_cpu()
    if process.returncode != 0:
        raise SystemExit(f"{scenario} ({targets} targets): walens exited {process.returncode}: "
                         f"{process.stderr[-2000:]}")
    ok = process.stdout.count('"result": "ok"')  # (py-spy may write into the JSON on stdout)
    return Run(scenario, targets, after[0] - before[0], after[1] - before[1], wall, len(sandbox.steering.calls()), ok)


def measure(sandbox: Sandbox, folder: Path, lens: Path, targets: int, workers: int,
            py_spy: Path | None) -> list[Run]:
    sandbox.reset()
    config = write_config(folder, sandbox.endpoint or "", lens, targets)
    return [run(sandbox, config, scenario, command, targets, workers, py_spy) for scenario, command in SCENARIOS]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--targets", type=int, nargs="+", default=[150, 1000])
    parser.add_argument("--lens", default="eks", help="a folder of lens_src (default: eks, 275 KB on the wire)")
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS)
    parser.add_argument("--repeat", type=int, default=1,
                        help="runs of every scenario and count, each on a fresh sandbox (median and range shown)")
    parser.add_argument("--py-spy", type=Path, help="record a py-spy profile of each walens run into this folder")
    args = parser.parse_args()
    if args.py_spy is not None:
        args.py_spy.mkdir(parents=True, exist_ok=True)

    lens = REPO / "lens_src" / args.lens
    print(f"machine: {machine()}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"lens {args.lens}, {args.workers} workers, targets = accounts x up to {len(REGIONS)} Regions, "
          f"each account through an assumed role; no injected latency; {args.repeat} run(s) of each")
    runs: dict[tuple[str, int], list[Run]] = {}
    with tempfile.TemporaryDirectory() as scratch, local_sandbox() as endpoint:
        folder = Path(scratch)
        shutil.copytree(lens, folder / "lens")  # git-less copy: no commit lookup noise
        sandbox = Sandbox(endpoint=endpoint)
        for _ in range(args.repeat):  # counts interleaved, so that a slow spell of the machine hits all
            for count in (1, *args.targets):
                for r in measure(sandbox, folder, folder / "lens", count, args.workers,
                                 args.py_spy if count > 1 else None):
                    runs.setdefault((r.scenario, r.targets), []).append(r)
    print("| scenario | targets | walens CPU s | of which system s | CPU ms per target | marginal ms per target "
          "| wall s | calls | targets ok |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    for (scenario, targets), group in runs.items():
        fixed = median(r.cpu for r in runs[(scenario, 1)])
        per_target = [r.cpu / targets * 1000 for r in group]
        marginal = [(r.cpu - fixed) / (targets - 1) * 1000 for r in group] if targets > 1 else []
        print(f"| {scenario} | {targets} | {median(r.cpu for r in group):.2f} | {median(r.system for r in group):.2f} "
              f"| {spread(per_target)} | {spread(marginal)} | {median(r.wall for r in group):.1f} "
              f"| {group[0].calls} | {min(r.ok for r in group)}/{targets} |")
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


def spread(values: list[float]) -> str:
    """``median (min-max)`` of several runs, the value alone for one run, "-" for none."""
    if not values:
        return "-"
    if len(values) == 1:
        return f"{values[0]:.1f}"
    return f"{median(values):.1f} ({min(values):.1f}-{max(values):.1f})"


if __name__ == "__main__":
    main()
