"""Least privilege for ``walens reviews`` and ``walens upgrade-reviews``.

Three identities are involved: the owner account's (it finds the published lens and exports its
versions), the one that reads the organisation (the owner's, or ``reviews.roleArn``: it lists the
OUs' accounts and the account names) and, in every account read, the reviews role (or the owner's
own credentials for its account). ``REVIEWS_INVENTORY`` lists every wellarchitected and
organizations action the two commands call, where and why; ``build_reviews_policy`` makes the
policy ``walens iam-policy --reviews`` prints. ``tests/reviews/test_iam_reviews.py`` checks it
against the calls made during a real ``reviews --owners`` and ``upgrade-reviews --apply`` run.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Any

from publisher.iam import POLICY_VERSION


class Where(str, Enum):
    """Which identity calls the action."""

    OWNER = "owner"  # the lens owner's account (the publishing target)
    ORGANIZATION = "organization"  # the management account or a delegated administrator (reviews.roleArn)
    MEMBER = "member"  # every account whose workloads are read (the reviews role)


@dataclass(frozen=True)
class ReviewAction:
    action: str
    resource: str  # "*", "lens" or "workload"
    where: Where
    apply: bool  # only ``upgrade-reviews --apply`` calls it
    sid: str
    purpose: str


REVIEWS_INVENTORY: tuple[ReviewAction, ...] = (
    ReviewAction("wellarchitected:ListLenses", "*", Where.OWNER, False, "FindOwnerLens",
                 "find the published lens by name in the owner account, in each Region"),
    ReviewAction("wellarchitected:ExportLens", "lens", Where.OWNER, False, "ReadOwnerLensVersions",
                 "upgrade-reviews: read the reviewed and the latest version to show answers lost and risk changes"),
    ReviewAction("organizations:ListOrganizationalUnitsForParent", "*", Where.ORGANIZATION, False,
                 "ListAccountsOfUnits",
                 "reviews.organizationalUnits: walk the child OUs of each OU"),
    ReviewAction("organizations:ListAccountsForParent", "*", Where.ORGANIZATION, False, "ListAccountsOfUnits",
                 "reviews.organizationalUnits: list the accounts of each OU"),
    ReviewAction("organizations:ListAccounts", "*", Where.ORGANIZATION, False, "ReadAccountNames",
                 "name the accounts read (without it, accounts are shown by id and a note says why)"),
    ReviewAction("wellarchitected:ListWorkloads", "*", Where.MEMBER, False, "ListWorkloads",
                 "list the workloads of each account and Region"),
    ReviewAction("wellarchitected:GetLensReview", "workload", Where.MEMBER, False, "ReadLensReviews",
                 "read the lens version, status and risk counts of each workload's review"),
    ReviewAction("wellarchitected:ListAnswers", "workload", Where.MEMBER, False, "ReadLensReviews",
                 "read the answers of each review (per question risk, and what an upgrade would lose)"),
    ReviewAction("wellarchitected:GetAnswer", "workload", Where.MEMBER, False, "ReadRemovedQuestionNotes",
                 "upgrade-reviews: the notes of a question the new version removes that the workload did not answer"),
    ReviewAction("wellarchitected:GetWorkload", "workload", Where.MEMBER, False, "ReadWorkloadOwners",
                 "reviews --owners, reviews.tags, --group-by owner or tag:KEY: the review owner and tags"),
    ReviewAction("wellarchitected:UpgradeLensReview", "workload", Where.MEMBER, True, "UpgradeLensReviews",
                 "upgrade-reviews --apply: move the review to the latest version, recording a milestone first"),
    ReviewAction("wellarchitected:ListMilestones", "workload", Where.MEMBER, True, "UpgradeLensReviews",
                 "upgrade-reviews --apply: check that the milestone was recorded (and find a free name)"),
)


EVERYWHERE = (Where.OWNER, Where.ORGANIZATION, Where.MEMBER)


def reviews_actions(*, apply: bool, where: tuple[Where, ...] = EVERYWHERE) -> list[ReviewAction]:
    """The inventory entries for the read commands (and ``--apply``), called by the given identities."""
    return [entry for entry in REVIEWS_INVENTORY if entry.where in where and (apply or not entry.apply)]


def _resource(kind: str, partition: str, account: str) -> str:
    if kind == "*":
        return "*"
    return f"arn:{partition}:wellarchitected:*:{account}:{kind}/*"


def build_reviews_policy(*, apply: bool = False, where: tuple[Where, ...] = EVERYWHERE,
                         partition: str = "aws", account: str = "*") -> dict[str, Any]:
    """The IAM policy allowing what ``reviews`` (and with ``apply``, ``upgrade-reviews --apply``) call."""
    grouped: dict[str, list[ReviewAction]] = {}
    for entry in reviews_actions(apply=apply, where=where):
        grouped.setdefault(entry.sid, []).append(entry)
    return {"Version": POLICY_VERSION, "Statement": [
        {"Sid": sid, "Effect": "Allow", "Action": sorted(entry.action for entry in entries),
         "Resource": _resource(entries[0].resource, partition, account)}
        for sid, entries in grouped.items()]}


def explain_reviews_policy(*, apply: bool) -> str:
    """Plain text: each action, who calls it and why."""
    return "".join(f"{entry.action} ({entry.where.value} account): {entry.purpose}\n"
                   for entry in reviews_actions(apply=apply))
