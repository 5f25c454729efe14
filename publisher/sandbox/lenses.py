"""State of one custom lens: its draft, published versions, tags and shares."""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypeVar

from .exceptions import ValidationException

LENS_ARN = re.compile(
    r"^arn:(?P<partition>aws[a-z-]*):wellarchitected:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
    r"lens/(?P<lens_id>[0-9a-f]{32})$")
INVITATION_TTL = timedelta(days=7)


@dataclass(frozen=True)
class LensRef:
    """The parts of a custom lens ARN."""

    account: str
    region: str
    lens_id: str


def parse_lens_arn(alias: str) -> LensRef:
    """Custom lenses are addressed by ARN only; any other alias is a ValidationException."""
    match = LENS_ARN.match(alias or "")
    if match is None:
        raise ValidationException(
            f"[Validation] Invalid lens alias {alias} (allowed value as alias is LensARN)",
            fields=[{"Name": "LensAlias", "Message": "must be the lens ARN"}])
    return LensRef(match["account"], match["region"], match["lens_id"])


def normalized_name(name: str) -> str:
    """How the service compares lens names: lower case, spaces removed."""
    return "".join(name.lower().split())


Named = TypeVar("Named")


def holder_of_name(name: str, others: Iterable[Named], name_of: Callable[[Named], str],
                   exclude: Named | None) -> Named | None:
    """The first of ``others`` (``exclude`` aside) whose name equals ``name`` once both are normalized
    (lens, workload and review-template names are unique so within an account and Region)."""
    wanted = normalized_name(name)
    return next((other for other in others if other is not exclude and normalized_name(name_of(other)) == wanted),
                None)


def numbered(content: dict[str, Any]) -> dict[str, Any]:
    """A copy of the lens with the ``number`` (1-based position) ExportLens adds to questions and choices."""
    result = copy.deepcopy(content)
    for pillar in result["pillars"]:
        for question_number, question in enumerate(pillar["questions"], start=1):
            question["number"] = question_number
            for choice_number, choice in enumerate(question["choices"], start=1):
                choice["number"] = choice_number
    return result


@dataclass
class LensSnapshot:
    """The content of a draft or of one published version."""

    content: dict[str, Any]
    updated_at: datetime
    version: str | None = None
    is_major: bool = False

    @property
    def name(self) -> str:
        return str(self.content["name"])

    @property
    def description(self) -> str:
        return str(self.content["description"])


@dataclass
class LensShare:
    """One share of a published lens, with an account, an organization or an OU."""

    share_id: str
    shared_with: str
    created_at: datetime
    invitation_id: str | None  # set for account shares, which the recipient must accept
    status: str

    def current_status(self, now: datetime) -> str:
        """Pending invitations expire after seven days."""
        if self.status == "PENDING" and now - self.created_at > INVITATION_TTL:
            return "EXPIRED"
        return self.status


@dataclass
class CustomLens:
    """A custom lens owned by one account in one Region."""

    ref: LensRef
    arn: str
    created_at: datetime
    draft: LensSnapshot | None = None
    versions: list[LensSnapshot] = field(default_factory=list)
    shares: dict[str, LensShare] = field(default_factory=dict)

    @property
    def latest(self) -> LensSnapshot | None:
        return self.versions[-1] if self.versions else None

    @property
    def current(self) -> LensSnapshot:
        """The draft if there is one, else the latest version (a lens always has one of both)."""
        snapshot = self.draft or self.latest
        assert snapshot is not None, "a lens without draft and versions is deleted"
        return snapshot

    @property
    def published_name(self) -> str | None:
        return self.latest.name if self.latest else None

    def version(self, name: str) -> LensSnapshot | None:
        return next((snapshot for snapshot in self.versions if snapshot.version == name), None)

    def share_for(self, shared_with: str) -> LensShare | None:
        return next((share for share in self.shares.values() if share.shared_with == shared_with), None)


@dataclass(frozen=True)
class OfficialLens:
    """An AWS official lens: listed and readable, but its questions are not emulated.

    Official lenses are addressed by alias or by ``arn:aws:wellarchitected::aws:lens/<alias>``
    (API reference, LensSummary.LensAlias).  Workloads cannot use them in the sandbox.
    """

    alias: str
    name: str
    description: str
    version: str

    @property
    def arn(self) -> str:
        return f"arn:aws:wellarchitected::aws:lens/{self.alias}"

    def lens(self) -> dict[str, Any]:
        return {"LensArn": self.arn, "LensVersion": self.version, "Name": self.name,
                "Description": self.description}

    def summary(self) -> dict[str, Any]:
        return {"LensArn": self.arn, "LensAlias": self.alias, "LensName": self.name, "LensType": "AWS_OFFICIAL",
                "Description": self.description, "LensVersion": self.version, "LensStatus": "PUBLISHED"}


_FRAMEWORK = OfficialLens(
    "wellarchitected", "AWS Well-Architected Framework",
    "AWS Well-Architected helps cloud architects build secure, high-performing, resilient, and efficient "
    "infrastructure for a variety of applications and workloads.", "2024-06-27")
OFFICIAL_LENSES: tuple[OfficialLens, ...] = (_FRAMEWORK,)


def official_lens(alias: str) -> OfficialLens | None:
    """The official lens with this alias or ARN, if any."""
    return next((lens for lens in OFFICIAL_LENSES if alias in (lens.alias, lens.arn)), None)
