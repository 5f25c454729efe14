"""Where a lens to compare comes from: a JSON file, a source folder, a git revision or the service.

``git:<rev>[:<path>]`` reads the revision straight from the object database (``git show`` for a
JSON file, ``git archive`` of a lens folder into a temporary directory that is then compiled), so
the work tree and the index are never touched.
"""

from __future__ import annotations

import subprocess
import tarfile
import tempfile
from collections.abc import Callable
from io import BytesIO
from pathlib import Path
from typing import Any

from publisher.errors import EXIT_USAGE, WalensError
from publisher.lensjson import load_text

#: Loads the lens the service holds: called with "published" or "draft".
Exporter = Callable[[str], dict[str, Any]]
SERVICE_REFS = ("published", "draft")
GIT_PREFIX = "git:"


def resolve_lens_ref(ref: str, *, exporter: Exporter | None = None, lens_dir: Path | None = None) -> dict[str, Any]:
    """The lens document ``ref`` names; ``lens_dir`` is the folder to use for a bare ``git:<rev>``."""
    if ref in SERVICE_REFS:
        if exporter is None:
            raise WalensError(f"{ref!r} names the lens held by the service; this command cannot reach it "
                              "(use a file, a folder or git:<rev>)", EXIT_USAGE)
        return exporter(ref)
    if ref.startswith(GIT_PREFIX):
        return load_git_ref(ref[len(GIT_PREFIX):], lens_dir)
    return load_path(Path(ref))


def load_path(path: Path) -> dict[str, Any]:
    """A lens JSON file, or a lens source folder compiled in memory."""
    if path.is_dir():
        return compile_folder(path, str(path))
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise WalensError(f"{path}: no such file or folder", EXIT_USAGE) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise WalensError(f"{path}: cannot read: {exc}", EXIT_USAGE) from exc
    return _require_lens(load_text(text, str(path)), str(path))


def compile_folder(folder: Path, shown: str) -> dict[str, Any]:
    """Compile lens sources; any source error stops the diff (it would compare a broken lens)."""
    from publisher.sources import compile_lens

    compiled = compile_lens(folder)
    errors = sorted((finding for finding in compiled.findings if finding.is_error), key=lambda f: f.sort_key())
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more errors; run 'walens validate')" if len(errors) > 1 else ""
        where = f"{_shown_file(first.location.file, folder, shown)}:{first.location.line}:{first.location.column}"
        raise WalensError(f"{shown}: cannot compile the lens: {where}: {first.code} {first.message}{more}",
                          EXIT_USAGE)
    return compiled.doc


def _shown_file(file: str, folder: Path, shown: str) -> str:
    """A finding's file as the user named the lens (``git:<rev>:<path>/...`` rather than a temp dir)."""
    for prefix in dict.fromkeys((str(folder), str(folder.resolve()))):
        if file.startswith(prefix):
            return shown + file[len(prefix):]
    return file


def load_git_ref(spec: str, lens_dir: Path | None) -> dict[str, Any]:
    """``<rev>[:<path>]``: the lens at ``path`` (a folder or JSON file; default ``lens_dir``) in ``rev``."""
    rev, _, path_text = spec.partition(":")
    if not rev:
        raise WalensError("git: needs a revision, e.g. git:HEAD~1 or git:main:lens_src/eks", EXIT_USAGE)
    target = Path(path_text) if path_text else lens_dir
    if target is None:
        raise WalensError(f"git:{rev} does not say which lens: write git:{rev}:<lens folder>, pass --lens-dir, "
                          "or give a folder as the other side", EXIT_USAGE)
    root = Path(_git(Path.cwd(), "rev-parse", "--show-toplevel").decode().strip())
    inside = _path_in_repo(target, root)
    commit = _git(root, "rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}",
                  failure=f"git:{rev}: unknown revision").decode().strip()
    label = f"git:{rev}:{inside}"
    kind = _git(root, "cat-file", "-t", f"{commit}:{inside}",
                failure=f"{label}: no such file or folder in that revision").decode().strip()
    if kind == "blob":
        data = _git(root, "show", f"{commit}:{inside}")
        try:
            return _require_lens(load_text(data.decode("utf-8"), label), label)
        except UnicodeDecodeError as exc:
            raise WalensError(f"{label}: not UTF-8 text", EXIT_USAGE) from exc
    archive = _git(root, "archive", "--format=tar", commit, "--", inside)
    with tempfile.TemporaryDirectory(prefix="walens-git-") as tmp, \
            tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
        return compile_folder(Path(tmp, inside), label)


def _path_in_repo(target: Path, root: Path) -> str:
    absolute = target if target.is_absolute() else Path.cwd() / target
    try:
        relative = absolute.resolve().relative_to(root.resolve())
    except ValueError as exc:
        raise WalensError(f"{target}: not inside the git repository at {root}", EXIT_USAGE) from exc
    return relative.as_posix() if relative.parts else "."


def _git(cwd: Path, *args: str, failure: str | None = None) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(cwd), *args], capture_output=True, check=False)
    except FileNotFoundError as exc:
        raise WalensError("git: the git program is not installed", EXIT_USAGE) from exc
    if result.returncode != 0:
        detail = result.stderr.decode(errors="replace").strip().splitlines()
        message = failure or f"git {args[0]}: {detail[-1] if detail else f'exit code {result.returncode}'}"
        raise WalensError(message, EXIT_USAGE)
    return result.stdout


def _require_lens(doc: Any, shown: str) -> dict[str, Any]:
    if not isinstance(doc, dict):
        raise WalensError(f"{shown}: a lens is a JSON object, not {type(doc).__name__}", EXIT_USAGE)
    return doc
