"""The bad-input corpus: every case yields its documented code, location and exit code, never a traceback."""

from __future__ import annotations

import json
import os
import shutil
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.cli import main

HERE = Path(__file__).resolve().parent
DEADLINE_SECONDS = 20
CASES = yaml.safe_load((HERE / "cases.yaml").read_text(encoding="utf-8"))
LENS_CASES = [case for case in CASES if case.get("target", "lens") == "lens"]


def _replacement(edit: dict[str, Any]) -> bytes:
    if "with_bytes" in edit:
        return bytes.fromhex(edit["with_bytes"])
    if "with_repeat" in edit:
        head, unit, times = edit["with_repeat"]
        return (head + unit * times).rstrip().encode()
    if "with_lines" in edit:
        template, count, tail = edit["with_lines"]
        return ("".join(template.format(i=i) for i in range(count)) + tail).encode()
    return str(edit["with"]).encode()


def _make_fifo(path: Path, via: bool | str) -> None:
    """``path`` becomes a named pipe, or (``via: name``) an in-lens symbolic link to one named ``name``."""
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this platform")
    path.unlink()
    if via is True:
        os.mkfifo(path)
    else:
        os.mkfifo(path.with_name(str(via)))
        path.symlink_to(str(via))


def apply_edit(path: Path, edit: dict[str, Any], outside: Path) -> None:
    """Apply one edit of the manifest to ``path``; an edit that finds nothing to change is a broken case."""
    if edit.get("delete"):
        path.unlink()
    elif edit.get("make_dir"):
        path.unlink()
        path.mkdir()
    elif "make_fifo" in edit:
        _make_fifo(path, edit["make_fifo"])
    elif "symlink_loop" in edit:
        partner = path.with_name(edit["symlink_loop"])
        path.unlink()
        if partner != path:
            partner.symlink_to(path.name)
        path.symlink_to(partner.name)
    elif edit.get("symlink_outside"):
        outside.write_bytes(path.read_bytes())
        path.unlink()
        path.symlink_to(outside)
    elif "write" in edit:
        path.write_text(edit["write"], encoding="utf-8")
    elif "bytes_prefix" in edit:
        path.write_bytes(bytes.fromhex(edit["bytes_prefix"]) + path.read_bytes())
    elif "append_repeat" in edit:
        text, times = edit["append_repeat"]
        path.write_bytes(path.read_bytes() + text.encode() * times)
    elif "truncate" in edit:
        path.write_bytes(path.read_bytes()[: edit["truncate"]])
    else:
        data = path.read_bytes()
        needle = str(edit["replace"]).encode()
        assert needle in data, f"case edit does not apply: {edit['replace']!r} not in {path.name}"
        path.write_bytes(data.replace(needle, _replacement(edit), 1))


def materialise(case: dict[str, Any], tmp_path: Path) -> tuple[Path, list[str]]:
    """Write the case's input under ``tmp_path``; returns the input root and the CLI arguments."""
    target = case.get("target", "lens")
    if target == "config":
        config = tmp_path / "walens.yaml"
        config.write_text(case["content"], encoding="utf-8")
        return tmp_path, ["plan", "--config", str(config)]
    if target == "json":
        doc = tmp_path / "lens.json"
        shutil.copy(HERE / "base.json", doc)
        apply_edit(doc, case["edit"], tmp_path / "outside")
        return tmp_path, ["validate", "--format", "json", str(doc)]
    root = tmp_path / "lens"
    shutil.copytree(HERE / "base_lens", root)
    edit = case.get("edit", {})
    if "add_file" in edit:
        (root / edit["add_file"]).write_text(edit["content"], encoding="utf-8")
    else:
        apply_edit(root / edit["file"], edit, tmp_path / "outside.md")
    for relative, content in case.get("extra_files", {}).items():
        (root / relative).parent.mkdir(parents=True, exist_ok=True)
        (root / relative).write_text(content, encoding="utf-8")
    return root, ["validate", "--format", "json", str(root)]


class Hung(BaseException):
    """Raised by the deadline; not an ``Exception`` (nor an OSError), so no handler under test swallows it."""


@contextmanager
def _deadline(seconds: int) -> Iterator[None]:
    """Interrupt a hang (a read from a named pipe) with ``Hung``, so that it fails the test instead."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise Hung(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def run_cli(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Run ``walens`` in process through its real entry point; any traceback or hang fails the test."""
    with _deadline(DEADLINE_SECONDS), pytest.raises(SystemExit) as stopped:
        main(args)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    assert "internal error" not in err
    return int(stopped.value.code or 0), out, err


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 60
    assert len({case["name"] for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_bad_input(case: dict[str, Any], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root, args = materialise(case, tmp_path)
    expect = case["expect"]
    code, out, err = run_cli(args, capsys)
    assert code == expect["exit"], f"exit {code}; stdout={out[:2000]} stderr={err[:2000]}"
    if "contains" in expect:
        assert expect["contains"] in err
        return
    findings = json.loads(out)["findings"]
    wanted_file = root / expect["file"] if "file" in expect else root / "lens.json"
    matches = [f for f in findings if f["code"] == expect["code"]
               and os.path.realpath(f["file"]) == os.path.realpath(wanted_file)  # realpath: safe on link loops
               and ("line" not in expect or f["line"] == expect["line"])
               and ("column" not in expect or f["column"] == expect["column"])
               and ("pointer" not in expect or f["pointer"] == expect["pointer"])]
    summary = [(f["code"], Path(f["file"]).name, f["line"], f["column"], f["pointer"]) for f in findings]
    assert matches, f"expected {expect}, got {summary}"


def _every_command(root: Path, out: Path) -> list[list[str]]:
    lens = str(root)
    return [["build", "--out", str(out), lens], ["build", "--check", "--out", str(out), lens],
            ["render", lens, "--format", "markdown"], ["diff", lens, lens],
            ["review", "--head", lens, "--base", lens, "--format", "text"]]


@pytest.mark.parametrize("case", LENS_CASES, ids=[case["name"] for case in LENS_CASES])
def test_bad_lens_through_every_command(case: dict[str, Any], tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    """Besides validate, every command that reads a lens folder ends with a documented exit code."""
    root, _ = materialise(case, tmp_path)
    for args in _every_command(root, tmp_path / "build"):
        code, _, err = run_cli(args, capsys)
        assert code in (0, 1, 2), f"walens {args[0]}: exit {code}; stderr={err[:2000]}"
