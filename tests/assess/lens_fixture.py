"""The test lens with evidence rules (tests/assess/data/lens) and helpers around it."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from publisher.assess.rules import RuleSet
from publisher.loader import load

LENS = Path(__file__).parent / "data" / "lens"


def lens_and_rules(folder: Path = LENS) -> tuple[dict[str, Any], RuleSet]:
    loaded = load(folder)
    assert loaded.evidence is not None  # a source folder
    return loaded.document(), loaded.evidence


def copy_lens(tmp_path: Path) -> Path:
    return Path(shutil.copytree(LENS, tmp_path / "lens"))
