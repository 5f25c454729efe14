"""The assessment plan: per question, the current answer, the verdicts and what they propose.

``build_plan`` is pure (facts, lens, rules and current answers in, a JSON-ready dict out);
``docs/assess.md`` documents the contract field by field and ``tests/assess`` checks it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from publisher.adoption.answer_risk import NONE_OF_THESE_SUFFIX, risk_of
from publisher.assess.evaluate import Verdict, judge
from publisher.assess.facts import Facts
from publisher.assess.notes import choice_note, verdict_line, with_block
from publisher.assess.proposal import Answer, Proposal, target
from publisher.assess.rules import RuleSet

PLAN_FORMAT = "walens-assess-plan"
PLAN_VERSION = 1


def _questions(doc: Mapping[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return [(str(pillar.get("id")), question) for pillar in doc.get("pillars", []) if isinstance(pillar, dict)
            for question in pillar.get("questions", []) if isinstance(question, dict)]


def evidence_questions(doc: Mapping[str, Any], rules: RuleSet) -> list[str]:
    """Ids of the questions with at least one evidence rule, in lens order."""
    wanted = rules.questions
    return [str(q["id"]) for _, q in _questions(doc) if q.get("id") in wanted]


def propose(verdicts: list[Verdict], current: Answer, header: str) -> Proposal:
    """Select the satisfied choices, mark the not-applicable ones, note every verdict."""
    select = tuple(v.choice_id for v in verdicts
                   if v.verdict == "satisfied" and not v.choice_id.endswith(NONE_OF_THESE_SUFFIX))
    not_applicable = {v.choice_id: v.reason for v in verdicts if v.verdict == "not_applicable"}
    notes = with_block(current.notes, header, [verdict_line(v) for v in verdicts])
    choice_notes = {v.choice_id: choice_note(v) for v in verdicts if v.verdict != "unknown"}
    return Proposal(select, not_applicable, notes, choice_notes)


def _question_entry(pillar_id: str, question: dict[str, Any], rules: RuleSet, facts: Facts, current: Answer,
                    header: str) -> dict[str, Any]:
    qid = str(question["id"])
    choice_ids = [str(c.get("id")) for c in question.get("choices", []) if isinstance(c, dict)]
    verdicts = [judge(cid, rules.of(qid, cid), facts) for cid in choice_ids if rules.of(qid, cid)]
    proposal = propose(verdicts, current, header)
    applied, merged = target(current, proposal, merge=False), target(current, proposal, merge=True)
    return {
        "questionId": qid, "pillarId": pillar_id, "title": str(question.get("title", "")),
        "current": {**current.to_json(), "risk": risk_of(question, current.state)},
        "verdicts": [v.to_json() for v in verdicts],
        "select": [c for c in proposal.select if c not in current.selected],
        "contradicted": [v.choice_id for v in verdicts if v.verdict == "violated" and v.choice_id in current.selected],
        "notApplicable": [{"choiceId": c, "reason": r} for c, r in proposal.not_applicable.items()
                          if c not in current.not_applicable],
        "choiceNotes": dict(proposal.choice_notes),
        "notes": proposal.notes,
        "risk": {"current": risk_of(question, current.state), "afterApply": risk_of(question, applied.state),
                 "afterMerge": risk_of(question, merged.state)},
        "writes": {"apply": applied != current, "merge": merged != current},
    }


def build_plan(doc: Mapping[str, Any], rules: RuleSet, facts: Facts, answers: Mapping[str, Answer], *,
               meta: Mapping[str, Any]) -> dict[str, Any]:
    """The plan; ``answers`` holds the current answer of each evidence question; ``meta`` gives
    createdAt, cluster, region, workloadId, lensAlias and lensName."""
    header = f"cluster {meta['cluster']} ({meta['region']})"  # no time: a rerun on the same facts writes nothing
    for line in facts.not_collected:
        header += f"\n{line}"
    wanted = set(evidence_questions(doc, rules))
    questions = [_question_entry(pillar_id, question, rules, facts, answers.get(str(question["id"]), Answer()),
                                 header)
                 for pillar_id, question in _questions(doc) if question.get("id") in wanted]
    verdicts = [v for q in questions for v in q["verdicts"]]
    return {
        "format": PLAN_FORMAT, "version": PLAN_VERSION, "createdAt": meta["createdAt"],
        "cluster": {"name": meta["cluster"], "region": meta["region"]},
        "workload": {"id": meta["workloadId"], "lensAlias": meta["lensAlias"]},
        "lens": {"name": meta["lensName"]},
        "sources": [{"name": s.source, "origin": s.label, "collected": not s.error, "reason": s.error,
                     "calls": s.calls} for s in facts.sources],
        "notCollected": facts.not_collected,
        "apiCalls": facts.calls,
        "questions": questions,
        "summary": {"questions": len(questions),
                    "select": sum(len(q["select"]) for q in questions),
                    "contradicted": sum(len(q["contradicted"]) for q in questions),
                    "notApplicable": sum(len(q["notApplicable"]) for q in questions),
                    **{verdict: sum(1 for v in verdicts if v["verdict"] == verdict)
                       for verdict in ("satisfied", "violated", "unknown", "not_applicable")}},
    }
