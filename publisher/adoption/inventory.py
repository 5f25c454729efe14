"""Reading the lens reviews of one account and Region: read-only, every list paginated.

Calls: ListWorkloads once per 50 workloads (its summaries name the lenses applied), then, only for
workloads that have the lens, GetLensReview and ListAnswers (once per 50 questions), and GetWorkload
when :class:`Details` asks for the review owner or tags (``ListWorkloads`` carries neither).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from publisher.adoption.answer_risk import RISKS, AnswerState
from publisher.publish.lensfind import paginate

PAGE = 50


@dataclass(frozen=True)
class Answer:
    """One question of a lens review as ListAnswers reports it."""

    pillar_id: str
    question_id: str
    risk: str
    state: AnswerState
    #: (choice id, title) of every choice of the question, in lens order.
    choices: tuple[tuple[str, str], ...]
    title: str = ""


@dataclass(frozen=True)
class Details:
    """What to read beyond the lens review, with one GetWorkload per workload: the review owner, tags."""

    owners: bool = False
    tag_keys: tuple[str, ...] = ()

    @property
    def wanted(self) -> bool:
        return self.owners or bool(self.tag_keys)


#: Nothing beyond the lens review (no GetWorkload).
NO_DETAILS = Details()


@dataclass(frozen=True)
class LensReview:
    """The lens as applied to one workload."""

    account: str
    region: str
    workload_id: str
    workload_name: str
    owner_account: str
    lens_arn: str
    lens_version: str
    lens_status: str
    risk_counts: dict[str, int]
    updated_at: str
    answers: tuple[Answer, ...]
    #: pillar id -> name, in lens order (GetLensReview's PillarReviewSummaries)
    pillar_names: dict[str, str] = field(default_factory=dict)
    #: GetWorkload's ReviewOwner, None when not read (see :class:`Details`)
    review_owner: str | None = None
    #: the chosen tag keys the workload carries (GetWorkload's Tags)
    tags: dict[str, str] = field(default_factory=dict)

    @property
    def upgrade_available(self) -> bool:
        return self.lens_status == "NOT_CURRENT"

    @property
    def unanswered(self) -> int:
        return self.risk_counts["UNANSWERED"]

    @property
    def answered(self) -> int:
        return sum(self.risk_counts.values()) - self.unanswered

    @property
    def questions(self) -> int:
        return sum(self.risk_counts.values())

    def to_json(self) -> dict[str, Any]:
        """The entry of ``workloads`` in the JSON contract (``flags`` and ``accountName`` are added by the report)."""
        return {"account": self.account, "region": self.region, "workloadId": self.workload_id,
                "workloadName": self.workload_name, "ownerAccount": self.owner_account,
                "reviewOwner": self.review_owner, "tags": dict(self.tags), "lensVersion": self.lens_version,
                "lensStatus": self.lens_status, "upgradeAvailable": self.upgrade_available,
                "questions": self.questions, "answered": self.answered,
                "riskCounts": dict(self.risk_counts), "updatedAt": self.updated_at}


def read_reviews(wa: Any, account: str, region: str, lens_arn: str, details: Details = NO_DETAILS) -> list[LensReview]:
    """Every workload of the account and Region that has ``lens_arn`` applied, with its answers."""
    return [_review(wa, account, region, lens_arn, summary, details)
            for summary in paginate(wa.list_workloads, "WorkloadSummaries", MaxResults=PAGE)
            if lens_arn in summary.get("Lenses", ())]


def _review(wa: Any, account: str, region: str, lens_arn: str, summary: dict[str, Any],
            details: Details) -> LensReview:
    workload_id = summary["WorkloadId"]
    review = wa.get_lens_review(WorkloadId=workload_id, LensAlias=lens_arn)["LensReview"]
    answers = paginate(wa.list_answers, "AnswerSummaries", WorkloadId=workload_id, LensAlias=lens_arn,
                       MaxResults=PAGE)
    workload = wa.get_workload(WorkloadId=workload_id)["Workload"] if details.wanted else {}
    tags = workload.get("Tags") or {}
    counts = review.get("RiskCounts") or {}
    return LensReview(
        account=account, region=region, workload_id=workload_id,
        workload_name=summary.get("WorkloadName", ""), owner_account=summary.get("Owner", ""), lens_arn=lens_arn,
        lens_version=review.get("LensVersion", ""), lens_status=review.get("LensStatus", ""),
        risk_counts={risk: int(counts.get(risk, 0)) for risk in RISKS},
        updated_at=_iso(review.get("UpdatedAt") or summary.get("UpdatedAt")),
        answers=tuple(_answer(item) for item in answers),
        pillar_names={p["PillarId"]: p.get("PillarName", "") for p in review.get("PillarReviewSummaries", ())},
        review_owner=workload.get("ReviewOwner", "") if details.wanted else None,
        tags={key: tags[key] for key in details.tag_keys if key in tags},
    )


def _answer(item: dict[str, Any]) -> Answer:
    not_applicable = frozenset(summary["ChoiceId"] for summary in item.get("ChoiceAnswerSummaries", ())
                               if summary.get("Status") == "NOT_APPLICABLE")
    state = AnswerState(frozenset(item.get("SelectedChoices", ())), not_applicable, item.get("IsApplicable", True))
    return Answer(item.get("PillarId", ""), item["QuestionId"], item.get("Risk", "UNANSWERED"), state,
                  tuple((choice["ChoiceId"], choice.get("Title", "")) for choice in item.get("Choices", ())),
                  item.get("QuestionTitle", ""))


def _iso(value: datetime | str | None) -> str:
    """ISO 8601 in UTC with its offset (``+00:00``); a time without a zone is taken as UTC."""
    if isinstance(value, datetime):
        zoned = value if value.tzinfo is not None else value.replace(tzinfo=timezone.utc)
        return zoned.astimezone(timezone.utc).isoformat()
    return value or ""


def shown_time(iso: str) -> str:
    """An ISO 8601 time for people: ``2026-12-02 03:16 UTC`` (converted to UTC), ``-`` when unknown."""
    if not iso:
        return "-"
    try:
        moment = datetime.fromisoformat(iso)
    except ValueError:
        return iso
    zoned = moment if moment.tzinfo is not None else moment.replace(tzinfo=timezone.utc)
    return f"{zoned.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"
