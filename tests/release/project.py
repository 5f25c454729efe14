"""What the release tests read: the repository's files, and the files ``walens init`` would write."""

from __future__ import annotations

import re
from pathlib import Path

from publisher.scaffold import STARTER, project_files
from publisher.shipped_lenses import SHIPPED

REPO = Path(__file__).resolve().parents[2]
PYPROJECT = (REPO / "pyproject.toml").read_text(encoding="utf-8")
_VERSION = re.search(r'^version = "([^"]+)"$', PYPROJECT, flags=re.M)  # tomllib is Python 3.11+
assert _VERSION is not None
VERSION = _VERSION[1]
DOCS = sorted([REPO / "README.md", REPO / "CONTRIBUTING.md", *(REPO / "docs").glob("*.md")])
REPO_WORKFLOWS = sorted([*(REPO / ".github" / "workflows").glob("*.yml"), REPO / "action.yml"])
LENSES = (STARTER, *SHIPPED)


def init_files(lens: str = STARTER) -> dict[str, str]:
    """The files ``walens init demo-lens --from LENS`` writes (path relative to the project -> text)."""
    return project_files(Path("demo-lens"), lens=lens)


def init_workflows(lens: str = STARTER) -> dict[str, str]:
    return {path: text for path, text in init_files(lens).items() if path.startswith(".github/workflows/")}
