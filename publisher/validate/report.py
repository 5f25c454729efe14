"""Findings as text (one ``path:line:col: CODE message`` line each), one JSON object, GitHub annotations or SARIF."""

from __future__ import annotations

import json
from collections.abc import Sequence

from publisher.findings import Finding
from publisher.safetext import clean, guard
from publisher.validate.sarif import Catalogue, render_sarif

FORMATS = ("text", "json", "github", "sarif")


def counts(findings: Sequence[Finding]) -> tuple[int, int]:
    """(errors, warnings)."""
    errors = sum(1 for finding in findings if finding.is_error)
    return errors, len(findings) - errors


def render(findings: Sequence[Finding], output_format: str, files: int,
           catalogue: Catalogue | None = None) -> str:
    """The whole report in ``output_format``; ``files`` is how many lenses were checked.

    ``catalogue`` (code -> severity, description, source URL) describes the rules in SARIF.
    """
    if output_format == "sarif":
        return render_sarif(findings, catalogue or {})
    if output_format == "json":
        return render_json(findings)
    if output_format == "github":
        return render_github(findings)
    return render_text(findings, files)


def render_text(findings: Sequence[Finding], files: int) -> str:
    lines = [f.as_line() for f in findings]
    errors, warnings = counts(findings)
    lens_word = "lens" if files == 1 else "lenses"
    if findings:
        lines.append(f"Found {_plural(errors, 'error')} and {_plural(warnings, 'warning')} in {files} {lens_word}.")
    else:
        lines.append(f"All checks passed ({files} {lens_word}).")
    return "\n".join(lines) + "\n"


def render_json(findings: Sequence[Finding]) -> str:
    errors, warnings = counts(findings)
    report = {"findings": [finding.as_dict() for finding in findings], "errors": errors, "warnings": warnings}
    return json.dumps(report, indent=2, ensure_ascii=False) + "\n"


def render_github(findings: Sequence[Finding]) -> str:
    lines = []
    for finding in findings:
        location = finding.location
        properties = ",".join([f"file={_escape_property(location.file)}", f"line={location.line}",
                               f"col={location.column}", f"title={_escape_property(finding.code)}"])
        lines.append(f"::{finding.severity.value} {properties}::{_escape_data(finding.message)}")
    return "".join(line + "\n" for line in lines)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


def _escape_data(text: str) -> str:
    """The runner's own escapes for ``%``, CR and LF, then the one sanitiser (controls, ``##[`` commands)."""
    return guard(clean(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")
