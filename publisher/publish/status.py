"""``walens status``: per target, the published version, the draft, shares and drift from the build."""

from __future__ import annotations

from collections.abc import Sequence

from publisher.publish.exports import export_text
from publisher.publish.fanout import TargetResult, render_table
from publisher.publish.lensfind import find_lens
from publisher.publish.plan import classify, current_tags
from publisher.publish.release import COMMIT_TAG, Release
from publisher.publish.shares import list_shares
from publisher.publish.targets import Connector, Target, TargetClients
from publisher.publish.version_count import observed_count

STATUS_COLUMNS = ("target", "account", "region", "published", "draft", "drift", "shares")


def status_one(connector: Connector, release: Release, target: Target) -> TargetResult:
    """Read-only: what the target holds compared with the build."""
    aws = TargetClients(connector, target)
    result = TargetResult(target, account=aws.account_id, action="status")
    state = find_lens(aws.wa, release.name, target.lens_arn)
    if state is None:
        result.detail = {"lensArn": None, "published": None, "draft": "none", "drift": "not published",
                         "shares": []}
        return result
    draft = "none"
    if state.has_draft:
        draft = "ours" if release.holds(export_text(aws.wa, state.arn, None)) else "foreign"
    drift = "not published"
    shares: list[dict[str, str]] = []
    tags = current_tags(aws.wa, state.arn)
    if state.published_version:
        change = classify(export_text(aws.wa, state.arn, state.published_version), release)
        drift = "in sync" if change == "none" else f"{change} change pending"
        shares = [{"sharedWith": s.shared_with, "status": s.status} for s in list_shares(aws.wa, state.arn)]
        result.messages.append(str(observed_count(tags, state.published_version)))
    result.version = state.published_version or "-"
    result.detail = {"lensArn": state.arn, "published": state.published_version, "draft": draft, "drift": drift,
                     "shares": shares, "commit": tags.get(COMMIT_TAG)}
    return result


def _row(result: TargetResult) -> Sequence[str]:
    if not result.ok:
        return (result.target.name, result.account, result.target.region, "?", "?", "error", "?")
    detail = result.detail
    shares = ", ".join(f"{s['sharedWith']}:{s['status']}" for s in detail["shares"]) or "-"
    return (result.target.name, result.account, result.target.region, detail["published"] or "-",
            detail["draft"], detail["drift"], shares)


def render_status(results: Sequence[TargetResult]) -> str:
    return render_table(results, STATUS_COLUMNS, _row)
