"""The shipped JSON Schema (what editors see) and the whole-lens size limits."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from publisher.findings import SourceMap
from publisher.validate import validate_document
from publisher.validate.schema import lens_schema
from tests.validate.lenses import findings_of, lens, question


def test_schema_is_valid_draft_2020_12() -> None:
    schema = lens_schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def test_small_lens_passes_the_full_schema() -> None:
    assert list(Draft202012Validator(lens_schema()).iter_errors(lens())) == []


def _long_title(doc: dict[str, Any]) -> None:
    question(doc)["title"] = "t" * 129


def _bad_choice_id(doc: dict[str, Any]) -> None:
    question(doc)["choices"][0]["id"] = "enc-kms"


def _rejected_character(doc: dict[str, Any]) -> None:
    doc["name"] = "Lens; v2"


def _sixteen_choices(doc: dict[str, Any]) -> None:
    question(doc)["choices"] = [{"id": f"choice_{i}", "title": "T"} for i in range(16)]


def _http_less_url(doc: dict[str, Any]) -> None:
    question(doc)["helpfulResource"]["url"] = "example.com"


@pytest.mark.parametrize("mutate", [_long_title, _bad_choice_id, _rejected_character, _sixteen_choices,
                                    _http_less_url])
def test_full_schema_carries_limits_for_editors(mutate: Any) -> None:
    doc = lens()
    mutate(doc)
    assert list(Draft202012Validator(lens_schema()).iter_errors(doc))


def test_limits_are_reported_once_by_their_own_check() -> None:
    doc = lens()
    _long_title(doc)
    assert [f.code for f in findings_of(doc)] == ["E3001"]


def test_too_many_characters() -> None:
    doc = lens()
    doc["description"] = "d" * 520_000
    codes = {(f.code, f.location.pointer) for f in validate_document(doc, SourceMap("build.json"))}
    assert ("E3020", "") in codes and ("E3021", "") in codes


def test_too_many_bytes_but_not_too_many_characters() -> None:
    doc = lens()
    doc["description"] = "\u00e9" * 260_000  # 2 bytes each in UTF-8
    codes = {f.code for f in validate_document(doc, SourceMap("build.json"))}
    assert "E3021" in codes and "E3020" not in codes


def test_size_of_a_json_file_is_its_own_text() -> None:
    doc = lens()
    padding = " " * 500_001
    codes = {f.code for f in validate_document(doc, SourceMap("lens.json"), text="{" + padding + "}")}
    assert "E3020" in codes
