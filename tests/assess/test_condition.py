"""The condition language: parsing, three-valued evaluation, errors with columns."""

from __future__ import annotations

from typing import Any

import pytest

from publisher.assess.condition import ConditionSyntaxError, mapping_lookup, parse_condition

FACTS: dict[str, Any] = {"a.n": 3, "a.s": "API", "a.b": True, "a.l": ["api", "audit"], "a.e": [], "a.f": 1.5}


def value(text: str, facts: dict[str, Any] | None = None) -> bool | None:
    return parse_condition(text).evaluate(mapping_lookup(FACTS if facts is None else facts)).value


@pytest.mark.parametrize(("text", "expected"), [
    ("a.n == 3", True), ("a.n != 3", False), ("a.n < 4", True), ("a.n <= 3", True), ("a.n > 3", False),
    ("a.n >= 3", True), ("a.f > 1", True), ("a.s == 'API'", True), ('a.s == "API"', True),
    ("a.s in ['API', 'CONFIG_MAP']", True), ("a.s in ['X']", False), ("a.l contains 'audit'", True),
    ("a.l contains 'scheduler'", False), ("a.b == true", True), ("a.b == false", False),
    ("all a.l in ['api', 'audit', 'x']", True), ("all a.l == 'api'", False), ("any a.l == 'api'", True),
    ("all a.e == 'x'", True), ("any a.e == 'x'", False), ("len(a.l) == 2", True), ("len(a.e) > 0", False),
    ("exists a.n", True), ("exists a.missing", False), ("not exists a.missing", True),
    ("a.n == 3 and a.b == true", True), ("a.n == 4 or a.b == true", True), ("not (a.n == 3)", False),
    ("a.n == 1 or a.n == 2 and a.b == true", False), ("(a.n == 3 or a.n == 2) and a.b == true", True),
    ("a.n == -1", False),
])
def test_evaluates(text: str, expected: bool) -> None:
    assert value(text) is expected


@pytest.mark.parametrize("text", [
    "a.missing == 1", "len(a.missing) == 0", "all a.missing == 1", "not a.missing == 1",
    "a.n == 3 and a.missing == 1",  # true and unknown is unknown
    "a.n == 4 or a.missing == 1",  # false or unknown is unknown
    "a.s < 3",  # a string cannot be ordered against a number
    "len(a.n) == 1",  # not a list
])
def test_unknown_is_neither_true_nor_false(text: str) -> None:
    assert value(text) is None


def test_a_decided_side_wins_over_an_unknown_one() -> None:
    assert value("a.n == 4 and a.missing == 1") is False
    assert value("a.n == 3 or a.missing == 1") is True


def test_unknown_names_the_missing_fact() -> None:
    outcome = parse_condition("a.n == 3 and x.y == 1").evaluate(mapping_lookup(FACTS))
    assert outcome.missing == ("x.y",)
    assert "x.y not collected" in outcome.why


def test_paths_lists_every_fact() -> None:
    assert list(parse_condition("exists a.b and (len(a.l) > 1 or any a.e == 1)").paths()) == ["a.b", "a.l", "a.e"]


@pytest.mark.parametrize(("text", "column", "words"), [
    ("a.n ==", 7, "a value"),
    ("a.n = 3", 5, "unexpected character '='"),
    ("a.n == 3 3", 10, "'and', 'or' or the end"),
    ("(a.n == 3", 10, "expected ')'"),
    ("exists", 7, "a fact path"),
    ("a.n 3", 5, "an operator"),
    ("and == 1", 1, "a fact path"),
    ("len a.n == 1", 5, "expected '('"),
    ("a.n == [1, ]", 12, "a value"),
    ("a.n == 3 && a.b == true", 10, "unexpected character '&'"),
])
def test_syntax_errors_say_where(text: str, column: int, words: str) -> None:
    with pytest.raises(ConditionSyntaxError) as caught:
        parse_condition(text)
    assert caught.value.column == column
    assert words in caught.value.message


def test_nesting_and_length_are_bounded() -> None:
    with pytest.raises(ConditionSyntaxError, match="nested more than"):
        parse_condition("(" * 40 + "a.n == 1" + ")" * 40)
    with pytest.raises(ConditionSyntaxError, match="longer than"):
        parse_condition("a.n == 1 or " * 100 + "a.n == 2")
    with pytest.raises(ConditionSyntaxError, match="nested more than"):
        parse_condition("not " * 40 + "a.n == 1")
