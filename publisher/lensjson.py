"""Reading, writing and canonicalising custom-lens JSON documents."""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Callable
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
    return json.dumps(without_service_keys(_spine_copy(doc)), sort_keys=True, ensure_ascii=False,
                      separators=(",", ":"))


def _spine_copy(doc: Any) -> Any:
    """A copy of the dicts and lists ``without_service_keys`` changes (document, pillars, questions,
    choices); every other value is shared with ``doc``. Enough for a text, cheaper than a deep copy."""
    if not isinstance(doc, dict):
        return doc
    out = dict(doc)
    if isinstance(out.get("pillars"), list):
        out["pillars"] = [_copied(pillar, "questions", _copied_question) for pillar in out["pillars"]]
    return out


def _copied_question(question: Any) -> Any:
    return _copied(question, "choices", lambda choice: dict(choice) if isinstance(choice, dict) else choice)


def _copied(obj: Any, key: str, copy_item: Callable[[Any], Any]) -> Any:
    """``obj`` as a new dict whose ``key`` list holds ``copy_item`` of each item (``obj`` itself if not a dict)."""
    if not isinstance(obj, dict):
        return obj
    out = dict(obj)
    if isinstance(out.get(key), list):
        out[key] = [copy_item(item) for item in out[key]]
    return out


def fingerprint(doc: Any) -> str:
    """SHA-256 of a lens document's canonical text."""
    return text_fingerprint(canonical_text(doc))


def text_fingerprint(text: str) -> str:
    """SHA-256 of a canonical text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
