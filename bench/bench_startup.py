"""Start-up cost of whole ``walens`` processes, as a ratio to ``python -c "import click"``.

Usage: python bench/bench_startup.py [--runs N]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def walens_command() -> list[str]:
    exe = shutil.which("walens", path=str(Path(sys.executable).parent))
    return [exe] if exe else [sys.executable, "-m", "publisher.cli"]


def time_command(command: list[str], runs: int) -> float:
    """Median wall time in milliseconds over ``runs`` runs, after one warm-up run."""
    subprocess.run(command, cwd=REPO, capture_output=True, check=False)
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, cwd=REPO, capture_output=True, check=False)
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    walens = walens_command()
    cases = {
        'python -c "import click"': [sys.executable, "-c", "import click"],
        "walens --help": [*walens, "--help"],
        "walens validate lens_src/eks": [*walens, "validate", "lens_src/eks"],
    }
    results = {name: time_command(cmd, args.runs) for name, cmd in cases.items()}
    baseline = results['python -c "import click"']
    print(f"| command | median ms ({args.runs} runs) | ratio to import click |")
    print("|---|---|---|")
    for name, ms in results.items():
        print(f"| `{name}` | {ms:.0f} | {ms / baseline:.2f} |")


if __name__ == "__main__":
    main()
