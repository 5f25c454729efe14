"""Write a plan into a workload review: re-read, skip what changed, milestone first, converge.

Each answer is read again; an answer that differs from the one the plan saw was changed by
someone since, and is skipped (unless it already is what the plan wants). Only then, when there
is anything to write, a milestone keeps the review as it was, and the answers are updated. A
rerun finds every answer as wanted and writes nothing, not even a milestone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from publisher.assess.proposal import Answer, Proposal, target, update_request

MILESTONE_PREFIX = "walens-assess"


@dataclass
class Outcome:
    """What happened to each question: written, up to date, skipped (and why)."""

    milestone: str = ""
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    contradicted: dict[str, list[str]] = field(default_factory=dict)

    @property
    def writes(self) -> int:
        return len(self.written) + (1 if self.milestone else 0)

    def to_json(self) -> dict[str, Any]:
        return {"milestone": self.milestone or None, "written": self.written, "unchanged": self.unchanged,
                "skipped": self.skipped, "contradicted": self.contradicted, "writes": self.writes}


def planned(entry: Mapping[str, Any]) -> tuple[Answer, Proposal]:
    """The answer a plan entry saw and what it proposes."""
    current = entry["current"]
    seen = Answer(frozenset(current["selectedChoices"]), frozenset(current["notApplicableChoices"]),
                  current["isApplicable"], current["notes"])
    proposal = Proposal(tuple(entry["select"]), {item["choiceId"]: item["reason"] for item in entry["notApplicable"]},
                        entry["notes"], dict(entry["choiceNotes"]))
    return seen, proposal


def apply_plan(plan: Mapping[str, Any], wa: Any, *, merge: bool, now: Callable[[], str],
               dry_run: bool = False) -> Outcome:
    """Apply ``plan`` through the wellarchitected client ``wa``; ``now()`` names the milestone."""
    workload, alias = plan["workload"]["id"], plan["workload"]["lensAlias"]
    outcome = Outcome()
    requests: list[tuple[str, dict[str, Any]]] = []
    for entry in plan["questions"]:
        qid = entry["questionId"]
        if entry.get("contradicted"):
            outcome.contradicted[qid] = list(entry["contradicted"])
        seen, proposal = planned(entry)
        current = Answer.from_api(wa.get_answer(WorkloadId=workload, LensAlias=alias, QuestionId=qid)["Answer"])
        expected = target(seen, proposal, merge=merge)
        request = update_request(current, target(current, proposal, merge=merge), proposal)
        if current not in (seen, expected):
            outcome.skipped[qid] = "changed since the plan was made: assess again"
        elif request is not None:
            requests.append((qid, request))
        elif current.answered and not merge and expected == seen:
            outcome.skipped[qid] = "answered by a person: --merge adds the proposed choices"
        else:
            outcome.unchanged.append(qid)
    if requests and not dry_run:
        outcome.milestone = f"{MILESTONE_PREFIX} {now()}"
        wa.create_milestone(WorkloadId=workload, MilestoneName=outcome.milestone, ClientRequestToken=outcome.milestone)
    for qid, request in requests:
        if not dry_run:
            wa.update_answer(WorkloadId=workload, LensAlias=alias, QuestionId=qid, **request)
        outcome.written.append(qid)
    return outcome
