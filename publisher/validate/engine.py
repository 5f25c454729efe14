"""Load a lens (JSON file or source folder) and run every check on it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher.errors import EXIT_USAGE, WalensError
from publisher.findings import Finding, Location, Severity, SourceMap
from publisher.jsonpos import JsonSyntaxError, load_with_positions
from publisher.validate.context import CheckContext
from publisher.validate.registry import CATALOGUE, Rule, all_checks

INVALID_JSON = Rule("E0001", Severity.ERROR, "The file is not valid JSON (NaN, trailing comma, truncated...)",
                    "https://www.rfc-editor.org/rfc/rfc8259")
NOT_UTF8 = Rule("E0002", Severity.ERROR, "The file is not valid UTF-8 text",
                "https://www.rfc-editor.org/rfc/rfc8259#section-8.1")
DUPLICATE_KEY = Rule("W0003", Severity.WARNING, "An object has the same property twice (the last one wins)",
                     CATALOGUE + "#w0003")
BYTE_ORDER_MARK = Rule("W0004", Severity.WARNING, "The file starts with a UTF-8 byte order mark",
                       CATALOGUE + "#w0004")
PARSE_RULES = (INVALID_JSON, NOT_UTF8, DUPLICATE_KEY, BYTE_ORDER_MARK)
SOURCE_SUFFIXES = frozenset({".yaml", ".yml", ".md"})


@dataclass
class LoadedLens:
    """A lens read from disk: the document (None when unreadable), where its values come from, and
    the problems found while reading it."""

    doc: Any
    source_map: SourceMap
    text: str | None = None
    suppress: frozenset[str] = frozenset()
    findings: list[Finding] = field(default_factory=list)


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
    lens = load_lens(path)
    suppress = lens.suppress | ignore
    findings = [finding for finding in lens.findings if finding.code not in suppress]
    if lens.doc is not None:
        findings += validate_document(lens.doc, lens.source_map, suppress, text=lens.text)
    return sorted(findings, key=Finding.sort_key)


def lens_target(path: Path) -> Path:
    """What to validate for ``path``: a source file (YAML or Markdown, as pre-commit passes them)
    stands for the lens folder that holds it; folders and JSON files stand for themselves."""
    if not path.exists():
        raise WalensError(f"{path}: no such file or folder", EXIT_USAGE)
    if path.is_dir() or path.suffix.lower() not in SOURCE_SUFFIXES:
        return path
    from publisher.sources import is_lens_dir

    for folder in path.resolve().parents:
        if is_lens_dir(folder):
            return folder if path.is_absolute() else Path(os.path.relpath(folder))
    raise WalensError(f"{path}: not inside a lens source folder (no lens.yaml above it)", EXIT_USAGE)


def load_lens(path: Path) -> LoadedLens:
    """Read a lens source folder or JSON file; reading problems become findings, a bad path a WalensError."""
    target = lens_target(path)
    return _load_sources(target) if target.is_dir() else _load_json_file(target)


def _load_sources(lens_dir: Path) -> LoadedLens:
    from publisher.sources import compile_lens, is_lens_dir

    if not is_lens_dir(lens_dir):
        raise WalensError(f"{lens_dir}: not a lens source folder (no lens.yaml) and not a JSON file", EXIT_USAGE)
    compiled = compile_lens(lens_dir)
    return LoadedLens(compiled.doc if compiled.complete else None, compiled.source_map, suppress=compiled.suppress,
                      findings=list(compiled.findings))


def _load_json_file(path: Path) -> LoadedLens:
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
        message = f"byte 0x{data[exc.start]:02X} at byte offset {exc.start} is not valid UTF-8: save the file as UTF-8"
        return _unreadable(NOT_UTF8, message, Location(file, line, column))
    duplicates: list[str] = []
    try:
        doc, source_map = load_with_positions(text, file, duplicates=duplicates)
    except JsonSyntaxError as exc:
        return _unreadable(INVALID_JSON, f"invalid JSON: {exc.message}", Location(file, exc.line, exc.column))
    findings = [Finding(DUPLICATE_KEY.code, DUPLICATE_KEY.severity,
                        f"property '{_last_token(pointer)}' appears twice in the same object: the last one "
                        "wins", source_map.locate(pointer))
                for pointer in duplicates]
    if text.startswith("\ufeff"):
        findings.append(Finding(BYTE_ORDER_MARK.code, BYTE_ORDER_MARK.severity,
                                "the file starts with a byte order mark: save it as UTF-8 without BOM, "
                                "as JSON parsers may reject it", Location(file, 1, 1)))
    return LoadedLens(doc, source_map, text=text, findings=findings)


def _last_token(pointer: str) -> str:
    return pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")


def _unreadable(rule: Rule, message: str, location: Location) -> LoadedLens:
    return LoadedLens(None, SourceMap(location.file), findings=[Finding(rule.code, rule.severity, message, location)])
