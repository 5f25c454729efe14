"""Every real lens in tests/data/real-lenses: accepted ones round-trip, defective ones are refused.

Decisions per file follow what the service documents: http(s) URLs (an empty URL is not one), the
restricted character set of titles, strict JSON (no NaN).  Keys the format does not document
(``_version``, ``_teams``, a wrong-case ``Url``) are ignored as the live service did for the ORR
lens, so the export holds the documented fields plus ``number`` on every question and choice.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from publisher.sandbox.harness import Sandbox
from tests.corpus import CORPUS, corpus_names

from .lens_samples import strip_numbers

REJECTED: dict[str, tuple[str, str]] = {
    "custom-lens-wa-hub/SageMaker-AutoGluon-lens/custom-lens-sagemaker-autogluon-v1.0.json":
        ("FIELD_VALIDATION_FAILED", "pillars[0].questions[1].choices[1].title"),
    "custom-lens-wa-hub/SaaS-Business-Lens/saas_biz_custom_lens.json":
        ("FIELD_VALIDATION_FAILED", "pillars[0].questions[1].choices[0].helpfulResource.url"),
    "custom-lens-wa-hub/IDP-custom-lens/Amazon_Machine_Learning_IDP_Lens.json":
        ("FIELD_VALIDATION_FAILED", "pillars[4].questions[0].choices[0].improvementPlan.url"),
    "custom-lens-wa-hub/EMR-spark-lens/custom-lens-emr-spark-v1.0.json": ("CANNOT_PARSE", "JSONString"),
    "custom-lens-wa-hub/ApiGwLambda/custom-lens-apigw-lambda-v0.1.json":
        ("FIELD_VALIDATION_FAILED", "pillars[0].questions[3].helpfulResource.url"),
}
DOCUMENTED_KEYS: dict[str, set[str]] = {
    "lens": {"schemaVersion", "name", "description", "pillars"},
    "pillars": {"id", "name", "questions"},
    "questions": {"id", "title", "description", "helpfulResource", "choices", "riskRules"},
    "choices": {"id", "title", "helpfulResource", "improvementPlan", "additionalResources"},
    "riskRules": {"condition", "risk"},
    "additionalResources": {"type", "content"},
    "helpfulResource": {"displayText", "url"}, "improvementPlan": {"displayText", "url"},
    "content": {"displayText", "url"},
}
FILES = corpus_names()


def documented(value: Any, kind: str = "lens") -> Any:
    """``value`` with only the keys the lens format documents."""
    if isinstance(value, list):
        return [documented(item, kind) for item in value]
    if isinstance(value, dict):
        return {key: documented(item, key) for key, item in value.items() if key in DOCUMENTED_KEYS[kind]}
    return value


def test_every_corpus_file_has_a_decision() -> None:
    assert set(REJECTED) <= set(FILES)
    assert len(FILES) - len(REJECTED) >= 20


@pytest.mark.parametrize("name", [name for name in FILES if name not in REJECTED])
def test_accepted_lens_exports_intact(sandbox_inprocess: Sandbox, name: str) -> None:
    text = (CORPUS / name).read_text(encoding="utf-8")
    client = sandbox_inprocess.client()
    arn = client.import_lens(JSONString=text)["LensArn"]
    client.create_lens_version(LensAlias=arn, LensVersion="1.0")
    exported = json.loads(client.export_lens(LensAlias=arn, LensVersion="1.0")["LensJSON"])
    assert strip_numbers(exported) == documented(strip_numbers(json.loads(text)))
    for pillar in exported["pillars"]:
        for position, question in enumerate(pillar["questions"], start=1):
            assert question["number"] == position
            assert [choice["number"] for choice in question["choices"]] == list(
                range(1, len(question["choices"]) + 1))


@pytest.mark.parametrize("name", sorted(REJECTED))
def test_defective_lens_is_rejected_naming_the_field(sandbox_inprocess: Sandbox, name: str) -> None:
    client = sandbox_inprocess.client()
    reason, field = REJECTED[name]
    with pytest.raises(client.exceptions.ValidationException) as rejected:
        client.import_lens(JSONString=(CORPUS / name).read_text(encoding="utf-8"))
    assert rejected.value.response["Reason"] == reason
    assert rejected.value.response["Fields"][0]["Name"] == field
    assert client.list_lenses()["LensSummaries"] == []
