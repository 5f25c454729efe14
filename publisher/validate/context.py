"""What every check sees: the document walked safely, parsed risk rules, and locations for findings."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.findings import Finding, Location, SourceMap, pointer_join
from publisher.jsonpos import column_in_string
from publisher.lensformat import DEFAULT_CONDITION, NONE_OF_THESE_SUFFIX
from publisher.riskexpr import ConditionError, Expr, parse

if TYPE_CHECKING:
    from publisher.assess.rules import RuleSet
    from publisher.validate.registry import Check

@dataclass(frozen=True)
class Node:
    """A JSON object of the lens and its pointer."""

    pointer: str
    value: dict[str, Any]

    def text(self, key: str) -> str | None:
        """The member ``key`` when it is a string, else None."""
        item = self.value.get(key)
        return item if isinstance(item, str) else None

    def child(self, key: str) -> Node | None:
        item = self.value.get(key)
        return Node(pointer_join(self.pointer, key), item) if isinstance(item, dict) else None

    def children(self, key: str) -> Iterator[Node]:
        """The objects in the array member ``key`` (other items are the schema's business)."""
        items = self.value.get(key)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    yield Node(pointer_join(self.pointer, key, index), item)


@dataclass(frozen=True)
class TextField:
    """One string of the lens: ``field`` names its kind, e.g. ``choice.improvementPlan.url``."""

    field: str
    pointer: str
    value: str


#: The link objects ({displayText, url}) each kind of node may carry.
LINKS = {"question": ("helpfulResource",), "choice": ("helpfulResource", "improvementPlan")}


@dataclass(frozen=True)
class ParsedRule:
    """One risk rule with its parsed condition, or the reason it does not parse."""

    node: Node
    condition: str | None
    risk: Any
    expr: Expr | None
    error: ConditionError | None

    @property
    def condition_pointer(self) -> str:
        return pointer_join(self.node.pointer, "condition")

    @property
    def is_default(self) -> bool:
        return self.condition is not None and self.condition.strip() == DEFAULT_CONDITION


@dataclass(frozen=True)
class QuestionView:
    """A question with its choices and parsed rules, as the risk checks need it."""

    node: Node
    choices: list[Node]
    rules: list[ParsedRule]

    @property
    def choice_ids(self) -> list[str]:
        return [cid for cid in (choice.text("id") for choice in self.choices) if cid is not None]

    @property
    def none_ids(self) -> list[str]:
        """Ids of the "None of these" choices (suffix ``_no``)."""
        return [cid for cid in self.choice_ids if cid.endswith(NONE_OF_THESE_SUFFIX)]

    @property
    def all_rules_parse(self) -> bool:
        return all(rule.expr is not None for rule in self.rules)


class CheckContext:
    """Shared, cached views of one document, and the factory for located findings.

    ``text`` is the JSON text the source map was built from, if any; findings about a
    character inside a string then point at that character's column. ``never_not_applicable``
    maps a question id to the choices its source lists as never not applicable (empty for JSON);
    ``evidence`` holds the evidence rules read from the sources (None for JSON).
    """

    def __init__(self, doc: Any, source_map: SourceMap, text: str | None = None,
                 never_not_applicable: Mapping[str, tuple[str, ...]] | None = None,
                 evidence: RuleSet | None = None) -> None:
        self.doc = doc
        self.source_map = source_map
        self.text = text
        self.never_not_applicable: Mapping[str, tuple[str, ...]] = never_not_applicable or {}
        self.evidence = evidence
        self._lines = text.removeprefix("\ufeff").split("\n") if text is not None else None
        self._source_lines: dict[str, list[str] | None] = {}
        self.memo: dict[str, Any] = {}  # results shared by several checks, e.g. schema errors

    @cached_property
    def root(self) -> Node | None:
        return Node("", self.doc) if isinstance(self.doc, dict) else None

    @cached_property
    def pillars(self) -> list[Node]:
        return list(self.root.children("pillars")) if self.root else []

    @cached_property
    def questions(self) -> list[QuestionView]:
        return [QuestionView(question, list(question.children("choices")),
                             [_parse_rule(rule) for rule in question.children("riskRules")])
                for pillar in self.pillars for question in pillar.children("questions")]

    @cached_property
    def choices(self) -> list[Node]:
        return [choice for question in self.questions for choice in question.choices]

    def nodes(self, kind: str) -> list[Node]:
        """The objects of one kind: ``lens`` (the root, when it is an object), ``pillar``, ``question``, ``choice``."""
        if kind == "lens":
            return [self.root] if self.root else []
        if kind == "pillar":
            return self.pillars
        if kind == "question":
            return [question.node for question in self.questions]
        if kind == "choice":
            return self.choices
        raise ValueError(f"unknown kind of lens object: {kind!r}")

    @cached_property
    def texts(self) -> list[TextField]:
        """Every string the lens shows to people, with its kind and pointer."""
        fields: list[TextField] = []

        def add(kind: str, node: Node, *keys: str) -> None:
            for key in keys:
                value = node.text(key)
                if value is not None:
                    fields.append(TextField(f"{kind}.{key}", pointer_join(node.pointer, key), value))

        def add_links(kind: str, node: Node) -> None:
            for key in LINKS[kind]:
                link = node.child(key)
                if link is not None:
                    add(f"{kind}.{key}", link, "displayText", "url")

        if self.root:
            add("lens", self.root, "name", "description")
        for pillar in self.pillars:
            add("pillar", pillar, "name")
        for question in self.questions:
            add("question", question.node, "title", "description")
            add_links("question", question.node)
            for choice in question.choices:
                add("choice", choice, "title")
                add_links("choice", choice)
                for resource in choice.children("additionalResources"):
                    for content in resource.children("content"):
                        add("choice.additionalResources.content", content, "displayText", "url")
        return fields

    def locate(self, pointer: str, offset: int | None = None) -> Location:
        """Location of the value at ``pointer``; ``offset`` is a character index inside that string value.

        For JSON input the column of that character is exact (escapes included).  For lens
        sources it is moved to the character when the YAML line shows the value verbatim
        (plain or quoted scalar); otherwise it stays at the start of the value.
        """
        location = self.source_map.locate(pointer)
        if offset is None or pointer not in self.source_map:
            return location
        if self._lines is not None:
            line = self._lines[location.line - 1] if location.line <= len(self._lines) else None
            column = column_in_string(line, location.column, offset) if line is not None else None
        else:
            column = self._column_in_source(location, pointer, offset)
        return location if column is None else Location(location.file, location.line, column, pointer)

    def _column_in_source(self, location: Location, pointer: str, offset: int) -> int | None:
        if location.file not in self._source_lines:
            try:
                text = Path(location.file).read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError):
                self._source_lines[location.file] = None
            else:
                self._source_lines[location.file] = text.split("\n")
        lines = self._source_lines[location.file]
        value = _resolve(self.doc, pointer)
        if lines is None or location.line > len(lines) or not isinstance(value, str):
            return None
        line, start, shown = lines[location.line - 1], location.column - 1, value[:offset + 1]
        if line.startswith(shown, start):
            return location.column + offset
        if line[start:start + 1] in ("'", '"') and line.startswith(shown, start + 1):
            return location.column + 1 + offset
        return None

    def report(self, check: Check, pointer: str, message: str, offset: int | None = None) -> Finding:
        return Finding(check.code, check.severity, message, self.locate(pointer, offset))


def _resolve(doc: Any, pointer: str) -> Any:
    """The value at an RFC 6901 pointer, or None."""
    value = doc
    for token in pointer.split("/")[1:]:
        key = token.replace("~1", "/").replace("~0", "~")
        if isinstance(value, dict):
            value = value.get(key)
        elif isinstance(value, list) and key.isdigit() and int(key) < len(value):
            value = value[int(key)]
        else:
            return None
    return value


def _parse_rule(node: Node) -> ParsedRule:
    condition = node.text("condition")
    expr: Expr | None = None
    error: ConditionError | None = None
    if condition is not None:
        try:
            expr = parse(condition)
        except ConditionError as exc:
            error = exc
    return ParsedRule(node, condition, node.value.get("risk"), expr, error)
