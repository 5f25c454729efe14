"""The jsonschema-free conformance check agrees with jsonschema whenever it decides."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from publisher.schema_subset import compile_schema
from publisher.sources.question_file import split_front_matter
from publisher.sources.yamlpos import load_yaml
from publisher.validate.schema import _structure

REPO = Path(__file__).resolve().parents[1]
SCHEMAS = REPO / "publisher" / "schemas"


@cache
def _schema(name: str) -> dict[str, Any]:
    schema: dict[str, Any] = _structure() if name == "lens" else json.loads(
        (SCHEMAS / f"{name}.schema.json").read_text(encoding="utf-8"))
    return schema


def _documents() -> list[tuple[str, Any]]:
    """(schema name, document) for every source file and built lens in the repository."""
    found: list[tuple[str, Any]] = [("lens", json.loads(path.read_text(encoding="utf-8")))
                                    for path in sorted((REPO / "build").glob("*.json"))]
    for path in sorted((REPO / "lens_src").rglob("*.*")):
        text = path.read_text(encoding="utf-8")
        if path.name in ("lens.yaml", "pillar.yaml"):
            found.append((path.stem + "-source", load_yaml(text, path.name)[0]))
        elif path.suffix == ".md":
            found.append(("question-source", load_yaml(split_front_matter(text, path.name)[0], path.name)[0]))
    return found


DOCUMENTS = _documents()


def _agrees(name: str, instance: Any) -> Any:
    """The check's verdict, asserted to match jsonschema's when it decides."""
    verdict = compile_schema(_schema(name))(instance)
    if verdict is not None:
        errors = list(Draft202012Validator(_schema(name)).iter_errors(instance))
        assert verdict == (not errors), (verdict, [e.message for e in errors][:3])
    return verdict


def test_every_shipped_document_is_decided_valid() -> None:
    assert {name for name, _ in DOCUMENTS} == {"lens", "lens-source", "pillar-source", "question-source"}
    assert [name for name, doc in DOCUMENTS if _agrees(name, doc) is not True] == []


JSON = st.recursive(st.none() | st.booleans() | st.integers(-3, 3) | st.floats(-2, 2, allow_nan=False)
                    | st.sampled_from(["", "a", "q_a", "HIGH_RISK", "BEST_PRACTICES", "https://x", "1.0", "x" * 300]),
                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
                        st.sampled_from(["id", "title", "choices", "risk", "riskRules", "url", "all", "any",
                                         "default", "name", "extra", "zz"]), inner, max_size=3), max_leaves=8)


def _containers(value: Any) -> list[Any]:
    found = [value] if isinstance(value, dict | list) else []
    for child in (value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()):
        found += _containers(child)
    return found


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(range(len(DOCUMENTS))), st.data())
def test_mutated_documents_are_judged_as_jsonschema_does(index: int, data: st.DataObject) -> None:
    name, original = DOCUMENTS[index]
    doc = copy.deepcopy(original)
    for _ in range(data.draw(st.integers(1, 3))):
        target = data.draw(st.sampled_from(_containers(doc) or [doc]))
        if isinstance(target, dict) and target and data.draw(st.booleans()):
            del target[data.draw(st.sampled_from(sorted(target)))]
        elif isinstance(target, dict):
            target[data.draw(st.sampled_from([*sorted(target), "zz"]))] = data.draw(JSON)
        elif isinstance(target, list) and target:
            target[data.draw(st.integers(0, len(target) - 1))] = data.draw(JSON)
    _agrees(name, doc)


@pytest.mark.parametrize(("schema", "instance", "verdict"), [
    ({"type": "integer"}, 1.0, True),
    ({"type": "integer"}, True, False),
    ({"type": "number"}, False, False),
    ({"enum": ["a", 1]}, "a", True),
    ({"enum": ["a"]}, 1, False),
    ({"enum": [1]}, 1.0, None),  # jsonschema's equality of numbers and booleans is not decided here
    ({"const": None}, None, True),
    ({"maxLength": 2}, "abc", False),
    ({"minLength": 2, "maxLength": 3}, "abc", True),
    ({"minItems": 1}, [], False),
    ({"maxItems": 1}, [1, 2], False),
    ({"maxProperties": 1}, {"a": 1, "b": 2}, False),
    ({"pattern": "^a"}, "ba", False),
    ({"pattern": "a"}, "ba", True),  # a search, not a match, as jsonschema does
    ({"uniqueItems": True}, ["a", "a"], False),
    ({"uniqueItems": True}, [1, True], None),
    ({"oneOf": [{"type": "string"}, {"minLength": 1}]}, "a", False),
    ({"not": {"required": ["a", "b"]}}, {"a": 1}, True),
    ({"patternProperties": {"a": {}}}, {}, None),  # a keyword it does not evaluate: never decides
    ({"$ref": "https://example.com/x"}, {}, None),
    ({"type": "string"}, b"bytes", None),  # not a JSON value
])
def test_verdicts(schema: dict[str, Any], instance: Any, verdict: Any) -> None:
    assert compile_schema(schema)(instance) is verdict


def test_undecided_documents_are_judged_by_jsonschema(monkeypatch: pytest.MonkeyPatch) -> None:
    from publisher.findings import SourceMap
    from publisher.sources import schema_check
    from publisher.validate import schema
    from publisher.validate.context import CheckContext

    monkeypatch.setattr(schema_check, "_conforms", lambda name: lambda instance: None)
    monkeypatch.setattr(schema, "_conforms", lambda: lambda instance: None)
    findings = schema_check.check_source({"name": 1, "questions": []}, "pillar-source", {}, "pillar.yaml")
    assert [f.code for f in findings] == ["E0903"]
    assert schema.schema_errors(CheckContext({"name": "x"}, SourceMap("lens.json")))  # no pillars, no description
