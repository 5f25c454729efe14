"""Whole-process timing for the start-up benchmarks: wall and CPU time, interleaved runs, load average.

Python modules run from bytecode when their ``__pycache__`` holds it (pip writes it when it installs a
package) and are compiled from source otherwise (an editable install under ``PYTHONDONTWRITEBYTECODE``,
or the first run of a fresh checkout). :func:`bytecode_env` and :func:`source_env` give the two cases
for walens's own modules; its dependencies always have their bytecode, as pip installed them.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def walens_command() -> list[str]:
    """The project's ``walens`` entry point, next to the running interpreter."""
    exe = Path(sys.executable).parent / "walens"
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "publisher.cli"]


#: (command, environment) of one case
Case = tuple[list[str], dict[str, str]]


def bytecode_env() -> dict[str, str]:
    """This environment, with bytecode written (by the warm-up run) and read as an installed package's."""
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def before_env(folder: Path) -> dict[str, str]:
    """:func:`bytecode_env` running the ``publisher`` in ``folder`` (an earlier tree:
    ``git archive REV publisher | tar -x -C folder``) instead of this checkout's."""
    return {**bytecode_env(), "PYTHONPATH": str(folder)}


def source_env(folder: Path) -> dict[str, str]:
    """This environment, running a copy of ``publisher`` in ``folder`` that is compiled from source every run."""
    shutil.copytree(REPO / "publisher", folder / "publisher", ignore=shutil.ignore_patterns("__pycache__"))
    return {**os.environ, "PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}


def run_once(case: Case) -> tuple[float, float]:
    """(wall ms, CPU ms: user + system) of one whole process, started from the repository root."""
    command, env = case
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, env=env, capture_output=True, check=False)
    wall = (time.perf_counter() - start) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command)} failed:\n{result.stderr.decode()}")
    return wall, (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000


def measure(cases: dict[str, Case], runs: int) -> dict[str, tuple[float, float]]:
    """Median (wall ms, CPU ms) of each case; after one warm-up each, the cases take turns run by run,
    so that a shared machine's load hits them alike."""
    for case in cases.values():
        run_once(case)
    samples: dict[str, list[tuple[float, float]]] = {name: [] for name in cases}
    for _ in range(runs):
        for name, case in cases.items():
            samples[name].append(run_once(case))
    return {name: (statistics.median(s[0] for s in got), statistics.median(s[1] for s in got))
            for name, got in samples.items()}


def load_average() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def report(cases: dict[str, Case], runs: int, baseline: str) -> None:
    """Measure ``cases`` and print a Markdown table of medians, each as a ratio to the ``baseline`` case."""
    load_before = load_average()
    results = measure(cases, runs)
    print(f"load average (1, 5, 15 min): {load_before} before, {load_average()} after; "
          f"median of {runs} runs each, interleaved, after a warm-up")
    base_wall, base_cpu = results[baseline]
    print(f"| command | wall ms | ratio to {baseline} | CPU ms | ratio |")
    print("|---|---:|---:|---:|---:|")
    for name, (wall, cpu) in results.items():
        print(f"| `{name}` | {wall:.0f} | {wall / base_wall:.2f} | {cpu:.0f} | {cpu / base_cpu:.2f} |")
