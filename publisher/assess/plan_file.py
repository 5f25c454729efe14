"""Reading a saved assessment plan: untrusted input, checked before anything is written.

It is read by ``publisher.plan_json`` as every plan file is (a regular file of at most
``MAX_PLAN_BYTES``, UTF-8, strict JSON, no repeated key), then refused when nested deeper than
``MAX_DEPTH`` or when a field ``apply`` reads has the wrong type or size (the message names the JSON
pointer). Exit 2 for all of them.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from publisher.errors import InputError
from publisher.plan_json import read_plan_json

MAX_PLAN_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 32


def _depth(value: Any, limit: int) -> bool:
    """Whether ``value`` nests no deeper than ``limit`` (iterative: a hostile file cannot blow the stack)."""
    stack = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            if level > limit:
                return False
            stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return True


@cache
def _validator() -> Any:
    import jsonschema

    schema = json.loads(resources.files("publisher.assess").joinpath("plan.schema.json").read_text("utf-8"))
    return jsonschema.Draft202012Validator(schema)


def load_plan(path: Path) -> dict[str, Any]:
    """The plan in ``path``, checked; raises UsageError (from ``read_plan_json``) or InputError naming the
    file and the JSON pointer."""
    plan, _positions = read_plan_json(path, "assessment plan", MAX_PLAN_BYTES)
    if not _depth(plan, MAX_DEPTH):
        raise InputError(f"the plan nests deeper than {MAX_DEPTH} levels", str(path))
    error = next(iter(sorted(_validator().iter_errors(plan), key=lambda e: [str(p) for p in e.absolute_path])), None)
    if error is not None:
        pointer = "".join(f"/{part}" for part in error.absolute_path) or "/"
        raise InputError(f"{pointer}: {error.message[:200]}", str(path))
    return dict(plan)
