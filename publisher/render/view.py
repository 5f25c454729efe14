"""A read-only view of a custom-lens document for rendering: pillars, questions, choices, resources.

Missing optional fields become empty values, so renderers never index raw JSON; a document whose
shape is not a lens (pillars that are not objects, ...) is refused with an InputError.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from publisher.errors import InputError
from publisher.lensformat import NONE_OF_THESE_SUFFIX

SAFE_URL_PREFIXES = ("https://", "http://")


@dataclass(frozen=True)
class Resource:
    text: str
    url: str = ""

    @property
    def safe_url(self) -> str:
        """The URL when it is http(s), else empty: never a ``javascript:`` or ``data:`` link."""
        return self.url if self.url.lower().startswith(SAFE_URL_PREFIXES) else ""


@dataclass(frozen=True)
class ChoiceView:
    id: str
    title: str
    helpful: Resource | None
    improvement: Resource | None
    additional: tuple[tuple[str, tuple[Resource, ...]], ...]  # (type, resources)

    @property
    def is_none_of_these(self) -> bool:
        return self.id.endswith(NONE_OF_THESE_SUFFIX)


@dataclass(frozen=True)
class QuestionView:
    id: str
    title: str
    description: str
    helpful: Resource | None
    choices: tuple[ChoiceView, ...]
    rules: tuple[dict[str, str], ...]


@dataclass(frozen=True)
class PillarView:
    id: str
    name: str
    questions: tuple[QuestionView, ...]


@dataclass(frozen=True)
class LensView:
    name: str
    description: str
    pillars: tuple[PillarView, ...]

    @property
    def questions(self) -> list[QuestionView]:
        return [question for pillar in self.pillars for question in pillar.questions]


def lens_view(doc: Any) -> LensView:
    """Build the view of ``doc``; raises InputError when it does not have a lens's shape."""
    lens = _obj(doc, "the lens")
    return LensView(_text(lens, "name"), _text(lens, "description"),
                    tuple(_pillar(p, i) for i, p in enumerate(_list(lens, "pillars", "the lens"))))


def _pillar(raw: Any, index: int) -> PillarView:
    where = f"pillars[{index}]"
    pillar = _obj(raw, where)
    questions = _list(pillar, "questions", where)
    return PillarView(_text(pillar, "id"), _text(pillar, "name"),
                      tuple(_question(q, f"{where}.questions[{i}]") for i, q in enumerate(questions)))


def _question(raw: Any, where: str) -> QuestionView:
    question = _obj(raw, where)
    choices = tuple(_choice(c, f"{where}.choices[{i}]") for i, c in enumerate(_list(question, "choices", where)))
    rules = tuple({"condition": _text(rule, "condition"), "risk": _text(rule, "risk")}
                  for rule in (_obj(r, f"{where}.riskRules[{i}]")
                               for i, r in enumerate(_list(question, "riskRules", where))))
    return QuestionView(_text(question, "id"), _text(question, "title"), _text(question, "description"),
                        _resource(question.get("helpfulResource")), choices, rules)


def _choice(raw: Any, where: str) -> ChoiceView:
    choice = _obj(raw, where)
    additional = []
    for item in choice.get("additionalResources") or []:
        if isinstance(item, dict):
            content = tuple(r for r in map(_resource, item.get("content") or []) if r is not None)
            additional.append((str(item.get("type", "")), content))
    return ChoiceView(_text(choice, "id"), _text(choice, "title"), _resource(choice.get("helpfulResource")),
                      _resource(choice.get("improvementPlan")), tuple(additional))


def _resource(raw: Any) -> Resource | None:
    if not isinstance(raw, dict):
        return None
    text, url = _text(raw, "displayText"), _text(raw, "url")
    return Resource(text, url) if text or url else None


def _obj(raw: Any, where: str) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise InputError(f"{where} must be a JSON object, not {type(raw).__name__}")
    return raw


def _list(obj: dict[str, Any], key: str, where: str) -> list[Any]:
    value = obj.get(key, [])
    if not isinstance(value, list):
        raise InputError(f"{where}.{key} must be a JSON array, not {type(value).__name__}")
    return value


def _text(obj: dict[str, Any], key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""
