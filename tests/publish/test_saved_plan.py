"""Saved plans: ``walens plan --out FILE`` then ``walens publish --plan FILE`` applies exactly that."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.publish.conftest import Sandbox, walens


def test_a_saved_plan_is_applied_once_and_then_refused(project: Path, sandbox: Sandbox,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--out", "plan.json", "--region", "us-east-1") == 0
    saved = json.loads((project / "plan.json").read_text(encoding="utf-8"))
    assert saved["format"] == "walens-plan/1"
    assert [(t["region"], t["observed"]["publishedVersion"], [a["kind"] for a in t["actions"]])
            for t in saved["targets"]] == [("us-east-1", None, ["create-lens", "publish-version", "tag", "share"])]
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json", "--region", "us-east-1") == 0
    assert "create 1.0 (major)" in capsys.readouterr().out
    writes = len(sandbox.writes())
    assert walens("publish", "--plan", "plan.json", "--region", "us-east-1") == 1
    out = capsys.readouterr().out
    assert "publishedVersion: None -> '1.0'" in out and "refused" in out
    assert len(sandbox.writes()) == writes  # a refused target gets no write


def test_a_target_changed_by_someone_else_is_refused_naming_the_change(
        project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("publish", "--region", "us-east-1") == 0
    question = next((project / "lens").glob("*/*.md"))
    question.write_text(question.read_text(encoding="utf-8").replace("title:", "title: Edited", 1), encoding="utf-8")
    lens_yaml = project / "lens" / "lens.yaml"
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.1"'),
                         encoding="utf-8")
    assert walens("plan", "--out", "plan.json", "--region", "us-east-1") == 0
    arn = json.loads((project / "plan.json").read_text(encoding="utf-8"))["targets"][0]["lensArn"]
    sandbox.client().tag_resource(WorkloadArn=arn, Tags={"owner": "someone-else"})
    capsys.readouterr()
    writes = len(sandbox.writes())
    assert walens("publish", "--plan", "plan.json", "--region", "us-east-1") == 1
    out = capsys.readouterr().out
    assert "the target changed since the plan (tags:" in out and "'owner': 'someone-else'" in out
    assert len(sandbox.writes()) == writes


def test_a_plan_applies_only_to_the_build_it_was_made_for(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--out", "plan.json") == 0
    lens_yaml = project / "lens" / "lens.yaml"
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8").replace('version: "1.0"', 'version: "1.5"'),
                         encoding="utf-8")
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json") == 1
    assert "changed since the plan was saved" in capsys.readouterr().err


@pytest.mark.parametrize(("args", "message"), [
    (["--plan", "plan.json", "--auto-bump"], "--plan applies the options the plan was made with"),
    (["--plan", "absent.json"], "does not exist"),
])
def test_publish_plan_usage_errors(project: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                   message: str) -> None:
    (project / "plan.json").write_text("{}", encoding="utf-8")
    assert walens("publish", *args) == 2
    assert message in capsys.readouterr().err


def test_a_file_that_is_not_a_plan_is_refused(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "plan.json").write_text('{"targets": []}', encoding="utf-8")
    assert walens("publish", "--plan", "plan.json") == 2
    assert "is not a saved walens plan" in capsys.readouterr().err
