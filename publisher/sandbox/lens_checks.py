"""The checks ImportLens applies to ``JSONString``, mirrored from the service's documentation.

Independent of ``publisher.validate`` on purpose.  Failures raise ``ValidationException`` with
``Reason`` (``CANNOT_PARSE`` or ``FIELD_VALIDATION_FAILED``) and ``Fields`` naming the offending
field as a dotted path such as ``pillars[0].questions[2].title``.

Keys the format does not document are ignored and not stored (the live service accepted lenses
with a wrong-case ``Url`` key); an exported lens therefore holds only documented fields, plus the
``number`` of every question and choice.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from .conditions import ConditionSyntaxError, parse_condition, referenced_choices
from .exceptions import ValidationException

SCHEMA_VERSION = "2021-11-01"
MAX_CHARACTERS = 500_000
MAX_BYTES = 500 * 1024
ID_PATTERN = re.compile(r"^[A-Za-z0-9_]{3,128}$")
TEXT_PATTERN = re.compile(r"^[A-Za-z0-9\-_.,:/()@!&?#+'’\s]+$")
URL_PATTERN = re.compile(r"^https?://")
RISKS = ("HIGH_RISK", "MEDIUM_RISK", "NO_RISK")
RESOURCE_TYPES = ("HELPFUL_RESOURCE", "IMPROVEMENT_PLAN")
NONE_OF_THESE_SUFFIX = "_no"
LIMITS = {"pillars": 10, "questions": 20, "choices": 15, "riskRules": 3, "content": 5}


class _Fields:
    """Collects field failures; raises them together as one ValidationException."""

    def __init__(self) -> None:
        self.failures: list[dict[str, str]] = []

    def fail(self, name: str, message: str) -> None:
        self.failures.append({"Name": name, "Message": message})

    def raise_if_any(self) -> None:
        if self.failures:
            first = self.failures[0]
            raise ValidationException(
                f"Invalid lens JSON: {first['Name']}: {first['Message']}", fields=self.failures)


def parse_lens(text: str) -> dict[str, Any]:
    """Parse and check an ImportLens ``JSONString``; return the lens with documented fields only."""
    if len(text) > MAX_CHARACTERS or len(text.encode("utf-8")) > MAX_BYTES:
        raise ValidationException(
            "The lens JSON exceeds the maximum size of 500 KB.",
            fields=[{"Name": "JSONString", "Message": "exceeds 500 KB"}])
    try:
        doc = json.loads(text, parse_constant=_reject_constant)
    except (ValueError, RecursionError) as exc:  # RecursionError: arrays or objects nested too deeply
        raise ValidationException(
            f"Unable to parse the lens JSON: {exc}", reason="CANNOT_PARSE",
            fields=[{"Name": "JSONString", "Message": str(exc)}]) from exc
    fields = _Fields()
    lens = _lens(doc, fields)
    fields.raise_if_any()
    return lens


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _lens(doc: Any, fields: _Fields) -> dict[str, Any]:
    if not isinstance(doc, dict):
        fields.fail("$", "the lens must be a JSON object")
        return {}
    if doc.get("schemaVersion") != SCHEMA_VERSION:
        fields.fail("schemaVersion", f"must be \"{SCHEMA_VERSION}\"")
    lens: dict[str, Any] = {"schemaVersion": SCHEMA_VERSION}
    lens["name"] = _text(doc, "name", "", fields, limit=128)
    lens["description"] = _text(doc, "description", "", fields, limit=2048)
    pillar_ids: set[str] = set()
    question_ids: set[str] = set()
    lens["pillars"] = _items(doc, "pillars", "", fields, lambda item, path: _pillar(
        item, path, fields, pillar_ids, question_ids))
    return lens


def _pillar(item: dict[str, Any], path: str, fields: _Fields, pillar_ids: set[str],
            question_ids: set[str]) -> dict[str, Any]:
    pillar = {"id": _identifier(item, path, fields, pillar_ids),
              "name": _text(item, "name", path, fields, limit=128)}
    pillar["questions"] = _items(item, "questions", path, fields, lambda question, question_path: _question(
        question, question_path, fields, question_ids))
    return pillar


def _question(item: dict[str, Any], path: str, fields: _Fields, question_ids: set[str]) -> dict[str, Any]:
    question: dict[str, Any] = {"id": _identifier(item, path, fields, question_ids),
                                "title": _text(item, "title", path, fields, limit=128)}
    if "description" in item:
        question["description"] = _text(item, "description", path, fields, limit=2048)
    if "helpfulResource" in item:
        question["helpfulResource"] = _link(item["helpfulResource"], _join(path, "helpfulResource"), fields)
    choice_ids: set[str] = set()
    question["choices"] = _items(item, "choices", path, fields, lambda choice, choice_path: _choice(
        choice, choice_path, fields, choice_ids))
    question["riskRules"] = _items(item, "riskRules", path, fields, lambda rule, rule_path: _rule(
        rule, rule_path, fields, choice_ids))
    return question


def _choice(item: dict[str, Any], path: str, fields: _Fields, choice_ids: set[str]) -> dict[str, Any]:
    choice: dict[str, Any] = {"id": _identifier(item, path, fields, choice_ids),
                              "title": _text(item, "title", path, fields, limit=128)}
    if "helpfulResource" in item:
        choice["helpfulResource"] = _link(item["helpfulResource"], _join(path, "helpfulResource"), fields)
    if "improvementPlan" in item:
        choice["improvementPlan"] = _link(item["improvementPlan"], _join(path, "improvementPlan"), fields)
    elif not str(choice["id"]).endswith(NONE_OF_THESE_SUFFIX):
        fields.fail(_join(path, "improvementPlan"), "is required for every choice except \"None of these\"")
    if "additionalResources" in item:
        choice["additionalResources"] = _additional_resources(item["additionalResources"], path, fields)
    return choice


def _additional_resources(value: Any, path: str, fields: _Fields) -> list[dict[str, Any]]:
    path = _join(path, "additionalResources")
    if not isinstance(value, list):
        fields.fail(path, "must be a list")
        return []
    resources = []
    for index, item in enumerate(value):
        item_path = f"{path}[{index}]"
        if not isinstance(item, dict):
            fields.fail(item_path, "must be an object")
            continue
        if item.get("type") not in RESOURCE_TYPES:
            fields.fail(_join(item_path, "type"), f"must be one of {', '.join(RESOURCE_TYPES)}")
        resources.append({"type": item.get("type"), "content": _items(
            item, "content", item_path, fields, lambda link, link_path: _link(link, link_path, fields))})
    return resources


def _rule(item: dict[str, Any], path: str, fields: _Fields, choice_ids: set[str]) -> dict[str, Any]:
    condition = item.get("condition")
    if not isinstance(condition, str):
        fields.fail(_join(path, "condition"), "is required and must be a string")
    else:
        try:
            unknown = referenced_choices(parse_condition(condition)) - choice_ids
        except ConditionSyntaxError as exc:
            fields.fail(_join(path, "condition"), f"cannot be parsed: {exc}")
        else:
            if unknown:
                fields.fail(_join(path, "condition"), f"names unknown choices: {', '.join(sorted(unknown))}")
    if item.get("risk") not in RISKS:
        fields.fail(_join(path, "risk"), f"must be one of {', '.join(RISKS)}")
    return {"condition": condition, "risk": item.get("risk")}


def _link(value: Any, path: str, fields: _Fields) -> dict[str, Any]:
    if not isinstance(value, dict):
        fields.fail(path, "must be an object")
        return {}
    link = {"displayText": _text(value, "displayText", path, fields, limit=2048, restricted=False)}
    if "url" in value:
        url = value["url"]
        if not isinstance(url, str) or not URL_PATTERN.match(url):
            fields.fail(_join(path, "url"), "must start with http:// or https://")
        link["url"] = url
    return link


def _items(parent: dict[str, Any], key: str, path: str, fields: _Fields,
           convert: Callable[[dict[str, Any], str], dict[str, Any]]) -> list[dict[str, Any]]:
    """Check the list ``parent[key]`` (present, non-empty, within its limit) and convert each object."""
    list_path = _join(path, key)
    value = parent.get(key)
    if not isinstance(value, list) or not value:
        fields.fail(list_path, "is required and must be a non-empty list")
        return []
    limit = LIMITS[key]
    if len(value) > limit:
        fields.fail(list_path, f"has {len(value)} items; the maximum is {limit}")
    converted = []
    for index, item in enumerate(value):
        item_path = f"{list_path}[{index}]"
        if isinstance(item, dict):
            converted.append(convert(item, item_path))
        else:
            fields.fail(item_path, "must be an object")
    return converted


def _identifier(item: dict[str, Any], path: str, fields: _Fields, seen: set[str]) -> Any:
    value = item.get("id")
    id_path = _join(path, "id")
    if not isinstance(value, str) or not ID_PATTERN.match(value):
        fields.fail(id_path, "must be 3-128 characters of letters, digits and underscores")
    elif value in seen:
        fields.fail(id_path, f"duplicate id {value}")
    else:
        seen.add(value)
    return value


def _text(item: dict[str, Any], key: str, path: str, fields: _Fields, *, limit: int,
          restricted: bool = True) -> Any:
    value = item.get(key)
    text_path = _join(path, key)
    if not isinstance(value, str) or not value:
        fields.fail(text_path, "is required and must be a non-empty string")
    elif len(value) > limit:
        fields.fail(text_path, f"is {len(value)} characters long; the maximum is {limit}")
    elif restricted and not TEXT_PATTERN.match(value):
        bad = sorted({char for char in value if not TEXT_PATTERN.match(char)})
        fields.fail(text_path, "contains characters that are not allowed: " + " ".join(bad)
                    + " (allowed: letters, digits, spaces and - _ . , : / ( ) @ ! & # + ' ’)")
    return value


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key
