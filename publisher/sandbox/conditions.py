"""The service side of risk rules: parse a ``condition`` and score an answer with it.

Written independently of ``publisher.riskexpr`` so that tests of the validator and of the
emulation do not share a parser.  Grammar::

    expr := term ("||" term)* ; term := factor ("&&" factor)* ;
    factor := "!" factor | "(" expr ")" | CHOICE_ID ;   rule := expr | "default"

Evaluation is three-valued: a choice marked NOT_APPLICABLE is *neutral*, it satisfies ``&&``
terms and does not satisfy ``||`` terms (observed service behaviour).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"\s*(?:(?P<op>&&|\|\||!|\(|\))|(?P<id>[A-Za-z0-9_]+))")

MAX_NESTING = 200
# A parsed condition: ("id", name) | ("not", node) | ("and", nodes) | ("or", nodes) | ("default",)
Node = tuple


class ConditionSyntaxError(ValueError):
    """A condition the service cannot parse."""


@dataclass(frozen=True)
class ChoiceState:
    """What the answer says about the question's choices."""

    selected: frozenset[str]
    not_applicable: frozenset[str]


def parse_condition(text: str) -> Node:
    """Parse one rule condition; ``default`` is its own node."""
    if text.strip() == "default":
        return ("default",)
    tokens = _tokenize(text)
    _check_nesting(tokens)
    try:
        node, position = _parse_or(tokens, 0)
    except RecursionError as exc:  # a safety net: _check_nesting bounds the depth first
        raise ConditionSyntaxError("condition nested too deeply") from exc
    if position != len(tokens):
        raise ConditionSyntaxError(f"unexpected '{tokens[position]}'")
    return node


def _check_nesting(tokens: list[str]) -> None:
    """Refuse conditions with parentheses nested deeper than MAX_NESTING levels (the validator,
    ``publisher.riskexpr``, stops at the same depth; negations are read in a loop and not counted),
    before the recursive parser sees them."""
    depth = 0
    for token in tokens:
        depth += {"(": 1, ")": -1}.get(token, 0)
        if depth > MAX_NESTING:
            raise ConditionSyntaxError(f"parentheses nested deeper than {MAX_NESTING} levels")


def referenced_choices(node: Node) -> set[str]:
    """Every choice id a parsed condition mentions."""
    kind = node[0]
    if kind == "id":
        return {node[1]}
    if kind == "not":
        return referenced_choices(node[1])
    if kind in ("and", "or"):
        return set().union(*(referenced_choices(child) for child in node[1]))
    return set()


def holds(node: Node, state: ChoiceState) -> bool:
    """Whether the condition holds; a wholly neutral condition does not hold."""
    return node[0] == "default" or _evaluate(node, state) is True


def _evaluate(node: Node, state: ChoiceState) -> bool | None:
    kind = node[0]
    if kind == "id":
        if node[1] in state.not_applicable:
            return None
        return node[1] in state.selected
    if kind == "not":
        inner = _evaluate(node[1], state)
        return None if inner is None else not inner
    values = [value for value in (_evaluate(child, state) for child in node[1]) if value is not None]
    if not values:
        return None
    return all(values) if kind == "and" else any(values)


def _tokenize(text: str) -> list[str]:
    tokens: list[str] = []
    position = 0
    stripped_end = len(text.rstrip())
    while position < stripped_end:
        match = TOKEN.match(text, position)
        if match is None:
            raise ConditionSyntaxError(f"invalid character at column {position + 1}")
        tokens.append(match.group("op") or match.group("id"))
        position = match.end()
    if not tokens:
        raise ConditionSyntaxError("empty condition")
    return tokens


def _parse_or(tokens: list[str], position: int) -> tuple[Node, int]:
    """``expr``, reading its ``term``s in a loop: two stack frames per parenthesis level, so the
    deepest condition allowed parses far from Python's recursion limit."""
    terms: list[Node] = []
    while True:
        factors: list[Node] = []
        while True:
            factor, position = _parse_factor(tokens, position)
            factors.append(factor)
            if position >= len(tokens) or tokens[position] != "&&":
                break
            position += 1
        terms.append(factors[0] if len(factors) == 1 else ("and", tuple(factors)))
        if position >= len(tokens) or tokens[position] != "||":
            return (terms[0] if len(terms) == 1 else ("or", tuple(terms))), position
        position += 1


def _parse_factor(tokens: list[str], position: int) -> tuple[Node, int]:
    negations = 0
    while position < len(tokens) and tokens[position] == "!":
        negations, position = negations + 1, position + 1
    if position >= len(tokens):
        raise ConditionSyntaxError("condition ends too early")
    token = tokens[position]
    if token == "(":
        node, position = _parse_or(tokens, position + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise ConditionSyntaxError("missing ')'")
        position += 1
    elif token in ("&&", "||", ")"):
        raise ConditionSyntaxError(f"unexpected '{token}'")
    else:
        node, position = ("id", token), position + 1
    return (("not", node) if negations % 2 else node), position
