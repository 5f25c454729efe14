"""Aggregates of an inventory (per question, pillar, account, version; common improvements) and its
JSON contract."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from publisher.adoption.answer_risk import NONE_OF_THESE_SUFFIX, RISKS
from publisher.adoption.collect import Collected, lens_json
from publisher.adoption.inventory import LensReview

Counts = dict[str, int]


def zero() -> Counts:
    return dict.fromkeys(RISKS, 0)


@dataclass(frozen=True)
class Improvement:
    """A best practice missing on questions at HIGH or MEDIUM risk, and in how many workloads."""

    pillar_id: str
    question_id: str
    choice_id: str
    title: str
    workloads: int


class Report:
    """Figures over the reviews of one inventory."""

    def __init__(self, collected: Collected) -> None:
        self.collected = collected
        self.reviews: list[LensReview] = collected.reviews
        self.lens = lens_json(collected.lenses)

    def questions(self) -> dict[tuple[str, str], Counts]:
        """Per (pillar id, question id), in lens order: how many workloads are at each risk."""
        table: dict[tuple[str, str], Counts] = {}
        for review in self.reviews:
            for answer in review.answers:
                table.setdefault((answer.pillar_id, answer.question_id), zero())[answer.risk] += 1
        return table

    def pillars(self) -> dict[str, Counts]:
        """Per pillar: the questions' risks summed over workloads."""
        table: dict[str, Counts] = {}
        for (pillar, _question), counts in self.questions().items():
            total = table.setdefault(pillar, zero())
            for risk, count in counts.items():
                total[risk] += count
        return table

    def accounts(self) -> dict[str, dict[str, int]]:
        """Per account: workloads, workloads with an upgrade available, and risk counts summed."""
        table: dict[str, dict[str, int]] = {}
        for review in self.reviews:
            row = table.setdefault(review.account, {"workloads": 0, "upgradeAvailable": 0, **zero()})
            row["workloads"] += 1
            row["upgradeAvailable"] += review.upgrade_available
            for risk, count in review.risk_counts.items():
                row[risk] += count
        return table

    def at_risk(self) -> list[tuple[tuple[str, str], Counts]]:
        """The questions where some workload is at HIGH or MEDIUM risk, most HIGH, then most MEDIUM, first."""
        rows = [(key, counts) for key, counts in self.questions().items() if counts["HIGH"] or counts["MEDIUM"]]
        return sorted(rows, key=lambda row: (-row[1]["HIGH"], -row[1]["MEDIUM"]))

    def versions(self) -> dict[str, int]:
        """Workloads per lens version, oldest version first as the inventory met them."""
        return dict(sorted(Counter(review.lens_version for review in self.reviews).items()))

    def statuses(self) -> dict[str, int]:
        return dict(Counter(review.lens_status for review in self.reviews))

    def improvements(self, limit: int = 10) -> list[Improvement]:
        """The best practices most often missing where a question is at HIGH or MEDIUM risk."""
        counter: Counter[tuple[str, str, str, str]] = Counter()
        for review in self.reviews:
            for answer in review.answers:
                if answer.risk not in ("HIGH", "MEDIUM"):
                    continue
                chosen = answer.state.selected | answer.state.not_applicable
                counter.update((answer.pillar_id, answer.question_id, choice, title)
                               for choice, title in answer.choices
                               if choice not in chosen and not choice.endswith(NONE_OF_THESE_SUFFIX))
        ranked = sorted(counter.items(), key=lambda item: (-item[1], item[0]))[:limit]
        return [Improvement(*key, workloads=count) for key, count in ranked]

    def to_json(self) -> dict[str, Any]:
        """The JSON contract of ``walens reviews --format json`` (docs/reviews.md): the workloads and every
        aggregate the text output shows."""
        return {
            "lens": self.lens,
            "workloads": [review.to_json() for review in self.reviews],
            "questions": [{"pillarId": pillar, "questionId": question, **counts}
                          for (pillar, question), counts in self.questions().items()],
            "questionsAtRisk": [{"pillarId": pillar, "questionId": question, **counts}
                                for (pillar, question), counts in self.at_risk()],
            "pillars": [{"pillarId": pillar, **counts} for pillar, counts in self.pillars().items()],
            "accounts": [{"account": account, **counts} for account, counts in self.accounts().items()],
            "improvements": [{"pillarId": i.pillar_id, "questionId": i.question_id, "choiceId": i.choice_id,
                              "title": i.title, "workloads": i.workloads} for i in self.improvements()],
            "errors": [error.to_json() for error in self.collected.errors],
        }
