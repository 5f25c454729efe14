"""Risk-rule conditions: parser, evaluator and bitset truth tables.

Grammar (the whole condition may instead be the keyword ``default``)::

    expr   := term ( "||" term )*
    term   := factor ( "&&" factor )*
    factor := "!" factor | "(" expr ")" | CHOICE_ID

Truth tables use bitsets: over ``n`` choices there are ``2**n`` selections, and selection
``s`` selects ``choice_ids[i]`` when bit ``i`` of ``s`` is set.  Each choice becomes one big
integer whose bit ``s`` is set when the choice is selected in selection ``s``; a whole
condition then costs a handful of big-integer operations instead of ``2**n`` evaluations.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from publisher.lensformat import DEFAULT_CONDITION, ID_CHARACTERS

MAX_DEPTH = 200

_TOKEN = re.compile(rf"\s*(?:(?P<op>\|\||&&|[!()])|(?P<id>[{ID_CHARACTERS}]+))")
_WHITESPACE = re.compile(r"\s*")
_WORD_OPERATORS = {"and": "&&", "or": "||", "not": "!"}


class ConditionError(ValueError):
    """A condition that does not parse; ``column`` is 1-based within the condition text."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


class Expr:
    """A parsed condition."""

    def choice_ids(self) -> frozenset[str]:
        """Every choice id the condition mentions."""
        return frozenset(self._ids())

    def _ids(self) -> Iterator[str]:
        raise NotImplementedError

    def evaluate(self, selected: frozenset[str]) -> bool:
        """Whether the condition holds when exactly ``selected`` choices are ticked."""
        raise NotImplementedError

    def mask(self, choice_masks: Mapping[str, int], full: int) -> int:
        """Bitset of the selections where the condition holds; unmapped ids are never selected."""
        raise NotImplementedError

    def to_text(self) -> str:
        """Fully parenthesised text that parses back to an equivalent expression."""
        raise NotImplementedError

    def __str__(self) -> str:
        return self.to_text()


@dataclass(frozen=True)
class Default(Expr):
    """The ``default`` rule: holds for every selection."""

    def _ids(self) -> Iterator[str]:
        return iter(())

    def evaluate(self, selected: frozenset[str]) -> bool:
        return True

    def mask(self, choice_masks: Mapping[str, int], full: int) -> int:
        return full

    def to_text(self) -> str:
        return DEFAULT_CONDITION


@dataclass(frozen=True)
class Choice(Expr):
    """A reference to one choice id; ``column`` is where it appears in the condition."""

    id: str
    column: int = field(default=0, compare=False)

    def _ids(self) -> Iterator[str]:
        yield self.id

    def evaluate(self, selected: frozenset[str]) -> bool:
        return self.id in selected

    def mask(self, choice_masks: Mapping[str, int], full: int) -> int:
        return choice_masks.get(self.id, 0)

    def to_text(self) -> str:
        return self.id


@dataclass(frozen=True)
class Not(Expr):
    operand: Expr

    def _ids(self) -> Iterator[str]:
        return self.operand._ids()

    def evaluate(self, selected: frozenset[str]) -> bool:
        return not self.operand.evaluate(selected)

    def mask(self, choice_masks: Mapping[str, int], full: int) -> int:
        return full & ~self.operand.mask(choice_masks, full)

    def to_text(self) -> str:
        return f"!{self.operand.to_text()}"


@dataclass(frozen=True)
class And(Expr):
    operands: tuple[Expr, ...]

    def _ids(self) -> Iterator[str]:
        for operand in self.operands:
            yield from operand._ids()

    def evaluate(self, selected: frozenset[str]) -> bool:
        return all(operand.evaluate(selected) for operand in self.operands)

    def mask(self, choice_masks: Mapping[str, int], full: int) -> int:
        result = full
        for operand in self.operands:
            result &= operand.mask(choice_masks, full)
        return result

    def to_text(self) -> str:
        return "(" + " && ".join(operand.to_text() for operand in self.operands) + ")"


@dataclass(frozen=True)
class Or(Expr):
    operands: tuple[Expr, ...]

    def _ids(self) -> Iterator[str]:
        for operand in self.operands:
            yield from operand._ids()

    def evaluate(self, selected: frozenset[str]) -> bool:
        return any(operand.evaluate(selected) for operand in self.operands)

    def mask(self, choice_masks: Mapping[str, int], full: int) -> int:
        result = 0
        for operand in self.operands:
            result |= operand.mask(choice_masks, full)
        return result

    def to_text(self) -> str:
        return "(" + " || ".join(operand.to_text() for operand in self.operands) + ")"


@dataclass(frozen=True)
class _Token:
    kind: str  # "op", "id" or "end"
    text: str
    column: int


def _tokenize(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    pos = 0
    while True:
        match = _TOKEN.match(text, pos)
        if match is None:
            pos = _WHITESPACE.match(text, pos).end()  # type: ignore[union-attr]
            if pos == len(text):
                tokens.append(_Token("end", "", pos + 1))
                return tokens
            raise ConditionError(_unexpected_character(text, pos), pos + 1)
        kind = "op" if match.group("op") else "id"
        tokens.append(_Token(kind, match.group(kind), match.start(kind) + 1))
        pos = match.end()


def _unexpected_character(text: str, pos: int) -> str:
    char = text[pos]
    if char in "|&":
        return f"'{char}' must be doubled: use '{char * 2}'"
    return f"unexpected character {char!r} (U+{ord(char):04X})"


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = _tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def current(self) -> _Token:
        return self.tokens[self.index]

    def advance(self) -> _Token:
        token = self.current
        self.index += 1
        return token

    def expr(self) -> Expr:
        operands = [self.term()]
        while self.current.text == "||":
            self.advance()
            operands.append(self.term())
        return operands[0] if len(operands) == 1 else Or(tuple(operands))

    def term(self) -> Expr:
        operands = [self.factor()]
        while self.current.text == "&&":
            self.advance()
            operands.append(self.factor())
        return operands[0] if len(operands) == 1 else And(tuple(operands))

    def factor(self) -> Expr:
        negations = 0
        while self.current.text == "!":
            self.advance()
            negations += 1
        token = self.advance()
        if token.kind == "id":
            if token.text == DEFAULT_CONDITION:
                raise ConditionError("'default' must be the whole condition", token.column)
            node: Expr = Choice(token.text, token.column)
        elif token.text == "(":
            node = self.group(token)
        else:
            raise ConditionError(f"expected a choice id, '!' or '(' but found {_describe(token)}",
                                 token.column)
        return Not(node) if negations % 2 else node  # "!!x" is x

    def group(self, opening: _Token) -> Expr:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(f"parentheses nested deeper than {MAX_DEPTH} levels", opening.column)
        node = self.expr()
        closing = self.advance()
        if closing.text != ")":
            raise ConditionError(
                f"expected ')' to close the '(' at column {opening.column} but found {_describe(closing)}",
                closing.column)
        self.depth -= 1
        return node


def _word_operator(*tokens: _Token) -> _Token | None:
    """The first of ``tokens`` that spells an operator as a word (``a AND b``, ``NOT a``)."""
    return next((token for token in tokens if token.kind == "id" and token.text.lower() in _WORD_OPERATORS), None)


def _describe(token: _Token) -> str:
    return "the end of the condition" if token.kind == "end" else f"'{token.text}'"


def parse(condition: str) -> Expr:
    """Parse a risk-rule condition; raises :class:`ConditionError` with the 1-based column."""
    if condition.strip() == DEFAULT_CONDITION:
        return Default()
    if not condition.strip():
        raise ConditionError("the condition is empty", 1)
    parser = _Parser(condition)
    node = parser.expr()
    trailing = parser.current
    if trailing.text == ")":
        raise ConditionError("unmatched ')'", trailing.column)
    if trailing.kind != "end":
        word = _word_operator(parser.tokens[parser.index - 1], trailing)
        if word is not None:
            raise ConditionError(f"write '{_WORD_OPERATORS[word.text.lower()]}' instead of '{word.text}'",
                                 word.column)
        raise ConditionError(f"expected '&&' or '||' but found {_describe(trailing)}", trailing.column)
    return node


def references(expr: Expr) -> Iterator[Choice]:
    """Every choice reference in ``expr``, in order, with its column."""
    if isinstance(expr, Choice):
        yield expr
    elif isinstance(expr, Not):
        yield from references(expr.operand)
    elif isinstance(expr, (And, Or)):
        for operand in expr.operands:
            yield from references(operand)


def risk_of(rules: Sequence[Mapping[str, str]], selected: frozenset[str]) -> str | None:
    """Risk of the first rule whose condition holds for ``selected``; None when no rule applies."""
    for rule in rules:
        if parse(rule["condition"]).evaluate(selected):
            return rule["risk"]
    return None


def choice_masks(choice_ids: Sequence[str]) -> tuple[dict[str, int], int]:
    """Bitset of each choice over all ``2**n`` selections, and the bitset of all selections."""
    patterns = _bit_patterns(len(choice_ids))
    masks: dict[str, int] = {}
    for choice_id, pattern in zip(choice_ids, patterns, strict=True):
        masks.setdefault(choice_id, pattern)
    return masks, (1 << (1 << len(choice_ids))) - 1


@lru_cache(maxsize=32)
def _bit_patterns(count: int) -> tuple[int, ...]:
    """For each i < count, the bitset of the selections s in range(2**count) that have bit i set."""
    size = 1 << count
    patterns = []
    for i in range(count):
        run = 1 << i  # selections alternate in runs of 2**i without and 2**i with the choice
        pattern, width = ((1 << run) - 1) << run, 2 * run
        while width < size:  # double the repeated block until it spans every selection
            pattern |= pattern << width
            width *= 2
        patterns.append(pattern)
    return tuple(patterns)


def first_match_masks(exprs: Sequence[Expr], choice_ids: Sequence[str]) -> tuple[list[int], int]:
    """For each rule, the selections it decides (first match wins), and the selections no rule decides."""
    masks, full = choice_masks(choice_ids)
    remaining = full
    decided: list[int] = []
    for expr in exprs:
        hits = expr.mask(masks, full) & remaining
        decided.append(hits)
        remaining &= ~hits
    return decided, remaining


def truth_table(rules: Sequence[Mapping[str, str]], choice_ids: Sequence[str]) -> list[str | None]:
    """Risk for every selection, indexed by bitmask over ``choice_ids`` (None where no rule applies)."""
    decided, _ = first_match_masks([parse(rule["condition"]) for rule in rules], choice_ids)
    size = 1 << len(choice_ids)
    table: list[str | None] = [None] * size
    for rule, hits in zip(rules, decided, strict=True):
        for selection in iter_bits(hits):
            table[selection] = rule["risk"]
    return table


def iter_bits(bits: int) -> Iterator[int]:
    """Indices of the set bits of ``bits``, in increasing order."""
    text = bin(bits)[:1:-1]  # least significant bit first
    index = text.find("1")
    while index != -1:
        yield index
        index = text.find("1", index + 1)
