"""Executing a plan against one target: backup, import, confirm the draft, version, tag, share.

If anything fails after ImportLens and before the version exists, the draft this run created is
deleted again (DeleteLens, DRAFT); the published version is never touched.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from publisher.publish.actions import Kind, TargetPlan
from publisher.publish.awserrors import describe, is_not_found
from publisher.publish.backup import save_backup
from publisher.publish.draft_journal import DraftJournal
from publisher.publish.exports import export_lens, export_text
from publisher.publish.lensfind import paginate
from publisher.publish.release import Release
from publisher.publish.shares import apply_share_action
from publisher.publish.stop import STOP
from publisher.publish.targets import TargetClients

DRAFT_DELETED = "the draft it imported was deleted"
#: Seconds between ListLenses polls while waiting for an imported draft (bounded: about 30 s in all).
DRAFT_POLL_DELAYS = (0.0, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 15.0)


class PublishStepError(Exception):
    """A step failed; ``message`` already says which and what was cleaned up."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message
        #: The version this run published before the failure (e.g. tagging failed after it), if any.
        self.published_version: str | None = None


class Interrupted(PublishStepError):
    """Ctrl-C: the run stopped before this step; what the target already did is in the message."""


class ConcurrentChangeError(PublishStepError):
    """Another publisher changed the lens between our steps; its draft is not ours to delete."""


@dataclass
class ApplyOutcome:
    lens_arn: str | None
    version: str | None
    backup: Path | None = None
    done: list[str] = field(default_factory=list)


def apply_plan(aws: TargetClients, plan: TargetPlan, release: Release, backup_root: Path,
               sleep: Callable[[float], None] = time.sleep, journal: DraftJournal | None = None) -> ApplyOutcome:
    """Run every action of ``plan``; raise PublishStepError on the first failure (Interrupted on Ctrl-C).

    ``journal`` records the draft this run imports until it is published or deleted.
    """
    outcome = ApplyOutcome(lens_arn=plan.lens_arn, version=plan.published_version)
    try:
        _apply(aws, plan, release, backup_root, outcome, sleep, journal or DraftJournal(None))
    except PublishStepError as exc:
        exc.published_version = outcome.version if outcome.version != plan.published_version else None
        raise
    return outcome


def _apply(aws: TargetClients, plan: TargetPlan, release: Release, backup_root: Path, outcome: ApplyOutcome,
           sleep: Callable[[float], None], journal: DraftJournal) -> None:
    wa = aws.wa
    kinds = {action.kind for action in plan.actions}
    if plan.version is not None and kinds & {Kind.CREATE_LENS, Kind.IMPORT_DRAFT, Kind.RESUME_DRAFT}:
        _publish_version(aws, plan, release, backup_root, outcome, sleep, journal)
    arn, version = outcome.lens_arn, outcome.version
    for action in plan.actions:
        if action.kind is Kind.TAG:
            _run(f"tagging {arn}", partial(wa.tag_resource, WorkloadArn=arn, Tags=dict(action.tags)))
            outcome.done.append(action.detail)
    for action in plan.actions:
        if action.kind in (Kind.ENABLE_ORG_SHARING, Kind.SHARE, Kind.RESHARE, Kind.UNSHARE):
            assert arn is not None and version is not None, "shares are planned for published lenses only"
            _run(action.detail, partial(apply_share_action, wa, arn, action))
            outcome.done.append(action.detail)


def _run(step: str, call: Callable[[], Any]) -> Any:
    if STOP.requested:
        raise Interrupted(f"stopped (Ctrl-C) before {step}")
    try:
        return call()
    except PublishStepError:
        raise
    except Exception as exc:
        message = describe(exc)  # AWS errors already name their operation: say it once
        raise PublishStepError(message if message.startswith(f"{step} ") else f"{step}: {message}") from exc


def _publish_version(aws: TargetClients, plan: TargetPlan, release: Release, backup_root: Path,
                     outcome: ApplyOutcome, sleep: Callable[[float], None], journal: DraftJournal) -> None:
    wa = aws.wa
    assert plan.version is not None
    version, is_major = plan.version.version, plan.version.is_major
    kinds = {action.kind for action in plan.actions}
    imported = False
    if plan.lens_arn and plan.published_version and Kind.IMPORT_DRAFT in kinds:
        published = (json.loads(plan.published_json) if plan.published_json else
                     _run("exporting the published version for the backup",
                          partial(export_lens, wa, plan.lens_arn, plan.published_version)))
        outcome.backup = save_backup(backup_root, plan.account, plan.target.region, release.name,
                                     plan.published_version, published)
        outcome.done.append(f"backup {outcome.backup}")
    entry = None
    if Kind.RESUME_DRAFT not in kinds:
        alias = {"LensAlias": plan.lens_arn} if plan.lens_arn else {}
        if not STOP.requested:  # recorded first: an import cut short may still have landed
            entry = journal.record(plan.target.label, plan.account, plan.target.region, release.name,
                                   release.fingerprint)
        try:
            response = _run("ImportLens", lambda: wa.import_lens(JSONString=release.wire_text, **alias))
        except PublishStepError:
            if entry is not None:
                journal.close(entry)
            raise
        outcome.lens_arn = plan.lens_arn or response["LensArn"]
        imported = True
        outcome.done.append("import draft")
    assert outcome.lens_arn is not None
    arn = outcome.lens_arn
    forget = partial(journal.forget, plan.account, plan.target.region, release.name)
    concurrent = f"{version} was published by a concurrent run with the same content"
    try:
        listed = _run("confirming the draft",
                      lambda: _wait_for_draft(wa, arn, version, plan.published_version, sleep))
        if listed:
            if plan.lens_arn:  # a lens this run created has no other importer (others see a foreign draft)
                _require_own_draft(wa, arn, release)
            _run("CreateLensVersion", lambda: wa.create_lens_version(
                LensAlias=arn, LensVersion=version, IsMajorVersion=is_major))
    except ConcurrentChangeError:
        raise
    except PublishStepError as exc:
        if not _published_already(wa, arn, version, release):
            if imported:
                cleanup = _delete_draft(wa, arn, release, version)
                if cleanup.startswith(DRAFT_DELETED):
                    forget()
                raise type(exc)(f"{exc.message}; {cleanup}") from exc
            raise
        outcome.done.append(concurrent)
        if imported:  # our import came too late: the draft only repeats the published content
            outcome.done.append(_delete_draft(wa, arn, release, version))
        forget()
    else:  # the version exists now: make sure it holds this build, whoever published it
        if not _published_with(wa, arn, version, release):
            raise ConcurrentChangeError(
                f"version {version} was published from a draft that a concurrent import had replaced, so it does "
                "not hold this build; publish again" if listed else
                f"version {version} was published meanwhile by another run with other content; nothing published")
        outcome.done.append(f"publish {version}" if listed else concurrent)
        forget()
    outcome.version = version


def _require_own_draft(wa: Any, arn: str, release: Release) -> None:
    """Refuse to publish a draft that no longer holds this build (a concurrent import replaced it)."""
    if not _run("checking the draft", lambda: release.holds(export_text(wa, arn, None))):
        raise ConcurrentChangeError("a concurrent import replaced the draft between ImportLens and "
                                    "CreateLensVersion; nothing published, the other run's draft left alone")


def _wait_for_draft(wa: Any, arn: str, version: str, previous: str | None, sleep: Callable[[float], None]) -> bool:
    """True once the draft is listed; False if, meanwhile, ``version`` got published (by a
    concurrent run, which consumed the draft). Stops early when another version than ``previous``
    (the one published before our import) appears: a concurrent run consumed the draft slot."""
    for delay in DRAFT_POLL_DELAYS:
        sleep(delay)
        summaries = [s for s in paginate(wa.list_lenses, "LensSummaries", LensType="CUSTOM_SELF", LensStatus="ALL",
                                         MaxResults=50) if s["LensArn"] == arn]
        if any(s.get("LensStatus") == "DRAFT" for s in summaries):
            return True
        published = {str(s.get("LensVersion")) for s in summaries if s.get("LensStatus") == "PUBLISHED"}
        if version in published:
            return False
        others = sorted(published - {previous})
        if others:
            raise ConcurrentChangeError(f"a concurrent run published version {', '.join(others)} from the draft "
                                        "slot meanwhile; nothing published")
    raise TimeoutError(f"the imported draft of {arn} did not appear in ListLenses")


def _published_with(wa: Any, arn: str, version: str, release: Release) -> bool:
    """Whether ``version`` exists with exactly the release's content; raises PublishStepError when
    the service cannot tell."""
    try:
        return release.holds(export_text(wa, arn, version))
    except Exception as exc:
        if is_not_found(exc):
            return False
        raise PublishStepError(f"verifying version {version}: {describe(exc)}") from exc


def _published_already(wa: Any, arn: str, version: str, release: Release) -> bool:
    """After a failed step: did a concurrent run publish ``version`` with this build? (No if unknown.)"""
    try:
        return _published_with(wa, arn, version, release)
    except PublishStepError:
        return False


def _delete_draft(wa: Any, arn: str, release: Release, version: str) -> str:
    """Delete the draft this run imported, unless it now holds another run's import; return what
    happened, for the error message."""
    try:
        if not release.holds(export_text(wa, arn, None)):
            return "the draft now holds another run's import and was left alone"
        wa.delete_lens(LensAlias=arn, LensStatus="DRAFT")
    except Exception as exc:
        return f"deleting the draft it imported failed ({describe(exc)}); delete it by hand"
    return f"{DRAFT_DELETED}, the published version is unchanged"
