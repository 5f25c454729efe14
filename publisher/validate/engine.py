"""Run every check on a lens document, or on a lens loaded by ``publisher.loader``."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.findings import Finding, SourceMap, hide_follow_ons
from publisher.loader import LoadedLens, load_path
from publisher.validate.context import CheckContext
from publisher.validate.registry import all_checks

if TYPE_CHECKING:
    from publisher.assess.rules import RuleSet


def validate_document(doc: Any, source_map: SourceMap, suppress: frozenset[str] = frozenset(), *,
                      text: str | None = None,
                      never_not_applicable: Mapping[str, tuple[str, ...]] | None = None,
                      evidence: RuleSet | None = None) -> list[Finding]:
    """Schema, semantic and risk-analysis findings for a lens document, sorted by location.

    ``text`` is the JSON text ``source_map`` describes, when there is one: findings about a
    character inside a string then point at its exact column, and the size limits measure it.
    ``never_not_applicable`` is the sources' question id -> choices that must never be marked not applicable;
    ``evidence`` the sources' evidence rules (their problems are E6001 findings).
    """
    ctx = CheckContext(doc, source_map, text, never_not_applicable, evidence)
    findings = [finding for check in all_checks() if check.code not in suppress for finding in check.match(doc, ctx)]
    return sorted(findings, key=Finding.sort_key)


def validate_path(path: Path, ignore: frozenset[str] = frozenset()) -> list[Finding]:
    """Validate a lens source folder (or a file inside one) or a lens JSON file; ``ignore`` adds suppressed codes.

    Raises InputError when the path does not exist or is not a lens.
    """
    return validate_loaded(load_path(path), ignore)


def validate_loaded(lens: LoadedLens, ignore: frozenset[str] = frozenset()) -> list[Finding]:
    """Reading findings plus, when the lens could be read, every check's findings; sorted by location."""
    suppress = lens.suppress | ignore
    findings = [finding for finding in lens.findings if finding.code not in suppress]
    if lens.doc is not None:
        findings += validate_document(lens.doc, lens.source_map, suppress, text=lens.text,
                                      never_not_applicable=lens.never_not_applicable, evidence=lens.evidence)
    return sorted(hide_follow_ons(findings), key=Finding.sort_key)
