"""``walens build`` and ``walens decompile`` as users run them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.lensjson import canonical, dumps
from tests.corpus import CORPUS, HUB

from .conftest import GOOD_QUESTION, REPO


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "publisher.cli", *args], capture_output=True, text=True,
                          cwd=cwd or REPO, check=False)


def test_build_writes_json_and_check_detects_staleness(lens_factory, tmp_path: Path) -> None:
    root = lens_factory()
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(root), "--out", str(out)])
    assert first.exit_code == 0, first.output
    built = out / "lens.json"
    assert json.loads(built.read_text())["name"] == "Test Lens"
    assert runner.invoke(cli, ["build", str(root), "--out", str(out), "--check"]).exit_code == 0
    (root / "pil" / "q_one.md").write_text(GOOD_QUESTION.replace("Option A", "Option A2"))
    stale = runner.invoke(cli, ["build", str(root), "--out", str(out), "--check"])
    assert stale.exit_code == 1
    assert "differs from a fresh build (2 lines changed)" in stale.output
    assert '"title": "Option A2"' in stale.output
    assert "Option A2" not in built.read_text()  # --check never writes


def test_build_refuses_sources_with_errors(lens_factory, tmp_path: Path) -> None:
    root = lens_factory({"q_one": GOOD_QUESTION.replace("title: Do you", "title: [Do you")})
    result = run("build", str(root), "--out", str(tmp_path / "out"))
    assert result.returncode == 1
    assert "q_one.md:2:" in result.stderr and "E0901" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_committed_builds_are_fresh() -> None:
    result = run("build", "--check")
    assert result.returncode == 0, result.stderr


def test_not_a_lens_folder_is_a_usage_error(tmp_path: Path) -> None:
    result = run("build", str(tmp_path))
    assert result.returncode == 2
    assert "no lens.yaml" in result.stderr and "Traceback" not in result.stderr


def test_decompile_cli_round_trip(tmp_path: Path) -> None:
    source = HUB / "DynamoDB" / "custom-lensddb-v1.0.json"
    result = run("decompile", str(source), str(tmp_path / "ddb"), "--version", "1.0")
    assert result.returncode == 0, result.stderr
    assert "lens._version" in result.stdout
    built = run("build", str(tmp_path / "ddb"), "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr


@pytest.mark.parametrize("version", ["1.3.4", "1.3.5", "1.3.6"])
def test_decompiled_orr_lenses_build_to_the_same_json(tmp_path: Path, version: str) -> None:
    source = CORPUS / "orr-history" / f"orr-v{version}-PUBLISHED.json"
    assert run("decompile", str(source), str(tmp_path / "orr")).returncode == 0
    built = run("build", str(tmp_path / "orr"), "--out", str(tmp_path / "out"))
    assert built.returncode == 0, built.stderr
    assert (tmp_path / "out" / "orr.json").read_text() == dumps(canonical(json.loads(source.read_text())))


def test_decompile_invalid_json_names_line_and_column(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{\n  "name": "x",\n  "pillars": [,]\n}\n')
    result = run("decompile", str(bad), str(tmp_path / "out"))
    assert result.returncode == 2
    assert f"{bad}:3:15: E0001 invalid JSON" in result.stderr


def test_help_does_not_import_heavy_modules() -> None:
    code = ("import sys; from publisher.cli import main\n"
            "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('boto3', 'botocore', 'jsonschema', 'moto', 'yaml', 'markdown_it', 'deepdiff')"
            " if m in sys.modules]\nprint(heavy)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip().splitlines()[-1] == "[]"
