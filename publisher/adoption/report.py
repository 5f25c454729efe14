"""Aggregates of an inventory (per question, pillar, account, version, chosen group; common
improvements), its flagged not-applicable marks, and its JSON contract."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from publisher.adoption.answer_risk import NONE_OF_THESE_SUFFIX, RISKS
from publisher.adoption.collect import Collected, lens_json
from publisher.adoption.grouping import GroupBy
from publisher.adoption.inventory import LensReview
from publisher.adoption.na_flags import Flag, NeverLists, flags_of, not_run_note

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
    """Figures over the reviews of one inventory; ``never`` the lens sources' never-not-applicable lists
    (None: not at hand), ``group_by`` the grouping asked for (workloads are then sorted by group)."""

    def __init__(self, collected: Collected, never: NeverLists = None, group_by: GroupBy | None = None,
                 tag_keys: Sequence[str] = ()) -> None:
        self.collected = collected
        self.group_by = group_by
        #: the tag columns: the chosen tags, then the grouping's
        self.tag_columns = list(dict.fromkeys([*tag_keys, *([group_by.tag] if group_by and group_by.tag else [])]))
        self.reviews: list[LensReview] = collected.reviews
        if group_by is not None:
            self.reviews = sorted(self.reviews, key=lambda r: group_by.value(r, self.account_label))
        self.lens = lens_json(collected.lenses)
        self.flags: list[list[Flag]] = [flags_of(review, never) for review in self.reviews]
        note = not_run_note(never)
        self.notes = [*collected.notes, *([note] if note else [])]
        self.pillar_names = {pillar: name for r in self.reviews for pillar, name in r.pillar_names.items() if name}
        self.question_titles = {a.question_id: a.title for r in self.reviews for a in r.answers if a.title}

    def account_label(self, account: str) -> str:
        """``123456789012 (payments)``, or the id alone when the name is not known."""
        name = self.collected.names.name(account)
        return f"{account} ({name})" if name else account

    def pillar_label(self, pillar: str) -> str:
        """The pillar's name, its id in parentheses."""
        name = self.pillar_names.get(pillar)
        return f"{name} ({pillar})" if name else pillar

    def question_label(self, question: str) -> str:
        """The question's title, its id in parentheses."""
        title = self.question_titles.get(question)
        return f"{title} ({question})" if title else question

    def flagged(self) -> list[tuple[LensReview, Flag]]:
        return [(review, flag) for review, flags in zip(self.reviews, self.flags, strict=True) for flag in flags]

    def groups(self) -> dict[str, dict[str, int]]:
        """Per value of ``group_by``: workloads, upgradable ones and risk counts summed (empty without grouping)."""
        if self.group_by is None:
            return {}
        group_by = self.group_by
        return _tally(self.reviews, lambda r: group_by.value(r, self.account_label))

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
        return dict(sorted(_tally(self.reviews, lambda r: r.account).items()))

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
        names = self.collected.names.names
        return {
            "lens": self.lens,
            "notes": list(self.notes),
            "workloads": [{**review.to_json(), "accountName": names.get(review.account),
                           "flags": [flag.to_json() for flag in flags]}
                          for review, flags in zip(self.reviews, self.flags, strict=True)],
            "questions": [self._question_json(pillar, question, counts)
                          for (pillar, question), counts in self.questions().items()],
            "questionsAtRisk": [self._question_json(pillar, question, counts)
                                for (pillar, question), counts in self.at_risk()],
            "pillars": [{"pillarId": pillar, "pillarName": self.pillar_names.get(pillar), **counts}
                        for pillar, counts in self.pillars().items()],
            "accounts": [{"account": account, "accountName": names.get(account), **counts}
                         for account, counts in self.accounts().items()],
            "groupBy": None if self.group_by is None else self.group_by.key,
            "groups": [{"value": value, **counts} for value, counts in self.groups().items()],
            "improvements": [{"pillarId": i.pillar_id, "questionId": i.question_id,
                              "questionTitle": self.question_titles.get(i.question_id), "choiceId": i.choice_id,
                              "title": i.title, "workloads": i.workloads} for i in self.improvements()],
            "errors": [error.to_json() for error in self.collected.errors],
        }

    def _question_json(self, pillar: str, question: str, counts: Counts) -> dict[str, Any]:
        return {"pillarId": pillar, "questionId": question, "questionTitle": self.question_titles.get(question),
                **counts}


def _tally(reviews: list[LensReview], key: Callable[[LensReview], str]) -> dict[str, dict[str, int]]:
    """Per ``key``, in first-met order: workloads, workloads with an upgrade available, risk counts summed."""
    table: dict[str, dict[str, int]] = {}
    for review in reviews:
        row = table.setdefault(key(review), {"workloads": 0, "upgradeAvailable": 0, **zero()})
        row["workloads"] += 1
        row["upgradeAvailable"] += review.upgrade_available
        for risk, count in review.risk_counts.items():
            row[risk] += count
    return table
