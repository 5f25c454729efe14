"""The release: the validated lens document walens wants every target to publish, plus its metadata."""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.errors import EXIT_FINDINGS, WalensError

TOOL_VERSION_TAG = "walens:tool-version"
COMMIT_TAG = "walens:commit"
VERSION_TAG = "walens:version"
VERSION_COUNT_TAG = "walens:version-count"


@dataclass(frozen=True)
class Release:
    """A lens document to publish, with the version it declares and the tags it carries."""

    doc: dict[str, Any]
    declared_version: str
    tags: Mapping[str, str] = field(default_factory=dict)
    commit: str = "unknown"

    @property
    def name(self) -> str:
        return str(self.doc["name"])

    def walens_tags(self, version: str, version_count: int) -> dict[str, str]:
        """The tags walens maintains on a lens it publishes (besides the configured ones)."""
        return {COMMIT_TAG: self.commit, VERSION_TAG: version, TOOL_VERSION_TAG: __version__,
                VERSION_COUNT_TAG: str(version_count)}


def source_commit(path: Path) -> str:
    """The git commit of ``path`` (``+dirty`` when it has uncommitted changes), or ``unknown``."""
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=path, capture_output=True, text=True, check=True,
                              timeout=30).stdout.strip()

    try:
        commit = git("rev-parse", "HEAD")
        dirty = git("status", "--porcelain", "--", ".")
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{commit}+dirty" if dirty else commit


def build_release(lens_dir: Path, extra_tags: Mapping[str, str], *, validate: bool = True) -> Release:
    """Compile and (unless told not to) validate the lens sources; refuse a lens with validation errors."""
    from publisher.sources import compile_lens
    from publisher.validate import validate_document

    if not lens_dir.is_dir():
        raise WalensError(f"lens source folder {lens_dir} not found", 2)
    compiled = compile_lens(lens_dir)
    findings = [*compiled.findings]
    if validate:
        findings += validate_document(compiled.doc, compiled.source_map, compiled.suppress)
    errors = sorted((f for f in findings if f.is_error), key=lambda f: f.sort_key())
    if errors:
        raise WalensError(f"{lens_dir} has {len(errors)} validation error(s), publishing refused; first: "
                          f"{errors[0].as_line()} (run `walens validate {lens_dir}`)", EXIT_FINDINGS)
    return Release(doc=compiled.doc, declared_version=compiled.version,
                   tags={**extra_tags, **compiled.tags}, commit=source_commit(lens_dir))
