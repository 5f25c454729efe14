"""``walens build`` as a ratio to a bare parse floor of the same files, measured side by side.

The floor is one process that imports PyYAML, ``yaml.safe_load``s every ``lens.yaml``,
``pillar.yaml`` and question front matter of the lens folder, then ``json.dumps`` the built lens
(``build/<lens>.json``, indented as ``walens build`` writes it): what any tool must do to read the
same files and write the same JSON. All are whole, cold processes (nothing is cached between runs
but Python's bytecode), run interleaved after one warm-up each; wall and CPU medians, with the load
average. walens runs twice: with its bytecode (as pip installs it) and compiled from source.

Usage: python -m bench.bench_build_floor [--runs N] [--lens lens_src/eks] [--before DIR]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from bench.process_timing import before_env, bytecode_env, report, source_env, walens_command

FLOOR_NAME = "parse floor"
FLOOR = """
import json, sys, yaml
from pathlib import Path
lens, built = Path(sys.argv[1]), Path(sys.argv[2])
for path in sorted(lens.rglob("*")):
    if path.suffix == ".yaml":
        yaml.safe_load(path.read_text(encoding="utf-8"))
    elif path.suffix == ".md":
        lines = path.read_text(encoding="utf-8").split("\\n")
        yaml.safe_load("\\n".join(lines[1:lines.index("---", 1)]))
json.dumps(json.loads(built.read_text(encoding="utf-8")), indent=2, ensure_ascii=False)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--lens", type=Path, default=Path("lens_src/eks"))
    parser.add_argument("--before", type=Path, help="A folder holding an earlier publisher, measured alongside.")
    args = parser.parse_args()
    built = Path("build") / f"{args.lens.name}.json"
    with tempfile.TemporaryDirectory(prefix="walens-bench-") as tmp:
        build = [*walens_command(), "build", str(args.lens), "--out", tmp]
        cases = {FLOOR_NAME: ([sys.executable, "-c", FLOOR, str(args.lens), str(built)], bytecode_env()),
                 f"walens build {args.lens}": (build, bytecode_env()),
                 f"walens build {args.lens}, from source": (build, source_env(Path(tmp)))}
        if args.before:
            cases[f"before: walens build {args.lens}"] = (build, before_env(args.before))
        report(cases, args.runs, FLOOR_NAME)


if __name__ == "__main__":
    main()
