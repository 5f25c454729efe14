"""Decompiled sources carry editor schema hints only where they resolve: a project's schemas/, a
checkout's publisher/schemas/, or none at all."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

from publisher.sources.decompiler import decompile

ROOT = Path(__file__).parents[2]
HINT = re.compile(r"^# yaml-language-server: \$schema=(\S+)$", re.M)


def _hints(folder: Path) -> dict[Path, list[str]]:
    return {path: HINT.findall(path.read_text(encoding="utf-8"))
            for path in sorted(folder.rglob("*")) if path.suffix in (".yaml", ".md")}


def _decompile_into(out_dir: Path) -> dict[Path, list[str]]:
    decompile(json.loads((ROOT / "build" / "example.json").read_text(encoding="utf-8")), out_dir)
    return _hints(out_dir)


def _schemas_folder(root: Path, relative: str) -> None:
    shutil.copytree(ROOT / "publisher" / "schemas", root / relative)


def test_hints_resolve_to_a_project_schemas_folder(tmp_path: Path) -> None:
    _schemas_folder(tmp_path, "schemas")
    hints = _decompile_into(tmp_path / "lens_src" / "adopted")
    assert hints and all(len(found) == 1 for found in hints.values())
    for path, [hint] in hints.items():
        target = (path.parent / hint).resolve()
        assert target.is_file() and target.parent == (tmp_path / "schemas").resolve(), (path, hint)


def test_hints_resolve_in_a_checkout_layout(tmp_path: Path) -> None:
    _schemas_folder(tmp_path, "publisher/schemas")
    for path, [hint] in _decompile_into(tmp_path / "deep" / "er" / "lens").items():
        assert (path.parent / hint).resolve().is_file(), (path, hint)


def test_no_hint_when_no_schema_folder_is_above(tmp_path: Path) -> None:
    hints = _decompile_into(tmp_path / "lens")
    assert hints and all(found == [] for found in hints.values())
