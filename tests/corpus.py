"""The real-lens corpus committed at ``tests/data/real-lenses`` (sources and licences in its NOTICE).

The one place tests and benchmarks get the corpus from. It is part of the repository, so a missing
file is an error, never a reason to skip.
"""

from __future__ import annotations

from pathlib import Path

CORPUS = Path(__file__).resolve().parent / "data" / "real-lenses"
#: Lenses from aws-samples/custom-lens-wa-hub, one folder per lens.
HUB = CORPUS / "custom-lens-wa-hub"
#: Published versions of the AWS Labs Operational Readiness Review lens, ``orr-v1.3.X-PUBLISHED.json``.
ORR_HISTORY = CORPUS / "orr-history"


def corpus_names() -> list[str]:
    """Every corpus lens as a sorted POSIX path relative to ``CORPUS`` (``custom-lens-wa-hub/<Lens>/<file>.json``).

    Raises ``FileNotFoundError`` when the corpus folder is missing, so the test modules using it fail.
    """
    if not CORPUS.is_dir():
        raise FileNotFoundError(f"the real-lens corpus is missing: {CORPUS}")
    return sorted(path.relative_to(CORPUS).as_posix() for path in CORPUS.rglob("*.json"))
