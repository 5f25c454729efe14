"""JSON keys the source format has no field for (``extra``) and non-default key order (``keyOrder``).

Every object of a lens source (lens.yaml, pillar.yaml, a question, a choice, a link, an additional
resource, a risk rule) may carry ``extra``, a mapping whose keys are appended to the JSON object
as they are, and ``keyOrder``, the order of the object's JSON keys when it differs from the order
the compiler emits. ``walens decompile`` writes them only when needed, so that every lens JSON
builds back to the same text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from publisher.findings import pointer_join
from publisher.sources.schema_check import nearest_position
from publisher.sources.yamlpos import KEY, Path_, Positions

EXTRA = "extra"
KEY_ORDER = "keyOrder"
Position = tuple[int, int]

#: The JSON keys the source format has a field for, per kind of object, in the order the compiler emits.
FORMAT_KEYS: dict[str, tuple[str, ...]] = {
    "lens": ("schemaVersion", "name", "description", "pillars"),
    "pillar": ("id", "name", "questions"),
    "question": ("id", "title", "description", "helpfulResource", "choices", "riskRules"),
    "choice": ("id", "title", "helpfulResource", "improvementPlan", "additionalResources"),
    "link": ("displayText", "url"),
    "additionalResource": ("type", "content"),
    "riskRule": ("condition", "risk"),
}

_LISTS = frozenset({"pillars", "questions", "choices", "riskRules", "additionalResources", "content"})
_OBJECTS = frozenset({"helpfulResource", "improvementPlan"})
_ACCEPTS: dict[str, Callable[[Any], bool]] = {
    "type": lambda value: value in ("HELPFUL_RESOURCE", "IMPROVEMENT_PLAN"),
}


def source_can_hold(key: str, value: Any) -> bool:
    """Whether the source field for format key ``key`` accepts ``value`` (else it goes to ``extra``)."""
    accepts = _ACCEPTS.get(key)
    if accepts is not None:
        return accepts(value)
    expected = list if key in _LISTS else dict if key in _OBJECTS else str
    return isinstance(value, expected)


def format_keys(obj: Mapping[str, Any], kind: str) -> list[str]:
    """The keys of ``obj`` that source fields can hold, in the order the compiler emits them."""
    return [key for key in FORMAT_KEYS[kind] if key in obj and source_can_hold(key, obj[key])]


def carry_unknown(obj: Mapping[str, Any], emitted: list[str]) -> dict[str, Any]:
    """The ``extra``/``keyOrder`` source fields that keep what the other source fields of ``obj`` do not.

    ``emitted`` lists the keys the other source fields compile to, in the order the compiler
    emits them; every other key goes to ``extra``, whose keys the compiler appends.
    """
    fields: dict[str, Any] = {}
    extra = {key: value for key, value in obj.items() if key not in emitted}
    if extra:
        fields[EXTRA] = extra
    if list(obj) != [*emitted, *extra]:
        fields[KEY_ORDER] = list(obj)
    return fields


@dataclass
class Finished:
    """A compiled object with ``extra`` merged and ``keyOrder`` applied."""

    value: dict[str, Any]
    #: relative JSON pointer of each extra key -> position of that key in the source
    positions: dict[str, Position] = field(default_factory=dict)
    #: (message, position) for each problem with ``extra`` or ``keyOrder``
    problems: list[tuple[str, Position]] = field(default_factory=list)


def finish(obj: dict[str, Any], spec: Mapping[str, Any], path: Path_, positions: Positions) -> Finished:
    """Append the keys of ``spec.extra`` to ``obj`` and order its keys as ``spec.keyOrder`` says.

    ``path`` is where ``spec`` sits in the YAML that ``positions`` describes. A key of ``extra`` the
    object already has, and a ``keyOrder`` entry naming no key of the object, are problems.
    """
    result = Finished(dict(obj))
    extra = spec.get(EXTRA)
    for key, value in extra.items() if isinstance(extra, dict) else ():
        where = nearest_position(positions, (*path, EXTRA, str(key), KEY))
        if key in result.value:
            result.problems.append((f"extra key {key!r} is already a field of this object", where))
            continue
        result.value[key] = value
        result.positions[pointer_join("", key)] = where
    order = spec.get(KEY_ORDER)
    if not isinstance(order, list):
        return result
    for index, key in enumerate(order):
        if isinstance(key, str) and key not in result.value:  # the schema check reports other types
            result.problems.append((f"keyOrder names {key!r}, which this object does not have",
                                    nearest_position(positions, (*path, KEY_ORDER, index))))
    first = {key: result.value[key] for key in order if isinstance(key, str) and key in result.value}
    result.value = {**first, **{k: v for k, v in result.value.items() if k not in first}}
    return result
