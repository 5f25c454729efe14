"""Fixtures for the review and render tests: a scratch git repository holding the example lens."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from publisher.cli import main

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "lens_src" / "example"
EKS = REPO / "lens_src" / "eks"
QUESTION = Path("lens_src/example/governance/gov_encryption.md")
LENS_YAML = Path("lens_src/example/lens.yaml")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(cwd), *args], check=True, capture_output=True, text=True).stdout


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    """Replace ``old`` by ``new`` exactly ``count`` times (fails loudly when the fixture drifts)."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times in {path}"
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def lens_repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository (current folder) whose one commit holds lens_src/example at version 1.0."""
    shutil.copytree(EXAMPLE, tmp_path / "lens_src" / "example")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "add", ".")
    git(tmp_path, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "lens 1.0")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def change_example(root: Path, version: str | None = None) -> None:
    """The pull request of the issue: a risk rule changes, a choice goes, the question is reworded."""
    question = root / QUESTION
    edit(question, "MEDIUM_RISK: {any: [gov_enc_kms]}", "MEDIUM_RISK: {any: [gov_enc_kms, gov_enc_rotation]}")
    edit(question, "  - id: gov_enc_access\n    title: Key policies grant decrypt only to the roles that need it\n", "")
    edit(question, "[gov_enc_kms, gov_enc_rotation, gov_enc_access]", "[gov_enc_kms, gov_enc_rotation]")
    edit(question, "title: How do you protect data at rest?", "title: How do you keep stored data unreadable?")
    text = question.read_text(encoding="utf-8")
    question.write_text(re.sub(r"## gov_enc_access\n.*?(?=\n## |\Z)", "", text, flags=re.S), encoding="utf-8")
    if version is not None:
        edit(root / LENS_YAML, 'version: "1.0"', f'version: "{version}"')


@pytest.fixture
def changed_repo(lens_repo: Path) -> Callable[[str | None], Path]:
    def apply(version: str | None) -> Path:
        change_example(lens_repo, version)
        return lens_repo

    return apply


PAYLOADS = ("<script>window.__pwned = 1</script>", '"><img src=x onerror="window.__pwned = 1">',
            "</script><script>window.__pwned = 1</script>", "'><svg onload=window.__pwned=1>", "\u2028&amp;")


def hostile_lens() -> dict[str, object]:
    """A lens with an injection attempt in every text field, id, URL and condition."""
    evil = " ".join(PAYLOADS)

    def resource(url: str = "javascript:window.__pwned=1") -> dict[str, str]:
        return {"displayText": f"resource {evil}", "url": url}

    choices = [{"id": f"c{i} {evil}", "title": f"choice {i} {evil}", "helpfulResource": resource(),
                "improvementPlan": resource(f'https://example.com/"><script>window.__pwned=1</script>{i}'),
                "additionalResources": [{"type": f"HELPFUL_RESOURCE {evil}", "content": [resource()]}]}
               for i in range(2)]
    question = {"id": f"q {evil}", "title": f"question {evil}", "description": f"description {evil}",
                "helpfulResource": resource(), "choices": choices,
                "riskRules": [{"condition": f"c0 && {evil}", "risk": f"NO_RISK {evil}"},
                              {"condition": "default", "risk": "HIGH_RISK"}]}
    return {"schemaVersion": "2021-11-01", "name": f"lens {evil}", "description": f"about {evil}",
            "pillars": [{"id": f"p {evil}", "name": f"pillar {evil}", "questions": [question]}]}


RunCli = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> RunCli:
    """Run ``walens`` in process: (exit code, stdout, stderr)."""
    def run(*argv: str) -> tuple[int, str, str]:
        with pytest.raises(SystemExit) as exit_info:
            main(list(argv))
        out, err = capsys.readouterr()
        return int(exit_info.value.code or 0), out, err

    return run
