"""The wheel is the whole product: built from this checkout and installed into a fresh virtual
environment outside it, walens starts a project from the shipped EKS lens, validates and builds it,
and runs the demo, all in an empty folder."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from publisher.adoption.demo_assess import SNAPSHOTS

from .project import REPO, VERSION

pytestmark = [pytest.mark.slow, pytest.mark.network]  # installs walens's dependencies from the package index


def _run(*command: str | Path, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], cwd=cwd, env=env, capture_output=True, text=True,
                            check=False, timeout=900)
    assert result.returncode == 0, f"{command}: {result.stdout[-3000:]}{result.stderr[-3000:]}"
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, str]]:
    """(the wheel, the bin folder of a fresh venv where it is installed with the sandbox extra, a clean env)."""
    root = tmp_path_factory.mktemp("wheel")
    env = {name: value for name, value in os.environ.items()
           if not name.startswith(("AWS_", "PYTHON", "VIRTUAL_ENV"))} | {"HOME": str(root)}
    _run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "--wheel-dir", root / "dist", REPO,
         cwd=root, env=env)
    [wheel] = (root / "dist").glob("walens-*.whl")
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    _run(bin_dir / "python", "-m", "pip", "install", "--quiet", f"walens[sandbox] @ {wheel.as_uri()}", cwd=root,
         env=env)
    return wheel, bin_dir, env | {"PATH": f"{bin_dir}{os.pathsep}{env['PATH']}"}


def test_the_wheel_carries_the_eks_lens_and_the_schemas(installed: tuple[Path, Path, dict[str, str]]) -> None:
    wheel, _bin, _env = installed
    assert wheel.name == f"walens-{VERSION}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    eks = REPO / "lens_src" / "eks"
    shipped = {name.removeprefix("publisher/lenses/eks/") for name in names if name.startswith("publisher/lenses/eks/")}
    assert shipped == {path.relative_to(eks).as_posix() for path in eks.rglob("*") if path.is_file()}
    assert {"publisher/schemas/lens.schema.json", "publisher/schemas/question-source.schema.json",
            "publisher/templates/init/github/lens-publish.yml"} <= names
    demo_data = {f"publisher/demo_data/{path.name}" for path in SNAPSHOTS.values()}  # the demo's kubectl snapshots
    assert demo_data <= names
    assert any(name.endswith(".dist-info/licenses/LICENSE") or name.endswith(".dist-info/LICENSE") for name in names)


def test_an_installed_walens_works_in_an_empty_folder(installed: tuple[Path, Path, dict[str, str]],
                                                      tmp_path: Path) -> None:
    _wheel, bin_dir, env = installed
    walens = bin_dir / "walens"
    assert _run(walens, "--version", cwd=tmp_path, env=env).stdout.strip() == f"walens, version {VERSION}"
    assert "eks" in _run(walens, "init", "--list", cwd=tmp_path, env=env).stdout
    _run(walens, "init", "--from", "eks", cwd=tmp_path, env=env)
    _run(walens, "validate", "--strict", "lens_src/eks", cwd=tmp_path, env=env)
    _run(walens, "build", cwd=tmp_path, env=env)
    _run(walens, "build", "--check", cwd=tmp_path, env=env)
    empty = tmp_path / "empty"
    empty.mkdir()
    demo = _run(walens, "demo", cwd=empty, env=env).stdout
    assert "built and validated" in demo and "publisher/lenses/eks" in demo and "sandbox stopped" in demo
    assert "== walens reviews: risk counts before and after assess" in demo
    assert list(empty.iterdir()) == []  # the demo leaves nothing behind
