"""Findings: one diagnostic with a stable code, a severity and a location."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from enum import Enum

from publisher.safetext import clean

#: Where every code is documented (``walens rules`` prints each code's own link).
CATALOGUE = "docs/checks.md"


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Rule:
    """A documented finding code that is not produced by a check class (reading and source problems)."""

    code: str
    severity: Severity
    description: str
    source_url: str


@dataclass(frozen=True)
class Location:
    """Where a value sits: a file with 1-based line and column, plus the JSON pointer in the lens."""

    file: str
    line: int = 1
    column: int = 1
    pointer: str = ""

    def __str__(self) -> str:
        return f"{clean(self.file)}:{self.line}:{self.column}"


@dataclass(frozen=True)
class Finding:
    code: str
    severity: Severity
    message: str
    location: Location = field(default_factory=lambda: Location(""))
    #: A root cause (a misspelt key): the other findings of its file follow from it and are hidden.
    root_cause: bool = field(default=False, compare=False, repr=False)

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def as_dict(self) -> dict[str, object]:
        loc = asdict(self.location)
        return {"code": self.code, "severity": self.severity.value, "message": self.message, **loc}

    def as_line(self) -> str:
        """``path:line:col: CODE message``, the one-line form of text output."""
        return f"{self.location}: {self.code} {clean(self.message)}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.file, loc.line, loc.column, self.code, self.message)


class SourceMap:
    """Maps JSON pointers of a lens document to the place in a file that produced them.

    Lookups fall back to the nearest ancestor pointer, so a finding on a value that has no
    recorded position still points at the object that holds it.
    """

    def __init__(self, default_file: str = "") -> None:
        self.default_file = default_file
        self._positions: dict[str, tuple[str, int, int]] = {}

    def add(self, pointer: str, file: str, line: int, column: int) -> None:
        self._positions[pointer] = (file, line, column)

    def __contains__(self, pointer: str) -> bool:
        return pointer in self._positions

    def rename_files(self, rename: Callable[[str], str]) -> None:
        """Apply ``rename`` to every recorded file name (e.g. a temporary folder to ``git:<rev>:<path>``)."""
        self.default_file = rename(self.default_file)
        self._positions = {pointer: (rename(file), line, column)
                           for pointer, (file, line, column) in self._positions.items()}

    def locate(self, pointer: str) -> Location:
        probe = pointer
        while True:
            hit = self._positions.get(probe)
            if hit is not None:
                return Location(hit[0], hit[1], hit[2], pointer)
            if not probe:
                return Location(self.default_file, 1, 1, pointer)
            probe = probe.rsplit("/", 1)[0]


def pointer_join(base: str, *parts: str | int) -> str:
    """Append RFC 6901 reference tokens to ``base``."""
    out = base
    for part in parts:
        token = str(part).replace("~", "~0").replace("/", "~1")
        out = f"{out}/{token}"
    return out


def hide_follow_ons(findings: list[Finding]) -> list[Finding]:
    """Keep only the root causes of a file that has one, each saying how many findings it hides.

    A misspelt key (``choice:`` for ``choices:``) leaves a required field missing, which fails the
    schema, empties the question and breaks every rule that names its choices: one mistake, one finding.
    """
    roots = {finding.location.file for finding in findings if finding.root_cause}
    if not roots:
        return findings
    kept = [finding for finding in findings if finding.location.file not in roots or finding.root_cause]
    hidden = {file: sum(1 for f in findings if f.location.file == file and not f.root_cause) for file in roots}
    told: set[str] = set()
    result = []
    for finding in kept:
        count = hidden.get(finding.location.file, 0)
        if finding.root_cause and count and finding.location.file not in told:
            told.add(finding.location.file)
            finding = replace(finding, message=f"{finding.message}; {count} finding(s) that follow from it in "
                                               "this file are hidden until it is fixed")
        result.append(finding)
    return result
