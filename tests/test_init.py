"""``walens init``: a project that validates strictly, builds, and publishes into a sandbox as it stands;
written whole or not at all, never through a link; next steps that work as printed."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from publisher.errors import UsageError
from tests.publish.conftest import walens

STARTER_FILES = {"lens_src/acme-platform-lens/lens.yaml", "lens_src/acme-platform-lens/operations/pillar.yaml",
                 "lens_src/acme-platform-lens/operations/ops_ownership.md", "walens.yaml", "requirements.txt",
                 ".gitignore", ".pre-commit-config.yaml", ".github/workflows/lens-review.yml",
                 ".github/workflows/lens-publish.yml", "build/acme-platform-lens.json"}


def _written(out: str) -> set[str]:
    return {line.removeprefix("wrote ") for line in out.splitlines() if line.startswith("wrote ")}


def test_a_new_project_validates_builds_and_publishes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                       sandbox_server: str, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert walens("init", "--name", "Acme: Platform Lens") == 0
    written = _written(capsys.readouterr().out)
    assert {path for path in written if not path.startswith("schemas/")} == STARTER_FILES
    assert {path for path in written if path.startswith("schemas/")} == {
        f"schemas/{name}.schema.json" for name in ("lens", "lens-source", "pillar-source", "question-source")}
    assert walens("validate", "--strict", "lens_src/acme-platform-lens") == 0
    assert walens("build", "--check") == 0
    assert walens("publish", "--endpoint-url", sandbox_server) == 0
    assert "create 1.0 (major)" in capsys.readouterr().out
    assert walens("plan", "--endpoint-url", sandbox_server) == 0
    assert "Plan: nothing to do." in capsys.readouterr().out


def test_init_from_the_shipped_eks_lens(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.chdir(tmp_path)
    assert walens("init", "--from", "eks") == 0
    written = _written(capsys.readouterr().out)
    assert {"lens_src/eks/lens.yaml", "build/eks.json", "walens.yaml"} <= written
    assert len([path for path in written if path.startswith("lens_src/eks/")]) > 30
    assert "lens: lens_src/eks" in (tmp_path / "walens.yaml").read_text(encoding="utf-8")
    assert walens("validate", "--strict", "lens_src/eks") == 0
    assert walens("build", "--check") == 0


def test_init_names_the_shipped_lens_for_the_organisation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert walens("init", "--from", "eks", "--name", "Acme: EKS Lens (platform team)") == 0
    lens_yaml = (tmp_path / "lens_src" / "eks" / "lens.yaml").read_text(encoding="utf-8")
    assert 'name: "Acme: EKS Lens (platform team)"' in lens_yaml and "Amazon EKS Lens" not in lens_yaml
    built = json.loads((tmp_path / "build" / "eks.json").read_text(encoding="utf-8"))
    assert built["name"] == "Acme: EKS Lens (platform team)"
    assert walens("validate", "--strict", "lens_src/eks") == 0
    assert walens("build", "--check") == 0


def test_init_lists_the_lenses_it_can_start_from(capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("init", "--list") == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split()[0] for line in lines] == ["starter", "eks"]
    assert re.search(r"Amazon EKS Lens: 6 pillars, \d+ questions", lines[1])


@pytest.mark.parametrize(("args", "message"), [
    (["--from", "nope"], "no shipped lens 'nope': walens ships eks"),
    (["--from", "eks", "--name", 'Acme "EKS" Lens'], "--name holds '\"', which ImportLens rejects"),
    (["--name", "Lens <b>"], "--name holds '<', '>', which ImportLens rejects"),
    (["--name", "x" * 5000], "--name has 5000 characters; a lens name has at most 128"),
    (["--name", "  "], "--name is empty"),
    (["--name", "evil\x1b[31m"], "--name holds control characters"),
])
def test_bad_options_write_nothing(tmp_path: Path, args: list[str], message: str,
                                   capsys: pytest.CaptureFixture[str]) -> None:
    assert walens("init", str(tmp_path / "project"), *args) == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "project").exists()


def _tree(root: Path) -> dict[str, str]:
    """Every path below ``root``: a link's target, a file's text, or 'dir'."""
    return {str(path.relative_to(root)): (f"-> {os.readlink(path)}" if path.is_symlink() else
                                          path.read_text() if path.is_file() else "dir")
            for path in sorted(root.rglob("*"))}


def _github_is_a_file(root: Path, outside: Path) -> None:
    (root / ".github").write_text("not a folder\n")


def _dangling_lens_src(root: Path, outside: Path) -> None:
    (root / "lens_src").symlink_to(root / "gone")


def _lens_src_leaves(root: Path, outside: Path) -> None:
    (root / "lens_src").symlink_to(outside)


def _workflows_leave(root: Path, outside: Path) -> None:
    (root / ".github").mkdir()
    (root / ".github" / "workflows").symlink_to(outside)


def _build_file_leaves(root: Path, outside: Path) -> None:
    (root / "build").mkdir()
    (root / "build" / "acme.json").symlink_to(outside / "acme.json")


def _existing_file(root: Path, outside: Path) -> None:
    (root / "walens.yaml").write_text("mine\n")


@pytest.mark.parametrize(("prepare", "message"), [
    (_github_is_a_file, ".github is not a folder"),
    (_dangling_lens_src, "lens_src is a symbolic link"),
    (_lens_src_leaves, "lens_src is a symbolic link"),
    (_workflows_leave, "workflows is a symbolic link"),
    (_build_file_leaves, "acme.json is a symbolic link"),
    (_existing_file, "never overwrites"),
])
def test_init_refuses_before_writing_anything(tmp_path: Path, prepare, message: str,
                                              capsys: pytest.CaptureFixture[str]) -> None:
    root, outside = tmp_path / "project", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    prepare(root, outside)
    before, before_outside = _tree(root), _tree(outside)
    assert walens("init", str(root), "--name", "Acme") == 2
    assert message in capsys.readouterr().err
    assert _tree(root) == before and _tree(outside) == before_outside


def test_files_are_created_exclusively_even_when_a_link_appears_late(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """A link made after the checks (a race) is refused by the exclusive create, not written through."""
    from publisher import scaffold

    outside = tmp_path / "outside.txt"
    root = tmp_path / "project"

    def link_after_the_checks(*_: object) -> None:
        root.mkdir()
        (root / "walens.yaml").symlink_to(outside)

    monkeypatch.setattr(scaffold, "refuse_unsafe", link_after_the_checks)
    with pytest.raises(UsageError, match="appeared while init was writing"):
        scaffold.scaffold(root, "Acme")
    assert not outside.exists()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@pytest.mark.slow
def test_the_printed_next_steps_publish_into_the_sandbox(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Run the next steps as printed, in a shell without AWS credentials, with a real ``walens sandbox``
    (on a free port instead of 5000, changed in walens.yaml and the steps alike)."""
    assert walens("init", str(tmp_path / "acme"), "--name", "Acme") == 0
    steps = [line.strip() for line in capsys.readouterr().out.split("Next steps")[1].splitlines()[1:]
             if line.startswith("  ")]
    config = tmp_path / "acme" / "walens.yaml"
    assert "endpointUrl: http://127.0.0.1:5000" in config.read_text()
    port = _free_port()
    config.write_text(config.read_text().replace(":5000", f":{port}"))
    sandbox = steps.index("walens sandbox --port 5000 &")
    wait = f"for _ in $(seq 100); do (: </dev/tcp/127.0.0.1/{port}) 2>/dev/null && break; sleep 0.2; done"
    script = [*steps[:sandbox], f"walens sandbox --port {port} >sandbox.log 2>&1 &", 'trap "kill $!" EXIT', wait,
              *steps[sandbox + 1:]]
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env |= {"PATH": f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}", "HOME": str(tmp_path),
            "AWS_PROFILE": "no-such-profile"}  # the steps unset it
    result = subprocess.run(["bash", "-eo", "pipefail", "-c", "\n".join(script)], cwd=tmp_path, env=env,
                            capture_output=True, text=True, check=False, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "create 1.0 (major)" in result.stdout
