"""Planning: compare a release with what one target holds, using read calls only."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from publisher.publish.actions import Action, Kind, TargetPlan
from publisher.publish.awserrors import is_not_found
from publisher.publish.draft_journal import DraftJournal
from publisher.publish.exports import CACHED_TEXTS, export_fingerprint, export_text
from publisher.publish.lensfind import LensState, find_lens
from publisher.publish.once import computed_once
from publisher.publish.release import Release
from publisher.publish.shares import list_shares, plan_shares
from publisher.publish.targets import TargetClients
from publisher.publish.version_count import VERSION_QUOTA, VERSION_TAG, VersionCount, observed_count
from publisher.publish.versioning import Bump, VersionPolicyError, decide_version


@dataclass(frozen=True)
class PublishOptions:
    auto_bump: bool = False
    force: bool = False
    prune: bool = False
    enable_org_sharing: bool = False
    lens: bool = True  # False: reconcile shares only (``walens share``)


def version_exists(wa: Any, arn: str, version: str) -> bool:
    try:
        wa.get_lens(LensAlias=arn, LensVersion=version)
    except Exception as exc:
        if is_not_found(exc):
            return False
        raise
    return True


def current_tags(wa: Any, arn: str) -> dict[str, str]:
    return dict(wa.list_tags_for_resource(WorkloadArn=arn).get("Tags", {}))


def classify(published: str, release: Release) -> str:
    """``major``, ``minor`` or ``none`` for the change from an exported text to ``release``."""
    return "none" if release.holds(published) else _classification(published, release)


@computed_once(maxsize=CACHED_TEXTS)
def _classification(published: str, release: Release) -> str:
    from publisher.diff import diff_lenses
    from publisher.lensjson import canonical, without_service_keys

    return diff_lenses(without_service_keys(json.loads(published)), canonical(release.doc)).classification


def plan_target(aws: TargetClients, release: Release, options: PublishOptions,
                journal: DraftJournal | None = None) -> TargetPlan:
    """What publishing ``release`` to this target involves; ``journal`` recognises drafts walens left."""
    target = aws.target
    plan = TargetPlan(target=target, account=aws.account_id, lens_name=release.name)
    state = find_lens(aws.wa, release.name, target.lens_arn)
    plan.observed = {"lensArn": state.arn if state else None,
                     "publishedVersion": state.published_version if state else None,
                     "draft": bool(state and state.has_draft)}
    if state is None:
        _plan_new_lens(plan, release, options)
    else:
        plan.lens_arn, plan.published_version = state.arn, state.published_version
        _plan_existing_lens(aws, plan, state, release, options, journal or DraftJournal(None))
    if plan.refused or (not plan.lens_arn and not plan.version):
        return plan
    existing = list_shares(aws.wa, plan.lens_arn) if plan.lens_arn and plan.published_version else []
    plan.observed["shares"] = sorted(f"{share.shared_with}:{share.status}" for share in existing)
    shares = plan_shares(aws, existing, target.shares, prune=options.prune,
                         enable_org_sharing=options.enable_org_sharing)
    plan.actions.extend(shares.actions)
    plan.notes.extend(shares.notes)
    plan.errors.extend(shares.errors)
    return plan


def _plan_new_lens(plan: TargetPlan, release: Release, options: PublishOptions) -> None:
    if not options.lens:
        plan.notes.append("the lens is not published in this target yet; run walens publish")
        return
    plan.classification = "new"
    _decide(plan, release, options, lambda _version: False)
    if plan.version is None:
        return
    plan.version_count = VersionCount(0)
    plan.actions += [
        Action(Kind.CREATE_LENS, f"create lens {release.name!r} (ImportLens)"),
        Action(Kind.PUBLISH_VERSION, f"publish version {plan.version.version} (CreateLensVersion)"),
        _tag_action({**release.tags, **release.walens_tags(plan.version.version, VersionCount(1))}),
    ]


def _plan_existing_lens(aws: TargetClients, plan: TargetPlan, state: LensState, release: Release,
                        options: PublishOptions, journal: DraftJournal) -> None:
    wa, arn = aws.wa, state.arn
    if state.name != release.name:
        plan.errors.append(f"lens {arn} is named {state.name!r}, the build says {release.name!r}; the service "
                           "cannot rename a lens")
        plan.refused = True
        return
    if not options.lens:
        return  # `walens share`: comparing the content is publish's business
    tags = current_tags(wa, arn)
    plan.observed["tags"] = dict(sorted(tags.items()))
    count = observed_count(tags, state.published_version)
    plan.version_count = count
    if state.published_version:
        plan.published_json = export_text(wa, arn, state.published_version)
    plan.classification = "new" if plan.published_json is None else classify(plan.published_json, release)
    if plan.classification == "none":
        if state.has_draft:
            plan.notes.append("a draft exists; left alone because the published version already equals the build")
        plan.notes.append(f"published {state.published_version} equals the build")
        desired = dict(release.tags)
        # tags that lag (a publish could not tag) are repaired; a lens adopted by ARN (walens.yaml
        # lensArn) that walens never tagged gets them at its first publish, so adopting plans nothing
        adopted = VERSION_TAG not in tags and plan.target.lens_arn is not None
        if tags.get(VERSION_TAG) != state.published_version and not adopted:
            assert state.published_version is not None
            desired |= release.walens_tags(state.published_version, count)
        _add_tag_action(plan, tags, desired)
        return
    draft = export_text(wa, arn, None) if state.has_draft else None
    draft_is_ours = draft is not None and release.holds(draft)
    left = (journal.find(plan.account, plan.target.region, release.name, export_fingerprint(draft))
            if draft is not None and not draft_is_ours else None)
    if left is not None:
        plan.notes.append(f"the draft was left by an interrupted walens run (imported {left.imported_at}); "
                          "it is replaced")
    if state.has_draft and not draft_is_ours and left is None and not options.force:
        plan.errors.append("the lens has a draft that walens did not create (its content differs from the build); "
                           "refusing to overwrite it, pass --force to replace it")
        plan.refused = True
        return
    if count.quota_reached:
        plan.errors.append(f"the lens already has {count}, the service quota is {VERSION_QUOTA}")
        plan.refused = True
        return
    _decide(plan, release, options, lambda version: version_exists(wa, arn, version))
    if plan.version is None:
        return
    if draft_is_ours:
        plan.actions.append(Action(Kind.RESUME_DRAFT, "the draft already holds the build (resuming)"))
    else:
        verb = ("replace walens's interrupted draft with" if left else "replace the foreign draft with"
                if state.has_draft else "import")
        plan.actions.append(Action(Kind.IMPORT_DRAFT, f"{verb} the build as a draft (backup, ImportLens)"))
    kind = "major" if plan.version.is_major else "minor"
    plan.actions.append(Action(Kind.PUBLISH_VERSION, f"publish version {plan.version.version} as {kind} "
                                                     "(CreateLensVersion)"))
    _add_tag_action(plan, tags, {**release.tags, **release.walens_tags(plan.version.version, count.plus_one())})


def _decide(plan: TargetPlan, release: Release, options: PublishOptions, exists: Callable[[str], bool]) -> None:
    bump: Bump = "major" if plan.classification in ("major", "new") else "minor"
    try:
        plan.version = decide_version(declared=release.declared_version, published=plan.published_version,
                                      classification=bump, auto_bump=options.auto_bump, version_exists=exists)
    except VersionPolicyError as exc:
        plan.errors.append(str(exc))
        plan.refused = True
        return
    if plan.version.note and plan.published_version:
        plan.notes.append(plan.version.note)


def _tag_action(tags: dict[str, str]) -> Action:
    pairs = ", ".join(f"{key}={value}" for key, value in sorted(tags.items()))
    return Action(Kind.TAG, f"tag {pairs}", tags=tuple(sorted(tags.items())))


def _add_tag_action(plan: TargetPlan, current: dict[str, str], desired: dict[str, str]) -> None:
    changed = {key: value for key, value in desired.items() if current.get(key) != value}
    if changed:
        plan.actions.append(_tag_action(changed))

