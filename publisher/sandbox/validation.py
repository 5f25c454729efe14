"""Generic input validation of a ``wellarchitected`` request against botocore's service model.

moto parses requests with botocore's model but checks nothing, so a raw request without a
required member reached the backend as ``None``.  The service answers such requests with a
``ValidationException`` (HTTP 400) naming the field; so does this module, for every operation of
the model: required members, JSON types, enums, string lengths and patterns, number ranges, list
and map sizes.  Members in the URI, query string or headers arrive as strings and are checked
after conversion.  Unknown members are ignored, as the service ignores them.
"""

from __future__ import annotations

import json
import math
import re
from functools import lru_cache
from typing import Any

from botocore.model import OperationModel, Shape, StructureShape

from .exceptions import ValidationException

MAX_ERRORS = 10
JSON_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,), "boolean": (bool,), "integer": (int,), "long": (int,), "float": (int, float),
    "double": (int, float), "timestamp": (int, float, str), "blob": (str,), "structure": (dict,),
    "list": (list,), "map": (dict,),
}


class RequestProblems:
    """Collects what is wrong with one request, in the service's wording."""

    def __init__(self) -> None:
        self.fields: list[dict[str, str]] = []

    def add(self, path: str, value: Any, constraint: str) -> None:
        shown = "null" if value is None else _shown(value)
        self.fields.append({"Name": path, "Message": f"Value {shown} at '{path}' failed to satisfy constraint: "
                                                     f"{constraint}"})

    def raise_if_any(self) -> None:
        if self.fields:
            count = len(self.fields)
            listed = "; ".join(field["Message"] for field in self.fields[:MAX_ERRORS])
            raise ValidationException(f"{count} validation error{'s' if count > 1 else ''} detected: {listed}",
                                      fields=self.fields[:MAX_ERRORS])


def parse_json_body(body: str | bytes | None) -> dict[str, Any]:
    """The request body as a JSON object; anything else is a ValidationException (CANNOT_PARSE)."""
    if not body:
        return {}
    try:
        parsed = json.loads(body, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as exc:
        raise ValidationException(f"Could not parse the request body as JSON: {exc}", reason="CANNOT_PARSE",
                                  fields=[{"Name": "body", "Message": "not valid JSON"}]) from exc
    if not isinstance(parsed, dict):
        raise ValidationException("The request body must be a JSON object.", reason="CANNOT_PARSE",
                                  fields=[{"Name": "body", "Message": f"a JSON {type(parsed).__name__}"}])
    return parsed


def validate_request(model: OperationModel, body: dict[str, Any],
                     located: dict[str, str | list[str] | None]) -> None:
    """Check ``body`` (the JSON members) and ``located`` (URI, query and header members, as sent)."""
    shape = model.input_shape
    if shape is None:
        return
    problems = RequestProblems()
    for name, member in shape.members.items():
        location = member.serialization.get("location")
        if location is None:
            value = body.get(member.serialization.get("name", name))
            if value is not None:
                _check(value, member, name, problems)
        else:
            value = _located(located.get(name), member, name, problems)
            if value is not None:
                _check(value, member, name, problems)
        if value is None and name in shape.required_members:
            problems.add(name, None, "Member must not be null")
    problems.raise_if_any()


def _located(sent: str | list[str] | None, shape: Shape, path: str, problems: RequestProblems) -> Any:
    """A URI, query or header member as its modeled type; a query list arrives as several strings."""
    if sent is None or (isinstance(sent, list) and not sent):
        return None
    if isinstance(sent, list):
        if shape.type_name != "list":
            return _from_text(sent[0], shape, path, problems)
        return [_from_text(text, shape.member, path, problems) for text in sent]  # type: ignore[attr-defined]
    return _from_text(sent, shape, path, problems)


def _from_text(text: str, shape: Shape, path: str, problems: RequestProblems) -> Any:
    """A URI, query or header value converted to its modeled type (None, and a problem, if it is not one)."""
    kind = shape.type_name
    if kind in ("integer", "long"):
        try:
            return int(text)
        except ValueError:
            problems.add(path, text, "Member must be an integer")
            return None
    if kind == "boolean":
        if text.lower() not in ("true", "false"):
            problems.add(path, text, "Member must be a boolean")
            return None
        return text.lower() == "true"
    return text


def _check(value: Any, shape: Shape, path: str, problems: RequestProblems) -> None:
    kind = shape.type_name
    if not _has_type(value, kind):
        problems.add(path, value, f"Member must be of type {kind}")
        return
    metadata = shape.metadata
    if kind == "string":
        _check_string(value, shape, path, problems)
    elif kind in ("integer", "long", "float", "double"):
        if isinstance(value, float) and not math.isfinite(value):
            problems.add(path, value, "Member must be a finite number")
        elif "min" in metadata and value < metadata["min"]:
            problems.add(path, value, f"Member must have value greater than or equal to {metadata['min']}")
        elif "max" in metadata and value > metadata["max"]:
            problems.add(path, value, f"Member must have value less than or equal to {metadata['max']}")
    elif kind == "list":
        _check_size(value, shape, path, problems)
        for index, item in enumerate(value):
            if item is None:
                problems.add(f"{path}.{index + 1}", None, "Member must not be null")
            else:
                _check(item, shape.member, f"{path}.{index + 1}", problems)  # type: ignore[attr-defined]
    elif kind == "map":
        _check_size(value, shape, path, problems)
        for key, item in value.items():
            _check(key, shape.key, f"{path}.{key}", problems)  # type: ignore[attr-defined]
            if item is not None:
                _check(item, shape.value, f"{path}.{key}", problems)  # type: ignore[attr-defined]
    elif kind == "structure":
        assert isinstance(shape, StructureShape)
        for name, member in shape.members.items():
            item = value.get(member.serialization.get("name", name))
            if item is None:
                if name in shape.required_members:
                    problems.add(f"{path}.{name}", None, "Member must not be null")
            else:
                _check(item, member, f"{path}.{name}", problems)


def _has_type(value: Any, kind: str) -> bool:
    """Whether a JSON value has the model's type (a boolean is no number)."""
    return isinstance(value, JSON_TYPES[kind]) and (kind == "boolean" or not isinstance(value, bool))


def _check_string(value: str, shape: Shape, path: str, problems: RequestProblems) -> None:
    metadata = shape.metadata
    if shape.enum and value not in shape.enum:
        problems.add(path, value, f"Member must satisfy enum value set: [{', '.join(shape.enum)}]")
    elif "min" in metadata and len(value) < metadata["min"]:
        problems.add(path, value, f"Member must have length greater than or equal to {metadata['min']}")
    elif "max" in metadata and len(value) > metadata["max"]:
        problems.add(path, value, f"Member must have length less than or equal to {metadata['max']}")
    elif "pattern" in metadata:
        pattern = _pattern(metadata["pattern"])
        if pattern is not None and pattern.search(value) is None:
            problems.add(path, value, f"Member must satisfy regular expression pattern: {metadata['pattern']}")


def _check_size(value: list[Any] | dict[str, Any], shape: Shape, path: str, problems: RequestProblems) -> None:
    metadata = shape.metadata
    if "min" in metadata and len(value) < metadata["min"]:
        problems.add(path, value, f"Member must have length greater than or equal to {metadata['min']}")
    elif "max" in metadata and len(value) > metadata["max"]:
        problems.add(path, value, f"Member must have length less than or equal to {metadata['max']}")


@lru_cache(maxsize=256)
def _pattern(text: str) -> re.Pattern[str] | None:
    """A model pattern as a Python regex, matched against the whole value as Smithy does."""
    try:
        return re.compile(rf"^(?:{text})$" if not text.startswith("^") else text)
    except re.error:
        return None


def _shown(value: Any) -> str:
    text = json.dumps(value, default=str) if not isinstance(value, str) else value
    return text if len(text) <= 64 else text[:61] + "..."


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")
