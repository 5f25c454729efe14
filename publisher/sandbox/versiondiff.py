"""GetLensVersionDifference: pillar- and question-level differences between two lens versions.

Like the service, it reports only which pillars and questions are NEW, DELETED or UPDATED; an
UPDATED question is one whose content (title, description, choices, rules, links) changed.
"""

from __future__ import annotations

from typing import Any


def version_differences(base: dict[str, Any], target: dict[str, Any]) -> list[dict[str, Any]]:
    """PillarDifferences for going from ``base`` to ``target``; unchanged pillars are left out."""
    base_pillars = {pillar["id"]: pillar for pillar in base["pillars"]}
    target_pillars = {pillar["id"]: pillar for pillar in target["pillars"]}
    differences = []
    for pillar_id in _ordered_union(base_pillars, target_pillars):
        old, new = base_pillars.get(pillar_id), target_pillars.get(pillar_id)
        questions = _question_differences(old["questions"] if old else [], new["questions"] if new else [])
        if old is None:
            status = "NEW"
        elif new is None:
            status = "DELETED"
        elif questions or old["name"] != new["name"]:
            status = "UPDATED"
        else:
            continue
        differences.append({"PillarId": pillar_id, "PillarName": (new or old or {})["name"],
                            "DifferenceStatus": status, "QuestionDifferences": questions})
    return differences


def _question_differences(base: list[dict[str, Any]], target: list[dict[str, Any]]) -> list[dict[str, Any]]:
    old_questions = {question["id"]: question for question in base}
    new_questions = {question["id"]: question for question in target}
    differences = []
    for question_id in _ordered_union(old_questions, new_questions):
        old, new = old_questions.get(question_id), new_questions.get(question_id)
        if old == new:
            continue
        status = "NEW" if old is None else "DELETED" if new is None else "UPDATED"
        differences.append({"QuestionId": question_id, "QuestionTitle": (new or old or {})["title"],
                            "DifferenceStatus": status})
    return differences


def _ordered_union(first: dict[str, Any], second: dict[str, Any]) -> list[str]:
    """Keys of ``second`` in order, then the keys only ``first`` has."""
    return [*second, *(key for key in first if key not in second)]
