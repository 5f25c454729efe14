"""docs/source-format.md states rules; each test reads a rule from the doc and checks the code obeys it."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from publisher.cli import cli
from publisher.findings import Finding
from publisher.lensjson import SERVICE_ADDED_KEYS
from publisher.sources import compile_lens
from publisher.sources.file_names import name_problem
from publisher.validate.engine import validate_document

from .conftest import REPO, write_lens
from .test_roundtrip import round_trip, small_lens

DOC = (REPO / "docs" / "source-format.md").read_text(encoding="utf-8")


def stated(pattern: str) -> re.Match[str]:
    """The one place where the doc states a rule; fails when the doc no longer says it."""
    found = list(re.finditer(pattern, DOC))
    assert len(found) == 1, f"docs/source-format.md should state {pattern!r} once"
    return found[0]


def question_example() -> str:
    return stated(r"(?s)```markdown\n(---\n.*?)```").group(1)


def compiled_example(tmp_path: Path, question: str) -> tuple[Any, list[Finding]]:
    """The doc's question example (edited) in a one-pillar lens: the JSON and all findings."""
    compiled = compile_lens(write_lens(tmp_path / "lens", {"q_one": question}))
    return compiled.doc, compiled.findings + validate_document(compiled.doc, compiled.source_map)


def test_every_code_the_doc_names_is_a_rule_of_walens() -> None:
    result = CliRunner().invoke(cli, ["rules", "--format", "json"])
    rules = {rule["code"] for rule in json.loads(result.output)}
    named = set(re.findall(r"\b[EW]\d{4}\b", DOC))
    assert named >= {"E0903", "E0908", "E3050", "W1005", "E1004"}
    assert named <= rules


def test_the_question_example_compiles_without_source_errors(tmp_path: Path) -> None:
    doc, findings = compiled_example(tmp_path, question_example())
    assert [f.as_line() for f in findings if f.code.startswith("E09")] == []
    assert doc["pillars"][0]["questions"][0]["choices"][0]["id"] == "eks_ops_obs_metrics"


def test_a_text_in_front_matter_and_in_the_body_is_the_stated_error(tmp_path: Path) -> None:
    code = stated(r"given both in front matter and in the body is error (E\d{4})").group(1)
    assert "wins over" not in DOC
    example = question_example()
    question = example.replace("title: How do", "description: Front matter text.\ntitle: How do", 1)
    _, findings = compiled_example(tmp_path, question)
    assert [(f.code, f.message) for f in findings if f.code == code] == [
        (code, "description given both in front matter and in the body")]


def test_a_url_without_display_text_is_the_stated_error(tmp_path: Path) -> None:
    code = stated(r"a url needs a displayText \((E\d{4})\), there is no default").group(1)
    question = re.sub(r"\n  displayText: EKS observability best practices", "", question_example(), count=1)
    doc, findings = compiled_example(tmp_path, question)
    assert "displayText" not in doc["pillars"][0]["questions"][0]["helpfulResource"]
    assert [f.location.pointer for f in findings if f.code == code] == ["/pillars/0/questions/0/helpfulResource"]


def test_the_default_key_orders_are_what_the_compiler_emits(tmp_path: Path) -> None:
    orders = {kind: keys.split(", ") for keys, kind in
              re.findall(r"`([A-Za-z, ]+)`\s+for (?:the|a) (lens|pillar|question|choice)\b", DOC)}
    assert sorted(orders) == ["choice", "lens", "pillar", "question"]
    built = json.loads(round_trip(small_lens(), tmp_path / "src"))
    pillar = built["pillars"][0]
    question = pillar["questions"][0]
    for kind, obj in (("lens", built), ("pillar", pillar), ("question", question), ("choice", question["choices"][0])):
        assert list(obj) == orders[kind], kind


@pytest.mark.parametrize("schema, paths", [
    ("lens-source", {"(top level)"}),
    ("pillar-source", {"(top level)"}),
    ("question-source", {"(top level)", "$defs/link", "choices/items", "choices/items/additionalResources/items",
                         "riskRules/items"}),
])
def test_every_source_object_allows_extra_and_key_order(schema: str, paths: set[str]) -> None:
    stated(r"Every object of a source may carry two more keys, at every level")
    text = (REPO / "publisher" / "schemas" / f"{schema}.schema.json").read_text(encoding="utf-8")
    found: set[str] = set()

    def walk(node: Any, path: str) -> None:
        if isinstance(node, dict):
            if {"extra", "keyOrder"} <= set(node.get("properties", {})):
                found.add(path or "(top level)")
            for key, value in node.items():
                walk(value, f"{path}/{key}".lstrip("/").replace("properties/", ""))

    walk(json.loads(text), "")
    assert found == paths


def test_decompile_refuses_the_names_and_lengths_the_doc_lists() -> None:
    limit = int(stated(r"an id longer than (\d+) characters").group(1))
    assert name_problem("a" * limit) is None
    assert name_problem("a" * (limit + 1)) is not None
    listed = stated(r"a name Windows reserves, in any letter case, with or without an extension: ([^;]+);").group(1)
    names: list[str] = []
    for first, last in re.findall(r"`([A-Z]+\d?)`(?:-`([A-Z]+\d)`)?", listed):
        names += [f"{first[:-1]}{n}" for n in range(int(first[-1]), int(last[-1]) + 1)] if last else [first]
    assert len(names) == 22
    for name in names:
        for variant in (name, name.lower(), f"{name.title()}.txt"):
            assert name_problem(variant) == "is a reserved file name on Windows", variant


def test_the_only_normalisation_is_the_one_the_doc_states() -> None:
    stated(r"with one normalisation: the\s+`number` fields ExportLens adds to questions and choices are dropped")
    assert {"number"} == SERVICE_ADDED_KEYS
