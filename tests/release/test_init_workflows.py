"""The project ``walens init`` writes runs as written on GitHub, in a repository that is not walens's:
workflows that parse and pass actionlint, whose commands use only walens and files init wrote, that
install the walens of this release, and a publish job with OIDC; editor schema hints that resolve."""

from __future__ import annotations

import re
import shlex
import subprocess
from collections.abc import Callable
from pathlib import Path, PurePosixPath
from typing import Any

import pytest
import yaml

from publisher.distribution import REPOSITORY, pip_requirement

from .project import LENSES, VERSION, init_files, init_workflows

RUNNERS = {"walens", "python"}  # the commands a generated step may run


def _steps(text: str) -> list[dict[str, Any]]:
    workflow = yaml.safe_load(text)
    return [step for job in workflow["jobs"].values() for step in job["steps"]]


def _commands(run: str) -> list[list[str]]:
    """The simple commands of a ``run:`` script (one a line, ``&&`` and ``;`` separated)."""
    return [shlex.split(part) for line in run.splitlines() for part in re.split(r"&&|;", line) if part.strip()]


@pytest.mark.parametrize("lens", LENSES)
def test_every_run_uses_walens_and_only_files_init_wrote(lens: str) -> None:
    files = init_files(lens)
    folders = {str(parent) for path in files for parent in PurePosixPath(path).parents}
    runs = [step["run"] for text in init_workflows(lens).values() for step in _steps(text) if "run" in step]
    assert runs
    for run in runs:
        for command in _commands(run):
            assert command[0] in RUNNERS, run
            paths = [word for word in command[1:] if not word.startswith(("git:", "$", "-"))
                     and ("/" in word or word.endswith((".txt", ".yml", ".json")))]
            for word in paths:
                assert word.rstrip("/") in files.keys() | folders, f"{word!r} in {run!r}: init does not write it"


@pytest.mark.parametrize("lens", LENSES)
def test_walens_is_installed_from_this_release_and_cached_on_requirements(lens: str) -> None:
    files = init_files(lens)
    requirement = [line for line in files["requirements.txt"].splitlines() if line and not line.startswith("#")]
    assert requirement == [pip_requirement()]
    assert requirement[0].endswith(f"git+https://github.com/{REPOSITORY}@v{VERSION}")  # pyproject's version
    for path, text in init_workflows(lens).items():
        steps = _steps(text)
        assert any(step.get("run") == "python -m pip install --quiet -r requirements.txt" for step in steps), path
        [setup] = [step for step in steps if step.get("uses", "").startswith("actions/setup-python@")]
        assert setup["with"]["cache"] == "pip" and setup["with"]["cache-dependency-path"] in files


def test_the_publish_workflow_assumes_a_role_through_oidc() -> None:
    workflow = yaml.safe_load(init_workflows()[".github/workflows/lens-publish.yml"])
    assert workflow["permissions"] == {"contents": "read"}
    [job] = workflow["jobs"].values()
    assert job["environment"] == "lens-publish" and job["permissions"]["id-token"] == "write"
    assert "vars.WALENS_ROLE_ARN != ''" in job["if"]  # skipped, not failed, until the role is set up
    [aws] = [step for step in job["steps"] if step.get("uses", "").startswith("aws-actions/configure-aws-credentials@")]
    assert aws["with"]["role-to-assume"] == "${{ vars.WALENS_ROLE_ARN }}"
    header = init_workflows()[".github/workflows/lens-publish.yml"].split("\nname:")[0]
    for term in ("sts:AssumeRoleWithWebIdentity", "token.actions.githubusercontent.com:sub",
                 "repo:OWNER/REPO:environment:lens-publish", "sts.amazonaws.com"):
        assert term in header  # the trust policy the role needs


def test_the_review_workflow_runs_on_pull_requests_with_the_base_in_the_clone() -> None:
    workflow = yaml.safe_load(init_workflows()[".github/workflows/lens-review.yml"])
    assert "pull_request" in workflow.get("on", workflow.get(True))
    steps = _steps(init_workflows()[".github/workflows/lens-review.yml"])
    assert steps[0]["with"]["fetch-depth"] == 0
    [review] = [step for step in steps if "walens review" in step.get("run", "")]
    assert "${{" not in review["run"] and review["env"]["BASE_REF"] == "${{ github.base_ref }}"


def test_the_project_keeps_walens_state_out_of_git() -> None:
    assert ".walens/" in init_files()[".gitignore"].splitlines()


@pytest.mark.parametrize("lens", LENSES)
def test_every_schema_comment_resolves_in_the_project(lens: str, tmp_path: Path) -> None:
    files = init_files(lens)
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    hints = [(path, target) for path, text in files.items() for target in re.findall(r"\$schema=(\S+)", text)]
    assert any(path.endswith("/lens.yaml") for path, _target in hints)
    for path, target in hints:
        resolved = (tmp_path / path).parent / target
        assert resolved.resolve().is_relative_to(tmp_path.resolve()), (path, target)
        assert resolved.is_file(), (path, target)


@pytest.mark.network
@pytest.mark.slow
def test_actionlint_accepts_the_generated_workflows(
        actionlint: Callable[[Path], subprocess.CompletedProcess[str]], tmp_path: Path) -> None:
    for lens in LENSES:
        for path, text in init_workflows(lens).items():
            (tmp_path / lens / path).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / lens / path).write_text(text, encoding="utf-8")
    for lens in LENSES:
        result = actionlint(tmp_path / lens)
        assert result.returncode == 0, result.stdout + result.stderr
