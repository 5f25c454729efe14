"""``walens rollback --to VERSION``: republish an earlier version's content as a new version.

The service cannot un-publish, so rolling back means exporting version VERSION and publishing it
again, as major or minor according to the diff from the current version, under the next version
string (or the one given).
"""

from __future__ import annotations

from dataclasses import replace

from publisher.lensjson import without_service_keys
from publisher.publish.awserrors import is_not_found
from publisher.publish.exports import export_lens
from publisher.publish.fanout import TargetResult
from publisher.publish.jobs import JobContext, publish_with
from publisher.publish.lensfind import find_lens
from publisher.publish.release import Release
from publisher.publish.targets import Target, TargetClients


def rollback_one(context: JobContext, current: Release, to_version: str, as_version: str | None,
                 target: Target) -> TargetResult:
    """Publish version ``to_version`` of the target's lens again as a new version."""
    aws = TargetClients(context.connector, target)
    refused = TargetResult(target, account=aws.account_id, action="refused", ok=False)
    state = find_lens(aws.wa, current.name, target.lens_arn)
    if state is None or state.published_version is None:
        refused.messages.append(f"lens {current.name!r} is not published in {target.label}")
        return refused
    try:
        old = without_service_keys(export_lens(aws.wa, state.arn, to_version))
    except Exception as exc:
        if not is_not_found(exc):
            raise
        refused.messages.append(f"lens {state.arn} has no version {to_version}")
        return refused
    # without --as-version nothing declares a version: the next free one is taken
    release = Release(doc=old, declared_version=as_version or "", tags=current.tags,
                      commit=f"rollback-to-{to_version}")
    options = replace(context.options, auto_bump=as_version is None)
    result = publish_with(aws, replace(context, options=options), release)
    if result.ok and result.version not in ("-", state.published_version):
        result.action = f"republish {to_version} as {result.version}"
        result.messages.append(
            f"the sources still hold the change rolled back from {state.published_version}: to keep the rollback, "
            f"revert that change in git and set version: \"{result.version}\" in lens.yaml; publishing the "
            "sources as they are publishes the change again")
    return result
