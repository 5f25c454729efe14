"""The EKS lens compiled once per module, as questions by id."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from publisher.sources import compile_lens

LENS_DIR = Path(__file__).resolve().parents[2] / "lens_src" / "eks"


@pytest.fixture(scope="module")
def questions() -> dict[str, dict[str, Any]]:
    compiled = compile_lens(LENS_DIR)
    assert not compiled.findings
    return {q["id"]: q for pillar in compiled.doc["pillars"] for q in pillar["questions"]}
