"""Start-up cost of whole ``walens`` processes, as a ratio to ``python -c "import click"`` in the same run.

Every ``--help`` (``walens --help`` and each sub-command's) and ``walens validate lens_src/eks``, run
interleaved with the baseline; wall and CPU medians, with the load average.

Usage: python -m bench.bench_startup [--runs N] [--no-subcommands] [--before DIR]
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bench.process_timing import before_env, bytecode_env, report, walens_command
from publisher.cli import COMMANDS

BASELINE = 'python -c "import click"'


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--no-subcommands", action="store_true", help="Only walens --help and validate.")
    parser.add_argument("--before", type=Path, help="A folder holding an earlier publisher, measured alongside.")
    args = parser.parse_args()
    walens = walens_command()
    env = bytecode_env()
    cases = {BASELINE: ([sys.executable, "-c", "import click"], env), "walens --help": ([*walens, "--help"], env)}
    if not args.no_subcommands:
        cases.update({f"walens {name} --help": ([*walens, name, "--help"], env) for name in sorted(COMMANDS)})
    cases["walens validate lens_src/eks"] = ([*walens, "validate", "lens_src/eks"], env)
    if args.before:
        for argv in (["--help"], ["build", "--help"], ["validate", "lens_src/eks"]):
            cases[f"before: walens {' '.join(argv)}"] = ([*walens, *argv], before_env(args.before))
    report(cases, args.runs, BASELINE)


if __name__ == "__main__":
    main()
