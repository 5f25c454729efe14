"""Field-level differences between two matched objects (lens, pillar, question or choice), via deepdiff."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

#: Fields listed first, in this order, so that a title change reads before a URL change.
FIELD_ORDER = ("name", "title", "description", "helpfulResource", "improvementPlan", "additionalResources")
TEXT_KEYS = frozenset({"name", "title", "description", "displayText"})

JSON_VALUE_TYPES = (dict, list, str, int, float, bool, type(None))
_ABSENT = object()


@dataclass(frozen=True)
class FieldDelta:
    """One leaf value that differs; ``before``/``after`` are None where the field is absent."""

    path: tuple[str, ...]
    before: Any
    after: Any


def field_deltas(old: dict[str, Any], new: dict[str, Any]) -> list[FieldDelta]:
    """Leaf-level differences of two objects; additional resources are keyed by type, not position."""
    if old == new:
        return []
    from deepdiff import DeepDiff  # imported lazily: not needed on the `walens --help` path

    diff = DeepDiff(_comparable(old), _comparable(new), view="tree")
    deltas: dict[tuple[str, ...], FieldDelta] = {}
    for levels in diff.values():
        for level in levels:
            prefix = tuple(str(part) for part in level.path(output_format="list"))
            before = dict(_leaves(level.t1, prefix))
            after = dict(_leaves(level.t2, prefix))
            for path in before.keys() | after.keys():
                old_value, new_value = before.get(path, _ABSENT), after.get(path, _ABSENT)
                if old_value != new_value:
                    deltas[path] = FieldDelta(path, _present(old_value), _present(new_value))
    return sorted(deltas.values(), key=_field_rank)


def _comparable(obj: dict[str, Any]) -> dict[str, Any]:
    resources = obj.get("additionalResources")
    if not isinstance(resources, list):
        return obj
    return {**obj, "additionalResources": _resources_by_type(resources)}


def _resources_by_type(resources: list[Any]) -> dict[str, Any]:
    """Key resource groups by their ``type`` (documented as unique per choice), else by position."""
    types = [item.get("type") if isinstance(item, dict) else None for item in resources]
    keyed: dict[str, Any] = {}
    for position, (item, kind) in enumerate(zip(resources, types, strict=True)):
        if isinstance(kind, str) and types.count(kind) == 1:
            keyed[kind] = {key: value for key, value in item.items() if key != "type"}
        else:
            keyed[f"#{position}"] = item  # '#' keeps positions apart from any type name
    return keyed


def _leaves(value: Any, prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], Any]]:
    if isinstance(value, dict) and value:
        for key, item in value.items():
            yield from _leaves(item, (*prefix, str(key)))
    elif isinstance(value, list) and value:
        for position, item in enumerate(value):
            yield from _leaves(item, (*prefix, str(position)))
    elif prefix and isinstance(value, JSON_VALUE_TYPES):  # deepdiff marks a missing side with a non-JSON object
        yield prefix, value  # (an empty object at the root is no field of its own)


def _present(value: Any) -> Any:
    return None if value is _ABSENT else value


def _field_rank(delta: FieldDelta) -> tuple[int, tuple[str, ...]]:
    head = delta.path[0]
    return (FIELD_ORDER.index(head) if head in FIELD_ORDER else len(FIELD_ORDER), delta.path)
