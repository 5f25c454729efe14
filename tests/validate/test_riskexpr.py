"""Risk-rule condition parser, evaluator and bitset truth tables."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from publisher.riskexpr import ConditionError, parse, references, risk_of, truth_table

IDS = ("a_1", "b_2", "c_3", "d_no")


def all_selections(ids: tuple[str, ...] = IDS) -> list[frozenset[str]]:
    return [frozenset(combo) for size in range(len(ids) + 1) for combo in combinations(ids, size)]


# --- reference model: expression trees as nested tuples --------------------------------------------

def trees() -> st.SearchStrategy[object]:
    leaves = st.sampled_from(IDS)
    return st.recursive(
        leaves,
        lambda inner: st.one_of(
            st.tuples(st.just("!"), inner),
            st.tuples(st.sampled_from(["&&", "||"]), inner, inner),
        ),
        max_leaves=12,
    )


def reference_eval(tree: object, selected: frozenset[str]) -> bool:
    if isinstance(tree, str):
        return tree in selected
    assert isinstance(tree, tuple)
    if tree[0] == "!":
        return not reference_eval(tree[1], selected)
    left, right = reference_eval(tree[1], selected), reference_eval(tree[2], selected)
    return (left and right) if tree[0] == "&&" else (left or right)


PRECEDENCE = {"||": 1, "&&": 2, "!": 3}


def reference_print(tree: object, spaces: str) -> str:
    """Print with the fewest parentheses the grammar's precedence allows."""
    if isinstance(tree, str):
        return tree
    assert isinstance(tree, tuple)
    op = tree[0]
    if op == "!":
        inner = reference_print(tree[1], spaces)
        return f"!{inner}" if isinstance(tree[1], str) or tree[1][0] == "!" else f"!({inner})"

    def side(sub: object) -> str:
        text = reference_print(sub, spaces)
        weaker = isinstance(sub, tuple) and PRECEDENCE[sub[0]] < PRECEDENCE[op]
        return f"({text})" if weaker else text

    return f"{side(tree[1])}{spaces}{op}{spaces}{side(tree[2])}"


@given(trees(), st.sampled_from(["", " ", "  ", "\t"]))
def test_parse_agrees_with_reference_evaluation(tree: object, spaces: str) -> None:
    expr = parse(reference_print(tree, spaces))
    for selected in all_selections():
        assert expr.evaluate(selected) is reference_eval(tree, selected)


@given(trees())
def test_to_text_round_trips(tree: object) -> None:
    expr = parse(reference_print(tree, " "))
    assert parse(expr.to_text()) == expr


CONDITION_PIECES = [*"ab_1 ()!&|\t;%é", "default", "&&", "||"]


@given(st.lists(st.sampled_from(CONDITION_PIECES), max_size=40).map("".join))
@settings(max_examples=300)
def test_parse_never_crashes_on_arbitrary_text(text: str) -> None:
    try:
        expr = parse(text)
    except ConditionError as exc:
        assert 1 <= exc.column <= len(text) + 1
    else:
        assert parse(expr.to_text()) == expr


@given(st.text(max_size=60))
def test_parse_never_crashes_on_unicode(text: str) -> None:
    try:
        parse(text)
    except ConditionError as exc:
        assert 1 <= exc.column <= len(text) + 1


@given(st.lists(st.tuples(trees(), st.sampled_from(["NO_RISK", "MEDIUM_RISK", "HIGH_RISK"])),
                min_size=1, max_size=3))
def test_truth_table_matches_first_match_evaluation(rules_spec: list[tuple[object, str]]) -> None:
    rules = [{"condition": reference_print(tree, " "), "risk": risk} for tree, risk in rules_spec]
    table = truth_table(rules, list(IDS))
    assert len(table) == 2 ** len(IDS)
    for selection, outcome in enumerate(table):
        selected = frozenset(cid for bit, cid in enumerate(IDS) if selection >> bit & 1)
        assert outcome == risk_of(rules, selected)


# --- examples ----------------------------------------------------------------------------------------

def test_and_binds_tighter_than_or() -> None:
    assert parse("a_1 || b_2 && c_3") == parse("a_1 || (b_2 && c_3)")
    assert parse("a_1 || b_2 && c_3") != parse("(a_1 || b_2) && c_3")


def test_documented_example_evaluates() -> None:
    expr = parse("((choice_1 || choice_2) && choice_3) || (!choice_1 && choice_3)")
    assert expr.choice_ids() == {"choice_1", "choice_2", "choice_3"}
    assert expr.evaluate(frozenset({"choice_3"}))
    assert expr.evaluate(frozenset({"choice_1", "choice_3"}))
    assert not expr.evaluate(frozenset({"choice_1", "choice_2"}))


def test_default_is_the_whole_condition_and_always_holds() -> None:
    assert parse("  default ").evaluate(frozenset())
    assert parse("default").choice_ids() == frozenset()


@pytest.mark.parametrize(
    ("condition", "column", "fragment"),
    [
        ("", 1, "empty"),
        ("a_1 &&", 7, "end of the condition"),
        ("a_1 & b_2", 5, "'&&'"),
        ("a_1 | b_2", 5, "'||'"),
        ("(a_1 || b_2", 12, "close the '(' at column 1"),
        ("a_1)", 4, "unmatched ')'"),
        ("a_1 b_2", 5, "'b_2'"),
        ("a_1 && default", 8, "whole condition"),
        ("a_1 && b-2", 9, "'-'"),
        ("!", 2, "end of the condition"),
        ("a_1 && ()", 9, "')'"),
        ("a_1 AND b_2", 5, "write '&&' instead of 'AND'"),
        ("NOT a_1", 1, "write '!' instead of 'NOT'"),
        ("a_1 or b_2", 5, "write '||' instead of 'or'"),
    ],
)
def test_parse_errors_report_the_column(condition: str, column: int, fragment: str) -> None:
    with pytest.raises(ConditionError) as caught:
        parse(condition)
    assert caught.value.column == column
    assert fragment in caught.value.message


def test_deep_nesting_is_an_error_not_a_crash() -> None:
    with pytest.raises(ConditionError, match="nested deeper"):
        parse("(" * 5000 + "a_1" + ")" * 5000)
    assert parse("!" * 5001 + "a_1") == parse("!a_1")


#: Conditions whose parentheses nest ``depth`` levels: a bare group, negated groups, and groups
#: inside an operator (each level an And node of its own).
NESTED = {"group": lambda depth: "(" * depth + "a_1" + ")" * depth,
          "negated": lambda depth: "!(" * depth + "a_1" + ")" * depth,
          "operand": lambda depth: "b_2 && (" * depth + "a_1" + ")" * depth}


#: The truth table over ("a_1", "b_2") of each shape: 200 negations cancel out.
NESTED_TABLES = {"group": [None, "HIGH_RISK", None, "HIGH_RISK"], "negated": [None, "HIGH_RISK", None, "HIGH_RISK"],
                 "operand": [None, None, None, "HIGH_RISK"]}


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_two_hundred_levels_of_parentheses_parse_and_evaluate(shape: str) -> None:
    condition = NESTED[shape](200)
    expr = parse(condition)
    assert truth_table([{"condition": condition, "risk": "HIGH_RISK"}], ["a_1", "b_2"]) == NESTED_TABLES[shape]
    assert [expr.evaluate(selected) for selected in all_selections(("a_1", "b_2"))] == [
        parse(expr.to_text()).evaluate(selected) for selected in all_selections(("a_1", "b_2"))]
    assert [ref.column for ref in references(expr)][-1] == condition.index("a_1") + 1


def test_the_limit_is_on_depth_not_on_the_number_of_groups() -> None:
    deep = NESTED["group"](200)
    assert parse(f"{deep} && !{deep} || {deep}") == parse("a_1 && !a_1 || a_1")


@pytest.mark.parametrize("shape", sorted(NESTED))
def test_the_201st_level_is_an_error_at_its_parenthesis(shape: str) -> None:
    condition = NESTED[shape](201)
    with pytest.raises(ConditionError) as caught:
        parse(condition)
    assert caught.value.message == "parentheses nested deeper than 200 levels"
    openings = [index for index, char in enumerate(condition) if char == "("]
    assert caught.value.column == openings[200] + 1


def test_risk_of_returns_none_when_no_rule_applies() -> None:
    rules = [{"condition": "a_1 && !d_no", "risk": "NO_RISK"}, {"condition": "b_2", "risk": "MEDIUM_RISK"}]
    assert risk_of(rules, frozenset({"a_1"})) == "NO_RISK"
    assert risk_of(rules, frozenset({"a_1", "d_no", "b_2"})) == "MEDIUM_RISK"
    assert risk_of(rules, frozenset({"c_3"})) is None


def test_truth_table_is_indexed_by_bitmask_in_choice_order() -> None:
    rules = [{"condition": "a_1 && !d_no", "risk": "NO_RISK"}, {"condition": "default", "risk": "HIGH_RISK"}]
    table = truth_table(rules, ["d_no", "a_1"])
    assert table == ["HIGH_RISK", "HIGH_RISK", "NO_RISK", "HIGH_RISK"]


def test_truth_table_treats_unknown_ids_as_never_selected() -> None:
    table = truth_table([{"condition": "ghost || a_1", "risk": "NO_RISK"}], ["a_1"])
    assert table == [None, "NO_RISK"]


def test_truth_table_handles_fifteen_choices() -> None:
    ids = [f"c{i:02d}" for i in range(14)] + ["c_no"]
    rules = [
        {"condition": " && ".join(ids[:14]) + " && !c_no", "risk": "NO_RISK"},
        {"condition": "c00 && !c_no", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"},
    ]
    table = truth_table(rules, ids)
    assert len(table) == 2 ** 15
    assert table[2 ** 14 - 1] == "NO_RISK"
    assert table[1] == "MEDIUM_RISK"
    assert table[2 ** 15 - 1] == "HIGH_RISK"
    assert table.count("NO_RISK") == 1
    assert table.count("MEDIUM_RISK") == 2 ** 13 - 1
