"""Layer 1: the shipped JSON Schema (draft 2020-12) of the custom-lens format, reduced to its structure.

The schema also carries lengths, counts and patterns so that editors can check them; the E1xxx
checks (``checks/structure.py``) report only the structural keywords (required, type, enum/const,
unknown members, empty arrays).  Limits and patterns are reported by the E2xxx/E3xxx checks, which
know the exact rule and give a precise message.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources
from typing import Any

from publisher.schema_subset import Check, compile_schema
from publisher.validate.context import CheckContext


@lru_cache(maxsize=1)
def lens_schema() -> dict[str, Any]:
    """The custom-lens JSON Schema shipped in ``publisher/schemas``."""
    text = resources.files("publisher").joinpath("schemas/lens.schema.json").read_text(encoding="utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


#: Keywords the E2xxx/E3xxx checks report; left out of the schema this layer runs.
_DELEGATED = frozenset({"pattern", "minLength", "maxLength", "maxItems", "description", "title", "$id", "$defs"})


def _structural(node: Any, defs: dict[str, Any]) -> Any:
    """The schema without delegated keywords and with ``$ref`` inlined (no reference lookups at run time)."""
    if isinstance(node, list):
        return [_structural(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        target = defs[node["$ref"].rsplit("/", 1)[1]]
        return _structural({**target, **{k: v for k, v in node.items() if k != "$ref"}}, defs)
    result = {key: _structural(value, defs) for key, value in node.items() if key not in _DELEGATED}
    if "properties" in node:  # property names are data, not keywords: keep them all
        result["properties"] = {name: _structural(sub, defs) for name, sub in node["properties"].items()}
    return result


@lru_cache(maxsize=1)
def _structure() -> Any:
    schema = lens_schema()
    return _structural(schema, schema["$defs"])


@lru_cache(maxsize=1)
def _conforms() -> Check:
    return compile_schema(_structure())


@lru_cache(maxsize=1)
def _validator() -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_structure())


def schema_errors(ctx: CheckContext) -> list[Any]:
    """The structural schema errors of the document, computed once per context (by jsonschema, only
    for a document that does not certainly conform)."""
    if "schema" not in ctx.memo:
        ctx.memo["schema"] = [] if _conforms()(ctx.doc) else list(_validator().iter_errors(ctx.doc))
    errors: list[Any] = ctx.memo["schema"]
    return errors
