"""Every command reads a lens the same way: the same malformed inputs, through every command, compared.

Two kinds of command see a reading problem. ``validate`` and ``build`` report it as a finding
(exit 1 on an error, 0 on a warning). Every other command refuses an input with a reading error
(exit 2) and names the same code at the same place, and goes on after a warning, which it prints.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from publisher.cli import main
from publisher.loader import MAX_JSON_BYTES

REPO = Path(__file__).resolve().parents[1]

EXAMPLE_JSON = REPO / "build" / "example.json"
EXAMPLE_SOURCES = REPO / "lens_src" / "example"
QUESTION = "gov_encryption"


@dataclass(frozen=True)
class Case:
    """A malformed input: how to make it, the code it must produce and where (None: anywhere)."""

    name: str
    make: Callable[[Path], Path]
    code: str | None  # the finding validate reports; None: no command reads the input at all
    where: str  # the end of "path:line:col", or of the path alone when the line varies
    error: bool
    #: What the other commands say when they refuse it (default: the code and its place).
    refusal: str = ""


def _json(tmp: Path, data: bytes) -> Path:
    path = tmp / "lens.json"
    path.write_bytes(data)
    return path


def _example_text() -> str:
    return EXAMPLE_JSON.read_text(encoding="utf-8")


def _fifo(tmp: Path) -> Path:
    path = tmp / "lens.json"
    os.mkfifo(path)
    return path


def _sources(tmp: Path, file: str = "", old: str = "", new: str = "", prefix: bytes = b"") -> Path:
    folder = tmp / "lens"
    shutil.copytree(EXAMPLE_SOURCES, folder)
    if file:
        path = folder / file
        path.write_bytes(prefix + path.read_text(encoding="utf-8").replace(old, new, 1).encode("utf-8"))
    return folder


def _without(folder: Path, file: str) -> Path:
    (folder / file).unlink()
    return folder


JSON_CASES = [
    Case("bom", lambda t: _json(t, b"\xef\xbb\xbf" + _example_text().encode()), "W0004", "lens.json:1:1", False),
    Case("duplicate-key", lambda t: _json(t, _example_text().replace(
        '"schemaVersion": "2021-11-01",', '"schemaVersion": "2021-11-01", "schemaVersion": "2021-11-01",', 1
    ).encode()), "W0003", "lens.json:2:51", False),
    Case("nan", lambda t: _json(t, _example_text().replace('"name": "Example', '"name": NaN, "x": "', 1).encode()),
         "E0001", "lens.json:3:11", True),
    Case("not-utf8", lambda t: _json(t, _example_text().encode().replace(b"Example", b"Ex\xffample", 1)),
         "E0002", "lens.json:3:14", True),
    Case("huge-number", lambda t: _json(t, b'{"name": 1e999}'), "E0001", "lens.json:1:10", True),
    Case("too-deep", lambda t: _json(t, b"[" * 300 + b"]" * 300), "E0001", "lens.json:1:201", True),
    Case("oversize", lambda t: _json(t, _example_text().encode() + b" " * MAX_JSON_BYTES), "E0005", "lens.json:1:1",
         True),
    Case("not-an-object", lambda t: _json(t, b"[1, 2]"), "E1002", "lens.json:1:1", True,
         refusal="lens.json: a lens is a JSON object, not an array"),
    Case("fifo", _fifo, None, "", True, refusal="lens.json: not a regular file"),
]
SOURCE_CASES = [
    Case("bom-in-lens-yaml", lambda t: _sources(t, "lens.yaml", prefix=b"\xef\xbb\xbf"), "W0912", "lens/lens.yaml:1:1",
         False),
    Case("yaml-syntax", lambda t: _sources(t, "lens.yaml", "version:", "version: [", b""), "E0901",
         "lens/lens.yaml", True),
    Case("missing-question", lambda t: _without(_sources(t), "governance/gov_ownership.md"), "E0902",
         "lens/governance/pillar.yaml", True),
]

#: command name -> its arguments for an input path (in a folder of its own: ``out`` is free to write).
JSON_COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    "validate": lambda p: ["validate", str(p)],
    "explain": lambda p: ["explain", str(p), QUESTION],
    "diff": lambda p: ["diff", str(p), str(p)],
    "render": lambda p: ["render", str(p), "--format", "markdown"],
    "decompile": lambda p: ["decompile", str(p), str(p.parent / "out")],
    "review": lambda p: ["review", "--base", str(p), "--head", str(p), "--format", "text"],
}
SOURCE_COMMANDS: dict[str, Callable[[Path], list[str]]] = {
    **JSON_COMMANDS,
    "build": lambda p: ["build", str(p), "--out", str(p.parent / "out")],
    "plan": lambda p: ["plan", "--lens", str(p)],
    "publish": lambda p: ["publish", "--lens", str(p)],
    "rollback": lambda p: ["rollback", "--lens", str(p), "--to", "1.0"],
}
del SOURCE_COMMANDS["decompile"]  # decompile reads lens JSON only
REPORTERS = frozenset({"validate", "build"})
SERVICE_COMMANDS = frozenset({"plan", "publish", "rollback"})


def run(capsys: pytest.CaptureFixture[str], args: list[str]) -> tuple[int, str]:
    """Exit code and everything printed (stdout then stderr)."""
    try:
        main(args)
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def check(case: Case, command: str, code: int, output: str) -> None:
    assert "Traceback" not in output and "internal error" not in output, output
    if not case.error:
        assert code == 0 or command in SERVICE_COMMANDS, output  # the service's answer is not this test's business
        assert case.where in output and f"{case.code} " in output, output
        return
    if command in REPORTERS and case.code is not None:
        assert code == 1, output
        assert case.where in output and f"{case.code} " in output, output
    else:
        assert code == 2, output
        assert case.refusal in output if case.refusal else (case.where in output and f"{case.code} " in output), output


@pytest.fixture
def lens_project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, sandbox_inprocess: object) -> Path:
    """A folder with a walens.yaml whose one target is the in-process sandbox."""
    (tmp_path / "walens.yaml").write_text("lens: lens\ntargets:\n  - name: sandbox\n    regions: [us-east-1]\n",
                                          encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.mark.parametrize("command", sorted(JSON_COMMANDS))
@pytest.mark.parametrize("case", JSON_CASES, ids=lambda case: case.name)
def test_lens_json_inputs(case: Case, command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = case.make(tmp_path)
    code, output = run(capsys, JSON_COMMANDS[command](path))
    check(case, command, code, output)


@pytest.mark.parametrize("command", sorted(SOURCE_COMMANDS))
@pytest.mark.parametrize("case", SOURCE_CASES, ids=lambda case: case.name)
def test_lens_source_inputs(case: Case, command: str, lens_project: Path,
                            capsys: pytest.CaptureFixture[str]) -> None:
    path = case.make(lens_project)
    code, output = run(capsys, SOURCE_COMMANDS[command](path))
    check(case, command, code, output)


def test_the_cases_are_what_they_claim() -> None:
    """Guard the fixtures: the example lens really is valid JSON and its question exists."""
    doc = json.loads(_example_text())
    assert QUESTION in [q["id"] for pillar in doc["pillars"] for q in pillar["questions"]]
