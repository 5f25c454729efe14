"""Lens documents for sandbox tests."""

from __future__ import annotations

import copy
import json
from typing import Any

MINIMAL_LENS: dict[str, Any] = {
    "schemaVersion": "2021-11-01", "name": "Example Policy Lens",
    "description": "Checks compliance with example policy.",
    "pillars": [{"id": "policy", "name": "Policy", "questions": [{
        "id": "pol_q01", "title": "Do you encrypt data at rest?", "description": "All stores must be encrypted.",
        "choices": [
            {"id": "enc_kms", "title": "KMS encryption enabled",
             "helpfulResource": {"displayText": "Encryption guidance", "url": "https://example.com/enc"},
             "improvementPlan": {"displayText": "Enable KMS encryption on every store."}},
            {"id": "enc_rotation", "title": "Keys rotated yearly",
             "improvementPlan": {"displayText": "Enable automatic key rotation."}},
            {"id": "enc_no", "title": "None of these"}],
        "riskRules": [
            {"condition": "enc_kms && enc_rotation && !enc_no", "risk": "NO_RISK"},
            {"condition": "enc_kms && !enc_no", "risk": "MEDIUM_RISK"},
            {"condition": "default", "risk": "HIGH_RISK"}]}]}],
}


def lens(**changes: Any) -> dict[str, Any]:
    """A deep copy of the reference's minimal valid lens with top-level ``changes``."""
    document = copy.deepcopy(MINIMAL_LENS)
    document.update(changes)
    return document


def lens_json(**changes: Any) -> str:
    return json.dumps(lens(**changes))


def question(document: dict[str, Any]) -> dict[str, Any]:
    """The first question of ``document`` (to edit in place)."""
    first: dict[str, Any] = document["pillars"][0]["questions"][0]
    return first


def strip_numbers(document: Any) -> Any:
    """``document`` without the ``number`` keys ExportLens adds."""
    if isinstance(document, dict):
        return {key: strip_numbers(value) for key, value in document.items() if key != "number"}
    if isinstance(document, list):
        return [strip_numbers(item) for item in document]
    return document
