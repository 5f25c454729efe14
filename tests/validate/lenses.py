"""Small lens documents for validator tests, and helpers to validate them as JSON text."""

from __future__ import annotations

import copy
import json
from typing import Any

from publisher.findings import Finding
from publisher.jsonpos import load_with_positions
from publisher.validate import validate_document

_BASE: dict[str, Any] = {
    "schemaVersion": "2021-11-01",
    "name": "Example Policy Lens",
    "description": "Checks compliance with the example policy.",
    "pillars": [{
        "id": "policy",
        "name": "Policy",
        "questions": [{
            "id": "pol_q01",
            "title": "Do you encrypt data at rest?",
            "description": "All stores must be encrypted.",
            "helpfulResource": {"displayText": "Encryption guide", "url": "https://example.com/enc"},
            "choices": [
                {"id": "enc_kms", "title": "KMS encryption enabled",
                 "helpfulResource": {"displayText": "KMS", "url": "https://example.com/kms"},
                 "improvementPlan": {"displayText": "Enable KMS encryption on every store."}},
                {"id": "enc_rotation", "title": "Keys rotated yearly",
                 "improvementPlan": {"displayText": "Enable automatic key rotation.",
                                     "url": "https://example.com/rotation"},
                 "additionalResources": [
                     {"type": "HELPFUL_RESOURCE",
                      "content": [{"displayText": "Rotation FAQ", "url": "https://example.com/faq"}]}]},
                {"id": "enc_no", "title": "None of these"},
            ],
            "riskRules": [
                {"condition": "enc_kms && enc_rotation && !enc_no", "risk": "NO_RISK"},
                {"condition": "enc_kms && !enc_no", "risk": "MEDIUM_RISK"},
                {"condition": "default", "risk": "HIGH_RISK"},
            ],
        }],
    }],
}

QUESTION = "/pillars/0/questions/0"


def lens() -> dict[str, Any]:
    """A fresh copy of a small lens that passes every check."""
    return copy.deepcopy(_BASE)


def question(doc: dict[str, Any]) -> dict[str, Any]:
    first: dict[str, Any] = doc["pillars"][0]["questions"][0]
    return first


def as_text(doc: Any) -> str:
    return json.dumps(doc, indent=2, ensure_ascii=False)


def findings_of(doc: Any, file: str = "lens.json") -> list[Finding]:
    """Validate ``doc`` as if read from a JSON file, so findings carry line, column and pointer."""
    text = as_text(doc)
    parsed, source_map = load_with_positions(text, file)
    return validate_document(parsed, source_map, text=text)


def codes_at(findings: list[Finding]) -> set[tuple[str, str]]:
    return {(finding.code, finding.location.pointer) for finding in findings}
