"""What a review report holds: both sides of the change, the version verdict, the diff and its impact."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from publisher.diff import Change, LensDiff, RiskOutcome
from publisher.diff.evidence import EvidenceDiff
from publisher.findings import Finding

if TYPE_CHECKING:
    from publisher.assess.rules import RuleSet

VersionStatus = Literal["ok", "mismatch", "unknown"]


@dataclass(frozen=True)
class LensSide:
    """One side of the review: where the lens came from, its document and its declared version."""

    label: str
    doc: dict[str, Any] | None  # None: the lens does not exist on this side (the base of a new lens)
    version: str | None  # None: not declared (a JSON file has no version)
    evidence: RuleSet | None = None  # the sources' evidence rules; None for lens JSON


@dataclass(frozen=True)
class VersionCheck:
    """Whether the declared version moves on from the base as the change requires."""

    status: VersionStatus
    message: str
    base: str | None
    head: str | None
    required: str  # "major", "minor", "none", "new" or "unknown" (the head was not compared)

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "base": self.base, "head": self.head,
                "required": self.required}


@dataclass(frozen=True)
class CountRow:
    """Added / removed / moved / changed counts of one kind of item (pillars, questions or choices)."""

    what: str
    added: int = 0
    removed: int = 0
    moved: int = 0
    changed: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"added": self.added, "removed": self.removed, "moved": self.moved, "changed": self.changed}


@dataclass(frozen=True)
class QuestionChanges:
    """Every change inside one question, with its title on both sides."""

    path: str  # pillar/question
    title_before: str | None
    title_after: str | None
    changes: tuple[Change, ...]

    @property
    def title(self) -> str:
        return self.title_after or self.title_before or self.path


@dataclass(frozen=True)
class WipedAnswers:
    """Answers to a question that an upgrade wipes because they ticked a choice that is removed."""

    path: str  # pillar/question
    removed: tuple[str, ...]  # the removed choice ids
    wiped: int  # possible answers (choice selections) that hold a removed choice
    possible: int  # possible answers of the question before the change

    def to_json(self) -> dict[str, Any]:
        return {"question": self.path, "removedChoices": list(self.removed), "wiped": self.wiped,
                "possible": self.possible}


@dataclass(frozen=True)
class SizeCheck:
    characters: int
    bytes: int
    max_characters: int
    max_bytes: int

    @property
    def used(self) -> float:
        """The larger of the two fractions of the limit in use."""
        return max(self.characters / self.max_characters, self.bytes / self.max_bytes)

    def to_json(self) -> dict[str, Any]:
        return {"characters": self.characters, "bytes": self.bytes, "maxCharacters": self.max_characters,
                "maxBytes": self.max_bytes}


@dataclass(frozen=True)
class PublishPreview:
    """What ``walens publish`` would do per target, or why that was not computed."""

    note: str
    targets: tuple[dict[str, Any], ...] = ()
    #: How the change moves the risk of existing workloads' answers (``publisher.adoption.pr_impact``).
    workloads: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"note": self.note, "targets": list(self.targets), "workloads": list(self.workloads)}


@dataclass(frozen=True)
class ReviewReport:
    lens_name: str
    base: LensSide
    head: LensSide
    diff: LensDiff | None  # None when the head does not compile
    version: VersionCheck
    counts: tuple[CountRow, ...]
    questions: tuple[QuestionChanges, ...]
    impact: tuple[str, ...]  # what the change does to existing workload reviews
    findings: tuple[Finding, ...]
    size: SizeCheck | None
    publish: PublishPreview
    notes: tuple[str, ...] = field(default=())
    wiped: tuple[WipedAnswers, ...] = field(default=())
    base_note: str = ""  # how the default base was chosen (the merge-base), else empty
    evidence: EvidenceDiff | None = None  # None when the head was not compared

    @property
    def classification(self) -> str:
        return self.diff.classification if self.diff is not None else "unknown"

    @property
    def error_count(self) -> int:
        return sum(finding.is_error for finding in self.findings)

    @property
    def passed(self) -> bool:
        """No validation error and a version that fits the change."""
        return self.error_count == 0 and self.version.status != "mismatch" and self.diff is not None

    def risk_changes(self) -> list[tuple[Change, RiskOutcome]]:
        """Every risk-rule change with its outcome, in document order."""
        return [(change, change.outcome) for question in self.questions for change in question.changes
                if change.outcome is not None]

    def to_json(self) -> dict[str, Any]:
        return {
            "lens": self.lens_name,
            "base": {"ref": self.base.label, "version": self.base.version, "exists": self.base.doc is not None,
                     "chosen": self.base_note},
            "head": {"ref": self.head.label, "version": self.head.version},
            "classification": self.classification,
            "passed": self.passed,
            "version": self.version.to_json(),
            "summary": {row.what: row.to_json() for row in self.counts},
            "impact": list(self.impact),
            "wipedAnswers": [wiped.to_json() for wiped in self.wiped],
            "diff": self.diff.to_json() if self.diff is not None else None,
            "findings": [finding.as_dict() for finding in self.findings],
            "size": self.size.to_json() if self.size is not None else None,
            "publish": self.publish.to_json(),
            "notes": list(self.notes),
            "evidence": self.evidence.to_json() if self.evidence is not None else None,
        }
