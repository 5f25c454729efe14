"""Reading, writing and canonicalising custom-lens JSON documents."""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

#: Keys the service adds to exported questions and choices; never part of what we compare.
SERVICE_ADDED_KEYS = frozenset({"number"})


def dumps(doc: Any) -> str:
    """Deterministic JSON text: key order as given, 2-space indent, UTF-8 characters kept, final newline."""
    return json.dumps(doc, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def wire_text(doc: Any) -> str:
    """Compact JSON as sent to ImportLens: the 500,000-character limit applies to this text."""
    return json.dumps(doc, ensure_ascii=False, allow_nan=False, separators=(",", ":"))


def canonical(doc: Any) -> Any:
    """A deep copy without the fields ExportLens adds (``number``), for comparisons."""
    return without_service_keys(copy.deepcopy(doc))


def without_service_keys(doc: Any) -> Any:
    """``doc`` itself, with the fields ExportLens adds (``number``) removed in place."""
    for pillar in doc.get("pillars", []) if isinstance(doc, dict) else []:
        for question in pillar.get("questions", []) if isinstance(pillar, dict) else []:
            if not isinstance(question, dict):
                continue
            _drop_service_keys(question)
            for choice in question.get("choices", []):
                if isinstance(choice, dict):
                    _drop_service_keys(choice)
    return doc


def _drop_service_keys(obj: dict[str, Any]) -> None:
    for key in SERVICE_ADDED_KEYS:
        obj.pop(key, None)


def canonical_text(doc: Any) -> str:
    """Canonical form as text with sorted keys: equal text means equal lenses."""
    return json.dumps(canonical(doc), sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def fingerprint(doc: Any) -> str:
    """SHA-256 of a lens document's canonical text."""
    return text_fingerprint(canonical_text(doc))


def text_fingerprint(text: str) -> str:
    """SHA-256 of a canonical text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
