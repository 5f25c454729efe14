"""``--group-by``: the workloads of an inventory grouped by review owner, account, Region or a tag."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from publisher.adoption.inventory import Details, LensReview
from publisher.errors import UsageError

KEYS = ("owner", "account", "region")
TAG_PREFIX = "tag:"


@dataclass(frozen=True)
class GroupBy:
    """``owner``, ``account``, ``region`` or ``tag:KEY``."""

    key: str

    @property
    def tag(self) -> str | None:
        return self.key[len(TAG_PREFIX):] if self.key.startswith(TAG_PREFIX) else None

    @property
    def title(self) -> str:
        """How a heading names the grouping: ``review owner``, ``account``, ``team tag``."""
        return {"owner": "review owner"}.get(self.key, self.key if self.tag is None else f"{self.tag} tag")

    def value(self, review: LensReview, account_label: Callable[[str], str]) -> str:
        """The group ``review`` belongs to; a missing owner or tag is a group of its own."""
        if self.key == "owner":
            return review.review_owner or "(no review owner)"
        if self.key == "account":
            return account_label(review.account)
        if self.key == "region":
            return review.region
        return review.tags.get(str(self.tag)) or f"(no {self.tag} tag)"

    def details(self, details: Details) -> Details:
        """``details`` plus what the grouping reads (the review owner, or the tag)."""
        if self.key == "owner":
            return Details(True, details.tag_keys)
        if self.tag is not None and self.tag not in details.tag_keys:
            return Details(details.owners, (*details.tag_keys, self.tag))
        return details


def parse_group_by(text: str) -> GroupBy:
    """A UsageError naming the option unless ``text`` is a known key or ``tag:KEY``."""
    if text in KEYS or (text.startswith(TAG_PREFIX) and len(text) > len(TAG_PREFIX)):
        return GroupBy(text)
    raise UsageError(f"--group-by {text!r}: expected {', '.join(KEYS)} or tag:KEY (a workload tag key)")
