"""`walens --help` and every sub-command's `--help` load no heavy library: they stay as fast as click."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys

import click
import pytest

from publisher.cli import COMMANDS, cli, help_width

HEAVY = ("boto3", "botocore", "jsonschema", "yaml", "markdown_it", "moto", "deepdiff", "kubernetes")
#: Standard-library modules a command needs only when it runs (``pathlib`` brings ``urllib.parse`` and
#: ``ipaddress``; ``tempfile`` brings ``random`` and ``shutil``), each a measurable part of a sub-command's
#: ``--help`` (BENCHMARKS.md, section 1). Path options convert with ``publisher.cli_params.LocalPath``.
DEFERRED = ("pathlib", "json", "dataclasses", "signal", "difflib", "logging", "tempfile", "shlex", "shutil")

PROBE = """
import sys
from publisher.cli import main
watched, loaded = set(sys.argv[1].split(",")), {}
for argv in [["--help"]] + [[*words.split(), "--help"] for words in sys.argv[2:]]:
    try:
        main(argv)
    except SystemExit:
        pass
    loaded[" ".join(argv)] = sorted({m.split(".")[0] for m in sys.modules} & watched)
print(repr(loaded))
"""


def command_paths() -> list[str]:
    """Every sub-command, and every sub-command of a sub-command that is a group (``assess apply``)."""
    paths = []
    for name in sorted(COMMANDS):
        command = cli.get_command(click.Context(cli), name)
        paths.append(name)
        if isinstance(command, click.Group):
            paths += [f"{name} {sub}" for sub in sorted(command.commands)]
    return paths


def help_imports(watched: tuple[str, ...]) -> dict[str, list[str]]:
    """Which of ``watched`` (top-level module names) are imported once ``walens --help`` and each
    sub-command's ``--help`` ran, cumulatively, in one process that imported nothing else."""
    paths = command_paths()
    argv = [sys.executable, "-c", PROBE, ",".join(watched), *paths]
    result = subprocess.run(argv, capture_output=True, text=True, check=True)
    loaded: dict[str, list[str]] = ast.literal_eval(result.stdout.strip().splitlines()[-1])
    assert set(loaded) == {"--help", *(f"{path} --help" for path in paths)} and "assess apply" in paths
    return {argv: modules for argv, modules in loaded.items() if modules}


def test_no_help_imports_a_heavy_library() -> None:
    assert help_imports(HEAVY) == {}


def test_no_help_imports_what_only_running_a_command_needs() -> None:
    assert help_imports(DEFERRED) == {}


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
