"""Source-level problems (codes E09xx/W09xx): what stops a lens folder from compiling cleanly."""

from __future__ import annotations

from publisher.findings import Finding, Location, Severity

# code -> short description; docs/checks.md lists them with examples.
SOURCE_CODES: dict[str, str] = {
    "E0901": "YAML syntax error",
    "E0902": "a required file or folder is missing",
    "E0903": "a source field has the wrong type, is missing or is unknown (also: extra repeats a field, "
             "keyOrder names a missing key)",
    "E0904": "a question file is not listed in pillar.yaml, or listed twice",
    "E0905": "a file is not valid UTF-8 text, not a regular file, or cannot be read",
    "E0906": "a source file is larger than 1 MiB",
    "E0907": "YAML anchors, aliases, tags or nesting deeper than allowed",
    "E0908": "the Markdown body does not match the question's choices, or repeats a text given in front matter",
    "E0909": "a file is a symbolic link that leaves the lens folder",
    "E0910": "declarative risk rules are malformed",
    "E0911": "the id in front matter differs from the file or folder name",
    "W0912": "a file starts with a UTF-8 byte order mark",
}


class SourceError(Exception):
    """A problem that stops one source file from being read."""

    def __init__(self, code: str, message: str, file: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.finding = source_finding(code, message, file, line, column)


def source_finding(code: str, message: str, file: str, line: int = 1, column: int = 1) -> Finding:
    severity = Severity.WARNING if code.startswith("W") else Severity.ERROR
    return Finding(code, severity, message, Location(file, line, column))
