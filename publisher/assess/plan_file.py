"""Reading a saved assessment plan: untrusted input, checked before anything is written.

The file is refused unread above ``MAX_PLAN_BYTES``, when nested deeper than ``MAX_DEPTH``, when it
is not JSON, and when a field ``apply`` reads has the wrong type or size (the message names the
JSON pointer). Exit 2 for all of them, through ``InputError``.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from publisher.errors import InputError

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
    """The plan in ``path``, checked; raises InputError naming the file and the JSON pointer."""
    try:
        if path.stat().st_size > MAX_PLAN_BYTES:
            raise InputError(f"larger than {MAX_PLAN_BYTES} bytes: not a plan walens wrote", str(path))
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise InputError(f"cannot read the plan: {exc.strerror}", str(path)) from exc
    except UnicodeDecodeError as exc:
        raise InputError("the plan is not UTF-8 text", str(path)) from exc
    try:
        plan = json.loads(text)
    except json.JSONDecodeError as exc:
        raise InputError(f"the plan is not JSON: {exc.msg}", f"{path}:{exc.lineno}:{exc.colno}") from exc
    except RecursionError as exc:
        raise InputError(f"the plan nests deeper than {MAX_DEPTH} levels", str(path)) from exc
    if not _depth(plan, MAX_DEPTH):
        raise InputError(f"the plan nests deeper than {MAX_DEPTH} levels", str(path))
    error = next(iter(sorted(_validator().iter_errors(plan), key=lambda e: [str(p) for p in e.absolute_path])), None)
    if error is not None:
        pointer = "".join(f"/{part}" for part in error.absolute_path) or "/"
        raise InputError(f"{pointer}: {error.message[:200]}", str(path))
    return dict(plan)
