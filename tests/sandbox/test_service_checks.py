"""The service-side lens checks and the tiny risk evaluator, exercised directly."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher import riskexpr
from publisher.sandbox.conditions import (
    ChoiceState,
    ConditionSyntaxError,
    holds,
    parse_condition,
    referenced_choices,
)
from publisher.sandbox.exceptions import ValidationException
from publisher.sandbox.lens_checks import parse_lens

from .lens_samples import lens, question


def rejection(document: Any) -> list[dict[str, str]]:
    with pytest.raises(ValidationException) as rejected:
        parse_lens(document if isinstance(document, str) else json.dumps(document))
    return rejected.value.fields


def state(selected: str = "", not_applicable: str = "") -> ChoiceState:
    return ChoiceState(frozenset(selected.split()), frozenset(not_applicable.split()))


@pytest.mark.parametrize(("condition", "choice_state", "expected"), [
    ("a && b", state("a b"), True),
    ("a && b", state("a"), False),
    ("a || b && c", state("a"), True),
    ("(a || b) && c", state("a"), False),
    ("!a && !b", state(""), True),
    ("!!a", state("a"), True),
    ("a && b", state("a", not_applicable="b"), True),
    ("a || b", state("", not_applicable="b"), False),
    ("a && !b", state("a", not_applicable="b"), True),
    ("a && b", state("", not_applicable="a b"), False),
    ("default", state(""), True),
])
def test_condition_evaluation_with_neutral_not_applicable(condition: str, choice_state: ChoiceState,
                                                          expected: bool) -> None:
    assert holds(parse_condition(condition), choice_state) is expected


@pytest.mark.parametrize("condition", ["", "a &&", "(a || b", "a b", "a & b", "&& a", "a)"])
def test_condition_syntax_errors(condition: str) -> None:
    with pytest.raises(ConditionSyntaxError):
        parse_condition(condition)


NESTINGS = {
    "parentheses": lambda depth: "(" * depth + "a" + ")" * depth,
    "negated groups": lambda depth: "!(" * depth + "a" + ")" * depth,
    "right-nested and": lambda depth: "(a && " * depth + "b" + ")" * depth,
    "right-nested or, negated": lambda depth: "!(a || " * depth + "b" + ")" * depth,
}


def accepts(parse: Any, condition: str) -> bool:
    try:
        parse(condition)
    except (riskexpr.ConditionError, ConditionSyntaxError):
        return False
    return True


@pytest.mark.parametrize("shape", sorted(NESTINGS))
@pytest.mark.parametrize(("depth", "accepted"), [(200, True), (201, False)])
def test_the_service_and_the_validator_agree_on_the_nesting_limit(shape: str, depth: int, accepted: bool) -> None:
    condition = NESTINGS[shape](depth)
    assert accepts(riskexpr.parse, condition) is accepted
    assert accepts(parse_condition, condition) is accepted


@pytest.mark.parametrize("count", [200, 201, 5000])
def test_negations_are_no_nesting_level_for_either(count: int) -> None:
    assert accepts(riskexpr.parse, "!" * count + "a") and accepts(parse_condition, "!" * count + "a")
    assert holds(parse_condition("!" * count + "a"), state("a" if count % 2 == 0 else "")) is True


def test_referenced_choices() -> None:
    assert referenced_choices(parse_condition("((c1 || c2) && c3) || (!c1 && c3)")) == {"c1", "c2", "c3"}


def test_valid_lens_keeps_documented_fields_only() -> None:
    document = lens(_version="1.2")
    question(document)["choices"][0]["helpfulResource"]["Url"] = "https://example.com/ignored"
    parsed = parse_lens(json.dumps(document))
    assert "_version" not in parsed
    assert "Url" not in parsed["pillars"][0]["questions"][0]["choices"][0]["helpfulResource"]


@pytest.mark.parametrize(("edit", "field"), [
    (lambda d: d.update(schemaVersion="2022-01-01"), "schemaVersion"),
    (lambda d: d.update(name="x" * 129), "name"),
    (lambda d: d.update(description="Uses 100% of budget"), "description"),
    (lambda d: d["pillars"][0].update(id="p!"), "pillars[0].id"),
    (lambda d: d.update(pillars=[dict(d["pillars"][0], id=f"pillar{i}") for i in range(11)]), "pillars"),
    (lambda d: question(d).update(id="q"), "pillars[0].questions[0].id"),
    (lambda d: question(d).update(choices=[]), "pillars[0].questions[0].choices"),
    (lambda d: question(d)["choices"][1].update(id="enc_kms"), "pillars[0].questions[0].choices[1].id"),
    (lambda d: question(d)["choices"][0].pop("improvementPlan"),
     "pillars[0].questions[0].choices[0].improvementPlan"),
    (lambda d: question(d)["choices"][0]["helpfulResource"].update(url="ftp://example.com"),
     "pillars[0].questions[0].choices[0].helpfulResource.url"),
    (lambda d: question(d)["choices"][0].update(additionalResources=[{"type": "LINK", "content": [
        {"displayText": "x"}]}]), "pillars[0].questions[0].choices[0].additionalResources[0].type"),
    (lambda d: question(d)["riskRules"].append({"condition": "enc_kms", "risk": "LOW_RISK"}),
     "pillars[0].questions[0].riskRules"),
    (lambda d: question(d)["riskRules"][0].update(condition="enc_kms &&"),
     "pillars[0].questions[0].riskRules[0].condition"),
    (lambda d: question(d)["riskRules"][0].update(condition="enc_unknown"),
     "pillars[0].questions[0].riskRules[0].condition"),
    (lambda d: question(d)["riskRules"][1].update(risk="LOW_RISK"), "pillars[0].questions[0].riskRules[1].risk"),
])
def test_invalid_lens_names_the_field(edit, field: str) -> None:
    document = lens()
    edit(document)
    assert field in [failure["Name"] for failure in rejection(document)]


def test_none_of_these_needs_no_improvement_plan_and_default_rule_is_optional() -> None:
    document = lens()
    question(document)["riskRules"] = [{"condition": "enc_kms", "risk": "NO_RISK"}]
    assert parse_lens(json.dumps(document))["pillars"][0]["questions"][0]["choices"][2] == {
        "id": "enc_no", "title": "None of these"}


def test_size_limit_counts_characters_and_bytes() -> None:
    padded = lens(description="d")
    text = json.dumps(padded)
    too_long = text[:-1] + " " * (500_001 - len(text)) + "}"
    assert rejection(too_long)[0]["Name"] == "JSONString"
    multibyte = text[:-1] + ', "pad": "' + "é" * 260_000 + '"}'
    assert len(multibyte) < 500_000
    assert rejection(multibyte)[0]["Message"] == "exceeds 500 KB"


def test_unparsable_json_is_cannot_parse() -> None:
    with pytest.raises(ValidationException) as rejected:
        parse_lens('{"name": "x",}')
    assert rejected.value.reason == "CANNOT_PARSE"


CHOICES = ("c_a", "c_b", "c_c")


def expressions(depth: int = 3) -> st.SearchStrategy[tuple[str, str]]:
    """Pairs of (condition text, the same as a Python boolean expression)."""
    leaves = st.sampled_from(CHOICES).map(lambda name: (name, name))
    return st.recursive(leaves, lambda inner: st.one_of(
        inner.map(lambda pair: (f"!{pair[0]}", f"(not {pair[1]})")),
        st.tuples(inner, inner, st.sampled_from([("&&", "and"), ("||", "or")])).map(
            lambda parts: (f"({parts[0][0]} {parts[2][0]} {parts[1][0]})",
                           f"({parts[0][1]} {parts[2][1]} {parts[1][1]})"))), max_leaves=8)


@settings(max_examples=200, deadline=None)
@given(expressions(), st.sets(st.sampled_from(CHOICES)))
def test_conditions_without_not_applicable_match_boolean_logic(pair: tuple[str, str], selected: set[str]) -> None:
    condition, python = pair
    expected = eval(python, {}, {name: name in selected for name in CHOICES})
    assert holds(parse_condition(condition), state(" ".join(selected))) is expected
