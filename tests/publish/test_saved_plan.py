"""Saved plans: ``walens plan --out FILE`` then ``walens publish --plan FILE`` applies exactly that."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from publisher.publish.fanout import TargetResult
from publisher.publish.jobs import JobContext, plan_one
from publisher.publish.release import Release
from publisher.publish.stop import STOP
from publisher.publish.targets import Target
from publisher.sandbox.steering import LocalSteering
from tests.publish.conftest import IN_PROCESS_ONLY, RECIPIENT, Sandbox, walens

LENS = "Example Data Governance Lens"


def test_a_saved_plan_is_applied_once_and_then_refused(project: Path, sandbox: Sandbox,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--out", "plan.json", "--region", "us-east-1") == 0
    saved = json.loads((project / "plan.json").read_text(encoding="utf-8"))
    assert saved["format"] == "walens-plan/2"
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


def _configure(project: Path, sandbox: Sandbox, *targets: str) -> None:
    """walens.yaml with these targets (``name[@account]``: through a role in that account), us-east-1."""
    endpoint = f"    endpointUrl: {sandbox.endpoint}\n" if sandbox.endpoint else ""
    entries = "".join(
        f"  - name: {name}\n    regions: [us-east-1]\n{endpoint}"
        + (f"    roleArn: arn:aws:iam::{account}:role/walens\n" if account else "")
        for name, _, account in (spec.partition("@") for spec in targets))
    (project / "walens.yaml").write_text(f"lens: lens\ntags: {{team: platform}}\n"
                                         f"shares: {{accounts: ['{RECIPIENT}']}}\ntargets:\n{entries}",
                                         encoding="utf-8")


def test_a_plan_made_for_one_account_is_refused_in_another_before_any_write(
        project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    _configure(project, sandbox, "prod@111111111111")
    assert walens("plan", "--out", "plan.json") == 0
    saved = json.loads((project / "plan.json").read_text(encoding="utf-8"))
    assert saved["targets"][0]["identity"]["account"] == "111111111111"
    _configure(project, sandbox, "prod@999999999999")
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json") == 1
    err = capsys.readouterr().err
    assert "prod/us-east-1" in err and "account planned '111111111111', now '999999999999'" in err
    assert "arn:aws:iam::111111111111:role/walens" in err and "arn:aws:iam::999999999999:role/walens" in err
    assert sandbox.writes() == []
    assert sandbox.lens(LENS, account="999999999999") == {} and sandbox.lens(LENS, account="111111111111") == {}


def test_one_moved_target_stops_the_whole_apply(project: Path, sandbox: Sandbox,
                                                capsys: pytest.CaptureFixture[str]) -> None:
    _configure(project, sandbox, "a@111111111111", "b@222222222222")
    assert walens("plan", "--out", "plan.json") == 0
    _configure(project, sandbox, "a@111111111111", "b@999999999999")
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json") == 1
    err = capsys.readouterr().err
    assert "b/us-east-1" in err and "a/us-east-1" not in err.split("nothing was applied")[-1]
    assert sandbox.writes() == []  # a/us-east-1 is as planned, and still gets nothing


@pytest.mark.parametrize(("option", "field"), [("--endpoint-url=http://127.0.0.1:9", "endpointUrl"),
                                               ("--profile=elsewhere", "profile")])
def test_a_plan_applied_through_another_endpoint_or_profile_is_refused(
        project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str], option: str, field: str) -> None:
    assert walens("plan", "--out", "plan.json", "--region", "us-east-1") == 0
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json", "--region", "us-east-1", option) == 1
    err = capsys.readouterr().err
    assert f"{field} planned " in err and option.split("=")[1] in err
    assert sandbox.writes() == []


@pytest.fixture
def denied(project: Path, sandbox: Sandbox) -> Iterator[None]:
    """Two targets; AssumeRole into ``denied``'s role fails (the role does not exist)."""
    _configure(project, sandbox, "good", "denied@444444444444")
    LocalSteering().require_existing_roles(True)
    yield
    LocalSteering().require_existing_roles(False)


def test_a_plan_is_not_saved_when_a_target_failed_to_plan(
        project: Path, sandbox: Sandbox, denied: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--out", "plan.json") == 1
    assert "the plan was NOT saved to plan.json: 1 target(s) did not plan" in capsys.readouterr().err
    assert not (project / "plan.json").exists()


def test_a_partial_plan_records_what_is_missing_and_applies_only_when_asked_twice(
        project: Path, sandbox: Sandbox, denied: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--out", "plan.json", "--allow-partial") == 1
    saved = json.loads((project / "plan.json").read_text(encoding="utf-8"))
    assert saved["partial"] is True and [t["target"] for t in saved["targets"]] == ["good"]
    assert [(m["target"], m["region"]) for m in saved["missing"]] == [("denied", "us-east-1")]
    assert "AccessDenied" in saved["missing"][0]["reason"]
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json") == 1
    err = capsys.readouterr().err
    assert "does not hold 1 selected target(s): denied/us-east-1 (" in err and "AccessDenied" in err
    assert "--allow-partial" in err and sandbox.writes() == []
    assert walens("publish", "--plan", "plan.json", "--allow-partial") == 1
    out = capsys.readouterr().out
    assert re.search(r"denied +\? +us-east-1 +not in the plan +- +FAILED", out)
    assert "create 1.0 (major)" in out and "PUBLISHED" in sandbox.lens(LENS)


def test_a_plan_where_every_target_failed_applies_nothing_and_names_them(
        project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    _configure(project, sandbox, "one@444444444444", "two@555555555555")
    LocalSteering().require_existing_roles(True)
    try:
        assert walens("plan", "--out", "plan.json", "--allow-partial") == 1
        assert json.loads((project / "plan.json").read_text(encoding="utf-8"))["targets"] == []
        capsys.readouterr()
        assert walens("publish", "--plan", "plan.json", "--allow-partial") == 1
    finally:
        LocalSteering().require_existing_roles(False)
    captured = capsys.readouterr()
    assert "one/us-east-1: error: not applied" in captured.out and "two/us-east-1: error: not applied" in captured.out
    assert "walens publish: 2 target(s)" in captured.err and sandbox.writes() == []


def test_a_complete_plan_applied_to_more_targets_than_it_holds_is_refused(
        project: Path, sandbox: Sandbox, capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--out", "plan.json", "--region", "us-east-1") == 0
    capsys.readouterr()
    for extra in ((), ("--allow-partial",)):
        assert walens("publish", "--plan", "plan.json", *extra) == 1
        err = capsys.readouterr().err
        assert "does not hold 1 selected target(s): sandbox/eu-west-1 (not planned)" in err
        assert "give publish the --target, --region and --shard the plan was made with" in err
    assert sandbox.writes() == []


@IN_PROCESS_ONLY
def test_a_plan_stopped_by_ctrl_c_is_not_saved_unless_partial_is_allowed(
        project: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    def plan_then_ctrl_c(context: JobContext, release: Release, target: Target) -> TargetResult:
        result = plan_one(context, release, target)
        STOP.request()  # what the first Ctrl-C does (tests/publish/test_ctrl_c.py sends real ones)
        return result

    monkeypatch.setattr("publisher.publish.jobs.plan_one", plan_then_ctrl_c)
    for regions in (["--region", "us-east-1"], []):  # Ctrl-C as the only target ends; as the first of two does
        assert walens("plan", "--out", "plan.json", "--workers", "1", *regions) == 130
        assert "NOT saved to plan.json: the run was stopped by Ctrl-C" in capsys.readouterr().err
        assert not (project / "plan.json").exists()
    assert walens("plan", "--out", "plan.json", "--workers", "1", "--allow-partial") == 130
    saved = json.loads((project / "plan.json").read_text(encoding="utf-8"))
    assert saved["partial"] and [(m["region"], m["reason"]) for m in saved["missing"]] == [
        ("eu-west-1", "the run was stopped before this target")]


@pytest.mark.parametrize(("args", "message"), [
    (["plan", "--allow-partial"], "--allow-partial goes with --out"),
    (["publish", "--allow-partial"], "--allow-partial goes with --plan"),
])
def test_allow_partial_needs_a_saved_plan(project: Path, capsys: pytest.CaptureFixture[str], args: list[str],
                                          message: str) -> None:
    assert walens(*args) == 2
    assert message in capsys.readouterr().err


def test_a_plan_made_for_another_lens_is_refused_naming_both(project: Path, sandbox: Sandbox,
                                                            capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("plan", "--out", "plan.json") == 0
    lens_yaml = project / "lens" / "lens.yaml"
    lens_yaml.write_text(lens_yaml.read_text(encoding="utf-8").replace(f"name: {LENS}", "name: Another Lens"),
                         encoding="utf-8")
    capsys.readouterr()
    assert walens("publish", "--plan", "plan.json") == 1
    assert f"plan.json was made for the lens '{LENS}', the config's lens is 'Another Lens'" in capsys.readouterr().err
    assert sandbox.writes() == []
