"""Reading the lens reviews of one account and Region: read-only, every list paginated.

Calls: ListWorkloads once per 50 workloads (its summaries name the lenses applied), then, only for
workloads that have the lens, GetLensReview and ListAnswers (once per 50 questions).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
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


@dataclass(frozen=True)
class LensReview:
    """The lens as applied to one workload."""

    account: str
    region: str
    workload_id: str
    workload_name: str
    owner: str
    lens_arn: str
    lens_version: str
    lens_status: str
    risk_counts: dict[str, int]
    updated_at: str
    answers: tuple[Answer, ...]

    @property
    def upgrade_available(self) -> bool:
        return self.lens_status == "NOT_CURRENT"

    @property
    def unanswered(self) -> int:
        return self.risk_counts["UNANSWERED"]

    @property
    def answered(self) -> int:
        return sum(self.risk_counts.values()) - self.unanswered

    def to_json(self) -> dict[str, Any]:
        """The entry of ``workloads`` in the JSON contract."""
        return {"account": self.account, "region": self.region, "workloadId": self.workload_id,
                "workloadName": self.workload_name, "lensVersion": self.lens_version,
                "lensStatus": self.lens_status, "upgradeAvailable": self.upgrade_available,
                "riskCounts": dict(self.risk_counts), "updatedAt": self.updated_at}


def read_reviews(wa: Any, account: str, region: str, lens_arn: str) -> list[LensReview]:
    """Every workload of the account and Region that has ``lens_arn`` applied, with its answers."""
    return [_review(wa, account, region, lens_arn, summary)
            for summary in paginate(wa.list_workloads, "WorkloadSummaries", MaxResults=PAGE)
            if lens_arn in summary.get("Lenses", ())]


def _review(wa: Any, account: str, region: str, lens_arn: str, summary: dict[str, Any]) -> LensReview:
    workload_id = summary["WorkloadId"]
    review = wa.get_lens_review(WorkloadId=workload_id, LensAlias=lens_arn)["LensReview"]
    answers = paginate(wa.list_answers, "AnswerSummaries", WorkloadId=workload_id, LensAlias=lens_arn,
                       MaxResults=PAGE)
    counts = review.get("RiskCounts") or {}
    return LensReview(
        account=account, region=region, workload_id=workload_id,
        workload_name=summary.get("WorkloadName", ""), owner=summary.get("Owner", ""), lens_arn=lens_arn,
        lens_version=review.get("LensVersion", ""), lens_status=review.get("LensStatus", ""),
        risk_counts={risk: int(counts.get(risk, 0)) for risk in RISKS},
        updated_at=_iso(review.get("UpdatedAt") or summary.get("UpdatedAt")),
        answers=tuple(_answer(item) for item in answers),
    )


def _answer(item: dict[str, Any]) -> Answer:
    not_applicable = frozenset(summary["ChoiceId"] for summary in item.get("ChoiceAnswerSummaries", ())
                               if summary.get("Status") == "NOT_APPLICABLE")
    state = AnswerState(frozenset(item.get("SelectedChoices", ())), not_applicable, item.get("IsApplicable", True))
    return Answer(item.get("PillarId", ""), item["QuestionId"], item.get("Risk", "UNANSWERED"), state,
                  tuple((choice["ChoiceId"], choice.get("Title", "")) for choice in item.get("Choices", ())))


def _iso(value: datetime | str | None) -> str:
    if isinstance(value, datetime):
        return value.isoformat()
    return value or ""
