"""``walens init``: a project that validates strictly, builds, and publishes into a sandbox as it stands."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.publish.conftest import walens


def test_a_new_project_validates_builds_and_publishes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       sandbox_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert walens("init", "--name", "Acme: Platform Lens") == 0
    written = {line.removeprefix("wrote ") for line in capsys.readouterr().out.splitlines() if line.startswith("wrote")}
    assert written == {"lens_src/acme-platform-lens/lens.yaml", "lens_src/acme-platform-lens/operations/pillar.yaml",
                       "lens_src/acme-platform-lens/operations/ops_ownership.md", "walens.yaml",
                       ".pre-commit-config.yaml", ".github/workflows/lens-review.yml", "build/acme-platform-lens.json"}
    assert walens("validate", "--strict", "lens_src/acme-platform-lens") == 0
    assert walens("build", "--check") == 0
    assert walens("publish", "--endpoint-url", sandbox_server) == 0
    assert "create 1.0 (major)" in capsys.readouterr().out
    assert walens("plan", "--endpoint-url", sandbox_server) == 0
    assert "Plan: nothing to do." in capsys.readouterr().out


def test_init_never_overwrites(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "walens.yaml").write_text("mine\n", encoding="utf-8")
    assert walens("init", str(tmp_path)) == 2
    assert "never overwrites" in capsys.readouterr().err
    assert (tmp_path / "walens.yaml").read_text(encoding="utf-8") == "mine\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["walens.yaml"]  # nothing else was written
