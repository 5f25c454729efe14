"""Compiling lens sources: output shape, risk shorthand, locations, determinism."""

from __future__ import annotations

import json
from pathlib import Path

from publisher.lensjson import dumps
from publisher.sources import compile_lens

from .conftest import REPO


def test_example_lens_matches_committed_build() -> None:
    compiled = compile_lens(REPO / "lens_src" / "example")
    assert compiled.findings == []
    committed = (REPO / "build" / "example.json").read_text(encoding="utf-8")
    assert dumps(compiled.doc) == committed
    assert compiled.version == "1.0"
    assert compiled.tags == {"lens": "example"}


def test_question_fields_and_shorthand_rules(lens_factory) -> None:
    compiled = compile_lens(lens_factory())
    assert compiled.findings == []
    question = compiled.doc["pillars"][0]["questions"][0]
    assert question["id"] == "q_one"
    assert question["description"] == "Why this matters."
    a, b, none = question["choices"]
    assert a["helpfulResource"] == {"displayText": "Helpful text for A.", "url": "https://example.com/a"}
    assert a["improvementPlan"] == {"displayText": "Do A."}
    assert "helpfulResource" not in b and b["improvementPlan"] == {"displayText": "Do B."}
    assert none == {"id": "q_no", "title": "None of these"}
    assert question["riskRules"] == [
        {"condition": "(q_a && q_b) && !q_no", "risk": "NO_RISK"},
        {"condition": "(q_a || q_b) && !q_no", "risk": "MEDIUM_RISK"},
        {"condition": "default", "risk": "HIGH_RISK"},
    ]


def test_raw_condition_with_top_level_or_is_parenthesised(lens_factory) -> None:
    text = Path(__file__).with_name("conftest.py").read_text()
    question = text.split('GOOD_QUESTION = """')[1].split('"""')[0]
    question = question.replace("MEDIUM_RISK: {any: [q_a, q_b]}", "MEDIUM_RISK: q_a || !q_b")
    compiled = compile_lens(lens_factory({"q_one": question}))
    rules = compiled.doc["pillars"][0]["questions"][0]["riskRules"]
    assert rules[1]["condition"] == "(q_a || !q_b) && !q_no"


def test_source_map_points_into_the_question_file(lens_factory) -> None:
    compiled = compile_lens(lens_factory())
    base = "/pillars/0/questions/0"
    title = compiled.source_map.locate(f"{base}/title")
    assert title.file.endswith("pil/q_one.md") and (title.line, title.column) == (2, 8)
    plan = compiled.source_map.locate(f"{base}/choices/1/improvementPlan/displayText")
    assert plan.line == 32
    url = compiled.source_map.locate(f"{base}/choices/0/helpfulResource/url")
    assert url.line == 22
    rule = compiled.source_map.locate(f"{base}/riskRules/1/condition")
    assert rule.line == 12
    # a choice without an improvement plan falls back to the choice itself
    assert compiled.source_map.locate(f"{base}/choices/2/improvementPlan").line == 8


def test_compilation_is_deterministic_and_newline_independent(lens_factory, tmp_path: Path) -> None:
    first = dumps(compile_lens(lens_factory()).doc)
    crlf = tmp_path / "crlf"
    for path in (tmp_path / "lens").rglob("*"):
        if path.is_file():
            target = crlf / path.relative_to(tmp_path / "lens")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    assert dumps(compile_lens(crlf).doc) == first
    assert json.loads(first)["schemaVersion"] == "2021-11-01"


def test_question_order_defaults_to_file_names(lens_factory) -> None:
    from .conftest import GOOD_QUESTION

    root = lens_factory({"b_q": GOOD_QUESTION, "a_q": GOOD_QUESTION}, pillar_yaml="name: Pillar\n")
    ids = [q["id"] for q in compile_lens(root).doc["pillars"][0]["questions"]]
    assert ids == ["a_q", "b_q"]


def test_extra_keys_are_merged_verbatim(lens_factory) -> None:
    root = lens_factory(lens_yaml="name: L\ndescription: D\nversion: '2'\npillars: [pil]\nextra: {_version: '3'}\n")
    doc = compile_lens(root).doc
    assert doc["_version"] == "3"
