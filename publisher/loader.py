"""One way to load a lens, whatever names it.

Every command that reads a lens (build, validate, explain, diff, review, render, decompile, plan,
publish, rollback) goes through :func:`load`, which accepts:

- a lens source folder (with ``lens.yaml``), or a YAML/Markdown file inside one;
- a lens JSON file (an ExportLens result, a build output);
- ``git:<rev>[:<path>]``: that folder or JSON file in a git revision, read from the object
  database without touching the work tree or the index;
- ``published`` / ``draft``: the lens the service holds, through an exporter the caller provides.

It returns a :class:`LoadedLens`: the document, where each value comes from, and the problems
found while reading. Reading problems (encoding, byte-order mark, invalid JSON, NaN, duplicate
keys, size and nesting limits) are findings with stable codes, identical for every command;
``validate`` reports them, the other commands refuse a lens with a loading error through
:meth:`LoadedLens.document`. A path that does not exist, or is not a lens at all, raises InputError.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from publisher.errors import InputError
from publisher.findings import CATALOGUE, Finding, Location, Rule, Severity, SourceMap

if TYPE_CHECKING:
    from publisher.assess.rules import RuleSet

GIT_PREFIX = "git:"
SERVICE_REFS = ("published", "draft")
SOURCE_SUFFIXES = frozenset({".yaml", ".yml", ".md"})
LENS_FILE = "lens.yaml"
BOM = "\ufeff"
#: The service imports at most 500,000 characters; anything ten times larger is refused unread.
MAX_JSON_BYTES = 5 * 1024 * 1024

INVALID_JSON = Rule("E0001", Severity.ERROR, "The file is not valid JSON (NaN, trailing comma, truncated...)",
                    "https://www.rfc-editor.org/rfc/rfc8259")
NOT_UTF8 = Rule("E0002", Severity.ERROR, "The file is not valid UTF-8 text",
                "https://www.rfc-editor.org/rfc/rfc8259#section-8.1")
DUPLICATE_KEY = Rule("W0003", Severity.WARNING, "An object has the same property twice (the last one wins)",
                     CATALOGUE + "#w0003")
BYTE_ORDER_MARK = Rule("W0004", Severity.WARNING, "The file starts with a UTF-8 byte order mark",
                       CATALOGUE + "#w0004")
TOO_LARGE = Rule("E0005", Severity.ERROR, f"The file is larger than walens reads ({MAX_JSON_BYTES} bytes)",
                 CATALOGUE + "#e0005")
LOADING_RULES = (INVALID_JSON, NOT_UTF8, DUPLICATE_KEY, BYTE_ORDER_MARK, TOO_LARGE)

#: Loads the lens the service holds: called with "published" or "draft".
Exporter = Callable[[str], dict[str, Any]]


class LensNotFound(InputError):
    """The path, or the path in a git revision, does not exist."""


@dataclass
class LoadedLens:
    """A lens as read: the document (None when unreadable), its source map and reading findings.

    ``version`` and ``tags`` come from ``lens.yaml`` (sources only: the JSON format has neither);
    ``text`` is the JSON text the source map describes, for exact columns and size checks;
    ``never_not_applicable`` maps a question id to its source-only ``neverNotApplicable`` choices;
    ``evidence`` holds the source-only ``evidence:`` rules of ``walens assess`` (None for lens JSON).
    """

    label: str
    doc: Any
    source_map: SourceMap
    findings: list[Finding] = field(default_factory=list)
    text: str | None = None
    suppress: frozenset[str] = frozenset()
    version: str | None = None
    tags: dict[str, str] = field(default_factory=dict)
    never_not_applicable: dict[str, tuple[str, ...]] = field(default_factory=dict)
    evidence: RuleSet | None = None

    @property
    def errors(self) -> list[Finding]:
        return sorted((finding for finding in self.findings if finding.is_error), key=Finding.sort_key)

    @property
    def warnings(self) -> list[Finding]:
        return sorted((finding for finding in self.findings if not finding.is_error), key=Finding.sort_key)

    def document(self) -> dict[str, Any]:
        """The lens document; InputError naming the first loading error when it could not be read
        cleanly, or when it is not a JSON object."""
        errors = self.errors
        if errors:
            more = f" (and {len(errors) - 1} more errors; run 'walens validate')" if len(errors) > 1 else ""
            raise InputError(f"{errors[0].as_line()}{more}")
        if not isinstance(self.doc, dict):
            raise InputError(f"a lens is a JSON object, not {_json_type(self.doc)}", self.label)
        return self.doc


def load(ref: str | Path, *, lens_dir: Path | None = None, exporter: Exporter | None = None) -> LoadedLens:
    """The lens ``ref`` names; ``lens_dir`` is the lens to read from a bare ``git:<rev>``."""
    text = str(ref)
    if isinstance(ref, str) and text in SERVICE_REFS:
        if exporter is None:
            raise InputError(f"{text!r} names the lens held by the service; this command cannot reach it "
                             "(use a file, a folder or git:<rev>)")
        return LoadedLens(text, exporter(text), SourceMap(text))
    if isinstance(ref, str) and text.startswith(GIT_PREFIX):
        return load_git(text[len(GIT_PREFIX):], lens_dir)
    return load_path(Path(ref))


def lens_target(path: Path) -> Path:
    """What ``path`` stands for: a source file (as pre-commit passes them) stands for the lens
    folder that holds it; folders and JSON files stand for themselves."""
    if not path.exists() and not path.is_symlink():
        raise LensNotFound(f"{path}: no such file or folder")
    if path.is_dir() or path.suffix.lower() not in SOURCE_SUFFIXES:
        return path
    for folder in path.resolve().parents:
        if (folder / LENS_FILE).is_file():
            return folder if path.is_absolute() else Path(os.path.relpath(folder))
    raise InputError(f"{path}: not inside a lens source folder (no {LENS_FILE} above it)")


def load_path(path: Path, label: str | None = None) -> LoadedLens:
    """A lens source folder (or a file inside one) or a lens JSON file."""
    target = lens_target(path)
    shown = label or str(target)
    if target.is_dir():
        return load_sources(target, shown)
    size = _regular_file_size(target)
    if size > MAX_JSON_BYTES:
        return _too_large(size, shown)
    try:
        return load_json_bytes(target.read_bytes(), shown)
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(target)) from exc


def load_sources(folder: Path, label: str | None = None) -> LoadedLens:
    """Compile a lens source folder; source problems are findings."""
    from publisher.assess.rules import read_rules
    from publisher.sources import compile_lens, is_lens_dir

    if not is_lens_dir(folder):
        raise InputError(f"{folder}: not a lens source folder (no {LENS_FILE}) and not a JSON file")
    compiled = compile_lens(folder)
    return LoadedLens(label or str(folder), compiled.doc if compiled.complete else None, compiled.source_map,
                      list(compiled.findings), suppress=compiled.suppress, version=compiled.version or None,
                      tags=dict(compiled.tags), never_not_applicable=dict(compiled.never_not_applicable),
                      evidence=read_rules(compiled.front_matter))


def load_json_bytes(data: bytes, file: str) -> LoadedLens:
    """Decode and parse lens JSON, with a position for every value; reading problems are findings."""
    if len(data) > MAX_JSON_BYTES:
        return _too_large(len(data), file)
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        message = f"byte 0x{data[exc.start]:02X} at byte offset {exc.start} is not valid UTF-8: save the file as UTF-8"
        return _unreadable(NOT_UTF8, message, Location(file, line, column))
    from publisher.jsonpos import JsonSyntaxError, load_with_positions

    duplicates: list[str] = []
    try:
        doc, source_map = load_with_positions(text, file, duplicates=duplicates)
    except JsonSyntaxError as exc:
        return _unreadable(INVALID_JSON, f"invalid JSON: {exc.message}", Location(file, exc.line, exc.column))
    findings = [Finding(DUPLICATE_KEY.code, DUPLICATE_KEY.severity,
                        f"property '{_last_token(pointer)}' appears twice in the same object: the last one wins",
                        source_map.locate(pointer))
                for pointer in duplicates]
    if text.startswith(BOM):
        findings.append(Finding(BYTE_ORDER_MARK.code, BYTE_ORDER_MARK.severity,
                                "the file starts with a byte order mark: save it as UTF-8 without BOM, "
                                "as JSON parsers may reject it", Location(file, 1, 1)))
    return LoadedLens(file, doc, source_map, findings, text=text)


def load_git(spec: str, lens_dir: Path | None) -> LoadedLens:
    """``<rev>[:<path>]``: the lens at ``path`` (a folder or JSON file; default ``lens_dir``) in ``rev``.

    Findings and the source map name files as ``git:<rev>:<path>/<file>``, so a location points
    at the file and line in that revision, never at a temporary folder.
    """
    from publisher.gitrepo import git, git_or_none

    rev, _, path_text = spec.partition(":")
    if not rev:
        raise InputError("git: needs a revision, e.g. git:HEAD~1 or git:main:lens_src/eks")
    target = Path(path_text) if path_text else lens_dir
    if target is None:
        raise InputError(f"git:{rev} does not say which lens: write git:{rev}:<lens folder>, pass --lens-dir, "
                         "or give a folder as the other side")
    root_text = git_or_none("rev-parse", "--show-toplevel")
    if root_text is None:
        raise InputError(f"git:{rev}: {Path.cwd()} is not inside a git repository; give a lens folder or JSON file")
    root = Path(root_text.decode().strip())
    inside = _path_in_repo(target, root)
    commit = git("rev-parse", "--verify", "--quiet", f"{rev}^{{commit}}", cwd=root,
                 failure=f"git:{rev}: unknown revision (fetch it first, e.g. git fetch origin main)").decode().strip()
    label = f"{GIT_PREFIX}{rev}:{inside}"
    kind = git_or_none("cat-file", "-t", f"{commit}:{inside}", cwd=root)
    if kind is None:
        raise LensNotFound(f"{label}: no such file or folder in that revision")
    if kind.strip() == b"blob":
        data = git("cat-file", "blob", f"{commit}:{inside}", cwd=root)
        return load_json_bytes(data, label) if not _is_source_file(inside) else _git_sources(
            root, commit, str(Path(inside).parent), f"{GIT_PREFIX}{rev}:{Path(inside).parent.as_posix()}")
    return _git_sources(root, commit, inside, label)


def _git_sources(root: Path, commit: str, inside: str, label: str) -> LoadedLens:
    import tarfile
    import tempfile
    from io import BytesIO

    from publisher.gitrepo import git

    archive = git("archive", "--format=tar", commit, "--", inside, cwd=root)
    with tempfile.TemporaryDirectory(prefix="walens-git-") as tmp, tarfile.open(fileobj=BytesIO(archive)) as tar:
        tar.extractall(tmp, filter="data")
        loaded = load_sources(Path(tmp, inside), label)
        return _relabel(loaded, Path(tmp, inside), label)


def _relabel(loaded: LoadedLens, folder: Path, label: str) -> LoadedLens:
    """Name every file of ``folder`` as ``label/<file>`` in the findings and the source map."""
    prefixes = tuple(dict.fromkeys(str(p) for p in (folder, folder.resolve(), _display(folder))))

    def rename(file: str) -> str:
        for prefix in prefixes:
            if file == prefix or file.startswith(prefix + os.sep):
                return label + file[len(prefix):].replace(os.sep, "/")
        return file

    loaded.source_map.rename_files(rename)
    loaded.findings = [replace(f, location=replace(f.location, file=rename(f.location.file)))
                       for f in loaded.findings]
    if loaded.evidence is not None:
        loaded.evidence = loaded.evidence.relabel(rename)
    return loaded


def _display(folder: Path) -> str:
    from publisher.sources.files import display_path

    return display_path(folder)


def _is_source_file(path: str) -> bool:
    return Path(path).suffix.lower() in SOURCE_SUFFIXES


def _path_in_repo(target: Path, root: Path) -> str:
    absolute = target if target.is_absolute() else Path.cwd() / target
    try:
        relative = absolute.resolve().relative_to(root.resolve())
    except ValueError as exc:
        raise InputError(f"{target}: not inside the git repository at {root}") from exc
    return relative.as_posix() if relative.parts else "."


def _regular_file_size(path: Path) -> int:
    """The size of ``path``; a FIFO, device or socket is refused before anything opens it (it could hang)."""
    try:
        info = path.stat()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from exc
    if not stat.S_ISREG(info.st_mode):
        raise InputError("not a regular file (a lens is a source folder or a JSON file)", str(path))
    return info.st_size


def _too_large(size: int, file: str) -> LoadedLens:
    return _unreadable(TOO_LARGE, f"the file is {size:,} bytes; walens reads lens JSON up to {MAX_JSON_BYTES:,} "
                       "bytes (the service imports at most 500,000 characters)", Location(file))


def _unreadable(rule: Rule, message: str, location: Location) -> LoadedLens:
    return LoadedLens(location.file, None, SourceMap(location.file),
                      [Finding(rule.code, rule.severity, message, location)])


def _last_token(pointer: str) -> str:
    return pointer.rsplit("/", 1)[1].replace("~1", "/").replace("~0", "~")


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "an array", str: "a string", bool: "a boolean", type(None): "null"}
    return names.get(type(value), "a number")


__all__ = ["GIT_PREFIX", "LOADING_RULES", "MAX_JSON_BYTES", "SERVICE_REFS", "Exporter", "LensNotFound",
           "LoadedLens", "lens_target", "load", "load_json_bytes", "load_path", "load_sources"]
