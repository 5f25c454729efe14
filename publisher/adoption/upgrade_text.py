"""``upgrade-reviews`` output: per workload, what the upgrade changes (and, applied, what happened)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from publisher.adoption.collect import ReviewError, lens_json
from publisher.adoption.formats import error_lines, note_lines, table
from publisher.adoption.upgrade import WorkloadUpgrade
from publisher.publish.lensfind import LensState
from publisher.safetext import clean


def render_upgrades(upgrades: Sequence[WorkloadUpgrade], errors: Sequence[ReviewError], applied: bool,
                    notes: Sequence[str] = ()) -> str:
    lines = note_lines(notes)
    if not upgrades:
        lines += ["no lens review needs an upgrade: every workload selected is on the latest version"]
    else:
        lines += table(
            ("account", "region", "workload", "from", "to", "answers lost", "risk changes", "result", "milestone"),
            [(u.review.account, u.review.region, u.review.workload_name, u.review.lens_version, u.to_version,
              str(u.impact.answers_lost), str(len(u.impact.risk_changes)), u.result, u.milestone or "-")
             for u in upgrades])
    for u in upgrades:
        details = _details(u)
        if details:
            r = u.review
            lines += ["", f"{clean(r.account)}/{clean(r.region)} {clean(r.workload_name)} "
                      f"({clean(r.lens_version)} -> {clean(u.to_version)}):", *(f"  {clean(line)}" for line in details)]
    if upgrades and not applied:
        lines += ["", "dry run: nothing was changed; run with --apply to upgrade (a milestone is recorded first)"]
    return "\n".join(lines + error_lines(errors))


def _details(upgrade: WorkloadUpgrade) -> list[str]:
    impact = upgrade.impact
    lines = [f"question {q.question_id} removed" + (": its answer is lost" if q.answered else "")
             + (": its notes are lost" if q.notes_only else "") for q in impact.questions_removed]
    lines += [f"{c.question_id}: choice(s) {', '.join(c.choice_ids)} removed"
              + (": its answer is lost" if c.answer_lost else "") for c in impact.choices_removed]
    lines += [f"{r.question_id}: {r.before} -> {r.after}" for r in impact.risk_changes]
    lines += [f"new question {q} (unanswered)" for _p, q in impact.questions_added]
    lines += [f"error: {message}" for message in upgrade.messages]
    return lines


def upgrades_json(lenses: dict[str, LensState], upgrades: Sequence[WorkloadUpgrade], errors: Sequence[ReviewError],
                  applied: bool, notes: Sequence[str] = ()) -> dict[str, Any]:
    return {"lens": lens_json(lenses), "applied": applied, "notes": list(notes),
            "upgrades": [u.to_json() for u in upgrades], "errors": [e.to_json() for e in errors]}
