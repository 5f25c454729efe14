"""One version everywhere: pyproject, ``walens --version``, the changelog; the license file is the one declared."""

from __future__ import annotations

import re

import pytest

from publisher import __version__
from publisher.cli import main

from .project import PYPROJECT, REPO, VERSION


def test_walens_reports_the_version_of_pyproject(capsys: pytest.CaptureFixture[str]) -> None:
    assert __version__ == VERSION
    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"walens, version {VERSION}"


def test_the_changelog_has_a_section_for_this_version_and_the_first() -> None:
    headings = re.findall(r"^## \[(\d+\.\d+\.\d+)\]", (REPO / "CHANGELOG.md").read_text(encoding="utf-8"), re.M)
    assert headings[0] == VERSION and headings[-1] == "0.1.0"


def test_the_license_file_is_the_declared_mit_0() -> None:
    assert 'license = { text = "MIT-0" }' in PYPROJECT
    text = (REPO / "LICENSE").read_text(encoding="utf-8")
    assert text.startswith("MIT No Attribution\n")
    assert "without restriction" in text and "subject to the following conditions" not in text  # MIT-0, not MIT
