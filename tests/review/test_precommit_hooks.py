"""The pre-commit hooks, installed by ``pre-commit try-repo`` from this repository into a scratch repository.

try-repo builds the hooks' environment with pip (PyPI), so this test needs the package index.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from .conftest import EXAMPLE, QUESTION, REPO, edit, git

PRE_COMMIT = Path(sys.executable).with_name("pre-commit")


def test_manifest_is_valid() -> None:
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (pip install -e .[dev])")
    result = subprocess.run([str(PRE_COMMIT), "validate-manifest", str(REPO / ".pre-commit-hooks.yaml")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"walens-validate", "walens-build-check"}


@pytest.mark.network
@pytest.mark.slow
def test_try_repo_passes_a_valid_lens_and_catches_a_stale_build(tmp_path: Path) -> None:
    if not PRE_COMMIT.exists():
        pytest.skip("pre-commit is not installed (pip install -e .[dev])")
    work = tmp_path / "lenses"
    shutil.copytree(EXAMPLE, work / "lens_src" / "example")
    (work / "build").mkdir()
    shutil.copy(REPO / "build" / "example.json", work / "build" / "example.json")
    edit(work / QUESTION, "title: Customer managed keys rotate automatically",
         "title: Customer managed keys rotate every year")  # valid sources, but build/example.json is now stale
    git(work, "init", "-q")
    git(work, "add", ".")
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "cache"), "PIP_DISABLE_PIP_VERSION_CHECK": "1",
           "PIP_NO_COMPILE": "1"}  # faster install: no bytecode compiling
    result = subprocess.run([str(PRE_COMMIT), "try-repo", str(REPO), "--all-files", "--color", "never"],
                            cwd=work, env=env, capture_output=True, text=True, check=False, timeout=600)
    output = result.stdout + result.stderr
    lines = {line.split(".")[0].strip(): line.rsplit(".", 1)[-1].strip() for line in output.splitlines()
             if line.startswith("walens")}
    assert lines.get("walens validate") == "Passed", output
    assert lines.get("walens build --check") == "Failed", output
    assert "build/example.json differs from a fresh build" in output
    assert result.returncode == 1
