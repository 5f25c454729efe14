"""The strict position-tracking JSON parser."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from publisher.jsonpos import JsonSyntaxError, column_in_string, load_with_positions

TEXT = """{
  "name": "Lens",
  "pillars": [
    {"id": "p1", "n": -1.5e3},
    {"a/b": [true, null], "t~x": false}
  ]
}
"""


def test_positions_of_every_value_by_pointer() -> None:
    doc, source_map = load_with_positions(TEXT, "lens.json")
    assert doc == json.loads(TEXT)
    expected = {
        "": (1, 1), "/name": (2, 11), "/pillars": (3, 14), "/pillars/0": (4, 5), "/pillars/0/id": (4, 12),
        "/pillars/0/n": (4, 23), "/pillars/1/a~1b": (5, 13), "/pillars/1/a~1b/1": (5, 20),
        "/pillars/1/t~0x": (5, 34),
    }
    for pointer, (line, column) in expected.items():
        location = source_map.locate(pointer)
        assert (location.file, location.line, location.column) == ("lens.json", line, column), pointer


def test_missing_pointer_falls_back_to_the_nearest_ancestor() -> None:
    _, source_map = load_with_positions(TEXT, "lens.json")
    location = source_map.locate("/pillars/0/missing")
    assert (location.line, location.column, location.pointer) == (4, 5, "/pillars/0/missing")


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ('{"a": NaN}', 1, 7, "NaN is not valid JSON"),
        ('{"a": -Infinity}', 1, 7, "-Infinity"),
        ('{"a": [1, 2,]}', 1, 13, "trailing comma before ']'"),
        ('{\n  "a": 1,\n}', 3, 1, "trailing comma before '}'"),
        ('{"a": 1', 1, 8, "end of the file"),
        ('{"a": "x', 1, 7, "unterminated string"),
        ("", 1, 1, "empty"),
        ("  \n ", 2, 2, "empty"),
        ("{'a': 1}", 1, 2, "double quotes"),
        ('{"a" 1}', 1, 6, "':'"),
        ('[1 2]', 1, 4, "',' or ']'"),
        ('{"a": 1} {"b": 2}', 1, 10, "after the end"),
        ('{"a": "tab\there"}', 1, 11, "control character"),
        ('{"a": "\\q"}', 1, 8, "escape"),
        ('{"a": 01}', 1, 8, "','"),
        ('{"a": tru}', 1, 7, "expected a JSON value"),
        ("// note\n{}", 1, 1, "expected a JSON value"),
        ("[" * 300, 1, 201, "nested deeper"),
    ],
)
def test_invalid_json_reports_line_and_column(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        load_with_positions(text, "bad.json")
    assert (caught.value.line, caught.value.column) == (line, column)
    assert fragment in caught.value.message


def test_byte_order_mark_is_ignored_and_columns_stay_editor_columns() -> None:
    doc, source_map = load_with_positions('\ufeff{"a": 1}', "f.json")
    assert doc == {"a": 1}
    assert source_map.locate("/a").column == 7


def test_duplicate_members_are_collected_and_the_last_wins() -> None:
    duplicates: list[str] = []
    doc, _ = load_with_positions('{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}', "f.json", duplicates=duplicates)
    assert doc == {"a": 3, "b": {"c": 2}}
    assert duplicates == ["/b/c", "/a"]


def test_numbers_keep_their_type() -> None:
    doc, _ = load_with_positions("[0, -7, 1.0, 2e2, 1E-2]", "f.json")
    assert doc == [0, -7, 1.0, 200.0, 0.01]
    assert [type(value) for value in doc] == [int, int, float, float, float]


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=6), inner, max_size=4),
    max_leaves=20,
)


@given(json_values, st.sampled_from([None, 0, 2]), st.booleans())
def test_agrees_with_the_standard_library(value: Any, indent: int | None, ascii_only: bool) -> None:
    text = json.dumps(value, indent=indent, ensure_ascii=ascii_only)
    doc, source_map = load_with_positions(text, "f.json")
    assert doc == json.loads(text)
    assert "" in source_map


@given(st.text(max_size=30))
def test_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        load_with_positions(text, "f.json")
    except JsonSyntaxError as exc:
        assert exc.line >= 1 and exc.column >= 1


@given(st.text(min_size=1, max_size=20), st.booleans())
def test_column_in_string_finds_each_decoded_character(value: str, ascii_only: bool) -> None:
    encoded = json.dumps(value, ensure_ascii=ascii_only)
    line = f'  "k": {encoded}'
    quote_column = line.index(encoded) + 1
    for offset, char in enumerate(value):
        column = column_in_string(line, quote_column, offset)
        raw = line[column - 1:]
        shown = json.loads(f'"{_escape_at(raw)}"') if raw[0] == "\\" else raw[0]
        assert shown == char


def _escape_at(raw: str) -> str:
    """The escape sequence at the start of ``raw`` (one character, or a surrogate pair)."""
    if raw[1] != "u":
        return raw[:2]
    pair = raw[6:8] == "\\u" and 0xD800 <= int(raw[2:6], 16) < 0xDC00
    return raw[:12] if pair else raw[:6]
