"""Loading the two sides of a review: the base (usually a git revision) and the head (the work tree).

Besides the lens document, a review needs each side's declared version, which lives in ``lens.yaml``
rather than in the lens JSON, and must cope with a base in which the lens does not exist yet.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

import yaml

from publisher.diff.refs import GIT_PREFIX, resolve_lens_ref
from publisher.errors import EXIT_USAGE, WalensError
from publisher.findings import Finding, SourceMap
from publisher.review.model import LensSide

LENS_FILE = "lens.yaml"
PREFERRED_BASE = "origin/main"


def default_base() -> str:
    """``git:origin/main`` when that branch is known (CI, a fetched clone), else ``git:HEAD``."""
    known = _git("rev-parse", "--verify", "--quiet", f"{PREFERRED_BASE}^{{commit}}") is not None
    return f"{GIT_PREFIX}{PREFERRED_BASE if known else 'HEAD'}"


def load_base(ref: str, lens_dir: Path) -> LensSide:
    """The base side; a git revision in which the lens folder does not exist yet gives an empty side."""
    if ref.startswith(GIT_PREFIX):
        rev, target = _split_git(ref, lens_dir)
        if _git("rev-parse", "--git-dir") is None:
            raise WalensError(f"{ref}: {Path.cwd()} is not inside a git repository; pass --base with a lens folder "
                              "or JSON file", EXIT_USAGE)
        if _git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}") is None:
            raise WalensError(f"{ref}: unknown git revision (fetch it first, e.g. git fetch origin main)", EXIT_USAGE)
        if _git("cat-file", "-e", f"{rev}:./{target.as_posix()}") is None:
            return LensSide(ref, None, None)
    return LensSide(ref, resolve_lens_ref(ref, lens_dir=lens_dir), declared_version(ref, lens_dir))


def load_head(ref: str | None, lens_dir: Path) -> tuple[LensSide, list[Finding], bool]:
    """The head side, its source and validation findings, and whether its sources compiled."""
    from publisher.sources import compile_lens, is_lens_dir
    from publisher.validate import validate_document, validate_path

    path = Path(ref) if ref is not None and not ref.startswith(GIT_PREFIX) else None
    if ref is None or (path is not None and path.is_dir()):
        folder = path or lens_dir
        if not is_lens_dir(folder):
            raise WalensError(f"{folder} is not a lens source folder (no {LENS_FILE})", EXIT_USAGE)
        compiled = compile_lens(folder)
        findings = [*compiled.findings, *validate_document(compiled.doc, compiled.source_map, compiled.suppress)]
        side = LensSide(str(folder), compiled.doc, compiled.version or None)
        return side, findings, not compiled.has_errors
    if path is not None:
        return LensSide(str(path), resolve_lens_ref(str(path)), None), validate_path(path), True
    doc = resolve_lens_ref(ref, lens_dir=lens_dir)
    return LensSide(ref, doc, declared_version(ref, lens_dir)), validate_document(doc, SourceMap(ref)), True


def declared_version(ref: str, lens_dir: Path) -> str | None:
    """The ``version`` of the lens.yaml behind ``ref``; None for a JSON file, which declares none."""
    if ref.startswith(GIT_PREFIX):
        rev, target = _split_git(ref, lens_dir)
        text = _git("show", f"{rev}:./{(target / LENS_FILE).as_posix()}")
        return _version_of(text.decode("utf-8", errors="replace")) if text is not None else None
    lens_file = Path(ref) / LENS_FILE
    return _version_of(lens_file.read_text(encoding="utf-8")) if lens_file.is_file() else None


def _version_of(lens_yaml: str) -> str | None:
    try:
        data: Any = yaml.safe_load(lens_yaml)
    except yaml.YAMLError:
        return None  # the compiler reports the broken file with its position
    version = data.get("version") if isinstance(data, dict) else None
    return str(version) if version is not None else None


def _split_git(ref: str, lens_dir: Path) -> tuple[str, Path]:
    """Revision and lens path (relative to the current folder, as git's ``rev:./path`` wants it)."""
    rev, _, path_text = ref[len(GIT_PREFIX):].partition(":")
    target = Path(path_text) if path_text else lens_dir
    return rev, Path(os.path.relpath(target)) if target.is_absolute() else target


def _git(*args: str) -> bytes | None:
    """Output of a git command run in the current folder, or None when it fails."""
    try:
        result = subprocess.run(["git", *args], capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise WalensError("git: the git program is not installed", EXIT_USAGE) from exc
    return result.stdout if result.returncode == 0 else None
