"""`walens --help` and every sub-command's `--help` load no heavy library: they stay as fast as click."""

from __future__ import annotations

import json
import subprocess
import sys

from publisher.cli import COMMANDS

HEAVY = ("boto3", "botocore", "jsonschema", "yaml", "markdown_it", "moto", "deepdiff", "kubernetes")

PROBE = """
import json, sys
from publisher.cli import main
heavy, loaded = set(json.loads(sys.argv[1])), {}
for argv in ([["--help"]] + [[name, "--help"] for name in sys.argv[2:]]):
    try:
        main(argv)
    except SystemExit:
        pass
    loaded[" ".join(argv)] = sorted({m.split(".")[0] for m in sys.modules} & heavy)
print(json.dumps(loaded))
"""


def test_no_help_imports_a_heavy_library() -> None:
    argv = [sys.executable, "-c", PROBE, json.dumps(HEAVY), *sorted(COMMANDS)]
    result = subprocess.run(argv, capture_output=True, text=True, check=True)
    loaded = json.loads(result.stdout.strip().splitlines()[-1])
    assert set(loaded) == {"--help", *(f"{name} --help" for name in COMMANDS)}
    assert {argv: heavy for argv, heavy in loaded.items() if heavy} == {}
