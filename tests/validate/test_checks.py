"""Each check fires on its defect, at the right pointer, and nowhere else."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from publisher.findings import Severity
from publisher.validate.registry import all_checks
from tests.validate.lenses import QUESTION, as_text, codes_at, findings_of, lens, question
from tests.validate.test_not_applicable import SOURCE_CODES

Q = QUESTION
C0, C1, C2 = f"{Q}/choices/0", f"{Q}/choices/1", f"{Q}/choices/2"
Mutation = Callable[[dict[str, Any]], None]


def _set(path: str, value: Any) -> Mutation:
    """Set the member at a simple /-separated path (numeric parts index lists)."""
    def apply(doc: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.strip("/").split("/")]
        target: Any = doc
        for part in parents:
            target = target[part]
        target[last] = value
    return apply


def _delete(path: str) -> Mutation:
    def apply(doc: dict[str, Any]) -> None:
        *parents, last = [int(p) if p.isdigit() else p for p in path.strip("/").split("/")]
        target: Any = doc
        for part in parents:
            target = target[part]
        del target[last]
    return apply


def _repeat(path: str, count: int, make: Callable[[int], Any]) -> Mutation:
    return _set(path, [make(i) for i in range(count)])


def _choice(i: int) -> dict[str, Any]:
    return {"id": f"choice_{i:02d}", "title": f"Choice {i}", "improvementPlan": {"displayText": "Do it."}}


def _append_rule(condition: str, risk: str) -> Mutation:
    return lambda doc: question(doc)["riskRules"].append({"condition": condition, "risk": risk})


CASES: list[tuple[str, Mutation, str, str]] = [
    # layer 1: structure
    ("missing name", _delete("/name"), "E1001", ""),
    ("missing choices", _delete(f"{Q}/choices"), "E1001", Q),
    ("pillars not a list", _set("/pillars", {}), "E1002", "/pillars"),
    ("title is a number", _set(f"{Q}/title", 7), "E1002", f"{Q}/title"),
    ("schemaVersion", _set("/schemaVersion", "2022-01-01"), "E1003", "/schemaVersion"),
    ("risk level", _set(f"{Q}/riskRules/1/risk", "LOW_RISK"), "E1003", f"{Q}/riskRules/1/risk"),
    ("resource type", _set(f"{C1}/additionalResources/0/type", "LINK"), "E1003", f"{C1}/additionalResources/0/type"),
    ("wrong-case key", _set(f"{C0}/helpfulResource/Url", "https://x.example"), "E1004", f"{C0}/helpfulResource/Url"),
    ("unknown root key", _set("/_version", "1.0"), "W1005", "/_version"),
    ("empty pillars", _set("/pillars", []), "E1006", "/pillars"),
    # E2: ids
    ("pillar id char", _set("/pillars/0/id", "pol-icy"), "E2001", "/pillars/0/id"),
    ("pillar id 65", _set("/pillars/0/id", "p" * 65), "E2001", "/pillars/0/id"),
    ("question id short", _set(f"{Q}/id", "q1"), "E2002", f"{Q}/id"),
    ("choice id 65", _set(f"{C0}/id", "c" * 65), "E2003", f"{C0}/id"),
    ("duplicate pillar", lambda d: d["pillars"].append({**d["pillars"][0]}), "E2011", "/pillars/1/id"),
    ("duplicate question", lambda d: d["pillars"][0]["questions"].append(dict(question(d))),
     "E2012", "/pillars/0/questions/1/id"),
    ("duplicate choice", _set(f"{C1}/id", "enc_kms"), "E2013", f"{C1}/id"),
    # E3: limits and form
    ("title 129", _set(f"{Q}/title", "t" * 129), "E3001", f"{Q}/title"),
    ("description 2049", _set(f"{Q}/description", "d" * 2049), "E3001", f"{Q}/description"),
    ("lens description 1025", _set("/description", "d" * 1025), "W3002", "/description"),
    ("plan 1025", _set(f"{C0}/improvementPlan/displayText", "p" * 1025), "W3002", f"{C0}/improvementPlan/displayText"),
    ("empty title", _set(f"{C0}/title", "  "), "E3003", f"{C0}/title"),
    ("11 pillars", lambda d: d["pillars"].extend({**d["pillars"][0], "id": f"pillar_{i}"} for i in range(10)),
     "E3010", "/pillars/10"),
    ("21 questions", _repeat("/pillars/0/questions", 21,
                             lambda i: {**question(lens()), "id": f"question_{i:02d}"}),
     "E3011", "/pillars/0/questions/20"),
    ("16 choices", _repeat(f"{Q}/choices", 16, _choice), "E3012", f"{Q}/choices/15"),
    ("4 rules", _append_rule("enc_rotation", "HIGH_RISK"), "E3013", f"{Q}/riskRules/3"),
    ("6 resources", _set(f"{C1}/additionalResources/0/content", [{"displayText": f"r{i}"} for i in range(6)]),
     "E3014", f"{C1}/additionalResources/0/content/5"),
    ("repeated type", lambda d: question(d)["choices"][1]["additionalResources"].append(
        {"type": "HELPFUL_RESOURCE", "content": [{"displayText": "more"}]}),
     "W3015", f"{C1}/additionalResources/1/type"),
    ("semicolon", _set(f"{C0}/title", "KMS; encryption"), "E3030", f"{C0}/title"),
    ("lens name quote", _set("/name", 'The "best" lens'), "E3030", "/name"),
    ("empty url", _set(f"{C0}/helpfulResource/url", ""), "E3040", f"{C0}/helpfulResource/url"),
    ("ftp url", _set(f"{Q}/helpfulResource/url", "ftp://example.com"), "E3041", f"{Q}/helpfulResource/url"),
    ("no host", _set(f"{Q}/helpfulResource/url", "https://"), "E3041", f"{Q}/helpfulResource/url"),
    ("two urls", _set(f"{C0}/helpfulResource/url", "https://a.example, https://b.example"),
     "E3042", f"{C0}/helpfulResource/url"),
    ("trailing space url", _set(f"{C0}/helpfulResource/url", "https://a.example "),
     "W3043", f"{C0}/helpfulResource/url"),
    ("url without text", _delete(f"{C0}/helpfulResource/displayText"), "E3050", f"{C0}/helpfulResource"),
    ("no plan", _delete(f"{C0}/improvementPlan"), "E3051", C0),
    ("empty plan", _set(f"{C0}/improvementPlan", {"displayText": " "}), "E3051", f"{C0}/improvementPlan"),
    ("padded title", _set(f"{C0}/title", "KMS "), "W5001", f"{C0}/title"),
    # E4 / W401x: rules
    ("syntax", _set(f"{Q}/riskRules/1/condition", "enc_kms &&"), "E4001", f"{Q}/riskRules/1/condition"),
    ("unknown id", _set(f"{Q}/riskRules/1/condition", "enc_kmx && !enc_no"), "E4002", f"{Q}/riskRules/1/condition"),
    ("no default", _set(f"{Q}/riskRules/2/condition", "!enc_kms"), "E4003", f"{Q}/riskRules"),
    ("two defaults", _set(f"{Q}/riskRules/1/condition", "default"), "E4004", f"{Q}/riskRules/2/condition"),
    ("same level", _set(f"{Q}/riskRules/1/risk", "NO_RISK"), "E4005", f"{Q}/riskRules/1/risk"),
    ("no guard", _set(f"{Q}/riskRules/1/condition", "enc_kms"), "W4010", f"{Q}/riskRules/1/condition"),
    ("_no misused", _set(f"{C2}/title", "No encryption"), "W4011", f"{C2}/id"),
    ("two nones", lambda d: question(d)["choices"].append({"id": "other_no", "title": "None of these"}),
     "W4012", f"{Q}/choices/3/id"),
    # W402x: analysis
    ("unreachable", _set(f"{Q}/riskRules/1/condition", "enc_kms && enc_rotation && !enc_no"),
     "W4020", f"{Q}/riskRules/1/condition"),
    ("gap", _set(f"{Q}/riskRules/2/condition", "enc_rotation"), "W4021", f"{Q}/riskRules"),
    ("best is not no risk", _set(f"{Q}/riskRules/0/risk", "HIGH_RISK"), "W4022", f"{Q}/riskRules"),
]


def test_base_lens_is_clean() -> None:
    assert findings_of(lens()) == []


@pytest.mark.parametrize(("mutate", "code", "pointer"), [case[1:] for case in CASES], ids=[c[0] for c in CASES])
def test_check_reports_defect_at_pointer(mutate: Mutation, code: str, pointer: str) -> None:
    doc = lens()
    mutate(doc)
    assert (code, pointer) in codes_at(findings_of(doc))


def test_every_check_has_a_case_and_consistent_metadata() -> None:
    checks = all_checks()
    tested = {case[2] for case in CASES} | SOURCE_CODES
    # size: see test_schema_and_size; evidence rules live in sources only: see tests/assess/test_rules_validate.py
    assert {check.code for check in checks} - tested <= {"E3020", "E3021", "E6001"}
    for check in checks:
        assert check.description and check.source_url
        assert check.code[0] == ("E" if check.severity is Severity.ERROR else "W")


def test_rejected_character_column_points_at_the_character() -> None:
    doc = lens()
    question(doc)["choices"][0]["title"] = "KMS \\ \"enc\"; on"
    text = as_text(doc)
    finding = next(f for f in findings_of(doc) if f.code == "E3030")
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1] == "\\"  # first rejected character, raw text is escaped
    assert "'\\\\' (U+005C) at position 5" in finding.message
    assert "'\"' (U+0022) at position 7" in finding.message and "';' (U+003B) at position 12" in finding.message


def test_condition_error_column_is_inside_the_string() -> None:
    doc = lens()
    question(doc)["riskRules"][1]["condition"] = "enc_kms & !enc_no"
    text = as_text(doc)
    finding = next(f for f in findings_of(doc) if f.code == "E4001")
    line = text.splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1:].startswith("& !enc_no")
    assert "column 9" in finding.message and "'&&'" in finding.message


@pytest.mark.parametrize(("depth", "reported"), [(200, False), (201, True)])
def test_condition_nesting_is_e4001_one_level_over_200(depth: int, reported: bool) -> None:
    doc = lens()
    question(doc)["riskRules"][1]["condition"] = "(" * depth + "enc_kms && !enc_no" + ")" * depth
    errors = [f for f in findings_of(doc) if f.severity is Severity.ERROR]
    assert [f.code for f in errors] == (["E4001"] if reported else [])
    if reported:
        line = as_text(doc).splitlines()[errors[0].location.line - 1]
        assert line[errors[0].location.column - 1:].startswith("(enc_kms")  # the 201st parenthesis
        assert errors[0].message.endswith("column 201: parentheses nested deeper than 200 levels")


def test_unknown_choice_points_at_the_id_and_suggests() -> None:
    doc = lens()
    question(doc)["riskRules"][0]["condition"] = "enc_kms && enc_rotaton && !enc_no"
    finding = next(f for f in findings_of(doc) if f.code == "E4002")
    line = as_text(doc).splitlines()[finding.location.line - 1]
    assert line[finding.location.column - 1:].startswith("enc_rotaton")
    assert "did you mean 'enc_rotation'" in finding.message


def test_capitalised_default_is_an_unknown_choice_with_a_hint() -> None:
    doc = lens()
    question(doc)["riskRules"][2]["condition"] = "Default"
    codes = {f.code: f.message for f in findings_of(doc)}
    assert "E4003" in codes
    assert "did you mean 'default'" in codes["E4002"]


def test_guard_is_semantic_not_textual() -> None:
    doc = lens()
    question(doc)["riskRules"][1]["condition"] = "!(enc_no || !enc_kms)"
    assert "W4010" not in {f.code for f in findings_of(doc)}


def test_high_risk_rules_need_no_guard() -> None:
    doc = lens()
    question(doc)["riskRules"][1] = {"condition": "enc_no", "risk": "HIGH_RISK"}
    question(doc)["riskRules"][2] = {"condition": "default", "risk": "MEDIUM_RISK"}
    assert "W4010" not in {f.code for f in findings_of(doc)}


def test_unreachable_rule_after_default_says_so() -> None:
    doc = lens()
    rules = question(doc)["riskRules"]
    rules[1], rules[2] = rules[2], rules[1]
    finding = next(f for f in findings_of(doc) if f.code == "W4020")
    assert finding.location.pointer == f"{Q}/riskRules/2/condition"
    assert "after the 'default' rule" in finding.message


def test_gap_message_counts_and_gives_the_smallest_example() -> None:
    doc = lens()
    question(doc)["riskRules"][2]["condition"] = "enc_rotation"
    finding = next(f for f in findings_of(doc) if f.code == "W4021")
    # without rotation, only "enc_kms && !enc_no" can apply: {enc_no} and {enc_kms, enc_no} fall through
    assert finding.message == "2 of 7 selections match no rule, e.g. {enc_no}; {enc_kms, enc_no}"


def test_wrong_types_everywhere_do_not_crash() -> None:
    doc: dict[str, Any] = {"schemaVersion": "2021-11-01", "name": 3, "description": None,
                           "pillars": [1, {"id": [], "name": {}, "questions": [
                               {"id": "qqq", "title": "T", "choices": "x", "riskRules": [{"condition": 5}, 7]}]}]}
    codes = {f.code for f in findings_of(doc)}
    assert {"E1002", "E1001"} <= codes


def test_root_that_is_not_an_object_is_one_type_error() -> None:
    findings = findings_of([1, 2])
    assert [(f.code, f.location.pointer) for f in findings] == [("E1002", "")]


def test_suppressed_codes_are_not_reported() -> None:
    from publisher.jsonpos import load_with_positions
    from publisher.validate import validate_document

    doc = lens()
    doc["_version"] = "1"
    text = as_text(doc)
    parsed, source_map = load_with_positions(text, "x.json")
    assert validate_document(parsed, source_map, frozenset({"W1005"}), text=text) == []
