"""Reading a saved plan file: untrusted input, read within limits and checked against its schema.

A plan file comes from a CI artifact or a pull request: anything can be in it. It is read by
``publisher.plan_json`` (a regular file up to ``MAX_PLAN_BYTES``, UTF-8, strict JSON), then checked
against ``publisher/schemas/saved-plan.schema.json``. Every problem is one
``UsageError`` naming ``file:line:col`` and the JSON pointer of the key.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from publisher.errors import UsageError
from publisher.findings import pointer_join
from publisher.plan_json import read_plan_json, shown_pointer
from publisher.safetext import clean

FORMAT = "walens-plan/2"
#: A target takes about 1.3 KB of plan: room for some 25,000 (a file this size takes ~20 s to check).
MAX_PLAN_BYTES = 32 * 1024 * 1024
_JSON_TYPES = {"object": "an object", "array": "an array", "string": "a string", "boolean": "a boolean",
               "integer": "an integer", "number": "a number", "null": "null"}


def read_plan_document(path: Path) -> dict[str, Any]:
    """The saved plan at ``path``, checked against its schema; UsageError naming the key otherwise."""
    doc, positions = read_plan_json(path, "saved plan", MAX_PLAN_BYTES)
    if not isinstance(doc, dict) or "format" not in doc:
        raise UsageError(f"{clean(str(path))} is not a saved walens plan (expected \"format\": \"{FORMAT}\")")
    if doc["format"] != FORMAT:
        found = repr(clean(doc["format"])[:40]) if isinstance(doc["format"], str) else _json_type(doc["format"])
        raise UsageError(f"{positions.locate('/format')}: /format: expected {FORMAT!r}, found {found}: make the "
                         "plan again with this walens (walens plan --out FILE)")
    errors = sorted(_validator().iter_errors(doc), key=lambda error: [str(part) for part in error.absolute_path])
    if errors:
        pointer, problem = _problem(errors[0])
        raise UsageError(f"{positions.locate(pointer)}: {shown_pointer(pointer)}: {problem}")
    return doc


@cache
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    text = resources.files("publisher.schemas").joinpath("saved-plan.schema.json").read_text("utf-8")
    return Draft202012Validator(json.loads(text))


def _problem(error: Any) -> tuple[str, str]:
    """The JSON pointer a schema error is about, and what is wrong there (never the value itself)."""
    pointer = pointer_join("", *error.absolute_path)
    schema = error.schema
    if error.validator == "additionalProperties":
        unknown = sorted(set(error.instance) - set(schema.get("properties", {})))
        return pointer_join(pointer, unknown[0]), "unknown key"
    if error.validator == "required":
        absent = [key for key in error.validator_value if key not in error.instance]
        return pointer_join(pointer, absent[0]), "missing key"
    if error.validator == "type":
        kinds = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        expected = " or ".join(_JSON_TYPES[kind] for kind in kinds)
        return pointer, f"expected {expected}, found {_json_type(error.instance)}"
    if error.validator == "enum":
        return pointer, f"expected one of {', '.join(map(repr, error.validator_value))}"
    if error.validator == "pattern":
        return pointer, f"expected text matching {error.validator_value}"
    if error.validator == "minimum":
        return pointer, f"expected at least {error.validator_value}"
    return pointer, "invalid value"


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "a boolean"
    kinds = {dict: "object", list: "array", str: "string", int: "integer", float: "number", type(None): "null"}
    return _JSON_TYPES[kinds[type(value)]]
