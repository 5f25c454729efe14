"""Lens sources of a diff: JSON files, source folders, git revisions (work tree untouched), the service."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from publisher.cli_exit import EXIT_USAGE, exit_code_for
from publisher.diff import diff_lenses
from publisher.errors import WalensError
from publisher.loader import load
from publisher.sources.decompiler import decompile

from .lensfactory import Lens, edited, make_lens, question

LENS_DIR = "lens_src/example"


def git(repo: Path, *args: str) -> str:
    command = ["git", "-C", str(repo), "-c", "user.name=Test", "-c", "user.email=test@example.com", *args]
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def write_lens(repo: Path, doc: Lens) -> None:
    """The lens as sources under lens_src/example and as build/example.json."""
    shutil.rmtree(repo / LENS_DIR, ignore_errors=True)
    decompile(doc, repo / LENS_DIR)
    (repo / "build").mkdir(exist_ok=True)
    (repo / "build" / "example.json").write_text(json.dumps(doc), encoding="utf-8")


@pytest.fixture
def v1() -> Lens:
    return make_lens()


@pytest.fixture
def v2(v1: Lens) -> Lens:
    doc = edited(v1)
    question(doc, "ops_q1")["title"] = "How do you run ops q1 safely?"
    return doc


@pytest.fixture
def repo(tmp_path: Path, v1: Lens, v2: Lens, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository with two commits (v1, then v2), used as the working directory."""
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q")
    for message, doc in (("v1", v1), ("v2", v2)):
        write_lens(root, doc)
        git(root, "add", ".")
        git(root, "commit", "-q", "-m", message)
    monkeypatch.chdir(root)
    return root


def test_json_file(tmp_path: Path, v1: Lens) -> None:
    path = tmp_path / "lens.json"
    path.write_text(json.dumps(v1), encoding="utf-8")
    assert load(str(path)).document() == v1


@pytest.mark.parametrize(("content", "message"), [
    ('{"name": NaN}', "lens.json:1:10: E0001 invalid JSON: NaN is not valid JSON"),
    ('{"name": \n  oops}', "lens.json:2:3: E0001 invalid JSON"),
    ("[1, 2]", "lens.json: a lens is a JSON object, not an array"),
    ('{"name": 1e999}', "lens.json:1:10: E0001 invalid JSON: 1e999 is too large for a number"),
    ("[" * 300 + "]" * 300, "lens.json:1:201: E0001 invalid JSON: arrays and objects nested deeper than 200"),
])
def test_bad_json_files(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "lens.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(WalensError, match=message) as caught:
        load(str(path)).document()
    assert exit_code_for(caught.value) == EXIT_USAGE


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(WalensError, match="no such file or folder"):
        load(str(tmp_path / "absent.json")).document()


def test_source_folder_is_compiled(tmp_path: Path, v1: Lens) -> None:
    decompile(v1, tmp_path / "example")
    assert diff_lenses(v1, load(str(tmp_path / "example")).document()).classification == "none"


def test_source_folder_with_errors_stops_the_diff(tmp_path: Path, v1: Lens) -> None:
    decompile(v1, tmp_path / "example")
    (tmp_path / "example" / "ops" / "ops_q1.md").unlink()
    missing = r"ops/pillar.yaml:3:3: E0902 question file ops_q1.md does not exist"  # no schema hint above tmp
    with pytest.raises(WalensError, match=missing) as caught:
        load(str(tmp_path / "example")).document()
    assert exit_code_for(caught.value) == EXIT_USAGE


def test_git_revision_of_a_folder_and_a_json_file(repo: Path, v1: Lens, v2: Lens) -> None:
    old = load(f"git:HEAD~1:{LENS_DIR}").document()
    assert diff_lenses(v1, old).classification == "none"
    assert load("git:HEAD~1:build/example.json").document() == v1
    assert load("git:HEAD:build/example.json").document() == v2
    result = diff_lenses(old, load(LENS_DIR).document())
    assert [change.path for change in result.changes] == ["ops/ops_q1/title"]


def test_bare_git_revision_uses_the_given_lens_dir(repo: Path, v1: Lens, monkeypatch: pytest.MonkeyPatch) -> None:
    assert diff_lenses(v1, load("git:HEAD~1", lens_dir=Path(LENS_DIR)).document()).classification == "none"
    monkeypatch.chdir(repo / "lens_src")  # paths are relative to the working directory, not the repo root
    assert diff_lenses(v1, load("git:HEAD~1:example").document()).classification == "none"


def test_git_revision_never_touches_the_work_tree(repo: Path, v1: Lens) -> None:
    edited_file = repo / LENS_DIR / "ops" / "ops_q2.md"
    edited_file.write_text(edited_file.read_text(encoding="utf-8") + "\nUncommitted note.\n", encoding="utf-8")
    before = git(repo, "status", "--porcelain")
    committed = load(f"git:HEAD:{LENS_DIR}").document()
    assert question(committed, "ops_q2") == question(v1, "ops_q2")
    assert git(repo, "status", "--porcelain") == before == f" M {LENS_DIR}/ops/ops_q2.md\n"


@pytest.mark.parametrize(("ref", "message"), [
    ("git:", "git: needs a revision"),
    ("git:HEAD", "git:HEAD does not say which lens"),
    (f"git:no-such-branch:{LENS_DIR}", "git:no-such-branch: unknown revision"),
    ("git:HEAD~1:lens_src/absent", "git:HEAD~1:lens_src/absent: no such file or folder in that revision"),
    ("git:HEAD:/elsewhere/lens", "/elsewhere/lens: not inside the git repository"),
])
def test_git_errors(repo: Path, ref: str, message: str) -> None:
    with pytest.raises(WalensError, match=message) as caught:
        load(ref).document()
    assert exit_code_for(caught.value) == EXIT_USAGE


def test_git_outside_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(WalensError, match=r"git:HEAD: .* is not inside a git repository"):
        load(f"git:HEAD:{LENS_DIR}").document()


def test_service_refs_go_through_the_exporter(v1: Lens) -> None:
    asked: list[str] = []

    def exporter(which: str) -> dict[str, Any]:
        asked.append(which)
        return v1

    assert load("published", exporter=exporter).document() == v1
    assert load("draft", exporter=exporter).document() == v1
    assert asked == ["published", "draft"]
    with pytest.raises(WalensError, match="'draft' names the lens held by the service"):
        load("draft").document()
