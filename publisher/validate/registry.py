"""The check base class, and discovery of every check in the ``publisher.validate.checks`` package.

As cfn-lint loads every rule class found in its rules directory, a check is any concrete
``Check`` subclass (one that sets ``code``) defined in a module of that package: adding a check
is adding a class, with no list to keep.  Discovery imports the package only when checks are
first asked for, so ``walens --help`` never pays for it.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any, ClassVar

from publisher.findings import Finding, Severity

if TYPE_CHECKING:
    from publisher.validate.context import CheckContext

FORMAT_SPEC = "https://docs.aws.amazon.com/wellarchitected/latest/userguide/lenses-format-specification.html"
API_REFERENCE = "https://docs.aws.amazon.com/wellarchitected/latest/APIReference"
ORR_GATES = "https://github.com/awslabs/operational-readiness-review-custom-war-lens/blob/main/docs/gates.md"
CREATE_GUIDE = "https://docs.aws.amazon.com/wellarchitected/latest/userguide/lenses-create.html"
CHECKS_PACKAGE = "publisher.validate.checks"


class Check:
    """One validation rule with a stable code; ``match`` yields its findings for a document.

    A subclass without ``code`` is a base for other checks (e.g. one parametrised by a limit).
    """

    code: ClassVar[str]
    severity: ClassVar[Severity]
    description: ClassVar[str]
    source_url: ClassVar[str]

    def match(self, doc: Any, ctx: CheckContext) -> Iterator[Finding]:
        raise NotImplementedError


class CheckDefinitionError(TypeError):
    """A check class is wrong: its code is taken, its code letter contradicts its severity, or it has no match."""


@cache
def all_checks() -> tuple[Check, ...]:
    """One instance of every check of the validator, ordered by code (discovered on the first call)."""
    return discover_checks(CHECKS_PACKAGE)


def discover_checks(package: str) -> tuple[Check, ...]:
    """One instance of every check class defined in the modules of ``package`` and its subpackages, by code.

    Raises CheckDefinitionError for two classes with one code, an ``E`` code on a warning (or ``W`` on
    an error) and a check that does not define ``match``.
    """
    by_code: dict[str, type[Check]] = {}
    for cls in _check_classes(importlib.import_module(package)):
        _require_well_formed(cls)
        first = by_code.setdefault(cls.code, cls)
        if first is not cls:
            raise CheckDefinitionError(f"duplicate check code {cls.code}: {_qualified(first)} and {_qualified(cls)}")
    return tuple(by_code[code]() for code in sorted(by_code))


def _modules(package: ModuleType) -> Iterator[ModuleType]:
    """The package and every module below it, imported."""
    yield package
    for info in pkgutil.iter_modules(package.__path__, prefix=f"{package.__name__}."):
        module = importlib.import_module(info.name)
        if info.ispkg:
            yield from _modules(module)
        else:
            yield module


def _check_classes(package: ModuleType) -> Iterator[type[Check]]:
    """Concrete check classes, each from the module that defines it (not from modules that import it)."""
    for module in _modules(package):
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, Check) and hasattr(value, "code") \
                    and value.__module__ == module.__name__:
                yield value


def _require_well_formed(cls: type[Check]) -> None:
    expected = "E" if cls.severity is Severity.ERROR else "W"
    if not cls.code.startswith(expected):
        raise CheckDefinitionError(f"{_qualified(cls)}: a {cls.severity.value} code must start with {expected}, "
                                   f"not {cls.code}")
    if cls.match is Check.match:
        raise CheckDefinitionError(f"{_qualified(cls)} ({cls.code}) does not define match")


def _qualified(cls: type[Check]) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"
