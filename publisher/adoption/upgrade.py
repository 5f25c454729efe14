"""``upgrade-reviews``: per NOT_CURRENT lens review, the impact of the upgrade and, when asked, the
upgrade itself (UpgradeLensReview records the named milestone first), verified afterwards.

Lens versions are exported once each from the owner account. Rerunning converges: reviews already
on the latest version are not NOT_CURRENT and are skipped; a milestone name already taken on a
workload gets a `` (2)``, `` (3)``... suffix instead of failing. After Ctrl-C (``STOP``) no further
upgrade starts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from publisher.adoption.inventory import LensReview, read_reviews
from publisher.adoption.upgrade_impact import Impact, upgrade_impact
from publisher.errors import UsageError
from publisher.publish.awserrors import describe, error_code
from publisher.publish.config import ACCOUNT_RE
from publisher.publish.exports import export_lens
from publisher.publish.fanout import TargetResult
from publisher.publish.lensfind import LensState, paginate
from publisher.publish.once import OncePerKey
from publisher.publish.stop import STOP
from publisher.publish.targets import Connector, Target

#: ``MilestoneName`` of UpgradeLensReview and CreateMilestone in the service model: 3 to 100 characters, no pattern.
MILESTONE_NAME_MIN, MILESTONE_NAME_MAX = 3, 100


def check_milestone_name(name: str) -> None:
    """UsageError unless the service takes ``name`` as a milestone name (checked before any call)."""
    if not MILESTONE_NAME_MIN <= len(name) <= MILESTONE_NAME_MAX:
        raise UsageError(f"--milestone-name: {len(name)} character(s); a milestone name has "
                         f"{MILESTONE_NAME_MIN} to {MILESTONE_NAME_MAX}")


def check_account_ids(accounts: Sequence[str]) -> None:
    """UsageError naming any ``--account`` value that is not a 12-digit account id."""
    bad = [account for account in accounts if not ACCOUNT_RE.match(account)]
    if bad:
        raise UsageError(f"--account {', '.join(bad)}: expected a 12-digit account id")


def unmatched_workloads(wanted: Sequence[str], results: Sequence[TargetResult]) -> list[str]:
    """One message per ``--workload`` value that no workload read has as name or id."""
    matched = {value for result in results for value in result.detail.get("matched", ())}
    return [f"--workload {value}: no workload of that name or id uses the lens in the accounts and Regions read"
            for value in dict.fromkeys(wanted) if value not in matched]


@dataclass
class WorkloadUpgrade:
    """One NOT_CURRENT review: its impact and, with ``--apply``, what happened."""

    review: LensReview
    to_version: str
    impact: Impact
    result: str = "dry run"
    milestone: str | None = None
    ok: bool = True
    messages: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        r = self.review
        return {"account": r.account, "region": r.region, "workloadId": r.workload_id,
                "workloadName": r.workload_name, "fromVersion": r.lens_version, "toVersion": self.to_version,
                **self.impact.to_json(), "result": self.result, "milestone": self.milestone, "ok": self.ok,
                "messages": self.messages}


class LensVersions:
    """Lens documents by (ARN, version), each exported once from the owner account of its Region."""

    def __init__(self, connector: Connector, owners: dict[str, Target]) -> None:
        self._connector = connector
        self._owners = owners
        self._docs: OncePerKey[tuple[str, str], dict[str, Any]] = OncePerKey()

    def get(self, region: str, arn: str, version: str) -> dict[str, Any]:
        owner = self._owners[region]
        return self._docs.get((arn, version), lambda: export_lens(
            self._connector.client(owner, "wellarchitected"), arn, version))


@dataclass(frozen=True)
class UpgradeRun:
    """What every account job shares."""

    connector: Connector
    lenses: dict[str, LensState]
    versions: LensVersions
    apply: bool = False
    milestone_name: str | None = None
    #: ``--workload`` names or ids; empty: every workload
    workloads: frozenset[str] = frozenset()

    def naming(self, review: LensReview) -> frozenset[str]:
        """The ``--workload`` values that name ``review``."""
        return self.workloads & {review.workload_name, review.workload_id}


def upgrade_one(run: UpgradeRun, target: Target) -> TargetResult:
    """The NOT_CURRENT reviews of one account and Region: impacts, and upgrades with ``run.apply``."""
    wa = run.connector.client(target, "wellarchitected")
    lens = run.lenses[target.region]
    latest = lens.published_version or ""
    upgrades = []
    matched: set[str] = set()
    for review in read_reviews(wa, target.name, target.region, lens.arn):
        naming = run.naming(review)
        matched |= naming
        if not review.upgrade_available or (run.workloads and not naming):
            continue
        impact = upgrade_impact(review.answers, run.versions.get(target.region, lens.arn, review.lens_version),
                                run.versions.get(target.region, lens.arn, latest), partial(_has_notes, wa, review))
        upgrade = WorkloadUpgrade(review, latest, impact)
        if run.apply and STOP.requested:
            upgrade.ok, upgrade.result = False, "not started (Ctrl-C)"
        elif run.apply:
            _apply(wa, upgrade, run.milestone_name or f"before lens {latest}")
        upgrades.append(upgrade)
    ok = all(upgrade.ok for upgrade in upgrades)
    done = sum(upgrade.milestone is not None for upgrade in upgrades)  # "upgraded", maybe "then ... failed"
    action = f"{done} of {len(upgrades)} upgraded" if run.apply else f"{len(upgrades)} to upgrade"
    return TargetResult(target, account=target.name, action=action, ok=ok,
                        messages=[f"{u.review.workload_name}: {m}" for u in upgrades for m in u.messages],
                        detail={"upgrades": upgrades, "matched": matched})


def _has_notes(wa: Any, review: LensReview, question_id: str) -> bool:
    answer = wa.get_answer(WorkloadId=review.workload_id, LensAlias=review.lens_arn, QuestionId=question_id)
    return bool(answer["Answer"].get("Notes"))


def _apply(wa: Any, upgrade: WorkloadUpgrade, wanted: str) -> None:
    """UpgradeLensReview (which records the milestone first), then check the version and the milestone.
    A read failing after the upgrade is ``upgraded, then <operation> failed``: the review did move."""
    review = upgrade.review
    try:
        name = _upgrade_with_milestone(wa, review, upgrade.to_version, wanted)
    except Exception as exc:
        upgrade.ok, upgrade.result = False, "failed"
        upgrade.messages.append(describe(exc))
        return
    upgrade.milestone, upgrade.result = name, "upgraded"
    operation = "GetLensReview"
    try:
        now = wa.get_lens_review(WorkloadId=review.workload_id, LensAlias=review.lens_arn)["LensReview"]
        operation = "ListMilestones"
        kept = _milestone_names(wa, review.workload_id)
    except Exception as exc:
        upgrade.ok, upgrade.result = False, f"upgraded, then {operation} failed"
        upgrade.messages.append(describe(exc))
        return
    if now.get("LensVersion") != upgrade.to_version or now.get("LensStatus") != "CURRENT":
        upgrade.ok = False
        upgrade.messages.append(f"after the upgrade the review is at version {now.get('LensVersion')} "
                                f"({now.get('LensStatus')}), not {upgrade.to_version}")
    if name not in kept:
        upgrade.ok = False
        upgrade.messages.append(f"milestone {name!r} is missing after the upgrade")


def _upgrade_with_milestone(wa: Any, review: LensReview, version: str, wanted: str) -> str:
    """Upgrade with milestone ``wanted``; when a milestone has that name already (ConflictException),
    with the first free ``wanted (N)``. Returns the milestone name used."""

    def upgrade(name: str) -> None:
        token = hashlib.sha256(f"{review.workload_id}|{review.lens_arn}|{version}|{name}".encode()).hexdigest()
        wa.upgrade_lens_review(WorkloadId=review.workload_id, LensAlias=review.lens_arn, MilestoneName=name,
                               ClientRequestToken=token[:64])

    name = wanted[:MILESTONE_NAME_MAX]
    try:
        upgrade(name)
    except Exception as exc:
        taken = _milestone_names(wa, review.workload_id) if error_code(exc) == "ConflictException" else set()
        if name not in taken:
            raise
        name = free_name(wanted, taken)
        upgrade(name)
    return name


def _milestone_names(wa: Any, workload_id: str) -> set[str]:
    return {m["MilestoneName"] for m in paginate(wa.list_milestones, "MilestoneSummaries", WorkloadId=workload_id,
                                                 MaxResults=50)}


def free_name(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted (N)`` with the smallest N from 2 that is free, within the 100-character limit."""
    name, n = wanted[:MILESTONE_NAME_MAX], 2
    while name in taken:
        suffix = f" ({n})"
        name, n = wanted[:MILESTONE_NAME_MAX - len(suffix)] + suffix, n + 1
    return name
