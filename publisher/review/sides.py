"""Loading the two sides of a review: the base (usually a git revision) and the head (the work tree).

Both go through the one lens loader (``publisher.loader``), which also gives each side's declared
version (from ``lens.yaml``; a JSON file declares none). The base may predate the lens: a git
revision in which the lens does not exist yet gives an empty side.
"""

from __future__ import annotations

from pathlib import Path

from publisher.findings import Finding
from publisher.gitrepo import git_or_none
from publisher.loader import GIT_PREFIX, LensNotFound, load
from publisher.review.model import LensSide

PREFERRED_BASE = "origin/main"


def default_base() -> str:
    """``git:origin/main`` when that branch is known (CI, a fetched clone), else ``git:HEAD``."""
    known = git_or_none("rev-parse", "--verify", "--quiet", f"{PREFERRED_BASE}^{{commit}}") is not None
    return f"{GIT_PREFIX}{PREFERRED_BASE if known else 'HEAD'}"


def load_base(ref: str, lens_dir: Path) -> LensSide:
    """The base side; a git revision in which the lens does not exist yet gives an empty side."""
    try:
        lens = load(ref, lens_dir=lens_dir)
    except LensNotFound:
        if ref.startswith(GIT_PREFIX):
            return LensSide(ref, None, None)
        raise
    return LensSide(ref, lens.document(), lens.version)


def load_head(ref: str | None, lens_dir: Path) -> tuple[LensSide, list[Finding], bool]:
    """The head side, its reading and validation findings, and whether it could be read cleanly."""
    from publisher.validate.engine import validate_loaded

    lens = load(ref if ref is not None else lens_dir, lens_dir=lens_dir)
    readable = not lens.errors and isinstance(lens.doc, dict)
    label = ref if ref is not None else str(lens_dir)
    return LensSide(label, lens.doc if readable else None, lens.version), validate_loaded(lens), readable
