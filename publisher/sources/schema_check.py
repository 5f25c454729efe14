"""Front-matter and YAML checks against the source JSON Schemas shipped in publisher/schemas."""

from __future__ import annotations

import json
from dataclasses import replace
from difflib import get_close_matches
from functools import cache
from importlib import resources
from typing import Any

from publisher.findings import Finding
from publisher.schema_subset import Check, compile_schema
from publisher.sources.problems import source_finding
from publisher.sources.yamlpos import KEY, Positions


@cache
def _schema(schema_name: str) -> dict[str, Any]:
    text = resources.files("publisher.schemas").joinpath(f"{schema_name}.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@cache
def _conforms(schema_name: str) -> Check:
    return compile_schema(_schema(schema_name))


@cache
def _validator(schema_name: str) -> Any:
    from jsonschema import Draft202012Validator

    return Draft202012Validator(_schema(schema_name))


def check_source(data: Any, schema_name: str, positions: Positions, file: str) -> list[Finding]:
    """E0903 findings for every place where ``data`` breaks the named source schema (jsonschema words
    them; a document that certainly conforms needs no jsonschema at all)."""
    if _conforms(schema_name)(data):
        return []
    findings = []
    for error in sorted(_validator(schema_name).iter_errors(data), key=lambda e: list(map(str, e.path))):
        path = tuple(error.absolute_path)
        unknown = _unknown_keys(error)
        line, column = nearest_position(positions, (*path, unknown[0], KEY) if unknown else path)
        where = "/".join(str(p) for p in path) or "(top level)"
        finding = source_finding("E0903", f"{where}: {_message(error)}", file, line, column)
        findings.append(replace(finding, root_cause=True) if _misspelt(error) else finding)
    return findings


def nearest_position(positions: Positions, path: tuple[Any, ...]) -> tuple[int, int]:
    """The position of ``path``, or of its nearest ancestor that has one."""
    while path not in positions and path:
        path = path[:-1]
    return positions.get(path, (1, 1))


def _message(error: Any) -> str:
    extra = _unknown_keys(error)
    if extra:
        hints = [f"{key!r} (did you mean {meant!r}?)" if meant else repr(key) for key, meant in _misspelt(error).items()
                 ] or list(map(repr, extra))
        return f"unknown key{'s' if len(extra) > 1 else ''} {', '.join(hints)}"
    if error.validator == "not":
        return "use either 'risk' (declarative) or 'riskRules' (raw), not both"
    if error.validator == "oneOf":
        return "expected {all: [ids]}, {any: [ids]} or a condition string"
    return str(error.message)


def _misspelt(error: Any) -> dict[str, str | None]:
    """Each unknown key with the missing field it most likely means (None when none is close), or
    ``{}`` when no unknown key is a near miss of a field the object lacks."""
    unknown = _unknown_keys(error)
    missing = [key for key in error.schema.get("properties", {}) if key not in error.instance] if unknown else []
    meant = {key: next(iter(get_close_matches(key, missing, n=1, cutoff=0.6)), None) for key in unknown}
    return meant if any(meant.values()) else {}


def _unknown_keys(error: Any) -> list[str]:
    if error.validator != "additionalProperties" or not isinstance(error.instance, dict):
        return []
    return sorted(str(k) for k in set(error.instance) - set(error.schema.get("properties", {})))
