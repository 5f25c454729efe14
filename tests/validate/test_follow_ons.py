"""One YAML mistake, one finding: a misspelt key hides what follows from it in its file, and says so."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from publisher.findings import Finding, Location, Severity, hide_follow_ons
from publisher.validate.engine import validate_path

EXAMPLE = Path(__file__).parents[2] / "lens_src" / "example"
QUESTION = Path("governance") / "gov_encryption.md"


def _validate_edited(tmp_path: Path, file: Path, old: str, new: str) -> list[Finding]:
    lens = tmp_path / "lens"
    shutil.copytree(EXAMPLE, lens)
    text = (lens / file).read_text(encoding="utf-8")
    assert old in text
    (lens / file).write_text(text.replace(old, new, 1), encoding="utf-8")
    return validate_path(lens)


@pytest.mark.parametrize(("file", "old", "new", "meant"), [
    (QUESTION, "\nchoices:", "\nchoice:", "choices"),
    (QUESTION, "  - id: gov_enc_kms", "  - idd: gov_enc_kms", "id"),
    (QUESTION, "\ntitle:", "\ntitel:", "title"),
    (Path("lens.yaml"), "\npillars:", "\npillar:", "pillars"),
])
def test_a_misspelt_key_is_the_one_finding(tmp_path: Path, file: Path, old: str, new: str, meant: str) -> None:
    findings = _validate_edited(tmp_path, file, old, new)
    assert [f.code for f in findings] == ["E0903"]
    message = findings[0].message
    assert f"(did you mean {meant!r}?)" in message
    assert "that follow from it in this file are hidden until it is fixed" in message


def test_an_unknown_key_without_a_near_miss_hides_nothing(tmp_path: Path) -> None:
    findings = _validate_edited(tmp_path, QUESTION, "\nchoices:", "\nzzz_unrelated:")
    codes = [f.code for f in findings]
    assert "E0903" in codes and "E1001" in codes and "E4002" in codes
    assert not any("did you mean" in f.message or "hidden" in f.message for f in findings)


def test_a_near_miss_of_a_field_that_is_present_hides_nothing(tmp_path: Path) -> None:
    findings = _validate_edited(tmp_path, QUESTION, "\nchoices:", "\nchoicez: []\nchoices:")
    assert [f.code for f in findings] == ["E0903"]
    assert "did you mean" not in findings[0].message and "hidden" not in findings[0].message


def _finding(code: str, file: str, *, root: bool = False) -> Finding:
    return Finding(code, Severity.ERROR, f"{code} in {file}", Location(file, 1, 1), root_cause=root)


def test_only_the_root_causes_file_is_quieted() -> None:
    findings = [_finding("E0903", "a.md", root=True), _finding("E1001", "a.md"), _finding("E4002", "a.md"),
                _finding("E1001", "b.md"), _finding("E0903", "a.md", root=True)]
    kept = hide_follow_ons(findings)
    assert [(f.code, f.location.file) for f in kept] == [("E0903", "a.md"), ("E1001", "b.md"), ("E0903", "a.md")]
    assert kept[0].message.endswith("2 finding(s) that follow from it in this file are hidden until it is fixed")
    assert kept[2].message == "E0903 in a.md"
