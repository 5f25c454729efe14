"""The plan vocabulary: what walens would do to one target, as data that plan prints and publish runs."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum
from typing import Any

from publisher.publish.targets import Target
from publisher.publish.version_count import VersionCount
from publisher.publish.versioning import VersionDecision


class Kind(str, Enum):
    CREATE_LENS = "create-lens"
    IMPORT_DRAFT = "import-draft"
    RESUME_DRAFT = "resume-draft"
    PUBLISH_VERSION = "publish-version"
    TAG = "tag"
    ENABLE_ORG_SHARING = "enable-org-sharing"
    SHARE = "share"
    RESHARE = "reshare"
    UNSHARE = "unshare"


@dataclass(frozen=True)
class Action:
    """One write walens would make; ``detail`` is the human description."""

    kind: Kind
    detail: str
    principal: str | None = None
    share_ids: tuple[str, ...] = ()
    tags: tuple[tuple[str, str], ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind.value, "detail": self.detail}
        if self.principal:
            out["principal"] = self.principal
        if self.tags:
            out["tags"] = dict(self.tags)
        return out


@dataclass
class TargetPlan:
    """Everything publish would do to one target, computed with read calls only."""

    target: Target
    account: str = "?"
    lens_name: str = ""
    lens_arn: str | None = None
    published_version: str | None = None
    classification: str = "none"  # major | minor | none | new
    version: VersionDecision | None = None
    version_count: VersionCount | None = None  # as it stands before the plan runs; None: not read (share)
    actions: list[Action] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # problems that make the target fail
    refused: bool = False  # True when an error blocks every lens change of this target
    published_json: str | None = field(default=None, repr=False)  # the export, reused for the backup
    #: What the plan read, for a saved plan to check before it is applied: ARN, versions, draft, shares.
    observed: dict[str, Any] = field(default_factory=dict)

    @property
    def publishes(self) -> bool:
        """Whether applying the plan creates a lens version."""
        return self.version is not None and not self.refused

    def count_notes(self, *, published: bool) -> list[str]:
        """The version count once the plan's version is ``published``, or as it stands (``4/100 versions``)."""
        if self.version_count is None:
            return []
        if published and self.publishes:
            return [f"{self.version_count.plus_one()} after this publish"]
        return [str(self.version_count)]

    def summary(self) -> str:
        """Short text for the table's action column."""
        if self.refused:
            return "refused"
        if self.version is not None:
            verb = "create" if any(a.kind is Kind.CREATE_LENS for a in self.actions) else "publish"
            kind = "major" if self.version.is_major else "minor"
            head = f"{verb} {self.version.version} ({kind})"
        else:
            head = "no lens change"
        share_count = sum(a.kind in (Kind.SHARE, Kind.RESHARE, Kind.UNSHARE) for a in self.actions)
        tail = [f"{share_count} share change(s)"] if share_count else []
        if any(a.kind is Kind.TAG for a in self.actions):
            tail.append("tag")
        return ", ".join([head, *tail])

    def to_json(self) -> dict[str, Any]:
        return {
            "target": self.target.name, "region": self.target.region, "account": self.account,
            "lens": self.lens_name, "lensArn": self.lens_arn, "publishedVersion": self.published_version,
            "classification": self.classification,
            "version": self.version.version if self.version else None,
            "isMajorVersion": self.version.is_major if self.version else None,
            "versionCount": self.version_count.value if self.version_count else None,
            "versionCountExact": self.version_count.exact if self.version_count else None,
            "actions": [action.to_json() for action in self.actions],
            "notes": self.notes, "errors": self.errors, "refused": self.refused, "observed": self.observed,
        }
