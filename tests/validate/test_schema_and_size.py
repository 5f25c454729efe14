"""The shipped JSON Schema (what editors see) and the whole-lens size limits."""

from __future__ import annotations

from typing import Any

import pytest
from jsonschema import Draft202012Validator

from publisher.findings import SourceMap
from publisher.lensjson import wire_text
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


def _sized(characters: int = 0, utf8_bytes: int = 0) -> dict[str, Any]:
    """The small lens with a description padded so that its wire text has exactly this many
    characters (ASCII padding) or UTF-8 bytes (two-byte padding, one ASCII byte for an odd rest)."""
    doc = lens()
    doc["description"] = ""
    if characters:
        doc["description"] = "d" * (characters - len(wire_text(doc)))
    else:
        extra = utf8_bytes - len(wire_text(doc).encode("utf-8"))
        doc["description"] = "\u00e9" * (extra // 2) + "d" * (extra % 2)
    return doc


@pytest.mark.parametrize(("characters", "reported"), [(500_000, False), (500_001, True)])
def test_e3020_at_the_character_limit_and_one_over(characters: int, reported: bool) -> None:
    doc = _sized(characters=characters)
    assert len(wire_text(doc)) == characters
    codes = [f.code for f in validate_document(doc, SourceMap("build.json"))]
    assert ("E3020" in codes) is reported and "E3021" not in codes  # 500,001 ASCII bytes are under 512,000


@pytest.mark.parametrize(("characters", "reported"), [(500_000, False), (500_001, True)])
def test_e3020_measures_a_json_file_as_written(characters: int, reported: bool) -> None:
    text = "{" + " " * (characters - 2) + "}"
    codes = [f.code for f in validate_document(lens(), SourceMap("lens.json"), text=text)]
    assert ("E3020" in codes) is reported


@pytest.mark.parametrize(("utf8_bytes", "reported"), [(512_000, False), (512_001, True)])
def test_e3021_at_the_byte_limit_and_one_over(utf8_bytes: int, reported: bool) -> None:
    doc = _sized(utf8_bytes=utf8_bytes)
    assert len(wire_text(doc).encode("utf-8")) == utf8_bytes
    codes = [f.code for f in validate_document(doc, SourceMap("build.json"))]
    assert ("E3021" in codes) is reported and "E3020" not in codes  # two-byte padding: far fewer characters
