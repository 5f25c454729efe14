"""Whether a document conforms to one of the shipped JSON Schemas, decided without jsonschema.

Importing jsonschema and building a validator costs more than compiling the whole EKS lens from
YAML, and a valid document, the common case, needs none of its error reports. :func:`compile_schema`
turns a schema into a check that evaluates the keywords the shipped schemas use exactly as Draft
2020-12 defines them and answers True (valid), False (invalid) or None (undecided: a comparison of
non-string values, which jsonschema's own equality rules decide). Callers ask jsonschema for the
errors of anything not certainly valid. A schema with any other keyword gives a check that never
decides.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any

Verdict = bool | None
Check = Callable[[Any], Verdict]
#: Builds a keyword's check from its value, the schema object holding it and the sub-schema compiler.
Maker = Callable[[Any, Mapping[str, Any], Callable[[Any], Check]], Check]

#: Keywords that never make a document invalid.
_ANNOTATIONS = frozenset({"$schema", "$id", "$defs", "$comment", "title", "description", "default", "examples"})
_JSON_TYPES = (dict, list, str, int, float, bool, type(None))


class _Unsupported(Exception):
    """The schema uses something this module does not evaluate."""


def _never_decides(instance: Any) -> Verdict:
    return None


def _every(verdicts: Iterable[Verdict]) -> Verdict:
    """False as soon as one is False; else None when one is undecided; else True."""
    result: Verdict = True
    for verdict in verdicts:
        if verdict is False:
            return False
        if verdict is None:
            result = None
    return result


def compile_schema(schema: Mapping[str, Any]) -> Check:
    """The check of ``schema``, whose references may only name its own ``#/$defs/<name>``."""
    defs: dict[str, Check] = {}
    prefix = "#/$defs/"

    def build(node: Any) -> Check:
        if isinstance(node, bool):
            return lambda instance: node
        if not isinstance(node, Mapping):
            raise _Unsupported(node)
        checks = []
        for key, value in node.items():
            if key == "$ref":
                name = value[len(prefix):] if isinstance(value, str) and value.startswith(prefix) else None
                if name not in schema.get("$defs", {}):
                    raise _Unsupported(value)
                checks.append(_reference(defs, str(name)))
            elif key in _KEYWORDS:
                checks.append(_KEYWORDS[key](value, node, build))
            elif key not in _ANNOTATIONS:
                raise _Unsupported(key)

        def check(instance: Any) -> Verdict:
            if not isinstance(instance, _JSON_TYPES):
                return None
            return _every(one(instance) for one in checks)
        return check

    try:
        for name, sub in schema.get("$defs", {}).items():
            defs[name] = build(sub)
        return build(schema)
    except _Unsupported:
        return _never_decides


def _reference(defs: Mapping[str, Check], name: str) -> Check:
    """The check of ``#/$defs/<name>``, looked up when it runs (definitions may refer to one another)."""
    return lambda instance: defs[name](instance)


_TYPES: dict[str, Callable[[Any], bool]] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
    "number": lambda value: isinstance(value, int | float) and not isinstance(value, bool),
    "integer": lambda value: (isinstance(value, int) and not isinstance(value, bool)) or (
        isinstance(value, float) and value.is_integer()),
}


def _type(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    names = [value] if isinstance(value, str) else list(value)
    if any(name not in _TYPES for name in names):
        raise _Unsupported(value)
    tests = [_TYPES[name] for name in names]
    return lambda instance: any(test(instance) for test in tests)


def _properties(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    subs = {name: build(sub) for name, sub in value.items()}

    def check(instance: Any) -> Verdict:
        if not isinstance(instance, dict):
            return True
        return _every(sub(instance[name]) for name, sub in subs.items() if name in instance)
    return check


def _additional_properties(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    if "patternProperties" in node:
        raise _Unsupported("patternProperties")
    known, sub = frozenset(node.get("properties", {})), build(value)

    def check(instance: Any) -> Verdict:
        if not isinstance(instance, dict):
            return True
        return _every(sub(item) for key, item in instance.items() if key not in known)
    return check


def _items(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    if "prefixItems" in node:
        raise _Unsupported("prefixItems")
    sub = build(value)
    return lambda instance: _every(map(sub, instance)) if isinstance(instance, list) else True


def _equal(one: Any, two: Any) -> Verdict:
    """jsonschema's equality where it is plain: strings (never equal to anything else), and null."""
    if isinstance(one, str) or isinstance(two, str):
        return isinstance(one, str) and isinstance(two, str) and one == two
    if one is None or two is None:
        return one is two
    return None


def _enum(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    options = list(value)

    def check(instance: Any) -> Verdict:
        verdicts = [_equal(instance, option) for option in options]
        return True if True in verdicts else (None if None in verdicts else False)
    return check


def _const(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    return lambda instance: _equal(instance, value)


def _unique_items(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    def check(instance: Any) -> Verdict:
        if not value or not isinstance(instance, list):
            return True
        if all(isinstance(item, str) for item in instance):
            return len(set(instance)) == len(instance)
        return None
    return check


def _not(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    sub = build(value)

    def check(instance: Any) -> Verdict:
        verdict = sub(instance)
        return None if verdict is None else not verdict
    return check


def _one_of(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    subs = [build(sub) for sub in value]

    def check(instance: Any) -> Verdict:
        verdicts = [sub(instance) for sub in subs]
        if verdicts.count(True) > 1:
            return False
        return None if None in verdicts else verdicts.count(True) == 1
    return check


def _required(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    names = list(value)
    return lambda instance: not isinstance(instance, dict) or all(name in instance for name in names)


def _bound(kind: type, measure: Callable[[Any], int], at_least: bool) -> Maker:
    """A minimum (``at_least``) or maximum of ``measure`` over instances of ``kind``."""
    def maker(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
        if isinstance(value, bool) or not isinstance(value, int):
            raise _Unsupported(value)

        def check(instance: Any) -> Verdict:
            if not isinstance(instance, kind):
                return True
            size = measure(instance)
            return size >= value if at_least else size <= value
        return check
    return maker


def _pattern(value: Any, node: Mapping[str, Any], build: Callable[[Any], Check]) -> Check:
    compiled = re.compile(value)
    return lambda instance: not isinstance(instance, str) or compiled.search(instance) is not None


_KEYWORDS: dict[str, Maker] = {
    "type": _type, "properties": _properties, "additionalProperties": _additional_properties,
    "items": _items, "enum": _enum, "const": _const, "uniqueItems": _unique_items, "not": _not, "oneOf": _one_of,
    "required": _required, "pattern": _pattern,
    "minLength": _bound(str, len, True), "maxLength": _bound(str, len, False),
    "minItems": _bound(list, len, True), "maxItems": _bound(list, len, False),
    "minProperties": _bound(dict, len, True), "maxProperties": _bound(dict, len, False),
}
