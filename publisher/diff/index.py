"""Index a lens document by id so that two versions can be matched without list positions.

The index holds each item's own fields (children and the ``number`` that ExportLens adds to
questions and choices left out) and never modifies the document it reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from publisher.errors import InputError
from publisher.lensjson import SERVICE_ADDED_KEYS


@dataclass(frozen=True)
class ChoiceEntry:
    id: str
    question_id: str
    fields: dict[str, Any]


@dataclass(frozen=True)
class QuestionEntry:
    id: str
    pillar_id: str
    fields: dict[str, Any]
    choices: dict[str, ChoiceEntry]
    rules: Any


@dataclass(frozen=True)
class PillarEntry:
    id: str
    fields: dict[str, Any]
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class LensIndex:
    """Lens fields without ``pillars``; pillars and questions keyed by id, in document order."""

    fields: dict[str, Any]
    pillars: dict[str, PillarEntry]
    questions: dict[str, QuestionEntry]


def index_lens(doc: Any, side: str) -> LensIndex:
    """Index ``doc``; ``side`` names the document in errors. Raises WalensError on a broken shape."""
    lens = _require_object(doc, side, "the lens")
    pillars: dict[str, PillarEntry] = {}
    questions: dict[str, QuestionEntry] = {}
    for p_index, raw_pillar in enumerate(_require_list(lens, "pillars", side, "the lens")):
        where = f"pillars[{p_index}]"
        pillar = _require_object(raw_pillar, side, where)
        pillar_id = _require_id(pillar, side, where, pillars, "pillar")
        question_ids: list[str] = []
        for q_index, raw_question in enumerate(_require_list(pillar, "questions", side, where)):
            q_where = f"{where}.questions[{q_index}]"
            question = _require_object(raw_question, side, q_where)
            question_id = _require_id(question, side, q_where, questions, "question")
            question_ids.append(question_id)
            questions[question_id] = QuestionEntry(
                id=question_id,
                pillar_id=pillar_id,
                fields=_own_fields(question, "choices", "riskRules", *SERVICE_ADDED_KEYS),
                choices=_index_choices(question, question_id, side, q_where),
                rules=question.get("riskRules", []),
            )
        pillars[pillar_id] = PillarEntry(pillar_id, _own_fields(pillar, "questions"), tuple(question_ids))
    return LensIndex(_own_fields(lens, "pillars"), pillars, questions)


def _index_choices(question: dict[str, Any], question_id: str, side: str, where: str) -> dict[str, ChoiceEntry]:
    choices: dict[str, ChoiceEntry] = {}
    for c_index, raw_choice in enumerate(_require_list(question, "choices", side, where)):
        c_where = f"{where}.choices[{c_index}]"
        choice = _require_object(raw_choice, side, c_where)
        choice_id = _require_id(choice, side, c_where, choices, f"choice of question {question_id!r}")
        choices[choice_id] = ChoiceEntry(choice_id, question_id, _own_fields(choice, *SERVICE_ADDED_KEYS))
    return choices


def _own_fields(obj: dict[str, Any], *left_out: str) -> dict[str, Any]:
    return {key: value for key, value in obj.items() if key != "id" and key not in left_out}


def _require_object(value: Any, side: str, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(f"{side}: {where} must be a JSON object, not {type(value).__name__}")
    return value


def _require_list(obj: dict[str, Any], key: str, side: str, where: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"{side}: {key!r} of {where} must be a list")
    return value


def _require_id(obj: dict[str, Any], side: str, where: str, seen: dict[str, Any], what: str) -> str:
    value = obj.get("id")
    if not isinstance(value, str) or not value:
        raise InputError(f"{side}: {where} has no string 'id'; a diff matches items by id")
    if value in seen:
        raise InputError(f"{side}: duplicate {what} id {value!r} at {where}; run 'walens validate'")
    return value
