"""``publisher.lensformat`` agrees with the shipped lens schema, which repeats its limits for editors."""

from __future__ import annotations

import re
from typing import Any

from publisher import lensformat as fmt
from publisher.validate.schema import lens_schema

SCHEMA = lens_schema()
DEFS = SCHEMA["$defs"]


def _props(definition: str) -> dict[str, Any]:
    properties: dict[str, Any] = DEFS[definition]["properties"]
    return properties


def test_schema_version_and_risk_levels() -> None:
    assert SCHEMA["properties"]["schemaVersion"]["const"] == fmt.SCHEMA_VERSION
    assert _props("riskRule")["risk"]["enum"] == list(fmt.RISK_LEVELS)
    assert fmt.RISK_LEVELS == (fmt.NO_RISK, fmt.MEDIUM_RISK, fmt.HIGH_RISK)


def test_item_counts() -> None:
    assert SCHEMA["properties"]["pillars"]["maxItems"] == fmt.MAX_PILLARS
    assert _props("pillar")["questions"]["maxItems"] == fmt.MAX_QUESTIONS_PER_PILLAR
    assert _props("question")["choices"]["maxItems"] == fmt.MAX_CHOICES_PER_QUESTION
    assert _props("question")["riskRules"]["maxItems"] == fmt.MAX_RISK_RULES_PER_QUESTION
    assert _props("additionalResource")["content"]["maxItems"] == fmt.MAX_RESOURCES_PER_TYPE


def test_text_lengths() -> None:
    names = [SCHEMA["properties"]["name"], _props("pillar")["name"], _props("question")["title"],
             _props("choice")["title"]]
    texts = [SCHEMA["properties"]["description"], _props("question")["description"], _props("link")["displayText"],
             DEFS["url"]]
    assert {schema["maxLength"] for schema in names} == {fmt.MAX_NAME_LENGTH}
    assert {schema["maxLength"] for schema in texts} == {fmt.MAX_TEXT_LENGTH}


def test_id_patterns() -> None:
    def pattern(min_length: int, max_length: int) -> str:
        return f"^[{fmt.ID_CHARACTERS}]{{{min_length},{max_length}}}$"

    assert fmt.MAX_PILLAR_ID_LENGTH == fmt.MAX_CHOICE_ID_LENGTH  # the schema shares one definition
    assert DEFS["pillarOrChoiceId"]["pattern"] == pattern(fmt.MIN_ID_LENGTH, fmt.MAX_CHOICE_ID_LENGTH)
    assert DEFS["questionId"]["pattern"] == pattern(fmt.MIN_ID_LENGTH, fmt.MAX_QUESTION_ID_LENGTH)
    assert re.fullmatch(f"[{fmt.ID_CHARACTERS}]+", "sec_q01_no")
