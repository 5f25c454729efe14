"""Per-target jobs of ``plan``, ``publish`` and ``share``: plan with reads, then (for publish) apply."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from publisher.publish.actions import Kind, TargetPlan
from publisher.publish.apply import Interrupted, PublishStepError, apply_plan
from publisher.publish.draft_journal import DraftJournal
from publisher.publish.fanout import TargetResult
from publisher.publish.plan import PublishOptions, plan_target
from publisher.publish.release import Release
from publisher.publish.saved_plan import SavedPlan
from publisher.publish.targets import Connector, Target, TargetClients

SHARE_KINDS = frozenset({Kind.SHARE, Kind.RESHARE, Kind.UNSHARE})


@dataclass(frozen=True)
class JobContext:
    connector: Connector
    options: PublishOptions
    backup_root: Path
    journal: DraftJournal = field(default_factory=lambda: DraftJournal(None))


def plan_result(plan: TargetPlan, *, published: bool = True) -> TargetResult:
    """A target as a table row: planned (``published``: the count as it will be) or failed (as it is)."""
    version = plan.version.version if plan.version and published else (plan.published_version or "-")
    messages = [*(f"error: {e}" for e in plan.errors), *plan.notes, *plan.count_notes(published=published)]
    return TargetResult(plan.target, account=plan.account, action=plan.summary(), version=version,
                        ok=not plan.errors, messages=messages, detail={"plan": plan.to_json()})


def plan_one(context: JobContext, release: Release, target: Target) -> TargetResult:
    return plan_result(plan_target(TargetClients(context.connector, target), release, context.options,
                                   context.journal))


def publish_one(context: JobContext, release: Release, target: Target) -> TargetResult:
    """Plan and apply one target (with ``options.lens`` False the plan holds share actions only)."""
    return publish_with(TargetClients(context.connector, target), context, release)


def publish_with(aws: TargetClients, context: JobContext, release: Release) -> TargetResult:
    """Plan ``release`` for the target of ``aws`` and apply the plan unless it was refused."""
    return apply_result(aws, context, release, plan_target(aws, release, context.options, context.journal))


def publish_planned_one(context: JobContext, release: Release, saved: SavedPlan, target: Target) -> TargetResult:
    """Apply the saved plan of ``target`` if the target still is as planned; otherwise refuse it."""
    aws = TargetClients(context.connector, target)
    plan = plan_target(aws, release, context.options, context.journal)
    changes = saved.changes(plan)
    if not changes:
        return apply_result(aws, context, release, plan)
    refused = plan_result(plan, published=False)
    refused.ok, refused.action = False, "refused"
    refused.messages = [f"error: {change}" for change in changes]
    return refused


def apply_result(aws: TargetClients, context: JobContext, release: Release, plan: TargetPlan) -> TargetResult:
    """Apply ``plan`` (unless refused) and report the target."""
    result = plan_result(plan)
    if plan.refused:
        return result
    try:
        outcome = apply_plan(aws, plan, release, context.backup_root, journal=context.journal)
    except PublishStepError as exc:
        failed = plan_result(plan, published=exc.published_version is not None)
        failed.ok = False
        if isinstance(exc, Interrupted):
            failed.action = "interrupted"
        failed.messages.insert(0, f"error: {exc.message}")
        return failed
    result.version = outcome.version or "-"
    result.detail["done"] = outcome.done
    result.messages += [f"done: {action.detail}" for action in plan.actions if action.kind in SHARE_KINDS]
    if outcome.backup is not None:
        result.detail["backup"] = str(outcome.backup)
    if not plan.actions:
        result.action = "no change"
    return result
