"""Fixtures for the lens source tests."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


def write_lens(root: Path, questions: dict[str, str], pillar_yaml: str | None = None,
               lens_yaml: str | None = None) -> Path:
    """A one-pillar lens folder with the given question files (stem -> text)."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "lens.yaml").write_text(lens_yaml or (
        "name: Test Lens\ndescription: A lens for tests.\nversion: '1.0'\npillars:\n  - pil\n"))
    (root / "pil").mkdir(exist_ok=True)
    order = "".join(f"  - {stem}\n" for stem in questions)
    (root / "pil" / "pillar.yaml").write_text(pillar_yaml or f"name: Pillar\nquestions:\n{order}")
    for stem, text in questions.items():
        (root / "pil" / f"{stem}.md").write_text(text)
    return root


GOOD_QUESTION = """---
title: Do you test things?
choices:
  - id: q_a
    title: Option A
  - id: q_b
    title: Option B
  - id: q_no
    title: None of these
risk:
  NO_RISK: {all: [q_a, q_b]}
  MEDIUM_RISK: {any: [q_a, q_b]}
  default: HIGH_RISK
---

Why this matters.

## q_a

Helpful *text* for A.

<https://example.com/a>

### Improvement plan

Do A.

## q_b

### Improvement plan

Do B.
"""


@pytest.fixture
def lens_factory(tmp_path: Path):
    def make(questions: dict[str, str] | None = None, **kwargs: str) -> Path:
        return write_lens(tmp_path / "lens", questions or {"q_one": GOOD_QUESTION}, **kwargs)

    return make
