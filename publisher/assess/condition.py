"""The condition language of evidence rules: a tiny parser and a three-valued evaluator, no ``eval``.

A condition compares collected facts (dotted paths such as ``eks.logging.enabledTypes``) with
literals; a fact that was not collected makes the comparison *unknown* (None), never false::

    condition := or
    or        := and ("or" and)*
    and       := unary ("and" unary)*
    unary     := "not" unary | primary
    primary   := "(" condition ")" | "exists" PATH | ("all" | "any") PATH OP value | operand OP value
    operand   := PATH | "len" "(" PATH ")"
    OP        := "==" | "!=" | "<" | "<=" | ">" | ">=" | "in" | "contains"
    value     := number | 'text' | "text" | true | false | null | "[" value ("," value)* "]"
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

MAX_CONDITION_CHARS = 1000
MAX_DEPTH = 16
OPERATORS = ("==", "!=", "<=", ">=", "<", ">", "in", "contains")
KEYWORDS = frozenset({"and", "or", "not", "exists", "all", "any", "len", "true", "false", "null", *OPERATORS})
_TOKEN = re.compile(r"""\s*(?:(?P<num>-?\d+(?:\.\d+)?)|(?P<str>'[^']*'|"[^"]*")|(?P<op>==|!=|<=|>=|<|>)"""
                    r"""|(?P<punct>[()\[\],])|(?P<word>[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))""")


class ConditionSyntaxError(ValueError):
    """A condition that does not parse; ``column`` is 1-based."""

    def __init__(self, message: str, column: int) -> None:
        super().__init__(f"column {column}: {message}")
        self.message = message
        self.column = column


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    column: int


#: Fact lookup: (found, value).
Lookup = Callable[[str], tuple[bool, Any]]


@dataclass(frozen=True)
class Outcome:
    """True, False or None (unknown); ``missing`` names the facts that were not collected."""

    value: bool | None
    missing: tuple[str, ...] = ()
    why: str = ""


class Node:
    def evaluate(self, facts: Lookup) -> Outcome:
        raise NotImplementedError

    def paths(self) -> Iterator[str]:
        raise NotImplementedError


def _compare(op: str, left: Any, right: Any) -> bool | None:
    """``left op right``, or None when the types cannot be compared."""
    try:
        if op == "==":
            return bool(left == right)
        if op == "!=":
            return bool(left != right)
        if op == "in":
            return isinstance(right, list) and left in right
        if op == "contains":
            return isinstance(left, list | str) and right in left
        if isinstance(left, bool) or isinstance(right, bool) or (type(left) is not type(right) and not (
                isinstance(left, int | float) and isinstance(right, int | float))):
            return None
        return bool({"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right}[op])
    except TypeError:
        return None


@dataclass(frozen=True)
class Compare(Node):
    path: str
    op: str
    value: Any
    quantifier: str = ""  # "", "all", "any"
    length: bool = False

    def evaluate(self, facts: Lookup) -> Outcome:
        found, actual = facts(self.path)
        if not found:
            return Outcome(None, (self.path,), f"{self.path} not collected")
        if self.length or self.quantifier:
            if not isinstance(actual, list):
                return Outcome(None, (), f"{self.path} is not a list")
            if self.length:
                actual = len(actual)
            else:
                results = [_compare(self.op, item, self.value) for item in actual]
                if None in results:
                    return Outcome(None, (), f"{self.path}: an item cannot be compared with {self.value!r}")
                return Outcome(all(results) if self.quantifier == "all" else any(results))
        result = _compare(self.op, actual, self.value)
        return Outcome(result, (), "" if result is not None else f"{self.path} cannot be compared with {self.value!r}")

    def paths(self) -> Iterator[str]:
        yield self.path


@dataclass(frozen=True)
class Exists(Node):
    path: str

    def evaluate(self, facts: Lookup) -> Outcome:
        return Outcome(facts(self.path)[0])

    def paths(self) -> Iterator[str]:
        yield self.path


@dataclass(frozen=True)
class Not(Node):
    operand: Node

    def evaluate(self, facts: Lookup) -> Outcome:
        inner = self.operand.evaluate(facts)
        return inner if inner.value is None else Outcome(not inner.value)

    def paths(self) -> Iterator[str]:
        yield from self.operand.paths()


@dataclass(frozen=True)
class Junction(Node):
    """``and`` (``conjunction``) or ``or`` over operands, with Kleene's three-valued logic."""

    conjunction: bool
    operands: tuple[Node, ...]

    def evaluate(self, facts: Lookup) -> Outcome:
        unknown: list[Outcome] = []
        for operand in self.operands:
            outcome = operand.evaluate(facts)
            if outcome.value is None:
                unknown.append(outcome)
            elif outcome.value is not self.conjunction:
                return outcome  # a false operand decides "and", a true one decides "or"
        if unknown:
            return Outcome(None, tuple(p for o in unknown for p in o.missing), "; ".join(o.why for o in unknown))
        return Outcome(self.conjunction)

    def paths(self) -> Iterator[str]:
        for operand in self.operands:
            yield from operand.paths()


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            column = pos + len(text[pos:]) - len(text[pos:].lstrip()) + 1
            raise ConditionSyntaxError(f"unexpected character {text[column - 1]!r}", column)
        kind = match.lastgroup or ""
        value = match.group(kind)
        tokens.append(Token(kind, value, match.start(kind) + 1))
        pos = match.end()
    tokens.append(Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str) -> None:
        self.tokens = tokenize(text)
        self.index = 0
        self.depth = 0

    @property
    def token(self) -> Token:
        return self.tokens[self.index]

    def _take(self) -> Token:
        token = self.token
        self.index += 1
        return token

    def _fail(self, expected: str) -> ConditionSyntaxError:
        shown = repr(self.token.text) if self.token.kind != "end" else "the end"
        return ConditionSyntaxError(f"expected {expected}, found {shown}", self.token.column)

    def _is(self, *texts: str) -> bool:
        return self.token.kind in ("word", "op", "punct") and self.token.text in texts

    def _expect(self, text: str) -> None:
        if not self._is(text):
            raise self._fail(repr(text))
        self.index += 1

    def parse(self) -> Node:
        node = self._junction(True)  # "or" binds loosest: parse a disjunction of conjunctions
        if self.token.kind != "end":
            raise self._fail("'and', 'or' or the end")
        return node

    def _junction(self, disjunction: bool) -> Node:
        word, parts = ("or", [self._junction(False)]) if disjunction else ("and", [self._unary()])
        while self._is(word):
            self.index += 1
            parts.append(self._junction(False) if disjunction else self._unary())
        return parts[0] if len(parts) == 1 else Junction(not disjunction, tuple(parts))

    def _unary(self) -> Node:
        self.depth += 1
        try:
            if self.depth > MAX_DEPTH:
                raise ConditionSyntaxError(f"nested more than {MAX_DEPTH} levels deep", self.token.column)
            return self._primary()
        finally:
            self.depth -= 1

    def _primary(self) -> Node:
        if self._is("not"):
            self.index += 1
            return Not(self._unary())
        if self._is("("):
            self.index += 1
            node = self._junction(True)
            self._expect(")")
            return node
        if self._is("exists"):
            self.index += 1
            return Exists(self._path())
        quantifier = self._take().text if self._is("all", "any") else ""
        length = False
        if not quantifier and self._is("len"):
            self.index += 1
            self._expect("(")
            path = self._path()
            self._expect(")")
            length = True
        else:
            path = self._path()
        if not self._is(*OPERATORS):
            raise self._fail("an operator (" + ", ".join(OPERATORS) + ")")
        op = self._take().text
        return Compare(path, op, self._value(), quantifier, length)

    def _path(self) -> str:
        token = self.token
        if token.kind != "word" or token.text in KEYWORDS:
            raise self._fail("a fact path such as eks.logging.enabledTypes")
        self.index += 1
        return token.text

    def _value(self) -> Any:
        token = self._take()
        if token.kind == "num":
            return float(token.text) if "." in token.text else int(token.text)
        if token.kind == "str":
            return token.text[1:-1]
        if token.kind == "word" and token.text in ("true", "false", "null"):
            return {"true": True, "false": False, "null": None}[token.text]
        if token.kind == "punct" and token.text == "[":
            items = [self._value()]
            while self._is(","):
                self.index += 1
                items.append(self._value())
            self._expect("]")
            return items
        self.index -= 1
        raise self._fail("a value (number, 'text', true, false, null or [list])")


def parse_condition(text: str) -> Node:
    """The syntax tree of ``text``; raises ConditionSyntaxError."""
    if len(text) > MAX_CONDITION_CHARS:
        raise ConditionSyntaxError(f"longer than {MAX_CONDITION_CHARS} characters", 1)
    return _Parser(text).parse()


def mapping_lookup(values: Mapping[str, Any]) -> Lookup:
    """A fact lookup over a flat mapping of paths to values."""
    return lambda path: (path in values, values.get(path))
