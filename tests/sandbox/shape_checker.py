"""Checks every raw wellarchitected response against botocore's output and error shapes.

botocore's parser silently drops members it does not know and never checks enums, so the checker
reads the raw JSON body (``after-call`` event) and walks the modeled shape: member names, JSON
types, enum values and required members.  Only documented service deviations from the model
are allowed (``KNOWN_DEVIATIONS``).
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

from botocore.model import OperationModel, Shape, StructureShape

# (structure shape, member) -> extra enum values the live service returns although the model
# does not list them: ListLenses reports DRAFT/PUBLISHED (reference §3 "Status values").
KNOWN_DEVIATIONS: dict[tuple[str, str], frozenset[str]] = {
    ("LensSummary", "LensStatus"): frozenset({"DRAFT", "PUBLISHED"}),
}
# AWS "common errors" any action may return; they are checked against this service's shape of
# the same name even where an operation does not list them (TagResource lists only two errors).
COMMON_ERRORS = ("ValidationException", "ThrottlingException", "AccessDeniedException", "InternalServerException")
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "integer": (int,), "long": (int,), "float": (int, float),
    "double": (int, float), "timestamp": (int, float, str), "blob": (str,), "structure": (dict,),
    "list": (list,), "map": (dict,),
}


class ShapeViolation(AssertionError):
    """A response the real SDK model does not allow."""


def check_value(value: Any, shape: Shape, path: str, parent: str | None = None, member: str = "") -> None:
    """Raise ShapeViolation where ``value`` does not fit ``shape``."""
    expected = JSON_TYPES[shape.type_name]
    if not isinstance(value, expected) or (shape.type_name in ("integer", "long") and isinstance(value, bool)):
        raise ShapeViolation(f"{path}: expected {shape.type_name} ({shape.name}), got {type(value).__name__}")
    if shape.type_name == "string" and shape.enum:
        allowed = set(shape.enum) | KNOWN_DEVIATIONS.get((parent or "", member), frozenset())
        if value not in allowed:
            raise ShapeViolation(f"{path}: {value!r} is not one of {shape.name} {sorted(allowed)}")
    elif shape.type_name == "structure":
        assert isinstance(shape, StructureShape)
        check_structure(value, shape, path)
    elif shape.type_name == "list":
        for index, item in enumerate(value):
            check_value(item, shape.member, f"{path}[{index}]")
    elif shape.type_name == "map":
        for key, item in value.items():
            check_value(key, shape.key, f"{path}.<key>")
            check_value(item, shape.value, f"{path}.{key}")


def check_structure(value: dict[str, Any], shape: StructureShape, path: str,
                    ignore: frozenset[str] = frozenset()) -> None:
    members = {member.serialization.get("name", name): (name, member)
               for name, member in shape.members.items() if "location" not in member.serialization}
    for key, item in value.items():
        if key in ignore:
            continue
        if key not in members:
            raise ShapeViolation(f"{path}: unknown member {key!r} for {shape.name}")
        name, member = members[key]
        check_value(item, member, f"{path}.{key}", shape.name, name)
    missing = [name for name in shape.required_members if name in members and name not in value]
    if missing:
        raise ShapeViolation(f"{path}: {shape.name} misses required {missing}")


class ResponseShapeChecker:
    """A botocore ``after-call`` handler; counts what it checked per operation."""

    def __init__(self) -> None:
        self.checked: Counter[str] = Counter()

    def __call__(self, http_response: Any, model: OperationModel, **_: Any) -> None:
        body = json.loads(http_response.content or b"{}")
        if http_response.status_code < 300:
            if model.output_shape is not None:
                check_structure(body, model.output_shape, model.name)
        else:
            error = _error_shape(model, body.get("__type", ""))
            check_structure(body, error, f"{model.name}!{error.name}", ignore=frozenset({"__type"}))
        self.checked[model.name] += 1


def _error_shape(model: OperationModel, error_type: str) -> StructureShape:
    name = error_type.split("#")[-1]
    for shape in model.error_shapes:
        if shape.name == name:
            return shape
    if name in COMMON_ERRORS:
        shape = model.service_model.shape_for(name)
        assert isinstance(shape, StructureShape)
        return shape
    raise ShapeViolation(f"{model.name} returned {name!r}, which is not one of its modeled errors")
