"""Every real lens in tests/data/real-lenses: clean ones have no errors, defects are found in place."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

import pytest

from publisher.findings import Finding
from publisher.validate import validate_path
from tests.corpus import CORPUS, corpus_names

HUB = "custom-lens-wa-hub"
ALL_FILES = corpus_names()

Q = "/pillars/{}/questions/{}"
ERRORS: dict[str, list[tuple[str, int, str]]] = {
    f"{HUB}/Amazon-ECS-Lens/Amazon_ECS_Lens.json": [("E4003", 463, Q.format(1, 2) + "/riskRules")],
    f"{HUB}/Amazon-MSK-Lens/custom-lens-msk-v1.0.json": [
        ("E3042", 20, Q.format(0, 0) + "/choices/0/helpfulResource/url")],
    f"{HUB}/ApiGwLambda/custom-lens-apigw-lambda-v0.1.json": [
        ("E3042", 151, Q.format(0, 1) + "/choices/1/helpfulResource/url"),
        ("E3040", 248, Q.format(0, 3) + "/helpfulResource/url"),
        ("E3040", 257, Q.format(0, 3) + "/choices/0/helpfulResource/url"),
        ("E3040", 602, Q.format(1, 1) + "/helpfulResource/url"),
        ("E3040", 835, Q.format(1, 5) + "/helpfulResource/url"),
        ("E3042", 855, Q.format(1, 5) + "/choices/1/helpfulResource/url"),
    ],
    f"{HUB}/EMR-spark-lens/custom-lens-emr-spark-v1.0.json": [("E0001", 1448, "")],
    f"{HUB}/IDP-custom-lens/Amazon_Machine_Learning_IDP_Lens.json": [
        ("E3042", 1514, Q.format(3, 1) + "/choices/0/helpfulResource/url"),
        ("E3040", 2159, Q.format(4, 0) + "/choices/0/improvementPlan/url"),
        ("E3040", 2256, Q.format(4, 2) + "/choices/1/helpfulResource/url"),
    ],
    f"{HUB}/ORR-Lens/ORR-Whitepaper-Sample-PUBLISHED.json": [
        ("E1004", 189, Q.format(0, 3) + "/choices/1/helpfulResource/Url")],
    f"{HUB}/SageMaker-AutoGluon-lens/custom-lens-sagemaker-autogluon-v1.0.json": [
        ("E3030", 86, Q.format(0, 1) + "/choices/1/title")],
    "orr-history/orr-v1.3.4-PUBLISHED.json": [("E1004", 801, Q.format(0, 15) + "/choices/1/helpfulResource/Url")],
    "orr-history/orr-v1.3.5-PUBLISHED.json": [("E1004", 801, Q.format(0, 15) + "/choices/1/helpfulResource/Url")],
    "orr-history/orr-v1.3.6-PUBLISHED.json": [
        ("E1004", 971, Q.format(0, 15) + "/choices/1/helpfulResource/Url"),
        ("E4003", 1259, Q.format(1, 0) + "/riskRules"),
    ],
}
# Defects too many to list by hand: the expected pointers are derived from the document below.
DERIVED = {
    f"{HUB}/SaaS-Business-Lens/saas_biz_custom_lens.json": "E3040",
    f"{HUB}/ElastiCache/custom-lens-elasticache-v2.0_.json": "E4003",
}
CLEAN = sorted(set(ALL_FILES) - set(ERRORS) - set(DERIVED))


@cache
def _validate(name: str) -> list[Finding]:
    return validate_path(CORPUS / name)


def _lines(name: str) -> list[str]:
    return (CORPUS / name).read_text(encoding="utf-8").split("\n")


def _walk(value: Any, pointer: str = "") -> list[tuple[str, Any]]:
    pairs = [(pointer, value)]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else []
    for key, child in children:
        pairs += _walk(child, f"{pointer}/{key}")
    return pairs


def test_the_corpus_is_there() -> None:
    assert len(ALL_FILES) >= 27, f"corpus missing at {CORPUS}"
    assert len(CLEAN) >= 10


@pytest.mark.parametrize("name", CLEAN)
def test_clean_lens_has_no_errors(name: str) -> None:
    assert [f for f in _validate(name) if f.is_error] == []


@pytest.mark.parametrize("name", sorted(ERRORS))
def test_defective_lens_is_flagged_in_place(name: str) -> None:
    errors = [(f.code, f.location.line, f.location.pointer) for f in _validate(name) if f.is_error]
    assert errors == ERRORS[name]


def test_saas_business_empty_urls_are_each_reported() -> None:
    name = next(n for n, code in DERIVED.items() if code == "E3040")
    doc = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    empty = {pointer for pointer, value in _walk(doc) if pointer.endswith("/url") and value == ""}
    errors = [f for f in _validate(name) if f.is_error]
    assert len(empty) == 113
    assert {f.location.pointer for f in errors} == empty and {f.code for f in errors} == {"E3040"}
    lines = _lines(name)
    for finding in errors:
        assert lines[finding.location.line - 1][finding.location.column - 1:].startswith('""')


def test_elasticache_rules_without_default_are_each_reported() -> None:
    name = next(n for n, code in DERIVED.items() if code == "E4003")
    doc = json.loads((CORPUS / name).read_text(encoding="utf-8"))
    expected = {f"/pillars/{p}/questions/{q}/riskRules"
                for p, pillar in enumerate(doc["pillars"]) for q, question in enumerate(pillar["questions"])
                if all(rule["condition"] != "default" for rule in question["riskRules"])}
    errors = [f for f in _validate(name) if f.is_error]
    assert len(expected) == 22
    assert {f.location.pointer for f in errors} == expected and {f.code for f in errors} == {"E4003"}


def test_nan_is_reported_at_its_column() -> None:
    name = f"{HUB}/EMR-spark-lens/custom-lens-emr-spark-v1.0.json"
    (finding,) = _validate(name)
    assert _lines(name)[finding.location.line - 1][finding.location.column - 1:].startswith("NaN")


def test_whitespace_and_rejected_character_columns_point_at_the_character() -> None:
    checked = 0
    for name in ERRORS:
        lines = _lines(name)
        for finding in _validate(name):
            if finding.code in ("E3042", "E3030"):
                char = lines[finding.location.line - 1][finding.location.column - 1]
                assert (char.isspace() if finding.code == "E3042" else char == ";"), (name, finding)
                checked += 1
    assert checked == 5


@pytest.mark.parametrize("name", ALL_FILES)
def test_every_finding_line_shows_the_member_it_points_at(name: str) -> None:
    lines = _lines(name)
    for finding in _validate(name):
        token = finding.location.pointer.rsplit("/", 1)[-1]
        if token and not token.isdigit():
            assert f'"{token}"' in lines[finding.location.line - 1], finding


def test_extra_root_keys_are_warnings() -> None:
    name = f"{HUB}/DynamoDB/custom-lensddb-v1.0.json"
    unknown = {f.location.pointer for f in _validate(name) if f.code == "W1005"}
    assert unknown == {"/_version", "/_release_date", "/_release_note", "/_teams"}


def test_trailing_space_in_url_is_a_warning() -> None:
    name = f"{HUB}/SaaS-Anywhere-Lens/SaaS-Anywhere-Custom-Lens-v0.1.json"
    (finding,) = [f for f in _validate(name) if f.code == "W3043"]
    assert finding.location.pointer == Q.format(1, 2) + "/choices/3/helpfulResource/url"
