"""E1001-W1005: the structural errors of the lens JSON Schema (``publisher.validate.schema``), one code per keyword."""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator
from typing import Any, ClassVar

from publisher.findings import CATALOGUE, Finding, Severity, pointer_join
from publisher.validate.context import CheckContext
from publisher.validate.registry import FORMAT_SPEC, Check
from publisher.validate.schema import schema_errors

_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer",
               float: "number", type(None): "null"}


def _pointer(path: Any) -> str:
    return pointer_join("", *path)


def _value_text(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)[:60]


class SchemaCheck(Check):
    """A check that reports the schema errors of some keywords."""

    keywords: ClassVar[frozenset[str]]
    source_url = FORMAT_SPEC

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        for error in schema_errors(ctx):
            if error.validator in self.keywords:
                yield from self.describe(error, ctx)

    def describe(self, error: Any, ctx: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError


class RequiredProperty(SchemaCheck):
    code = "E1001"
    severity = Severity.ERROR
    description = "A required property is missing"
    keywords = frozenset({"required"})

    def describe(self, error: Any, ctx: CheckContext) -> Iterator[Finding]:
        present = error.instance
        for name in error.validator_value:
            if name not in present:
                yield ctx.report(self, _pointer(error.absolute_path), f"missing required property '{name}'")


class WrongType(SchemaCheck):
    code = "E1002"
    severity = Severity.ERROR
    description = "A value has the wrong JSON type"
    keywords = frozenset({"type"})

    def describe(self, error: Any, ctx: CheckContext) -> Iterator[Finding]:
        expected = error.validator_value
        found = _JSON_TYPES.get(type(error.instance), type(error.instance).__name__)
        yield ctx.report(self, _pointer(error.absolute_path), f"expected {expected} but found {found}")


class ValueNotAllowed(SchemaCheck):
    code = "E1003"
    severity = Severity.ERROR
    description = "A value is not one of the allowed values (schemaVersion, risk, resource type)"
    keywords = frozenset({"const", "enum"})

    def describe(self, error: Any, ctx: CheckContext) -> Iterator[Finding]:
        allowed = [error.validator_value] if error.validator == "const" else error.validator_value
        choices = ", ".join(_value_text(value) for value in allowed)
        yield ctx.report(self, _pointer(error.absolute_path),
                         f"{_value_text(error.instance)} is not allowed here: use {choices}")


class EmptyList(SchemaCheck):
    code = "E1006"
    severity = Severity.ERROR
    description = "A list that needs at least one item (pillars, questions, choices, rules, content) is empty"
    keywords = frozenset({"minItems"})

    def describe(self, error: Any, ctx: CheckContext) -> Iterator[Finding]:
        yield ctx.report(self, _pointer(error.absolute_path), "the list is empty: add at least one item")


def _unknown_members(error: Any) -> Iterator[tuple[str, str | None, bool]]:
    """Each unknown member name, the known name it resembles, and whether only its case differs."""
    known = list(error.schema.get("properties", {}))
    by_lower = {name.lower(): name for name in known}
    for name in error.instance:
        if name in known:
            continue
        same_but_case = by_lower.get(name.lower())
        if same_but_case is not None:
            yield name, same_but_case, True
        else:
            close = difflib.get_close_matches(name, known, n=1, cutoff=0.8)
            yield name, (close[0] if close else None), False


class WrongCaseKey(SchemaCheck):
    code = "E1004"
    severity = Severity.ERROR
    description = "A property name differs from a format property only by letter case (e.g. 'Url')"
    keywords = frozenset({"additionalProperties"})

    def describe(self, error: Any, ctx: CheckContext) -> Iterator[Finding]:
        for name, known, case_only in _unknown_members(error):
            if case_only:
                yield ctx.report(self, pointer_join(_pointer(error.absolute_path), name),
                                 f"property '{name}' must be spelled '{known}' (names are case-sensitive)")


class UnknownKey(SchemaCheck):
    code = "W1005"
    severity = Severity.WARNING
    description = "A property that is not part of the lens format (e.g. '_version')"
    source_url = CATALOGUE + "#w1005"
    keywords = frozenset({"additionalProperties"})

    def describe(self, error: Any, ctx: CheckContext) -> Iterator[Finding]:
        for name, known, case_only in _unknown_members(error):
            if not case_only:
                hint = f" (did you mean '{known}'?)" if known else ""
                yield ctx.report(self, pointer_join(_pointer(error.absolute_path), name),
                                 f"unknown property '{name}' is not part of the lens format{hint}")
