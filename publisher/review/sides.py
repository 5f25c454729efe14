"""Loading the two sides of a review: the base (usually a git revision) and the head (the work tree).

Both go through the one lens loader (``publisher.loader``), which also gives each side's declared
version (from ``lens.yaml``; a JSON file declares none). The base may predate the lens: a git
revision in which the lens does not exist yet gives an empty side.

The default base is where the branch started: the merge-base of ``HEAD`` with ``origin/main`` (else
``main``), as ``git diff main...HEAD`` compares; ``git:<rev>...`` asks for the same with any branch.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from publisher.findings import Finding
from publisher.gitrepo import git, git_or_none
from publisher.loader import GIT_PREFIX, LensNotFound, load
from publisher.review.model import LensSide

BASE_BRANCHES = ("origin/main", "main")
MERGE_BASE_SUFFIX = "..."


@dataclass(frozen=True)
class Base:
    """The base revision to compare with, and how it was chosen (shown in the report's header)."""

    ref: str
    note: str = ""


def default_base() -> Base:
    """The merge-base of HEAD with origin/main, else main; ``git:HEAD`` (uncommitted work) without either."""
    for branch in BASE_BRANCHES:
        if git_or_none("rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}") is not None:
            return resolve_base(f"{GIT_PREFIX}{branch}{MERGE_BASE_SUFFIX}")
    return Base(f"{GIT_PREFIX}HEAD", "HEAD (no origin/main or main branch): the review of uncommitted work")


def resolve_base(ref: str) -> Base:
    """``git:<rev>...`` becomes the merge-base of ``<rev>`` and HEAD; any other reference stays as given."""
    if not (ref.startswith(GIT_PREFIX) and ref.endswith(MERGE_BASE_SUFFIX)):
        return Base(ref)
    branch = ref.removeprefix(GIT_PREFIX).removesuffix(MERGE_BASE_SUFFIX)
    fork = git("merge-base", branch, "HEAD", failure=f"--base {ref}: {branch} and HEAD share no history")
    sha = fork.decode().strip()
    return Base(f"{GIT_PREFIX}{sha}", f"the merge-base of {branch} and HEAD ({sha[:12]}), like git diff "
                f"{branch}...HEAD: changes that landed on {branch} after the branch started are not shown as "
                "reverted")


def load_base(ref: str, lens_dir: Path) -> LensSide:
    """The base side; a git revision in which the lens does not exist yet gives an empty side."""
    from publisher.assess.rules import RuleSet

    try:
        lens = load(ref, lens_dir=lens_dir)
    except LensNotFound:
        if ref.startswith(GIT_PREFIX):
            return LensSide(ref, None, None, RuleSet({}, []))  # a new lens: every evidence rule is added
        raise
    return LensSide(ref, lens.document(), lens.version, lens.evidence)


def load_head(ref: str | None, lens_dir: Path) -> tuple[LensSide, list[Finding], bool]:
    """The head side, its reading and validation findings, and whether it could be read cleanly."""
    from publisher.validate.engine import validate_loaded

    lens = load(ref if ref is not None else lens_dir, lens_dir=lens_dir)
    readable = not lens.errors and isinstance(lens.doc, dict)
    label = ref if ref is not None else str(lens_dir)
    return (LensSide(label, lens.doc if readable else None, lens.version, lens.evidence), validate_loaded(lens),
            readable)
