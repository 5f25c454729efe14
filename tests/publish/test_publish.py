"""publish against the sandbox: versions, tags, idempotency, backups, version policy, drafts, failures."""

from __future__ import annotations

import json
import shutil
from dataclasses import asdict, replace
from functools import partial
from pathlib import Path

import pytest

from publisher.cli_exit import exit_code_for
from publisher.errors import WalensError
from publisher.lensjson import canonical
from publisher.publish.apply import PublishStepError, apply_plan
from publisher.publish.draft_journal import DraftJournal
from publisher.publish.fanout import run_targets
from publisher.publish.jobs import publish_one
from publisher.publish.plan import PublishOptions, plan_target
from publisher.publish.release import COMMIT_TAG, build_release
from publisher.publish.targets import TargetClients
from publisher.publish.version_count import VERSION_COUNT_TAG, VERSION_TAG
from publisher.sandbox import clear_faults, inject_fault
from tests.publish.conftest import IN_PROCESS_ONLY, OWNER, REPO, Sandbox, revised


def published_doc(sandbox: Sandbox, arn: str, version: str) -> dict:
    return canonical(json.loads(sandbox.client().export_lens(LensAlias=arn, LensVersion=version)["LensJSON"]))


def test_first_publish_creates_the_lens_version_and_tags(sandbox: Sandbox, example_release) -> None:
    [result] = sandbox.publish(example_release)
    assert result.ok, result.messages
    assert sandbox.writes() == ["ImportLens", "CreateLensVersion", "TagResource"]
    summary = sandbox.lens(example_release.name)["PUBLISHED"]
    assert summary["LensVersion"] == "1.0"
    arn = summary["LensArn"]
    assert published_doc(sandbox, arn, "1.0") == canonical(example_release.doc)
    tags = sandbox.client().list_tags_for_resource(WorkloadArn=arn)["Tags"]
    assert tags["team"] == "platform" and tags[VERSION_TAG] == "1.0" and tags[VERSION_COUNT_TAG] == "1"
    assert tags[COMMIT_TAG] == example_release.commit
    assert "DRAFT" not in sandbox.lens(example_release.name)


def test_second_publish_is_a_no_op_with_zero_writes(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    before = len(sandbox.writes())
    [result] = sandbox.publish(example_release)
    assert result.ok and result.action == "no change" and result.version == "1.0"
    assert len(sandbox.writes()) == before


def test_minor_change_backs_up_then_publishes_a_minor_version(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    [result] = sandbox.publish(revised(example_release, "1.1", "minor"))
    assert result.ok, result.messages
    assert result.detail["plan"]["classification"] == "minor"
    assert result.detail["plan"]["isMajorVersion"] is False
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    assert sandbox.lens(example_release.name)["PUBLISHED"]["LensVersion"] == "1.1"
    assert published_doc(sandbox, arn, "1.0") == canonical(example_release.doc)  # old version untouched
    backups = list(sandbox.backups.glob("123456789012/us-east-1/example-data-governance-lens-1.0-*.json"))
    assert len(backups) == 1
    assert canonical(json.loads(backups[0].read_text(encoding="utf-8"))) == canonical(example_release.doc)
    tags = sandbox.client().list_tags_for_resource(WorkloadArn=arn)["Tags"]
    assert (tags[VERSION_TAG], tags[VERSION_COUNT_TAG]) == ("1.1", "2")


@IN_PROCESS_ONLY
def test_major_change_needs_a_major_version(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    writes = len(sandbox.writes())
    major = revised(example_release, "1.1", "major")
    [refused] = sandbox.publish(major)
    assert not refused.ok and refused.action == "refused"
    assert any("the change is major" in m and '"2.0"' in m for m in refused.messages)
    assert len(sandbox.writes()) == writes
    [bumped] = sandbox.publish(major, auto_bump=True)
    assert bumped.ok and bumped.version == "2.0" and bumped.detail["plan"]["isMajorVersion"] is True
    assert sandbox.lens(example_release.name)["PUBLISHED"]["LensVersion"] == "2.0"


@IN_PROCESS_ONLY
def test_a_published_version_string_is_never_reused(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    [result] = sandbox.publish(revised(example_release, "1.0", "minor"))
    assert not result.ok
    assert any("does not increase" in m for m in result.messages)


def test_failure_after_import_deletes_the_draft(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    sandbox.fail("CreateLensVersion")
    [result] = sandbox.publish(revised(example_release, "1.1", "minor"))
    assert not result.ok
    assert any("CreateLensVersion failed" in m and "draft it imported was deleted" in m for m in result.messages)
    assert sandbox.writes()[-1] == "DeleteLens"
    lens = sandbox.lens(example_release.name)
    assert "DRAFT" not in lens and lens["PUBLISHED"]["LensVersion"] == "1.0"


@IN_PROCESS_ONLY
def test_failed_first_publish_leaves_no_lens(sandbox: Sandbox, example_release) -> None:
    sandbox.fail("CreateLensVersion")
    [result] = sandbox.publish(example_release)
    assert not result.ok
    assert sandbox.lens(example_release.name) == {}


@IN_PROCESS_ONLY
def test_throttling_is_retried(sandbox: Sandbox, example_release) -> None:
    inject_fault("ImportLens", "throttle", nth=1)
    [result] = sandbox.publish(example_release)
    assert result.ok, result.messages
    assert sandbox.writes().count("ImportLens") == 2


def test_foreign_draft_is_refused_without_force(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    foreign = revised(example_release, "x", "major").doc
    sandbox.client().import_lens(LensAlias=arn, JSONString=json.dumps(foreign))
    writes = len(sandbox.writes())
    update = revised(example_release, "1.1", "minor")
    [refused] = sandbox.publish(update)
    assert not refused.ok and any("did not create" in m for m in refused.messages)
    assert len(sandbox.writes()) == writes
    [forced] = sandbox.publish(update, force=True)
    assert forced.ok and sandbox.lens(example_release.name)["PUBLISHED"]["LensVersion"] == "1.1"


@IN_PROCESS_ONLY
def test_interrupted_publish_resumes_from_its_own_draft(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    update = revised(example_release, "1.1", "minor")
    sandbox.client().import_lens(LensAlias=arn, JSONString=json.dumps(update.doc))
    writes = len(sandbox.writes())
    [result] = sandbox.publish(update)
    assert result.ok
    assert sandbox.writes()[writes:] == ["CreateLensVersion", "TagResource"]


def test_unreadable_sources_are_input_errors_and_validation_errors_refusals(tmp_path: Path) -> None:
    lens = tmp_path / "broken"
    lens.mkdir()
    (lens / "lens.yaml").write_text("name: Broken\ndescription: x\nversion: '1.0'\npillars: [nothere]\n")
    with pytest.raises(WalensError, match="E0902 pillar 'nothere'") as caught:
        build_release(lens, {})
    assert exit_code_for(caught.value) == 2
    shutil.copytree(REPO / "lens_src" / "example", tmp_path / "example")
    question = tmp_path / "example" / "governance" / "gov_ownership.md"
    text = question.read_text(encoding="utf-8")
    question.write_text(text.replace("gov_own_tags && gov_own_policy", "gov_own_tags && gov_own_absent"),
                        encoding="utf-8")  # compiles, but the rule names a choice that does not exist
    with pytest.raises(WalensError, match="publishing refused") as caught:
        build_release(tmp_path / "example", {})
    assert exit_code_for(caught.value) == 1


@IN_PROCESS_ONLY
def test_rerun_after_a_failed_tagging_repairs_the_tags(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    sandbox.fail("TagResource")
    update = revised(example_release, "1.1", "minor")
    [failed] = sandbox.publish(update)
    assert not failed.ok and any(m.startswith("error: tagging") for m in failed.messages)
    assert sandbox.lens(update.name)["PUBLISHED"]["LensVersion"] == "1.1"  # the version itself is out
    clear_faults()
    [rerun] = sandbox.publish(update)
    assert rerun.ok and rerun.action == "no lens change, tag"
    arn = sandbox.lens(update.name)["PUBLISHED"]["LensArn"]
    tags = sandbox.client().list_tags_for_resource(WorkloadArn=arn)["Tags"]
    # walens cannot tell its own untagged 1.1 from one published outside walens: a lower bound from now on
    assert (tags[VERSION_TAG], tags[VERSION_COUNT_TAG]) == ("1.1", "2+")


@IN_PROCESS_ONLY
def test_an_unverifiable_new_version_is_reported_as_such(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    update = revised(example_release, "1.1", "minor")
    aws = TargetClients(sandbox.connector, sandbox.target())
    plan = plan_target(aws, update, PublishOptions())
    for attempt in (2, 3, 4):  # the draft check passes, every attempt of the verification fails
        inject_fault("ExportLens", "error", nth=attempt)
    with pytest.raises(PublishStepError) as caught:
        apply_plan(aws, plan, update, sandbox.backups, sleep=lambda _delay: None)
    assert caught.value.message.startswith("verifying version 1.1: ExportLens failed: InternalServerException")
    lens = sandbox.lens(update.name)
    assert lens["PUBLISHED"]["LensVersion"] == "1.1" and "DRAFT" not in lens


@IN_PROCESS_ONLY
def test_a_first_publish_interrupted_after_the_import_resumes(sandbox: Sandbox, example_release) -> None:
    sandbox.client().import_lens(JSONString=json.dumps(example_release.doc))
    assert set(sandbox.lens(example_release.name)) == {"DRAFT"}
    writes = len(sandbox.writes())
    [result] = sandbox.publish(example_release)
    assert result.ok and result.version == "1.0"
    assert sandbox.writes()[writes:] == ["CreateLensVersion", "TagResource"]
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    assert sandbox.client().list_tags_for_resource(WorkloadArn=arn)["Tags"][VERSION_COUNT_TAG] == "1"


#: Regions of the journal test: one target each, all of them left with a draft by a hard stop.
JOURNAL_REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1")


@IN_PROCESS_ONLY
@pytest.mark.parametrize("build", ["same", "changed"])
def test_a_resumed_run_leaves_the_draft_journal_empty(sandbox: Sandbox, example_release, tmp_path: Path,
                                                      build: str) -> None:
    path = tmp_path / ".walens" / "drafts.json"
    stopped = DraftJournal(path)  # what a run quit with a second Ctrl-C leaves: an entry, then the draft
    targets = [sandbox.target(region=region) for region in JOURNAL_REGIONS]
    for target in targets:
        stopped.record(target.label, OWNER, target.region, example_release.name, example_release.fingerprint)
        sandbox.client(region=target.region).import_lens(JSONString=example_release.wire_text)
    assert len(json.loads(path.read_text(encoding="utf-8"))) == len(targets)
    release = example_release if build == "same" else revised(example_release, "1.0", "minor")
    context = replace(sandbox.context(), journal=DraftJournal(path))
    results = run_targets(targets, partial(publish_one, context, release))
    assert all(result.ok for result in results), [result.messages for result in results]
    assert all(set(sandbox.lens(release.name, region=region)) == {"PUBLISHED"} for region in JOURNAL_REGIONS)
    assert json.loads(path.read_text(encoding="utf-8")) == []


@IN_PROCESS_ONLY
def test_a_failed_run_that_deletes_its_draft_also_forgets_the_one_it_replaced(sandbox: Sandbox, example_release,
                                                                               tmp_path: Path) -> None:
    sandbox.publish(example_release)
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    update = revised(example_release, "1.1", "minor")
    path = tmp_path / "drafts.json"
    left = DraftJournal(path)
    left.record("owner/us-east-1", OWNER, "us-east-1", update.name, update.fingerprint)
    elsewhere = left.record("owner/eu-west-1", OWNER, "eu-west-1", update.name, update.fingerprint)
    sandbox.client().import_lens(LensAlias=arn, JSONString=update.wire_text)
    sandbox.fail("CreateLensVersion")
    [failed] = run_targets([sandbox.target()], partial(publish_one, replace(sandbox.context(), journal=DraftJournal(
        path)), revised(example_release, "2.0", "major")))
    assert not failed.ok and "replaced" in " ".join(failed.messages), failed.messages
    # the run replaced the left draft with its own import, then deleted that: nothing of either is open;
    # the draft left in another Region is still there
    assert "DRAFT" not in sandbox.lens(example_release.name)
    assert json.loads(path.read_text(encoding="utf-8")) == [asdict(elsewhere)]
