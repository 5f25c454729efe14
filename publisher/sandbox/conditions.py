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
    """Refuse conditions nested deeper than MAX_NESTING parentheses and negations (the validator,
    ``publisher.riskexpr``, stops at the same depth), before the recursive parser sees them."""
    depth = deepest = 0
    negations = 0
    for token in tokens:
        if token == "(":
            depth += 1
        elif token == ")":
            depth -= 1
        negations = negations + 1 if token == "!" else 0
        deepest = max(deepest, depth + negations)
    if deepest > MAX_NESTING:
        raise ConditionSyntaxError(f"parentheses and negations nested deeper than {MAX_NESTING} levels")


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
    return _parse_chain(tokens, position, "||", "or", _parse_and)


def _parse_and(tokens: list[str], position: int) -> tuple[Node, int]:
    return _parse_chain(tokens, position, "&&", "and", _parse_factor)


def _parse_chain(tokens: list[str], position: int, operator: str, kind: str, operand) -> tuple[Node, int]:
    first, position = operand(tokens, position)
    children = [first]
    while position < len(tokens) and tokens[position] == operator:
        child, position = operand(tokens, position + 1)
        children.append(child)
    return (first, position) if len(children) == 1 else ((kind, tuple(children)), position)


def _parse_factor(tokens: list[str], position: int) -> tuple[Node, int]:
    if position >= len(tokens):
        raise ConditionSyntaxError("condition ends too early")
    token = tokens[position]
    if token == "!":
        inner, position = _parse_factor(tokens, position + 1)
        return ("not", inner), position
    if token == "(":
        inner, position = _parse_or(tokens, position + 1)
        if position >= len(tokens) or tokens[position] != ")":
            raise ConditionSyntaxError("missing ')'")
        return inner, position + 1
    if token in ("&&", "||", ")"):
        raise ConditionSyntaxError(f"unexpected '{token}'")
    return ("id", token), position + 1
