"""Many targets (accounts and Regions), plan, status, rollback and concurrent publishers, on the sandbox."""

from __future__ import annotations

import json
import threading
from functools import partial

import pytest

from publisher.lensjson import canonical
from publisher.publish.apply import ConcurrentChangeError, apply_plan
from publisher.publish.fanout import run_targets
from publisher.publish.jobs import publish_one
from publisher.publish.plan import PublishOptions, plan_target
from publisher.publish.release import Release
from publisher.publish.rollback import rollback_one
from publisher.publish.status import render_status, status_one
from publisher.publish.targets import TargetClients
from tests.publish.conftest import IN_PROCESS_ONLY, OWNER, RECIPIENT, SECOND_OWNER, Sandbox, revised


def test_fan_out_over_accounts_and_regions(sandbox: Sandbox, example_release) -> None:
    targets = [sandbox.target("home", "us-east-1"), sandbox.target("home", "eu-west-1"),
               sandbox.target("team", "us-east-1", account=SECOND_OWNER)]
    results = sandbox.publish(example_release, targets)
    assert [(r.target.label, r.account, r.version, r.ok) for r in results] == [
        ("home/us-east-1", "123456789012", "1.0", True), ("home/eu-west-1", "123456789012", "1.0", True),
        ("team/us-east-1", SECOND_OWNER, "1.0", True)]
    for region, account in (("us-east-1", None), ("eu-west-1", None), ("us-east-1", SECOND_OWNER)):
        assert sandbox.lens(example_release.name, region, account)["PUBLISHED"]["LensVersion"] == "1.0"
    assert sandbox.lens(example_release.name, "eu-west-1", SECOND_OWNER) == {}


def test_one_failing_target_does_not_stop_the_others_and_a_rerun_converges(sandbox: Sandbox,
                                                                            example_release) -> None:
    clash = dict(example_release.doc, name=example_release.name.upper())  # same name once normalised
    wa_eu = sandbox.client(region="eu-west-1")
    arn = wa_eu.import_lens(JSONString=json.dumps(clash))["LensArn"]
    targets = [sandbox.target("a", "us-east-1"), sandbox.target("b", "eu-west-1"), sandbox.target("c", "ap-south-1")]
    results = sandbox.publish(example_release, targets)
    assert [r.ok for r in results] == [True, False, True]
    assert "the service treats as the same name" in results[1].messages[0]
    wa_eu.delete_lens(LensAlias=arn, LensStatus="ALL")
    rerun = sandbox.publish(example_release, targets)
    assert [r.action for r in rerun] == ["no change", "create 1.0 (major), tag", "no change"]
    assert all(r.ok for r in rerun)


@IN_PROCESS_ONLY
def test_plan_makes_no_write_call(sandbox: Sandbox, example_release) -> None:
    [new] = sandbox.plan(example_release, [sandbox.target(shares=frozenset({RECIPIENT}))])
    assert [a["kind"] for a in new.detail["plan"]["actions"]] == ["create-lens", "publish-version", "tag", "share"]
    assert sandbox.writes() == []
    sandbox.publish(example_release)
    writes = len(sandbox.writes())
    [update] = sandbox.plan(revised(example_release, "2.0", "major"))
    plan = update.detail["plan"]
    assert (plan["classification"], plan["version"], plan["isMajorVersion"]) == ("major", "2.0", True)
    assert [a["kind"] for a in plan["actions"]] == ["import-draft", "publish-version", "tag"]
    assert len(sandbox.writes()) == writes


def test_status_reports_drift_draft_and_shares(sandbox: Sandbox, example_release) -> None:
    target = sandbox.target(shares=frozenset({RECIPIENT}))
    run = partial(run_targets, [target])
    [before] = run(partial(status_one, sandbox.connector, example_release))
    assert before.detail["drift"] == "not published"
    sandbox.publish(example_release, [target])
    [synced] = run(partial(status_one, sandbox.connector, example_release))
    assert (synced.detail["published"], synced.detail["drift"], synced.detail["draft"]) == ("1.0", "in sync", "none")
    assert synced.detail["shares"] == [{"sharedWith": RECIPIENT, "status": "PENDING"}]
    update = revised(example_release, "1.1", "minor")
    arn = synced.detail["lensArn"]
    sandbox.client().import_lens(LensAlias=arn, JSONString=json.dumps(update.doc))
    [drifted] = run(partial(status_one, sandbox.connector, update))
    assert (drifted.detail["drift"], drifted.detail["draft"]) == ("minor change pending", "ours")
    table = render_status([drifted]).splitlines()
    assert table[0].split() == ["TARGET", "ACCOUNT", "REGION", "PUBLISHED", "DRAFT", "DRIFT", "SHARES"]
    assert "minor change pending" in table[1] and f"{RECIPIENT}:PENDING" in table[1]


def test_rollback_republishes_old_content_as_a_new_version(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    major = revised(example_release, "2.0", "major")
    sandbox.publish(major)
    [result] = run_targets([sandbox.target()], partial(rollback_one, sandbox.context(), major, "1.0", None))
    assert result.ok, result.messages
    plan = result.detail["plan"]
    # going back re-adds the removed question: an addition keeps answers valid, so a minor version
    assert (plan["classification"], plan["version"], plan["isMajorVersion"]) == ("minor", "2.1", False)
    arn = sandbox.lens(example_release.name)["PUBLISHED"]["LensArn"]
    restored = json.loads(sandbox.client().export_lens(LensAlias=arn, LensVersion="2.1")["LensJSON"])
    assert canonical(restored) == canonical(example_release.doc)
    tags = sandbox.client().list_tags_for_resource(WorkloadArn=arn)["Tags"]
    assert tags["walens:commit"] == "rollback-to-1.0" and tags["walens:version-count"] == "3"
    assert list(sandbox.backups.rglob("*-2.0-*.json"))


@IN_PROCESS_ONLY
def test_rollback_to_an_unknown_version_fails_cleanly(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    [result] = run_targets([sandbox.target()], partial(rollback_one, sandbox.context(), example_release, "0.1", None))
    assert not result.ok and result.messages == [f"lens {sandbox.lens(example_release.name)['PUBLISHED']['LensArn']} "
                                                 "has no version 0.1"]
    assert (result.account, result.action) == (OWNER, "refused")  # the account is known: it is shown


@IN_PROCESS_ONLY
def test_concurrent_publishers_converge(sandbox: Sandbox, example_release) -> None:
    sandbox.publish(example_release)
    update = revised(example_release, "1.1", "minor")
    results = []
    start = threading.Barrier(3)

    def publisher() -> None:
        start.wait()
        results.extend(run_targets([sandbox.target()], partial(publish_one, sandbox.context(), update)))

    threads = [threading.Thread(target=publisher) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert any(r.ok for r in results)
    assert sandbox.writes().count("CreateLensVersion") >= 1
    lens = sandbox.lens(update.name)
    assert lens["PUBLISHED"]["LensVersion"] == "1.1" and "DRAFT" not in lens
    [rerun] = sandbox.publish(update)
    assert rerun.ok and rerun.action == "no change"


def race_after_import(sandbox: Sandbox, release: Release, other_publishes: str | None) -> tuple[list[float], str]:
    """Publish a minor update of ``release`` while, right after our ImportLens (in the draft poll's
    sleep), another run imports a major change and, with ``other_publishes``, publishes it."""

    sandbox.publish(release)
    ours, theirs = revised(release, "1.1", "minor"), revised(release, "2.0", "major")
    aws = TargetClients(sandbox.connector, sandbox.target())
    plan = plan_target(aws, ours, PublishOptions())
    assert plan.lens_arn is not None
    polls: list[float] = []

    def other_run(delay: float) -> None:
        if not polls:
            aws.wa.import_lens(LensAlias=plan.lens_arn, JSONString=json.dumps(theirs.doc))
            if other_publishes:
                aws.wa.create_lens_version(LensAlias=plan.lens_arn, LensVersion=other_publishes)
        polls.append(delay)

    with pytest.raises(ConcurrentChangeError) as caught:
        apply_plan(aws, plan, ours, sandbox.backups, sleep=other_run)
    assert canonical(json.loads(aws.wa.export_lens(LensAlias=plan.lens_arn)["LensJSON"])) == canonical(theirs.doc)
    return polls, caught.value.message


@IN_PROCESS_ONLY
def test_a_draft_replaced_before_versioning_is_not_published_as_ours(sandbox: Sandbox, example_release) -> None:
    _polls, message = race_after_import(sandbox, example_release, other_publishes=None)
    assert "replaced the draft" in message
    lens = sandbox.lens(example_release.name)
    assert lens["PUBLISHED"]["LensVersion"] == "1.0" and "DRAFT" in lens  # their draft is left alone


@IN_PROCESS_ONLY
def test_a_draft_consumed_by_another_version_stops_the_poll_at_once(sandbox: Sandbox, example_release) -> None:
    polls, message = race_after_import(sandbox, example_release, other_publishes="2.0")
    assert "published version 2.0 from the draft slot" in message
    assert len(polls) == 1
    assert sandbox.lens(example_release.name)["PUBLISHED"]["LensVersion"] == "2.0"
