"""The check base class and the registry of every check, keyed by its stable code."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, TypeVar

from publisher.findings import Finding, Severity

if TYPE_CHECKING:
    from publisher.validate.context import CheckContext

FORMAT_SPEC = "https://docs.aws.amazon.com/wellarchitected/latest/userguide/lenses-format-specification.html"
API_REFERENCE = "https://docs.aws.amazon.com/wellarchitected/latest/APIReference"
ORR_GATES = "https://github.com/awslabs/operational-readiness-review-custom-war-lens/blob/main/docs/gates.md"
CREATE_GUIDE = "https://docs.aws.amazon.com/wellarchitected/latest/userguide/lenses-create.html"

_CHECK_MODULES = (
    "publisher.validate.schema",
    "publisher.validate.checks.ids",
    "publisher.validate.checks.limits",
    "publisher.validate.checks.text",
    "publisher.validate.checks.urls",
    "publisher.validate.checks.resources",
    "publisher.validate.checks.risk_rules",
    "publisher.validate.checks.risk_analysis",
)


class Check:
    """One validation rule with a stable code; ``match`` yields its findings for a document."""

    code: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]
    source_url: ClassVar[str]

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError


_REGISTRY: dict[str, Check] = {}
C = TypeVar("C", bound=type[Check])


def register(cls: C) -> C:
    """Class decorator: add one instance of the check to the registry."""
    if cls.code in _REGISTRY:
        raise ValueError(f"duplicate check code {cls.code}")
    expected = "E" if cls.severity is Severity.ERROR else "W"
    if not cls.code.startswith(expected):
        raise ValueError(f"check {cls.code}: a {cls.severity.value} code must start with {expected}")
    _REGISTRY[cls.code] = cls()
    return cls


def all_checks() -> list[Check]:
    """Every registered check, ordered by code."""
    for module in _CHECK_MODULES:
        importlib.import_module(module)
    return sorted(_REGISTRY.values(), key=lambda check: check.code)
