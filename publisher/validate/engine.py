"""Run every check on a document, a lens JSON file or a lens source folder."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from publisher.errors import EXIT_USAGE, WalensError
from publisher.findings import Finding, Location, Severity, SourceMap
from publisher.jsonpos import JsonSyntaxError, load_with_positions
from publisher.validate.context import CheckContext
from publisher.validate.registry import CATALOGUE, Rule, all_checks

INVALID_JSON = Rule("E0001", Severity.ERROR, "The file is not valid JSON (NaN, trailing comma, truncated...)",
                    "https://www.rfc-editor.org/rfc/rfc8259")
NOT_UTF8 = Rule("E0002", Severity.ERROR, "The file is not valid UTF-8 text", "https://www.rfc-editor.org/rfc/rfc8259#section-8.1")
DUPLICATE_KEY = Rule("W0003", Severity.WARNING, "An object has the same property twice (the last one wins)",
                     CATALOGUE + "#w0003")
PARSE_RULES = (INVALID_JSON, NOT_UTF8, DUPLICATE_KEY)


def validate_document(doc: Any, source_map: SourceMap, suppress: frozenset[str] = frozenset(), *,
                      text: str | None = None) -> list[Finding]:
    """Schema, semantic and risk-analysis findings for a lens document, sorted by location.

    ``text`` is the JSON text ``source_map`` describes, when there is one: findings about a
    character inside a string then point at its exact column, and the size limits measure it.
    """
    ctx = CheckContext(doc, source_map, text)
    findings = [finding for check in all_checks() if check.code not in suppress for finding in check.match(doc, ctx)]
    return sorted(findings, key=Finding.sort_key)


def validate_path(path: Path, ignore: frozenset[str] = frozenset()) -> list[Finding]:
    """Validate a lens source folder (with lens.yaml) or a lens JSON file; ``ignore`` adds suppressed codes.

    Raises WalensError (exit code 2) when the path does not exist or cannot be read.
    """
    if path.is_dir():
        return _validate_sources(path, ignore)
    if not path.exists():
        raise WalensError(f"{path}: no such file or folder", EXIT_USAGE)
    return _validate_json_file(path, ignore)


def _validate_sources(lens_dir: Path, ignore: frozenset[str]) -> list[Finding]:
    from publisher.sources import compile_lens, is_lens_dir

    if not is_lens_dir(lens_dir):
        raise WalensError(f"{lens_dir}: not a lens source folder (no lens.yaml) and not a JSON file", EXIT_USAGE)
    compiled = compile_lens(lens_dir)
    suppress = compiled.suppress | ignore
    findings = [finding for finding in compiled.findings if finding.code not in suppress]
    findings += validate_document(compiled.doc, compiled.source_map, suppress)
    return sorted(findings, key=Finding.sort_key)


def _validate_json_file(path: Path, ignore: frozenset[str]) -> list[Finding]:
    file = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise WalensError(f"{path}: cannot read: {exc.strerror or exc}", EXIT_USAGE) from exc
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return _parse_finding(NOT_UTF8, f"byte 0x{data[exc.start]:02X} at byte offset {exc.start} is not "
                              "valid UTF-8: save the file as UTF-8", file, line, column, ignore)
    duplicates: list[str] = []
    try:
        doc, source_map = load_with_positions(text, file, duplicates=duplicates)
    except JsonSyntaxError as exc:
        return _parse_finding(INVALID_JSON, f"invalid JSON: {exc.message}", file, exc.line, exc.column, ignore)
    findings = [Finding(DUPLICATE_KEY.code, DUPLICATE_KEY.severity,
                        f"property '{pointer.rsplit('/', 1)[1]}' appears twice in the same object: the last one "
                        "wins", source_map.locate(pointer))
                for pointer in duplicates if DUPLICATE_KEY.code not in ignore]
    findings += validate_document(doc, source_map, ignore, text=text)
    return sorted(findings, key=Finding.sort_key)


def _parse_finding(rule: Rule, message: str, file: str, line: int, column: int,
                   ignore: frozenset[str]) -> list[Finding]:
    if rule.code in ignore:
        return []
    return [Finding(rule.code, rule.severity, message, Location(file, line, column))]
