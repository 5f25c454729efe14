"""`walens --help` and every sub-command's `--help` load no heavy library: they stay as fast as click."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from publisher.cli import COMMANDS, help_width

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


def test_help_imports_no_archive_modules() -> None:
    """``walens --help`` finds the terminal width without ``shutil`` (which imports zlib, bz2 and lzma)."""
    probe = "import sys\nfrom publisher.cli import main\ntry:\n    main(['--help'])\nexcept SystemExit:\n    pass\n" \
            "print(sorted({'shutil', 'lzma', 'bz2', 'publisher.safetext'} & set(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("columns", [None, "100", "60", "30", "0", "wide"])
def test_help_width_is_clicks(columns: str | None, monkeypatch: pytest.MonkeyPatch) -> None:
    """The width ``help_width`` gives is the one click's help formatter computes with ``shutil``."""
    if columns is None:
        monkeypatch.delenv("COLUMNS", raising=False)
    else:
        monkeypatch.setenv("COLUMNS", columns)
    assert help_width() == max(min(shutil.get_terminal_size().columns, 80) - 2, 50)
