"""Paths in a review report: relative to the repository root, so that neither the report nor where
GitHub cuts the comment depends on where the checkout lives."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from publisher.findings import Finding
from publisher.gitrepo import git_or_none
from publisher.loader import GIT_PREFIX


def repository_root() -> Path:
    """The top of the git work tree around the current folder; the current folder outside one."""
    top = git_or_none("rev-parse", "--show-toplevel")
    return Path(top.decode().strip()) if top else Path.cwd()


def shown(path: str, root: Path) -> str:
    """``path`` relative to ``root`` (with ``/``) when it lies inside it; a ``git:`` reference or a
    path outside the repository as given."""
    if not path or path.startswith(GIT_PREFIX):
        return path
    try:
        return Path(path).resolve().relative_to(root.resolve()).as_posix()
    except (ValueError, OSError):
        return path


def shown_findings(findings: list[Finding], root: Path) -> list[Finding]:
    """``findings`` with their files as :func:`shown`."""
    return [replace(finding, location=replace(finding.location, file=shown(finding.location.file, root)))
            for finding in findings]
