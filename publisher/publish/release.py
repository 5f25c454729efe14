"""The release: the validated lens document walens wants every target to publish, plus its metadata."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from publisher import __version__
from publisher.errors import Refused
from publisher.findings import Finding
from publisher.gitrepo import git_or_none
from publisher.lensjson import canonical_text, text_fingerprint, wire_text
from publisher.publish.exports import export_fingerprint
from publisher.publish.version_count import VERSION_COUNT_TAG, VERSION_TAG, VersionCount

TOOL_VERSION_TAG = "walens:tool-version"
COMMIT_TAG = "walens:commit"


@dataclass(frozen=True, eq=False)
class Release:
    """A lens document to publish, with the version it declares and the tags it carries.

    ``doc`` is never changed: its canonical text, fingerprint and wire text are computed once per run.
    (Equal by identity, so that results derived from a release can be cached by it.)
    """

    doc: dict[str, Any]
    declared_version: str
    tags: Mapping[str, str] = field(default_factory=dict)
    commit: str = "unknown"
    #: Reading and validation warnings of the sources, for the command to show.
    warnings: tuple[Finding, ...] = ()
    #: Question id -> the choices the sources list as never not applicable (``walens reviews`` flags them).
    never_not_applicable: Mapping[str, frozenset[str]] = field(default_factory=dict)

    @property
    def name(self) -> str:
        return str(self.doc["name"])

    @cached_property
    def canonical_text(self) -> str:
        """``lensjson.canonical_text`` of ``doc``."""
        return canonical_text(self.doc)

    @cached_property
    def fingerprint(self) -> str:
        """``lensjson.fingerprint`` of ``doc``."""
        return text_fingerprint(self.canonical_text)

    @cached_property
    def wire_text(self) -> str:
        """``doc`` as ImportLens receives it."""
        return wire_text(self.doc)

    def holds(self, lens_json: str) -> bool:
        """Whether an ExportLens text is exactly this release (``number`` fields aside)."""
        return export_fingerprint(lens_json) == self.fingerprint

    def walens_tags(self, version: str, version_count: VersionCount) -> dict[str, str]:
        """The tags walens maintains on a lens it publishes (besides the configured ones)."""
        return {COMMIT_TAG: self.commit, VERSION_TAG: version, TOOL_VERSION_TAG: __version__,
                VERSION_COUNT_TAG: version_count.tag_value()}


def source_commit(path: Path) -> str:
    """The git commit of ``path`` (``+dirty`` when it has uncommitted changes), or ``unknown``."""
    commit = git_or_none("rev-parse", "HEAD", cwd=path)
    dirty = git_or_none("status", "--porcelain", "--", ".", cwd=path)
    if commit is None or dirty is None:
        return "unknown"
    return f"{commit.decode().strip()}+dirty" if dirty.strip() else commit.decode().strip()


def build_release(lens_dir: Path, extra_tags: Mapping[str, str], *, validate: bool = True) -> Release:
    """Load and (unless told not to) validate the lens sources.

    Sources that cannot be read (they do not compile) raise InputError, as in every command;
    a lens that reads but has validation errors is refused.
    """
    from publisher.loader import load_sources
    from publisher.validate.engine import validate_loaded

    lens = load_sources(lens_dir)
    doc = lens.document()
    findings = validate_loaded(lens) if validate else lens.findings
    errors = [finding for finding in findings if finding.is_error]
    if errors:
        raise Refused(f"{lens_dir} has {len(errors)} validation error(s), publishing refused; first: "
                      f"{errors[0].as_line()} (run `walens validate {lens_dir}`)")
    return Release(doc=doc, declared_version=lens.version or "",
                   tags={**extra_tags, **lens.tags}, commit=source_commit(lens_dir),
                   warnings=tuple(finding for finding in findings if not finding.is_error),
                   never_not_applicable={qid: frozenset(ids) for qid, ids in lens.never_not_applicable.items()})
